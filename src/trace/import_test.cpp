#include "trace/import.h"

#include <gtest/gtest.h>

namespace stepwise::trace {
namespace {

json::Value parse(std::string_view s) {
  auto v = json::parse(s);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : json::Value();
}

std::string line_of(const Trace& t) {
  std::string out;
  append_jsonl(out, t);
  out.pop_back();
  return out;
}

Trace import_one(std::string_view json, ImportOptions opts = {}) {
  Importer imp(std::move(opts));
  auto t = imp.convert(parse(json));
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : Trace{};
}

std::vector<std::string> texts(const Trace& t) {
  std::vector<std::string> out;
  for (const Step& s : t.steps) out.push_back(s.text);
  return out;
}

constexpr std::string_view kGsm8k =
    R"({"question":"Natalia sold clips to 48 of her friends in April, and then she sold half as )"
    R"(many clips in May. How many clips did Natalia sell altogether in April and May?",)"
    R"("answer":"Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = )"
    R"(<<48+24=72>>72 clips altogether in April and May.\n#### 72"})";

TEST(ImportGsm8k, RationaleLinesBecomeStepsAndTheHashesValueIsGold) {
  Importer imp({});
  auto t = imp.convert(parse(kGsm8k));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(imp.layout(), Layout::kGsm8k);
  EXPECT_TRUE(imp.detected());
  EXPECT_EQ(texts(*t),
            (std::vector<std::string>{
                "Natalia sold 48/2 = <<48/2=24>>24 clips in May.",
                "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May."}));
  EXPECT_EQ(t->answer, "72");
  EXPECT_EQ(t->gold, "72");
  EXPECT_EQ(t->task, "gsm8k");
  EXPECT_EQ(t->id, content_id(*t));
  EXPECT_EQ(t->extraction->rule, "####");
  EXPECT_EQ(t->source->kind, "dataset");
  EXPECT_EQ(t->source->name, "gsm8k");
}

TEST(ImportGsm8k, ExportGivesBackTheOriginal) {
  Trace t = import_one(kGsm8k);
  auto g = to_gsm8k(t);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g, parse(kGsm8k));
}

TEST(ImportGsm8k, OtherFieldsAreKeptAndAnInputIdComesBack) {
  constexpr std::string_view kIn =
      R"({"id":"train-17","question":"q?","answer":"a <<1+1=2>>2\n#### 2","split":"train",)"
      R"("source":"grade-school","meta":{"k":1}})";
  Trace t = import_one(kIn);
  EXPECT_EQ(t.id, "train-17");
  EXPECT_EQ(json::to_string(t.extra), R"({"split":"train"})");
  // "source" is a record field but this one is not a source object: kept in meta.
  EXPECT_EQ(json::to_string(t.meta), R"({"k":1,"source":"grade-school"})");
  auto g = to_gsm8k(t);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(json::to_string(*g),
            R"({"id":"train-17","question":"q?","answer":"a <<1+1=2>>2\n#### 2","split":"train"})");
}

TEST(ImportGsm8k, MissingHashesIsABadRecord) {
  ImportOptions opts;
  opts.layout = Layout::kGsm8k;
  Importer imp(opts);
  auto t = imp.convert(parse(R"({"question":"q","answer":"no final line"})"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message,
            "field \"answer\": expected a GSM8K solution ending in \"#### <answer>\"");
  auto n = imp.convert(parse(R"({"question":"q","answer":7})"));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().message, "field \"answer\": expected a solution text, found number");
  auto m = imp.convert(parse(R"({"answer":"x\n#### 1"})"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "missing field \"question\"");
}

TEST(ImportSteps, StepPrefixesAreStrippedAndTheAnswerExtracted) {
  Trace t = import_one(R"({"question":"What is 2+3?","steps":["Step 1: Add 2 and 3: 2+3=5.",)"
                       R"("**Step 2:** The answer is 5."],"label":[1,1]})");
  EXPECT_EQ(texts(t), (std::vector<std::string>{"Add 2 and 3: 2+3=5.", "The answer is 5."}));
  EXPECT_EQ(t.answer, "5");
  EXPECT_EQ(t.extraction->rule, "the answer is");
  EXPECT_FALSE(t.gold);
  EXPECT_EQ(t.source->name, "steps");
  EXPECT_EQ(json::to_string(t.extra), R"({"label":[1,1]})");
}

TEST(ImportSteps, AnswerAndGoldFieldsAreTakenAsWritten) {
  Trace t = import_one(R"({"problem":"p","steps":["a","b"],"final_answer":12,"gold":"12.0"})");
  EXPECT_EQ(t.question, "p");
  EXPECT_EQ(t.answer, "12");
  EXPECT_TRUE(t.answer_is_number);
  EXPECT_EQ(t.gold, "12.0");
  EXPECT_EQ(t.extraction->rule, "field");
  EXPECT_EQ(line_of(t).find("\"answer\":12,"), line_of(t).find("\"answer\""));
}

TEST(StripStepPrefix, Variants) {
  EXPECT_EQ(strip_step_prefix("Step 1: x"), "x");
  EXPECT_EQ(strip_step_prefix("step 12. x"), "x");
  EXPECT_EQ(strip_step_prefix("### Step 3) x"), "x");
  EXPECT_EQ(strip_step_prefix("Step 4 - x"), "x");
  EXPECT_EQ(strip_step_prefix("Steps 1: x"), "Steps 1: x");
  EXPECT_EQ(strip_step_prefix("Step up the pace"), "Step up the pace");
  EXPECT_EQ(strip_step_prefix("Step 5"), "Step 5");
}

constexpr std::string_view kMath =
    R"({"problem":"If $x+2=5$, what is $x$?","solution":"Subtract 2 from both sides: $x = 5 - )"
    R"(2$. Hence $x=\\boxed{3}$.\n\nCheck: $3+2=5$.","level":"Level 1","type":"Algebra"})";

TEST(ImportMath, SentencesBecomeStepsAndTheBoxedAnswerIsGold) {
  Importer imp({});
  auto t = imp.convert(parse(kMath));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(imp.layout(), Layout::kMath);
  EXPECT_EQ(texts(*t), (std::vector<std::string>{"Subtract 2 from both sides: $x = 5 - 2$.",
                                                 "Hence $x=\\boxed{3}$.", "Check: $3+2=5$."}));
  EXPECT_EQ(t->answer, "3");
  EXPECT_EQ(t->gold, "3");
  EXPECT_EQ(t->extraction->rule, "\\boxed{}");
  EXPECT_EQ(t->task, "math");
  EXPECT_EQ(json::to_string(t->extra), R"({"level":"Level 1","type":"Algebra"})");
}

TEST(ImportMath, AnAnswerFieldIsTheGold) {
  Trace t = import_one(
      R"({"problem":"p","solution":"So $\\boxed{\\dfrac{1}{2}}$.","answer":"\\frac12"})");
  EXPECT_EQ(t.answer, "\\frac{1}{2}");
  EXPECT_EQ(t.gold, "\\frac12");
}

TEST(ImportMath, AnAnswerGuessedFromTheLastNumberIsNotGold) {
  Trace t = import_one(R"({"problem":"p","solution":"It is 4 or 5."})");
  EXPECT_EQ(t.answer, "5");
  EXPECT_EQ(t.extraction->rule, "last number");
  EXPECT_FALSE(t.gold);
}

TEST(SplitSentences, KeepsMathAndBracesWhole) {
  EXPECT_EQ(
      split_sentences("We have $a. b$ here. Next $$x.\ny$$ done.\n\\[ z. \\] end"),
      (std::vector<std::string>{"We have $a. b$ here.", "Next $$x.\ny$$ done.", "\\[ z. \\] end"}));
  EXPECT_EQ(split_sentences("Costs \\$5. Then 3.5 more."),
            (std::vector<std::string>{"Costs \\$5.", "Then 3.5 more."}));
}

TEST(ImportFields, FlagsMapAnyLayoutIncludingDottedPaths) {
  ImportOptions opts;
  opts.fields.question = "input";
  opts.fields.steps = "work.lines";
  opts.fields.gold = "target";
  opts.fields.id = "uid";
  opts.task = "custom";
  Importer imp(opts);
  auto t = imp.convert(
      parse(R"({"uid":7,"input":"How many?","work":{"lines":"First 2.\nThen 3.\nThe answer is 5",)"
            R"("by":"x"},"target":"5","extra":true})"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(imp.layout(), Layout::kFields);
  EXPECT_EQ(t->id, "7");
  EXPECT_EQ(t->task, "custom");
  EXPECT_EQ(texts(*t), (std::vector<std::string>{"First 2.", "Then 3.", "The answer is 5"}));
  EXPECT_EQ(t->answer, "5");
  EXPECT_EQ(t->gold, "5");
  EXPECT_EQ(json::to_string(t->extra), R"({"work":{"by":"x"},"extra":true})");
}

TEST(ImportFields, AFlaggedFieldThatIsMissingIsABadRecord) {
  ImportOptions opts;
  opts.fields.question = "input";
  opts.fields.gold = "target";
  Importer imp(opts);
  auto t = imp.convert(parse(R"({"input":"q"})"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "missing field \"target\"");
  auto w = imp.convert(parse(R"({"input":"q","target":[1]})"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, "field \"target\": expected a string or a number, found array");
}

TEST(ImportAuto, TraceRecordsPassThroughUnchanged) {
  constexpr std::string_view kTrace =
      R"({"id":"x-1","question":"q","steps":[{"text":"a","v":1}],"answer":"1","gold":"1",)"
      R"("source":{"kind":"teacher","name":"t"},"verdict":{"ok":true,"answer_ok":true,)"
      R"("first_error":null,"findings":[]},"z":[1]})";
  Importer imp({});
  auto t = imp.convert(parse(kTrace));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(imp.layout(), Layout::kTrace);
  EXPECT_EQ(line_of(*t), kTrace);
}

TEST(ImportAuto, DetectionTable) {
  EXPECT_EQ(detect_layout(parse(kGsm8k)), Layout::kGsm8k);
  EXPECT_EQ(detect_layout(parse(kMath)), Layout::kMath);
  EXPECT_EQ(detect_layout(parse(R"({"question":"q","steps":["a"]})")), Layout::kSteps);
  EXPECT_EQ(detect_layout(parse(R"({"prompt":"q","reasoning_steps":["a"]})")), Layout::kSteps);
  EXPECT_EQ(detect_layout(parse(R"({"question":"q","steps":[{"text":"a"}]})")), Layout::kTrace);
  EXPECT_EQ(detect_layout(parse(R"({"question":"q","gold":"1"})")), Layout::kTrace);
  EXPECT_EQ(detect_layout(parse(R"({"question":"q","steps":["a"],"verdict":{}})")), Layout::kTrace);
  EXPECT_EQ(detect_layout(parse(R"({"text":"q"})")), std::nullopt);
}

TEST(ImportAuto, UnrecognisedFirstRecordSaysWhatWasExpected) {
  Importer imp({});
  auto t = imp.convert(parse(R"({"text":"q","label":1})"));
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(t.error().message.starts_with(
      "cannot tell the layout from the fields (text, label): expected question+answer"))
      << t.error().message;
  EXPECT_EQ(imp.layout(), Layout::kAuto);
  EXPECT_TRUE(imp.convert(parse(kGsm8k)).ok());  // the next record can still decide
}

TEST(ExportGsm8k, NeedsAGoldOrAnAnswer) {
  Trace t;
  t.question = "q";
  auto g = to_gsm8k(t);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message, "no gold or final answer to write after \"####\"");
  t.answer = "4";
  t.id = content_id(t);
  EXPECT_EQ(json::to_string(*to_gsm8k(t)), R"({"question":"q","answer":"#### 4"})");
}

TEST(SplitGsm8k, OddSpacingIsTolerated) {
  auto s = split_gsm8k("a\r\n\n  b  \n####   7  \n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->lines, (std::vector<std::string>{"a", "  b  "}));
  EXPECT_EQ(s->answer, "7");
  EXPECT_FALSE(split_gsm8k("#### "));
  EXPECT_FALSE(split_gsm8k("none"));
}

}  // namespace
}  // namespace stepwise::trace

// Unit tests of the verifier's parts: question numbers, fast paths against calc and trace, the
// options, the finding cap, reuse of one Verifier, and hostile input.
#include "verify/verify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "trace/answer.h"
#include "verify/values_internal.h"

namespace stepwise::verify {
namespace {

using detail::ValueMap;

bool known(const ValueMap& m, long num, long den = 1) {
  calc::Rational v(num, den);
  v.canonicalize();
  return m.contains(v);
}

ValueMap question(std::string_view q) {
  ValueMap m;
  detail::QuestionScratch s;
  detail::question_numbers(q, m, s);
  return m;
}

TEST(QuestionNumbers, WrittenNumbersAndTheirReadings) {
  auto m =
      question("Lisa ate 3/4 of a pizza, 2 1/2 cups, 25% off, $0.25 each, 1.5 million people.");
  EXPECT_TRUE(known(m, 3));
  EXPECT_TRUE(known(m, 4));
  EXPECT_TRUE(known(m, 3, 4));
  EXPECT_TRUE(known(m, 5, 2));
  EXPECT_TRUE(known(m, 1, 4));     // 25%
  EXPECT_TRUE(known(m, 25));       // 25% as a percent count, $0.25 in cents
  EXPECT_TRUE(known(m, 5, 4));     // a 25% markup
  EXPECT_TRUE(known(m, 3, 4));     // a 25% discount
  EXPECT_TRUE(known(m, 1500000));  // 1.5 million
  EXPECT_TRUE(known(m, 3, 2));
  EXPECT_FALSE(known(m, 7));
}

TEST(QuestionNumbers, NumbersWrittenAsWords) {
  auto m = question(
      "Twenty-five kids, two hundred chairs, a dozen eggs, three dozen more, "
      "half the cake, twice as many, a third of them, 2 quarters and two and a half hours.");
  for (long v : {25L, 200L, 12L, 36L, 2L, 3L, 4L}) EXPECT_TRUE(known(m, v)) << v;
  EXPECT_TRUE(known(m, 1, 2));
  EXPECT_TRUE(known(m, 1, 3));
  EXPECT_TRUE(known(m, 1, 4));
  EXPECT_TRUE(known(m, 5, 2));
  EXPECT_FALSE(known(m, 26));
  EXPECT_FALSE(known(question("someone won"), 1));  // "one" only as a whole word
  EXPECT_TRUE(known(question("ONE apple"), 1));
  // Compound parts must be next to each other.
  EXPECT_FALSE(known(question("twenty big five"), 25));
}

TEST(PlainInteger, AgreesWithCalcParseNumber) {
  for (std::string s : {"0", "7", "72", "-3", "-0", "123456789012345678", "1000"}) {
    calc::Number fast;
    ASSERT_TRUE(detail::plain_integer(s, fast)) << s;
    auto slow = calc::parse_number(s);
    ASSERT_TRUE(slow.ok()) << s;
    EXPECT_EQ(fast.value, slow->value) << s;
    EXPECT_EQ(fast.decimals, slow->decimals) << s;
    EXPECT_EQ(fast.digits, slow->digits) << s;
    EXPECT_EQ(fast.negative, slow->negative) << s;
    EXPECT_EQ(fast.form, slow->form) << s;
    EXPECT_EQ(fast.end, slow->end) << s;
  }
  calc::Number n;
  for (std::string s :
       {"", "-", "+3", "007", "1,080", "2.5", "5%", "$4", "1234567890123456789", " 7"})
    EXPECT_FALSE(detail::plain_integer(s, n)) << s;
}

TEST(FinalAnswer, HashFastPathAgreesWithExtractAnswer) {
  // The verdict records the answer it found; it must be what extract_answer() finds.
  for (std::string last : {"#### 72", "So #### 1,080", "####  -5 \n", "#### 72\n#### 73",
                           "#### 007", "#### 72 apples", "####"}) {
    trace::Trace t;
    t.question = "q";
    t.steps.push_back({"3 + 4 = 7", json::Value::object()});
    t.steps.push_back({last, json::Value::object()});
    trace::Verdict v = verify_trace(t);
    auto fa = trace::extract_answer(t.steps[0].text + "\n" + last);
    const json::Value* got = v.extra.find("answer");
    if (fa.outcome == trace::Outcome::kFound) {
      ASSERT_TRUE(got) << last;
      EXPECT_EQ(got->str(), fa.value) << last;
      EXPECT_EQ(v.extra.find("answer_rule")->str(), fa.rule) << last;
    } else {
      EXPECT_FALSE(got) << last;
    }
  }
}

trace::Trace make(std::string q, std::vector<std::string> steps, std::string answer = "") {
  trace::Trace t;
  t.question = std::move(q);
  for (auto& s : steps) t.steps.push_back({std::move(s), json::Value::object()});
  if (!answer.empty()) t.answer = answer;
  return t;
}

std::vector<std::string> codes(const trace::Verdict& v) {
  std::vector<std::string> out;
  for (const auto& f : v.findings)
    out.push_back(f.step ? f.code + "@" + std::to_string(*f.step) : f.code);
  return out;
}

TEST(Options, ExtraConstantsGround) {
  auto t = make("Jo has 3 spiders. How many legs?", {"3 * 8 = <<3*8=24>>24 legs."}, "24");
  EXPECT_EQ(codes(verify_trace(t)), std::vector<std::string>{"ungrounded_number@0"});
  VerifyOptions o;
  o.extra_constants = {"8", "not a number"};
  EXPECT_TRUE(verify_trace(t, o).findings.empty());
}

TEST(Options, InlineEquationsAndGroundingCanBeTurnedOff) {
  auto t = make("Jo has 4 bags of 5 apples.", {"4 * 9 = 37 apples."}, "37");
  EXPECT_EQ(codes(verify_trace(t)),
            (std::vector<std::string>{"arith_mismatch@0", "ungrounded_number@0"}));
  VerifyOptions o;
  o.inline_equations = false;
  EXPECT_EQ(codes(verify_trace(t, o)), std::vector<std::string>{"leap@0"});
  o.leaps = false;
  EXPECT_TRUE(verify_trace(t, o).findings.empty());
  VerifyOptions g;
  g.grounding = false;
  EXPECT_EQ(codes(verify_trace(t, g)), std::vector<std::string>{"arith_mismatch@0"});
}

TEST(Options, AnswerWithoutStepsNeedNotBeALeap) {
  auto t = make("Jo has 4 bags of 5 apples.", {}, "20");
  EXPECT_EQ(codes(verify_trace(t)), std::vector<std::string>{"leap"});
  VerifyOptions o;
  o.require_steps = false;
  EXPECT_TRUE(verify_trace(t, o).findings.empty());
}

TEST(Findings, AreCappedAndTheCutIsCounted) {
  std::vector<std::string> steps;
  for (int i = 0; i < 100; ++i) steps.push_back("2 + 2 = <<2+2=5>>5");
  auto t = make("Add 2 and 2.", steps, "5");
  VerifyOptions o;
  o.max_findings = 10;
  trace::Verdict v = verify_trace(t, o);
  EXPECT_EQ(v.findings.size(), 10u);
  ASSERT_TRUE(v.extra.find("findings_dropped"));
  EXPECT_GT(*v.extra.find("findings_dropped")->as_int(), 0);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_error, 0);
}

TEST(Verifier, ReuseGivesTheSameVerdictsAsFreshOnes) {
  std::ifstream in(std::string(STEPWISE_SOURCE_DIR) + "/src/verify/testdata/cases.jsonl");
  std::vector<trace::Trace> traces;
  std::string line;
  while (std::getline(in, line)) {
    auto v = json::parse(line);
    ASSERT_TRUE(v.ok());
    v->erase("name");
    v->erase("expect");
    auto t = trace::from_json(std::move(*v));
    ASSERT_TRUE(t.ok());
    traces.push_back(std::move(*t));
  }
  ASSERT_GE(traces.size(), 200u);
  Verifier shared;
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < traces.size(); ++i) {
      size_t k = round == 0 ? i : traces.size() - 1 - i;  // both orders
      trace::Verdict a = shared.verify(traces[k]);
      trace::Verdict b = verify_trace(traces[k]);
      EXPECT_EQ(codes(a), codes(b)) << "case " << k;
      EXPECT_EQ(a.ok, b.ok);
      EXPECT_EQ(a.first_error, b.first_error);
    }
  }
}

TEST(HostileInput, HugeAndDeepTextIsAVerdictNotACrash) {
  std::string deep(20000, '(');
  deep += "1";
  deep += std::string(20000, ')');
  std::string big(1 << 20, '9');
  std::string many;
  for (int i = 0; i < 20000; ++i) many += std::to_string(i) + " + ";
  auto t = make("What is it?",
                {deep + " = 1", "<<" + deep + "=1>>1", big + " * 2 = 3", "<<" + big + "*2=3>>3",
                 "9^9^9^9 = <<9^9^9^9=1>>1", many + "1 = 2", std::string(100000, '=')});
  trace::Verdict v = verify_trace(t);
  EXPECT_FALSE(v.findings.empty());
}

TEST(Explain, PutsFindingsUnderTheirSteps) {
  auto t = make("Ann buys 3 pens at $4 and 2 books at $7. How much?",
                {"3*4=<<3*4=12>>12", "2*7=<<2*7=15>>15", "12+15=<<12+15=27>>27"}, "27");
  t.id = "x";
  trace::Verdict v = verify_trace(t);
  std::string e = explain(t, v, "f.jsonl:3");
  EXPECT_EQ(e.find("== f.jsonl:3  x  ok=false answer_ok=false first_error=1\n"), 0u) << e;
  size_t step = e.find("[1] 2*7=<<2*7=15>>15\n");
  ASSERT_NE(step, std::string::npos) << e;
  EXPECT_EQ(e.find("    ^ error   arith_mismatch: 2*7 = 14, not 15", step), e.find('\n', step) + 1)
      << e;
}

}  // namespace
}  // namespace stepwise::verify

// Tests of the library side of `convert`, `stats` and `show`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "trace/convert.h"
#include "trace/show.h"
#include "trace/stats.h"

namespace stepwise::trace {
namespace {

namespace fs = std::filesystem;

class Tools : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tools_test-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string write(const std::string& name, std::string_view data) const {
    std::ofstream(path(name), std::ios::binary) << data;
    return path(name);
  }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  std::string dir_;
};

constexpr std::string_view kGsm =
    "{\"question\":\"Q1?\",\"answer\":\"a <<2*3=6>>6\\nb <<6+1=7>>7\\n#### 7\"}\n"
    "{\"question\":\"Q2?\",\"answer\":\"c\\n#### 1,000\"}\n"
    "{\"question\":\"Q3?\",\"answer\":\"d\\ne\\nf\\n#### 5\",\"extra\":{\"k\":[1,2]}}\n";

TEST_F(Tools, ConvertToTraceAndBackLosesNothing) {
  std::string in = write("gsm.jsonl", kGsm);
  Diagnostics diag(false);
  Summary s1("convert");
  ConvertOptions to_trace;
  to_trace.input = in;
  to_trace.output = path("t.jsonl");
  ASSERT_TRUE(convert(to_trace, diag, s1).ok());
  EXPECT_EQ(s1.figures.find("layout")->str(), "gsm8k");
  EXPECT_EQ(s1.figures.find("written")->str(), "3");
  ConvertOptions back;
  back.input = path("t.jsonl");
  back.output = path("back.jsonl");
  back.to = OutputFormat::kGsm8k;
  Summary s2("convert");
  ASSERT_TRUE(convert(back, diag, s2).ok());
  EXPECT_EQ(slurp(path("back.jsonl")), kGsm);
  EXPECT_EQ(diag.count(), 0u);
}

TEST_F(Tools, StrictConvertStopsAndWritesNothing) {
  std::string in = write("bad.jsonl", std::string(kGsm) + "{oops\n" + std::string(kGsm));
  Diagnostics diag(true);
  diag.set_print(false);
  Summary s("convert");
  ConvertOptions o;
  o.input = in;
  o.output = path("out.jsonl");
  Status st = convert(o, diag, s);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("bad.jsonl:4:2: expected a string key in object"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(path("out.jsonl")));
  Diagnostics lenient(false);
  lenient.set_print(false);
  Summary s2("convert");
  ASSERT_TRUE(convert(o, lenient, s2).ok());
  EXPECT_EQ(s2.figures.find("written")->str(), "6");
  EXPECT_EQ(s2.figures.find("bad_lines")->str(), "1");
}

TEST_F(Tools, StatsFiguresAreTheSameForEveryLayoutOfTheSameData) {
  std::string in = write("gsm.jsonl", kGsm);
  Diagnostics diag(false);
  ConvertOptions o;
  o.input = in;
  o.output = path("t.jsonl.gz");
  Summary c("convert");
  ASSERT_TRUE(convert(o, diag, c).ok());
  auto figures = [&](const std::string& p) {
    StatsOptions so;
    so.inputs = {p};
    Summary s("stats");
    EXPECT_TRUE(stats(so, diag, s).ok());
    s.figures.erase("inputs");
    return s.figures;
  };
  json::Value a = figures(in), b = figures(path("t.jsonl.gz"));
  EXPECT_EQ(json::to_string(a), json::to_string(b));
  EXPECT_EQ(json::to_string(*a.find("steps")),
            R"({"total":6,"min":1,"max":3,"mean":2.000,"histogram":{"1":1,"2":1,"3":1}})");
  EXPECT_EQ(json::to_string(*a.find("answers")),
            R"({"with_answer":3,"with_gold":3,"both":3,"agree":3,"disagree":0})");
  EXPECT_EQ(json::to_string(*a.find("sources")), R"({"dataset/gsm8k":3})");
  EXPECT_EQ(a.find("duplicate_ids")->str(), "0");
}

TEST(TraceStats, CountsVerdictsFindingsAndDisagreement) {
  TraceStats st;
  Trace t;
  t.id = "a";
  t.question = "q";
  t.steps = {Step{"x"}, Step{"y"}};
  t.answer = "5";
  t.gold = "6";
  t.verdict = Verdict{};
  t.verdict->findings = {Finding{"arith_mismatch", 1, "error", "m", json::Value::object()}};
  st.add(t);
  t.id = "b";
  t.answer = "$6.00";
  t.verdict->ok = true;
  t.verdict->findings.clear();
  st.add(t);
  st.add(t);  // the same id twice
  json::Value f = st.to_json();
  EXPECT_EQ(json::to_string(*f.find("answers")),
            R"({"with_answer":3,"with_gold":3,"both":3,"agree":2,"disagree":1})");
  EXPECT_EQ(
      json::to_string(*f.find("verdict")),
      R"({"present":3,"ok":2,"answer_ok":0,"with_findings":1,"findings":{"arith_mismatch":1}})");
  EXPECT_EQ(f.find("duplicate_ids")->str(), "1");
  EXPECT_EQ(json::to_string(*f.find("extraction")), R"({"absent":3})");
  EXPECT_NE(
      st.to_text().find("answer vs gold: 3 with answer, 3 with gold; of 3 with both, 2 agree"),
      std::string::npos);
}

TEST(RenderTrace, FindingsAppearUnderTheirStep) {
  Trace t;
  t.id = "shop-1";
  t.task = "shop";
  t.question = "Ann buys 3 pens at $4 each. How much?";
  t.steps = {Step{"3*4 = <<3*4=12>>12"}, Step{"So she pays 13."}};
  t.answer = "13";
  t.gold = "12";
  t.extraction = Extraction{Outcome::kFound, "last number", json::Value::object()};
  t.verdict = Verdict{};
  t.verdict->first_error = 1;
  t.verdict->findings = {
      Finding{"ungrounded_number", 1, "error", "13 is not computed", json::Value::object()},
      Finding{"style", std::nullopt, "warning", "no units", json::Value::object()}};
  RenderOptions ro;
  ro.location = "f.jsonl:4";
  EXPECT_EQ(render_trace(t, ro),
            "shop-1  task shop  f.jsonl:4\n"
            "Question  Ann buys 3 pens at $4 each. How much?\n"
            "Steps\n"
            "  1. 3*4 = <<3*4=12>>12\n"
            "  2. So she pays 13.\n"
            "     error ungrounded_number: 13 is not computed\n"
            "Answer    13  [found by last number]\n"
            "Gold      12  (differs from the answer)\n"
            "Verdict   not ok, answer wrong, first error at step 2\n"
            "          warning style: no units\n");
  ro.color = true;
  std::string colored = render_trace(t, ro);
  EXPECT_NE(colored.find("\x1b[31merror ungrounded_number\x1b[0m"), std::string::npos);
  EXPECT_NE(colored.find("\x1b[2m<<3*4=12>>\x1b[0m"), std::string::npos);
}

TEST(RenderTrace, WrapsLongTextWithAHangingIndent) {
  Trace t;
  t.id = "x";
  t.question = "one two three four five six seven eight nine ten";
  RenderOptions ro;
  ro.width = 30;
  EXPECT_EQ(render_trace(t, ro),
            "x\n"
            "Question  one two three four\n"
            "          five six seven eight\n"
            "          nine ten\n"
            "Steps     (none)\n");
}

TEST_F(Tools, ShowSelectsByIdAndIndexAndSaysWhenNothingMatches) {
  std::string in = write("gsm.jsonl", kGsm);
  auto run = [&](ShowOptions o, std::string& out) {
    o.input = in;
    o.color = ColorMode::kNever;
    Diagnostics diag(false);
    Summary s("show");
    std::FILE* f = std::tmpfile();
    Status st = show(o, diag, s, f);
    std::rewind(f);
    out.clear();
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    std::fclose(f);
    return st;
  };
  std::string out;
  ShowOptions by_index;
  by_index.index = 1;
  ASSERT_TRUE(run(by_index, out).ok());
  EXPECT_NE(out.find("Question  Q2?"), std::string::npos);
  EXPECT_EQ(out.find("Q1?"), std::string::npos);
  EXPECT_NE(out.find("gsm.jsonl:2"), std::string::npos);
  ShowOptions all;
  all.count = 0;
  ASSERT_TRUE(run(all, out).ok());
  EXPECT_NE(out.find("Q3?"), std::string::npos);
  ShowOptions missing;
  missing.id = "nope";
  Status st = run(missing, out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "no record with id \"nope\" in " + in + " (3 records)");
  ShowOptions past;
  past.index = 9;
  EXPECT_FALSE(run(past, out).ok());
}

}  // namespace
}  // namespace stepwise::trace

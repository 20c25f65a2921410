#include "curate/decontam.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stepwise::curate {
namespace {

const char* kEval1 =
    "A baker makes 48 muffins in the morning and sells 30 of them before noon on a busy day. "
    "How many muffins are left?";
const char* kEval2 =
    "Ann buys 3 pens at $4 each and 2 books at $7 each. She pays with $50. How much change "
    "does she get?";

Decontaminator index(DecontamOptions o = {}) {
  Decontaminator d(o);
  size_t f = d.add_file("test.jsonl");
  d.add_question(f, "e1", kEval1);
  d.add_question(f, "e2", kEval2);
  return d;
}

TEST(Decontaminator, NgramOverlapIsALeak) {
  Decontaminator d = index();
  std::string train =
      std::string("Consider this. ") +
      "A baker makes 48 muffins in the morning and sells 30 of them before noon. What now?";
  EXPECT_EQ(d.check("t1", train), Drop::kContaminatedNgram);
  EXPECT_FALSE(d.check("t2", "A baker makes 48 muffins. How many are left after lunch?"));
}

TEST(Decontaminator, SameTemplateWithOtherNumbersAndNamesIsALeak) {
  Decontaminator d = index();
  EXPECT_EQ(d.check("t1",
                    "Omar buys 7 candles at $9 each and 4 plants at $11 each. He pays with $100. "
                    "How much change does he get?"),
            Drop::kContaminatedTemplate);
  EXPECT_FALSE(d.check("t2",
                       "Omar sells 7 candles at $9 each and 4 plants at $11 each. He is paid "
                       "$100. How much profit does he make?"));
}

TEST(Decontaminator, ReportPerFileWithRulesAndExamples) {
  DecontamOptions o;
  o.examples = 1;
  Decontaminator d(o);
  size_t a = d.add_file("a.jsonl");
  size_t b = d.add_file("b.jsonl");
  d.add_question(a, "e1", kEval1);
  d.add_question(b, "e2", kEval2);
  EXPECT_EQ(d.check("t1", kEval1), Drop::kContaminatedNgram);  // both rules, ngram wins
  EXPECT_EQ(d.check("t2",
                    "Li buys 5 pens at $2 each and 1 books at $3 each. She pays with $9. "
                    "How much change does she get?"),
            Drop::kContaminatedTemplate);
  EXPECT_FALSE(d.check("t3", "Unrelated."));
  json::Value r = d.report();
  ASSERT_EQ(r.items().size(), 2u);
  const json::Value& ra = r.items()[0];
  EXPECT_EQ(ra.find("file")->str(), "a.jsonl");
  EXPECT_EQ(ra.find("leaked")->as_int(), 1);
  EXPECT_EQ(ra.find("by_rule")->find("ngram")->as_int(), 1);
  EXPECT_EQ(ra.find("by_rule")->find("template")->as_int(), 1);
  ASSERT_EQ(ra.find("examples")->items().size(), 1u);
  EXPECT_EQ(ra.find("examples")->items()[0].find("eval_id")->str(), "e1");
  const json::Value& rb = r.items()[1];
  EXPECT_EQ(rb.find("leaked")->as_int(), 1);
  EXPECT_EQ(rb.find("by_rule")->find("ngram")->as_int(), 0);
  EXPECT_EQ(rb.find("by_rule")->find("template")->as_int(), 1);
  EXPECT_NE(d.report_text().find("eval b.jsonl: 1 questions; 1 training record leak"),
            std::string::npos);
}

TEST(Decontaminator, RulesCanBeSwitchedOff) {
  DecontamOptions o;
  o.by_template = false;
  Decontaminator d = index(o);
  EXPECT_FALSE(d.check("t",
                       "Li buys 5 pens at $2 each and 1 books at $3 each. She pays with "
                       "$9. How much change does she get?"));
  EXPECT_EQ(d.check("t", kEval2), Drop::kContaminatedNgram);
}

TEST(Decontaminator, LoadsEvaluationFilesInAnyLayout) {
  std::string dir =
      std::filesystem::temp_directory_path() / ("decontam_test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/gsm8k.jsonl")
      << R"({"question":")" << kEval1 << R"(","answer":"48-30=18\n#### 18"})"
      << "\nnot json\n";
  DecontamOptions o;
  o.eval_files = {dir + "/gsm8k.jsonl"};
  Diagnostics diag;
  diag.set_print(false);
  auto d = Decontaminator::load(o, {}, diag);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(diag.count(), 1u);
  EXPECT_EQ((*d)->check("t", kEval1), Drop::kContaminatedNgram);
  o.eval_files = {dir + "/missing.jsonl"};
  EXPECT_FALSE(Decontaminator::load(o, {}, diag));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stepwise::curate

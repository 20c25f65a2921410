// Tests of self-consistency, alternatives on foreign problems, and the file pass.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crosscheck/crosscheck.h"
#include "crosscheck/test_util.h"

namespace stepwise::crosscheck {
namespace {

trace::Trace foreign(const std::string& question, const std::vector<std::string>& steps,
                     std::optional<std::string> answer) {
  trace::Trace t;
  t.question = question;
  for (const std::string& s : steps) t.steps.push_back({s, json::Value::object()});
  t.answer = std::move(answer);
  return t;
}

bool has_flag(const Signals& s, const char* code) {
  return std::find(s.flags.begin(), s.flags.end(), code) != s.flags.end();
}

TEST(Majority, AgreementAndMajorityPerCandidate) {
  const std::string q = "Sam has 20 apples and gives away 4. How many are left?";
  std::vector<trace::Trace> g = {
      foreign(q, {"20-4=<<20-4=16>>16"}, "16"), foreign(q, {"20-4=<<20-4=16>>16"}, "16.00"),
      foreign(q, {"20+4=<<20+4=24>>24"}, "24"), foreign(q, {"Not sure."}, std::nullopt)};
  std::vector<Signals> s = check_group(g, Options{});
  ASSERT_EQ(s.size(), 4u);
  EXPECT_DOUBLE_EQ(s[0].agreement, 0.5);
  EXPECT_DOUBLE_EQ(s[1].agreement, 0.5);
  EXPECT_DOUBLE_EQ(s[2].agreement, 0.25);
  EXPECT_DOUBLE_EQ(s[3].agreement, 0.0);
  EXPECT_TRUE(s[0].majority);
  EXPECT_TRUE(s[1].majority);
  EXPECT_FALSE(s[2].majority);
  EXPECT_FALSE(s[3].majority);
  EXPECT_EQ(s[0].majority_answer, std::optional<std::string>("16"));
  for (const Signals& x : s) EXPECT_EQ(x.k, 4);
  EXPECT_FALSE(has_flag(s[0], kDisagreesWithMajority));
  EXPECT_TRUE(has_flag(s[2], kDisagreesWithMajority));
  EXPECT_TRUE(has_flag(s[3], kDisagreesWithMajority));
  EXPECT_TRUE(has_flag(s[3], kLiftFailed));
}

TEST(Majority, TieGoesToTheEarliestAnswer) {
  const std::string q = "Sam has 20 apples and gives away 4. How many are left?";
  std::vector<trace::Trace> g = {foreign(q, {"20+4=<<20+4=24>>24"}, "24"),
                                 foreign(q, {"20-4=<<20-4=16>>16"}, "16")};
  std::vector<Signals> s = check_group(g, Options{});
  EXPECT_EQ(s[0].majority_answer, std::optional<std::string>("24"));
  EXPECT_TRUE(s[0].majority);
  EXPECT_FALSE(s[1].majority);
}

TEST(Alternatives, ForeignCandidatesOnDifferentPaths) {
  const std::string q =
      "Tom has 2 apples. He picks 2 more apples. Then he finds 3 more. "
      "How many apples does he have?";
  std::vector<trace::Trace> g = {foreign(q, {"2+2=<<2+2=4>>4", "4+3=<<4+3=7>>7"}, "7"),
                                 foreign(q, {"He has 2 + 2 = 4 apples, then 4 + 3 = 7."}, "7"),
                                 foreign(q, {"2*2=<<2*2=4>>4", "4+3=<<4+3=7>>7"}, "7"),
                                 foreign(q, {"2+3=<<2+3=5>>5", "5+2=<<5+2=7>>7"}, "7")};
  std::vector<Signals> s = check_group(g, Options{});
  for (const Signals& x : s) {
    EXPECT_TRUE(x.lifted);
    EXPECT_EQ(x.alt_source, "candidates");
    EXPECT_EQ(x.alt_agree, std::optional<bool>(true));
  }
  EXPECT_FALSE(s[0].brittle);
  EXPECT_FALSE(s[1].brittle);
  EXPECT_FALSE(s[3].brittle);
  EXPECT_TRUE(s[2].brittle);  // 2*2: the other three add
  ASSERT_TRUE(s[2].counterexample);
  EXPECT_EQ(s[2].counterexample->kind, "substitute");
  EXPECT_GT(s[0].perturbations, 0);
}

TEST(Alternatives, DisagreeingIndependentSolutionIsFlagged) {
  const std::string q = "Sam has 20 apples and gives away 4. How many are left?";
  std::vector<trace::Trace> g = {foreign(q, {"20-4=<<20-4=16>>16"}, "16"),
                                 foreign(q, {"20-2*2=<<20-2*2=16>>16"}, "16"),
                                 foreign(q, {"20+4=<<20+4=24>>24"}, "24")};
  std::vector<Signals> s = check_group(g, Options{});
  EXPECT_EQ(s[2].alt_agree, std::optional<bool>(false));
  EXPECT_TRUE(has_flag(s[2], kAltDisagree));
  EXPECT_EQ(s[0].alt_agree, std::optional<bool>(true));
}

TEST(GroupKey, ProblemIdElseNormalisedQuestion) {
  trace::Trace a = foreign("How  many\tapples?", {}, "1");
  EXPECT_EQ(group_key(a), "q:how many apples?");
  a.meta = json::Value::object();
  a.meta.set("problem_id", json::Value::string("p7"));
  EXPECT_EQ(group_key(a), "id:p7");
}

std::string read_all(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(File, WritesSignalsKeepsEverythingElseAndReportsBadLines) {
  auto dir = std::filesystem::temp_directory_path() / "crosscheck_file_test";
  std::filesystem::create_directories(dir);
  trace::Trace t = test::shopping(3, 4, 2, 7, 50);
  t.extra.set("custom", json::Value::number_raw("1.50"));
  std::string in = (dir / "in.jsonl").string();
  {
    std::ofstream f(in);
    f << json::to_string(trace::to_json(t)) << "\n";
    f << json::to_string(trace::to_json(t)) << "\n";
    f << "{not json\n";
  }
  Diagnostics diag;
  diag.set_print(false);
  FileOptions o;
  o.progress = false;
  std::string out = (dir / "out.jsonl").string();
  auto fig = crosscheck_file(in, out, o, diag);
  ASSERT_TRUE(fig) << fig.error().message;
  EXPECT_EQ(fig->problems, 1u);
  EXPECT_EQ(fig->candidates, 2u);
  EXPECT_EQ(fig->bad_lines, 1u);
  EXPECT_EQ(fig->lifted, 2u);
  std::string text = read_all(out);
  EXPECT_NE(text.find("\"custom\":1.50"), std::string::npos);
  EXPECT_NE(text.find("\"crosscheck\":{\"agreement\":1"), std::string::npos);
  auto first = json::parse(text.substr(0, text.find('\n')));
  ASSERT_TRUE(first);
  const json::Value* xc = first->find("crosscheck");
  ASSERT_TRUE(xc);
  EXPECT_EQ(xc->find("k")->as_int(), 2);
  EXPECT_FALSE(xc->find("brittle")->as_bool());
  // Same input, same seed: same bytes.
  Diagnostics diag2;
  diag2.set_print(false);
  std::string out2 = (dir / "out2.jsonl").string();
  ASSERT_TRUE(crosscheck_file(in, out2, o, diag2));
  EXPECT_EQ(read_all(out2), text);
  std::filesystem::remove_all(dir);
}

TEST(File, StrictStopsAtFirstBadLine) {
  auto dir = std::filesystem::temp_directory_path() / "crosscheck_strict_test";
  std::filesystem::create_directories(dir);
  std::string in = (dir / "in.jsonl").string();
  {
    std::ofstream f(in);
    f << "{\"question\": 3}\n";
  }
  Diagnostics diag(true);
  diag.set_print(false);
  FileOptions o;
  o.progress = false;
  auto fig = crosscheck_file(in, (dir / "out.jsonl").string(), o, diag);
  EXPECT_FALSE(fig);
  EXPECT_NE(fig.error().message.find("in.jsonl:1"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out.jsonl"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stepwise::crosscheck

// maj@k, verifier-selected best-of-k, robustness set statistics and a split's figures.
#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stepwise::eval {
namespace {

Scored sample(const std::string& answer, bool correct, bool process_ok) {
  Scored s;
  s.strict = answer;
  s.correct = correct;
  s.process_ok = process_ok;
  s.judged = true;
  s.trace_valid = correct && process_ok;
  return s;
}

TEST(Majority, MostFrequentAnswerWinsTiesGoToTheFirst) {
  std::vector<Scored> s = {sample("7", false, true), sample("8", true, true),
                           sample("8.0", true, false), sample("", false, false)};
  EXPECT_EQ(majority_sample(s, false), 1);  // "8" and "8.0" are the same answer
  EXPECT_TRUE(majority_correct(s));
  std::vector<Scored> tie = {sample("7", false, true), sample("8", true, true)};
  EXPECT_EQ(majority_sample(tie, false), 0);
  EXPECT_FALSE(majority_correct(tie));
  EXPECT_EQ(majority_sample({sample("", false, true)}, false), -1);
}

TEST(BestOfK, PrefersSamplesTheVerifierPasses) {
  // Two wrong answers with a broken process outvote one sound right answer: the majority is
  // wrong, the verifier-selected answer is right.
  std::vector<Scored> s = {sample("9", false, false), sample("9", false, false),
                           sample("8", true, true)};
  EXPECT_FALSE(majority_correct(s));
  EXPECT_TRUE(best_of_k_correct(s));
  EXPECT_EQ(majority_sample(s, true), 2);
  // No sample passes: falls back to the plain majority.
  std::vector<Scored> none = {sample("8", true, false), sample("8", true, false),
                              sample("9", false, false)};
  EXPECT_TRUE(best_of_k_correct(none));
}

TEST(SetStats, MeanAndSampleStandardDeviation) {
  json::Value v = set_stats({0.5, 0.7});
  EXPECT_DOUBLE_EQ(*v.find("mean")->as_double(), 0.6);
  EXPECT_NEAR(*v.find("std")->as_double(), std::sqrt(0.02), 1e-12);
  EXPECT_EQ(*v.find("n_sets")->as_int(), 2);
  EXPECT_EQ(v.find("per_set")->items().size(), 2u);
  EXPECT_EQ(*set_stats({0.4}).find("std")->as_double(), 0.0);
  EXPECT_TRUE(set_stats({}).find("mean")->is_null());
}

trace::Trace problem(const std::string& family, int difficulty) {
  trace::Trace t;
  t.task = family;
  t.gold = "1";
  t.meta = json::Value::object();
  t.meta.set("difficulty", json::Value::number(int64_t{difficulty}));
  return t;
}

TEST(SplitStats, FiguresOfTheFirstSampleAndBreakdowns) {
  trace::Trace a = problem("shop", 1), b = problem("shop", 2), c = problem("rate", 2);
  Scored good = sample("1", true, true);
  good.steps = {{"s1", true, "", ""}, {"s2", true, "", ""}};
  Scored bad = sample("1", true, false);  // right answer, wrong process
  bad.steps = {{"s1", false, "arith_mismatch", "m"}, {"s2", true, "", ""}};
  bad.first_error = 0;
  Scored none = sample("", false, false);
  std::vector<ProblemResult> r = {{&a, 0, {good}}, {&b, 0, {bad, good}}, {&c, 1, {none}}};
  json::Value v = split_stats(r, false);
  EXPECT_EQ(*v.find("n")->as_int(), 3);
  EXPECT_EQ(*v.find("n_samples")->as_int(), 4);
  EXPECT_DOUBLE_EQ(*v.find("accuracy")->as_double(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(*v.find("extraction_failure")->as_double(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(*v.find("step_validity")->as_double(), 3.0 / 4);
  EXPECT_DOUBLE_EQ(*v.find("trace_valid")->as_double(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(*v.find("right_answer_wrong_process")->as_double(), 0.5);
  EXPECT_EQ(*v.find("first_error_hist")->find("0")->as_int(), 1);
  EXPECT_EQ(*v.find("by_family")->find("shop")->find("n")->as_int(), 2);
  EXPECT_DOUBLE_EQ(*v.find("by_difficulty")->find("2")->find("accuracy")->as_double(), 0.5);
  EXPECT_DOUBLE_EQ(*set_accuracy(r, 0), 1.0);
  EXPECT_DOUBLE_EQ(*set_accuracy(r, 1), 0.0);
  EXPECT_FALSE(set_accuracy(r, 2));
  // Samples after the first: only b has one (good: right and valid).
  EXPECT_DOUBLE_EQ(*v.find("sampled_accuracy")->as_double(), 1.0);
  EXPECT_DOUBLE_EQ(*v.find("sampled_trace_valid")->as_double(), 1.0);
}

TEST(SplitStats, SampledFiguresCountOnlySamplesAfterTheGreedyOne) {
  trace::Trace a = problem("shop", 1), b = problem("shop", 2);
  Scored right = sample("1", true, true), wrong = sample("2", false, false);
  right.judged = wrong.judged = true;
  // a: greedy right, samples wrong, right, wrong; b: greedy wrong, samples right, right, right.
  std::vector<ProblemResult> r = {{&a, 0, {right, wrong, right, wrong}},
                                  {&b, 0, {wrong, right, right, right}}};
  json::Value v = split_stats(r, false);
  EXPECT_DOUBLE_EQ(*v.find("accuracy")->as_double(), 0.5);
  EXPECT_DOUBLE_EQ(*v.find("sampled_accuracy")->as_double(), 4.0 / 6);
  EXPECT_DOUBLE_EQ(*v.find("sampled_trace_valid")->as_double(), 4.0 / 6);
  // One sample per problem: no sampled figures.
  json::Value greedy = split_stats({{&a, 0, {right}}}, false);
  EXPECT_TRUE(greedy.find("sampled_accuracy")->is_null());
  EXPECT_TRUE(greedy.find("sampled_trace_valid")->is_null());
  // Answer-only: the sampled accuracy, no validity.
  json::Value answer = split_stats(r, true);
  EXPECT_DOUBLE_EQ(*answer.find("sampled_accuracy")->as_double(), 4.0 / 6);
  EXPECT_TRUE(answer.find("sampled_trace_valid")->is_null());
}

TEST(SplitStats, AnswerOnlyStudentsHaveNoStepFigures) {
  trace::Trace a = problem("shop", 1);
  Scored s;
  s.strict = "1";
  s.correct = true;
  json::Value v = split_stats({{&a, 0, {s}}}, true);
  EXPECT_DOUBLE_EQ(*v.find("accuracy")->as_double(), 1.0);
  for (const char* k : {"step_validity", "trace_valid", "right_answer_wrong_process",
                        "first_error_hist", "best_of_k_verified"})
    EXPECT_TRUE(v.find(k)->is_null()) << k;
  EXPECT_TRUE(split_stats({}, false).find("accuracy")->is_null());
}

}  // namespace
}  // namespace stepwise::eval

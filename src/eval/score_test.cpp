// Scoring hand-written completions: right, wrong step, wrong answer, no "####", answer-only,
// empty and garbage.
#include "eval/score.h"

#include <gtest/gtest.h>

namespace stepwise::eval {
namespace {

trace::Trace problem() {
  trace::Trace t;
  t.id = "p1";
  t.task = "shopping_change";
  t.question = "Ann buys 3 pens at $4 each. She pays with $20. How much change does she get?";
  t.gold = "8";
  return t;
}

Scored score(std::string_view completion, bool answer_only = false) {
  verify::Verifier v(eval_verify_options());
  return score_sample(problem(), completion, answer_only, v);
}

TEST(ParseCompletion, SplitsStepsFromTheAnswerLine) {
  Completion c = parse_completion("  First line.\n\nSecond line.  \n#### 8\n");
  ASSERT_EQ(c.steps.size(), 2u);
  EXPECT_EQ(c.steps[0], "First line.");
  EXPECT_EQ(c.steps[1], "Second line.");
  EXPECT_EQ(c.strict, "8");
  EXPECT_TRUE(c.has_marker);
}

TEST(ParseCompletion, TakesTheLastMarkerAndItsLineOnly) {
  Completion c = parse_completion("a\n#### 3\nb\n#### 5\ntrailing words");
  EXPECT_EQ(c.strict, "5");
  EXPECT_EQ(c.steps, (std::vector<std::string>{"a", "#### 3", "b"}));
}

TEST(ParseCompletion, NoMarkerMeansNoStrictAnswer) {
  Completion c = parse_completion("So the answer is 8.");
  EXPECT_FALSE(c.has_marker);
  EXPECT_EQ(c.strict, "");
  EXPECT_EQ(c.steps.size(), 1u);
  EXPECT_EQ(parse_completion("####").strict, "");
  EXPECT_TRUE(parse_completion("####").has_marker);
}

TEST(ScoreSample, CorrectTracePassesEverything) {
  Scored s = score("Ann spends 3*4=12 dollars.\nThe change is 20-12=8 dollars.\n#### 8");
  EXPECT_TRUE(s.correct);
  EXPECT_TRUE(s.correct_flexible);
  EXPECT_TRUE(s.judged);
  EXPECT_TRUE(s.trace_valid);
  EXPECT_TRUE(s.process_ok);
  EXPECT_EQ(s.first_error, -1);
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_TRUE(s.steps[0].ok && s.steps[1].ok);
}

TEST(ScoreSample, WrongStepIsLocated) {
  Scored s = score("Ann spends 3*4=13 dollars.\nThe change is 20-13=7 dollars.\n#### 7");
  EXPECT_FALSE(s.correct);
  EXPECT_FALSE(s.trace_valid);
  EXPECT_FALSE(s.process_ok);
  EXPECT_EQ(s.first_error, 0);
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_FALSE(s.steps[0].ok);
  EXPECT_EQ(s.steps[0].code, verify::kArithMismatch);
  EXPECT_FALSE(s.steps[0].message.empty());
}

TEST(ScoreSample, RightAnswerWrongProcess) {
  Scored s = score("Ann spends 3*4=13 dollars.\nThe change is 20-13=8 dollars.\n#### 8");
  EXPECT_TRUE(s.correct);
  EXPECT_FALSE(s.trace_valid);
  EXPECT_EQ(s.first_error, 0);
}

TEST(ScoreSample, WrongAnswerAfterSoundStepsIsATraceLevelFinding) {
  Scored s = score("Ann spends 3*4=12 dollars.\nThe change is 20-12=8 dollars.\n#### 9");
  EXPECT_FALSE(s.correct);
  EXPECT_FALSE(s.trace_valid);
  EXPECT_FALSE(s.process_ok);  // 9 is the result of no step: a leap
  EXPECT_EQ(s.first_error, -1);
  std::vector<std::string> codes;
  for (const auto& f : s.trace_findings) codes.push_back(f.code);
  EXPECT_EQ(codes, (std::vector<std::string>{verify::kAnswerMismatch, verify::kLeap}));
}

TEST(ScoreSample, NoMarkerFailsStrictButNotFlexible) {
  Scored s = score("Ann spends 3*4=12 dollars.\nThe change is 20-12=8 dollars.");
  EXPECT_EQ(s.strict, "");
  EXPECT_EQ(s.flexible, "8");
  EXPECT_FALSE(s.correct);
  EXPECT_TRUE(s.correct_flexible);
  EXPECT_FALSE(s.trace_valid);  // no "####" line: never a valid trace
}

TEST(ScoreSample, AnswerOnlyIsNotJudged) {
  Scored s = score("#### 8", /*answer_only=*/true);
  EXPECT_TRUE(s.correct);
  EXPECT_FALSE(s.judged);
  EXPECT_TRUE(s.steps.empty());
  EXPECT_FALSE(score("#### 8.5", true).correct);
  EXPECT_TRUE(score("#### $8.00", true).correct);  // exact equivalence, not text
}

TEST(ScoreSample, EmptyAndGarbageAreScoresNotErrors) {
  Scored e = score("");
  EXPECT_FALSE(e.correct || e.correct_flexible || e.trace_valid);
  EXPECT_TRUE(e.steps.empty());
  Scored g = score("\x01\xff####\xfe\n<<3*=>>)(((( 1/0 = \n####");
  EXPECT_FALSE(g.correct || g.trace_valid);
  Scored r = score("#### 8");  // a trace student that skips the steps: a leap
  EXPECT_TRUE(r.correct);
  EXPECT_FALSE(r.trace_valid);
}

TEST(AnswerMatches, UsesTheQuestionsRoundingRule) {
  EXPECT_TRUE(answer_matches("1.33", "4/3", "Round to the nearest hundredth."));
  EXPECT_FALSE(answer_matches("", "0", "q"));
  EXPECT_TRUE(answer_matches("0.50", "1/2", "q"));
}

}  // namespace
}  // namespace stepwise::eval

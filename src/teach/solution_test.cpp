#include "teach/solution.h"

#include <gtest/gtest.h>

namespace stepwise::teach {
namespace {

TEST(StepPrefix, RecognisesCommonNumberings) {
  EXPECT_EQ(step_prefix_length("1. Pens"), 3u);
  EXPECT_EQ(step_prefix_length("  12) Pens"), 6u);
  EXPECT_EQ(step_prefix_length("Step 3: Pens"), 8u);
  EXPECT_EQ(step_prefix_length("**Step 4.** Pens"), 12u);
  EXPECT_EQ(step_prefix_length("**2.** Pens"), 7u);
  EXPECT_EQ(step_prefix_length("1.5 litres"), 0u);
  EXPECT_EQ(step_prefix_length("Pens cost 3"), 0u);
  EXPECT_EQ(step_prefix_length("2023 was"), 0u);
  EXPECT_EQ(step_prefix_length("**1. Pens"), 0u);  // unbalanced bold
}

TEST(ParseSolution, NumberedStepsJoinContinuationsAndSkipPreamble) {
  ParsedSolution p = parse_solution(
      "Let's think.\n1. Pens cost 3*4=<<3*4=12>>12 dollars\n   in total.\n\n2. Change is "
      "50-12=<<50-12=38>>38.\n#### 38\n");
  EXPECT_EQ(p.layout, "numbered");
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[0], "Pens cost 3*4=<<3*4=12>>12 dollars in total.");
  EXPECT_EQ(p.steps[1], "Change is 50-12=<<50-12=38>>38.");
  EXPECT_EQ(p.answer.outcome, trace::Outcome::kFound);
  EXPECT_EQ(p.answer.value, "38");
  EXPECT_EQ(p.answer.rule, "####");
  EXPECT_EQ(p.drop, "");
}

TEST(ParseSolution, UnnumberedLinesAreStepsGsm8kStyle) {
  ParsedSolution p = parse_solution("He has 3+4=<<3+4=7>>7.\r\nThen 7*2=<<7*2=14>>14.\n#### 14");
  EXPECT_EQ(p.layout, "lines");
  EXPECT_EQ(p.steps,
            (std::vector<std::string>{"He has 3+4=<<3+4=7>>7.", "Then 7*2=<<7*2=14>>14."}));
  EXPECT_EQ(p.answer.value, "14");
}

TEST(ParseSolution, MissingOrAmbiguousAnswersStayCandidates) {
  ParsedSolution none = parse_solution("1. 3+4=<<3+4=7>>7 and then");
  EXPECT_EQ(none.drop, "");
  ParsedSolution amb = parse_solution("1. 3+4=7\n#### 7\n#### 8");
  EXPECT_EQ(amb.drop, "");
  EXPECT_EQ(amb.answer.outcome, trace::Outcome::kAmbiguous);
}

TEST(ParseSolution, TextsThatAreNotTracesAreDropsWithAReason) {
  EXPECT_EQ(parse_solution("").drop, "empty");
  EXPECT_EQ(parse_solution(" \n\t\n").drop, "empty");
  EXPECT_EQ(parse_solution("I am sorry, I cannot solve this one.").drop, "no_steps");
  EXPECT_EQ(parse_solution("#### 12").drop, "no_steps");
}

}  // namespace
}  // namespace stepwise::teach

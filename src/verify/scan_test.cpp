// Tests of the step scanner: annotations, visible text, segments and chains.
#include <gtest/gtest.h>

#include <string>

#include "verify/scan_internal.h"

namespace stepwise::verify::detail {
namespace {

// The chains of `text` as "eval = eval = ..." strings, one per chain.
std::vector<std::string> chains(std::string_view text) {
  ScannedStep s;
  scan_step(text, s);
  std::vector<std::string> out;
  for (const auto& c : s.chains) {
    std::string line;
    for (uint32_t k = 0; k < c.count; ++k) {
      if (k) line += " = ";
      line += std::string(s.eval(s.segments[c.first + k]));
    }
    out.push_back(line);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(ScanStep, StripsAnnotationsAndKeepsWhereTheyWere) {
  ScannedStep s;
  scan_step("Natalia sold 48/2 = <<48/2=24>>24 clips in May.", s);
  EXPECT_EQ(s.visible, "Natalia sold 48/2 = 24 clips in May.");
  ASSERT_EQ(s.annotations.size(), 1u);
  EXPECT_EQ(s.annotations[0].expr, "48/2");
  EXPECT_EQ(s.annotations[0].written, "24");
  EXPECT_EQ(s.visible.substr(s.annotations[0].visible_pos, 2), "24");
  EXPECT_FALSE(s.unclosed);
}

TEST(ScanStep, UnclosedAnnotationIsCut) {
  ScannedStep s;
  scan_step("Pens cost 3*4=<<3*4=", s);
  EXPECT_TRUE(s.unclosed);
  EXPECT_EQ(s.visible, "Pens cost 3*4=");
  EXPECT_TRUE(s.annotations.empty());
}

TEST(ScanStep, FindsEquationsAndChains) {
  EXPECT_EQ(chains("So 12 + 14 = 26 dollars."), (V{"12 + 14 = 26"}));
  EXPECT_EQ(chains("3 x $4 = $12"), (V{"3 * $4 = $12"}));
  EXPECT_EQ(chains("$4 * 3 = $12"), (V{"$4 * 3 = $12"}));
  EXPECT_EQ(chains("a = 2*3 = 6 = 6.0"), (V{"2 * 3 = 6 = 6.0"}));
  EXPECT_EQ(chains("5 hours * 60 minutes = 300 minutes"), (V{"5 * 60 = 300"}));
  EXPECT_EQ(chains("(12 + 14) * 2 = 52"), (V{"(12 + 14) * 2 = 52"}));
  EXPECT_EQ(chains("2 * (3 + 4) = 14"), (V{"2 * (3 + 4) = 14"}));
  EXPECT_EQ(chains("20% of 50 = 10"), (V{"20% * 50 = 10"}));
  EXPECT_EQ(chains("1/2 of 20 = 10"), (V{"1/2 * 20 = 10"}));  // a tight '/' stays tight
  EXPECT_EQ(chains("3 times 4 is 12"), (V{"3 * 4 = 12"}));
  EXPECT_EQ(chains("12 divided by 4 equals 3"), (V{"12 / 4 = 3"}));
  EXPECT_EQ(chains("3 \\times 4 = 12"), (V{"3 * 4 = 12"}));
  EXPECT_EQ(chains("3 \xC3\x97 4 = 12 and 12 \xC3\xB7 4 = 3"), (V{"3 * 4 = 12", "12 / 4 = 3"}));
  EXPECT_EQ(chains("2 ** 3 = 8"), (V{"2 ** 3 = 8"}));
  EXPECT_EQ(chains("7 // 2 = 3"), (V{"7 // 2 = 3"}));
}

TEST(ScanStep, SignsAndNegativeResults) {
  EXPECT_EQ(chains("5 - 8 = -3"), (V{"5 - 8 = -3"}));
  EXPECT_EQ(chains("-3 + 5 = 2"), (V{"-3 + 5 = 2"}));
  ScannedStep s;
  scan_step("+3 + 5 = 8", s);  // unary plus: the sign does not make the segment incomplete
  ASSERT_EQ(s.chains.size(), 1u);
  EXPECT_FALSE(s.segments[0].incomplete_left);
}

TEST(ScanStep, ProseIsNotArithmetic) {
  EXPECT_TRUE(chains("She has 5 apples and 3 pears.").empty());
  EXPECT_TRUE(chains("Step 1: add them up").empty());
  EXPECT_TRUE(chains("In 2019 she was 12.").empty());
  // "5 apples is 5" joins only after an operator.
  EXPECT_TRUE(chains("5 hours is 300 minutes").empty());
}

TEST(ScanStep, MarkdownAndBulletsAreNotOperators) {
  EXPECT_EQ(chains("**12 + 14 = 26**"), (V{"12 + 14 = 26"}));
  EXPECT_EQ(chains("- 3 + 4 = 7"), (V{"3 + 4 = 7"}));
  EXPECT_EQ(chains("* 3 + 4 = 7"), (V{"3 + 4 = 7"}));
  EXPECT_EQ(chains("The answer is **12**."), V{});
}

TEST(ScanStep, OperatorsTouchingFromOutsideMarkSegmentsIncomplete) {
  ScannedStep s;
  scan_step("3x + 5 + 2 = 20", s);
  ASSERT_EQ(s.chains.size(), 1u);
  EXPECT_TRUE(s.segments[s.chains[0].first].incomplete_left);
}

TEST(TightFractions, ParenthesizeFractionsWrittenWithoutSpaces) {
  std::string out;
  EXPECT_TRUE(tight_fractions("12 / 2/3", out));
  EXPECT_EQ(out, "12 / (2/3)");
  EXPECT_TRUE(tight_fractions("1/2 * 20", out));
  EXPECT_EQ(out, "(1/2) * 20");
  EXPECT_FALSE(tight_fractions("12 / 2", out));
  EXPECT_FALSE(tight_fractions("3/4/2020", out));  // a date, not a fraction
}

TEST(ScanStep, AnswerMarker) {
  ScannedStep s;
  scan_step("#### 72", s);
  EXPECT_EQ(s.marker, 0u);
  ASSERT_EQ(s.numbers.size(), 1u);
}

TEST(ScanStep, HugeInputIsLinear) {
  std::string big(1 << 20, ' ');
  big += "1 + 1 = 2";
  ScannedStep s;
  scan_step(big, s);
  EXPECT_EQ(s.chains.size(), 1u);
  std::string stars(1 << 20, '*');
  scan_step(stars, s);
  EXPECT_TRUE(s.numbers.empty());
}

}  // namespace
}  // namespace stepwise::verify::detail

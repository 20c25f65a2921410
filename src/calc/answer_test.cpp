// Tests of answer equivalence: a table of answer / gold pairs under each policy rule, including
// failure modes known from other answer checkers.
#include <gtest/gtest.h>

#include <string>

#include "calc/calc.h"

namespace stepwise::calc {
namespace {

struct AnswerCase {
  const char* given;
  const char* gold;
  bool equal;
  const char* reason_has;  // a fragment the reason must contain
};

const AnswerCase kAnswers[] = {
    // Plain and formatted numbers.
    {"24", "24", true, "equal: 24"},
    {"23", "24", false, "different values: 23 vs 24"},
    {"24.", "24", true, "equal"},
    {"24.0", "24", true, "equal"},
    {"1,080", "1080", true, "equal: 1080"},
    {"1080", "1,080", true, "equal"},
    {"$1,080.50", "1080.5", true, "equal"},
    {"-7", "-7", true, "equal: -7"},
    {"−7", "-7", true, "equal"},
    {"7", "-7", false, "different values"},
    {"(-7)", "-7", true, "equal"},
    // Markup.
    {"**73**", "73", true, "equal: 73"},
    {"*73*", "73", true, "equal"},
    {"_73_", "73", true, "equal"},
    {"3*4", "12", true, "equal"},
    {"`73`", "73", true, "equal"},
    {"\\text{13}", "13", true, "equal: 13"},
    {"\\boxed{13}", "13", true, "equal"},
    {"\\boxed{\\text{13 apples}}", "13", true, "equal"},
    {"$13$", "13", true, "equal"},
    {"\\(13\\)", "13", true, "equal"},
    {"\\$18.90", "18.90", true, "equal: 18.9"},
    {"\\$18.90", "$18.90", true, "equal"},
    {"\\frac{1}{2}", "0.5", true, "equal: 0.5"},
    {"\\dfrac{3}{4}", "3/4", true, "equal"},
    {"\\tfrac{3}{4}", "0.75", true, "equal"},
    {"\\frac12", "1/2", true, "equal"},
    {"\\left( 3 \\right)", "3", true, "equal"},
    {"\\boxed{\\dfrac{1}{2}}", "50%", true, "equal"},
    {"30^\\circ", "30", true, "equal"},
    {"30°", "30", true, "equal"},
    {"10\\%", "10%", true, "equal"},
    // Units and labels.
    {"24 dollars", "24", true, "equal"},
    {"$24", "24", true, "equal"},
    {"5 apples", "5", true, "equal"},
    {"60 km/h", "60", true, "equal"},
    {"12 m^2", "12", true, "equal"},
    {"x = 5", "5", true, "equal"},
    {"Answer: 5", "5", true, "equal"},
    {"1.5 million", "1500000", true, "equal"},
    // Not units: math words and variables keep the text.
    {"2e", "2", false, "compared as text"},
    {"3\\pi", "3", false, "compared as text"},
    {"2x", "2", false, "compared as text"},
    {"5i", "5", false, "compared as text"},
    // Unparseable sides are compared as normalised text, never silently equal.
    {"1-1/e", "1+1/e", false, "compared as text: '1-1/e' vs '1+1/e'"},
    {"1 - 1/e", "1-1/e", true, "same text"},
    {"\\sqrt{2}", "\\sqrt{3}", false, "compared as text"},
    {"\\sqrt{2}", "\\sqrt 2", false, "compared as text"},
    {"five", "5", false, "compared as text"},
    {"Yes", "yes", true, "same text"},
    {"", "5", false, "the answer is empty"},
    {"5", "", false, "the gold answer is empty"},
    {"**", "5", false, "the answer is empty"},
    // Percent, fraction, decimal.
    {"50%", "0.5", true, "equal: 0.5"},
    {"50%", "1/2", true, "equal"},
    {"0.5", "1/2", true, "equal"},
    {"50 percent", "0.5", true, "equal"},
    {"25%", "25", true, "percent sign read as a unit"},
    {"25", "25%", true, "percent sign read as a unit"},
    {"25%", "0.25", true, "equal: 0.25"},
    {"0.25", "25", false, "different values"},
    {"33.33%", "1/3", true, "rounded to 4 places"},
    {"33.3%", "33.33", false, "different values"},
    // Rounding: implied when the exact value has no finite decimal, else only when stated.
    {"1.33", "4/3", true, "no finite decimal"},
    {"1.33", "\\frac{4}{3}", true, "no finite decimal"},
    {"4/3", "1.33", true, "no finite decimal"},
    {"1.3", "4/3", false, "different values"},
    {"1.34", "4/3", false, "different values"},
    {"0.67", "2/3", true, "no finite decimal"},
    {"0.66", "2/3", false, "different values"},
    {"0.13", "0.125", false, "different values"},
    {"8", "25/3", false, "different values"},
    {"3.4", "3.42", false, "different values"},
    // Floating-point print noise.
    {"16.830000000000002", "16.83", true, "floating-point print noise"},
    {"2.9999999999999996", "3", true, "floating-point print noise"},
    {"0.30000000000000004", "0.3", true, "floating-point print noise"},
    // Cents and dollars: only when the text says so.
    {"$0.25", "25", false, "different values"},
    {"25", "$0.25", false, "different values"},
    {"25 cents", "$0.25", true, "cents converted to dollars"},
    {"25 cents", "0.25", true, "cents converted to dollars"},
    {"25¢", "0.25", true, "cents converted to dollars"},
    {"25 cents", "25", true, "equal"},
    // Sets: order irrelevant, a subset is not equal.
    {"2, 5", "2, 5", true, "equal as sets of 2 values"},
    {"5, 2", "2, 5", true, "equal as sets"},
    {"{2,5}", "2, 5", true, "equal as sets"},
    {"\\{2, 5\\}", "{5, 2}", true, "equal as sets"},
    {"2 and 5", "{2,5}", true, "equal as sets"},
    {"x = 2 or x = 5", "2, 5", true, "equal as sets"},
    {"2; 5", "5, 2", true, "equal as sets"},
    {"2", "2, 5", false, "a subset or superset is not equal"},
    {"2, 5", "2", false, "a subset or superset is not equal"},
    {"2, 5, 7", "2, 5", false, "a subset or superset is not equal"},
    {"2, 2", "2, 5", false, "has no match"},
    {"2, 6", "2, 5", false, "has no match"},
    {"1,000", "1, 000", false, "a subset or superset is not equal"},
    {"2,5", "2, 5", true, "equal as sets"},
    {"-1, 1", "1, -1", true, "equal as sets"},
    {"1/2, 3/4", "0.75, 0.5", true, "equal as sets"},
    {"2, \\sqrt{2}", "\\sqrt{2}, 2", true, "equal as sets"},
    {"2, \\sqrt{3}", "\\sqrt{2}, 2", false, "has no match"},
    // Tuples (bracketed in the gold) are ordered.
    {"(1, 2)", "(1, 2)", true, "equal as tuples"},
    {"(2, 1)", "(1, 2)", false, "at the same position"},
    {"[1, 2]", "(1, 2)", true, "equal as tuples"},
};

TEST(AnswersEqual, TableOfCases) {
  for (const AnswerCase& c : kAnswers) {
    AnswerCheck r = answers_equal(c.given, c.gold);
    EXPECT_EQ(r.equal, c.equal) << "'" << c.given << "' vs '" << c.gold << "': " << r.reason;
    EXPECT_NE(r.reason.find(c.reason_has), std::string::npos)
        << "'" << c.given << "' vs '" << c.gold << "': " << r.reason;
  }
}

TEST(AnswersEqual, ReasonIsNeverEmpty) {
  const char* samples[] = {"", "5", "x", "1,2", "{", "\\frac{", "$", "**", "1e999999"};
  for (const char* a : samples) {
    for (const char* b : samples) EXPECT_FALSE(answers_equal(a, b).reason.empty()) << a << b;
  }
}

TEST(AnswersEqual, StatedRoundingAcceptsCoarserRoundings) {
  EquivOptions stated;
  stated.rounding_allowed = true;
  EXPECT_TRUE(answers_equal("1.3", "4/3", stated).equal);
  EXPECT_TRUE(answers_equal("3.4", "3.42", stated).equal);
  EXPECT_TRUE(answers_equal("0.13", "0.125", stated).equal);
  EXPECT_NE(answers_equal("0.13", "0.125", stated).reason.find("rounding stated"),
            std::string::npos);
  EXPECT_FALSE(answers_equal("1.4", "4/3", stated).equal);
  EXPECT_FALSE(answers_equal("8", "25/3", stated).equal);  // integers are never roundings
}

TEST(AnswersEqual, CentsToDollarsOnlyWhenTheTextSaysSo) {
  EquivOptions cents;
  cents.cents_to_dollars = true;
  EXPECT_TRUE(answers_equal("$0.25", "25", cents).equal);
  EXPECT_TRUE(answers_equal("25", "$0.25", cents).equal);
  EXPECT_FALSE(answers_equal("$0.25", "25").equal);
  EXPECT_FALSE(answers_equal("$2.50", "25", cents).equal);
}

TEST(AnswersEqual, PercentAsUnitCanBeTurnedOff) {
  EquivOptions strict;
  strict.percent_as_unit = false;
  EXPECT_FALSE(answers_equal("25%", "25", strict).equal);
  EXPECT_TRUE(answers_equal("25%", "0.25", strict).equal);
}

TEST(AnswersEqual, ReportsTextComparison) {
  EXPECT_TRUE(answers_equal("1-1/e", "1+1/e").as_text);
  EXPECT_FALSE(answers_equal("24", "24").as_text);
}

TEST(AnswersEqual, HostileInputsFinish) {
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "\\boxed{";
  EXPECT_FALSE(answers_equal(nested, "5").equal);
  std::string list;
  for (int i = 0; i < 100000; ++i) list += std::to_string(i % 10) + ", ";
  EXPECT_FALSE(answers_equal(list, list + "1").equal);
  EXPECT_TRUE(answers_equal(list, list).equal);
  std::string digits(1 << 20, '9');
  EXPECT_TRUE(answers_equal(digits, digits).as_text);
  std::string braces(100000, '{');
  EXPECT_FALSE(answers_equal(braces, "1").equal);
}

TEST(NormalizeAnswer, Examples) {
  EXPECT_EQ(normalize_answer("\\boxed{\\text{13}} apples."), "13");
  EXPECT_EQ(normalize_answer("**$1,080.50**"), "1080.5");
  EXPECT_EQ(normalize_answer("2 and 5"), "2,5");
  EXPECT_EQ(normalize_answer("(1, 2)"), "(1,2)");
  EXPECT_EQ(normalize_answer("33.3%"), "33.3%");
  EXPECT_EQ(normalize_answer("1 - 1/e"), "1-1/e");
  EXPECT_EQ(normalize_answer("\\frac{4}{3}"), "4/3");
}

}  // namespace
}  // namespace stepwise::calc

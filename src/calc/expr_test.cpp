// Tests of the expression parser: a table of values, a table of errors, hostile inputs, operand
// offsets and prefix parsing (property tests are in expr_property_test.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calc/calc.h"

namespace stepwise::calc {
namespace {

struct ValueCase {
  const char* expr;
  const char* value;  // as mpq_class reads it: "90", "-3/4"
};

const ValueCase kValues[] = {
    {"3*4", "12"},
    {"12+14", "26"},
    {"1,080/12", "90"},
    {"50-26", "24"},
    {"0.25*80", "20"},
    {".5*80", "40"},
    {"22,500 + 1,234,567", "1257067"},
    {"1,080.50 * 2", "2161"},
    {"3/4", "3/4"},
    {"2 1/2", "5/2"},
    {"2 1/2 * 4", "10"},
    {"-2 1/2", "-5/2"},
    {"5%", "1/20"},
    {"5 %", "1/20"},
    {"50% of 80", "40"},
    {"25% * 80", "20"},
    {"(20+30)%", "1/2"},
    {"$4 * 3", "12"},
    {"3 x $4", "12"},
    {"$ 4.50 * 2", "9"},
    {"€4 + £2", "6"},
    {"4€ * 2", "8"},
    {"\\$5 + \\$6", "11"},
    {"3 x 4", "12"},
    {"3x4", "12"},
    {"3 X 4", "12"},
    {"3 × 4", "12"},
    {"3 · 4", "12"},
    {"3 ⋅ 4", "12"},
    {"12 ÷ 4", "3"},
    {"12 / 4 / 3", "1"},
    {"7 // 2", "3"},
    {"-7 // 2", "-4"},
    {"7 // -2", "-4"},
    {"7.5 // 2", "3"},
    {"2^10", "1024"},
    {"2**10", "1024"},
    {"2^3^2", "512"},
    {"2**3**2", "512"},
    {"-2**2", "-4"},
    {"(-2)**2", "4"},
    {"2^-1", "1/2"},
    {"2^-2^2", "1/16"},
    {"4^0.5", "2"},
    {"8^(1/3)", "2"},
    {"27^(2/3)", "9"},
    {"(4/9)^(1/2)", "2/3"},
    {"(-8)^(1/3)", "-2"},
    {"0^0", "1"},
    {"1^100000000", "1"},
    {"(-1)^100000001", "-1"},
    {"0^5", "0"},
    {"(3+4)*2", "14"},
    {"[3+4]*2", "14"},
    {"{3+4}*2", "14"},
    {"((((1))))", "1"},
    {"3(4+5)", "27"},
    {"3 (4+5)", "27"},
    {"(1+2)(3+4)", "21"},
    {"6/2(1+2)", "9"},
    {"+5", "5"},
    {"-5", "-5"},
    {"--5", "5"},
    {"- -5", "5"},
    {"+-+5", "-5"},
    {"3 - -2", "5"},
    {"3 * -2", "-6"},
    {"−7 + 2", "-5"},
    {"12 − 7", "5"},
    {"12 – 7", "5"},
    {"2 + 3 * 4", "14"},
    {"(2 + 3) * 4", "20"},
    {"10 - 4 - 3", "3"},
    {"2 * 3 ^ 2", "18"},
    {"100 / 10 * 2", "20"},
    {"1/3 + 1/6", "1/2"},
    {"0.1 + 0.2", "3/10"},
    {"16.83", "1683/100"},
    {"1e-5 * 3", "3/100000"},
    {"1.5E3", "1500"},
    {"2.5e+2", "250"},
    {"½ + ¼", "3/4"},
    {"2½ * 2", "5"},
    {"⅓ * 3", "1"},
    {"3 \\times 4", "12"},
    {"3 \\cdot 4", "12"},
    {"12 \\div 4", "3"},
    {"\\frac{3}{4} * 4", "3"},
    {"\\dfrac{1}{2} + \\tfrac{1}{4}", "3/4"},
    {"\\left( 2 + 3 \\right) * 2", "10"},
    {"  42  ", "42"},
    {"1\xC2\xA0+\xC2\xA0"
     "2",
     "3"},
    {"9999999999 * 9999999999", "99999999980000000001"},
    {"123456789012345678901234567890 + 1", "123456789012345678901234567891"},
    {"9223372036854775807 + 1", "9223372036854775808"},
    {"-9223372036854775807 - 1", "-9223372036854775808"},
    {"-9223372036854775808 // -1", "9223372036854775808"},
    {"4611686018427387904 * 2 - 1", "9223372036854775807"},
    {"10^18 * 10^18 / 10^36", "1"},
    {"0.000000000000000000001 * 10^21", "1"},
    {"1,000,000 / 1,000", "1000"},
    {"(1/7) * 7", "1"},
    {"2 * 3 x 4 × 5 · 6", "720"},
};

TEST(Evaluate, TableOfValues) {
  for (const ValueCase& c : kValues) {
    auto r = evaluate(c.expr);
    ASSERT_TRUE(r.ok()) << c.expr << ": " << r.error().message;
    EXPECT_EQ(r->value, Rational(c.value)) << c.expr << " gave " << r->value.get_str();
    EXPECT_EQ(r->end, std::string_view(c.expr).size()) << c.expr;
  }
}

TEST(Evaluate, ReuseOfOutputStorageGivesTheSameResults) {
  Parsed out;
  for (int round = 0; round < 2; ++round) {
    for (const ValueCase& c : kValues) {
      ASSERT_TRUE(evaluate_into(c.expr, out).ok()) << c.expr;
      EXPECT_EQ(out.value, Rational(c.value)) << c.expr;
      auto fresh = evaluate(c.expr);
      ASSERT_EQ(out.operands.size(), fresh->operands.size()) << c.expr;
      EXPECT_EQ(out.ops, fresh->ops) << c.expr;
    }
  }
}

struct ErrorCase {
  const char* expr;
  const char* message;  // the full message
};

const ErrorCase kErrors[] = {
    {"3+", "col 3: expected a number or '(' at the end"},
    {"3 +", "col 4: expected a number or '(' at the end"},
    {"()", "col 2: expected a number or '(', found ')'"},
    {"", "col 1: expected a number or '(' at the end"},
    {"   ", "col 4: expected a number or '(' at the end"},
    {"3//0", "col 2: division by zero"},
    {"3/0", "col 2: division by zero"},
    {"3 / (2 - 2)", "col 3: division by zero"},
    {"3 ÷ 0", "col 3: division by zero"},
    {"\\frac{1}{0}", "col 1: division by zero"},
    {"0^-1", "col 2: division by zero"},
    {"0**-2", "col 2: division by zero"},
    {"(3+4", "col 5: expected ')' to close col 1"},
    {"((3+4)", "col 7: expected ')' to close col 1"},
    {"(3+4]", "col 5: expected ')' to close col 1"},
    {"3+4)", "col 4: unbalanced ')'"},
    {"3 4", "col 3: unexpected '4'"},
    {"1,2", "col 2: ',' is not an operator (a list? thousands separators need groups of 3 digits)"},
    {"1,0800",
     "col 2: ',' is not an operator (a list? thousands separators need groups of 3 digits)"},
    {"1234,567",
     "col 5: ',' is not an operator (a list? thousands separators need groups of 3 digits)"},
    {"2.", "col 2: unexpected '.'"},
    {"3 = 3", "col 3: unexpected '='"},
    {"x", "col 1: expected a number or '(', found 'x'"},
    {"3x", "col 3: expected a number or '(' at the end"},
    {"1-1/e", "col 5: expected a number or '(', found 'e'"},
    {"2^0.5", "col 2: the result is not a rational number"},
    {"(-4)^(1/2)", "col 5: the result is not a rational number"},
    {"9^9^9^9", "col 4: exponent too large (limit 4096)"},
    {"2^5000", "col 2: exponent too large (limit 4096)"},
    {"10^4000", "col 3: number too large (over 8192 bits)"},
    {"3 % 2", "col 5: unexpected '2'"},
    {"3 apples", "col 3: unexpected 'a'"},
    {"\\sqrt{4}", "col 1: expected a number or '(', found '\\'"},
};

TEST(Evaluate, TableOfErrors) {
  for (const ErrorCase& c : kErrors) {
    auto r = evaluate(c.expr);
    ASSERT_FALSE(r.ok()) << c.expr << " gave " << r->value.get_str();
    EXPECT_EQ(r.error().message, c.message) << c.expr;
  }
}

TEST(Evaluate, HostileExponentTowerFailsFast) {
  auto r = evaluate("9^9^9^9^9^9^9^9^9^9");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("exponent too large"), std::string::npos);
  // Exponents within the limit whose result would be huge are refused before computing.
  r = evaluate("99999^4096");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("number too large"), std::string::npos);
  r = evaluate("((2^4096)^4096)^4096");
  ASSERT_FALSE(r.ok());
}

TEST(Evaluate, TenThousandNestedParenthesesFailFast) {
  std::string s(10000, '(');
  s += "1";
  s += std::string(10000, ')');
  Limits big;
  big.max_length = 1 << 20;
  auto r = evaluate(s, big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "col 65: nesting too deep (limit 64)");
  // The same within the default length limit reports the length first.
  r = evaluate(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression too long"), std::string::npos);
}

TEST(Evaluate, DeepNestingOfSignsAndPowersIsBounded) {
  Limits big;
  big.max_length = 1 << 20;
  std::string signs(100000, '-');
  signs += "1";
  auto r = evaluate(signs, big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nesting too deep"), std::string::npos);
  std::string tower;
  for (int i = 0; i < 50000; ++i) tower += "1^";
  tower += "1";
  r = evaluate(tower, big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nesting too deep"), std::string::npos);
  // A limit set absurdly high is still capped, so the native stack is never at risk.
  big.max_depth = 1 << 30;
  std::string parens(200000, '(');
  r = evaluate(parens + "1", big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nesting too deep (limit 1000)"), std::string::npos);
}

TEST(Evaluate, OneMegabyteNumberFailsFast) {
  std::string digits(1 << 20, '7');
  auto r = evaluate(digits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "col 4097: expression too long (1048576 bytes, limit 4096)");
  Limits big;
  big.max_length = 1 << 21;
  r = evaluate(digits, big);  // refused from its digit count, never converted
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "col 1: number too large (over 8192 bits)");
  r = evaluate("0." + digits, big);
  ASSERT_FALSE(r.ok());
  r = evaluate("1e999999999", big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "col 1: number too large (over 8192 bits)");
}

TEST(Evaluate, LongChainsOfOperationsStayWithinTheBitLimit) {
  std::string s = "2";
  for (int i = 0; i < 2000; ++i) s += "*99999999";
  Limits big;
  big.max_length = 1 << 20;
  auto r = evaluate(s, big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("number too large"), std::string::npos);
}

TEST(Evaluate, OperandsCarryOffsetsAndFlags) {
  auto r = evaluate("3 x $1,080.50 + 25% of 8^2");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->operands.size(), 5u);
  const auto& ops = r->operands;
  EXPECT_EQ(ops[0].number.begin, 0u);
  EXPECT_EQ(ops[0].number.end, 1u);
  EXPECT_EQ(ops[1].number.begin, 4u);
  EXPECT_EQ(ops[1].number.end, 13u);
  EXPECT_TRUE(ops[1].number.currency);
  EXPECT_TRUE(ops[1].number.thousands);
  EXPECT_EQ(ops[1].number.decimals, 2);
  EXPECT_EQ(ops[1].number.form, Form::kDecimal);
  EXPECT_EQ(ops[1].number.value, Rational(2161, 2));
  EXPECT_TRUE(ops[2].number.percent);
  EXPECT_EQ(ops[2].number.value, Rational(1, 4));
  EXPECT_FALSE(ops[3].exponent);
  EXPECT_TRUE(ops[4].exponent);
  EXPECT_EQ(r->ops, 4);
  EXPECT_EQ(r->value, Rational(3 * 2161, 2) + 16);
}

TEST(Evaluate, UnarySignIsAnOperatorNotPartOfTheOperand) {
  auto r = evaluate("-7");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->operands.size(), 1u);
  EXPECT_EQ(r->operands[0].number.value, 7);
  EXPECT_EQ(r->operands[0].number.begin, 1u);
  EXPECT_EQ(r->ops, 1);
}

TEST(EvaluatePrefix, StopsAtTheLongestExpression) {
  struct Case {
    const char* text;
    const char* value;
    size_t end;
  } cases[] = {
      {"3 x $4 = $12", "12", 6},
      {"12 + 14 = 26 dollars", "26", 7},
      {"3 + 4 +", "7", 5},
      {"3 + 4 + apples", "7", 5},
      {"5 (five) apples", "5", 1},
      {"3 xylophones", "3", 1},
      {"50% of 80 is 40", "40", 9},
      {"2 1/2 cups", "5/2", 5},
      {"24.", "24", 2},
      {"1,080 and more", "1080", 5},
      {"1,2,3", "1", 1},
      {"  7*6=42", "42", 5},
  };
  for (const Case& c : cases) {
    auto r = evaluate_prefix(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->value, Rational(c.value)) << c.text;
    EXPECT_EQ(r->end, c.end) << c.text;
  }
}

TEST(EvaluatePrefix, FailsWhenNoExpressionStartsOrALimitIsHit) {
  EXPECT_FALSE(evaluate_prefix("apples").ok());
  EXPECT_FALSE(evaluate_prefix("").ok());
  EXPECT_EQ(evaluate_prefix("3/0 apples").error().message, "col 2: division by zero");
  EXPECT_FALSE(evaluate_prefix("(3 + 4 apples) * 2").ok());
  std::string long_text(5000, '1');
  EXPECT_FALSE(evaluate_prefix(long_text).ok());
  EXPECT_TRUE(evaluate_prefix("12 " + long_text).ok());
}

}  // namespace
}  // namespace stepwise::calc

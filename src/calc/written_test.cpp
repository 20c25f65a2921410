// Tests of how a written number relates to an exact value, and of the canonical text.
#include <gtest/gtest.h>

#include "calc/calc.h"

namespace stepwise::calc {
namespace {

struct WrittenCase {
  const char* exact;    // an expression for the exact value
  const char* written;  // one written number
  bool rounding_allowed;
  WrittenMatch expect;
};

const WrittenCase kWritten[] = {
    // Exact equality, in any form.
    {"12", "12", false, WrittenMatch::kExact},
    {"12", "12.00", false, WrittenMatch::kExact},
    {"1080", "1,080", false, WrittenMatch::kExact},
    {"1/2", "50%", false, WrittenMatch::kExact},
    {"1/2", "0.5", false, WrittenMatch::kExact},
    {"3/4", "3/4", false, WrittenMatch::kExact},
    {"-7", "-7", false, WrittenMatch::kExact},
    // Floating-point print noise: >= 12 significant digits, within 1e-9 relative.
    {"16.83", "16.830000000000002", false, WrittenMatch::kFloatNoise},
    {"0.1 + 0.2", "0.30000000000000004", false, WrittenMatch::kFloatNoise},
    {"3", "2.9999999999999996", false, WrittenMatch::kFloatNoise},
    {"1/3", "0.3333333333333333", false, WrittenMatch::kFloatNoise},
    {"2/3", "0.6666666666666666", false, WrittenMatch::kFloatNoise},
    {"-16.83", "-16.830000000000002", false, WrittenMatch::kFloatNoise},
    {"0.00001", "1.0000000000000001e-05", false, WrittenMatch::kFloatNoise},
    {"0", "5.551115123125783e-17", false, WrittenMatch::kFloatNoise},
    {"1/3", "0.33333333333", false, WrittenMatch::kNo},       // 11 digits: not a double print
    {"16.83", "16.830000002", false, WrittenMatch::kNo},      // 1.2e-10 rel but 11 digits
    {"16.83", "16.8300001000000", false, WrittenMatch::kNo},  // 15 digits, 6e-9 relative
    {"3", "3.0000000001", true, WrittenMatch::kNo},           // 11 digits, not a rounding
    {"0", "0.000000000001000001", false, WrittenMatch::kNo},  // 7 significant digits
    // Rounding to the places written, only when allowed.
    {"4/3", "1.33", true, WrittenMatch::kRounded},
    {"4/3", "1.33", false, WrittenMatch::kNo},
    {"4/3", "1.3", true, WrittenMatch::kRounded},
    {"4/3", "1.34", true, WrittenMatch::kNo},
    {"5/3", "1.67", true, WrittenMatch::kRounded},
    {"5/3", "1.66", true, WrittenMatch::kNo},
    {"1/3", "33.33%", true, WrittenMatch::kRounded},
    {"1/3", "33%", true, WrittenMatch::kRounded},
    {"1/3", "34%", true, WrittenMatch::kNo},
    {"0.125", "0.13", true, WrittenMatch::kRounded},  // a tie: either neighbour
    {"0.125", "0.12", true, WrittenMatch::kRounded},
    {"25/3", "8", true, WrittenMatch::kNo},  // an integer is never a rounding
    {"-4/3", "-1.33", true, WrittenMatch::kRounded},
    {"1523000", "1.5 million", true, WrittenMatch::kRounded},
    {"1/7", "1.4e-1", true, WrittenMatch::kRounded},
};

TEST(ClassifyWritten, TableOfCases) {
  for (const WrittenCase& c : kWritten) {
    auto exact = evaluate(c.exact);
    ASSERT_TRUE(exact.ok()) << c.exact;
    auto w = parse_number(c.written);
    ASSERT_TRUE(w.ok()) << c.written << ": " << w.error().message;
    EXPECT_EQ(classify_written(exact->value, *w, c.rounding_allowed), c.expect)
        << c.written << " for " << c.exact;
    EXPECT_EQ(matches_written(exact->value, *w, c.rounding_allowed), c.expect != WrittenMatch::kNo)
        << c.written << " for " << c.exact;
  }
}

TEST(RoundsTo, IntegersAndHalfUnits) {
  EXPECT_TRUE(rounds_to(Rational(25, 3), *parse_number("8")));
  EXPECT_FALSE(rounds_to(Rational(25, 3), *parse_number("9")));
  EXPECT_TRUE(rounds_to(Rational(17, 2), *parse_number("9")));  // 8.5: half a unit
  EXPECT_TRUE(rounds_to(Rational(17, 2), *parse_number("8")));
  EXPECT_FALSE(rounds_to(Rational(1, 3), *parse_number("1/2")));  // fractions are never rounded
}

TEST(ToText, CanonicalForms) {
  struct Case {
    const char* value;
    const char* text;
  } cases[] = {
      {"12", "12"},         {"-12", "-12"},    {"0", "0"},
      {"5/2", "2.5"},       {"-3/4", "-0.75"}, {"1/8", "0.125"},
      {"1/3", "1/3"},       {"-2/3", "-2/3"},  {"1/100000", "0.00001"},
      {"2161/2", "1080.5"},
  };
  for (const Case& c : cases) EXPECT_EQ(to_text(Rational(c.value)), c.text) << c.value;
  mpz_class two_60 = mpz_class(1) << 60;
  EXPECT_EQ(to_text(Rational(mpz_class(1), two_60)), "1/" + two_60.get_str());  // > 20 places
}

}  // namespace
}  // namespace stepwise::calc

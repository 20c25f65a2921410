// Tests of numbers as written: parse_number (exactly one) and find_numbers (in prose).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calc/calc.h"

namespace stepwise::calc {
namespace {

struct NumberCase {
  const char* text;
  const char* value;
  int decimals;
  int digits;
  Form form;
  bool percent, currency, thousands;
};

const NumberCase kNumbers[] = {
    {"12", "12", -1, 2, Form::kInteger, false, false, false},
    {"-7", "-7", -1, 1, Form::kInteger, false, false, false},
    {"−7", "-7", -1, 1, Form::kInteger, false, false, false},
    {"+7", "7", -1, 1, Form::kInteger, false, false, false},
    {"2.5", "5/2", 1, 2, Form::kDecimal, false, false, false},
    {".25", "1/4", 2, 2, Form::kDecimal, false, false, false},
    {"0.0250", "1/40", 4, 3, Form::kDecimal, false, false, false},
    {"1,080", "1080", -1, 4, Form::kInteger, false, false, true},
    {"22,500", "22500", -1, 5, Form::kInteger, false, false, true},
    {"1,234,567", "1234567", -1, 7, Form::kInteger, false, false, true},
    {"$1,080.50", "2161/2", 2, 6, Form::kDecimal, false, true, true},
    {"$4", "4", -1, 1, Form::kInteger, false, true, false},
    {"$ 4", "4", -1, 1, Form::kInteger, false, true, false},
    {"-$4.50", "-9/2", 2, 3, Form::kDecimal, false, true, false},
    {"\\$18.90", "189/10", 2, 4, Form::kDecimal, false, true, false},
    {"€20", "20", -1, 2, Form::kInteger, false, true, false},
    {"£3.99", "399/100", 2, 3, Form::kDecimal, false, true, false},
    {"20€", "20", -1, 2, Form::kInteger, false, true, false},
    {"5%", "1/20", -1, 1, Form::kInteger, true, false, false},
    {"5 %", "1/20", -1, 1, Form::kInteger, true, false, false},
    {"33.33%", "3333/10000", 2, 4, Form::kDecimal, true, false, false},
    {"12 percent", "3/25", -1, 2, Form::kInteger, true, false, false},
    {"3/4", "3/4", -1, 1, Form::kFraction, false, false, false},
    {"-3/4", "-3/4", -1, 1, Form::kFraction, false, false, false},
    {"2 1/2", "5/2", -1, 1, Form::kMixed, false, false, false},
    {"2½", "5/2", -1, 1, Form::kMixed, false, false, false},
    {"¾", "3/4", -1, 1, Form::kFraction, false, false, false},
    {"1.5 million", "1500000", 1, 2, Form::kDecimal, false, false, false},
    {"3 billion", "3000000000", -1, 1, Form::kInteger, false, false, false},
    {"1e-05", "1/100000", -1, 1, Form::kDecimal, false, false, false},
    {"16.830000000000002", "8415000000000001/500000000000000", 15, 17, Form::kDecimal, false, false,
     false},
    {"  42 ", "42", -1, 2, Form::kInteger, false, false, false},
};

TEST(ParseNumber, TableOfNumbers) {
  for (const NumberCase& c : kNumbers) {
    auto r = parse_number(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->value, Rational(c.value)) << c.text << " gave " << r->value.get_str();
    EXPECT_EQ(r->decimals, c.decimals) << c.text;
    EXPECT_EQ(r->digits, c.digits) << c.text;
    EXPECT_EQ(r->form, c.form) << c.text;
    EXPECT_EQ(r->percent, c.percent) << c.text;
    EXPECT_EQ(r->currency, c.currency) << c.text;
    EXPECT_EQ(r->thousands, c.thousands) << c.text;
  }
}

TEST(ParseNumber, ScaleAndExponentAreRecorded) {
  EXPECT_EQ(parse_number("1.5 million")->exp10, 6);
  EXPECT_TRUE(parse_number("1.5 million")->scaled);
  EXPECT_EQ(parse_number("1.5e-05")->exp10, -5);
  EXPECT_TRUE(parse_number("-7")->negative);
}

TEST(ParseNumber, RejectsAnythingButOneNumber) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"", "col 1: expected a number"},
      {"apples", "col 1: expected a number"},
      {"3 apples", "col 2: unexpected text after the number"},
      {"1,2", "col 2: unexpected text after the number"},
      {"3 + 4", "col 2: unexpected text after the number"},
      {"3/0", "col 2: unexpected text after the number"},
      {"$", "col 1: expected a number"},
      {"- 5", "col 1: expected a number"},
  };
  for (const Case& c : cases) {
    auto r = parse_number(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().message, c.message) << c.text;
  }
  std::string huge(1 << 20, '9');
  auto r = parse_number(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "col 1: number too long (over 1000 digits)");
}

// The numbers found, as "text=value" with the text cut from the offsets.
std::vector<std::string> found(std::string_view text, const FindOptions& opts = {}) {
  std::vector<std::string> out;
  for (const Number& n : find_numbers(text, opts)) {
    out.push_back(std::string(text.substr(n.begin, n.end - n.begin)) + "=" + n.value.get_str());
  }
  return out;
}

using V = std::vector<std::string>;

TEST(FindNumbers, TableOfSentences) {
  struct Case {
    const char* text;
    V expect;
  } cases[] = {
      {"3 pens at $4 each, 25% off", {"3=3", "$4=4", "25%=1/4"}},
      {"Ann pays $1,080.50 in total.", {"$1,080.50=2161/2"}},
      {"The temperature is -7 degrees", {"-7=-7"}},
      {"12-7=5", {"12=12", "7=7", "5=5"}},
      {"12 - 7 = 5", {"12=12", "7=7", "5=5"}},
      {"x=-3", {"-3=-3"}},
      {"(-3)", {"-3=-3"}},
      {"COVID-19", {"19=19"}},
      {"Step 1: add 2.5 cups", {"1=1", "2.5=5/2"}},
      {"1st, 2nd and 3rd", {"1=1", "2=2", "3=3"}},
      {"1. First 2. Second", {"1=1", "2=2"}},
      {"costs 5.", {"5=5"}},
      {"3/4 of the cake", {"3/4=3/4"}},
      {"2 1/2 hours", {"2 1/2=5/2"}},
      {"on 12/25/2020", {"12=12", "25=25", "2020=2020"}},
      {"1,2,3", {"1=1", "2=2", "3=3"}},
      {"1, 2, 3", {"1=1", "2=2", "3=3"}},
      {"1,234,5", {"1=1", "234=234", "5=5"}},
      {"scores 100,200,300", {"100,200,300=100200300"}},
      {"version 1.2.3", {"1.2=6/5", "3=3"}},
      {"1.5 million people", {"1.5 million=1500000"}},
      {"a 5 % rise", {"5 %=1/20"}},
      {"12 percent", {"12 percent=3/25"}},
      {"½ cup", {"½=1/2"}},
      {"3x4", {"3=3", "4=4"}},
      {"ratio 3:4", {"3=3", "4=4"}},
      {"no numbers here", {}},
      {"", {}},
      {"$ and %", {}},
      {"-", {}},
      {"1e-05 s", {"1e-05=1/100000"}},
      {"at 0.30000000000000004", {"0.30000000000000004=7500000000000001/25000000000000000"}},
      {"3 x $4 = $12", {"3=3", "$4=4", "$12=12"}},
      {"5€ and 7 €", {"5€=5", "7 €=7"}},
  };
  for (const Case& c : cases) EXPECT_EQ(found(c.text), c.expect) << c.text;
}

TEST(FindNumbers, OptionsTurnOffFractionsAndScaleWords) {
  FindOptions opts;
  opts.fractions = false;
  opts.scale_words = false;
  EXPECT_EQ(found("3/4 and 2 1/2 and 1.5 million", opts),
            (V{"3=3", "4=4", "2=2", "1=1", "2=2", "1.5=3/2"}));
}

TEST(FindNumbers, OverlongDigitRunsAreSkippedInLinearTime) {
  std::string text = "a " + std::string(1 << 20, '8') + " b 42";
  EXPECT_EQ(found(text), (V{"42=42"}));
  // Lists of thousands groups never rescan: this would be quadratic otherwise.
  std::string groups;
  for (int i = 0; i < 200000; ++i) groups += "111,";
  groups += "11";
  EXPECT_EQ(find_numbers(groups).size(), 200001u);
  std::string signs(1 << 20, '-');
  EXPECT_TRUE(find_numbers(signs).empty());
  std::string exp = "1e" + std::string(100000, '9');
  EXPECT_TRUE(find_numbers(exp).empty());
}

TEST(FindNumbers, IntoReusesStorage) {
  std::vector<Number> out;
  find_numbers_into("1 2 3 4", out);
  EXPECT_EQ(out.size(), 4u);
  find_numbers_into("$5", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, 5);
  EXPECT_TRUE(out[0].currency);
  find_numbers_into("none", out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace stepwise::calc

#include "curate/computations.h"

#include <gtest/gtest.h>

#include "curate/difficulty.h"

namespace stepwise::curate {
namespace {

trace::Trace make(std::string question, std::vector<std::string> steps) {
  trace::Trace t;
  t.question = std::move(question);
  for (auto& s : steps) t.steps.push_back({std::move(s), json::Value::object()});
  return t;
}

const char* kShop =
    "Ann buys 3 pens at $4 each and 2 books at $7 each. She pays with $50. How much change?";

TEST(CanonicalNumber, StripsGroupingAndZeros) {
  EXPECT_EQ(canonical_number("1,234.50"), "1234.5");
  EXPECT_EQ(canonical_number("007"), "7");
  EXPECT_EQ(canonical_number(".5"), "0.5");
  EXPECT_EQ(canonical_number("3."), "3");
  EXPECT_EQ(canonical_number("0.0"), "0");
  EXPECT_EQ(canonical_number("1.2.3"), "1.2.3");  // not a number: unchanged
}

TEST(ParseExpr, PrecedenceParenthesesAndUnaryMinus) {
  auto e = parse_expr("2 + 3 * (4 - -1)");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->op, '+');
  EXPECT_EQ(e->kids[1].op, '*');
  EXPECT_EQ(e->kids[1].kids[1].op, '-');
  EXPECT_EQ(e->kids[1].kids[1].kids[1].op, '~');
  EXPECT_FALSE(parse_expr("2 +"));
  EXPECT_FALSE(parse_expr("(2"));
  EXPECT_FALSE(parse_expr("two"));
  EXPECT_FALSE(parse_expr(""));
  EXPECT_FALSE(parse_expr(std::string(100, '(') + "1" + std::string(100, ')')));
}

TEST(ExtractComputations, AnnotationsWinOverTheInlineText) {
  auto t = make(kShop, {"Pens cost 3*4=<<3*4=12>>12 dollars.", "So 12 + 14 = 26."});
  auto c = extract_computations(t);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].result, "12");
  EXPECT_EQ(c[0].step, 0);
  EXPECT_EQ(c[1].result, "26");
  EXPECT_EQ(c[1].step, 1);
}

TEST(ExtractComputations, InlineEquationsChainsAndOperatorSpellings) {
  auto t = make("q", {"3 × 4 + 2 = 12 + 2 = 14.", "She pays $1,000 ÷ 8 = $125.", "5 x 6 = 30",
                      "The box holds 10 eggs = a lot", "9 − 4 = 5"});
  auto c = extract_computations(t);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].result, "14");  // every part of a chain equals its last number
  EXPECT_EQ(c[0].expr.op, '+');
  EXPECT_EQ(c[1].result, "14");
  EXPECT_EQ(c[2].result, "125");
  EXPECT_EQ(c[2].expr.kids[0].number, "1000");
  EXPECT_EQ(c[3].result, "30");
  EXPECT_EQ(c[4].result, "5");
}

TEST(PathText, OperandsBecomeReferences) {
  auto t = make(kShop, {"Pens: 3*4=<<3*4=12>>12.", "Books: 2*7=<<2*7=14>>14.",
                        "Total: 12+14=<<12+14=26>>26.", "Change: 50-26=<<50-26=24>>24."});
  EXPECT_EQ(path_text(t, extract_computations(t)), "(q0*q1);(q2*q3);(s0+s1);(q4-s2)");
}

TEST(PathText, SameComputationsInOtherWordsAndOperandOrderAreOnePath) {
  auto a = make(kShop, {"Pens cost 3*4=<<3*4=12>>12.", "Books 2*7=<<2*7=14>>14.",
                        "Sum 12+14=<<12+14=26>>26.", "Change 50-26=<<50-26=24>>24."});
  auto b = make(kShop, {"The pens come to 4 x 3 = 12 dollars.", "The books: 7 * 2 = 14.",
                        "Altogether 14 + 12 = 26.", "She gets 50 - 26 = 24 back."});
  EXPECT_EQ(path_key(a, extract_computations(a)), path_key(b, extract_computations(b)));
}

TEST(PathText, DifferentOrderOrMethodIsAnotherPath) {
  auto a = make(kShop, {"3*4=<<3*4=12>>12", "2*7=<<2*7=14>>14", "12+14=<<12+14=26>>26",
                        "50-26=<<50-26=24>>24"});
  auto order = make(kShop, {"2*7=<<2*7=14>>14", "3*4=<<3*4=12>>12", "14+12=<<14+12=26>>26",
                            "50-26=<<50-26=24>>24"});
  auto method = make(kShop, {"50-12=<<50-12=38>>38", "38-14=<<38-14=24>>24"});
  auto ka = path_key(a, extract_computations(a));
  EXPECT_NE(ka, path_key(order, extract_computations(order)));
  EXPECT_NE(ka, path_key(method, extract_computations(method)));
}

TEST(PathText, ConstantsAndNumberWordsOfTheQuestion) {
  auto t = make("Tom has three dozen eggs.", {"3 * 12 = 36", "36 / 100 = 0.36"});
  EXPECT_EQ(path_text(t, extract_computations(t)), "(q0*q1);(s0/k100)");
}

TEST(PathText, WithoutComputationsFallsBackToTheWords) {
  auto t = make("Ann has 3 pens.", {"She has 3 pens", "so the answer is 3"});
  EXPECT_EQ(path_text(t, extract_computations(t)), "text: She has q0 pens | so the answer is q0 |");
}

TEST(ArithmeticLoad, CountsOperationsDigitsAndCarries) {
  auto t =
      make("q", {"58 + 67 = 125", "100 - 1 = 99", "12 * 34 = 408", "99 * 9 = 891", "96 / 8 = 12"});
  ArithmeticLoad load = arithmetic_load(extract_computations(t));
  EXPECT_EQ(load.operations, 5);
  EXPECT_EQ(load.max_digits, 3);
  // 58+67: 2 carries; 100-1: 2 borrows; 12*34: none >= 10; 99*9: 2; 96/8: quotient 12 -> 2.
  EXPECT_EQ(load.carries, 2 + 2 + 0 + 2 + 2);
}

TEST(Difficulty, ScoreIsTheDocumentedWeightedSum) {
  auto t = make("Ann has 3 pens, and Ben has 4. How many in all?", {"3 + 4 = 7"});
  t.meta = json::Value::object();
  t.meta.set("difficulty", json::Value::number(int64_t{2}));
  DifficultyFeatures f = difficulty_features(t, extract_computations(t));
  EXPECT_EQ(f.steps, 1);
  EXPECT_EQ(f.operations, 1);
  EXPECT_EQ(f.max_digits, 1);
  EXPECT_EQ(f.carries, 0);
  EXPECT_EQ(f.clauses, 3);  // "Ann has 3 pens" / "Ben has 4" / "How many in all"
  ASSERT_TRUE(f.meta);
  EXPECT_DOUBLE_EQ(difficulty_score(f, {}), 1 + 0.5 + 0.5 + 0 + 0.75 + 2);
  t.meta = json::Value();
  EXPECT_DOUBLE_EQ(difficulty_score(difficulty_features(t, extract_computations(t)), {}), 2.75);
}

TEST(Difficulty, MoreStepsAndCarriesScoreHigher) {
  auto easy = make("Add 2 and 3.", {"2 + 3 = 5"});
  auto hard = make("Add 587 and 698, then times 7.", {"587 + 698 = 1285", "1285 * 7 = 8995"});
  EXPECT_LT(difficulty_score(difficulty_features(easy, extract_computations(easy)), {}),
            difficulty_score(difficulty_features(hard, extract_computations(hard)), {}));
}

}  // namespace
}  // namespace stepwise::curate

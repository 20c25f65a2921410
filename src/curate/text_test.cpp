#include "curate/text.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace stepwise::curate {
namespace {

std::vector<std::string> texts(std::string_view s) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(s)) out.emplace_back(t.text);
  return out;
}

TEST(Tokenize, NumbersKeepGroupsAndDecimalsButNotMoneyOrPercent) {
  EXPECT_EQ(texts("Pay $1,234.50 now, 12% off."),
            (std::vector<std::string>{"Pay", "$", "1,234.50", "now", ",", "12", "%", "off", "."}));
  // A comma not followed by exactly three digits is punctuation.
  EXPECT_EQ(texts("3,4 and 1,2345"),
            (std::vector<std::string>{"3", ",", "4", "and", "1", ",", "2345"}));
}

TEST(Tokenize, WordsKeepApostrophesAndHyphens) {
  EXPECT_EQ(texts("Ann's well-known toy-car isn't 'new'"),
            (std::vector<std::string>{"Ann's", "well-known", "toy-car", "isn't", "'", "new", "'"}));
}

TEST(ExactKey, IgnoresWhitespaceRunsButNotContent) {
  EXPECT_EQ(exact_key("a  b\n c "), exact_key(" a b c"));
  EXPECT_NE(exact_key("a b c"), exact_key("a b d"));
  EXPECT_NE(exact_key("ab c"), exact_key("a bc"));
}

TEST(ProblemKey, UsesProblemIdWhenPresentElseTheQuestion) {
  trace::Trace a, b;
  a.question = "How many apples?";
  b.question = "how   many APPLES ?";
  EXPECT_EQ(problem_key(a), problem_key(b));  // case and spacing do not matter
  a.meta = json::Value::object();
  a.meta.set("problem_id", json::Value::string("p7"));
  EXPECT_NE(problem_key(a), problem_key(b));
  b.question = "Something else entirely";
  b.meta = a.meta;
  EXPECT_EQ(problem_key(a), problem_key(b));
}

TEST(NgramHashes, FindsASharedThirteenWordSpan) {
  std::string eval =
      "A farmer has 17 cows and sells 5 of them at the market on Monday morning before lunch.";
  std::string train = "Here is a story. " + eval + " What is left?";
  auto e = ngram_hashes(eval, 13);
  auto t = ngram_hashes(train, 13);
  EXPECT_EQ(e.size(), 18u - 13u + 1u);
  bool shared = std::any_of(t.begin(), t.end(),
                            [&](uint64_t h) { return std::count(e.begin(), e.end(), h) > 0; });
  EXPECT_TRUE(shared);
  auto other = ngram_hashes("A farmer has 18 cows and sells 5 of them at the market.", 13);
  EXPECT_TRUE(std::none_of(other.begin(), other.end(),
                           [&](uint64_t h) { return std::count(e.begin(), e.end(), h) > 0; }));
}

TEST(NgramHashes, ShortQuestionGivesOneHashOfAllWords) {
  EXPECT_EQ(ngram_hashes("What is 2 + 3?", 13).size(), 1u);
  EXPECT_EQ(ngram_hashes("What is 2 + 3?", 13), ngram_hashes("what IS 2 3", 13));
  EXPECT_TRUE(ngram_hashes("?!", 13).empty());
}

TEST(TemplateText, ReplacesNumbersNamesPronounsAndItems) {
  EXPECT_EQ(template_text("Ann buys 3 pens at $4 each. She pays with $50."),
            "<name> buys # <item> at # each <pro> pays with #");
}

TEST(TemplateText, SameTemplateWithOtherNumbersNamesAndItems) {
  const char* a =
      "Ann buys 3 pens at $4 each and 2 books at $7 each. She pays with $50. How much change "
      "does she get?";
  const char* b =
      "Omar buys 7 candles at $9 each and 4 plants at $11 each. He pays with $100. How much "
      "change does he get?";
  EXPECT_EQ(template_text(a), template_text(b));
  EXPECT_EQ(template_key(a), template_key(b));
}

TEST(TemplateText, LaterMentionsOfTheItemAndPossessivesToo) {
  EXPECT_EQ(template_text("Liam has 12 marbles. Liam's sister takes half of the marbles."),
            template_text("Maya has 30 stickers. Maya's sister takes half of the stickers."));
  EXPECT_EQ(template_text("Mary Ann has five apples."), template_text("Tom has 9 pears."));
}

TEST(TemplateText, DifferentStructureIsADifferentTemplate) {
  EXPECT_NE(template_key("Ann buys 3 pens at $4 each. How much does she pay?"),
            template_key("Ann sells 3 pens at $4 each. How much does she earn?"));
  EXPECT_NE(template_key("A train travels 60 miles in 2 hours. What is its speed?"),
            template_key("A train travels 60 miles in 2 days. What is its speed?"));
}

TEST(TemplateText, SentenceStartersAreNotNames) {
  EXPECT_EQ(template_text("How many? The box holds 4 eggs."), "how many the box holds # <item>");
}

TEST(ShingleHashes, OneHashPerWindow) {
  EXPECT_EQ(shingle_hashes("a b c d e f g", 5).size(), 3u);
  EXPECT_EQ(shingle_hashes("a b", 5).size(), 1u);
  EXPECT_TRUE(shingle_hashes("", 5).empty());
  EXPECT_EQ(shingle_hashes("A, b. C d e", 5), shingle_hashes("a b c d e", 5));
}

TEST(RecordText, QuestionStepsAndAnswer) {
  trace::Trace t;
  t.question = "Q?";
  t.steps = {{"s1", json::Value::object()}, {"s2", json::Value::object()}};
  t.answer = "7";
  EXPECT_EQ(record_text(t), "Q?\ns1\ns2\n7");
}

}  // namespace
}  // namespace stepwise::curate

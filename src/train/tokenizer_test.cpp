#include "train/tokenizer.h"

#include <gtest/gtest.h>

#include "train/shop_internal.h"

namespace stepwise::train {
namespace {

TEST(CharTokenizer, RoundTripsAndSplitsDigits) {
  Tokenizer tok = Tokenizer::build_char({"Ann buys 12 pens at $4 each.", "caf\xc3\xa9 50-26=24"});
  std::string text = "Ann buys 24 cups? caf\xc3\xa9";
  auto ids = tok.encode("1240");
  ASSERT_EQ(ids.size(), 4u);  // one token per digit
  for (int32_t id : ids) EXPECT_GE(id, Tokenizer::kNumSpecial);
  // 'y' 'u' 'c' '?' were seen ("buys", "cups" has c,u,p,s); '?' was not: it becomes <unk>.
  auto t = tok.encode(text);
  EXPECT_EQ(t.size(), 22u);  // "é" is one character
  EXPECT_EQ(tok.decode(tok.encode("Ann buys 24")), "Ann buys 24");
  EXPECT_NE(std::find(t.begin(), t.end(), Tokenizer::kUnk), t.end());
}

TEST(CharTokenizer, SavesAndLoads) {
  Tokenizer tok = Tokenizer::build_char({"abc 123"});
  auto back = Tokenizer::from_json(tok.to_json(), "");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->vocab_size(), tok.vocab_size());
  EXPECT_EQ(back->encode("cab 321"), tok.encode("cab 321"));
}

TEST(CharTokenizer, DecodeDropsSpecials) {
  Tokenizer tok = Tokenizer::build_char({"ab"});
  auto ids = tok.encode("ab");
  ids.insert(ids.begin(), Tokenizer::kBos);
  ids.push_back(Tokenizer::kEos);
  EXPECT_EQ(tok.decode(ids), "ab");
}

TEST(SentencePieceTokenizer, TrainsWithSplitDigitsAndRoundTrips) {
  std::vector<std::string> texts;
  for (const auto& t : make_shop_traces(400, 1)) {
    texts.push_back(t.question);
    for (const auto& s : t.steps) texts.push_back(s.text);
  }
  auto tok = Tokenizer::train_sentencepiece(texts, 400);
  ASSERT_TRUE(tok) << tok.error().message;
  EXPECT_EQ(tok->kind(), TokenizerKind::kSentencePiece);
  std::string s = "Bob buys 37 pens at $12 each.\n3*12=36";
  EXPECT_EQ(tok->decode(tok->encode(s)), s);
  EXPECT_EQ(tok->encode("9876").size(), 4u);  // split_digits: one piece per digit
  auto back = Tokenizer::from_json(tok->to_json(), tok->spm_model());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->encode(s), tok->encode(s));
}

}  // namespace
}  // namespace stepwise::train

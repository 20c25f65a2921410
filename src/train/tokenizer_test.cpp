#include "train/tokenizer.h"

#include <gtest/gtest.h>

#include "train/shop_internal.h"

namespace stepwise::train {
namespace {

// Questions and steps of generated shopping traces: text to train sentencepiece on.
std::vector<std::string> shop_texts() {
  std::vector<std::string> texts;
  for (const auto& t : make_shop_traces(400, 1)) {
    texts.push_back(t.question);
    for (const auto& s : t.steps) texts.push_back(s.text);
  }
  return texts;
}

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
  std::vector<std::string> texts = shop_texts();
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

// The place of each digit id of a place-digit tokenizer, in order (non-digits skipped).
std::vector<std::pair<int, int>> digit_places(const Tokenizer& tok,
                                              const std::vector<int32_t>& ids) {
  const int32_t base = tok.vocab_size() - 10 * Tokenizer::kPlaces;
  std::vector<std::pair<int, int>> out;  // (digit, place)
  for (int32_t id : ids)
    if (id >= base) out.emplace_back((id - base) % 10, (id - base) / 10 + Tokenizer::kPlaceMin);
  return out;
}

TEST(PlaceDigits, TagEachDigitWithItsPlaceAndRoundTrip) {
  Tokenizer tok = Tokenizer::build_char({"Ann pays $1,250.75 for 3 mugs, 12.5 kg. 123456789012"})
                      .with_place_digits();
  EXPECT_TRUE(tok.place_digits());
  using P = std::vector<std::pair<int, int>>;
  // Ones, tens, hundreds: the same digit in another place is another token.
  EXPECT_EQ(digit_places(tok, tok.encode("136+42=178")),
            (P{{1, 2}, {3, 1}, {6, 0}, {4, 1}, {2, 0}, {1, 2}, {7, 1}, {8, 0}}));
  EXPECT_NE(tok.encode("4")[0], tok.encode("40")[0]);
  // Thousands separators continue a number; decimals count down from tenths.
  EXPECT_EQ(digit_places(tok, tok.encode("$1,250.75")),
            (P{{1, 3}, {2, 2}, {5, 1}, {0, 0}, {7, -1}, {5, -2}}));
  // A comma that is not a thousands separator ends the number; a sentence's full stop too.
  EXPECT_EQ(digit_places(tok, tok.encode("3 mugs, 12,5 and 7.")),
            (P{{3, 0}, {1, 1}, {2, 0}, {5, 0}, {7, 0}}));
  // Past the last place, higher digits share it; the text still comes back whole.
  auto big = digit_places(tok, tok.encode("123456789012"));
  EXPECT_EQ(big.front(), (std::pair<int, int>{1, Tokenizer::kPlaceMax}));
  EXPECT_EQ(big.back(), (std::pair<int, int>{2, 0}));
  EXPECT_EQ(digit_places(tok, tok.encode("0.123456")).back(),
            (std::pair<int, int>{6, Tokenizer::kPlaceMin}));
  for (std::string s : {"Ann pays $1,250.75 for 3 mugs, 12.5 kg.", "123456789012", "0.123456",
                        "1,2345", ",123", "7.", ".5", "", "9"})
    EXPECT_EQ(tok.decode(tok.encode(s)), s) << s;
}

TEST(PlaceDigits, SaveLoadAndPieces) {
  Tokenizer plain = Tokenizer::build_char({"abc 123"});
  const int32_t base = plain.vocab_size();
  Tokenizer tok = Tokenizer::build_char({"abc 123"}).with_place_digits();
  EXPECT_EQ(tok.vocab_size(), base + 10 * Tokenizer::kPlaces);
  auto pieces = tok.pieces();
  ASSERT_EQ(pieces.size(), static_cast<size_t>(tok.vocab_size()));
  EXPECT_EQ(pieces[static_cast<size_t>(tok.encode("7")[0])], "<7@0>");
  EXPECT_EQ(pieces[static_cast<size_t>(tok.encode("70")[0])], "<7@1>");
  auto back = Tokenizer::from_json(tok.to_json(), "");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->place_digits());
  EXPECT_EQ(back->encode("cab 3210"), tok.encode("cab 3210"));
  auto j = tok.to_json();
  j.set("digits", json::Value::string("roman"));
  auto bad = Tokenizer::from_json(j, "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("\"digits\""), std::string::npos);
  // Ids past the vocabulary and specials are dropped by decode, as for plain tokenizers.
  EXPECT_EQ(tok.decode({Tokenizer::kBos, tok.encode("3")[0], tok.vocab_size(), Tokenizer::kEos}),
            "3");
}

TEST(PlaceDigits, SentencePieceKeepsItsPiecesAroundTheDigits) {
  std::vector<std::string> texts = shop_texts();
  auto plain = Tokenizer::train_sentencepiece(texts, 400);
  ASSERT_TRUE(plain) << plain.error().message;
  const int32_t base = plain->vocab_size();
  auto model = plain->spm_model();
  std::string s = "Bob buys 37 pens at $12.50 each.\n3*12=36 dollars, 1,200 in all";
  auto plain_ids = plain->encode(s);
  Tokenizer tok = std::move(*plain).with_place_digits();
  auto ids = tok.encode(s);
  EXPECT_EQ(tok.decode(ids), s);
  // The same pieces, with each digit piece replaced by its place-tagged id.
  ASSERT_EQ(ids.size(), plain_ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < base) {
      EXPECT_EQ(ids[i], plain_ids[i]) << i;
    }
  }
  EXPECT_EQ(digit_places(tok, tok.encode("$12.50")),
            (std::vector<std::pair<int, int>>{{1, 1}, {2, 0}, {5, -1}, {0, -2}}));
  auto back = Tokenizer::from_json(tok.to_json(), model);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->encode(s), ids);
}

}  // namespace
}  // namespace stepwise::train

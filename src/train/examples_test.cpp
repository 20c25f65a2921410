#include "train/examples.h"

#include <gtest/gtest.h>

#include <set>

#include "train/safetensors.h"
#include "train/shop_internal.h"

namespace stepwise::train {
namespace {

trace::Trace sample() {
  trace::Trace t;
  t.question = "Ann buys 3 pens at $4 each. How much?";
  t.steps = {{"3*4=<<3*4=12>>12", json::Value::object()}};
  t.answer = "12";
  return t;
}

TEST(Format, TargetsPerMode) {
  trace::Trace t = sample();
  EXPECT_EQ(target_text(t, Mode::kTrace), "3*4=12\n#### 12");
  EXPECT_EQ(target_text(t, Mode::kTrace, true), "3*4=<<3*4=12>>12\n#### 12");
  EXPECT_EQ(target_text(t, Mode::kAnswer), "#### 12");
}

TEST(Format, QuestionIsNotInTheLoss) {
  trace::Trace t = sample();
  Tokenizer tok = Tokenizer::build_char(tokenizer_texts({t}, Mode::kTrace, false));
  std::vector<Sequence> seqs;
  ASSERT_TRUE(append_sequences(tok, t, Mode::kTrace, false, seqs));
  ASSERT_EQ(seqs.size(), 1u);
  const Sequence& s = seqs[0];
  EXPECT_EQ(s.tokens.front(), Tokenizer::kBos);
  EXPECT_EQ(s.tokens.back(), Tokenizer::kEos);
  std::vector<int32_t> prompt(s.tokens.begin() + 1, s.tokens.begin() + s.prompt_len);
  EXPECT_EQ(tok.decode(prompt), t.question + "\n");
  std::vector<int32_t> target(s.tokens.begin() + s.prompt_len, s.tokens.end() - 1);
  EXPECT_EQ(tok.decode(target), "3*4=12\n#### 12");
}

TEST(Format, MultitaskGivesTwoPrefixedSequences) {
  trace::Trace t = sample();
  Tokenizer tok = Tokenizer::build_char(tokenizer_texts({t}, Mode::kMultitask, false));
  std::vector<Sequence> seqs;
  ASSERT_TRUE(append_sequences(tok, t, Mode::kMultitask, false, seqs));
  ASSERT_EQ(seqs.size(), 2u);
  EXPECT_EQ(seqs[0].tokens[1], Tokenizer::kAnswer);
  EXPECT_EQ(seqs[1].tokens[1], Tokenizer::kExplain);
  std::vector<int32_t> a(seqs[0].tokens.begin() + seqs[0].prompt_len, seqs[0].tokens.end() - 1);
  std::vector<int32_t> e(seqs[1].tokens.begin() + seqs[1].prompt_len, seqs[1].tokens.end() - 1);
  EXPECT_EQ(tok.decode(a), "#### 12");
  EXPECT_EQ(tok.decode(e), "3*4=12");
}

TEST(Format, TraceWithoutAnswerIsSkipped) {
  trace::Trace t = sample();
  t.answer.reset();
  Tokenizer tok = Tokenizer::build_char({"abc"});
  std::vector<Sequence> seqs;
  EXPECT_FALSE(append_sequences(tok, t, Mode::kAnswer, false, seqs));
  EXPECT_TRUE(seqs.empty());
}

std::vector<Sequence> shop_sequences(size_t n) {
  auto traces = make_shop_traces(n, 3);
  Tokenizer tok = Tokenizer::build_char(tokenizer_texts(traces, Mode::kTrace, false));
  std::vector<Sequence> seqs;
  for (const auto& t : traces) append_sequences(tok, t, Mode::kTrace, false, seqs);
  return seqs;
}

TEST(Packer, SpansCoverRowsAndPositionsRestart) {
  auto seqs = shop_sequences(50);
  Packer p(seqs, 192, true, true, 7);
  Batch b = p.next(8);
  ASSERT_EQ(b.rows, 8);
  std::vector<int> covered(static_cast<size_t>(b.rows * b.T), 0);
  for (size_t i = 0; i < b.spans.size(); i += 3) {
    int32_t r = b.spans[i], st = b.spans[i + 1], len = b.spans[i + 2];
    for (int32_t t = st; t < st + len; ++t) ++covered[static_cast<size_t>(r * b.T + t)];
    if (b.input[static_cast<size_t>(r * b.T + st)] != Tokenizer::kPad) {
      EXPECT_EQ(b.input[static_cast<size_t>(r * b.T + st)], Tokenizer::kBos);
      for (int32_t t = 0; t < len; ++t) EXPECT_EQ(b.pos[static_cast<size_t>(r * b.T + st + t)], t);
    }
  }
  for (int c : covered) EXPECT_EQ(c, 1);
  EXPECT_GT(b.targets, 0);
  EXPECT_LT(b.targets, b.tokens);
  EXPECT_GT(b.spans.size() / 3, 8u);  // more than one trace per row
}

TEST(Packer, FirstFitFillsRowsAndKeepsTheOrder) {
  // Lengths (tokens - 1) 5, 6, 3, 2, 8 into two rows of 8: 5 | 6, then 3 back into row 0 and
  // 2 into row 1 (both rows full); a next-fit packer would have stopped after 5 | 6.
  auto seq = [](int n) {
    Sequence s;
    s.tokens.assign(static_cast<size_t>(n + 1), 7);
    s.tokens[0] = Tokenizer::kBos;
    s.prompt_len = 1;
    return s;
  };
  std::vector<Sequence> seqs = {seq(5), seq(6), seq(3), seq(2), seq(8)};
  Packer p(seqs, 8, /*pack=*/true, /*shuffle=*/false, 1);
  Batch b = p.next(2);
  ASSERT_EQ(b.rows, 2);
  EXPECT_EQ(b.T, 8);
  EXPECT_EQ(b.tokens, 16);  // no padding
  EXPECT_EQ(p.position().index, 4);
  std::vector<int32_t> want = {0, 0, 5, 0, 5, 3, 1, 0, 6, 1, 6, 2};  // row by row
  EXPECT_EQ(b.spans, want);
  Batch next = p.next(2);  // the order goes on where the batch ended
  EXPECT_EQ(next.spans[2], 8);
}

TEST(Packer, CurriculumOrderIsKept) {
  auto seqs = shop_sequences(30);
  Packer p(seqs, 192, false, /*shuffle=*/false, 7);
  Batch b = p.next(30);
  for (int64_t r = 0; r < 30; ++r)
    EXPECT_EQ(b.input[static_cast<size_t>(r * b.T + 1)], seqs[static_cast<size_t>(r)].tokens[1]);
  Batch again = p.next(2);  // the next epoch starts over in the same order
  EXPECT_EQ(p.position().epoch, 1);
  EXPECT_EQ(again.input[1], seqs[0].tokens[1]);
  EXPECT_EQ(again.input[static_cast<size_t>(again.T + 1)], seqs[1].tokens[1]);
}

TEST(Packer, CurriculumOnceThenShuffledEpochs) {
  auto seqs = shop_sequences(30);
  Packer p(seqs, 192, false, /*shuffle=*/false, 7);
  p.shuffle_from_epoch(1);
  Batch first = p.next(30);  // epoch 0: the file's order
  for (int64_t r = 0; r < 30; ++r)
    EXPECT_EQ(first.input[static_cast<size_t>(r * first.T + 1)],
              seqs[static_cast<size_t>(r)].tokens[1]);
  Batch second = p.next(30);         // epoch 1: shuffled, every sequence once
  EXPECT_EQ(p.position().epoch, 2);  // (the next epoch's order is drawn when a batch ends)
  int moved = 0;
  std::multiset<int64_t> a, b;
  for (int64_t r = 0; r < 30; ++r) {
    a.insert(first.input[static_cast<size_t>(r * first.T + 1)]);
    b.insert(second.input[static_cast<size_t>(r * second.T + 1)]);
    moved += second.input[static_cast<size_t>(r * second.T + 1)] !=
             first.input[static_cast<size_t>(r * first.T + 1)];
  }
  EXPECT_EQ(a, b);
  EXPECT_GT(moved, 0);
}

TEST(Packer, PositionReproducesTheRest) {
  auto seqs = shop_sequences(40);
  Packer a(seqs, 120, true, true, 11);
  for (int i = 0; i < 5; ++i) a.next(4);
  Packer b(seqs, 120, true, true, 11);
  b.set_position(a.position());
  for (int i = 0; i < 5; ++i) {
    Batch x = a.next(4), y = b.next(4);
    EXPECT_EQ(x.input, y.input);
    EXPECT_EQ(x.label, y.label);
  }
}

TEST(Packer, SliceSplitsRowsForDataParallel) {
  auto seqs = shop_sequences(40);
  Packer p(seqs, 192, true, true, 5);
  Batch b = p.next(6);
  Batch lo = b.slice(0, 3), hi = b.slice(3, 6);
  EXPECT_EQ(lo.targets + hi.targets, b.targets);
  EXPECT_EQ(lo.tokens + hi.tokens, b.tokens);
  EXPECT_EQ(lo.spans.size() + hi.spans.size(), b.spans.size());
}

TEST(Safetensors, RoundTripAndRejectsBadRanges) {
  TensorBlob t{"w", "F32", {2, 2}, std::string(16, '\x01')};
  std::string bytes = encode_safetensors({t}, {{"k", "v"}});
  EXPECT_EQ((bytes.size() - 16) % 8, 0u);
  auto back = decode_safetensors(bytes);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_NE(back->find("w"), nullptr);
  EXPECT_EQ(back->find("w")->data, t.data);
  EXPECT_EQ(back->metadata.at("k"), "v");
  EXPECT_FALSE(decode_safetensors(bytes.substr(0, bytes.size() - 1)));
  EXPECT_FALSE(decode_safetensors("abc"));
}

}  // namespace
}  // namespace stepwise::train

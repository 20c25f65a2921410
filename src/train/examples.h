// examples.h: traces -> token sequences with loss masks, and the packer that fills batches.
//
// A trace becomes one sequence (trace and answer modes) or two (multitask): the prompt
// <bos> [prefix] question "\n" and the target (the text the loss is on) followed by <eos>.
// The question is never in the loss. The Packer lays sequences into rows of at most `ctx`
// positions, in the data order (shuffled per epoch from the seed, or the file's order), and
// records where each sequence starts so attention and positions restart there. Its position
// (epoch, next sequence) is part of a checkpoint. Torch-free; plain data, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/tokenizer.h"
#include "train/train.h"

namespace stepwise::train {

struct Sequence {
  std::vector<int32_t> tokens;  // prompt then target then <eos>
  int32_t prompt_len = 0;       // tokens[prompt_len..] are predicted (in the loss)
};

// The prompt text after <bos> and the task prefix: the question and the separator.
std::string prompt_text(const std::string& question);
// Prompt tokens for a question: <bos>, the prefix for multitask (per `task`), the question.
std::vector<int32_t> prompt_tokens(const Tokenizer& tok, Mode mode, Task task,
                                   const std::string& question);
// The step text with GSM8K "<<expr=value>>" annotations removed.
std::string strip_annotations(const std::string& s);
// The answer a trace trains on: `answer`, else `gold`; empty when it has neither.
std::string training_answer(const trace::Trace& t);
// Appends the sequences of `t` for `mode`. Returns false (appending nothing) when the trace
// has no answer (nor gold) to train on.
bool append_sequences(const Tokenizer& tok, const trace::Trace& t, Mode mode, bool keep_annotations,
                      std::vector<Sequence>& out);
// Every text the tokenizer must cover (questions and targets), for building a vocabulary.
std::vector<std::string> tokenizer_texts(const std::vector<trace::Trace>& traces, Mode mode,
                                         bool keep_annotations);

// One step's rows. Row r, position t lives at index r*T + t.
struct Batch {
  int64_t rows = 0, T = 0;
  std::vector<int64_t> input;  // (rows,T) token ids; kPad after the last sequence
  std::vector<int64_t> label;  // (rows,T) the next token, or -1 when not in the loss
  std::vector<int64_t> pos;    // (rows,T) position within its own sequence
  std::vector<int32_t> spans;  // (n,3) [row, start, length]: sequences and the padding tail
  int64_t tokens = 0;          // non-padding positions
  int64_t targets = 0;         // positions in the loss
  // Rows [begin, end) as their own batch (a data-parallel process's share). Spans are
  // renumbered; tokens/targets count the slice only.
  Batch slice(int64_t begin, int64_t end) const;
};

class Packer {
 public:
  struct Position {
    int64_t epoch = 0;
    int64_t index = 0;  // next entry of the epoch's order
  };
  // `seqs` must outlive the Packer. Sequences longer than ctx + 1 tokens are cut (count them
  // with count_truncated()). `pack` false puts one sequence per row.
  // `one_pass` stops at the end of the first epoch (scoring): next() then returns fewer rows,
  // and none once done() is true.
  Packer(const std::vector<Sequence>& seqs, int64_t ctx, bool pack, bool shuffle, uint64_t seed,
         bool one_pass = false);

  // Without `shuffle`: epochs from `epoch` on are shuffled all the same (a curriculum seen once,
  // then mixed); the default never shuffles. Call before the first next().
  void shuffle_from_epoch(int64_t epoch);

  // The next `rows` rows. T is the longest row's filled length (<= ctx).
  Batch next(int64_t rows);
  bool done() const { return one_pass_ && pos_.index >= static_cast<int64_t>(order_.size()); }
  Position position() const { return pos_; }
  void set_position(Position p);
  static int64_t count_truncated(const std::vector<Sequence>& seqs, int64_t ctx);

 private:
  void make_order();
  const std::vector<Sequence>& seqs_;
  int64_t ctx_;
  bool pack_, shuffle_, one_pass_;
  int64_t shuffle_from_ = INT64_MAX;
  uint64_t seed_;
  Position pos_;
  std::vector<int64_t> order_;  // this epoch's order
};

}  // namespace stepwise::train

#include "train/examples.h"

#include <algorithm>

#include "base/check.h"
#include "base/rng.h"

namespace stepwise::train {

std::string prompt_text(const std::string& question) { return question + "\n"; }

std::vector<int32_t> prompt_tokens(const Tokenizer& tok, Mode mode, Task task,
                                   const std::string& question) {
  std::vector<int32_t> ids = {Tokenizer::kBos};
  if (mode == Mode::kMultitask)
    ids.push_back(task == Task::kExplain ? Tokenizer::kExplain : Tokenizer::kAnswer);
  auto q = tok.encode(prompt_text(question));
  ids.insert(ids.end(), q.begin(), q.end());
  return ids;
}

std::string strip_annotations(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "<<") == 0) {
      size_t end = s.find(">>", i + 2);
      if (end != std::string::npos) {
        i = end + 2;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string training_answer(const trace::Trace& t) {
  if (t.answer && !t.answer->empty()) return *t.answer;
  if (t.gold && !t.gold->empty()) return *t.gold;
  return "";
}

namespace {

std::string steps_text(const trace::Trace& t, bool keep_annotations) {
  std::string s;
  for (const auto& step : t.steps) {
    if (!s.empty()) s += "\n";
    s += keep_annotations ? step.text : strip_annotations(step.text);
  }
  return s;
}

std::string answer_line(const std::string& answer) { return "#### " + answer; }

Sequence make_sequence(const Tokenizer& tok, Mode mode, Task task, const std::string& question,
                       const std::string& target) {
  Sequence seq;
  seq.tokens = prompt_tokens(tok, mode, task, question);
  seq.prompt_len = static_cast<int32_t>(seq.tokens.size());
  auto t = tok.encode(target);
  seq.tokens.insert(seq.tokens.end(), t.begin(), t.end());
  seq.tokens.push_back(Tokenizer::kEos);
  return seq;
}

}  // namespace

std::string target_text(const trace::Trace& t, Mode mode, bool keep_annotations) {
  std::string answer = answer_line(training_answer(t));
  if (mode != Mode::kTrace) return answer;
  std::string steps = steps_text(t, keep_annotations);
  return steps.empty() ? answer : steps + "\n" + answer;
}

bool append_sequences(const Tokenizer& tok, const trace::Trace& t, Mode mode, bool keep_annotations,
                      std::vector<Sequence>& out) {
  if (training_answer(t).empty()) return false;
  if (mode == Mode::kMultitask) {
    out.push_back(make_sequence(tok, mode, Task::kAnswer, t.question,
                                target_text(t, Mode::kAnswer, keep_annotations)));
    out.push_back(
        make_sequence(tok, mode, Task::kExplain, t.question, steps_text(t, keep_annotations)));
    return true;
  }
  out.push_back(
      make_sequence(tok, mode, Task::kAnswer, t.question, target_text(t, mode, keep_annotations)));
  return true;
}

std::vector<std::string> tokenizer_texts(const std::vector<trace::Trace>& traces, Mode mode,
                                         bool keep_annotations) {
  std::vector<std::string> texts;
  for (const auto& t : traces) {
    texts.push_back(prompt_text(t.question));
    texts.push_back(
        target_text(t, mode == Mode::kAnswer ? Mode::kAnswer : Mode::kTrace, keep_annotations));
  }
  return texts;
}

Batch Batch::slice(int64_t begin, int64_t end) const {
  SW_CHECK(0 <= begin && begin <= end && end <= rows);
  Batch b;
  b.rows = end - begin;
  b.T = T;
  auto cut = [&](const std::vector<int64_t>& v) {
    return std::vector<int64_t>(v.begin() + begin * T, v.begin() + end * T);
  };
  b.input = cut(input);
  b.label = cut(label);
  b.pos = cut(pos);
  for (size_t i = 0; i + 2 < spans.size(); i += 3) {
    if (spans[i] < begin || spans[i] >= end) continue;
    b.spans.insert(b.spans.end(),
                   {static_cast<int32_t>(spans[i] - begin), spans[i + 1], spans[i + 2]});
  }
  for (int64_t i = 0; i < b.rows * T; ++i) {
    b.tokens += b.input[static_cast<size_t>(i)] != Tokenizer::kPad;
    b.targets += b.label[static_cast<size_t>(i)] >= 0;
  }
  return b;
}

Packer::Packer(const std::vector<Sequence>& seqs, int64_t ctx, bool pack, bool shuffle,
               uint64_t seed, bool one_pass)
    : seqs_(seqs), ctx_(ctx), pack_(pack), shuffle_(shuffle), one_pass_(one_pass), seed_(seed) {
  SW_CHECK(!seqs.empty() && ctx > 0);
  make_order();
}

void Packer::make_order() {
  order_.resize(seqs_.size());
  for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int64_t>(i);
  if (!shuffle_ && pos_.epoch < shuffle_from_) return;
  // Fisher-Yates with the run's generator, one independent stream per epoch.
  Rng rng(seed_ ^ (0x51ed270b7a3c4f1dULL * static_cast<uint64_t>(pos_.epoch + 1)));
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
}

void Packer::shuffle_from_epoch(int64_t epoch) {
  shuffle_from_ = epoch;
  make_order();
}

void Packer::set_position(Position p) {
  pos_ = p;
  make_order();
}

int64_t Packer::count_truncated(const std::vector<Sequence>& seqs, int64_t ctx) {
  int64_t n = 0;
  for (const auto& s : seqs) n += static_cast<int64_t>(s.tokens.size()) > ctx + 1;
  return n;
}

Batch Packer::next(int64_t rows) {
  // Lay out rows of (sequence index) lists first, then fill the arrays at the final T. Packing
  // is first fit: the next sequence in data order goes into the first row with room for it, and
  // the batch ends at the first sequence no row can take, so rows fill up well (instead of
  // closing a row at the first sequence that overflows it) and the data order is kept within
  // a step's worth of sequences.
  std::vector<std::vector<int64_t>> layout(static_cast<size_t>(rows));
  std::vector<int64_t> used(static_cast<size_t>(rows), 0);
  for (;;) {
    if (done()) break;
    if (pos_.index >= static_cast<int64_t>(order_.size())) {
      ++pos_.epoch;
      pos_.index = 0;
      make_order();
    }
    const Sequence& s = seqs_[static_cast<size_t>(order_[static_cast<size_t>(pos_.index)])];
    int64_t len = std::min<int64_t>(static_cast<int64_t>(s.tokens.size()) - 1, ctx_);
    size_t r = 0;
    while (r < used.size() && !(used[r] == 0 || (pack_ && used[r] + len <= ctx_))) ++r;
    if (r == used.size()) break;
    layout[r].push_back(order_[static_cast<size_t>(pos_.index)]);
    ++pos_.index;
    used[r] += len;
  }
  int64_t longest = 0;
  for (int64_t u : used) longest = std::max(longest, u);
  while (!layout.empty() && layout.back().empty()) layout.pop_back();
  rows = static_cast<int64_t>(layout.size());
  Batch b;
  b.rows = rows;
  b.T = longest;
  size_t n = static_cast<size_t>(rows * longest);
  b.input.assign(n, Tokenizer::kPad);
  b.label.assign(n, -1);
  b.pos.assign(n, 0);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t at = 0;
    for (int64_t si : layout[static_cast<size_t>(r)]) {
      const Sequence& s = seqs_[static_cast<size_t>(si)];
      int64_t len = std::min<int64_t>(static_cast<int64_t>(s.tokens.size()) - 1, ctx_);
      b.spans.insert(b.spans.end(), {static_cast<int32_t>(r), static_cast<int32_t>(at),
                                     static_cast<int32_t>(len)});
      for (int64_t j = 0; j < len; ++j) {
        size_t k = static_cast<size_t>(r * longest + at + j);
        b.input[k] = s.tokens[static_cast<size_t>(j)];
        b.pos[k] = j;
        if (j + 1 >= s.prompt_len) {
          b.label[k] = s.tokens[static_cast<size_t>(j + 1)];
          ++b.targets;
        }
      }
      b.tokens += len;
      at += len;
    }
    if (at < longest)  // the padding tail attends only to itself
      b.spans.insert(b.spans.end(), {static_cast<int32_t>(r), static_cast<int32_t>(at),
                                     static_cast<int32_t>(longest - at)});
  }
  return b;
}

}  // namespace stepwise::train

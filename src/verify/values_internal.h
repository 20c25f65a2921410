// values_internal.h: sets of exact values for grounding, and where the numbers of a question
// come from (internal to verify/).
//
// ValueMap maps |value| -> the latest step index it was noted at. Integers that fit in 62 bits
// (nearly every number in a trace) live in a flat open-addressing table; other rationals in a
// small list. Storage is reused between traces: clear() keeps the capacity.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "calc/calc.h"

namespace stepwise::verify::detail {

// The value as an integer when it is one and |v| < 2^62.
inline std::optional<int64_t> small_int(const calc::Rational& v) {
  mpz_srcptr den = v.get_den_mpz_t(), num = v.get_num_mpz_t();
  if (den->_mp_size != 1 || den->_mp_d[0] != 1) return std::nullopt;
  if (num->_mp_size == 0) return 0;
  if (num->_mp_size > 1 || num->_mp_size < -1) return std::nullopt;
  mp_limb_t limb = num->_mp_d[0];
  if (limb >> 62) return std::nullopt;
  auto x = static_cast<int64_t>(limb);
  return num->_mp_size < 0 ? -x : x;
}

// Reads `text` when it is a plain integer ("0", "72", "-3"; no sign '+', separators, leading
// zeros or more than 18 digits) into `out` exactly as calc::parse_number would; false otherwise.
bool plain_integer(std::string_view text, calc::Number& out);

// A 64-bit hash of an exact value (equal values, equal hashes).
uint64_t hash_value(const calc::Rational& v);

class ValueMap {
 public:
  void clear();
  // Notes |v| at `step` (keeps the largest step seen).
  void note(const calc::Rational& v, int32_t step);
  // The largest step |v| was noted at, or nullopt.
  std::optional<int32_t> last(const calc::Rational& v) const;
  bool contains(const calc::Rational& v) const { return last(v).has_value(); }
  size_t size() const { return ints_ + others_used_; }
  // Calls f(value, step) for every value until f returns true; returns whether it did.
  template <typename F>
  bool any_of(F&& f) const {
    calc::Rational tmp;
    for (uint32_t slot : used_) {
      tmp = static_cast<long>(keys_[slot]);
      if (f(tmp, vals_[slot])) return true;
    }
    for (size_t i = 0; i < others_used_; ++i)
      if (f(others_[i].first, others_[i].second)) return true;
    return false;
  }

 private:
  void grow();
  int32_t* find_int(int64_t k);
  const int32_t* find_int(int64_t k) const;

  std::vector<int64_t> keys_;
  std::vector<int32_t> vals_;
  std::vector<uint32_t> used_;  // occupied slots, for clear() in O(size)
  size_t ints_ = 0;
  std::vector<std::pair<calc::Rational, int32_t>> others_;
  size_t others_used_ = 0;
};

// Reusable storage for question_numbers().
struct QuestionScratch {
  std::vector<calc::Number> nums;
  struct Word {
    size_t begin, end;
    int kind, index;  // see words.cpp
  };
  std::vector<Word> words;
  calc::Rational tmp;
};

// Notes (at step -1) the numbers the question supplies: its written numbers, also read as
// fractions ("3/4" -> 3, 4 and 0.75), mixed numbers ("2 1/2" -> 2.5) and with scale words
// ("1.5 million"); percent and cent amounts also times 100; a percent p also as the multipliers
// 1+p, 1-p, 100+P, 100-P of a markup or discount; "N dozen" and "N and a half"; and numbers
// written as words (word_numbers).
void question_numbers(std::string_view question, ValueMap& out, QuestionScratch& scratch);

// Notes (at step -1) the numbers written as words in `text` (any case): "three" -> 3,
// "twenty-five" -> 25, "two hundred" -> 200, "a dozen" -> 12, "half" -> 1/2 and 2, "twice" -> 2,
// "a third" -> 1/3 and 3, "quarter" -> 1/4, 4 and 25, "dime" -> 1/10 and 10.
void word_numbers(std::string_view text, ValueMap& out, QuestionScratch& scratch);

// A built-in constant (docs/verify.md) and the words that license it. 0, 1, 2 and 1/2 ground any
// operand; the others only in a trace whose question or steps use one of their cues (24 with
// "hour"), so that a skipped step whose result happens to be 24 is not taken for the hours in a
// day.
struct Constant {
  calc::Rational value;
  std::vector<std::string_view> cues;  // empty: always; "word": a prefix; "word!": whole word
};
const std::vector<Constant>& builtin_constants();

// Whether `text` uses one of the cue words of `c` (false when it has none).
bool has_cue(std::string_view text, const Constant& c);

// True when `text` contains `word` (ASCII, any case) as a whole word or a word prefix when
// `prefix` ("round" matches "rounded").
bool has_word(std::string_view text, std::string_view word, bool prefix = false);

}  // namespace stepwise::verify::detail

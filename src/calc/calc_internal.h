// calc_internal.h: pieces shared by the calc sources; not part of the module's interface.
//
// Val is an exact rational that stays in two int64 while it fits and moves to GMP when it does
// not, so the common annotation ("3*4", "1,080/12") never allocates. Lexeme is one unsigned
// numeral as written ("1,080.50", ".25", "1.5e-05", "2½").
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "calc/calc.h"

namespace stepwise::calc::detail {

// An exact rational. Small form: d > 0, gcd(|n|, d) == 1, neither equal to INT64_MIN.
class Val {
 public:
  Val() = default;
  explicit Val(int64_t n, int64_t d = 1) { set_small(n, d); }

  bool big() const { return q_.has_value(); }
  int sign() const { return big() ? sgn(*q_) : (n_ > 0) - (n_ < 0); }
  bool is_integer() const { return big() ? q_->get_den() == 1 : d_ == 1; }
  // Bits of the larger of numerator and denominator.
  size_t bits() const;
  void set_small(int64_t n, int64_t d);  // requires d != 0; canonicalises
  void set(const mpq_class& q);
  void store(mpq_class& out) const;  // out = value, reusing out's limbs
  mpq_class& promote();              // switches to the GMP form and returns it
  void negate();
  // Arithmetic in place. Return false only on division by zero.
  void add(const Val& b, bool subtract);
  void mul(const Val& b);
  bool div(const Val& b);
  bool floor_div(const Val& b);

  int64_t small_num() const { return n_; }
  int64_t small_den() const { return d_; }
  const mpq_class& big_value() const { return *q_; }

 private:
  void demote();  // back to the small form when the GMP value fits
  int64_t n_ = 0, d_ = 1;
  std::optional<mpq_class> q_;
};

// Outcome of raising to a power.
enum class PowStatus { kOk, kDivZero, kExponentTooLarge, kTooLarge, kIrrational };

// base ^ exp in place. `max_exponent` bounds |exp| (bases 0, 1, -1 exempt); `max_bits` bounds
// the estimated size of the result before anything is computed.
PowStatus pow_in_place(Val& base, const Val& exp, long max_exponent, size_t max_bits);

// One unsigned numeral as written: digits with optional thousands groups, ".digits",
// "e[+-]digits", or a vulgar fraction (alone or after integer digits).
struct Lexeme {
  size_t begin = 0, end = 0;
  size_t int_begin = 0, int_end = 0;    // digits before the point, separators included
  size_t frac_begin = 0, frac_end = 0;  // digits after the point
  size_t digit_count = 0;               // mantissa digits (int + frac, no separators)
  int decimals = -1;
  int exp10 = 0;  // saturates at +-kMaxExp10
  bool thousands = false;
  int vulgar_num = 0, vulgar_den = 0;  // 0/0 when none
  bool plain_integer() const {
    return decimals < 0 && exp10 == 0 && !thousands && vulgar_den == 0 && int_end > int_begin;
  }
};
inline constexpr int kMaxExp10 = 100000;

// Reads a numeral at s[i]; false when none starts there. Linear in the bytes it reads. A ','
// followed by a group that is not exactly three digits ends the numeral before the first comma
// and clears `thousands` ("1,2" and "1,234,5" are lists).
bool lex_numeral(std::string_view s, size_t i, Lexeme& lx);

// Value of a numeral; false (value untouched) when the numerator or denominator would exceed
// `max_bits` (estimated from the digits, before any conversion).
bool numeral_value(std::string_view s, const Lexeme& lx, size_t max_bits, Val& v);

// Significant digits written in a numeral ("0.0250" -> 3).
int significant_digits(std::string_view s, const Lexeme& lx);

// Vulgar fraction character at s[i] ('½' ...): its byte length, 0 when none.
size_t vulgar_at(std::string_view s, size_t i, int& num, int& den);

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char byte_at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

// Currency symbol at s[i] ("$", "\$", "€", "£"): its byte length, 0 when none.
inline size_t currency_at(std::string_view s, size_t i) {
  switch (static_cast<unsigned char>(byte_at(s, i))) {
    case '$':
      return 1;
    case '\\':
      return byte_at(s, i + 1) == '$' ? 2 : 0;
    case 0xE2:
      return byte_at(s, i + 1) == '\x82' && byte_at(s, i + 2) == '\xAC' ? 3 : 0;  // €
    case 0xC2:
      return byte_at(s, i + 1) == '\xA3' ? 2 : 0;  // £
    default:
      return 0;
  }
}

// Minus sign at s[i] ('-', U+2212 '−'): its byte length, 0 when none.
inline size_t minus_at(std::string_view s, size_t i) {
  char c = byte_at(s, i);
  if (c == '-') return 1;
  return c == '\xE2' && byte_at(s, i + 1) == '\x88' && byte_at(s, i + 2) == '\x92' ? 3 : 0;
}

// Whitespace at s[i] (ASCII, NBSP, thin and narrow spaces): its byte length, 0 when none.
inline size_t space_at(std::string_view s, size_t i) {
  switch (static_cast<unsigned char>(byte_at(s, i))) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
      return 1;
    case 0xC2:
      return byte_at(s, i + 1) == '\xA0' ? 2 : 0;  // no-break space
    case 0xE2: {  // thin space U+2009, narrow no-break space U+202F
      char c = byte_at(s, i + 2);
      return byte_at(s, i + 1) == '\x80' && (c == '\x89' || c == '\xAF') ? 3 : 0;
    }
    default:
      return 0;
  }
}

// Scans one number in prose that starts exactly at s[i] (sign, currency, digit, '.', vulgar
// fraction). True with `out` filled and `next` after it; false when none starts there, with
// `next` past whatever was rejected (so a caller's scan stays linear).
bool scan_number(std::string_view s, size_t i, const FindOptions& opts, bool allow_sign,
                 Number& out, size_t& next);

// Plain text of an answer: markdown emphasis and code marks, LaTeX wrappers (\boxed \text ...),
// \frac{a}{b} -> (a)/(b), \left \right, escapes (\$ \%), paired '$' math delimiters and
// degree signs removed; trimmed, trailing '.' and '!' dropped. Linear in the input (braces nested
// deeper than 32 are kept as text).
std::string clean_markup(std::string_view text);

}  // namespace stepwise::calc::detail

// number.cpp: numerals as written (lexing and exact values), numbers in prose, parse_number.
#include <cstring>
#include <string>

#include "calc/calc_internal.h"

namespace stepwise::calc {
namespace detail {
namespace {

constexpr int64_t kPow10[19] = {1,
                                10,
                                100,
                                1000,
                                10000,
                                100000,
                                1000000,
                                10000000,
                                100000000,
                                1000000000,
                                10000000000,
                                100000000000,
                                1000000000000,
                                10000000000000,
                                100000000000000,
                                1000000000000000,
                                10000000000000000,
                                100000000000000000,
                                1000000000000000000};

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

size_t digit_run(std::string_view s, size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

// Reads ",ddd" groups after a 1-3 digit run ending at p. Returns the end of the last group, or
// p when the groups are not thousands separators (a list such as "1,2" or "1,234,5").
size_t thousands_end(std::string_view s, size_t run_begin, size_t p) {
  if (p - run_begin > 3 || s[run_begin] == '0') return p;
  // A run right after "digit," is a list item, never the start of a thousands number: this
  // keeps "1,2,3,..." linear and reads "1,234,5" as three numbers.
  if (run_begin >= 2 && s[run_begin - 1] == ',' && is_digit(s[run_begin - 2])) return p;
  size_t q = p;
  while (at(s, q) == ',' && is_digit(at(s, q + 1)) && is_digit(at(s, q + 2)) &&
         is_digit(at(s, q + 3)) && !is_digit(at(s, q + 4))) {
    q += 4;
  }
  if (q == p) return p;
  if (at(s, q) == ',' && is_digit(at(s, q + 1))) return p;  // a list after all
  return q;
}

// Reads "e[+-]digits" at p; returns its end (p when none) and the saturated exponent.
size_t exponent_end(std::string_view s, size_t p, int& exp10) {
  char c = at(s, p);
  if (c != 'e' && c != 'E') return p;
  size_t q = p + 1;
  bool neg = false;
  if (at(s, q) == '+' || at(s, q) == '-') {
    neg = at(s, q) == '-';
    ++q;
  }
  if (!is_digit(at(s, q))) return p;
  long e = 0;
  for (; q < s.size() && is_digit(s[q]); ++q) {
    if (e < kMaxExp10) e = e * 10 + (s[q] - '0');
  }
  if (e > kMaxExp10) e = kMaxExp10;
  exp10 = static_cast<int>(neg ? -e : e);
  return q;
}

template <typename F>
void for_each_digit(std::string_view s, const Lexeme& lx, F&& f) {
  for (size_t k = lx.int_begin; k < lx.int_end; ++k) {
    if (is_digit(s[k])) f(s[k]);
  }
  for (size_t k = lx.frac_begin; k < lx.frac_end; ++k) f(s[k]);
}

}  // namespace

size_t vulgar_at(std::string_view s, size_t i, int& num, int& den) {
  if (static_cast<unsigned char>(at(s, i)) < 0x80) return 0;
  unsigned char a = static_cast<unsigned char>(at(s, i)),
                b = static_cast<unsigned char>(at(s, i + 1));
  if (a == 0xC2 && b >= 0xBC && b <= 0xBE) {  // ¼ ½ ¾
    static constexpr int kN[] = {1, 1, 3}, kD[] = {4, 2, 4};
    num = kN[b - 0xBC];
    den = kD[b - 0xBC];
    return 2;
  }
  unsigned char c = static_cast<unsigned char>(at(s, i + 2));
  if (a == 0xE2 && b == 0x85 && c >= 0x93 && c <= 0x9E) {  // ⅓ ⅔ ⅕ ⅖ ⅗ ⅘ ⅙ ⅚ ⅛ ⅜ ⅝ ⅞
    static constexpr int kN[] = {1, 2, 1, 2, 3, 4, 1, 5, 1, 3, 5, 7};
    static constexpr int kD[] = {3, 3, 5, 5, 5, 5, 6, 6, 8, 8, 8, 8};
    num = kN[c - 0x93];
    den = kD[c - 0x93];
    return 3;
  }
  return 0;
}

bool lex_numeral(std::string_view s, size_t i, Lexeme& lx) {
  lx = Lexeme{};
  lx.begin = i;
  size_t p = i;
  if (is_digit(at(s, p))) {
    lx.int_begin = p;
    p = digit_run(s, p);
    size_t q = thousands_end(s, lx.int_begin, p);
    lx.thousands = q != p;
    p = q;
    lx.int_end = p;
    lx.digit_count = (p - lx.int_begin) - (lx.thousands ? (p - lx.int_begin) / 4 : 0);
    if (size_t v = vulgar_at(s, p, lx.vulgar_num, lx.vulgar_den); v != 0 && !lx.thousands) {
      lx.end = p + v;
      return true;
    }
  } else if (at(s, p) == '.' && is_digit(at(s, p + 1))) {
    lx.int_begin = lx.int_end = p;
  } else if (size_t v = vulgar_at(s, p, lx.vulgar_num, lx.vulgar_den); v != 0) {
    lx.int_begin = lx.int_end = p;
    lx.end = p + v;
    return true;
  } else {
    return false;
  }
  if (at(s, p) == '.' && is_digit(at(s, p + 1))) {
    lx.frac_begin = p + 1;
    lx.frac_end = digit_run(s, p + 1);
    lx.decimals = static_cast<int>(std::min<size_t>(lx.frac_end - lx.frac_begin, kMaxExp10));
    lx.digit_count += lx.frac_end - lx.frac_begin;
    p = lx.frac_end;
  }
  p = exponent_end(s, p, lx.exp10);
  lx.end = p;
  return true;
}

int significant_digits(std::string_view s, const Lexeme& lx) {
  size_t count = 0;
  bool leading = true;
  for_each_digit(s, lx, [&](char c) {
    if (leading && c == '0') return;
    leading = false;
    ++count;
  });
  if (count == 0) return 1;
  return static_cast<int>(std::min<size_t>(count, 1u << 30));
}

bool numeral_value(std::string_view s, const Lexeme& lx, size_t max_bits, Val& v) {
  Val vulgar;
  if (lx.vulgar_den != 0) vulgar.set_small(lx.vulgar_num, lx.vulgar_den);
  if (lx.digit_count == 0) {  // a vulgar fraction alone
    v = vulgar;
    return true;
  }
  long scale = static_cast<long>(std::max(lx.decimals, 0)) - lx.exp10;
  // Estimate sizes before converting anything: log2(10) < 3.33.
  size_t num_digits = lx.digit_count + static_cast<size_t>(scale < 0 ? -scale : 0);
  size_t den_digits = static_cast<size_t>(scale > 0 ? scale : 0);
  size_t num_bits = num_digits * 333 / 100, den_bits = den_digits * 333 / 100;
  if ((num_bits > max_bits && num_bits - max_bits > 4) ||
      (den_bits > max_bits && den_bits - max_bits > 4)) {
    return false;
  }
  if (lx.digit_count <= 18 && scale >= -18 && scale <= 18) {
    int64_t m = 0;
    for_each_digit(s, lx, [&](char c) { m = m * 10 + (c - '0'); });
    int64_t n = m;
    if (scale >= 0) {
      v.set_small(m, kPow10[scale]);
    } else if (!__builtin_mul_overflow(m, kPow10[-scale], &n)) {
      v.set_small(n, 1);
    } else {
      mpq_class q =
          mpq_class(mpz_class(static_cast<long>(m)) * mpz_class(static_cast<long>(kPow10[-scale])));
      v.set(q);
    }
  } else {
    std::string digits;
    digits.reserve(lx.digit_count);
    for_each_digit(s, lx, [&](char c) { digits.push_back(c); });
    mpq_class q;
    mpz_set_str(mpq_numref(q.get_mpq_t()), digits.c_str(), 10);
    mpz_class p10;
    mpz_ui_pow_ui(p10.get_mpz_t(), 10, static_cast<unsigned long>(scale < 0 ? -scale : scale));
    if (scale >= 0) {
      mpz_set(mpq_denref(q.get_mpq_t()), p10.get_mpz_t());
    } else {
      mpz_mul(mpq_numref(q.get_mpq_t()), mpq_numref(q.get_mpq_t()), p10.get_mpz_t());
    }
    q.canonicalize();
    v.set(q);
  }
  if (lx.vulgar_den != 0) v.add(vulgar, false);
  return true;
}

}  // namespace detail
}  // namespace stepwise::calc

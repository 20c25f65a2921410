// prose.cpp: numbers in prose (find_numbers) and exactly one number (parse_number).
#include <string>

#include "calc/calc_internal.h"

namespace stepwise::calc {
namespace detail {
namespace {

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

// A word at s[i] that is not followed by a letter; returns its length or 0.
size_t word_at(std::string_view s, size_t i, std::string_view w) {
  if (i > s.size() || !s.substr(i).starts_with(w)) return 0;
  return is_alpha(at(s, i + w.size())) ? 0 : w.size();
}

// "%", " %", "percent", " percent", "per cent" right after a number at q: the end, or q.
size_t percent_end(std::string_view s, size_t q) {
  if (at(s, q) == '%') return q + 1;
  size_t p = at(s, q) == ' ' ? q + 1 : q;
  if (p != q && at(s, p) == '%') return p + 1;
  if (size_t n = word_at(s, p, "percent")) return p + n;
  if (size_t n = word_at(s, p, "per cent")) return p + n;
  return q;
}

// " thousand", " million", ... at q: the end (q when none) and the power of ten.
size_t scale_end(std::string_view s, size_t q, int& pow10) {
  if (at(s, q) != ' ') return q;
  static constexpr std::string_view kWords[] = {"thousand", "million", "billion", "trillion"};
  for (int k = 0; k < 4; ++k) {
    if (size_t n = word_at(s, q + 1, kWords[k])) {
      pow10 = 3 * (k + 1);
      return q + 1 + n;
    }
  }
  return q;
}

// An integer numeral (no separators, point, exponent) at i with value <= 18 digits.
bool small_integer_at(std::string_view s, size_t i, Lexeme& lx, int64_t& value) {
  if (!lex_numeral(s, i, lx) || !lx.plain_integer() || lx.digit_count > 18) return false;
  value = 0;
  for (size_t k = lx.int_begin; k < lx.int_end; ++k) value = value * 10 + (s[k] - '0');
  return true;
}

// Not part of a date or path: "3/4" but not "3/4/2020".
bool no_more_slashes(std::string_view s, size_t end) {
  return !(at(s, end) == '/' && is_digit(at(s, end + 1)));
}

// "/b" after a plain integer ending at q: a fraction. Returns its end (q when none).
size_t fraction_end(std::string_view s, size_t q, int64_t& den) {
  Lexeme d;
  if (at(s, q) != '/' || !small_integer_at(s, q + 1, d, den) || den == 0) return q;
  if (!no_more_slashes(s, d.end) || (at(s, d.end) == '.' && is_digit(at(s, d.end + 1)))) return q;
  return d.end;
}

// " a/b" with 0 < a < b after a plain integer ending at q: a mixed number's fraction part.
size_t mixed_end(std::string_view s, size_t q, int64_t& a, int64_t& b) {
  Lexeme n;
  if (at(s, q) != ' ' || !small_integer_at(s, q + 1, n, a)) return q;
  size_t e = fraction_end(s, n.end, b);
  if (e == n.end || a <= 0 || a >= b) return q;
  return e;
}

}  // namespace

bool scan_number(std::string_view s, size_t i, const FindOptions& opts, bool allow_sign,
                 Number& out, size_t& next) {
  size_t p = i;
  bool negative = false;
  if (allow_sign) {
    if (size_t m = minus_at(s, p)) {
      negative = true;
      p += m;
    } else if (at(s, p) == '+') {
      ++p;
    }
  }
  size_t cur = currency_at(s, p);
  if (cur != 0) {
    p += cur;
    if (at(s, p) == ' ' && (is_digit(at(s, p + 1)) || at(s, p + 1) == '.')) ++p;
  }
  Lexeme lx;
  if (!lex_numeral(s, p, lx)) {
    next = std::max(p, i + 1);
    return false;
  }
  next = lx.end;
  long max_exp = static_cast<long>(opts.max_digits);
  if (lx.digit_count > opts.max_digits || lx.exp10 > max_exp || lx.exp10 < -max_exp) return false;
  Val v;
  if (!numeral_value(s, lx, opts.max_digits * 7 + 64, v)) return false;
  Form form = lx.vulgar_den != 0 ? (lx.digit_count != 0 ? Form::kMixed : Form::kFraction)
              : (lx.decimals >= 0 || lx.exp10 != 0) ? Form::kDecimal
                                                    : Form::kInteger;
  size_t q = lx.end;
  bool fraction_ok = opts.fractions && lx.plain_integer() && lx.digit_count <= 18 &&
                     !(lx.begin > 0 && at(s, lx.begin - 1) == '/');
  int64_t a = 0, b = 0;
  if (size_t e = fraction_ok ? fraction_end(s, q, b) : q; e != q) {
    v.div(Val(b));
    form = Form::kFraction;
    q = e;
  } else if (size_t m = fraction_ok && opts.mixed ? mixed_end(s, q, a, b) : q; m != q) {
    v.add(Val(a, b), false);
    form = Form::kMixed;
    q = m;
  }
  size_t pe = percent_end(s, q);
  bool percent = pe != q;
  q = pe;
  if (cur == 0 && !percent) {
    size_t c = at(s, q) == ' ' ? q + 1 : q;
    if (size_t n = currency_at(s, c); n != 0 && s[c] != '$' && s[c] != '\\') {
      cur = n;
      q = c + n;
    }
  }
  int pow10 = 0;
  if (opts.scale_words && !percent && form != Form::kFraction && form != Form::kMixed) {
    q = scale_end(s, q, pow10);
  }
  if (pow10 != 0)
    v.mul(Val(static_cast<int64_t>(pow10 == 3   ? 1000
                                   : pow10 == 6 ? 1000000
                                   : pow10 == 9 ? 1000000000
                                                : 1000000000000)));
  if (percent) v.div(Val(100));
  if (negative) v.negate();
  v.store(out.value);
  out.begin = i;
  out.end = q;
  out.decimals = lx.decimals;
  out.digits = significant_digits(s, lx);
  out.exp10 = lx.exp10 + pow10;
  out.form = form;
  out.percent = percent;
  out.currency = cur != 0;
  out.thousands = lx.thousands;
  out.scaled = pow10 != 0;
  out.negative = negative;
  next = q;
  return true;
}

}  // namespace detail

namespace {

using detail::at;
using detail::is_alpha;
using detail::is_digit;

// A '-' at i is a sign when the byte before it is not a letter, digit, closing bracket, '.'
// or '%', and a numeral (perhaps after a currency symbol) follows.
bool sign_starts_number(std::string_view s, size_t i, size_t len) {
  if (i > 0) {
    char b = s[i - 1];
    if (is_alpha(b) || is_digit(b) || b == ')' || b == ']' || b == '}' || b == '.' || b == '%') {
      return false;
    }
  }
  size_t p = i + len;
  p += detail::currency_at(s, p);
  return is_digit(at(s, p)) || (at(s, p) == '.' && is_digit(at(s, p + 1)));
}

// Bytes that can start a number: digits, '.', '$', '\\', '-', and the lead bytes of '€' '£'
// '−' and the vulgar fractions. Everything else is skipped without a closer look.
struct StartTable {
  bool may[256] = {};
  constexpr StartTable() {
    for (unsigned char c : std::string_view("0123456789.$-\\\xC2\xE2")) may[c] = true;
  }
};
constexpr StartTable kStart;

}  // namespace

void find_numbers_into(std::string_view text, std::vector<Number>& out, const FindOptions& opts) {
  size_t count = 0;  // out[0, count) are this call's numbers; the rest is reusable storage
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (!kStart.may[static_cast<unsigned char>(c)]) {
      ++i;
      continue;
    }
    bool sign = false, start = false;
    int vn, vd;
    if (is_digit(c) || detail::currency_at(text, i) != 0) {
      start = true;
    } else if (c == '.') {
      start = is_digit(at(text, i + 1)) && !(i > 0 && is_digit(text[i - 1]));
    } else if (size_t m = detail::minus_at(text, i)) {
      start = sign = sign_starts_number(text, i, m);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      start = detail::vulgar_at(text, i, vn, vd) != 0;
    }
    if (!start) {
      ++i;
      continue;
    }
    if (count == out.size()) out.emplace_back();
    size_t next = i + 1;
    if (detail::scan_number(text, i, opts, sign, out[count], next)) ++count;
    i = std::max(next, i + 1);
  }
  out.resize(count);
}

std::vector<Number> find_numbers(std::string_view text, const FindOptions& opts) {
  std::vector<Number> out;
  find_numbers_into(text, out, opts);
  return out;
}

Result<Number> parse_number(std::string_view text) {
  size_t i = 0, e = text.size();
  while (size_t n = detail::space_at(text, i)) i += n;
  while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\n' ||
                   text[e - 1] == '\r')) {
    --e;
  }
  std::string_view s = text.substr(0, e);
  Number n;
  size_t next = i;
  FindOptions opts;
  if (!detail::scan_number(s, i, opts, /*allow_sign=*/true, n, next)) {
    if (next > i + 1 && is_digit(at(s, next - 1))) {
      return Error{"col " + std::to_string(i + 1) + ": number too long (over " +
                   std::to_string(opts.max_digits) + " digits)"};
    }
    return Error{"col " + std::to_string(i + 1) + ": expected a number"};
  }
  if (next != e) {
    return Error{"col " + std::to_string(next + 1) + ": unexpected text after the number"};
  }
  return n;
}

}  // namespace stepwise::calc

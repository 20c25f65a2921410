// Exact values as text: the canonical form used in annotations, answers and programs.
#include <charconv>
#include <cstdint>

#include "tasks/builder_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

constexpr size_t kMaxValueText = 4096;
constexpr int kMaxDecimals = 20;  // longer terminating decimals are written as fractions

// 10^k as an mpz.
mpz_class pow10(unsigned long k) {
  mpz_class r;
  mpz_ui_pow_ui(r.get_mpz_t(), 10, k);
  return r;
}

void append_int(std::string& out, const mpz_class& v) {
  if (mpz_fits_slong_p(v.get_mpz_t())) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, mpz_get_si(v.get_mpz_t()));
    out.append(buf, res.ptr);
  } else {
    out += v.get_str();
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

int decimals_of(const Rational& r) {
  const mpz_class& den = r.get_den();
  if (den == 1) return 0;
  mpz_class d = den;
  unsigned long twos = mpz_scan1(d.get_mpz_t(), 0);
  mpz_tdiv_q_2exp(d.get_mpz_t(), d.get_mpz_t(), twos);
  unsigned long fives = 0;
  while (mpz_divisible_ui_p(d.get_mpz_t(), 5)) {
    mpz_divexact_ui(d.get_mpz_t(), d.get_mpz_t(), 5);
    ++fives;
  }
  if (d != 1) return -1;
  return static_cast<int>(twos > fives ? twos : fives);
}

std::string value_text(const Rational& r) {
  std::string out;
  if (r.get_den() == 1) {
    append_int(out, r.get_num());
    return out;
  }
  int k = decimals_of(r);
  if (k < 0 || k > kMaxDecimals) {
    append_int(out, r.get_num());
    out += '/';
    append_int(out, r.get_den());
    return out;
  }
  mpz_class scaled = r.get_num() * pow10(static_cast<unsigned long>(k)) / r.get_den();
  if (scaled < 0) {
    out += '-';
    scaled = -scaled;
  }
  std::string digits = scaled.get_str();
  if (digits.size() <= static_cast<size_t>(k))
    digits.insert(0, static_cast<size_t>(k) + 1 - digits.size(), '0');
  out.append(digits, 0, digits.size() - static_cast<size_t>(k));
  out += '.';
  out.append(digits, digits.size() - static_cast<size_t>(k), std::string::npos);
  return out;
}

std::string money_text(const Rational& r) {
  if (r.get_den() == 1 || decimals_of(r) != 1) return value_text(r);
  std::string s = value_text(r);  // one decimal: pad to cents
  s += '0';
  return s;
}

Result<Rational> parse_value(std::string_view text) {
  if (text.size() > kMaxValueText) return Error{"value too long"};
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  Rational out;
  size_t slash = s.find('/');
  size_t dot = s.find('.');
  if (slash != std::string_view::npos) {
    std::string_view a = s.substr(0, slash), b = s.substr(slash + 1);
    if (!all_digits(a) || !all_digits(b)) return Error{"not a number"};
    mpz_class den(std::string(b), 10);
    if (den == 0) return Error{"zero denominator"};
    out = Rational(mpz_class(std::string(a), 10), den);
    out.canonicalize();
  } else if (dot != std::string_view::npos) {
    std::string_view a = s.substr(0, dot), b = s.substr(dot + 1);
    if (!all_digits(a) || !all_digits(b)) return Error{"not a number"};
    mpz_class num(std::string(a) + std::string(b), 10);
    out = Rational(num, pow10(b.size()));
    out.canonicalize();
  } else {
    if (!all_digits(s)) return Error{"not a number"};
    out = Rational(mpz_class(std::string(s), 10));
  }
  if (neg) out = -out;
  return out;
}

}  // namespace stepwise::tasks

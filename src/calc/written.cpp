// written.cpp: how a written number relates to an exact value, and the canonical text of one.
#include <algorithm>
#include <string>

#include "calc/calc_internal.h"

namespace stepwise::calc {
namespace {

// 10^k as a rational, k of either sign.
Rational pow10(long k) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(k < 0 ? -k : k));
  return k < 0 ? Rational(mpz_class(1), p) : Rational(p);
}

// The place of the last written digit, as a power of ten of the value: "1.33" -> -2,
// "33.3%" -> -3, "1.5e-05" -> -6, "1.5 million" -> 5, "8" -> 0.
long last_place(const Number& w) {
  return static_cast<long>(w.exp10) - std::max(w.decimals, 0) - (w.percent ? 2 : 0);
}

// Exponents this far out are no rounding anyone wrote; also keeps pow10() small.
constexpr long kMaxPlace = 4000;

bool looks_like_double_print(const Rational& exact, const Number& w) {
  if (w.form != Form::kDecimal || w.digits < 12) return false;
  Rational diff = abs(w.value - exact);
  if (exact == 0) return diff * Rational(1000000000000) <= 1;  // |w| <= 1e-12
  return diff * Rational(1000000000) <= abs(exact);            // within 1e-9 relative
}

}  // namespace

bool rounds_to(const Rational& exact, const Number& written) {
  if (written.form == Form::kFraction || written.form == Form::kMixed) return false;
  long place = last_place(written);
  if (place > kMaxPlace || place < -kMaxPlace) return false;
  // |written - exact| <= half a unit of the last place.
  return abs(written.value - exact) * 2 <= pow10(place);
}

WrittenMatch classify_written(const Rational& exact, const Number& written, bool rounding_allowed) {
  if (written.value == exact) return WrittenMatch::kExact;
  if (looks_like_double_print(exact, written)) return WrittenMatch::kFloatNoise;
  bool decimal_looking = written.decimals >= 1 || written.percent;
  if (rounding_allowed && decimal_looking && rounds_to(exact, written)) {
    return WrittenMatch::kRounded;
  }
  return WrittenMatch::kNo;
}

bool matches_written(const Rational& exact, const Number& written, bool rounding_allowed) {
  return classify_written(exact, written, rounding_allowed) != WrittenMatch::kNo;
}

std::string to_text(const Rational& r) {
  const mpz_class& den = r.get_den();
  if (den == 1) return r.get_num().get_str();
  // A terminating decimal has a denominator 2^a 5^b; it needs max(a, b) places.
  mpz_class rest = den;
  unsigned long a = mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), mpz_class(2).get_mpz_t());
  unsigned long b = mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), mpz_class(5).get_mpz_t());
  unsigned long places = std::max(a, b);
  if (rest != 1 || places > 20) return r.get_str();
  mpz_class scaled = abs(r.get_num()) * pow10(static_cast<long>(places)).get_num() / den;
  std::string digits = scaled.get_str();
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  std::string out = r < 0 ? "-" : "";
  out += digits.substr(0, digits.size() - places);
  out += '.';
  out += digits.substr(digits.size() - places);
  return out;
}

}  // namespace stepwise::calc

// num_internal.h: an exact rational that lives in two int64 while it can (tasks/ only).
//
// The numbers of a generated problem are small: prices, counts, digits, a few decimals. Num
// keeps numerator and denominator in int64 (reduced, denominator > 0) and computes in 128 bits;
// a result that does not fit moves to a GMP rational, shared and immutable. The values are
// always exact and equal to what calc::Rational would compute: only the storage differs. Plain
// value type: thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "calc/calc.h"

namespace stepwise::tasks {

class Num {
 public:
  Num() = default;
  Num(long v) : n_(v) {}  // NOLINT: implicit by design (constants)
  explicit Num(const calc::Rational& r);

  bool small() const { return !big_; }
  calc::Rational rational() const;
  bool is_int() const { return small() ? d_ == 1 : big_->get_den() == 1; }
  int sign() const;
  // The whole number when small and integral.
  int64_t small_num() const { return n_; }
  int64_t small_den() const { return d_; }

  friend Num operator+(const Num& a, const Num& b);
  friend Num operator-(const Num& a, const Num& b);
  friend Num operator*(const Num& a, const Num& b);
  friend Num operator/(const Num& a, const Num& b);  // b != 0 (checked by the caller)
  friend int compare(const Num& a, const Num& b);
  friend bool operator==(const Num& a, const Num& b) { return compare(a, b) == 0; }
  friend bool operator!=(const Num& a, const Num& b) { return compare(a, b) != 0; }
  friend bool operator<(const Num& a, const Num& b) { return compare(a, b) < 0; }
  friend bool operator<=(const Num& a, const Num& b) { return compare(a, b) <= 0; }
  friend bool operator>(const Num& a, const Num& b) { return compare(a, b) > 0; }
  friend bool operator>=(const Num& a, const Num& b) { return compare(a, b) >= 0; }

  Num floor() const;
  Num abs() const { return sign() < 0 ? Num(0) - *this : *this; }
  // this^e for |e| <= 64 (e integral; 0^negative is the caller's to avoid).
  Num pow(long e) const;
  // Rounded half away from zero to `digits` decimals.
  Num round(int digits) const;

 private:
  static Num from128(__int128_t n, __int128_t d);
  static Num from_rational(calc::Rational r);
  int64_t n_ = 0, d_ = 1;
  std::shared_ptr<const calc::Rational> big_;
};

// Digits after the point of `v` as a terminating decimal; -1 when it does not terminate.
int decimals_of(const Num& v);
inline bool is_int(const Num& v) { return v.is_int(); }

// Appends the canonical text (value_text) of `v`.
void append_value(std::string& out, const Num& v);
std::string value_text(const Num& v);
// Money: 2 decimals when not whole ("4.50").
std::string money_text(const Num& v);

}  // namespace stepwise::tasks

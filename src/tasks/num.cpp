// Num: small exact rationals in two int64, GMP beyond.
#include <charconv>
#include <numeric>

#include "base/check.h"
#include "base/hash.h"
#include "base/rng.h"
#include "tasks/builder_internal.h"
#include "tasks/num_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

using u128 = __uint128_t;

constexpr int64_t kMax = INT64_MAX;

u128 uabs(__int128_t v) { return v < 0 ? static_cast<u128>(-v) : static_cast<u128>(v); }

u128 gcd128(u128 a, u128 b) {
  if (a <= UINT64_MAX && b <= UINT64_MAX)
    return std::gcd(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
  while (b != 0) {
    u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

mpz_class to_mpz(__int128_t v) {
  u128 u = uabs(v);
  mpz_class hi(static_cast<unsigned long>(static_cast<uint64_t>(u >> 64)));
  mpz_class lo(static_cast<unsigned long>(static_cast<uint64_t>(u)));
  mpz_class r = (hi << 64) + lo;
  return v < 0 ? mpz_class(-r) : r;
}

// Writes the decimal digits of u (most significant first).
void append_u128(std::string& out, u128 u) {
  char buf[48];
  int i = 48;
  do {
    buf[--i] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  out.append(buf + i, buf + 48);
}

}  // namespace

Num::Num(const calc::Rational& r) { *this = from_rational(r); }

Num Num::from_rational(calc::Rational r) {
  Num out;
  if (r.get_num().fits_slong_p() && r.get_den().fits_slong_p()) {
    out.n_ = r.get_num().get_si();
    out.d_ = r.get_den().get_si();
    return out;
  }
  out.big_ = std::make_shared<const calc::Rational>(std::move(r));
  return out;
}

Num Num::from128(__int128_t n, __int128_t d) {
  SW_CHECK(d != 0);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  if (d != 1) {
    u128 g = gcd128(uabs(n), static_cast<u128>(d));
    if (g > 1) {
      n /= static_cast<__int128_t>(g);
      d /= static_cast<__int128_t>(g);
    }
  }
  if (n >= -kMax && n <= kMax && d <= kMax) {
    Num out;
    out.n_ = static_cast<int64_t>(n);
    out.d_ = static_cast<int64_t>(d);
    return out;
  }
  calc::Rational r(to_mpz(n), to_mpz(d));
  r.canonicalize();
  return from_rational(std::move(r));
}

calc::Rational Num::rational() const {
  if (big_) return *big_;
  return calc::Rational(mpz_class(static_cast<long>(n_)), mpz_class(static_cast<long>(d_)));
}

int Num::sign() const {
  if (big_) return sgn(*big_);
  return n_ > 0 ? 1 : n_ < 0 ? -1 : 0;
}

Num operator+(const Num& a, const Num& b) {
  if (a.small() && b.small()) {
    if (a.d_ == 1 && b.d_ == 1) return Num::from128(__int128_t{a.n_} + b.n_, 1);
    return Num::from128(__int128_t{a.n_} * b.d_ + __int128_t{b.n_} * a.d_, __int128_t{a.d_} * b.d_);
  }
  return Num(calc::Rational(a.rational() + b.rational()));
}

Num operator-(const Num& a, const Num& b) {
  if (a.small() && b.small()) {
    if (a.d_ == 1 && b.d_ == 1) return Num::from128(__int128_t{a.n_} - b.n_, 1);
    return Num::from128(__int128_t{a.n_} * b.d_ - __int128_t{b.n_} * a.d_, __int128_t{a.d_} * b.d_);
  }
  return Num(calc::Rational(a.rational() - b.rational()));
}

Num operator*(const Num& a, const Num& b) {
  if (a.small() && b.small()) return Num::from128(__int128_t{a.n_} * b.n_, __int128_t{a.d_} * b.d_);
  return Num(calc::Rational(a.rational() * b.rational()));
}

Num operator/(const Num& a, const Num& b) {
  SW_CHECK(b.sign() != 0);
  if (a.small() && b.small()) return Num::from128(__int128_t{a.n_} * b.d_, __int128_t{a.d_} * b.n_);
  return Num(calc::Rational(a.rational() / b.rational()));
}

int compare(const Num& a, const Num& b) {
  if (a.small() && b.small()) {
    __int128_t l = __int128_t{a.n_} * b.d_, r = __int128_t{b.n_} * a.d_;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  return cmp(a.rational(), b.rational());
}

Num Num::floor() const {
  if (big_) {
    mpz_class q;
    mpz_fdiv_q(q.get_mpz_t(), big_->get_num_mpz_t(), big_->get_den_mpz_t());
    return Num(calc::Rational(q));
  }
  if (d_ == 1) return *this;
  int64_t q = n_ / d_;
  if ((n_ % d_ != 0) && (n_ < 0)) --q;
  return Num(static_cast<long>(q));
}

Num Num::pow(long e) const {
  Num base = e < 0 ? Num(1) / *this : *this;
  unsigned long k = static_cast<unsigned long>(e < 0 ? -e : e);
  Num r(1);
  while (k != 0) {
    if (k & 1) r = r * base;
    k >>= 1;
    if (k != 0) base = base * base;
  }
  return r;
}

Num Num::round(int digits) const {
  Num scale = Num(10).pow(digits);
  Num t = abs() * scale + Num::from128(1, 2);
  Num r = t.floor() / scale;
  return sign() < 0 ? Num(0) - r : r;
}

uint64_t num_hash(const Num& v) {
  if (!v.small()) return hash64(value_text(v.rational()), 0x51ed);
  uint64_t s = static_cast<uint64_t>(v.small_num()) * 0x9e3779b97f4a7c15ULL ^
               static_cast<uint64_t>(v.small_den());
  return splitmix64(s);
}

int decimals_of(const Num& v) {
  if (!v.small()) return decimals_of(v.rational());
  uint64_t d = static_cast<uint64_t>(v.small_den());
  if (d == 1) return 0;
  int twos = __builtin_ctzll(d);
  d >>= twos;
  int fives = 0;
  while (d % 5 == 0) {
    d /= 5;
    ++fives;
  }
  if (d != 1) return -1;
  return twos > fives ? twos : fives;
}

void append_value(std::string& out, const Num& v) {
  if (!v.small()) {
    out += value_text(v.rational());
    return;
  }
  int64_t n = v.small_num(), d = v.small_den();
  char buf[24];
  if (d == 1) {
    auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
    return;
  }
  int k = decimals_of(v);
  if (k < 0 || k > 18) {
    out += value_text(v.rational());  // fractions and very long decimals: the general path
    return;
  }
  __int128_t scaled = __int128_t{n};
  for (int i = 0; i < k; ++i) scaled *= 10;
  scaled /= d;
  if (scaled < 0) out += '-';
  std::string digits;
  append_u128(digits, uabs(scaled));
  if (digits.size() <= static_cast<size_t>(k))
    digits.insert(0, static_cast<size_t>(k) + 1 - digits.size(), '0');
  out.append(digits, 0, digits.size() - static_cast<size_t>(k));
  out += '.';
  out.append(digits, digits.size() - static_cast<size_t>(k), std::string::npos);
}

std::string value_text(const Num& v) {
  std::string out;
  append_value(out, v);
  return out;
}

std::string money_text(const Num& v) {
  std::string s = value_text(v);
  if (decimals_of(v) == 1) s += '0';
  return s;
}

}  // namespace stepwise::tasks

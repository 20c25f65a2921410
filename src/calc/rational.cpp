// rational.cpp: Val, the int64-or-GMP rational used while evaluating, and exact powers.
#include <bit>
#include <climits>
#include <cstdlib>
#include <numeric>

#include "calc/calc_internal.h"

namespace stepwise::calc::detail {
namespace {

uint64_t uabs(int64_t x) { return x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x); }

size_t bit_width_u(uint64_t x) { return static_cast<size_t>(std::bit_width(x)); }

size_t mpz_bits(const mpz_class& z) { return z == 0 ? 0 : mpz_sizeinbase(z.get_mpz_t(), 2); }

// True when x can live in the small form.
bool fits(int64_t x) { return x != INT64_MIN; }

}  // namespace

size_t Val::bits() const {
  if (big()) return std::max(mpz_bits(q_->get_num()), mpz_bits(q_->get_den()));
  return std::max(bit_width_u(uabs(n_)), bit_width_u(uabs(d_)));
}

void Val::set_small(int64_t n, int64_t d) {
  q_.reset();
  if (n == INT64_MIN || d == INT64_MIN) {
    mpq_class& q = promote();
    q = mpq_class(mpz_class(static_cast<long>(n)), mpz_class(static_cast<long>(d)));
    q.canonicalize();
    demote();
    return;
  }
  if (d < 0) {
    n = -n;
    d = -d;
  }
  int64_t g = std::gcd(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  n_ = n;
  d_ = d;
}

void Val::set(const mpq_class& q) {
  promote() = q;
  demote();
}

void Val::demote() {
  const mpq_class& q = *q_;
  if (mpz_fits_slong_p(q.get_num_mpz_t()) && mpz_fits_slong_p(q.get_den_mpz_t())) {
    long n = mpz_get_si(q.get_num_mpz_t()), d = mpz_get_si(q.get_den_mpz_t());
    if (fits(n) && fits(d)) {
      q_.reset();
      n_ = n;
      d_ = d;
    }
  }
}

void Val::store(mpq_class& out) const {
  if (big()) {
    out = *q_;
  } else {
    mpz_set_si(mpq_numref(out.get_mpq_t()), n_);
    mpz_set_si(mpq_denref(out.get_mpq_t()), d_);
  }
}

mpq_class& Val::promote() {
  if (!big()) {
    q_.emplace();
    mpz_set_si(mpq_numref(q_->get_mpq_t()), n_);
    mpz_set_si(mpq_denref(q_->get_mpq_t()), d_);
  }
  return *q_;
}

void Val::negate() {
  if (big()) {
    mpq_neg(q_->get_mpq_t(), q_->get_mpq_t());
  } else {
    n_ = -n_;  // safe: n_ != INT64_MIN, so -n_ fits and is not INT64_MIN
  }
}

void Val::add(const Val& b, bool subtract) {
  if (!big() && !b.big()) {
    int64_t bn = subtract ? -b.n_ : b.n_;
    int64_t g = std::gcd(d_, b.d_);
    int64_t d1 = b.d_ / g, b1 = d_ / g, x, y, n, d;
    if (!__builtin_mul_overflow(n_, d1, &x) && !__builtin_mul_overflow(bn, b1, &y) &&
        !__builtin_add_overflow(x, y, &n) && !__builtin_mul_overflow(d_, d1, &d) && fits(n)) {
      set_small(n, d);
      return;
    }
  }
  Val tmp;
  const mpq_class* rhs;
  if (b.big()) {
    rhs = &*b.q_;
  } else {
    tmp = b;
    rhs = &tmp.promote();
  }
  if (subtract) {
    mpq_sub(promote().get_mpq_t(), q_->get_mpq_t(), rhs->get_mpq_t());
  } else {
    mpq_add(promote().get_mpq_t(), q_->get_mpq_t(), rhs->get_mpq_t());
  }
  demote();
}

void Val::mul(const Val& b) {
  if (!big() && !b.big()) {
    int64_t g1 = std::gcd(n_, b.d_), g2 = std::gcd(b.n_, d_);
    int64_t n, d;
    if (!__builtin_mul_overflow(n_ / g1, b.n_ / g2, &n) &&
        !__builtin_mul_overflow(d_ / g2, b.d_ / g1, &d) && fits(n) && fits(d)) {
      n_ = n;
      d_ = d;
      return;
    }
  }
  Val tmp;
  const mpq_class* rhs;
  if (b.big()) {
    rhs = &*b.q_;
  } else {
    tmp = b;
    rhs = &tmp.promote();
  }
  mpq_mul(promote().get_mpq_t(), q_->get_mpq_t(), rhs->get_mpq_t());
  demote();
}

bool Val::div(const Val& b) {
  if (b.sign() == 0) return false;
  Val inv;
  if (b.big()) {
    mpq_inv(inv.promote().get_mpq_t(), b.q_->get_mpq_t());
  } else {
    inv.set_small(b.d_, b.n_);
  }
  mul(inv);
  return true;
}

bool Val::floor_div(const Val& b) {
  if (!div(b)) return false;
  if (big()) {
    mpz_class q;
    mpz_fdiv_q(q.get_mpz_t(), q_->get_num_mpz_t(), q_->get_den_mpz_t());
    set(mpq_class(q));
  } else if (d_ != 1) {
    int64_t q = n_ / d_;  // truncates toward zero
    if (n_ % d_ != 0 && n_ < 0) --q;
    n_ = q;
    d_ = 1;
  }
  return true;
}

namespace {

// Exact q-th root of a non-negative integer z; false when z is not a perfect q-th power.
bool exact_root(mpz_class& z, unsigned long q) {
  mpz_class r;
  if (mpz_root(r.get_mpz_t(), z.get_mpz_t(), q) == 0) return false;
  z = r;
  return true;
}

}  // namespace

PowStatus pow_in_place(Val& base, const Val& exp, long max_exponent, size_t max_bits) {
  // Bases 0, 1 and -1 have results of bounded size whatever the exponent.
  int s = base.sign();
  if (s == 0) {
    if (exp.sign() < 0) return PowStatus::kDivZero;
    if (exp.sign() == 0) base.set_small(1, 1);
    return PowStatus::kOk;
  }
  bool unit =
      !base.big() && base.small_den() == 1 && (base.small_num() == 1 || base.small_num() == -1);
  mpq_class e;
  exp.store(e);
  mpz_class p = e.get_num(), q = e.get_den();
  if (unit) {
    if (base.small_num() == 1) return PowStatus::kOk;
    if (q % 2 == 0) return PowStatus::kIrrational;  // (-1)^(1/2)
    base.set_small(p % 2 == 0 ? 1 : -1, 1);
    return PowStatus::kOk;
  }
  if (abs(p) > max_exponent || q > max_exponent || !mpz_fits_slong_p(p.get_mpz_t()) ||
      !mpz_fits_ulong_p(q.get_mpz_t()) || p == LONG_MIN) {
    return PowStatus::kExponentTooLarge;
  }
  long pe = p.get_si();
  unsigned long qe = q.get_ui();
  unsigned long ap = static_cast<unsigned long>(pe < 0 ? -pe : pe);
  // Estimate before computing: bits(result) <= bits(base) * |p| / q + 1 (in double: only an
  // estimate, and immune to overflow whatever limits the caller chose).
  double estimate =
      static_cast<double>(base.bits()) * static_cast<double>(ap) / static_cast<double>(qe);
  if (estimate > static_cast<double>(max_bits) + 1) return PowStatus::kTooLarge;
  mpq_class b;
  base.store(b);
  if (qe > 1) {
    if (s < 0 && qe % 2 == 0) return PowStatus::kIrrational;
    mpz_class num = abs(b.get_num()), den = b.get_den();
    if (!exact_root(num, qe) || !exact_root(den, qe)) return PowStatus::kIrrational;
    b = mpq_class(s < 0 ? mpz_class(-num) : num, den);
  }
  mpq_class r;
  mpz_pow_ui(mpq_numref(r.get_mpq_t()), b.get_num_mpz_t(), ap);
  mpz_pow_ui(mpq_denref(r.get_mpq_t()), b.get_den_mpz_t(), ap);
  if (pe < 0) mpq_inv(r.get_mpq_t(), r.get_mpq_t());
  base.set(r);
  if (base.bits() > max_bits) return PowStatus::kTooLarge;
  return PowStatus::kOk;
}

}  // namespace stepwise::calc::detail

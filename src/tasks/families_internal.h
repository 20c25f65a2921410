// families_internal.h: the built-in families and shared sampling helpers (tasks/ only).
#pragma once

#include <vector>

#include "tasks/num_internal.h"
#include "tasks/problem.h"

namespace stepwise::tasks {

// Each built-in family, defined in its family_*.cpp.
const Family& shopping_change_family();
const Family& discount_percent_family();
const Family& unit_rate_family();
const Family& speed_distance_time_family();
const Family& average_family();
const Family& ratio_split_family();
const Family& work_time_family();
const Family& linear_equation_family();
const Family& unit_conversion_family();
const Family& compound_interest_family();
const Family& addition_detailed_family();
const Family& addition_terse_family();
const Family& multiplication_detailed_family();
const Family& multiplication_terse_family();
const Family& expression_family();

// All of the above in `stepwise gen --list` order.
std::vector<const Family*> builtin_families();

// Draws a template and values at `difficulty` until the constraints hold, and renders it;
// the problem goes to `out` when given. Error after many failed attempts (a bug).
Result<Rendered> draw_rendered(const Family& f, int difficulty, Rng& rng, Format format,
                               Problem* out);

// Uniform multiple of `step` in [lo, hi] (lo when the range holds none).
Rational draw_value(const Rational& lo, const Rational& hi, const Rational& step, Rng& rng);
Num draw_num(const Num& lo, const Num& hi, const Num& step, Rng& rng);
// 10^k.
Rational pow10(int k);
// n/d, reduced.
inline Rational frac(long n, long d) {
  Rational r(n, d);
  r.canonicalize();
  return r;
}

// A template variable (see VarSpec).
inline VarSpec spec(std::string name, VarType type, Rational lo, Rational hi, Rational step = 1,
                    bool magnitude = false, std::string role = {}) {
  VarSpec s;
  s.name = std::move(name);
  s.type = type;
  s.lo = std::move(lo);
  s.hi = std::move(hi);
  s.step = std::move(step);
  s.magnitude = magnitude;
  s.role = std::move(role);
  return s;
}

// "name1", "name2", ...: the i-th (0-based) of a numbered family of names.
inline std::string nth(const char* base, int i) { return base + std::to_string(i + 1); }

// Sets variable `name` of `p` (appends it when absent).
void set_var(Problem& p, const std::string& name, Rational v);

// A uniform whole number in [lo, hi].
inline Rational draw_int(Rng& rng, long lo, long hi) { return Rational(rng.range(lo, hi)); }

}  // namespace stepwise::tasks

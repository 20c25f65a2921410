// stats.cpp: confidence intervals for the demo's claim (over seeds, and over paired problems).
#include <cmath>

#include "demo/demo.h"

namespace stepwise::demo {

namespace {

// Two-sided 95% critical value of Student's t with `df` degrees of freedom.
double t95(int64_t df) {
  static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 0) return 0;
  if (df <= 30) return kTable[df - 1];
  return 1.96 + 2.4 / static_cast<double>(df);  // within 0.01 of the exact value beyond 30
}

Interval from_moments(double mean, double var, int64_t n, double crit) {
  Interval r;
  r.n = n;
  r.mean = mean;
  double half = n > 1 ? crit * std::sqrt(var / static_cast<double>(n)) : 0.0;
  r.lo = mean - half;
  r.hi = mean + half;
  return r;
}

}  // namespace

Interval mean_ci(const std::vector<double>& xs) {
  if (xs.empty()) return {};
  double n = static_cast<double>(xs.size()), sum = 0;
  for (double x : xs) sum += x;
  double mean = sum / n, ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  double var = xs.size() > 1 ? ss / (n - 1) : 0.0;
  auto size = static_cast<int64_t>(xs.size());
  return from_moments(mean, var, size, t95(size - 1));
}

Interval paired_ci(const std::vector<double>& x, const std::vector<double>& y) {
  size_t n = std::min(x.size(), y.size());
  if (n == 0) return {};
  std::vector<double> d(n);
  for (size_t i = 0; i < n; ++i) d[i] = x[i] - y[i];
  double sum = 0;
  for (double v : d) sum += v;
  double mean = sum / static_cast<double>(n), ss = 0;
  for (double v : d) ss += (v - mean) * (v - mean);
  double var = n > 1 ? ss / static_cast<double>(n - 1) : 0.0;
  return from_moments(mean, var, static_cast<int64_t>(n), n > 30 ? 1.96 : t95(int64_t(n) - 1));
}

}  // namespace stepwise::demo

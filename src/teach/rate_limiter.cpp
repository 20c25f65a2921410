#include "teach/rate_limiter.h"

#include <algorithm>

namespace stepwise::teach {

TokenBucket::TokenBucket(double rate_per_min)
    : rate_per_s_(rate_per_min > 0 ? rate_per_min / 60.0 : 0),
      capacity_(std::max(1.0, rate_per_s_)),
      level_(capacity_),
      last_(Clock::now()) {}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= last_) return;
  double secs = std::chrono::duration<double>(now - last_).count();
  level_ = std::min(capacity_, level_ + secs * rate_per_s_);
  last_ = now;
}

Clock::time_point TokenBucket::reserve(double amount, Clock::time_point now) {
  if (!limited()) return now;
  refill(now);
  // A reservation larger than the bucket simply waits longer: the debt is repaid at the rate.
  level_ -= amount;
  if (level_ >= 0) return now;
  auto wait = std::chrono::duration<double>(-level_ / rate_per_s_);
  return now + std::chrono::duration_cast<Clock::duration>(wait);
}

void TokenBucket::adjust(double amount, Clock::time_point now) {
  if (!limited()) return;
  refill(now);
  level_ = std::min(capacity_, level_ + amount);
}

RateLimiter::RateLimiter(double requests_per_min, double tokens_per_min)
    : requests_(requests_per_min), tokens_(tokens_per_min) {}

Clock::time_point RateLimiter::reserve(int64_t tokens) {
  std::lock_guard<std::mutex> lock(mu_);
  auto now = Clock::now();
  auto a = requests_.reserve(1.0, now);
  auto b = tokens_.reserve(static_cast<double>(tokens), now);
  return std::max({a, b, paused_until_});
}

void RateLimiter::settle(int64_t estimated, int64_t actual) {
  std::lock_guard<std::mutex> lock(mu_);
  tokens_.adjust(static_cast<double>(estimated - actual), Clock::now());
}

void RateLimiter::pause_until(Clock::time_point until) {
  std::lock_guard<std::mutex> lock(mu_);
  paused_until_ = std::max(paused_until_, until);
}

}  // namespace stepwise::teach

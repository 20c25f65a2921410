// rate_limiter.h: requests/minute and tokens/minute limits, and server-ordered pauses.
//
// Two token buckets, one counting requests and one counting tokens, each refilled continuously
// at limit/60 per second and holding at most one second of allowance (so a limit of 600
// requests/minute allows bursts of 10, not of 600). A request reserves one request and its
// estimated tokens; reservations may drive a bucket negative, and the caller then waits until
// the debt is repaid. After the response, `settle` corrects the token bucket by the difference
// between the estimate and what the server reported. A 429 with Retry-After pauses every
// worker, not only the one that saw it (`pause_until`). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace stepwise::teach {

using Clock = std::chrono::steady_clock;

// One bucket. rate_per_min <= 0 means unlimited (reserve never waits).
class TokenBucket {
 public:
  explicit TokenBucket(double rate_per_min = 0);
  // Takes `amount` from the bucket at `now`; returns when the caller may go (now or later).
  // Not thread-safe by itself (RateLimiter holds the lock).
  Clock::time_point reserve(double amount, Clock::time_point now);
  // Gives back (`amount` > 0) or takes more (< 0) without waiting.
  void adjust(double amount, Clock::time_point now);
  bool limited() const { return rate_per_s_ > 0; }

 private:
  void refill(Clock::time_point now);
  double rate_per_s_ = 0, capacity_ = 0, level_ = 0;
  Clock::time_point last_{};
};

class RateLimiter {
 public:
  RateLimiter(double requests_per_min, double tokens_per_min);
  // Reserves one request and `tokens` estimated tokens; returns the time the caller may send
  // (never earlier than a pause set by pause_until).
  Clock::time_point reserve(int64_t tokens);
  // Corrects the token bucket once the real usage is known (`actual - estimated` tokens taken).
  void settle(int64_t estimated, int64_t actual);
  // No request may start before `until` (a server's Retry-After). Later calls only extend it.
  void pause_until(Clock::time_point until);

 private:
  std::mutex mu_;
  TokenBucket requests_, tokens_;
  Clock::time_point paused_until_{};
};

}  // namespace stepwise::teach

// retry.h: when to retry a request and how long to wait first.
//
// Exponential backoff with full jitter (the wait before retry `a` is uniform in
// [0, min(max, base * 2^a))), never shorter than what a server asked for with `Retry-After`
// (delta-seconds or an HTTP-date). Which failures are retried is decided by `retryable` from the
// failure's stable code. Pure functions plus a small policy struct; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/rng.h"

namespace stepwise::teach {

struct RetryPolicy {
  int max_retries = 6;               // retries after the first attempt (so 7 attempts at most)
  double base_s = 0.5;               // first backoff ceiling
  double max_s = 60.0;               // backoff ceiling
  double max_retry_after_s = 600.0;  // a server's Retry-After is honoured up to this

  // Seconds to wait before retry number `retry` (0-based) after a failure; `retry_after_s` is the
  // server's request, when it made one. Uses `rng` for the jitter.
  double delay(int retry, std::optional<double> retry_after_s, Rng& rng) const;
};

// Parses a Retry-After header value: delta-seconds ("120", also "1.5" from lenient servers) or
// an HTTP-date in any of the three forms of RFC 9110 (IMF-fixdate "Sun, 06 Nov 1994 08:49:37
// GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994"), taken
// relative to `now`. A date in the past gives 0. Returns nullopt for anything else.
std::optional<double> parse_retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now);

// Stable codes of request failures, used in summaries, progress lines and drop reasons:
// "http_<status>" (for example "http_429", "http_500"), "timeout", "connection", "read",
// "write", "ssl", "bad_response" (a 200 whose body is not a valid completion), "canceled".
// True when a later attempt may succeed: 408, 409, 425, 429, every 5xx, timeouts, connection,
// read and write errors, and bad responses (truncated or garbled bodies).
bool retryable(std::string_view code);

// True for failures that will fail every request the same way (bad key, forbidden, unknown
// model or path): 401, 403, 404. The run stops instead of retrying.
bool fatal(std::string_view code);

}  // namespace stepwise::teach

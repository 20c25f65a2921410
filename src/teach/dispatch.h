// dispatch.h: sending requests N at a time, with limits, retries, a budget and the cache.
//
// A Dispatcher takes a list of requests (each with its cache key and body), sends them from
// `concurrency` worker threads (each with its own connection), waits for the rate limiter
// before each attempt, retries retryable failures with backoff (retry.h), stops taking new
// requests when the token budget is spent, a fatal status (401, 403, 404) is seen, or the
// endpoint proves unreachable (connection or TLS failures before any success), and
// commits every successful response to the cache before counting it. Requests already being
// sent when it stops are finished and recorded. Shows a progress line on a terminal.
// run() may be called more than once (the figures add up); not thread-safe itself.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "base/progress.h"
#include "teach/cache.h"
#include "teach/http_client.h"
#include "teach/openai.h"
#include "teach/rate_limiter.h"
#include "teach/retry.h"

namespace stepwise::teach {

// One request to send.
struct Request {
  std::string key;               // cache key
  std::string body;              // JSON body
  int64_t prompt_tokens = 0;     // estimated prompt tokens (estimate_prompt_tokens)
  int64_t estimated_tokens = 0;  // prompt_tokens + max_tokens * n (rate limit, dry run)
};

struct DispatchConfig {
  Endpoint endpoint;
  HttpOptions http;
  Api api = Api::kChat;
  RetryPolicy retry;
  int concurrency = 8;
  double rpm = 0, tpm = 0;
  int64_t budget_tokens = 0;  // 0 = none
  uint64_t jitter_seed = 0;
  bool progress = true;
};

// Why a request ended without a stored response.
struct RequestFailure {
  std::string code;    // failure code of the last attempt ("http_400", "timeout", ...)
  std::string detail;  // what the server or transport said
  int attempts = 0;
};

struct DispatchFigures {
  int64_t requests = 0;                              // requests handed to run()
  int64_t succeeded = 0;                             // stored in the cache
  int64_t failed = 0;                                // gave up (see failures)
  int64_t not_sent = 0;                              // never started: budget reached or fatal stop
  int64_t attempts = 0;                              // HTTP attempts made
  int64_t prompt_tokens = 0, completion_tokens = 0;  // of stored responses
  bool usage_estimated = false;  // some responses had no usage: estimated from text
  bool budget_reached = false;
  std::string fatal;                                // set when a fatal status stopped the run
  std::map<std::string, int64_t> attempt_failures;  // failed attempts by code
  std::map<std::string, RequestFailure> failures;   // by cache key
  double seconds = 0;
};

class Dispatcher {
 public:
  Dispatcher(DispatchConfig config, Cache& cache);

  // Sends `requests` (blocks until all are done, failed or not sent) and adds to figures().
  void run(const std::vector<Request>& requests);
  const DispatchFigures& figures() const { return fig_; }

 private:
  void worker(const std::vector<Request>& requests, int index);
  // Sends one request with retries; true when stored.
  bool send(HttpClient& client, const Request& r, Rng& rng);
  void fail(const Request& r, const std::string& code, const std::string& detail, int attempts);
  // A request that gave up on a connection or TLS failure before any request succeeded: the
  // endpoint is unreachable, and every other request would wait through its retries too.
  void unreachable(const std::string& code, const std::string& detail);
  std::string progress_extra();

  DispatchConfig cfg_;
  Cache& cache_;
  RateLimiter limiter_;
  std::mutex mu_;  // guards fig_
  DispatchFigures fig_;
  std::atomic<size_t> next_{0};
  std::atomic<int64_t> in_flight_{0}, spent_tokens_{0}, started_{0};
  std::atomic<bool> stop_{false};        // take no new request
  std::atomic<bool> fatal_stop_{false};  // and abandon retries too
  Progress* progress_ = nullptr;         // drawn while run() is active
};

}  // namespace stepwise::teach

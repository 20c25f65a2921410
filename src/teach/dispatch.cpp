#include "teach/dispatch.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "base/hash.h"

namespace stepwise::teach {

Dispatcher::Dispatcher(DispatchConfig config, Cache& cache)
    : cfg_(std::move(config)), cache_(cache), limiter_(cfg_.rpm, cfg_.tpm) {}

void Dispatcher::run(const std::vector<Request>& requests) {
  auto start = std::chrono::steady_clock::now();
  next_ = 0;
  started_ = 0;
  stop_ = fatal_stop_ || fig_.budget_reached;
  Progress progress("teach", requests.size(), "requests");
  progress_ = cfg_.progress && Progress::enabled() ? &progress : nullptr;
  int threads = std::max(1, std::min<int>(cfg_.concurrency, static_cast<int>(requests.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([this, &requests, t] { worker(requests, t); });
  for (std::thread& th : pool) th.join();
  progress.finish();
  progress_ = nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  fig_.requests += static_cast<int64_t>(requests.size());
  fig_.not_sent += static_cast<int64_t>(requests.size()) - started_.load();
  fig_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Dispatcher::worker(const std::vector<Request>& requests, int index) {
  HttpClient client(cfg_.endpoint, cfg_.http);
  Rng rng(hash_combine(cfg_.jitter_seed, static_cast<uint64_t>(index)));
  for (;;) {
    if (stop_) return;
    if (cfg_.budget_tokens > 0 && spent_tokens_.load() >= cfg_.budget_tokens) {
      std::lock_guard<std::mutex> lock(mu_);
      fig_.budget_reached = true;
      stop_ = true;
      return;
    }
    size_t i = next_.fetch_add(1);
    if (i >= requests.size()) return;
    ++started_;
    ++in_flight_;
    send(client, requests[i], rng);
    --in_flight_;
    if (progress_) progress_->add(1, progress_extra());
  }
}

std::string Dispatcher::progress_extra() {
  std::lock_guard<std::mutex> lock(mu_);
  double secs = progress_ ? progress_->seconds() : 0;
  int64_t tokens = fig_.prompt_tokens + fig_.completion_tokens;
  std::string out = "| " + std::to_string(in_flight_.load()) + " in flight | " +
                    human_count(secs > 0 ? static_cast<double>(tokens) / secs : 0) + " tok/s";
  if (!fig_.attempt_failures.empty()) {
    out += " | failures:";
    for (const auto& [code, n] : fig_.attempt_failures) out += " " + code + " " + std::to_string(n);
  }
  return out;
}

void Dispatcher::unreachable(const std::string& code, const std::string& detail) {
  if (code != "connection" && code != "ssl") return;
  std::lock_guard<std::mutex> lock(mu_);
  if (fig_.succeeded > 0 || !fig_.fatal.empty()) return;
  fig_.fatal = code + ": " + detail + " (no request has succeeded: is " + cfg_.endpoint.url() +
               " reachable" + (code == "ssl" ? " and its certificate trusted (--ca-cert)?" : "?") +
               ")";
  stop_ = true;
  fatal_stop_ = true;
}

void Dispatcher::fail(const Request& r, const std::string& code, const std::string& detail,
                      int attempts) {
  std::lock_guard<std::mutex> lock(mu_);
  ++fig_.failed;
  fig_.failures[r.key] = {code, detail, attempts};
}

bool Dispatcher::send(HttpClient& client, const Request& r, Rng& rng) {
  const std::string path = api_path(cfg_.api);
  for (int attempt = 0;; ++attempt) {
    std::this_thread::sleep_until(limiter_.reserve(r.estimated_tokens));
    HttpResponse resp = client.post_json(path, r.body);
    std::string code = resp.failure, detail = resp.detail;
    std::optional<Completion> done;
    if (code.empty() && resp.status != 200) {
      code = "http_" + std::to_string(resp.status);
      detail = error_message(resp.body);
    } else if (code.empty()) {
      auto parsed = parse_completion(resp.body, cfg_.api);
      if (parsed) {
        done = std::move(*parsed);
      } else {
        code = "bad_response";
        detail = parsed.error().message;
      }
    }
    if (done) {
      CacheEntry e;
      e.key = r.key;
      e.request = r.body;
      e.response = std::move(resp.body);
      bool estimated = !done->prompt_tokens || !done->completion_tokens;
      int64_t completion = 0;
      for (const Choice& c : done->choices) completion += estimate_tokens(c.text);
      e.prompt_tokens = done->prompt_tokens.value_or(r.estimated_tokens);
      e.completion_tokens = done->completion_tokens.value_or(completion);
      if (auto s = cache_.put(e); !s) {
        std::lock_guard<std::mutex> lock(mu_);
        fig_.fatal = "cache: " + s.error().message;
        stop_ = true;
        fatal_stop_ = true;
        return false;
      }
      int64_t used = e.prompt_tokens + e.completion_tokens;
      limiter_.settle(r.estimated_tokens, used);
      spent_tokens_ += used;
      std::lock_guard<std::mutex> lock(mu_);
      ++fig_.attempts;
      ++fig_.succeeded;
      fig_.prompt_tokens += e.prompt_tokens;
      fig_.completion_tokens += e.completion_tokens;
      fig_.usage_estimated = fig_.usage_estimated || estimated;
      return true;
    }
    limiter_.settle(r.estimated_tokens, 0);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fig_.attempts;
      ++fig_.attempt_failures[code];
      if (fatal(code)) {
        if (fig_.fatal.empty()) {
          fig_.fatal = code + ": " + detail +
                       " (every request would fail the same way: check the endpoint, the model "
                       "and the API key)";
        }
        stop_ = true;
        fatal_stop_ = true;
      }
    }
    if (fatal(code) || !retryable(code) || attempt >= cfg_.retry.max_retries || fatal_stop_) {
      fail(r, code, detail, attempt + 1);
      unreachable(code, detail);
      return false;
    }
    std::optional<double> retry_after;
    if (!resp.retry_after.empty()) {
      retry_after = parse_retry_after(resp.retry_after, std::chrono::system_clock::now());
    }
    double wait = cfg_.retry.delay(attempt, retry_after, rng);
    auto until = Clock::now() +
                 std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wait));
    if (retry_after && code == "http_429") limiter_.pause_until(until);
    std::this_thread::sleep_until(until);
  }
}

}  // namespace stepwise::teach

// test_server.h: a small OpenAI-compatible HTTP server on 127.0.0.1 for tests and demos.
//
// Speaks POST /v1/chat/completions and /v1/completions (with `n`, or ignoring or rejecting it
// like some servers do) and answers deterministically: the text after the last "Question:" of
// the prompt is scanned for integers, and the answer adds them up in numbered steps with
// <<a+b=c>> annotations and a final "#### N". It injects faults on demand, at a rate or from a
// queue: 400 (a request the server refuses), 429 with Retry-After (seconds or an HTTP-date), 500,
// 503, responses slower than any sane client timeout, malformed JSON, bodies truncated mid-way, and
// connection resets (a real TCP RST). It counts what it did, per request body, so tests can check
// that no completed request was paid for twice. GET /stats returns the counts as JSON.
//
// Not part of the product's request path: it exists so that the real client is tested against a
// real socket. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace stepwise::teach {

enum class Fault { kNone, k400, k429, k429Date, k500, k503, kSlow, kMalformed, kTruncated, kReset };
// "none", "400", "429", "429_date", "500", "503", "slow", "malformed", "truncated", "reset".
const char* fault_name(Fault f);
// The fault called `name`; false when there is none.
bool parse_fault(const std::string& name, Fault& out);

struct TestServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                    // 0: any free port (see TestServer::port())
  std::string n_mode = "support";  // "support" | "ignore" (1 choice) | "reject" (400)
  double fault_rate = 0;           // probability that an attempt gets a fault
  std::vector<Fault> fault_kinds = {Fault::k429,       Fault::k500,       Fault::kSlow,
                                    Fault::kMalformed, Fault::kTruncated, Fault::kReset};
  int retry_after_s = 1;       // the Retry-After sent with 429
  double slow_s = 3;           // how long a "slow" response takes
  double delay_s = 0;          // latency of every answer
  double bad_answer_rate = 0;  // choices answered with text that holds no steps
  uint64_t seed = 0;           // faults and bad answers are a function of it
  int threads = 32;            // connections served at once
  std::string api_key;         // when set, other keys get 401
  std::string log_path;        // when set, one line per request: "<body hash> <outcome>"
};

struct TestServerStats {
  int64_t requests = 0;                       // every POST received
  int64_t ok = 0;                             // complete 200 answers served
  std::map<std::string, int64_t> faults;      // by fault_name
  std::map<std::string, int64_t> ok_by_body;  // body hash -> complete answers served
  int64_t duplicates() const;                 // answers served for a body already answered
  json::Value to_json() const;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options);
  ~TestServer();  // stops
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Binds and starts serving on a background thread. Error when the port cannot be bound.
  Status start();
  void stop();
  int port() const { return port_; }
  // "http://127.0.0.1:PORT/v1".
  std::string url() const;
  // The next requests get these faults, in order, before the random ones apply.
  void push_faults(const std::vector<Fault>& faults);
  TestServerStats stats() const;
  // Headers of the last POST (lower-case names), to check what a client sends.
  std::map<std::string, std::string> last_headers() const;
  // The hash the server uses for a request body (hex), to relate cache rows to its counts.
  static std::string body_hash(const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// The deterministic answer text for a prompt's question (exposed for tests and the docs).
std::string test_server_answer(const std::string& prompt_text);

}  // namespace stepwise::teach

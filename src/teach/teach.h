// teach: candidate traces from a teacher, k per problem.
//
// Two teachers. `openai`: any OpenAI-compatible endpoint (vLLM, llama.cpp's server, a hosted
// API) over HTTP or HTTPS, through the chat or completions API, with prompt templates a user
// can edit, few-shot examples drawn from the problem families, and a rationalize mode that
// hints the gold answer. `synthetic`: an offline teacher that answers family problems
// correctly and then plants realistic flaws at configurable rates, labelling each candidate
// with the flaws it carries, so the verifier's precision and recall can be measured
// (`report`).
//
// What holds: requests run N at a time under requests/minute and tokens/minute limits, with
// exponential backoff and full jitter on 429, 5xx, timeouts and connection errors, honouring
// Retry-After; every answered request is committed to a SQLite cache the moment it arrives,
// so after a crash or kill -9 a rerun pays for no completed request twice and loses none; the
// output is rebuilt from the cache in problem order, then sample order, and written
// atomically, so an interrupted-then-resumed run writes the same bytes as an uninterrupted
// one. A response that cannot become a trace is written to the drops file with its reason and
// counted; nothing is discarded silently. The raw teacher text is kept in every record
// ("raw"). docs/teach.md specifies the records, the cache and the flaw mix.
//
// Entry point: run() (what `stepwise teach` calls). Pieces usable alone: openai.h (wire
// format), http_client.h, retry.h, rate_limiter.h, cache.h, prompt.h, solution.h,
// synthetic.h, report.h, and test_server.h (a fault-injecting OpenAI-compatible server for
// tests). Not here: checking traces (verify/), the problem families (tasks/).
// Depends on: base, trace, calc, tasks, verify, cpp-httplib (+OpenSSL), SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/summary.h"
#include "teach/openai.h"
#include "teach/synthetic.h"

namespace stepwise::teach {

enum class Teacher { kOpenAI, kSynthetic };
// How k samples are asked for: `n` in one request, k separate requests, or auto (ask with n
// once; if the server returns fewer than k choices or rejects n with a 400, use separate
// requests for the rest of the run).
enum class Sampling { kAuto, kN, kSeparate };

struct TeachOptions {
  // Files.
  std::string input;           // problems: trace records (question, gold, task, program, ...)
  std::string output;          // candidates, JSONL, written atomically at the end ("-" = stdout)
  std::string drops;           // drops, JSONL; "" = <output without .jsonl>.drops.jsonl ("-": none)
  std::string cache;           // SQLite cache; "" = <output>.cache.db ("teach.cache.db" for "-")
  bool durable_cache = false;  // synchronous=FULL: survive power loss too (an fsync per row)

  // Teacher and endpoint.
  Teacher teacher = Teacher::kOpenAI;
  std::string endpoint = "http://127.0.0.1:8000/v1";  // base URL
  std::string model;                                  // required for the openai teacher
  std::string name;                                   // source.name; "" = the endpoint's host
  std::string api_key_env = "OPENAI_API_KEY";         // environment variable holding the key
  std::vector<std::pair<std::string, std::string>> headers;  // extra HTTP headers
  Api api = Api::kChat;
  std::string ca_cert;     // PEM bundle for https; "" = system CAs
  bool insecure = false;   // accept any TLS certificate
  double timeout_s = 120;  // read timeout of one request
  double connect_timeout_s = 10;

  // Sampling.
  int k = 4;  // candidates per problem
  Sampling sampling = Sampling::kAuto;
  SamplingParams params;  // temperature, top_p, seed, max_tokens, stop
                          // (separate requests use seed + sample index)
  // Prompts.
  std::string templates;     // directory overriding templates/*.txt; "" = built-in
  int few_shot = 2;          // examples per prompt, from the problem's family
  bool rationalize = false;  // hint the gold answer; marks source.hinted

  // Throughput and cost.
  int concurrency = 8;        // requests in flight
  double rpm = 0;             // requests per minute; 0 = no limit
  double tpm = 0;             // tokens per minute (estimated, then settled); 0 = none
  int64_t budget_tokens = 0;  // stop sending once this many tokens were spent; 0 = none
  int max_retries = 6;
  double backoff_base_s = 0.5;
  double backoff_max_s = 60;
  bool dry_run = false;  // plan and estimate; send nothing, write nothing

  // Synthetic teacher and its report.
  SyntheticOptions synthetic;
  bool report = false;  // verify the candidates; precision/recall per flaw

  // Common.
  bool strict = false;       // a bad input record is fatal
  bool progress = true;      // a progress line on a terminal
  uint64_t jitter_seed = 0;  // seeds the backoff jitter (tests)
};

// Runs `stepwise teach`: reads the problems, asks the teacher for k candidates each (through
// the cache), writes candidates and drops, and returns the summary (human text and the
// figures written with --summary; docs/teach.md lists them).
// Error: bad options (no model, bad endpoint, unreadable templates), the input or cache cannot
// be opened, an output cannot be written, a bad input record in strict mode, or a fatal HTTP
// status (401, 403, 404: every request would fail the same way). Stopping at the token budget
// is not an error: the summary says how many requests were left unsent, and a rerun with a
// larger budget continues from the cache.
// Not thread-safe with itself on the same output or cache files.
Result<Summary> run(const TeachOptions& options);

}  // namespace stepwise::teach

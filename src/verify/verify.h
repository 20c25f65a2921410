// verify: the exact step verifier. Decides for each trace whether its final answer is right,
// whether every step is sound, and where it first goes wrong.
//
// Checks (each finding has a stable code, a step index and a message; docs/verify.md lists every
// code with an example trace):
//   outcome     answer_missing, answer_ambiguous, answer_mismatch (against gold, when known)
//   arithmetic  every `<<expr=value>>` annotation and every equation or chain written in the step
//               text is recomputed exactly: arith_mismatch, annotation_mismatch, division_by_zero,
//               rounded_result (warning), unchecked_arithmetic (warning)
//   grounding   every operand comes from the question, an earlier step or a documented constant:
//               ungrounded_number
//   structure   leap (a number that appears with no derivation and is then relied on),
//               redundant_step (warning), truncated
// The verdict: ok (no error-level finding, answer right or no gold), answer_ok, first_error (the
// earliest step with an error-level finding) and the findings. Warnings never make ok false.
//
// Entry points: verify_trace() for one record, Verifier for many (reuses its scratch memory),
// verify_file() for `stepwise verify` (streaming, multi-threaded, output in input order).
// Not here: exact arithmetic and answer equivalence (calc/), the record format (trace/).
// Depends on: base, trace, calc.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "calc/calc.h"
#include "trace/record.h"

namespace stepwise::verify {

// ---- Finding codes -------------------------------------------------------------------------

inline constexpr const char* kAnswerMissing = "answer_missing";
inline constexpr const char* kAnswerAmbiguous = "answer_ambiguous";
inline constexpr const char* kAnswerMismatch = "answer_mismatch";
inline constexpr const char* kArithMismatch = "arith_mismatch";
inline constexpr const char* kAnnotationMismatch = "annotation_mismatch";
inline constexpr const char* kDivisionByZero = "division_by_zero";
inline constexpr const char* kRoundedResult = "rounded_result";
inline constexpr const char* kUncheckedArithmetic = "unchecked_arithmetic";
inline constexpr const char* kUngroundedNumber = "ungrounded_number";
inline constexpr const char* kLeap = "leap";
inline constexpr const char* kRedundantStep = "redundant_step";
inline constexpr const char* kTruncated = "truncated";

enum class Severity { kError, kWarning };

struct CodeInfo {
  const char* code;
  Severity severity;
  const char* summary;  // one line for people
};

// Every code the verifier can emit, in a fixed order (the order of docs/verify.md).
const std::vector<CodeInfo>& all_codes();
// "error" | "warning".
const char* severity_name(Severity s);

// ---- One trace -----------------------------------------------------------------------------

// How a final answer is compared with the gold for this question (the verifier's policy, for
// everyone who checks answers the same way): rounding is allowed when the question asks for it
// ("round", "nearest", "approximately"); cents and dollars are interchangeable when it speaks of
// cents. Thread-safe.
calc::EquivOptions answer_policy(std::string_view question);

// What to check. Every field has a default; `stepwise verify` maps its flags onto these.
struct VerifyOptions {
  bool inline_equations = true;  // check equations written in the text, not only <<annotations>>
  bool grounding = true;         // ungrounded_number
  bool leaps = true;             // leap
  bool redundancy = true;        // redundant_step
  bool require_steps = true;     // an answer with no steps at all is a leap
  // Numbers every operand may use besides the built-in constants (docs/verify.md), written as
  // numbers: "8" (legs of a spider), "0.3048". Unparseable entries are ignored.
  std::vector<std::string> extra_constants;
  size_t max_findings = 32;    // findings kept per trace (the verdict says how many were cut)
  size_t max_numbers = 20000;  // numbers tracked per trace; beyond this, grounding is skipped
  calc::Limits limits;         // bounds on each expression (hostile input)
};

// Checks one trace. Thread-safe (no shared mutable state); a wrong trace is a verdict, never an
// error, and no input can make it throw, crash or hang. Prefer Verifier in loops.
// The verdict's `extra` may hold: "answer" and "answer_rule" (the final answer found in the
// steps when the record has no answer field), "findings_dropped" (findings beyond
// max_findings), "grounding_skipped" (more than max_numbers numbers).
trace::Verdict verify_trace(const trace::Trace& t, const VerifyOptions& options = {});

// A reusable verifier: keeps its scratch memory between traces, so a loop over millions of
// traces allocates little. One per thread: not thread-safe.
class Verifier {
 public:
  explicit Verifier(VerifyOptions options = {});
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // Same result as verify_trace(t, options).
  trace::Verdict verify(const trace::Trace& t);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A trace with its findings shown under the steps they concern, for people (`--explain`).
// `where` (e.g. "traces.jsonl:12") heads the block when non-empty.
std::string explain(const trace::Trace& t, const trace::Verdict& v, std::string_view where = "");

// ---- Files ---------------------------------------------------------------------------------

struct FileOptions {
  VerifyOptions verify;
  int threads = 0;               // worker threads; 0 = one per hardware thread (at most 256)
  uint32_t shard_index = 0;      // process only the records on lines L (1-based, blank lines
  uint32_t shard_count = 1;      //   counted) with (L - 1) mod shard_count == shard_index
  std::FILE* explain = nullptr;  // when set, explain() of every trace with findings goes here
  bool progress = true;          // a progress line on a terminal
  size_t batch_records = 512;    // records per unit of work handed to a worker
  size_t max_batches = 0;        // batches in flight (memory bound); 0 = 2 per worker + 2
};

// The figures of one run: what `stepwise verify` prints and writes with --summary.
struct Figures {
  uint64_t read = 0;    // valid records read, every shard's (--shard skips the others)
  uint64_t traces = 0;  // records verified (this shard)
  uint64_t ok = 0, answer_ok = 0, with_gold = 0;
  uint64_t with_errors = 0, with_warnings = 0;
  uint64_t bad_lines = 0;  // lines reported to Diagnostics (malformed JSON, bad records, ...)
  uint64_t bytes = 0;      // input bytes read
  double seconds = 0;      // wall clock
  double worker_cpu_seconds = 0;                // CPU time of the worker threads, summed
  std::map<std::string, uint64_t> findings;     // code -> number of findings
  std::map<std::string, uint64_t> traces_with;  // code -> number of traces with that code
  std::map<int, uint64_t> first_error;          // step index -> traces whose first error it is
  uint64_t first_error_trace_level = 0;         // not ok, but no step-level error
  uint64_t threads = 0;

  // Adds the verdict of one trace.
  void add(const trace::Verdict& v, bool has_gold);
  // Adds another run's figures (a worker's share).
  void merge(const Figures& o);
  json::Value to_json() const;
  std::string to_text() const;  // lines for people
};

// Reads traces from `in` ("-" = stdin, "*.gz" = gzip), verifies them on `options.threads`
// workers and, when `out` is non-empty, writes every record of the shard with its verdict (an
// existing one is replaced), in input order, atomically ("-" = stdout, "*.gz" = gzip). Records
// are written in the canonical record form (trace::append_jsonl); every value but the verdict is
// unchanged. The output is the same bytes for every thread count. Bad lines are reported to
// `diag` as "file:line(:col): ..." and skipped; in strict mode the first one stops the run.
// Memory is bounded by options.max_batches batches, whatever the input size. Progress is drawn
// on a terminal when options.progress.
// Error: the input cannot be opened, the output cannot be written, or `diag` is strict and a bad
// line was found (the message is the first problem; nothing is written at `out`).
Result<Figures> verify_file(const std::string& in, const std::string& out,
                            const FileOptions& options, Diagnostics& diag);

}  // namespace stepwise::verify

// crosscheck: checks that look across the candidates, solutions and variants of a problem.
//
// Some flawed traces look fine one step at a time: two slips that cancel, a constant copied
// from the answer, a method that only works for these numbers (2 + 2 = 2 x 2). The verifier
// (verify/) judges each step; crosscheck judges the trace against
//   self-consistency   the other candidates of the same problem: majority answer, agreement;
//   alternatives       an independent solution: the generator's program re-run (records from a
//                      family), or the candidates that took a different computation path;
//   perturbations      the trace's computation lifted into a program (lift.h) and re-run on
//                      perturbed instances of the problem (tasks/ resample and scale: new
//                      numbers under the template's constraints, each with its own gold); a
//                      trace whose method fails there is `brittle`, with the failing instance;
//   distractors        an irrelevant clause with a number inserted into the question must not
//                      change what the lifted program computes.
// The signals are written into each record as the object "crosscheck" (docs/crosscheck.md lists
// every field; curate/ reads them). Records of one problem are grouped by meta.problem_id, else
// by the normalised question; `stepwise teach` writes a problem's candidates next to each other,
// which is what lets crosscheck_file() stream.
//
// Entry points: check_group() for one problem's candidates, crosscheck_file() for
// `stepwise crosscheck`, FlawTable for measuring what the checks catch on synthetic-teacher
// candidates. Not here: per-step checks (verify/), choosing traces (curate/).
// Depends on: base, trace, calc, tasks, verify.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "crosscheck/lift.h"
#include "trace/record.h"

namespace stepwise::crosscheck {

// Flag codes written in crosscheck.flags.
inline constexpr const char* kDisagreesWithMajority = "disagrees_with_majority";
inline constexpr const char* kAltDisagree = "alt_disagree";
inline constexpr const char* kBrittle = "brittle";
inline constexpr const char* kDistractorSensitive = "distractor_sensitive";
inline constexpr const char* kLiftFailed = "lift_failed";
inline constexpr const char* kCopiedAnswer = "copied_answer";
inline constexpr const char* kCancelledDetour = "cancelled_detour";

// Every flag code, in the order of docs/crosscheck.md.
const std::vector<const char*>& all_flags();

struct Options {
  int perturbations = 5;         // perturbed instances per problem (fixed seed)
  uint64_t seed = 0;             // with the problem's key, seeds its perturbations
  bool distractor = true;        // run the distractor test
  bool inline_equations = true;  // lift equations written in the text, not only annotations
};

// A perturbed instance on which the lifted program disagrees with the gold.
struct Counterexample {
  std::string kind;      // "resample" | "scale" | "substitute"
  std::string question;  // the perturbed question
  std::string gold;      // its gold
  std::string computed;  // what the lifted program gives ("error: ..." when it failed)
};

// What crosscheck learned about one candidate (the record's "crosscheck" object).
struct Signals {
  double agreement = 0;   // share of the problem's candidates with an equal answer
  bool majority = false;  // its answer is the majority answer
  std::optional<std::string> majority_answer;  // nullopt when no candidate has an answer
  int k = 0;                                   // candidates of the problem
  std::optional<bool> alt_agree;               // nullopt: no independent solution
  std::string alt_source;                      // "program" | "candidates" | "" (none)
  bool lifted = false;
  std::string lift_failure;  // Lifted::failure when not lifted
  int steps_lifted = 0, constants = 0;
  bool copied_answer = false;
  int detour_step = -1;            // trace step of a cancelled detour (Lifted::detour); -1: none
  int perturbations = 0;           // instances the lifted program was run on
  int perturbations_failed = 0;    // of those, instances whose gold it missed
  bool brittle = false;            // the lifted method misses some instance's gold under every
                                   // reading of its operands (lift.h find_reading)
  bool brittle_undecided = false;  // it missed, but not every reading could be tried: not
                                   // flagged; the counterexample is kept
  std::optional<Counterexample> counterexample;
  std::optional<bool> distractor_ok;  // nullopt: not tested
  std::vector<std::string> flags;

  json::Value to_json() const;
};

// Checks the candidates of one problem (in their order). Returns one Signals per candidate.
// Deterministic for given options. Never fails: what cannot be checked is left null/false and
// said in the signals. Thread-safe (no shared mutable state).
std::vector<Signals> check_group(const std::vector<trace::Trace>& group, const Options& options);

// The grouping key of a record: "id:<meta.problem_id>" or "q:<normalised question>".
std::string group_key(const trace::Trace& t);

// Precision and recall per flaw type of the verifier alone and of verifier + crosscheck, over
// candidates labelled by the synthetic teacher (meta.flaws) and verified (verdict). A
// candidate is flagged by the verifier when its verdict is not ok, and by crosscheck when it
// has any of disagrees_with_majority, alt_disagree, brittle, distractor_sensitive,
// copied_answer, cancelled_detour. Precision of a flaw is flagged-with-it / (flagged-with-it +
// clean flagged), as in teach's report. Plain data; thread-compatible.
class FlawTable {
 public:
  // Adds one candidate; records without meta.flaws or without a verdict are not counted.
  void add(const trace::Trace& t, const Signals& s);
  bool empty() const { return rows_.empty(); }
  json::Value to_json() const;
  std::string to_text() const;

  struct Row {
    int64_t n = 0, verifier = 0, combined = 0;  // candidates; flagged by each
    int64_t pass_verifier = 0, caught = 0;      // verdict ok; of those, flagged by crosscheck
  };

 private:
  std::map<std::string, Row> rows_;  // "clean" and each flaw
};

// The figures of one run.
struct Figures {
  uint64_t problems = 0, candidates = 0, lifted = 0, brittle = 0, brittle_undecided = 0;
  uint64_t distractor_tested = 0, distractor_ok = 0, alt_tested = 0, alt_agree = 0;
  uint64_t perturbations = 0, groups_split = 0, bad_lines = 0;
  double agreement_sum = 0, seconds = 0;
  std::map<std::string, uint64_t> flags;  // code -> candidates with it
  FlawTable flaws;

  void add(const Signals& s);
  json::Value to_json() const;
  std::string to_text() const;  // lines for people
};

struct FileOptions {
  Options check;
  bool report = false;   // add the precision/recall table (FlawTable) to the figures
  bool progress = true;  // a progress line on a terminal
};

// Reads records from `in` ("-" = stdin, "*.gz" = gzip), groups consecutive records of the same
// problem, checks each group and writes every good record to `out` ("-" = stdout; "" = no
// output) with its "crosscheck" object set (replaced when present); everything else is written
// as read. Memory holds one group. A problem whose records are not contiguous is checked as
// separate groups (counted as groups_split). Bad lines are reported to `diag` with file:line
// and skipped. Error: the input cannot be opened, the output cannot be written, or `diag` is
// strict and a bad line was found (nothing is written at `out`).
Result<Figures> crosscheck_file(const std::string& in, const std::string& out,
                                const FileOptions& options, Diagnostics& diag);

}  // namespace stepwise::crosscheck

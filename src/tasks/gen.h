// gen.h: `stepwise gen`: many unique problems from one or more families, written as JSONL.
//
// Determinism: problem k of family F under seed S is drawn from instance_rng(S, F, k) alone,
// so the same options give the same bytes, and any record can be regenerated from its
// meta.seed_index. Questions are unique per family within one run (a 64-bit hash set); when
// a family's space at the chosen difficulties is exhausted (many consecutive duplicates), the
// run stops drawing from it and says so on stderr and in the summary.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/rng.h"
#include "base/status.h"
#include "base/summary.h"
#include "tasks/problem.h"

namespace stepwise::tasks {

struct GenOptions {
  std::vector<std::string> families;  // family names; "all" = every family
  int64_t n = 10;                     // problems per family
  uint64_t seed = 0;
  int min_difficulty = 1;  // each problem's difficulty is drawn uniformly
  int max_difficulty = 5;  //   from [min_difficulty, max_difficulty]
  Format format = Format::kTrace;
  std::string output = "-";  // JSONL path ("-" = stdout), written atomically
  // A family counts as exhausted after this many duplicate questions in a row.
  int64_t max_consecutive_duplicates = 5000;
};

struct FamilyReport {
  std::string family;
  int64_t requested = 0, generated = 0;
  int64_t duplicates = 0;  // duplicate questions drawn and skipped
  int64_t failed = 0;      // draws that found no valid problem in many attempts (a bug if > 0)
  bool exhausted = false;
};

struct GenReport {
  std::vector<FamilyReport> families;
  int64_t records = 0;
  double seconds = 0;
  std::vector<std::string> warnings;  // "shopping_change: only 812 distinct problems ..."
};

// The Rng of problem `index` of `family` under `seed`.
Rng instance_rng(uint64_t seed, std::string_view family, uint64_t index);

// Parses "3" or "2-4" into a difficulty range within 1..5. Error names the bad text.
Status parse_difficulty(std::string_view text, int& lo, int& hi);

// Generates the records, interleaving families round-robin (in the order given), and calls
// `sink` for each. Error for an unknown family name, n < 0 or a bad difficulty range.
Result<GenReport> generate_many(const GenOptions& opts,
                                const std::function<void(const trace::Trace&)>& sink);

// generate_many written to opts.output (atomically); fills `summary` (figures and text).
// Error when the output cannot be written, or as generate_many.
Result<GenReport> run_gen(const GenOptions& opts, Summary& summary);

// `stepwise gen --list`: each family's name, a one-line description and an example question.
std::string list_families_text();

}  // namespace stepwise::tasks

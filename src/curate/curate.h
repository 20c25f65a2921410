// curate: from verified candidate traces to a training set that behaves like a curriculum.
//
// `stepwise curate` reads trace records (with verdicts from verify and, optionally, signals
// from crosscheck) and writes the training set plus an account of every record left out:
//   1. filter     policy.h: strict / outcome / none, plus thresholds on cross-check signals
//   2. decontam   decontam.h: n-gram and template leaks into evaluation sets
//   3. select     select.h: best-of-k per problem over distinct reasoning paths
//   4. dedup      dedup.h: exact text and MinHash near duplicates
//   5. balance    curriculum.h: at most N per (family, difficulty) bucket
//   6. order      curriculum.h + difficulty.h: input, shuffle, or easy->hard with pacing and replay
//   7. export     export.h: trace records, chat messages, prompt/completion, plain text;
//                 nested data-fraction subsets
// Every record read is kept or dropped for exactly one reason (drop.h), so the counts add up:
// read = kept + sum(dropped), bad lines included. The records go through three streaming
// passes over a temporary spill file; memory holds only compact per-record entries and 64-bit
// hashes (docs/curate.md, "Scale"). Same input, options and seed give the same bytes.
//
// Also here: config.h (TOML option files), text.h (the text keys: exact, n-gram, template,
// shingles), computations.h (reasoning paths), hash_table.h (compact tables). Not here:
// verdicts (verify/), cross-check signals (crosscheck/), training. Depends on base/, trace/ and
// toml++.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "base/summary.h"
#include "curate/computations.h"
#include "curate/config.h"
#include "curate/curriculum.h"
#include "curate/decontam.h"
#include "curate/dedup.h"
#include "curate/difficulty.h"
#include "curate/drop.h"
#include "curate/export.h"
#include "curate/policy.h"
#include "curate/select.h"
#include "curate/text.h"
#include "trace/import.h"
#include "trace/jsonl.h"

namespace stepwise::curate {

struct CurateOptions {
  std::vector<std::string> inputs;  // trace JSONL files (".gz" read as gzip; "-" = stdin)
  std::string output;               // the training set, written atomically ("-" = stdout)
  // Input layout: trace records by default (other layouts through `--from`).
  trace::ImportOptions import = [] {
    trace::ImportOptions i;
    i.layout = trace::Layout::kTrace;
    return i;
  }();
  trace::ReadOptions read;
  Policy policy;             // strict by default
  SelectOptions select;      // best-of-k: keep 1 per problem, distinct paths
  DedupOptions dedup;        // exact + near (0.8) duplicates
  DecontamOptions decontam;  // evaluation sets (none by default)
  DifficultyWeights difficulty;
  CurriculumOptions curriculum;  // input order by default
  bool balance = false;          // balanced sampling over family x difficulty
  uint64_t balance_max = 0;      // per-bucket cap; 0 = the smallest bucket's size
  std::vector<int> fractions;    // also write OUT.f<p>.* subsets, p in 1..100
  ExportOptions exporter;        // output format, training system prompt
  std::string report;            // dropped records as JSONL ("" = none)
  bool report_records = false;   // the report carries each dropped record whole
  std::string tmp_dir;           // where the spill file goes ("" = the output's directory)
  uint64_t seed = 0;             // shuffles, pacing picks, balance and fraction samples
};

// What a run did: the figures of the summary.
struct CurateResult {
  uint64_t read = 0;       // records + bad lines
  uint64_t kept = 0;       // records written to the output
  uint64_t bad_lines = 0;  // included in dropped[kBadLine]
  std::array<uint64_t, kNumDrops> dropped{};
  uint64_t candidates = 0;  // records that reached selection
  uint64_t problems = 0;    // distinct problem keys among them
  std::vector<uint64_t> stage_sizes;
  double difficulty_min = 0, difficulty_mean = 0, difficulty_max = 0;
  uint64_t balance_buckets = 0, balance_cap = 0;
  std::vector<std::pair<int, uint64_t>> fractions;  // (percent, records)
  json::Value decontam = json::Value::array();      // Decontaminator::report()
  std::string decontam_text;
  int bands = 0, rows = 0;
  uint64_t dedup_bytes = 0, peak_rss = 0, spill_bytes = 0;
  double seconds = 0;
};

// Runs the whole pipeline. Bad lines are reported to `diag` (and to the report) and counted.
// Error (nothing written at `output`) when an input or evaluation file cannot be opened, an
// output cannot be written, the options are inconsistent (fractions with "-"), or a strict
// `diag` stopped at a bad line.
Result<CurateResult> run_curate(const CurateOptions& opts, Diagnostics& diag);

// Fills `summary` with `r`'s figures and the human text.
void summarize(const CurateOptions& opts, const CurateResult& r, Summary& summary);

// run_curate + summarize: the library side of `stepwise curate`.
Status curate(const CurateOptions& opts, Diagnostics& diag, Summary& summary);

}  // namespace stepwise::curate

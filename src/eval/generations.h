// generations.h: the raw completions of an evaluation, in memory and as a JSONL file.
//
// The file (docs/eval.md, "Generations file") is what makes an evaluation re-scorable offline:
// line 1 is a header ({"stepwise_generations": 1, "k", "seed", "problems", "n_problems",
// "sampling", "sets", "models"}) holding everything the summary needs besides the completions
// (each model's info, learning curve and logged evals), then one line per sample:
//   {"model": "a", "checkpoint": "...", "split": "heldout", "set": 0, "index": 12,
//    "problem": {<the full trace record: question, gold, program, meta>}, "sample": 0,
//    "completion": "..."}
// Written in a fixed order (model, split set, index, sample), atomically.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "trace/trace.h"

namespace stepwise::eval {

// The splits, in the order they are reported.
inline constexpr const char* kSplits[] = {"heldout", "numbers", "distractor", "ood_digits", "ood"};
// Whether `split` is one of kSplits; robustness splits are "numbers" and "distractor".
bool known_split(std::string_view split);
bool robustness_split(std::string_view split);

// One set of problems of a split: split "numbers" has one per perturbation set.
struct SplitSet {
  std::string split;
  int set = 0;
  int64_t n = 0;  // problems in the set (their indexes are 0..n-1)
};

// One problem of one split set for one model, and its completions.
struct Item {
  trace::Trace problem;                    // with gold set
  std::map<int, std::string> completions;  // sample index -> completion
};

struct ModelGenerations {
  std::string label, checkpoint;
  json::Value info = json::Value::object();    // Student::info()
  json::Value curve = json::Value::array();    // [{"step", "loss"}] from the run's log.jsonl
  json::Value evals = json::Value::array();    // log.jsonl lines with "accuracy"
  bool answer_only = false;                    // the student writes no steps
  std::vector<std::map<int64_t, Item>> items;  // per split set (Generations::sets): index -> item
};

struct Generations {
  int k = 1;
  uint64_t seed = 0;
  std::string problems;  // the held-out problems file, as given
  int64_t n_problems = 0;
  json::Value sampling = json::Value::object();  // the sampling settings, for the record
  std::vector<SplitSet> sets;
  std::vector<ModelGenerations> models;
};

// The header line's JSON and one sample line's JSON.
json::Value header_json(const Generations& g);
json::Value sample_json(const ModelGenerations& m, const SplitSet& s, int64_t index,
                        const trace::Trace& problem, int sample, const std::string& completion);

// Writes `g` to `path` ("-" = stdout, ".gz" = gzip), atomically. Error when it cannot be
// written (nothing is left at `path` then).
Status write_generations(const Generations& g, const std::string& path);

// Reads a generations file. Each bad sample line (malformed JSON, a missing or mistyped field,
// an unknown model or split set, an index or sample out of range, a duplicate sample, a problem
// record that is not a trace or has no gold, a problem that differs from the one already read
// for its index) is reported to `diag` as "file:line: ..." and skipped.
// Error: the file cannot be opened, its first line is not a valid header (the message names
// the field), or `diag` is strict and a bad line was found.
Result<Generations> read_generations(const std::string& path, Diagnostics& diag);
// The same from memory (tests, fuzzing); `name` stands for the path in messages.
Result<Generations> read_generations_text(std::string text, const std::string& name,
                                          Diagnostics& diag);

}  // namespace stepwise::eval

// eval: how well a student reasons, where it goes wrong, and how robust it is.
//
// What it is: the library behind `stepwise eval`. It samples completions from one or more
// trained students (train::Student: batched, KV cache, greedy for sample 0 and temperature /
// top-k / top-p for the other k-1), scores every completion through the exact step verifier
// (strict "####" and flexible answer extraction, step validity, first error, right answer with
// a wrong process, maj@k, verifier-selected best-of-k), re-asks perturbed and out-of-distribution
// variants of the problems (new numbers, a distractor clause, more digits), and writes a summary
// JSON that the HTML report (report_html.h) and the terminal table are drawn from. Raw
// generations can be stored and re-scored later without the model (`--rescore`), giving the
// same summary byte for byte.
//
// What it is not: a trainer (train/), a verifier (verify/) or a problem generator (tasks/).
//
// Entry points: evaluate() (sample or rescore, then score), summary_text() (the terminal table).
// Parts: score.h (one completion), metrics.h (a split's figures), generations.h (the stored
// generations file, docs/eval.md). Sampling needs a build with libtorch (STEPWISE_WITH_TORCH);
// without it evaluate() only rescores.
// Depends on: base, trace, calc, tasks, verify, and train when built with libtorch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "train/train.h"  // GenerateOptions only (a plain struct: no library needed)

namespace stepwise::eval {

// One student to evaluate.
struct ModelSpec {
  std::string label;       // short name in tables and reports ("a"); empty = "m<index>"
  std::string checkpoint;  // path of checkpoint.safetensors; its directory holds log.jsonl
};

// Sampling defaults for samples 1..k-1 (sample 0 is always greedy).
inline train::GenerateOptions default_sampling() {
  train::GenerateOptions g;
  g.temperature = 0.8;
  g.top_p = 0.95;
  return g;
}

struct EvalOptions {
  std::vector<ModelSpec> models;
  std::string
      problems;  // trace JSONL of held-out problems with gold (and `program` for perturbing)
  int k = 1;     // samples per problem; sample 0 greedy, the others per `sampling`
  train::GenerateOptions sampling = default_sampling();  // seed is derived from `seed` below
  int perturb_sets = 0;  // robustness: sets of one resampled ("numbers") and one distracted
                         // ("distractor") instance of each held-out problem
  int ood_digits = 0;    // > 0: split "ood_digits", each problem with N more digits (tasks::scale)
  std::string ood_problems;     // optional trace JSONL scored as split "ood"
  int64_t limit = 0;            // use only the first N problems of each file (0 = all)
  int threads = 1;              // models sampled in parallel, one thread each
  uint64_t seed = 0;            // perturbations and sampling
  std::string device = "cpu";   // where the students run: "cpu" | "cuda" | "cuda:N"
  std::string generations_out;  // write raw generations JSONL here (atomically)
  std::string rescore;          // score the generations in this file instead of sampling
  int examples = 6;             // worked wrong examples kept per model
  bool progress = true;         // a progress line on a terminal
};

// Samples (or, with opts.rescore, reads) the completions and scores them. Returns the summary
// JSON specified in docs/eval.md: {"k", "seed", "problems", "n_problems", "sampling", "splits",
// "models": [{"label", "checkpoint", "info", "answer_only", "curve", "evals", "splits",
// "examples"}], "timing"}. Everything but "timing" is a pure function of the generations, so a
// rescore of the stored generations reproduces it exactly.
// Bad problem records and bad generation lines are reported to `diag` (file:line) and skipped.
// Error: no model or no problems file (when sampling), an unreadable problems, checkpoint or
// generations file, no usable problem, a strict `diag` that saw a bad record, an unwritable
// generations output, a libtorch failure, or sampling asked of a build without libtorch.
// Thread-safe for distinct options; it starts up to opts.threads threads of its own.
Result<json::Value> evaluate(const EvalOptions& opts, Diagnostics& diag);

// Whether this build can sample from students (built with libtorch).
bool sampling_available();

// The terminal table of a summary: one row per model (accuracy strict/flexible, extraction
// failures, maj@k, best-of-k, step validity, right answer with a wrong process) and one row per
// model for the robustness and out-of-distribution deltas. Lines end in '\n'.
std::string summary_text(const json::Value& summary);

}  // namespace stepwise::eval

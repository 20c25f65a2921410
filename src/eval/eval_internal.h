// eval_internal.h: the stages of evaluate(), for eval/ and its tests only.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/progress.h"
#include "base/status.h"
#include "eval/eval.h"
#include "eval/generations.h"

namespace stepwise::eval {

// The problems of one split set, shared by every model.
struct SplitProblems {
  SplitSet set;
  std::vector<trace::Trace> problems;
};

// Reads up to `limit` (0 = all) problems from a trace JSONL file; records without a gold (or,
// failing that, an answer, taken as the gold) are reported to `diag` ("no_gold") and skipped.
// Error: unreadable file, a strict `diag` that saw a bad record.
Result<std::vector<trace::Trace>> read_problems(const std::string& path, int64_t limit,
                                                Diagnostics& diag);

// The split sets of an evaluation: "heldout", then per perturbation set "numbers" and
// "distractor", then "ood_digits" and "ood" (when asked for). A problem that cannot be
// perturbed (no program, impossible perturbation) is left out of that split and counted in
// `skipped` ({"numbers": 3, ...}). Deterministic in opts.seed.
Result<std::vector<SplitProblems>> build_splits(const std::vector<trace::Trace>& heldout,
                                                const EvalOptions& opts, Diagnostics& diag,
                                                json::Value& skipped);

// The learning curve ([{"step", "loss"}]) and logged evaluations (lines with "accuracy") of the
// run whose checkpoint is `checkpoint` (its directory's log.jsonl); empty arrays when there is
// no log. Unparseable lines are skipped (a log, not an input).
void read_run_log(const std::string& checkpoint, json::Value& curve, json::Value& evals);

// Samples k completions of every problem of every split set from each model of `g` (labels and
// checkpoints set, items empty), filling each model's info, answer_only and items. Models run
// on up to opts.threads threads. Error: a checkpoint that cannot be loaded, a libtorch failure.
// Defined only in builds with libtorch (STEPWISE_EVAL_SAMPLING).
Status sample_models(Generations& g, const std::vector<SplitProblems>& splits,
                     const EvalOptions& opts, Progress* progress);

// The summary JSON of `g` (docs/eval.md), without "timing": a pure function of `g` and
// `examples`.
json::Value score_generations(const Generations& g, int examples);

// Whether a student in `mode` ("trace" | "answer" | "multitask") answers without steps when
// asked `task`.
bool answers_only(const std::string& mode, train::Task task);

}  // namespace stepwise::eval

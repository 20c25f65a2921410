// metrics.h: the figures of one split (held-out, perturbed, out-of-distribution) from scored
// samples, as summary JSON (docs/eval.md lists each key).
//
// Per-problem figures (accuracy, extraction failures, step validity, first error, ...) are those
// of the problem's first sample, which is greedy; maj@k and best-of-k use all of its samples.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "eval/score.h"
#include "trace/trace.h"

namespace stepwise::eval {

// One problem of a split with its scored samples (at least one), first sample first.
struct ProblemResult {
  const trace::Trace* problem = nullptr;  // not owned
  int set = 0;                            // perturbation set (0 for other splits)
  std::vector<Scored> samples;
};

// The sample whose strict answer is the most frequent among `samples` (answers compared by
// their normalized key; ties go to the answer seen first); with `passing_only`, among samples
// the verifier passes on process (Scored::process_ok). -1 when no sample qualifies.
int majority_sample(const std::vector<Scored>& samples, bool passing_only);

// Whether the majority answer is right (false when no sample has an answer).
bool majority_correct(const std::vector<Scored>& samples);
// Verifier-selected best-of-k: the majority among process-valid samples, else the majority
// among all.
bool best_of_k_correct(const std::vector<Scored>& samples);

// {"mean", "std" (sample standard deviation; 0 for one set), "n_sets", "per_set"}; mean and
// std null when `per_set` is empty.
json::Value set_stats(const std::vector<double>& per_set);

// The figures of a split: {"n", "n_samples", "accuracy", "accuracy_flexible",
// "extraction_failure", "maj_at_k", "sampled_accuracy", "sampled_trace_valid",
// "best_of_k_verified", "step_validity", "trace_valid", "right_answer_wrong_process",
// "first_error_hist", "by_family", "by_difficulty"}. The sampled figures are over samples
// 1..k-1 only (null when k == 1): how often a completion drawn at the sampling temperature is
// right, or passes the verifier, which greedy decoding can hide. Step figures
// (and best-of-k, which needs the verifier) are null for `answer_only` students; a share whose
// denominator is zero is null.
json::Value split_stats(const std::vector<ProblemResult>& results, bool answer_only);

// Strict accuracy of the first samples of the results in perturbation set `set`; nullopt when
// the set has no result.
std::optional<double> set_accuracy(const std::vector<ProblemResult>& results, int set);

// The family of a problem (task, else meta.family, else "unknown") and its difficulty
// (meta.difficulty; nullopt when absent).
std::string family_of(const trace::Trace& t);
std::optional<int64_t> difficulty_of(const trace::Trace& t);

}  // namespace stepwise::eval

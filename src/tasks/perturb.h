// perturb.h: variants of a generated problem, for robustness checks (crosscheck, eval).
//
// Each function reads the problem from `original.program` (see program.h), changes it, and
// renders a new record with its own gold, a fresh id, and a link to the original:
// meta.perturbation = {"kind": "resample" | "scale" | "distractor" | "rename", "of": <id>}.
// The new record has the original's format (steps, or answer only when it had no steps).
// Errors: the record has no program from a known family, the program is malformed, or the
// perturbation is impossible for this problem (message says why: `rename: family "addition_terse"
// has no named entities`, `scale: factor 1/3 breaks the constraints (price must be a
// multiple of 0.01)`). Thread-safe with one Rng per thread.
#pragma once

#include "base/rng.h"
#include "base/status.h"
#include "calc/calc.h"
#include "trace/trace.h"

namespace stepwise::tasks {

enum class PerturbKind { kResample, kScale, kDistractor, kRename };
const char* perturb_kind_name(PerturbKind k);  // "resample" | "scale" | "distractor" | "rename"

// Same template, same wording and names, new values under the template's constraints; the
// question differs from the original's.
Result<trace::Trace> resample(const trace::Trace& original, Rng& rng);

struct ScaleOptions {
  // Exactly one of the two is used: `digits` when > 0, else `factor`.
  calc::Rational factor = 10;  // multiplies every magnitude variable (money, distances, ...)
  int digits = 0;              // re-draws the magnitude variables with `digits` more digits
};
// Changes the magnitudes of the problem in a controlled way. With `factor`, every magnitude
// variable is multiplied by it and the rest is kept (the answer scales accordingly); the
// structural constraints must still hold, the ranges need not. With `digits`, the magnitude
// variables are re-drawn from ranges 10^digits times larger (scratchpads: longer operands).
Result<trace::Trace> scale(const trace::Trace& original, const ScaleOptions& opts, Rng& rng);

// Inserts an irrelevant sentence that carries a number (not equal to any quantity of the
// problem) before one of the question's sentences; the answer is unchanged.
Result<trace::Trace> add_distractor(const trace::Trace& original, Rng& rng);

// Renames every named entity (people, items, jobs) to other words of the same kind; the
// numbers and the answer are unchanged. Error when the family has no named entities.
Result<trace::Trace> rename(const trace::Trace& original, Rng& rng);

// One of the above by kind (kScale uses ScaleOptions{}).
Result<trace::Trace> perturb(const trace::Trace& original, PerturbKind kind, Rng& rng);

}  // namespace stepwise::tasks

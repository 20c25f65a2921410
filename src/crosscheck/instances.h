// instances.h: perturbed instances of a problem, for re-running lifted programs (crosscheck/
// only).
//
// Generator records (a `program` of a known family) are perturbed through tasks/: resample (new
// values under the template's constraints) and scale (magnitudes x10, or one more digit for
// the scratchpads), each instance with its own gold. Records without a program are perturbed by
// substituting new numbers into the question (same form: integers stay integers, decimals keep
// their places, percents stay percents); their gold is what the group's independent lifted
// programs agree on (see check_group). Deterministic given the Rng.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/rng.h"
#include "crosscheck/lift.h"
#include "trace/record.h"

namespace stepwise::crosscheck::detail {

struct Instance {
  std::string kind;              // "resample" | "scale" | "substitute"
  std::string question;          // the perturbed question
  Values values;                 // its quantities by key
  std::optional<Rational> gold;  // nullopt: to be decided by the group (substitute)
  std::string gold_text;
};

// Up to `n` instances of `t`'s problem from its family program; empty when it has none (or
// none could be drawn).
std::vector<Instance> generator_instances(const trace::Trace& t, int n, Rng& rng);

// Up to `n` instances made by substituting new numbers into `t.question` (no gold).
std::vector<Instance> substitute_instances(const trace::Trace& t, int n, Rng& rng);

// The question with an irrelevant clause carrying a number inserted (tasks' add_distractor
// for generator records, else a built-in sentence before the last sentence), and the
// original's quantity values re-mapped into it by value and order. nullopt when no clause
// could be inserted or a quantity could not be found again.
struct Distracted {
  std::string question;
  Values values;  // by the original's keys
};
std::optional<Distracted> distractor_instance(const trace::Trace& t, Rng& rng);

}  // namespace stepwise::crosscheck::detail

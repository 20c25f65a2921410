// synthetic_internal.h: the flaw planters of the synthetic teacher (synthetic.h), one function
// per flaw, over a problem rendered by tasks/. Internal to teach/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/rng.h"
#include "tasks/tasks.h"
#include "teach/synthetic.h"

namespace stepwise::teach::internal {

// One <<expr=value>> annotation of a step.
struct Annotation {
  std::string expr;
  calc::Rational value;
  std::vector<calc::Rational> operands;  // of expr, as written
};

// Everything a flaw needs to know about one problem.
struct FlawContext {
  const tasks::Family* family = nullptr;
  tasks::Problem problem;
  tasks::Rendered base;              // the correct rendering
  tasks::ProgramRun run;             // every program op's true value
  const json::Value* ops = nullptr;  // program.ops (array), for op arguments
  std::string gold;                  // value_text of the true answer
  // Filled by index_steps(): each step's annotations, and the value of every op a step
  // writes (program ops from `run`; display-only ops, such as a scratchpad's digits, from the
  // annotation written for them).
  std::vector<std::vector<Annotation>> annotations;
  std::vector<std::pair<std::string, calc::Rational>> op_values;
};

// Fills ctx.annotations and ctx.op_values from ctx.base and ctx.run.
void index_steps(FlawContext& ctx);

// The annotations of a step text, in order; unparseable ones are left out.
std::vector<Annotation> annotations_of(const std::string& step);

// A candidate's steps and final answer (nullopt: no final answer line).
struct Planted {
  std::vector<std::string> steps;
  std::optional<std::string> answer;
  std::optional<int> flaw_step;
  std::string variant;  // for flaws with several forms (compensating_errors: slips | detour)
};

// ---- Queries (flaw_support.cpp) ------------------------------------------------------------

std::string text_of(const calc::Rational& v);  // tasks::value_text
// Arguments of program op `id` (variables, op ids, constants); empty for display-only ops.
std::vector<std::string> op_args(const FlawContext& ctx, const std::string& id);
// The value of op `id` (program or display-only), when known.
std::optional<calc::Rational> op_value(const FlawContext& ctx, const std::string& id);
// True when `v` is the value of one of the question's quantities.
bool is_quantity(const FlawContext& ctx, const calc::Rational& v);
// True when an annotation of step `j` takes `v` as an operand.
bool step_uses(const FlawContext& ctx, int j, const calc::Rational& v);
// The first step after `after` relying on `name` (op id or variable): by the program's
// arguments, else by an annotation taking `value` (when given) as an operand.
std::optional<int> first_user(const FlawContext& ctx, const std::string& name, int after,
                              std::optional<calc::Rational> value = std::nullopt);
// first_user for op `id` written at step `s` (by value only when it is not a quantity).
std::optional<int> op_user(const FlawContext& ctx, const std::string& id, int s);
// The step that writes op `id`.
std::optional<int> writer(const FlawContext& ctx, const std::string& id);
// (op id, step) of every op of known value a step writes, in step order.
std::vector<std::pair<std::string, int>> written_ops(const FlawContext& ctx);
// Those of steps that write exactly one annotation for one op.
std::vector<std::pair<std::string, int>> single_ops(const FlawContext& ctx);

// ---- Edits and wrong numbers (flaw_support.cpp) --------------------------------------------

// Turns a step's only "<<E=v>>" into "<<E+h=v>>", and a visible "E=" before it into "E+h=".
// False when the step does not have exactly one annotation.
bool add_term(std::string& step, const std::string& h);
// Replaces the result of a step's only annotation by `text`, and the number written right
// after it when that number is `old_value`.
void replace_result(std::string& step, const calc::Rational& old_value, const std::string& text);
// A plausible mis-copy of a quantity: adjacent digits swapped, a digit doubled, a digit off by
// one; positive, different from `v`. nullopt when there is none.
std::optional<calc::Rational> miscopy(const calc::Rational& v, Rng& rng);

template <typename T>
const T& pick(const std::vector<T>& v, Rng& rng) {
  return v[rng.below(v.size())];
}

// ---- Planting (flaws.cpp) ------------------------------------------------------------------

// Plants `flaw`; nullopt when it does not apply to this problem (the caller picks another).
std::optional<Planted> plant(Flaw flaw, const FlawContext& ctx, Rng& rng);

// The steps and answer of a rendering, unchanged.
Planted unchanged(const tasks::Rendered& r, const std::string& gold);

// A plausible wrong result for `v`: off by one or ten, two digits swapped, a digit dropped or
// a power of ten; never equal to `v`, never zero, never negative when `v` is positive.
calc::Rational slip(const calc::Rational& v, Rng& rng);

}  // namespace stepwise::teach::internal

// flaws.cpp: the eight flaws of the synthetic teacher, planted into a family rendering.
#include <algorithm>
#include <cctype>
#include <set>

#include "teach/synthetic_internal.h"

namespace stepwise::teach::internal {

namespace {

using calc::Rational;

Planted render_with(const FlawContext& ctx, const tasks::StepOverrides& ov) {
  tasks::Rendered r = tasks::render(*ctx.family, ctx.problem, tasks::Format::kTrace, &ov);
  return unchanged(r, ctx.gold);
}

std::optional<Planted> arith_slip(const FlawContext& ctx, Rng& rng) {
  auto ops = written_ops(ctx);
  if (ops.empty()) return std::nullopt;
  const auto& [id, step] = pick(ops, rng);
  tasks::StepOverrides ov;
  ov.op_values.emplace_back(id, slip(*op_value(ctx, id), rng));
  Planted p = render_with(ctx, ov);
  p.flaw_step = step;
  return p;
}

std::optional<Planted> miscopied_quantity(const FlawContext& ctx, Rng& rng) {
  std::set<Rational> values;
  for (const auto& b : ctx.problem.vars) values.insert(b.value);
  std::vector<std::pair<tasks::Binding, int>> used;
  for (const auto& b : ctx.problem.vars) {
    if (auto s = first_user(ctx, b.name, -1, b.value); s && b.value > 0) used.emplace_back(b, *s);
  }
  if (used.empty()) return std::nullopt;
  const auto& [binding, step] = pick(used, rng);
  auto wrong = miscopy(binding.value, rng);
  if (!wrong || values.count(*wrong)) return std::nullopt;
  tasks::StepOverrides ov;
  ov.var_values.emplace_back(binding.name, *wrong);
  Planted p = render_with(ctx, ov);
  p.flaw_step = step;
  return p;
}

std::optional<Planted> skipped_step(const FlawContext& ctx, Rng& rng) {
  std::vector<std::pair<int, int>> options;  // (step removed, first step relying on it)
  const auto& so = ctx.base.step_ops;
  for (int s = 0; s + 1 < static_cast<int>(so.size()); ++s) {
    std::optional<int> user;
    for (const std::string& id : so[s]) {
      if (auto u = op_user(ctx, id, s); u && (!user || *u < *user)) user = u;
    }
    if (user) options.emplace_back(s, *user);
  }
  if (options.empty()) return std::nullopt;
  auto [removed, user] = pick(options, rng);
  Planted p = unchanged(ctx.base, ctx.gold);
  p.steps.erase(p.steps.begin() + removed);
  p.flaw_step = user - 1;
  return p;
}

std::optional<Planted> hallucinated_number(const FlawContext& ctx, Rng& rng) {
  auto ops = single_ops(ctx);
  if (ops.empty()) return std::nullopt;
  const auto& [id, step] = pick(ops, rng);
  std::set<Rational> seen;
  for (const auto& b : ctx.problem.vars) seen.insert(b.value);
  for (const auto& [oid, v] : ctx.op_values) seen.insert(v);
  Rational h;
  do {
    h = Rational(static_cast<long>(rng.range(2, 19)));
  } while (seen.count(h));
  tasks::StepOverrides ov;
  ov.op_values.emplace_back(id, *op_value(ctx, id) + h);
  Planted p = render_with(ctx, ov);
  if (step >= static_cast<int>(p.steps.size()) || !add_term(p.steps[step], text_of(h))) {
    return std::nullopt;
  }
  p.flaw_step = step;
  return p;
}

// Two slips that cancel: op `first` written wrong, and the later op that uses it written
// with its true value, as if the error had not happened.
std::optional<Planted> compensating_slips(const FlawContext& ctx, Rng& rng) {
  std::vector<std::pair<std::string, std::string>> pairs;  // (slipped op, compensating op)
  auto ops = written_ops(ctx);
  for (const auto& [id, s] : ops) {
    std::optional<Rational> v = op_value(ctx, id);
    bool by_value = v && !is_quantity(ctx, *v);
    for (const auto& [later, t] : ops) {
      if (t <= s) continue;
      auto args = op_args(ctx, later);
      bool uses = std::find(args.begin(), args.end(), id) != args.end();
      // A display-only op: its own annotation (same position in the step) takes the value.
      const auto& ids = ctx.base.step_ops[t];
      size_t k = static_cast<size_t>(std::find(ids.begin(), ids.end(), later) - ids.begin());
      if (!uses && by_value && ids.size() == ctx.annotations[t].size() && k < ids.size()) {
        const auto& operands = ctx.annotations[t][k].operands;
        uses = std::find(operands.begin(), operands.end(), *v) != operands.end();
      }
      if (uses) pairs.emplace_back(id, later);
    }
  }
  if (pairs.empty()) return std::nullopt;
  const auto& [first, second] = pick(pairs, rng);
  tasks::StepOverrides ov;
  ov.op_values.emplace_back(first, slip(*op_value(ctx, first), rng));
  ov.op_values.emplace_back(second, *op_value(ctx, second));
  Planted p = render_with(ctx, ov);
  p.flaw_step = writer(ctx, first);
  p.variant = "slips";
  return p;
}

// A quantity of the question wrongly added to a result, then taken away again in a new step:
// every step's arithmetic is right and every number grounded, yet one step states a false
// intermediate result.
std::optional<Planted> compensating_detour(const FlawContext& ctx, Rng& rng) {
  auto ops = single_ops(ctx);
  std::vector<Rational> quantities;
  for (const auto& b : ctx.problem.vars) {
    if (b.value > 0 && b.value.get_den() == 1) quantities.push_back(b.value);
  }
  if (ops.empty() || quantities.empty()) return std::nullopt;
  const auto& [id, step] = pick(ops, rng);
  Rational v = *op_value(ctx, id);
  const Rational& q = pick(quantities, rng);
  Planted p = unchanged(ctx.base, ctx.gold);
  if (step >= static_cast<int>(p.steps.size())) return std::nullopt;
  std::string& s = p.steps[step];
  Rational wrong = v + q;
  std::string qt = text_of(q), wt = text_of(wrong), vt = text_of(v);
  if (!add_term(s, qt)) return std::nullopt;
  replace_result(s, v, wt);
  static const char* kLeads[] = {"Taking the ", "Removing the ", "Without the extra "};
  std::string fix = kLeads[rng.below(3)] + qt + " again: " + wt + "-" + qt + "=<<" + wt + "-" + qt +
                    "=" + vt + ">>" + vt + ".";
  p.steps.insert(p.steps.begin() + step + 1, fix);
  p.flaw_step = step;
  p.variant = "detour";
  return p;
}

std::optional<Planted> compensating_errors(const FlawContext& ctx, Rng& rng) {
  bool detour_first = rng.chance(0.5);
  auto p = detour_first ? compensating_detour(ctx, rng) : compensating_slips(ctx, rng);
  if (!p) p = detour_first ? compensating_slips(ctx, rng) : compensating_detour(ctx, rng);
  return p;
}

std::optional<Planted> truncated(const FlawContext& ctx, Rng& rng) {
  Planted p = unchanged(ctx.base, ctx.gold);
  int n = static_cast<int>(p.steps.size());
  if (n < 2) return std::nullopt;
  int keep = static_cast<int>(rng.range(1, n - 1));
  p.steps.resize(static_cast<size_t>(keep));
  std::string& last = p.steps.back();
  size_t cut = last.find(' ', last.size() / 2);
  if (rng.chance(0.5) && cut != std::string::npos) last.resize(cut);  // stopped mid-sentence
  p.answer.reset();
  p.flaw_step.reset();
  return p;
}

std::optional<Planted> padding(const FlawContext& ctx, Rng& rng) {
  std::vector<Rational> quantities;
  for (const tasks::VarSpec& v : ctx.family->variables(ctx.problem)) {
    const Rational* value = ctx.problem.find(v.name);
    if (value && v.type != tasks::VarType::kPercent && *value > 0) quantities.push_back(*value);
  }
  if (quantities.size() < 2) return std::nullopt;
  Planted p = unchanged(ctx.base, ctx.gold);
  if (p.steps.empty()) return std::nullopt;
  size_t i = rng.below(quantities.size()), j = rng.below(quantities.size() - 1);
  if (j >= i) ++j;
  std::string a = text_of(quantities[i]), b = text_of(quantities[j]);
  bool mul = rng.chance(0.5);
  std::string expr = a + (mul ? "*" : "+") + b;
  Rational product = quantities[i] * quantities[j], sum = quantities[i] + quantities[j];
  std::string value = text_of(mul ? product : sum);
  static const char* kLeads[] = {"Note that ", "For reference, ", "Also, ",
                                 "We can also see that "};
  std::string step = kLeads[rng.below(4)] + expr + "=<<" + expr + "=" + value + ">>" + value + ".";
  int at = static_cast<int>(rng.range(1, static_cast<int64_t>(p.steps.size())));
  p.steps.insert(p.steps.begin() + at, step);
  p.flaw_step = at;
  return p;
}

std::optional<Planted> wrong_final_answer(const FlawContext& ctx, Rng& rng) {
  Planted p = unchanged(ctx.base, ctx.gold);
  auto gold = tasks::parse_value(ctx.gold);
  std::vector<Rational> others;
  for (const auto& [id, v] : ctx.run.ops) {
    if (gold && v != *gold && v > 0) others.push_back(v);
  }
  Rational wrong = !others.empty() && rng.chance(0.7) ? pick(others, rng)
                                                      : slip(gold ? *gold : Rational(0), rng);
  p.answer = text_of(wrong);
  p.flaw_step.reset();
  return p;
}

}  // namespace

std::optional<Planted> plant(Flaw flaw, const FlawContext& ctx, Rng& rng) {
  switch (flaw) {
    case Flaw::kArithSlip:
      return arith_slip(ctx, rng);
    case Flaw::kMiscopiedQuantity:
      return miscopied_quantity(ctx, rng);
    case Flaw::kSkippedStep:
      return skipped_step(ctx, rng);
    case Flaw::kHallucinatedNumber:
      return hallucinated_number(ctx, rng);
    case Flaw::kCompensatingErrors:
      return compensating_errors(ctx, rng);
    case Flaw::kTruncated:
      return truncated(ctx, rng);
    case Flaw::kPadding:
      return padding(ctx, rng);
    case Flaw::kWrongFinalAnswer:
      return wrong_final_answer(ctx, rng);
  }
  return std::nullopt;
}

}  // namespace stepwise::teach::internal

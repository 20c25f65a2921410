#include "teach/synthetic.h"

#include <cstdlib>
#include <numeric>

#include "base/hash.h"
#include "teach/prompt.h"
#include "teach/synthetic_internal.h"

namespace stepwise::teach {

namespace {

constexpr const char* kFlawNames[kFlawCount] = {
    "arith_slip",          "miscopied_quantity", "skipped_step", "hallucinated_number",
    "compensating_errors", "truncated",          "padding",      "wrong_final_answer",
};

}  // namespace

const char* flaw_name(Flaw f) { return kFlawNames[static_cast<int>(f)]; }

bool parse_flaw(std::string_view name, Flaw& out) {
  for (int i = 0; i < kFlawCount; ++i) {
    if (name == kFlawNames[i]) {
      out = static_cast<Flaw>(i);
      return true;
    }
  }
  return false;
}

double SyntheticOptions::total_rate() const {
  return std::accumulate(rates.begin(), rates.end(), 0.0);
}

void SyntheticOptions::set_total_rate(double total) {
  double now = total_rate();
  for (double& r : rates) r = now > 0 ? r * total / now : total / kFlawCount;
}

Status SyntheticOptions::set_rates(std::string_view spec) {
  while (!spec.empty()) {
    size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    size_t eq = item.find('=');
    Flaw f;
    if (eq == std::string_view::npos || !parse_flaw(item.substr(0, eq), f)) {
      std::string known;
      for (const char* n : kFlawNames) known += std::string(known.empty() ? "" : ", ") + n;
      return Error{"flaw rate \"" + std::string(item) + "\": expected NAME=RATE with NAME one of " +
                   known};
    }
    std::string value(item.substr(eq + 1));
    char* end = nullptr;
    double r = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(r >= 0 && r <= 1)) {
      return Error{"flaw rate \"" + std::string(item) + "\": the rate must be in [0, 1]"};
    }
    rates[static_cast<int>(f)] = r;
  }
  if (total_rate() > 1 + 1e-9) return Error{"flaw rates add up to more than 1"};
  return Status::Ok();
}

namespace {

Result<internal::FlawContext> make_context(const trace::Trace& problem) {
  if (problem.program.is_null()) {
    return Error{"no program: the synthetic teacher answers problems of the built-in families"};
  }
  auto p = tasks::problem_from_program(problem.program);
  if (!p) return p.error();
  internal::FlawContext ctx;
  ctx.family = tasks::find_family(p->family);
  if (!ctx.family) return Error{"program: unknown family \"" + p->family + "\""};
  auto run = tasks::run_program_full(problem.program);
  if (!run) return run.error();
  ctx.problem = std::move(*p);
  ctx.run = std::move(*run);
  ctx.base = tasks::render(*ctx.family, ctx.problem);
  ctx.ops = problem.program.find("ops");
  ctx.gold = tasks::value_text(ctx.run.answer);
  internal::index_steps(ctx);
  return ctx;
}

// Picks a flaw by the rates among those that apply; nullopt: none applies.
std::optional<internal::Planted> plant_some(const SyntheticOptions& o,
                                            const internal::FlawContext& ctx, Rng& rng,
                                            Flaw& chosen) {
  std::array<double, kFlawCount> weights = o.rates;
  for (;;) {
    double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (total <= 0) return std::nullopt;
    double u = rng.uniform() * total;
    int f = 0;
    while (f + 1 < kFlawCount && (u -= weights[f]) >= 0) ++f;
    if (weights[f] <= 0) continue;
    chosen = static_cast<Flaw>(f);
    if (auto p = internal::plant(chosen, ctx, rng)) return p;
    weights[f] = 0;  // does not apply here: choose among the others
  }
}

}  // namespace

Result<SyntheticAnswer> synthetic_answer(const trace::Trace& problem, int64_t sample,
                                         const SyntheticOptions& options) {
  auto ctx = make_context(problem);
  if (!ctx) return ctx.error();
  uint64_t key = hash_combine(hash64(problem.id, options.seed), static_cast<uint64_t>(sample));
  Rng rng(key);
  internal::Planted planted = internal::unchanged(ctx->base, ctx->gold);
  SyntheticAnswer out;
  if (rng.uniform() < options.total_rate()) {
    Flaw chosen = Flaw::kArithSlip;
    if (auto p = plant_some(options, *ctx, rng, chosen)) {
      planted = std::move(*p);
      out.flaws.push_back(flaw_name(chosen));
      out.flaw_step = planted.flaw_step;
      out.variant = planted.variant;
    }
  }
  out.text = number_steps(planted.steps);
  if (planted.answer) out.text += "\n#### " + *planted.answer;
  return out;
}

}  // namespace stepwise::teach

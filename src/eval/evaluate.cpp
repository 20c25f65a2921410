// evaluate(): problems -> split sets -> completions (sampled or read back) -> summary.
#include <chrono>
#include <optional>

#include "eval/eval_internal.h"

namespace stepwise::eval {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Status check_options(const EvalOptions& o) {
  if (o.models.empty()) return Error{"no model to evaluate (give one or more checkpoints)"};
  if (o.problems.empty()) return Error{"no problems file (--problems)"};
  if (o.k < 1) return Error{"k must be at least 1, got " + std::to_string(o.k)};
  if (o.perturb_sets < 0 || o.ood_digits < 0)
    return Error{"perturb_sets and ood_digits must not be negative"};
  if (o.ood_digits > 6) return Error{"ood_digits must be at most 6"};
  return {};
}

#ifdef STEPWISE_EVAL_SAMPLING
json::Value sampling_json(const EvalOptions& o) {
  json::Value v = json::Value::object();
  v.set("max_new_tokens", json::Value::number(o.sampling.max_new_tokens));
  v.set("temperature", json::Value::number(o.sampling.temperature));
  v.set("top_k", json::Value::number(o.sampling.top_k));
  v.set("top_p", json::Value::number(o.sampling.top_p));
  v.set("batch", json::Value::number(o.sampling.batch));
  v.set("task",
        json::Value::string(o.sampling.task == train::Task::kAnswer ? "answer" : "explain"));
  v.set("perturb_sets", json::Value::number(int64_t{o.perturb_sets}));
  v.set("ood_digits", json::Value::number(int64_t{o.ood_digits}));
  v.set("ood_problems", json::Value::string(o.ood_problems));
  v.set("limit", json::Value::number(o.limit));
  return v;
}

// The models of an evaluation, labelled ("m1", "m2", ... where no label is given).
Result<std::vector<ModelGenerations>> models_of(const EvalOptions& o) {
  std::vector<ModelGenerations> out;
  for (size_t i = 0; i < o.models.size(); ++i) {
    ModelGenerations m;
    m.label = o.models[i].label.empty() ? "m" + std::to_string(i + 1) : o.models[i].label;
    m.checkpoint = o.models[i].checkpoint;
    for (const auto& other : out)
      if (other.label == m.label) return Error{"model label \"" + m.label + "\" given twice"};
    read_run_log(m.checkpoint, m.curve, m.evals);
    out.push_back(std::move(m));
  }
  return out;
}
#endif

Result<Generations> sample(const EvalOptions& o, Diagnostics& diag, json::Value& timing) {
  if (auto st = check_options(o); !st) return st.error();
#ifdef STEPWISE_EVAL_SAMPLING
  auto problems = read_problems(o.problems, o.limit, diag);
  if (!problems) return problems.error();
  json::Value skipped = json::Value::object();
  auto splits = build_splits(*problems, o, diag, skipped);
  if (!splits) return splits.error();
  Generations g;
  g.k = o.k;
  g.seed = o.seed;
  g.problems = o.problems;
  g.n_problems = static_cast<int64_t>(problems->size());
  g.sampling = sampling_json(o);
  g.sampling.set("perturb_failed", std::move(skipped));
  for (const auto& sp : *splits) g.sets.push_back(sp.set);
  auto models = models_of(o);
  if (!models) return models.error();
  g.models = std::move(*models);
  uint64_t total = 0;
  for (const auto& sp : *splits) total += sp.problems.size() * static_cast<uint64_t>(o.k);
  auto t0 = std::chrono::steady_clock::now();
  {
    std::optional<Progress> progress;
    if (o.progress) progress.emplace("eval", total * g.models.size(), "samples");
    if (auto st = sample_models(g, *splits, o, progress ? &*progress : nullptr); !st)
      return st.error();
  }
  timing.set("sampling_seconds", json::Value::number(seconds_since(t0)));
  return g;
#else
  (void)diag;
  (void)timing;
  return Error{
      "sampling from a student needs a build with libtorch (STEPWISE_WITH_TORCH=ON); this "
      "build can only score stored generations (--rescore FILE)"};
#endif
}

}  // namespace

bool sampling_available() {
#ifdef STEPWISE_EVAL_SAMPLING
  return true;
#else
  return false;
#endif
}

Result<json::Value> evaluate(const EvalOptions& opts, Diagnostics& diag) {
  json::Value timing = json::Value::object();
  Result<Generations> g =
      opts.rescore.empty() ? sample(opts, diag, timing) : read_generations(opts.rescore, diag);
  if (!g) return g.error();
  if (!opts.generations_out.empty())
    if (auto st = write_generations(*g, opts.generations_out); !st) return st.error();
  auto t0 = std::chrono::steady_clock::now();
  json::Value summary = score_generations(*g, opts.examples);
  timing.set("scoring_seconds", json::Value::number(seconds_since(t0)));
  summary.set("timing", std::move(timing));
  return summary;
}

}  // namespace stepwise::eval

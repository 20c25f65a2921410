// The summary JSON of an evaluation, from its generations alone.
#include <utility>

#include "eval/eval_internal.h"
#include "eval/metrics.h"
#include "eval/score.h"

namespace stepwise::eval {
namespace {

json::Value str(const std::string& s) { return json::Value::string(s); }
json::Value num(int64_t v) { return json::Value::number(v); }

// Every item of split `split` for model `m`, scored.
std::vector<ProblemResult> score_split(const Generations& g, const ModelGenerations& m,
                                       const std::string& split, verify::Verifier& verifier) {
  std::vector<ProblemResult> out;
  for (size_t s = 0; s < g.sets.size() && s < m.items.size(); ++s) {
    if (g.sets[s].split != split) continue;
    for (const auto& [index, item] : m.items[s]) {
      if (item.completions.empty()) continue;
      ProblemResult r;
      r.problem = &item.problem;
      r.set = g.sets[s].set;
      for (const auto& [sample, text] : item.completions)
        r.samples.push_back(score_sample(item.problem, text, m.answer_only, verifier));
      out.push_back(std::move(r));
    }
  }
  return out;
}

// Accuracy of each perturbation set of `split`, in the header's order.
json::Value sets_of(const Generations& g, const std::string& split,
                    const std::vector<ProblemResult>& results) {
  std::vector<double> per_set;
  for (const auto& s : g.sets)
    if (s.split == split)
      if (auto a = set_accuracy(results, s.set)) per_set.push_back(*a);
  return set_stats(per_set);
}

json::Value steps_json(const Scored& s) {
  json::Value steps = json::Value::array();
  for (const auto& m : s.steps) {
    json::Value o = json::Value::object();
    o.set("text", str(m.text));
    o.set("ok", json::Value::boolean(m.ok));
    if (!m.ok) {
      o.set("code", str(m.code));
      o.set("message", str(m.message));
    }
    steps.push(std::move(o));
  }
  return steps;
}

json::Value example_json(const std::string& split, const ProblemResult& r) {
  const Scored& s = r.samples.front();
  const trace::Trace& p = *r.problem;
  json::Value e = json::Value::object();
  e.set("split", str(split));
  e.set("set", num(r.set));
  e.set("id", str(p.id));
  e.set("family", str(family_of(p)));
  auto d = difficulty_of(p);
  e.set("difficulty", d ? num(*d) : json::Value());
  e.set("question", str(p.question));
  e.set("gold", str(p.gold.value_or("")));
  e.set("completion", str(s.completion));
  e.set("answer", str(s.strict));
  e.set("answer_flexible", str(s.flexible));
  e.set("correct", json::Value::boolean(s.correct));
  e.set("first_error", num(s.first_error));
  e.set("steps", steps_json(s));
  json::Value findings = json::Value::array();
  for (const auto& f : s.trace_findings) {
    json::Value o = json::Value::object();
    o.set("code", str(f.code));
    o.set("message", str(f.message));
    findings.push(std::move(o));
  }
  e.set("trace_findings", std::move(findings));
  return e;
}

// Up to `limit` first samples that go wrong (a wrong answer, or a trace the verifier fails):
// those with a located first error first, then the others, each in split order.
json::Value examples_of(const std::vector<std::pair<std::string, std::vector<ProblemResult>>>& all,
                        int limit) {
  json::Value out = json::Value::array();
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& [split, results] : all)
      for (const auto& r : results) {
        if (static_cast<int>(out.items().size()) >= limit) return out;
        const Scored& s = r.samples.front();
        bool wrong = s.judged ? !s.trace_valid : !s.correct;
        if (wrong && (s.first_error >= 0) == (pass == 0)) out.push(example_json(split, r));
      }
  return out;
}

// {problem id: 1 when sample 0's strict answer is right, else 0}, in problem order: what paired
// comparisons of two students on the same problems need. With `sampled`, the number of right
// answers among samples 1..k-1 instead.
json::Value correct_by_id(const std::vector<ProblemResult>& results, bool sampled = false) {
  json::Value v = json::Value::object();
  for (const auto& r : results) {
    if (!r.problem || r.samples.empty()) continue;
    int64_t right = 0;
    if (!sampled)
      right = r.samples[0].correct ? 1 : 0;
    else
      for (size_t i = 1; i < r.samples.size(); ++i) right += r.samples[i].correct ? 1 : 0;
    v.set(r.problem->id, json::Value::number(right));
  }
  return v;
}

json::Value model_json(const Generations& g, const ModelGenerations& m, int examples,
                       verify::Verifier& verifier) {
  json::Value v = json::Value::object();
  v.set("label", str(m.label));
  v.set("checkpoint", str(m.checkpoint));
  v.set("info", m.info);
  v.set("answer_only", json::Value::boolean(m.answer_only));
  v.set("curve", m.curve);
  v.set("evals", m.evals);
  std::vector<std::pair<std::string, std::vector<ProblemResult>>> all;
  json::Value splits = json::Value::object();
  std::optional<double> heldout;
  for (const char* split : kSplits) {
    bool ran = false;
    for (const auto& s : g.sets) ran = ran || s.split == split;
    if (!ran) continue;
    auto results = score_split(g, m, split, verifier);
    json::Value st = split_stats(results, m.answer_only);
    std::optional<double> acc = st.find("accuracy")->as_double();
    if (std::string_view(split) == "heldout") heldout = acc;
    if (robustness_split(split))
      st.set("sets", sets_of(g, split, results));
    else
      st.set("correct", correct_by_id(results));
    if (!robustness_split(split) && g.k > 1)
      st.set("sampled_correct", correct_by_id(results, true));
    if (std::string_view(split) != "heldout")
      st.set("delta_vs_heldout",
             acc && heldout ? json::Value::number(*acc - *heldout) : json::Value());
    splits.set(split, std::move(st));
    all.emplace_back(split, std::move(results));
  }
  v.set("splits", std::move(splits));
  v.set("examples", examples_of(all, examples));
  return v;
}

}  // namespace

json::Value score_generations(const Generations& g, int examples) {
  json::Value out = json::Value::object();
  out.set("k", num(g.k));
  out.set("seed", json::Value::number_raw(std::to_string(g.seed)));
  out.set("problems", str(g.problems));
  out.set("n_problems", num(g.n_problems));
  out.set("sampling", g.sampling);
  json::Value splits = json::Value::array();
  for (const char* split : kSplits)
    for (const auto& s : g.sets)
      if (s.split == split) {
        splits.push(str(split));
        break;
      }
  out.set("splits", std::move(splits));
  verify::Verifier verifier(eval_verify_options());
  json::Value models = json::Value::array();
  for (const auto& m : g.models) models.push(model_json(g, m, examples, verifier));
  out.set("models", std::move(models));
  return out;
}

}  // namespace stepwise::eval

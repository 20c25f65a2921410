// The problems of an evaluation: held-out, perturbed and out-of-distribution split sets.
#include <filesystem>

#include "base/atomic_file.h"
#include "base/rng.h"
#include "eval/eval_internal.h"
#include "tasks/perturb.h"
#include "trace/jsonl.h"

namespace stepwise::eval {
namespace {

// An independent generator per (seed, split set, problem, kind).
Rng rng_for(uint64_t seed, uint64_t set, uint64_t index, uint64_t kind) {
  uint64_t s = seed;
  uint64_t h = splitmix64(s);
  for (uint64_t x : {set, index, kind}) {
    s = h ^ (x * 0x9e3779b97f4a7c15ULL);
    h = splitmix64(s);
  }
  return Rng(h);
}

enum Kind : uint64_t { kNumbers = 1, kDistractor = 2, kOodDigits = 3 };

// One perturbed split set: `make` applied to every held-out problem; failures counted.
template <typename Make>
SplitProblems perturbed(const std::vector<trace::Trace>& heldout, const char* split, int set,
                        json::Value& skipped, Make make) {
  SplitProblems sp;
  sp.set.split = split;
  sp.set.set = set;
  int64_t failed = 0;
  for (size_t i = 0; i < heldout.size(); ++i) {
    Result<trace::Trace> t = make(heldout[i], i);
    if (!t || !t->gold) {
      ++failed;
      continue;
    }
    sp.problems.push_back(std::move(*t));
  }
  const json::Value* before = skipped.find(split);
  skipped.set(split, json::Value::number(failed + (before ? before->as_int().value_or(0) : 0)));
  sp.set.n = static_cast<int64_t>(sp.problems.size());
  return sp;
}

SplitProblems plain(const char* split, std::vector<trace::Trace> problems) {
  SplitProblems sp;
  sp.set.split = split;
  sp.set.n = static_cast<int64_t>(problems.size());
  sp.problems = std::move(problems);
  return sp;
}

}  // namespace

Result<std::vector<trace::Trace>> read_problems(const std::string& path, int64_t limit,
                                                Diagnostics& diag) {
  auto r = trace::JsonlReader::open(path);
  if (!r) return r.error();
  std::vector<trace::Trace> out;
  trace::Trace t;
  while ((limit <= 0 || static_cast<int64_t>(out.size()) < limit) && (*r)->next_trace(t, diag)) {
    if (!t.gold && t.answer) t.gold = t.answer;
    if (!t.gold || t.gold->empty()) {
      if (!diag.report("no_gold", (*r)->where(), "expected a \"gold\" (or \"answer\") to score"))
        return Error{diag.first()};
      continue;
    }
    out.push_back(std::move(t));
  }
  if ((*r)->stopped()) return Error{diag.first()};
  if (out.empty()) return Error{path + ": no problem with a gold answer"};
  return out;
}

Result<std::vector<SplitProblems>> build_splits(const std::vector<trace::Trace>& heldout,
                                                const EvalOptions& opts, Diagnostics& diag,
                                                json::Value& skipped) {
  std::vector<SplitProblems> out;
  out.push_back(plain("heldout", heldout));
  const uint64_t seed = opts.seed;
  for (int s = 0; s < opts.perturb_sets; ++s) {
    out.push_back(perturbed(heldout, "numbers", s, skipped, [&](const trace::Trace& t, size_t i) {
      Rng rng = rng_for(seed, static_cast<uint64_t>(s), i, kNumbers);
      return tasks::resample(t, rng);
    }));
    out.push_back(
        perturbed(heldout, "distractor", s, skipped, [&](const trace::Trace& t, size_t i) {
          Rng rng = rng_for(seed, static_cast<uint64_t>(s), i, kDistractor);
          return tasks::add_distractor(t, rng);
        }));
  }
  if (opts.ood_digits > 0) {
    tasks::ScaleOptions so;
    so.digits = opts.ood_digits;
    out.push_back(
        perturbed(heldout, "ood_digits", 0, skipped, [&](const trace::Trace& t, size_t i) {
          Rng rng = rng_for(seed, 0, i, kOodDigits);
          return tasks::scale(t, so, rng);
        }));
  }
  if (!opts.ood_problems.empty()) {
    auto ood = read_problems(opts.ood_problems, opts.limit, diag);
    if (!ood) return ood.error();
    out.push_back(plain("ood", std::move(*ood)));
  }
  return out;
}

void read_run_log(const std::string& checkpoint, json::Value& curve, json::Value& evals) {
  curve = json::Value::array();
  evals = json::Value::array();
  std::filesystem::path log = std::filesystem::path(checkpoint).parent_path() / "log.jsonl";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(log, ec)) return;
  auto text = read_file(log.string());
  if (!text) return;
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    auto v = json::parse(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!v || !v->is_object() || !v->find("step")) continue;
    if (const json::Value* loss = v->find("loss"); loss && loss->is_number()) {
      json::Value p = json::Value::object();
      p.set("step", *v->find("step"));
      p.set("loss", *loss);
      curve.push(std::move(p));
    }
    if (v->find("accuracy")) evals.push(std::move(*v));
  }
}

bool answers_only(const std::string& mode, train::Task task) {
  return mode == "answer" || (mode == "multitask" && task == train::Task::kAnswer);
}

}  // namespace stepwise::eval

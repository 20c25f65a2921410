// pipeline.cpp: the data stages of the demo, each one library call writing a file of the run
// folder: gen -> split (pool / held-out) -> teach (synthetic) -> unfiltered set -> verify ->
// crosscheck -> curate.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/summary.h"
#include "crosscheck/crosscheck.h"
#include "curate/curate.h"
#include "demo/demo_internal.h"
#include "tasks/tasks.h"
#include "teach/teach.h"
#include "trace/jsonl.h"
#include "verify/verify.h"

namespace stepwise::demo {

namespace {

Error stage_error(const char* stage, const Error& e) {
  std::string m = stage;
  m.append(": ").append(e.message);
  return Error{m};
}

// Every record of `path`, in order.
Result<std::vector<trace::Trace>> read_all(const std::string& path, Diagnostics& diag) {
  auto r = trace::JsonlReader::open(path);
  if (!r) return r.error();
  std::vector<trace::Trace> out;
  trace::Trace t;
  while ((*r)->next_trace(t, diag)) out.push_back(std::move(t));
  return out;
}

Status write_all(const std::string& path, const std::vector<const trace::Trace*>& records) {
  trace::JsonlWriter w;
  if (auto st = w.open(path); !st) return st;
  for (const trace::Trace* t : records) w.write(*t);
  return w.commit();
}

// The first `heldout` problems of each family go to the held-out set, the rest to the pool
// (gen never repeats a question, so the two share none).
Status split(const DemoOptions& o, const Paths& p, Diagnostics& diag, json::Value& fig) {
  auto all = read_all(p.generated, diag);
  if (!all) return all.error();
  std::map<std::string, int64_t> seen;
  std::vector<const trace::Trace*> pool, held;
  for (const auto& t : *all) (seen[t.task]++ < o.heldout ? held : pool).push_back(&t);
  std::set<std::string> held_questions;
  for (const trace::Trace* t : held) held_questions.insert(t->question);
  int64_t overlap = 0;
  for (const trace::Trace* t : pool) overlap += held_questions.count(t->question) ? 1 : 0;
  if (overlap > 0)
    return Error{std::to_string(overlap) + " training questions are also held-out questions"};
  fig.set("heldout_questions_in_pool", json::Value::number(overlap));
  if (auto st = write_all(p.problems, pool); !st) return st;
  if (auto st = write_all(p.heldout, held); !st) return st;
  fig.set("pool", json::Value::number(static_cast<int64_t>(pool.size())));
  fig.set("heldout", json::Value::number(static_cast<int64_t>(held.size())));
  return {};
}

Status generate(const DemoOptions& o, const Paths& p, Diagnostics& diag, json::Value& fig) {
  tasks::GenOptions g;
  g.families = o.families;
  g.n = o.problems + o.heldout;
  g.seed = o.seed;
  g.min_difficulty = o.min_difficulty;
  g.max_difficulty = o.max_difficulty;
  g.output = p.generated;
  Summary s("gen");
  auto rep = tasks::run_gen(g, s);
  if (!rep) return rep.error();
  fig.set("generated", json::Value::number(rep->records));
  return split(o, p, diag, fig);
}

Status teach_stage(const DemoOptions& o, const Paths& p, json::Value& fig) {
  teach::TeachOptions t;
  t.input = p.problems;
  t.output = p.candidates;
  t.drops = std::string(1, '-');  // no drops file (a one-char literal trips g++ 12 -Wrestrict)
  t.teacher = teach::Teacher::kSynthetic;
  t.k = o.k;
  t.synthetic.seed = o.seed;
  if (o.flaw_rate >= 0) t.synthetic.set_total_rate(o.flaw_rate);
  t.progress = false;
  auto s = teach::run(t);
  if (!s) return s.error();
  fig = s->figures;
  fig.set("flaw_rate", json::Value::number(t.synthetic.total_rate()));
  return {};
}

std::string problem_of(const trace::Trace& t) {
  const json::Value* pid = t.meta.is_object() ? t.meta.find("problem_id") : nullptr;
  return pid && pid->is_string() ? pid->str() : t.id;
}

// (c)'s data: the first candidate of every problem, whatever it is, in the order (a) trains on
// its problems (the curriculum); problems (a) has no trace of follow, in input order.
Status unfiltered(const Paths& p, Diagnostics& diag, json::Value& fig) {
  auto all = read_all(p.candidates, diag);
  if (!all) return all.error();
  auto validated = read_all(p.validated, diag);
  if (!validated) return validated.error();
  std::map<std::string, size_t> rank;
  for (const auto& t : *validated) rank.emplace(problem_of(t), rank.size());
  std::vector<const trace::Trace*> first;
  std::string last;
  for (const auto& t : *all) {
    std::string key = problem_of(t);
    if (key == last) continue;
    last = key;
    first.push_back(&t);
  }
  auto rank_of = [&](const trace::Trace* t) {
    auto it = rank.find(problem_of(*t));
    return it == rank.end() ? rank.size() : it->second;
  };
  std::stable_sort(first.begin(), first.end(), [&](const trace::Trace* x, const trace::Trace* y) {
    return rank_of(x) < rank_of(y);
  });
  fig.set("records", json::Value::number(static_cast<int64_t>(first.size())));
  int64_t flawed = 0;
  for (const trace::Trace* t : first)
    if (const json::Value* f = t->meta.is_object() ? t->meta.find("flaws") : nullptr;
        f && f->is_array() && !f->items().empty())
      ++flawed;
  fig.set("flawed", json::Value::number(flawed));
  return write_all(p.unfiltered, first);
}

Status verify_stage(const Paths& p, Diagnostics& diag, json::Value& fig) {
  verify::FileOptions f;
  f.threads = 1;  // the other core trains (b) meanwhile
  f.progress = false;
  auto r = verify::verify_file(p.candidates, p.verified, f, diag);
  if (!r) return r.error();
  fig = r->to_json();
  return {};
}

Status crosscheck_stage(const DemoOptions& o, const Paths& p, Diagnostics& diag, json::Value& fig) {
  crosscheck::FileOptions f;
  f.check.perturbations = o.crosscheck_perturbations;
  f.check.seed = o.seed;
  f.progress = false;
  auto r = crosscheck::crosscheck_file(p.verified, p.checked, f, diag);
  if (!r) return r.error();
  fig = r->to_json();
  return {};
}

Status curate_stage(const DemoOptions& o, const Paths& p, Diagnostics& diag, json::Value& fig) {
  curate::CurateOptions c;
  c.inputs = {p.checked};
  c.output = p.validated;
  c.policy.base = curate::PolicyBase::kStrict;
  c.policy.no_detour = true;              // a quantity added and taken away again
  c.policy.require_stated_answer = true;  // a cut-off trace whose last number is the answer
  c.select.keep = 1;
  // No decontamination pass: the held-out problems come from the same templates by design
  // (its template and n-gram rules would flag every problem), and split() already checked
  // that no held-out question appears in the pool.
  c.curriculum.order = curate::Order::kCurriculum;
  // Exact duplicates only: generated problems of one template differ only in their numbers,
  // which is what the student must learn from, and MinHash near-duplicate detection takes
  // them for copies (it dropped 6,066 of 60,000 distinct problems here, skewing the mix).
  c.dedup.near = false;
  c.report = p.dir + "/dropped.jsonl";
  c.seed = o.seed;
  Summary s("curate");
  if (auto st = curate::curate(c, diag, s); !st) return st;
  fig = s.figures;
  return {};
}

}  // namespace

Paths paths_for(const std::string& dir) {
  Paths p;
  p.dir = dir;
  p.generated = dir + "/generated.jsonl";
  p.problems = dir + "/problems.jsonl";
  p.heldout = dir + "/heldout.jsonl";
  p.candidates = dir + "/candidates.jsonl";
  p.unfiltered = dir + "/unfiltered.jsonl";
  p.verified = dir + "/verified.jsonl";
  p.checked = dir + "/checked.jsonl";
  p.validated = dir + "/validated.jsonl";
  return p;
}

Status run_problem_stage(const DemoOptions& o, const Paths& p, Board& board, json::Value& stages) {
  Diagnostics diag(true);
  diag.set_print(false);
  json::Value fig = json::Value::object();
  board.stage("generate problems");
  if (auto st = generate(o, p, diag, fig); !st) return stage_error("gen", st.error());
  stages.set("gen", std::move(fig));
  board.done("generate problems");
  return {};
}

Status run_validation_stages(const DemoOptions& o, const Paths& p, Board& board,
                             json::Value& stages) {
  Diagnostics diag(true);
  diag.set_print(false);
  struct Stage {
    const char* name;
    const char* key;
    std::function<Status(json::Value&)> fn;
  };
  const Stage list[] = {
      {"teacher proposes candidates", "teach",
       [&](json::Value& f) { return teach_stage(o, p, f); }},
      {"verify every step", "verify", [&](json::Value& f) { return verify_stage(p, diag, f); }},
      {"cross-check candidates", "crosscheck",
       [&](json::Value& f) { return crosscheck_stage(o, p, diag, f); }},
      {"curate (strict, best of k, curriculum)", "curate",
       [&](json::Value& f) { return curate_stage(o, p, diag, f); }},
      {"unfiltered set for (c)", "unfiltered",
       [&](json::Value& f) { return unfiltered(p, diag, f); }},
  };
  for (const Stage& s : list) {
    board.stage(s.name);
    json::Value fig = json::Value::object();
    if (auto st = s.fn(fig); !st) return stage_error(s.key, st.error());
    stages.set(s.key, std::move(fig));
    board.done(s.name);
  }
  return {};
}

}  // namespace stepwise::demo

// One problem's candidates: self-consistency, alternatives, perturbations (crosscheck.h).
#include <algorithm>
#include <cctype>
#include <set>

#include "base/hash.h"
#include "base/rng.h"
#include "crosscheck/crosscheck.h"
#include "crosscheck/instances.h"
#include "tasks/program.h"

namespace stepwise::crosscheck {
namespace {

using detail::Instance;

constexpr size_t kMaxSearchSteps = 200;  // longer lifted programs are not searched for readings

// Answer equivalence classes: class index per candidate (-1: no answer), sizes, and the
// normalised answer of each class's first member.
struct Classes {
  std::vector<int> of;
  std::vector<int> size;
  std::vector<std::string> text;
  int majority = -1;  // largest class, the earliest on ties
};

Classes answer_classes(const std::vector<trace::Trace>& g) {
  Classes c;
  std::vector<std::string> given;
  for (const trace::Trace& t : g) {
    int cls = -1;
    if (t.answer && !calc::normalize_answer(*t.answer).empty()) {
      for (size_t k = 0; k < c.size.size() && cls < 0; ++k) {
        if (calc::answers_equal(*t.answer, given[k]).equal) cls = static_cast<int>(k);
      }
      if (cls < 0) {
        cls = static_cast<int>(c.size.size());
        c.size.push_back(0);
        given.push_back(*t.answer);
        c.text.push_back(calc::normalize_answer(*t.answer));
      }
      ++c.size[static_cast<size_t>(cls)];
    }
    c.of.push_back(cls);
  }
  for (size_t k = 0; k < c.size.size(); ++k) {
    if (c.majority < 0 || c.size[k] > c.size[static_cast<size_t>(c.majority)])
      c.majority = static_cast<int>(k);
  }
  return c;
}

// The answer of the generator's program, when the record has one that runs.
std::optional<Rational> program_answer(const trace::Trace& t) {
  if (!t.program.is_object()) return std::nullopt;
  auto r = tasks::run_program(t.program);
  if (!r) return std::nullopt;
  return *r;
}

// Independent solutions among the candidates: for candidate i, the majority answer class of
// the lifted candidates whose computation path differs from i's; -1 when there is none.
int alternative_class(size_t i, const std::vector<Lifted>& lifts, const Classes& c) {
  std::map<int, int> votes;
  std::set<std::string> paths;
  for (size_t j = 0; j < lifts.size(); ++j) {
    if (j == i || !lifts[j].ok || c.of[j] < 0 || lifts[j].path == lifts[i].path) continue;
    if (!paths.insert(lifts[j].path).second) continue;  // one vote per path
    ++votes[c.of[j]];
  }
  int best = -1, best_n = 0;
  for (auto [cls, n] : votes) {
    if (n > best_n) best = cls, best_n = n;
  }
  return best;
}

// For substituted instances: the gold is the value a strict majority of the lifted candidates
// that reached the majority answer compute on it, provided they took at least two different
// paths (one path alone would only agree with itself).
void decide_golds(std::vector<Instance>& ins, const std::vector<Lifted>& lifts, const Classes& c) {
  std::vector<const Lifted*> refs;
  std::set<std::string> paths;
  for (size_t j = 0; j < lifts.size(); ++j) {
    if (lifts[j].ok && c.of[j] >= 0 && c.of[j] == c.majority) {
      refs.push_back(&lifts[j]);
      paths.insert(lifts[j].path);
    }
  }
  if (paths.size() < 2) return;
  for (Instance& in : ins) {
    std::vector<std::pair<Rational, int>> votes;
    for (const Lifted* l : refs) {
      auto v = run_lifted(*l, in.values);
      if (!v) continue;
      auto it = std::find_if(votes.begin(), votes.end(), [&](auto& p) { return p.first == *v; });
      if (it == votes.end()) {
        votes.emplace_back(*v, 1);
      } else {
        ++it->second;
      }
    }
    for (auto& [v, n] : votes) {
      if (2 * n > static_cast<int>(refs.size())) {
        in.gold = v;
        in.gold_text = calc::to_text(v);
      }
    }
  }
}

// Runs `l` on every instance with a gold; when it misses one, other readings of its operands
// are tried (find_reading) before it is called brittle.
void perturbation_check(Lifted& l, const std::vector<Instance>& ins, Signals& s) {
  std::vector<Case> cases;
  bool missed = false;
  for (const Instance& in : ins) {
    if (!in.gold) continue;
    auto v = run_lifted(l, in.values);
    if (!v && v.error().message.rfind("no value", 0) == 0) continue;  // question changed shape
    bool rounding = asks_rounding(in.question);
    cases.push_back(Case{in.values, *in.gold, rounding});
    missed = missed || !v || !matches_gold(*v, *in.gold, rounding);
  }
  // Long traces are not searched (bounded work): a miss there stays undecided.
  Reading reading = !missed                            ? Reading::kFound
                    : l.steps.size() > kMaxSearchSteps ? Reading::kGaveUp
                                                       : find_reading(l, cases);
  for (const Instance& in : ins) {
    if (!in.gold) continue;
    auto v = run_lifted(l, in.values);
    if (!v && v.error().message.rfind("no value", 0) == 0) continue;
    ++s.perturbations;
    if (v && matches_gold(*v, *in.gold, asks_rounding(in.question))) continue;
    ++s.perturbations_failed;
    if (!s.counterexample) {
      s.counterexample = Counterexample{in.kind, in.question, in.gold_text,
                                        v ? calc::to_text(*v) : "error: " + v.error().message};
    }
  }
  // Brittle only when no reading of the operands works; when the search gave up, undecided.
  s.brittle_undecided = s.perturbations_failed > 0 && reading == Reading::kGaveUp;
  s.brittle = s.perturbations_failed > 0 && !s.brittle_undecided;
}

std::optional<bool> distractor_check(const Lifted& l, const std::optional<detail::Distracted>& d) {
  if (!l.ok || !d) return std::nullopt;
  auto base = run_lifted(l, values_of(l.quantities));
  auto moved = run_lifted(l, d->values);
  if (!base) return std::nullopt;
  return moved && *moved == *base;
}

// `smaller`: no answer, or an answer class smaller than the majority's (ties are not flagged).
void set_flags(Signals& s, bool smaller) {
  if (s.k >= 2 && smaller) s.flags.push_back(kDisagreesWithMajority);
  if (s.alt_agree && !*s.alt_agree) s.flags.push_back(kAltDisagree);
  if (s.brittle) s.flags.push_back(kBrittle);
  if (s.distractor_ok && !*s.distractor_ok) s.flags.push_back(kDistractorSensitive);
  if (!s.lifted) s.flags.push_back(kLiftFailed);
  if (s.copied_answer && (s.brittle || s.perturbations == 0)) s.flags.push_back(kCopiedAnswer);
  if (s.detour_step >= 0) s.flags.push_back(kCancelledDetour);
}

}  // namespace

const std::vector<const char*>& all_flags() {
  static const std::vector<const char*> kAll = {kDisagreesWithMajority, kAltDisagree, kBrittle,
                                                kDistractorSensitive,   kLiftFailed,  kCopiedAnswer,
                                                kCancelledDetour};
  return kAll;
}

std::string group_key(const trace::Trace& t) {
  if (t.meta.is_object()) {
    const json::Value* id = t.meta.find("problem_id");
    if (id && (id->is_string() || id->is_number()) && !id->str().empty()) return "id:" + id->str();
  }
  std::string q = "q:";
  bool space = false;
  for (char c : t.question) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = q.size() > 2;
      continue;
    }
    if (space) q += ' ';
    space = false;
    q += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return q;
}

std::vector<Signals> check_group(const std::vector<trace::Trace>& g, const Options& o) {
  std::vector<Signals> out(g.size());
  if (g.empty()) return out;
  std::vector<Lifted> lifts;
  for (const trace::Trace& t : g) lifts.push_back(lift(t, o.inline_equations));
  Classes c = answer_classes(g);
  Rng rng(hash_combine(o.seed, hash64(group_key(g[0]))));
  std::vector<Instance> ins = detail::generator_instances(g[0], o.perturbations, rng);
  if (ins.empty()) {
    ins = detail::substitute_instances(g[0], o.perturbations, rng);
    decide_golds(ins, lifts, c);
  }
  std::optional<detail::Distracted> distracted;
  Rng drng = rng.split(0xd157);
  if (o.distractor) distracted = detail::distractor_instance(g[0], drng);
  std::optional<Rational> program = program_answer(g[0]);
  for (size_t i = 0; i < g.size(); ++i) {
    Signals& s = out[i];
    Lifted l = lifts[i];
    s.k = static_cast<int>(g.size());
    int cls = c.of[i];
    if (c.majority >= 0) s.majority_answer = c.text[static_cast<size_t>(c.majority)];
    s.agreement = cls < 0 ? 0.0 : static_cast<double>(c.size[static_cast<size_t>(cls)]) / s.k;
    s.majority = cls >= 0 && cls == c.majority;
    if (program) {
      s.alt_source = "program";
      s.alt_agree = g[i].answer && calc::answers_equal(*g[i].answer, calc::to_text(*program)).equal;
    } else if (int alt = l.ok ? alternative_class(i, lifts, c) : -1; alt >= 0) {
      s.alt_source = "candidates";
      s.alt_agree = cls == alt;
    }
    s.lifted = l.ok;
    s.lift_failure = l.failure;
    s.steps_lifted = static_cast<int>(l.steps.size());
    s.constants = l.constants;
    s.copied_answer = l.copied_answer;
    if (l.detour >= 0) s.detour_step = l.steps[static_cast<size_t>(l.detour)].trace_step;
    if (l.ok) perturbation_check(l, ins, s);
    s.distractor_ok = distractor_check(l, distracted);
    bool smaller =
        cls < 0 || c.size[static_cast<size_t>(cls)] < c.size[static_cast<size_t>(c.majority)];
    set_flags(s, smaller);
  }
  return out;
}

json::Value Signals::to_json() const {
  using json::Value;
  Value o = Value::object();
  o.set("agreement", Value::number(agreement));
  o.set("majority", Value::boolean(majority));
  o.set("majority_answer", majority_answer ? Value::string(*majority_answer) : Value());
  o.set("k", Value::number(static_cast<int64_t>(k)));
  o.set("alt_agree", alt_agree ? Value::boolean(*alt_agree) : Value());
  o.set("alt_source", alt_source.empty() ? Value() : Value::string(alt_source));
  o.set("lifted", Value::boolean(lifted));
  if (!lifted) o.set("lift_failure", Value::string(lift_failure));
  o.set("steps_lifted", Value::number(static_cast<int64_t>(steps_lifted)));
  o.set("constants", Value::number(static_cast<int64_t>(constants)));
  o.set("copied_answer", Value::boolean(copied_answer));
  o.set("detour_step",
        detour_step >= 0 ? Value::number(static_cast<int64_t>(detour_step)) : Value());
  o.set("perturbations", Value::number(static_cast<int64_t>(perturbations)));
  o.set("perturbations_failed", Value::number(static_cast<int64_t>(perturbations_failed)));
  o.set("brittle", Value::boolean(brittle));
  o.set("brittle_undecided", Value::boolean(brittle_undecided));
  if (counterexample) {
    Value ce = Value::object();
    ce.set("kind", Value::string(counterexample->kind));
    ce.set("question", Value::string(counterexample->question));
    ce.set("gold", Value::string(counterexample->gold));
    ce.set("computed", Value::string(counterexample->computed));
    o.set("counterexample", std::move(ce));
  } else {
    o.set("counterexample", Value());
  }
  o.set("distractor_ok", distractor_ok ? Value::boolean(*distractor_ok) : Value());
  Value f = Value::array();
  for (const std::string& code : flags) f.push(Value::string(code));
  o.set("flags", std::move(f));
  return o;
}

}  // namespace stepwise::crosscheck

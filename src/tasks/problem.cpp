// Problems: defaults of the Family template, sampling, rendering, reading back from programs.
#include "tasks/problem.h"

#include <algorithm>
#include <unordered_map>

#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"
#include "tasks/lexicon_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

constexpr int kMaxAttempts = 4000;
constexpr int kAttemptsPerTemplate = 200;

void choose_entities(const Family& f, Problem& p, Rng& rng) {
  p.entities.clear();
  for (const EntitySpec& e : f.entities(p)) {
    const auto& words = entity_words(e.kind);
    for (int tries = 0; tries < 64; ++tries) {
      const std::string& w = words[rng.below(words.size())];
      bool used = false;
      for (const auto& kv : p.entities) used = used || kv.second == w;
      if (!used) {
        p.entities.emplace_back(e.role, w);
        break;
      }
    }
  }
}

Problem new_problem(const Family& f, int difficulty, Rng& rng) {
  Problem p;
  p.family = f.name();
  p.difficulty = std::clamp(difficulty, kMinDifficulty, kMaxDifficulty);
  p.phrasing = static_cast<int>(rng.below(static_cast<uint64_t>(f.phrasings())));
  f.choose_template(p, rng);
  choose_entities(f, p, rng);
  return p;
}

Result<int64_t> get_int(const json::Value& obj, std::string_view key, int64_t lo, int64_t hi,
                        std::optional<int64_t> dflt = std::nullopt) {
  const json::Value* v = obj.find(key);
  if (!v) {
    if (dflt) return *dflt;
    return Error{"program: missing field \"" + std::string(key) + "\""};
  }
  auto i = v->as_int();
  if (!i || *i < lo || *i > hi)
    return Error{"program: field \"" + std::string(key) + "\" must be a whole number from " +
                 std::to_string(lo) + " to " + std::to_string(hi)};
  return *i;
}

}  // namespace

Rational pow10(int k) {
  mpz_class r;
  mpz_ui_pow_ui(r.get_mpz_t(), 10, static_cast<unsigned long>(k));
  return Rational(r);
}

Rational draw_value(const Rational& lo, const Rational& hi, const Rational& step, Rng& rng) {
  Rational a = lo / step, b = hi / step;
  mpz_class ka, kb;
  mpz_cdiv_q(ka.get_mpz_t(), a.get_num_mpz_t(), a.get_den_mpz_t());
  mpz_fdiv_q(kb.get_mpz_t(), b.get_num_mpz_t(), b.get_den_mpz_t());
  if (kb < ka || !ka.fits_slong_p() || !kb.fits_slong_p()) return lo;
  return Rational(rng.range(ka.get_si(), kb.get_si())) * step;
}

void set_var(Problem& p, const std::string& name, Rational v) {
  for (Binding& b : p.vars)
    if (b.name == name) {
      b.value = std::move(v);
      return;
    }
  p.vars.push_back({name, std::move(v)});
}

Num draw_num(const Num& lo, const Num& hi, const Num& step, Rng& rng) {
  Num a = lo / step, b = hi / step;
  Num ka = Num(0) - (Num(0) - a).floor(), kb = b.floor();
  if (kb < ka || !ka.small() || !kb.small()) return lo;
  return Num(static_cast<long>(rng.range(ka.small_num(), kb.small_num()))) * step;
}

const char* var_type_name(VarType t) {
  switch (t) {
    case VarType::kCount:
      return "count";
    case VarType::kInt:
      return "int";
    case VarType::kMoney:
      return "money";
    case VarType::kPercent:
      return "percent";
    case VarType::kDecimal:
      return "decimal";
  }
  return "int";
}

const Rational* Problem::find(std::string_view name) const {
  for (const Binding& b : vars)
    if (b.name == name) return &b.value;
  return nullptr;
}

const std::string& Problem::entity(std::string_view role) const {
  static const std::string kEmpty;
  for (const auto& [r, w] : entities)
    if (r == role) return w;
  return kEmpty;
}

int Family::forms(int) const { return 1; }
std::vector<EntitySpec> Family::entities(const Problem&) const { return {}; }
bool Family::valid_structure(const Problem& p) const { return p.structure.empty(); }

void Family::choose_template(Problem& p, Rng& rng) const {
  p.form = static_cast<int>(rng.below(static_cast<uint64_t>(forms(p.difficulty))));
}

void Family::propose(Problem& p, Rng& rng) const {
  const SpecSet& set = spec_set(*this, p);
  Num mag = Num(10).pow(p.magnitude);
  p.vars.resize(set.specs.size());
  for (size_t k = 0; k < set.specs.size(); ++k) {
    const VarSpec& s = set.specs[k];
    if (p.vars[k].name != s.name) p.vars[k].name = s.name;
    Num lo = s.magnitude ? set.lo[k] * mag : set.lo[k];
    Num hi = s.magnitude ? set.hi[k] * mag : set.hi[k];
    p.vars[k].value = draw_num(lo, hi, set.step[k], rng).rational();
  }
}

void Family::widen(Problem& p, int digits) const { p.magnitude += digits; }

const std::vector<const Family*>& families() {
  static const std::vector<const Family*> all = builtin_families();
  return all;
}

const Family* find_family(std::string_view name) {
  for (const Family* f : families())
    if (f->name() == name) return f;
  return nullptr;
}

const SpecSet& spec_set(const Family& f, const Problem& p) {
  // Per thread, so no locking; bounded. A Builder holds a reference while it runs, and no
  // build() renders another problem, so clearing on insert never pulls one from under it.
  thread_local std::unordered_map<std::string, SpecSet> cache;
  std::string key = f.name();
  key += '\x1f';
  key += std::to_string(p.difficulty) + ',' + std::to_string(p.form) + ',' +
         std::to_string(p.phrasing) + ',' + f.variables_key(p);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  if (cache.size() >= 4096) cache.clear();
  SpecSet set;
  set.specs = f.variables(p);
  for (const VarSpec& s : set.specs) {
    set.lo.emplace_back(s.lo);
    set.hi.emplace_back(s.hi);
    set.step.emplace_back(s.step);
  }
  return cache.emplace(std::move(key), std::move(set)).first->second;
}

Rendered render(const Family& f, const Problem& p, Format format, const StepOverrides* overrides) {
  Builder b(p, spec_set(f, p), overrides, /*check_ranges=*/true);
  f.build(p, b);
  return b.finish(f, format);
}

std::vector<std::string> violations(const Family& f, const Problem& p, bool check_ranges) {
  std::vector<std::string> out;
  if (p.family != f.name()) out.push_back("family is not " + f.name());
  if (p.difficulty < kMinDifficulty || p.difficulty > kMaxDifficulty)
    out.push_back("difficulty out of range");
  else if (p.form < 0 || p.form >= f.forms(p.difficulty))
    out.push_back("form out of range");
  if (p.phrasing < 0 || p.phrasing >= f.phrasings()) out.push_back("phrasing out of range");
  if (p.magnitude < 0 || p.magnitude > kMaxMagnitude) out.push_back("magnitude out of range");
  if (!f.valid_structure(p)) out.push_back("bad structure \"" + p.structure + "\"");
  if (!out.empty()) return out;  // the template itself is unusable
  for (const EntitySpec& e : f.entities(p)) {
    const std::string& w = p.entity(e.role);
    if (entity_index(e.kind, w) < 0)
      out.push_back("entity " + e.role + " must be a " + entity_kind_name(e.kind));
  }
  Builder b(p, spec_set(f, p), nullptr, check_ranges);
  f.build(p, b);
  std::vector<std::string> v = b.take_violations();
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

Result<Problem> sample_problem(const Family& f, int difficulty, Rng& rng) {
  Problem p = new_problem(f, difficulty, rng);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    f.propose(p, rng);
    if (violations(f, p).empty()) return p;
  }
  return Error{f.name() + ": no valid problem in " + std::to_string(kMaxAttempts) + " attempts"};
}

Result<Rendered> draw_rendered(const Family& f, int difficulty, Rng& rng, Format format,
                               Problem* out) {
  // A few templates, many values each: some templates (an expression's shape) admit few values.
  for (int tmpl = 0; tmpl < kMaxAttempts / kAttemptsPerTemplate; ++tmpl) {
    Problem p = new_problem(f, difficulty, rng);
    for (int attempt = 0; attempt < kAttemptsPerTemplate; ++attempt) {
      f.propose(p, rng);
      Builder b(p, spec_set(f, p), nullptr, /*check_ranges=*/true);
      f.build(p, b);
      if (!b.violations().empty()) continue;  // rejected before any record is made
      Rendered r = b.finish(f, format);
      if (r.violations.empty()) {
        if (out) *out = std::move(p);
        return r;
      }
    }
  }
  return Error{f.name() + ": no valid problem in " + std::to_string(kMaxAttempts) + " attempts"};
}

Result<trace::Trace> generate(const Family& f, int difficulty, Rng& rng, Format format) {
  auto r = draw_rendered(f, difficulty, rng, format, nullptr);
  if (!r) return r.error();
  return std::move(r->trace);
}

Result<Problem> problem_from_program(const json::Value& prog) {
  if (!prog.is_object()) return Error{"program: not an object"};
  const json::Value* fam = prog.find("family");
  if (!fam || !fam->is_string()) return Error{"program: missing field \"family\""};
  const Family* f = find_family(fam->str());
  if (!f) return Error{"program: unknown family \"" + fam->str() + "\""};
  Problem p;
  p.family = f->name();
  auto d = get_int(prog, "difficulty", kMinDifficulty, kMaxDifficulty);
  if (!d) return d.error();
  p.difficulty = static_cast<int>(*d);
  auto form = get_int(prog, "form", 0, f->forms(p.difficulty) - 1, 0);
  auto ph = get_int(prog, "phrasing", 0, f->phrasings() - 1, 0);
  auto mag = get_int(prog, "magnitude", 0, kMaxMagnitude, 0);
  if (!form) return form.error();
  if (!ph) return ph.error();
  if (!mag) return mag.error();
  p.form = static_cast<int>(*form);
  p.phrasing = static_cast<int>(*ph);
  p.magnitude = static_cast<int>(*mag);
  if (const json::Value* s = prog.find("structure"); s && s->is_string()) p.structure = s->str();
  if (!f->valid_structure(p)) return Error{"program: bad structure \"" + p.structure + "\""};
  auto vals = program_vars(prog);
  if (!vals) return vals.error();
  for (const VarSpec& s : f->variables(p)) {
    auto it = vals->find(s.name);
    if (it == vals->end()) return Error{"program: variable \"" + s.name + "\" missing"};
    p.vars.push_back({s.name, it->second});
  }
  if (vals->size() != p.vars.size()) return Error{"program: unexpected variables"};
  if (const json::Value* e = prog.find("entities"); e && e->is_object())
    for (const auto& [role, word] : e->members())
      if (word.is_string()) p.entities.emplace_back(role, word.str());
  for (const EntitySpec& e : f->entities(p))
    if (entity_index(e.kind, p.entity(e.role)) < 0)
      return Error{"program: entity \"" + e.role + "\" must be a " + entity_kind_name(e.kind)};
  if (const json::Value* ds = prog.find("distractors"); ds && ds->is_array()) {
    for (const json::Value& dv : ds->items()) {
      Distractor dist;
      auto pat = get_int(dv, "pattern", 0, distractor_patterns() - 1);
      auto pos = get_int(dv, "position", 0, 64);
      const json::Value* name = dv.find("name");
      const json::Value* value = dv.find("value");
      if (!pat || !pos || !name || !name->is_string() || !value)
        return Error{"program: bad distractor"};
      auto v = parse_value(value->str());
      if (!v) return Error{"program: bad distractor value"};
      dist.pattern = static_cast<int>(*pat);
      dist.position = static_cast<int>(*pos);
      dist.name = name->str();
      dist.value = *v;
      p.distractors.push_back(std::move(dist));
    }
  }
  return p;
}

}  // namespace stepwise::tasks

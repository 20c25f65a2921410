// Perturbations: the same problem with new values, other magnitudes, a distractor, new names.
#include "tasks/perturb.h"

#include <algorithm>

#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"
#include "tasks/lexicon_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

constexpr int kAttempts = 2000;

struct Original {
  const Family* family = nullptr;
  Problem problem;
  Format format = Format::kTrace;
  std::string question;
};

Result<Original> read(const trace::Trace& t, const char* what) {
  if (t.program.is_null()) return Error{std::string(what) + ": the record has no program"};
  auto p = problem_from_program(t.program);
  if (!p) return Error{std::string(what) + ": " + p.error().message};
  Original o;
  o.family = find_family(p->family);
  o.problem = std::move(*p);
  o.format = t.steps.empty() ? Format::kAnswer : Format::kTrace;
  o.question = t.question;
  return o;
}

trace::Trace finish(const Original& o, const Problem& p, PerturbKind kind,
                    const trace::Trace& original) {
  Rendered r = render(*o.family, p, o.format);
  json::Value link = json::Value::object();
  link.set("kind", json::Value::string(perturb_kind_name(kind)));
  link.set("of", json::Value::string(original.id));
  r.trace.meta.set("perturbation", std::move(link));
  return std::move(r.trace);
}

// Every number of the problem (variables and distractors), to keep new numbers apart.
std::vector<Rational> numbers_of(const Problem& p) {
  std::vector<Rational> out;
  for (const Binding& b : p.vars) out.push_back(b.value);
  for (const Distractor& d : p.distractors) out.push_back(d.value);
  return out;
}

bool used_word(const Problem& p, const std::string& w) {
  for (const auto& kv : p.entities)
    if (kv.second == w) return true;
  for (const Distractor& d : p.distractors)
    if (d.name == w) return true;
  return false;
}

// Redraws the values of `q` until they are valid (ranges included) and the question differs.
Result<trace::Trace> redraw(const Original& o, Problem q, PerturbKind kind, Rng& rng,
                            const trace::Trace& original, const char* what) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    o.family->propose(q, rng);
    if (!violations(*o.family, q).empty()) continue;
    trace::Trace t = finish(o, q, kind, original);
    if (t.question != o.question) return t;
  }
  return Error{std::string(what) + ": no other valid values for this template"};
}

}  // namespace

const char* perturb_kind_name(PerturbKind k) {
  switch (k) {
    case PerturbKind::kResample:
      return "resample";
    case PerturbKind::kScale:
      return "scale";
    case PerturbKind::kDistractor:
      return "distractor";
    case PerturbKind::kRename:
      return "rename";
  }
  return "resample";
}

Result<trace::Trace> resample(const trace::Trace& original, Rng& rng) {
  auto o = read(original, "resample");
  if (!o) return o.error();
  return redraw(*o, o->problem, PerturbKind::kResample, rng, original, "resample");
}

Result<trace::Trace> scale(const trace::Trace& original, const ScaleOptions& opts, Rng& rng) {
  auto o = read(original, "scale");
  if (!o) return o.error();
  Problem q = o->problem;
  std::vector<VarSpec> specs = o->family->variables(q);
  bool any = std::any_of(specs.begin(), specs.end(), [](const VarSpec& s) { return s.magnitude; });
  int digits = opts.digits;
  if (digits <= 0 && !any) {
    // No magnitude variables (scratchpads): a power of ten becomes more digits.
    Rational f = opts.factor;
    while (f > 1 && is_int(f) && f.get_num() % 10 == 0) {
      f /= 10;
      ++digits;
    }
    if (f != 1) return Error{"scale: family \"" + q.family + "\" scales by powers of 10 only"};
  }
  if (digits > 0) {
    Problem before = q;
    o->family->widen(q, digits);
    if (q.magnitude > kMaxMagnitude ||
        (q.structure == before.structure && q.magnitude == before.magnitude))
      return Error{"scale: cannot add " + std::to_string(digits) + " digits to this problem"};
    return redraw(*o, q, PerturbKind::kScale, rng, original, "scale");
  }
  if (opts.factor <= 0 || opts.factor == 1) return Error{"scale: the factor must be > 0 and != 1"};
  for (const VarSpec& s : specs)
    if (s.magnitude)
      for (Binding& b : q.vars)
        if (b.name == s.name) b.value *= opts.factor;
  auto v = violations(*o->family, q, /*check_ranges=*/false);
  if (!v.empty())
    return Error{"scale: factor " + value_text(opts.factor) + " breaks the constraints (" +
                 v.front() + ")"};
  return finish(*o, q, PerturbKind::kScale, original);
}

Result<trace::Trace> add_distractor(const trace::Trace& original, Rng& rng) {
  auto o = read(original, "distractor");
  if (!o) return o.error();
  Problem q = o->problem;
  Distractor d;
  d.pattern = static_cast<int>(rng.below(static_cast<uint64_t>(distractor_patterns())));
  // Someone new, and not of the main person's gender, so "she" and "he" keep their referent.
  const auto& people = entity_words(EntityKind::kPerson);
  const std::string& main = q.entity("person");
  for (int tries = 0; tries < 256 && d.name.empty(); ++tries) {
    const std::string& w = people[rng.below(people.size())];
    if (used_word(q, w)) continue;
    if (!main.empty() && person_is_female(w) == person_is_female(main)) continue;
    d.name = w;
  }
  if (d.name.empty()) return Error{"distractor: no unused name left"};
  std::vector<Rational> taken = numbers_of(q);
  for (int tries = 0; tries < 256; ++tries) {
    Rational v(rng.range(2, 99));
    if (std::find(taken.begin(), taken.end(), v) == taken.end()) {
      d.value = v;
      break;
    }
  }
  if (d.value == 0) return Error{"distractor: no unused number left"};
  int sentences = render(*o->family, q, Format::kAnswer).sentences;
  d.position = static_cast<int>(rng.below(static_cast<uint64_t>(std::max(sentences, 1))));
  q.distractors.push_back(std::move(d));
  return finish(*o, q, PerturbKind::kDistractor, original);
}

Result<trace::Trace> rename(const trace::Trace& original, Rng& rng) {
  auto o = read(original, "rename");
  if (!o) return o.error();
  Problem q = o->problem;
  std::vector<EntitySpec> specs = o->family->entities(q);
  if (specs.empty()) return Error{"rename: family \"" + q.family + "\" has no named entities"};
  Problem renamed = q;
  renamed.entities.clear();
  for (const EntitySpec& e : specs) {
    const auto& words = entity_words(e.kind);
    std::string pick;
    for (int tries = 0; tries < 256 && pick.empty(); ++tries) {
      const std::string& w = words[rng.below(words.size())];
      if (!used_word(q, w) && !used_word(renamed, w)) pick = w;
    }
    if (pick.empty()) return Error{"rename: no unused " + std::string(entity_kind_name(e.kind))};
    renamed.entities.emplace_back(e.role, pick);
  }
  // Distractors keep a person of the other gender than the (new) main person.
  const std::string& main = renamed.entity("person");
  for (Distractor& d : renamed.distractors) {
    if (main.empty() || person_is_female(d.name) != person_is_female(main)) continue;
    for (const std::string& w : entity_words(EntityKind::kPerson))
      if (person_is_female(w) != person_is_female(main) && !used_word(renamed, w)) {
        d.name = w;
        break;
      }
  }
  trace::Trace t = finish(*o, renamed, PerturbKind::kRename, original);
  if (t.question == o->question) return Error{"rename: the question names no entities"};
  return t;
}

Result<trace::Trace> perturb(const trace::Trace& original, PerturbKind kind, Rng& rng) {
  switch (kind) {
    case PerturbKind::kResample:
      return resample(original, rng);
    case PerturbKind::kScale:
      return scale(original, ScaleOptions{}, rng);
    case PerturbKind::kDistractor:
      return add_distractor(original, rng);
    case PerturbKind::kRename:
      return rename(original, rng);
  }
  return resample(original, rng);
}

}  // namespace stepwise::tasks

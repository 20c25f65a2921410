// Perturbed instances of a problem (instances.h).
#include "crosscheck/instances.h"

#include <algorithm>
#include <string>

#include "tasks/perturb.h"

namespace stepwise::crosscheck::detail {
namespace {

std::optional<Instance> from_record(const trace::Trace& p, const char* kind) {
  if (!p.gold) return std::nullopt;
  auto g = answer_value(*p.gold);
  if (!g) return std::nullopt;
  Instance in;
  in.kind = kind;
  in.question = p.question;
  in.values = values_of(question_quantities(p));
  in.gold = *g;
  in.gold_text = *p.gold;
  return in;
}

// Scale by 10; where that breaks the template (or changes nothing), one more digit.
Result<trace::Trace> scaled(const trace::Trace& t, Rng& rng) {
  tasks::ScaleOptions by_factor;
  auto r = tasks::scale(t, by_factor, rng);
  if (r && r->question != t.question) return r;
  tasks::ScaleOptions by_digits;
  by_digits.digits = 1;
  return tasks::scale(t, by_digits, rng);
}

// A new number of the same form as `q`: integers stay integers (1..2x), decimals keep their
// places, never equal to the old value.
Rational new_value(const Quantity& q, Rng& rng) {
  Rational v = abs(q.value);
  mpz_class den = q.value.get_den();
  long scale = 1;
  while (den != 1 && scale < 100000) {  // the decimal places written
    scale *= 10;
    Rational s = q.value * scale;
    den = s.get_den();
  }
  Rational units = v * scale;  // a whole number
  long hi = units > 1000000 ? 1000000 : units.get_num().get_si() * 2 + 2;
  Rational out = v;
  for (int tries = 0; tries < 8 && out == v; ++tries) out = Rational(rng.range(1, hi), scale);
  out.canonicalize();
  return q.value < 0 ? Rational(-out) : out;
}

std::string number_text(const Quantity& q, const Rational& v) {
  std::string s = calc::to_text(q.percent ? Rational(v * 100) : v);
  return q.percent ? s + "%" : s;
}

// The program variables of `t` that the question does not write as a number (no `at` span:
// "compounded once a year"), by name, with their values.
std::vector<std::pair<std::string, std::string>> hidden_vars(const trace::Trace& t) {
  std::vector<std::pair<std::string, std::string>> out;
  const json::Value* vars = t.program.is_object() ? t.program.find("vars") : nullptr;
  if (!vars || !vars->is_array()) return out;
  for (const json::Value& v : vars->items()) {
    if (!v.is_object() || v.find("at")) continue;
    const json::Value* name = v.find("name");
    const json::Value* value = v.find("value");
    if (name && name->is_string() && value && value->is_string())
      out.emplace_back(name->str(), value->str());
  }
  return out;
}

// True when `p` keeps every hidden variable at its value in the original.
bool keeps_hidden(const trace::Trace& p,
                  const std::vector<std::pair<std::string, std::string>>& h) {
  if (h.empty()) return true;
  auto now = hidden_vars(p);
  return std::all_of(h.begin(), h.end(), [&](const auto& v) {
    return std::find(now.begin(), now.end(), v) != now.end();
  });
}

}  // namespace

std::vector<Instance> generator_instances(const trace::Trace& t, int n, Rng& rng) {
  std::vector<Instance> out;
  if (!t.program.is_object()) return out;
  // A quantity the question says only in words ("once a year") cannot be read off a trace, so
  // a new value of it tests no method: instances keep such variables as they are (a few draws
  // are tried; an instance that cannot keep them is left out).
  const auto hidden = hidden_vars(t);
  constexpr int kDraws = 8;
  for (int i = 0; i < n; ++i) {
    bool scale = i % 3 == 2;
    Result<trace::Trace> p = Error{"not drawn"};
    for (int d = 0; d < kDraws; ++d) {
      Rng r = rng.split(static_cast<uint64_t>(i) + (static_cast<uint64_t>(d) << 32));
      p = scale ? scaled(t, r) : tasks::resample(t, r);
      if (!p && scale) p = tasks::resample(t, r);
      if (!p || keeps_hidden(*p, hidden)) break;
      p = Error{"changes a variable the question says in words"};
    }
    if (!p) {
      if (i == 0 && hidden.empty()) return out;  // not a family program: nothing will work
      continue;
    }
    if (auto in = from_record(*p, scale && p->question != t.question ? "scale" : "resample"))
      out.push_back(std::move(*in));
  }
  return out;
}

std::vector<Instance> substitute_instances(const trace::Trace& t, int n, Rng& rng) {
  std::vector<Instance> out;
  std::vector<Quantity> qs = question_quantities(t);
  if (qs.empty()) return out;
  for (int i = 0; i < n; ++i) {
    Rng r = rng.split(static_cast<uint64_t>(i));
    Instance in;
    in.kind = "substitute";
    std::string q = t.question;
    for (size_t j = qs.size(); j-- > 0;) {
      auto it = in.values.find(qs[j].key);  // a repeated mention keeps one value
      Rational v = it != in.values.end() ? it->second : new_value(qs[j], r);
      in.values[qs[j].key] = v;
      q.replace(qs[j].begin, qs[j].end - qs[j].begin, number_text(qs[j], v));
    }
    in.question = std::move(q);
    out.push_back(std::move(in));
  }
  return out;
}

std::optional<Distracted> distractor_instance(const trace::Trace& t, Rng& rng) {
  std::string question;
  auto d = t.program.is_object() ? tasks::add_distractor(t, rng) : Error{"no program"};
  if (d) {
    question = d->question;
  } else {  // a built-in clause before the last sentence
    size_t cut = t.question.rfind(". ");
    if (cut == std::string::npos) return std::nullopt;
    long v = rng.range(3, 97);
    question = t.question.substr(0, cut + 2) + "A neighbour has " + std::to_string(v) +
               " stickers. " + t.question.substr(cut + 2);
  }
  std::vector<Quantity> old_q = question_quantities(t);
  trace::Trace copy;
  copy.question = question;
  std::vector<Quantity> new_q = question_quantities(copy);
  Distracted out;
  out.question = std::move(question);
  size_t j = 0;
  for (const Quantity& q : old_q) {  // the same numbers, in the same order, skipping the new one
    while (j < new_q.size() && new_q[j].value != q.value) ++j;
    if (j == new_q.size()) return std::nullopt;
    out.values.emplace(q.key, new_q[j].value);
    ++j;
  }
  return out;
}

}  // namespace stepwise::crosscheck::detail

// Symbolic lifting (lift.h): binding operands, tying the answer, re-running.
#include "crosscheck/lift.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "crosscheck/lift_internal.h"
#include "verify/verify.h"

namespace stepwise::crosscheck {
namespace {

using detail::Equation;

constexpr size_t kMaxReadings = 6;  // readings kept per operand

struct Binder {
  Lifted& out;
  std::vector<bool> q_used, s_used;

  bool step_matches(size_t i, const Rational& v) const {
    return out.steps[i].written == v || out.steps[i].value == v;
  }
  // The quantity matches v as written; `raw` says it matched a percent's number (25 for 25%).
  bool quantity_matches(size_t i, const Rational& v, bool& raw) const {
    const Quantity& q = out.quantities[i];
    raw = false;
    if (q.value == v) return true;
    if (q.percent && q.value * 100 == v) return raw = true;
    return false;
  }

  // Every reading of an operand of value v, the preferred one first: later results before
  // earlier ones, then question quantities in order, then the constant itself.
  std::vector<Ref> alternatives(const Ref& first, const Rational& v) const {
    std::vector<Ref> alts{first};
    auto add = [&](Ref r) {
      for (const Ref& o : alts) {
        if (o.kind == r.kind && o.index == r.index && o.percent_raw == r.percent_raw) return;
      }
      alts.push_back(std::move(r));
    };
    for (size_t i = out.steps.size(); i-- > 0;) {
      if (step_matches(i, v)) add(Ref{RefKind::kStep, static_cast<int>(i), v, false, -1});
    }
    for (size_t i = 0; i < out.quantities.size(); ++i) {
      bool raw = false;
      if (quantity_matches(i, v, raw))
        add(Ref{RefKind::kQuestion, static_cast<int>(i), v, raw, -1});
    }
    add(Ref{RefKind::kConstant, -1, v, false, -1});
    if (alts.size() > kMaxReadings) alts.resize(kMaxReadings);
    return alts;
  }

  Ref bind(const calc::Number& n) {
    const Rational& v = n.value;
    for (int pass = 0; pass < 2; ++pass) {  // pass 0: unused only; pass 1: any
      for (size_t i = 0; i < out.steps.size(); ++i) {
        if ((pass == 1 || !s_used[i]) && step_matches(i, v)) {
          s_used[i] = true;
          return Ref{RefKind::kStep, static_cast<int>(i), v, false, -1};
        }
      }
      for (size_t i = 0; i < out.quantities.size(); ++i) {
        bool raw = false;
        if ((pass == 1 || !q_used[i]) && quantity_matches(i, v, raw)) {
          q_used[i] = true;
          return Ref{RefKind::kQuestion, static_cast<int>(i), v, raw, -1};
        }
      }
    }
    if (n.decimals >= 0) {  // a rounded copy of an earlier result, latest first
      for (size_t i = out.steps.size(); i-- > 0;) {
        if (calc::rounds_to(out.steps[i].value, n) || calc::rounds_to(out.steps[i].written, n)) {
          s_used[i] = true;
          return Ref{RefKind::kStep, static_cast<int>(i), v, false, n.decimals};
        }
      }
    }
    ++out.constants;
    return Ref{RefKind::kConstant, -1, v, false, -1};
  }
};

// The final answer's origin: the latest result equal to it (or rounding to it), else a
// question quantity.
std::optional<Ref> tie_answer(const Lifted& p, const Rational& a, std::string_view text) {
  for (size_t i = p.steps.size(); i-- > 0;) {
    if (p.steps[i].written == a || p.steps[i].value == a)
      return Ref{RefKind::kStep, static_cast<int>(i), a, false, -1};
  }
  for (size_t i = 0; i < p.quantities.size(); ++i) {
    if (p.quantities[i].value == a)
      return Ref{RefKind::kQuestion, static_cast<int>(i), a, false, -1};
  }
  auto n = calc::parse_number(calc::normalize_answer(text));
  if (n && n->decimals >= 0) {
    for (size_t i = p.steps.size(); i-- > 0;) {
      if (calc::rounds_to(p.steps[i].value, *n) || calc::rounds_to(p.steps[i].written, *n))
        return Ref{RefKind::kStep, static_cast<int>(i), a, false, n->decimals};
    }
  }
  return std::nullopt;
}

std::string ref_token(const Lifted& p, const Ref& r) {
  switch (r.kind) {
    case RefKind::kQuestion:
      return "q:" + p.quantities[static_cast<size_t>(r.index)].key + (r.percent_raw ? "%" : "");
    case RefKind::kStep:
      return "s" + std::to_string(r.index);
    case RefKind::kConstant:
      break;
  }
  return calc::to_text(r.value);
}

// The operations of `s` with operands replaced by their origins, spelling normalised
// ("3 x $4" and "3*4" are the same operation).
std::string step_path(const Lifted& p, const LiftedStep& s) {
  const std::string& e = s.expr;
  std::string out;
  size_t j = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (j < s.spans.size() && i == s.spans[j].first) {
      out += ref_token(p, s.args[j]);
      i = s.spans[j].second - 1;
      ++j;
      continue;
    }
    char c = e[i];
    if (c == ' ' || c == '$') continue;
    if (e.compare(i, 2, "\xC3\x97") == 0 || e.compare(i, 2, "\xC2\xB7") == 0) {
      out += '*';
      ++i;
    } else if (e.compare(i, 2, "\xC3\xB7") == 0) {
      out += '/';
      ++i;
    } else {
      out += c == 'x' || c == 'X' ? '*' : c;
    }
  }
  return out;
}

Result<Rational> resolve(const Lifted& p, const Ref& r, const Values& values,
                         const std::vector<Rational>& steps) {
  Rational v;
  switch (r.kind) {
    case RefKind::kQuestion: {
      const std::string& key = p.quantities[static_cast<size_t>(r.index)].key;
      auto it = values.find(key);
      if (it == values.end()) return Error{"no value for question quantity \"" + key + "\""};
      v = r.percent_raw ? Rational(it->second * 100) : it->second;
      break;
    }
    case RefKind::kStep:
      v = steps[static_cast<size_t>(r.index)];
      break;
    case RefKind::kConstant:
      return r.value;
  }
  return r.round_decimals >= 0 ? round_to(v, r.round_decimals) : v;
}

// "757.702512=<<757.702512=757.7>>" under "to the nearest cent": the trace rounded to cents
// and dropped the trailing zero, so its program rounds to cents, not to one place.
void widen_rounding(Lifted& out, int places) {
  auto widen = [&](int& decimals, const Rational& exact, const Rational& written) {
    if (decimals >= 0 && decimals < places && round_to(exact, places) == written) decimals = places;
  };
  auto widen_ref = [&](Ref& r) {
    if (r.kind == RefKind::kStep)
      widen(r.round_decimals, out.steps[static_cast<size_t>(r.index)].value, r.value);
  };
  for (LiftedStep& s : out.steps) {
    widen(s.round_decimals, s.value, s.written);
    for (Ref& r : s.args) widen_ref(r);
  }
  if (out.answer) widen_ref(*out.answer);
  for (Ref& r : out.answer_alts) widen_ref(r);
}

// The sign (+1 or -1) with which operand `k` of `s` enters its expression as a whole top-level
// term ("a*b+q": +1 for q; "q-a": +1; "a-q": -1), or 0 when it is part of a product, a power
// or a parenthesised group.
int term_sign(const LiftedStep& s, size_t k) {
  const std::string& e = s.expr;
  auto [b, end] = s.spans[k];
  int depth = 0;
  for (size_t i = 0; i < b && i < e.size(); ++i) depth += e[i] == '(' ? 1 : e[i] == ')' ? -1 : 0;
  if (depth != 0) return 0;
  size_t before = b;
  while (before > 0 && e[before - 1] == ' ') --before;
  size_t after = end;
  while (after < e.size() && e[after] == ' ') ++after;
  bool ends_term = after >= e.size() || e[after] == '+' || e[after] == '-';
  if (!ends_term) return 0;
  if (before == 0) return 1;
  if (e[before - 1] == '+') return 1;
  if (e[before - 1] == '-' && (before == 1 || e[before - 2] != '-')) return -1;
  return 0;
}

bool same_origin(const Ref& x, const Ref& y) {
  if (x.kind != y.kind) return false;
  return x.kind == RefKind::kConstant ? x.value == y.value : x.index == y.index;
}

// The first lifted step "X - q" (or "X + q") with X an earlier step that added q (or took it
// away) as a whole term; -1 when none.
int find_detour(const Lifted& l) {
  for (size_t j = 0; j < l.steps.size(); ++j) {
    const LiftedStep& s = l.steps[j];
    // "x - x" is a carry written off ("10-10"), not a detour: a detour leaves the term's
    // companion behind.
    if (s.args.size() != 2 || s.args[0].kind != RefKind::kStep ||
        s.args[0].value == s.args[1].value)
      continue;
    int sign = term_sign(s, 1);
    if (sign == 0 || term_sign(s, 0) != 1) continue;
    const LiftedStep& from = l.steps[static_cast<size_t>(s.args[0].index)];
    for (size_t k = 0; k < from.args.size(); ++k) {
      if (same_origin(from.args[k], s.args[1]) && term_sign(from, k) == -sign)
        return static_cast<int>(j);
    }
  }
  return -1;
}

}  // namespace

Lifted lift(const trace::Trace& t, bool inline_equations) {
  Lifted out;
  out.quantities = question_quantities(t);
  Binder b{out, std::vector<bool>(out.quantities.size()), {}};
  std::vector<Equation> eqs;
  for (size_t si = 0; si < t.steps.size(); ++si) {
    detail::step_equations(t.steps[si].text, inline_equations, eqs);
    for (Equation& e : eqs) {
      LiftedStep ls;
      ls.trace_step = static_cast<int>(si);
      for (const calc::Operand& op : e.parsed.operands) {
        ls.spans.emplace_back(op.number.begin, op.number.end);
        ls.args.push_back(b.bind(op.number));
        ls.alts.push_back(b.alternatives(ls.args.back(), op.number.value));
      }
      ls.expr = std::move(e.expr);
      ls.value = e.parsed.value;
      ls.written = e.written;
      ls.round_decimals = e.round_decimals;
      out.steps.push_back(std::move(ls));
      b.s_used.push_back(false);
    }
  }
  for (const LiftedStep& s : out.steps) out.path += step_path(out, s) + ";";
  std::optional<Rational> a = t.answer ? answer_value(*t.answer) : std::nullopt;
  if (out.steps.empty()) {
    out.failure = "no_computation";
  } else if (!a) {
    out.failure = "no_answer";
  } else {
    out.answer = tie_answer(out, *a, *t.answer);
    if (!out.answer) {
      out.failure = "answer_not_derived";
    } else {
      out.answer_alts.push_back(*out.answer);
      for (size_t i = out.steps.size(); i-- > 0;) {
        if (static_cast<int>(i) != out.answer->index &&
            (out.steps[i].written == *a || out.steps[i].value == *a))
          out.answer_alts.push_back(Ref{RefKind::kStep, static_cast<int>(i), *a, false, -1});
      }
      if (out.answer_alts.size() > kMaxReadings) out.answer_alts.resize(kMaxReadings);
    }
  }
  if (a) {
    for (const LiftedStep& s : out.steps) {
      for (const Ref& r : s.args) {
        if (r.kind == RefKind::kConstant && r.value == *a) out.copied_answer = true;
      }
    }
  }
  // The verifier's answer policy decides when a question speaks of cents.
  if (verify::answer_policy(t.question).cents_to_dollars) widen_rounding(out, 2);
  out.detour = find_detour(out);
  out.ok = out.failure.empty();
  return out;
}

Result<Rational> run_lifted(const Lifted& p, const Values& values) {
  if (!p.ok || !p.answer) return Error{"the trace was not lifted"};
  std::vector<Rational> vals;
  vals.reserve(p.steps.size());
  for (const LiftedStep& s : p.steps) {
    std::string e = s.expr;
    for (size_t j = s.args.size(); j-- > 0;) {
      auto v = resolve(p, s.args[j], values, vals);
      if (!v) return v.error();
      e.replace(s.spans[j].first, s.spans[j].second - s.spans[j].first,
                "(" + calc::to_text(*v) + ")");
    }
    auto r = calc::evaluate(e);
    if (!r) return Error{"\"" + e + "\": " + r.error().message};
    vals.push_back(s.round_decimals >= 0 ? round_to(r->value, s.round_decimals) : r->value);
  }
  return resolve(p, *p.answer, values, vals);
}

bool matches_gold(const Rational& v, const Rational& gold, bool rounding) {
  if (v == gold) return true;
  if (calc::answers_equal(calc::to_text(v), calc::to_text(gold)).equal) return true;
  if (!rounding) return false;
  int places = 0;
  for (Rational g = gold; g.get_den() != 1 && places < 20; g *= 10) ++places;
  return round_to(v, places) == gold || round_to(v, 2) == gold;
}

bool asks_rounding(std::string_view question) {
  std::string q(question);
  for (char& c : q) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return q.find("round") != std::string::npos || q.find("nearest") != std::string::npos;
}

namespace {

bool reproduces(const Lifted& p, const std::vector<Case>& cases) {
  for (const Case& c : cases) {  // the first case rejects most readings
    auto v = run_lifted(p, c.values);
    if (!v) return false;
    if (!matches_gold(*v, c.gold, c.rounding)) return false;
  }
  return true;
}

// Readings with 1, then 2, then 3 slots (operands, then the answer) changed from the
// preferred reading, each in order of preference.
struct Search {
  Lifted& p;
  const std::vector<Case>& cases;
  std::vector<std::pair<int, int>> slots;  // (step, operand); step -1: the answer
  int budget;

  const std::vector<Ref>& alts(size_t k) const {
    auto [s, j] = slots[k];
    return s < 0 ? p.answer_alts : p.steps[static_cast<size_t>(s)].alts[static_cast<size_t>(j)];
  }
  Ref& slot(size_t k) {
    auto [s, j] = slots[k];
    return s < 0 ? *p.answer : p.steps[static_cast<size_t>(s)].args[static_cast<size_t>(j)];
  }

  bool run(size_t start, int changes) {
    if (changes == 0) return --budget >= 0 && reproduces(p, cases);
    for (size_t k = start; k < slots.size() && budget > 0; ++k) {
      const std::vector<Ref>& a = alts(k);
      for (size_t r = 1; r < a.size() && budget > 0; ++r) {
        slot(k) = a[r];
        if (run(k + 1, changes - 1)) return true;
      }
      slot(k) = a[0];
    }
    return false;
  }
};

}  // namespace

Reading find_reading(Lifted& p, const std::vector<Case>& cases, int budget) {
  if (!p.ok || cases.empty()) return Reading::kNone;
  Search s{p, cases, {}, budget};
  for (size_t i = 0; i < p.steps.size(); ++i) {
    for (size_t j = 0; j < p.steps[i].alts.size(); ++j) {
      if (p.steps[i].alts[j].size() > 1)
        s.slots.emplace_back(static_cast<int>(i), static_cast<int>(j));
    }
  }
  if (p.answer_alts.size() > 1) s.slots.emplace_back(-1, 0);
  for (int changes = 1; changes <= 3 && s.budget > 0; ++changes) {
    if (s.run(0, changes)) return Reading::kFound;
  }
  return s.budget > 0 ? Reading::kNone : Reading::kGaveUp;
}

}  // namespace stepwise::crosscheck

// flaw_support.cpp: what the flaw planters (flaws.cpp) know about a rendered problem: its
// annotations, the value of every op a step writes, which step relies on which, and the
// small text edits and plausible wrong numbers the flaws are made of.
#include <algorithm>
#include <cctype>

#include "teach/synthetic_internal.h"

namespace stepwise::teach::internal {

using calc::Rational;

std::string text_of(const Rational& v) { return tasks::value_text(v); }

// The arguments of op `id` in program.ops; empty when it is not there (display-only ops).
std::vector<std::string> op_args(const FlawContext& ctx, const std::string& id) {
  std::vector<std::string> out;
  if (!ctx.ops || !ctx.ops->is_array()) return out;
  for (const json::Value& op : ctx.ops->items()) {
    const json::Value* oid = op.find("id");
    if (!oid || !oid->is_string() || oid->str() != id) continue;
    if (const json::Value* args = op.find("args"); args && args->is_array()) {
      for (const json::Value& a : args->items()) {
        if (a.is_string()) out.push_back(a.str());
      }
    }
  }
  return out;
}

std::optional<Rational> op_value(const FlawContext& ctx, const std::string& id) {
  for (const auto& [oid, v] : ctx.op_values) {
    if (oid == id) return v;
  }
  return std::nullopt;
}

bool is_quantity(const FlawContext& ctx, const Rational& v) {
  for (const auto& b : ctx.problem.vars) {
    if (b.value == v) return true;
  }
  return false;
}

// True when an annotation of step `j` takes `v` as an operand.
bool step_uses(const FlawContext& ctx, int j, const Rational& v) {
  for (const Annotation& a : ctx.annotations[j]) {
    if (std::find(a.operands.begin(), a.operands.end(), v) != a.operands.end()) return true;
  }
  return false;
}

// The first step after `after` that relies on `name` (an op id or a variable): by the
// program's arguments, else by an annotation taking `value` as an operand (display-only ops
// have no arguments). Callers pass no value when it would prove nothing (an intermediate
// result equal to a quantity of the question).
std::optional<int> first_user(const FlawContext& ctx, const std::string& name, int after,
                              std::optional<Rational> value) {
  const auto& so = ctx.base.step_ops;
  for (int j = after + 1; j < static_cast<int>(so.size()); ++j) {
    for (const std::string& id : so[j]) {
      auto args = op_args(ctx, id);
      if (std::find(args.begin(), args.end(), name) != args.end()) return j;
    }
  }
  if (!value) return std::nullopt;
  for (int j = after + 1; j < static_cast<int>(so.size()); ++j) {
    if (step_uses(ctx, j, *value)) return j;
  }
  return std::nullopt;
}

// first_user for an op written at step `s`.
std::optional<int> op_user(const FlawContext& ctx, const std::string& id, int s) {
  std::optional<Rational> v = op_value(ctx, id);
  if (v && is_quantity(ctx, *v)) v.reset();
  return first_user(ctx, id, s, v);
}

// The step that writes op `id`.
std::optional<int> writer(const FlawContext& ctx, const std::string& id) {
  const auto& so = ctx.base.step_ops;
  for (int s = 0; s < static_cast<int>(so.size()); ++s) {
    if (std::find(so[s].begin(), so[s].end(), id) != so[s].end()) return s;
  }
  return std::nullopt;
}

// Ops some step writes whose value is known: (op id, step).
std::vector<std::pair<std::string, int>> written_ops(const FlawContext& ctx) {
  std::vector<std::pair<std::string, int>> out;
  const auto& so = ctx.base.step_ops;
  for (int s = 0; s < static_cast<int>(so.size()); ++s) {
    for (const std::string& id : so[s]) {
      if (op_value(ctx, id)) out.emplace_back(id, s);
    }
  }
  return out;
}

// Steps that write exactly one annotation, for one op of known value: (op id, step).
std::vector<std::pair<std::string, int>> single_ops(const FlawContext& ctx) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& [id, s] : written_ops(ctx)) {
    if (ctx.base.step_ops[s].size() == 1 && ctx.annotations[s].size() == 1) out.emplace_back(id, s);
  }
  return out;
}

// A plausible mis-copy of a quantity as written: two adjacent digits swapped, a digit
// doubled or dropped, or one digit off by one.
std::optional<Rational> miscopy(const Rational& v, Rng& rng) {
  std::string s = text_of(v);
  std::vector<std::string> options;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 1])) && s[i] != s[i + 1]) {
      std::string t = s;
      std::swap(t[i], t[i + 1]);
      options.push_back(t);
    }
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) continue;
    std::string doubled = s;
    doubled.insert(i, 1, s[i]);
    options.push_back(doubled);
    if (s[i] < '9')
      options.push_back(s.substr(0, i) + static_cast<char>(s[i] + 1) + s.substr(i + 1));
    if (s[i] > '0')
      options.push_back(s.substr(0, i) + static_cast<char>(s[i] - 1) + s.substr(i + 1));
  }
  std::vector<Rational> good;
  for (const std::string& o : options) {
    if (o.size() > 1 && o[0] == '0' && o[1] != '.') continue;  // "07" is not a copy of "70"
    auto r = tasks::parse_value(o);
    if (r && *r != v && *r > 0) good.push_back(*r);
  }
  if (good.empty()) return std::nullopt;
  return pick(good, rng);
}

// Turns "<<E=v>>" into "<<E+h=v>>" and a visible "E=" before it into "E+h=".
bool add_term(std::string& step, const std::string& h) {
  size_t open = step.find("<<");
  size_t close = open == std::string::npos ? open : step.find(">>", open);
  if (close == std::string::npos || step.find("<<", close) != std::string::npos) return false;
  size_t eq = step.rfind('=', close);
  if (eq == std::string::npos || eq < open) return false;
  std::string expr = step.substr(open + 2, eq - open - 2);
  step.insert(eq, "+" + h);
  std::string before = step.substr(0, open);
  size_t end = before.find_last_not_of(" =");
  if (end != std::string::npos && end + 1 >= expr.size() &&
      before.compare(end + 1 - expr.size(), expr.size(), expr) == 0) {
    step.insert(end + 1, "+" + h);
  }
  return true;
}

// Replaces the result of a step's only annotation, and the number written right after it.
void replace_result(std::string& step, const Rational& old_value, const std::string& text) {
  size_t open = step.find("<<");
  size_t close = step.find(">>", open);
  size_t eq = step.rfind('=', close);
  step.replace(eq + 1, close - eq - 1, text);
  size_t after = step.find(">>", open) + 2;
  std::string tail = step.substr(after, 48);
  auto numbers = calc::find_numbers(tail);
  if (!numbers.empty() && numbers[0].begin == 0 && numbers[0].value == old_value) {
    step.replace(after, numbers[0].end, (numbers[0].currency ? "$" : "") + text);
  }
}

std::vector<Annotation> annotations_of(const std::string& step) {
  std::vector<Annotation> out;
  for (size_t open = step.find("<<"); open != std::string::npos; open = step.find("<<", open + 2)) {
    size_t close = step.find(">>", open);
    if (close == std::string::npos) break;
    std::string inner = step.substr(open + 2, close - open - 2);
    size_t eq = inner.rfind('=');
    if (eq == std::string::npos) continue;
    auto value = calc::parse_number(inner.substr(eq + 1));
    if (!value) continue;
    Annotation a;
    a.expr = inner.substr(0, eq);
    a.value = value->value;
    if (auto parsed = calc::evaluate(a.expr)) {
      for (const calc::Operand& o : parsed->operands) a.operands.push_back(o.number.value);
    }
    out.push_back(std::move(a));
  }
  return out;
}

void index_steps(FlawContext& ctx) {
  ctx.op_values = ctx.run.ops;
  ctx.annotations.clear();
  for (size_t s = 0; s < ctx.base.trace.steps.size(); ++s) {
    ctx.annotations.push_back(annotations_of(ctx.base.trace.steps[s].text));
    if (s >= ctx.base.step_ops.size()) continue;
    const auto& ids = ctx.base.step_ops[s];
    if (ids.size() != ctx.annotations[s].size()) continue;  // cannot pair them up
    for (size_t k = 0; k < ids.size(); ++k) {
      bool known = false;
      for (const auto& [id, v] : ctx.op_values) known = known || id == ids[k];
      if (!known) ctx.op_values.emplace_back(ids[k], ctx.annotations[s][k].value);
    }
  }
  ctx.annotations.resize(ctx.base.step_ops.size());
}

Planted unchanged(const tasks::Rendered& r, const std::string& gold) {
  Planted p;
  for (const trace::Step& s : r.trace.steps) p.steps.push_back(s.text);
  p.answer = r.trace.answer ? *r.trace.answer : gold;
  return p;
}

Rational slip(const Rational& v, Rng& rng) {
  std::vector<Rational> options = {v + 1, v - 1, v + 10, v - 10, v * 10};
  if (v.get_den() == 1) {
    std::string s = v.get_num().get_str();
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i] != s[i + 1] && s[i] != '-' && !(i == 0 && s[i + 1] == '0')) {
        std::string t = s;
        std::swap(t[i], t[i + 1]);
        options.emplace_back(mpz_class(t));
      }
    }
    options.emplace_back(v + static_cast<long>(rng.range(2, 9)));
  } else {
    options.emplace_back(v + Rational(1, 10));
    options.emplace_back(v - Rational(1, 10));
  }
  std::vector<Rational> good;
  for (const Rational& o : options) {
    if (o != v && o != 0 && !(v > 0 && o < 0)) good.push_back(o);
  }
  if (good.empty()) return v + 1;
  return pick(good, rng);
}

}  // namespace stepwise::teach::internal

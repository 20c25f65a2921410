// Running a recorded program on new variable values.
#include "tasks/program.h"

#include <map>

namespace stepwise::tasks {
namespace {

constexpr size_t kMaxOps = 10000;
constexpr size_t kMaxBits = 8192;
constexpr long kMaxExponent = 4096;

using Env = std::map<std::string, calc::Rational, std::less<>>;

Error op_error(const std::string& id, const std::string& what) {
  return Error{"program: op \"" + id + "\": " + what};
}

bool too_big(const calc::Rational& r) {
  return mpz_sizeinbase(r.get_num_mpz_t(), 2) > kMaxBits ||
         mpz_sizeinbase(r.get_den_mpz_t(), 2) > kMaxBits;
}

bool is_constant(std::string_view s) {
  return !s.empty() && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.');
}

Result<calc::Rational> resolve(const Env& env, const json::Value& arg, const std::string& id) {
  if (!arg.is_string() && !arg.is_number()) return op_error(id, "args must be strings");
  const std::string& s = arg.str();
  if (arg.is_number() || is_constant(s)) {
    auto v = parse_value(s);
    if (!v) return op_error(id, "bad constant \"" + s + "\"");
    return *v;
  }
  auto it = env.find(s);
  if (it == env.end()) return op_error(id, "unknown reference \"" + s + "\"");
  return it->second;
}

calc::Rational round_half_away(const calc::Rational& x, long digits) {
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(digits));
  calc::Rational y = abs(x) * scale + calc::Rational(1, 2);
  mpz_class q;
  mpz_fdiv_q(q.get_mpz_t(), y.get_num_mpz_t(), y.get_den_mpz_t());
  calc::Rational r(q, scale);
  r.canonicalize();
  return x < 0 ? calc::Rational(-r) : r;
}

Result<calc::Rational> power(const calc::Rational& base, const calc::Rational& e,
                             const std::string& id) {
  if (e.get_den() != 1 || abs(e) > kMaxExponent)
    return op_error(id, "exponent must be a whole number from -4096 to 4096");
  long k = e.get_num().get_si();
  if (base == 0 && k < 0) return op_error(id, "division by zero");
  unsigned long uk = static_cast<unsigned long>(k < 0 ? -k : k);
  size_t bits = mpz_sizeinbase(base.get_num_mpz_t(), 2) + mpz_sizeinbase(base.get_den_mpz_t(), 2);
  if (bits > 2 && bits * uk > 2 * kMaxBits) return op_error(id, "number too large");
  mpz_class num, den;
  mpz_pow_ui(num.get_mpz_t(), base.get_num_mpz_t(), uk);
  mpz_pow_ui(den.get_mpz_t(), base.get_den_mpz_t(), uk);
  calc::Rational r = k < 0 ? calc::Rational(den, num) : calc::Rational(num, den);
  r.canonicalize();
  return r;
}

Result<calc::Rational> apply(const std::string& op, const std::vector<calc::Rational>& a,
                             const std::string& id) {
  auto arity = [&](size_t lo, size_t hi) { return a.size() >= lo && a.size() <= hi; };
  if (op == "add" || op == "mul") {
    if (!arity(2, 64)) return op_error(id, op + " needs 2 or more args");
    calc::Rational r = a[0];
    for (size_t i = 1; i < a.size(); ++i) {
      if (op == "add")
        r += a[i];
      else
        r *= a[i];
      if (too_big(r)) return op_error(id, "number too large");
    }
    return r;
  }
  if (!arity(2, 2)) return op_error(id, "\"" + op + "\" needs 2 args");
  if (op == "sub") return calc::Rational(a[0] - a[1]);
  if (op == "div" || op == "fdiv") {
    if (a[1] == 0) return op_error(id, "division by zero");
    calc::Rational q = a[0] / a[1];
    if (op == "div") return q;
    mpz_class f;
    mpz_fdiv_q(f.get_mpz_t(), q.get_num_mpz_t(), q.get_den_mpz_t());
    return calc::Rational(f);
  }
  if (op == "pow") return power(a[0], a[1], id);
  if (op == "round") {
    if (a[1].get_den() != 1 || a[1] < 0 || a[1] > 20)
      return op_error(id, "round needs a whole number of decimals from 0 to 20");
    return round_half_away(a[0], a[1].get_num().get_si());
  }
  return op_error(id, "unknown op \"" + op + "\"");
}

}  // namespace

Result<VarValues> program_vars(const json::Value& program) {
  if (!program.is_object()) return Error{"program: not an object"};
  const json::Value* vars = program.find("vars");
  if (!vars || !vars->is_array()) return Error{"program: missing field \"vars\""};
  VarValues out;
  for (const json::Value& v : vars->items()) {
    const json::Value* name = v.find("name");
    const json::Value* value = v.find("value");
    if (!name || !name->is_string() || name->str().empty() || is_constant(name->str()))
      return Error{"program: a variable has no name"};
    if (!value || (!value->is_string() && !value->is_number()))
      return Error{"program: variable \"" + name->str() + "\" has no value"};
    auto r = parse_value(value->str());
    if (!r)
      return Error{"program: value \"" + value->str() + "\" of variable \"" + name->str() +
                   "\" is not a number"};
    if (!out.emplace(name->str(), *r).second)
      return Error{"program: variable \"" + name->str() + "\" defined twice"};
  }
  return out;
}

Result<ProgramRun> run_program_full(const json::Value& program, const VarValues& values) {
  auto vars = program_vars(program);
  if (!vars) return vars.error();
  Env env(vars->begin(), vars->end());
  for (const auto& [name, v] : values) {
    auto it = env.find(name);
    if (it == env.end()) return Error{"program: unknown variable \"" + name + "\""};
    it->second = v;
  }
  const json::Value* ops = program.find("ops");
  if (!ops || !ops->is_array()) return Error{"program: missing field \"ops\""};
  if (ops->items().size() > kMaxOps) return Error{"program: too many ops"};
  ProgramRun run;
  std::vector<calc::Rational> args;
  for (const json::Value& o : ops->items()) {
    const json::Value* id = o.find("id");
    const json::Value* op = o.find("op");
    const json::Value* a = o.find("args");
    if (!id || !id->is_string() || id->str().empty() || is_constant(id->str()))
      return Error{"program: an op has no id"};
    if (!op || !op->is_string() || !a || !a->is_array())
      return op_error(id->str(), "needs \"op\" and \"args\"");
    args.clear();
    for (const json::Value& arg : a->items()) {
      auto v = resolve(env, arg, id->str());
      if (!v) return v.error();
      args.push_back(std::move(*v));
    }
    auto r = apply(op->str(), args, id->str());
    if (!r) return r.error();
    if (too_big(*r)) return op_error(id->str(), "number too large");
    if (!env.emplace(id->str(), *r).second) return op_error(id->str(), "id defined twice");
    run.ops.emplace_back(id->str(), std::move(*r));
  }
  const json::Value* ans = program.find("answer");
  if (!ans || !ans->is_string()) return Error{"program: missing field \"answer\""};
  auto it = env.find(ans->str());
  if (it == env.end()) return Error{"program: answer \"" + ans->str() + "\" is not defined"};
  run.answer = it->second;
  return run;
}

Result<calc::Rational> run_program(const json::Value& program, const VarValues& values) {
  auto r = run_program_full(program, values);
  if (!r) return r.error();
  return std::move(r->answer);
}

}  // namespace stepwise::tasks

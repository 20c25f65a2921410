// The Builder: values, constraints and annotated text of one rendered problem.
#include <cctype>
#include <string>

#include "base/check.h"
#include "tasks/builder_internal.h"
#include "tasks/lexicon_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {}  // namespace

const char* op_name(Op op) {
  switch (op) {
    case Op::kVar:
      return "var";
    case Op::kConst:
      return "const";
    case Op::kAdd:
      return "add";
    case Op::kSub:
      return "sub";
    case Op::kMul:
      return "mul";
    case Op::kDiv:
      return "div";
    case Op::kFloorDiv:
      return "fdiv";
    case Op::kPow:
      return "pow";
    case Op::kRound:
      return "round";
  }
  return "?";
}

Builder::Builder(const Problem& p, const SpecSet& specs, const StepOverrides* overrides,
                 bool check_ranges)
    : p_(p), specs_(&specs), overrides_(overrides), check_ranges_(check_ranges) {
  nodes_.reserve(64);
  var_nodes_.assign(p_.vars.size(), -1);
  var_spec_.assign(p_.vars.size(), -1);
  Num mag = Num(10).pow(p_.magnitude);
  for (size_t k = 0; k < specs.specs.size(); ++k) {
    const VarSpec& s = specs.specs[k];
    int i = -1;
    for (size_t j = 0; j < p_.vars.size() && i < 0; ++j)
      if (p_.vars[j].name == s.name) i = static_cast<int>(j);
    if (i < 0) {
      violations_.push_back("variable " + s.name + " missing");
      continue;
    }
    var_spec_[static_cast<size_t>(i)] = static_cast<int>(k);
    Num v(p_.vars[static_cast<size_t>(i)].value);
    if (!(v / specs.step[k]).is_int())
      violations_.push_back(s.name + " must be a multiple of " + value_text(specs.step[k]));
    if ((s.type == VarType::kCount || s.type == VarType::kInt) && !v.is_int())
      violations_.push_back(s.name + " must be a whole number");
    if (s.type == VarType::kCount && v < Num(1))
      violations_.push_back(s.name + " must be positive");
    int dec = decimals_of(v);
    if (s.type == VarType::kMoney && (v.sign() < 0 || dec > 2 || dec < 0))
      violations_.push_back(s.name + " must be an amount in cents");
    if ((s.type == VarType::kPercent || s.type == VarType::kDecimal) && dec < 0)
      violations_.push_back(s.name + " must be a terminating decimal");
    if (check_ranges_) {
      Num lo = s.magnitude ? specs.lo[k] * mag : specs.lo[k];
      Num hi = s.magnitude ? specs.hi[k] * mag : specs.hi[k];
      if (v < lo || v > hi) violations_.push_back(s.name + " out of range");
    }
  }
  for (size_t j = 0; j < p_.vars.size(); ++j)
    if (var_spec_[j] < 0) violations_.push_back("unknown variable " + p_.vars[j].name);
}

Builder::Ref Builder::var(std::string_view name) {
  for (size_t i = 0; i < p_.vars.size(); ++i) {
    if (p_.vars[i].name != name) continue;
    if (var_nodes_[i] >= 0) return var_nodes_[i];
    Node n;
    n.op = Op::kVar;
    n.var = static_cast<int>(i);
    n.value = Num(p_.vars[i].value);
    n.shown = n.value;
    if (overrides_)
      for (const auto& [vn, vv] : overrides_->var_values)
        if (vn == name) n.shown = Num(vv);
    nodes_.push_back(std::move(n));
    var_nodes_[i] = static_cast<Ref>(nodes_.size() - 1);
    return var_nodes_[i];
  }
  violations_.push_back("variable " + std::string(name) + " missing");
  return num(0);
}

Builder::Ref Builder::num(long v) { return num(Num(v)); }

Builder::Ref Builder::num(const Num& v) {
  Node n;
  n.op = Op::kConst;
  n.value = v;
  n.shown = v;
  nodes_.push_back(std::move(n));
  return static_cast<Ref>(nodes_.size() - 1);
}

Builder::Ref Builder::sum(const std::vector<Ref>& xs) {
  SW_CHECK(!xs.empty());
  if (xs.size() == 1) return xs[0];
  return make_op(Op::kAdd, xs.data(), xs.size(), 0);
}

Builder::Ref Builder::op(Op o, std::initializer_list<Ref> args) {
  return make_op(o, args.begin(), args.size(), 0);
}

Builder::Ref Builder::round(Ref a, int decimals) { return make_op(Op::kRound, &a, 1, decimals); }

Builder::Ref Builder::make_op(Op o, const Ref* args, size_t nargs, int digits) {
  SW_CHECK(nargs >= 1 && nargs <= kMaxArgs);
  Node n;
  n.op = o;
  n.digits = digits;
  n.program = !display_only_;
  n.nargs = static_cast<uint8_t>(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    Ref a = args[i];
    SW_CHECK(a >= 0 && a < static_cast<Ref>(nodes_.size()));
    // A program op may only use program values (our own bug otherwise).
    SW_CHECK(!n.program || nodes_[static_cast<size_t>(a)].program);
    n.args[i] = a;
  }
  n.id = n.program ? ++program_ops_ : ++display_ops_;
  nodes_.push_back(std::move(n));
  Node& m = nodes_.back();
  compute(m, false);
  compute(m, true);
  return static_cast<Ref>(nodes_.size() - 1);
}

void Builder::compute(Node& n, bool shown_side) {
  if (shown_side && !overrides_) {
    n.shown = n.value;  // nothing planted: what is written is what is true
    return;
  }
  auto val = [&](int i) -> const Num& {
    const Node& a = nodes_[static_cast<size_t>(n.args[i])];
    return shown_side ? a.shown : a.value;
  };
  auto fail = [&](const char* what) {
    if (!shown_side) violations_.push_back(what);
  };
  Num r;
  switch (n.op) {
    case Op::kAdd:
      r = val(0);
      for (int i = 1; i < n.nargs; ++i) r = r + val(i);
      break;
    case Op::kMul:
      r = val(0);
      for (int i = 1; i < n.nargs; ++i) r = r * val(i);
      break;
    case Op::kSub:
      r = val(0) - val(1);
      break;
    case Op::kDiv:
    case Op::kFloorDiv:
      if (val(1).sign() == 0) {
        fail("division by zero");
        break;
      }
      r = val(0) / val(1);
      if (n.op == Op::kFloorDiv) r = r.floor();
      break;
    case Op::kPow: {
      const Num& e = val(1);
      if (!e.is_int() || e.abs() > Num(64) || (val(0).sign() == 0 && e.sign() < 0)) {
        fail("exponent must be a whole number from -64 to 64");
        break;
      }
      r = val(0).pow(static_cast<long>(e.small_num()));
      break;
    }
    case Op::kRound:
      r = val(0).round(n.digits);
      break;
    default:
      return;
  }
  if (shown_side) {
    n.shown = std::move(r);
    if (overrides_ && !overrides_->op_values.empty()) {
      std::string id = node_id(n);
      for (const auto& [oid, ov] : overrides_->op_values)
        if (oid == id) n.shown = Num(ov);
    }
  } else {
    n.value = std::move(r);
  }
}

std::string Builder::node_id(const Node& n) const {
  if (n.op == Op::kVar) return p_.vars[static_cast<size_t>(n.var)].name;
  if (n.op == Op::kConst) return value_text(n.value);  // constants are written as numbers
  return (n.program ? "t" : "d") + std::to_string(n.id);
}

void Builder::require(bool ok, std::string_view what) {
  if (!ok) violations_.emplace_back(what);
}

void Builder::require_range(bool ok, std::string_view what) {
  if (!ok && check_ranges_) violations_.emplace_back(what);
}

std::string Builder::singular(std::string_view role) const { return singular_of(ent(role)); }
const char* Builder::he(std::string_view role) const {
  return person_is_female(ent(role)) ? "she" : "he";
}
const char* Builder::him(std::string_view role) const {
  return person_is_female(ent(role)) ? "her" : "him";
}
const char* Builder::his(std::string_view role) const {
  return person_is_female(ent(role)) ? "her" : "his";
}

std::string Builder::cap(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string_view Builder::pick(std::initializer_list<std::string_view> options) const {
  SW_CHECK(options.size() > 0);
  return options.begin()[static_cast<size_t>(p_.phrasing) % options.size()];
}

}  // namespace stepwise::tasks

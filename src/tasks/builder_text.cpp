// The Builder's text: annotated expressions, question sentences, steps, and the final record.
#include <algorithm>

#include "base/check.h"
#include "base/hash.h"
#include "tasks/builder_internal.h"
#include "tasks/lexicon_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

int precedence(Op op) {
  switch (op) {
    case Op::kAdd:
    case Op::kSub:
      return 1;
    case Op::kMul:
    case Op::kDiv:
    case Op::kFloorDiv:
      return 2;
    case Op::kPow:
      return 3;
    default:
      return 4;
  }
}

const char* symbol(Op op) {
  switch (op) {
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kFloorDiv:
      return "//";
    case Op::kPow:
      return "^";
    default:
      return "?";
  }
}

json::Value str(std::string s) { return json::Value::string(std::move(s)); }

// Appends a member known to be new (faster than Value::set, which looks for the key first).
void put(json::Value& obj, std::string_view key, json::Value v) {
  obj.members().emplace_back(std::string(key), std::move(v));
}

json::Value span(size_t b, size_t e) {
  json::Value a = json::Value::array();
  a.push(json::Value::number(static_cast<int64_t>(b)));
  a.push(json::Value::number(static_cast<int64_t>(e)));
  return a;
}

}  // namespace

bool Builder::needs_paren(const Node& parent, Ref child, bool right) const {
  const Node& c = nodes_[static_cast<size_t>(child)];
  bool leaf = c.op == Op::kVar || c.op == Op::kConst || c.written;
  if (leaf) return c.shown < 0;
  int pc = precedence(c.op), pp = precedence(parent.op);
  if (!right) return pc < pp || (parent.op == Op::kPow && pc <= pp);
  if (pc < pp) return true;
  if (pc > pp) return false;
  return !(c.op == parent.op && (parent.op == Op::kAdd || parent.op == Op::kMul));
}

void Builder::print(std::string& out, Ref r, bool top) const {
  const Node& n = nodes_[static_cast<size_t>(r)];
  if (n.op == Op::kVar || n.op == Op::kConst || (n.written && !top)) {
    append_txt(out, r);
    return;
  }
  if (n.op == Op::kRound) {
    // Rounding is written as "value=rounded": its argument must already be known.
    print(out, n.args[0], false);
    return;
  }
  for (int i = 0; i < n.nargs; ++i) {
    if (i > 0) out += symbol(n.op);
    bool paren = needs_paren(n, n.args[i], i > 0);
    if (paren) out += '(';
    print(out, n.args[i], false);
    if (paren) out += ')';
  }
}

std::string Builder::expr(Ref r) const {
  std::string out;
  print(out, r, true);
  return out;
}

void Builder::append_txt(std::string& out, Ref r) const {
  const Node& n = nodes_[static_cast<size_t>(r)];
  append_value(out, n.shown);
  if (n.op == Op::kVar) {
    const VarSpec* s = spec_of(n.var);
    if (s && s->type == VarType::kMoney && decimals_of(n.shown) == 1) out += '0';
  }
}

std::string Builder::txt(Ref r) const {
  std::string out;
  append_txt(out, r);
  return out;
}

void Builder::collect(Ref r, bool top, int& ops) {
  const Node& n = nodes_[static_cast<size_t>(r)];
  if (n.op == Op::kVar || n.op == Op::kConst || (n.written && !top)) {
    operand_hashes_.push_back(num_hash(n.shown));
    return;
  }
  if (n.op == Op::kRound) return collect(n.args[0], false, ops);
  ops += n.nargs - 1;
  if (n.program) {
    auto is = [&](int i, long v) { return nodes_[static_cast<size_t>(n.args[i])].value == Num(v); };
    bool trivial = false;
    for (int i = 0; i < n.nargs; ++i) {
      if ((n.op == Op::kMul && (is(i, 0) || is(i, 1))) || (n.op == Op::kAdd && is(i, 0)))
        trivial = true;
    }
    if ((n.op == Op::kDiv || n.op == Op::kFloorDiv) && (is(1, 1) || is(0, 0))) trivial = true;
    if (n.op == Op::kSub && is(1, 0)) trivial = true;
    if (trivial) violations_.push_back("a step would multiply or divide by 1, or add 0");
  }
  for (int i = 0; i < n.nargs; ++i) collect(n.args[i], false, ops);
}

// What an annotation computes: its value, operator count and operands (in any order).
void Builder::note_computation(Ref r) {
  operand_hashes_.clear();
  int ops = 0;
  collect(r, true, ops);
  if (ops == 0) return;
  std::sort(operand_hashes_.begin(), operand_hashes_.end());
  uint64_t h = num_hash(nodes_[static_cast<size_t>(r)].shown) * 0x9e3779b97f4a7c15ULL +
               static_cast<uint64_t>(ops);
  for (uint64_t o : operand_hashes_) h = hash_combine(h, o);
  pending_sigs_.push_back(h);
}

std::string Builder::ann(Ref r) {
  Node& n = nodes_[static_cast<size_t>(r)];
  SW_CHECK(n.op != Op::kVar && n.op != Op::kConst);
  note_computation(r);
  // "EXPR=<<EXPR=V>>V", built in place.
  std::string out;
  out.reserve(64);
  print(out, r, true);
  size_t elen = out.size();
  out += "=<<";
  out.append(out, 0, elen);
  out += '=';
  size_t vbeg = out.size();
  append_value(out, n.shown);
  size_t vlen = out.size() - vbeg;
  out += ">>";
  out.append(out, vbeg, vlen);
  n.written = true;
  pending_ops_.push_back(node_id(n));
  return out;
}

std::string Builder::question_text(Ref r, int& var_index) const {
  const Node& n = nodes_[static_cast<size_t>(r)];
  var_index = n.var;
  if (n.op != Op::kVar) return value_text(n.value);  // a missing variable (already a violation)
  const VarSpec* spec = spec_of(n.var);
  VarType type = spec ? spec->type : VarType::kInt;
  if (type == VarType::kMoney) return "$" + money_text(n.value);
  if (type == VarType::kPercent) return value_text(n.value) + "%";
  return value_text(n.value);
}

Builder::Line& Builder::Line::operator<<(Q q) {
  int var = -1;
  std::string s = b_->question_text(q.ref, var);
  if (var >= 0) mentions_.push_back({var, {text_.size(), text_.size() + s.size()}});
  text_ += s;
  return *this;
}

void Builder::sentence(std::initializer_list<Part> parts, bool is_ask) {
  Line l(this);
  for (const Part& part : parts) {
    if (part.ref >= 0)
      l << Q{part.ref};
    else
      l << part.text;
  }
  add_sentence(std::move(l), is_ask);
}

void Builder::add_sentence(Line&& l, bool is_ask) {
  SW_CHECK(!asked_);
  int index = static_cast<int>(sentences_.size());
  for (const auto& [var, range] : l.mentions_)
    mentions_.push_back({var, index, range.first, range.second});
  sentences_.push_back(std::move(l.text_));
  asked_ = is_ask;
}

void Builder::say(std::initializer_list<Part> parts) { sentence(parts, false); }
void Builder::ask(std::initializer_list<Part> parts) { sentence(parts, true); }

void Builder::step(std::initializer_list<Part> parts) {
  std::string s;
  for (const Part& part : parts) {
    if (part.ref >= 0)
      s += txt(part.ref);
    else
      s += part.text;
  }
  add_step(std::move(s));
}

void Builder::add_step(std::string text) {
  // A step whose every computation was already done in an earlier step adds nothing.
  bool all_seen = !pending_sigs_.empty();
  for (uint64_t sig : pending_sigs_)
    all_seen = all_seen && std::find(seen_sigs_.begin(), seen_sigs_.end(), sig) != seen_sigs_.end();
  if (all_seen)
    violations_.push_back("step " + std::to_string(steps_.size()) +
                          " repeats an earlier computation");
  seen_sigs_.insert(seen_sigs_.end(), pending_sigs_.begin(), pending_sigs_.end());
  pending_sigs_.clear();
  trace::Step st;
  st.text = std::move(text);
  steps_.push_back(std::move(st));
  step_ops_.push_back(std::move(pending_ops_));
  pending_ops_.clear();
}

void Builder::answer(Ref written, Ref program) {
  answer_written_ = written;
  answer_program_ = program < 0 ? written : program;
}

std::string Builder::assemble_question(std::vector<size_t>& offsets,
                                       std::vector<std::pair<size_t, size_t>>& dist_at) const {
  std::string q;
  offsets.assign(sentences_.size(), 0);
  dist_at.assign(p_.distractors.size(), {0, 0});
  int last = static_cast<int>(sentences_.size()) - 1;
  for (int i = 0; i <= last; ++i) {
    for (size_t d = 0; d < p_.distractors.size(); ++d) {
      const Distractor& dist = p_.distractors[d];
      if (std::clamp(dist.position, 0, last) != i) continue;
      size_t b = 0, e = 0;
      std::string text = distractor_text(dist, b, e);
      if (!q.empty()) q += ' ';
      dist_at[d] = {q.size() + b, q.size() + e};
      q += text;
    }
    if (!q.empty()) q += ' ';
    offsets[static_cast<size_t>(i)] = q.size();
    q += sentences_[static_cast<size_t>(i)];
  }
  return q;
}

json::Value Builder::program_json(const std::vector<size_t>& offsets,
                                  const std::vector<std::pair<size_t, size_t>>& dist_at) const {
  json::Value prog = json::Value::object();
  prog.members().reserve(13);
  put(prog, "version", json::Value::number(int64_t{1}));
  put(prog, "family", str(p_.family));
  put(prog, "difficulty", json::Value::number(int64_t{p_.difficulty}));
  put(prog, "form", json::Value::number(int64_t{p_.form}));
  put(prog, "phrasing", json::Value::number(int64_t{p_.phrasing}));
  put(prog, "structure", str(p_.structure));
  put(prog, "magnitude", json::Value::number(int64_t{p_.magnitude}));
  json::Value vars = json::Value::array();
  for (size_t i = 0; i < p_.vars.size(); ++i) {
    json::Value v = json::Value::object();
    put(v, "name", str(p_.vars[i].name));
    if (const VarSpec* s = spec_of(static_cast<int>(i)))
      put(v, "type", str(var_type_name(s->type)));
    put(v, "value", str(value_text(p_.vars[i].value)));
    for (const Mention& m : mentions_) {
      if (m.var != static_cast<int>(i)) continue;
      size_t base = offsets[static_cast<size_t>(m.sentence)];
      put(v, "at", span(base + m.begin, base + m.end));
      break;
    }
    vars.push(std::move(v));
  }
  put(prog, "vars", std::move(vars));
  json::Value ents = json::Value::object();
  for (const auto& [role, word] : p_.entities) put(ents, role, str(word));
  put(prog, "entities", std::move(ents));
  json::Value ops = json::Value::array();
  for (const Node& n : nodes_) {
    if (!n.program || n.op == Op::kVar || n.op == Op::kConst) continue;
    json::Value o = json::Value::object();
    put(o, "id", str(node_id(n)));
    put(o, "op", str(op_name(n.op)));
    json::Value args = json::Value::array();
    for (int i = 0; i < n.nargs; ++i)
      args.push(str(node_id(nodes_[static_cast<size_t>(n.args[i])])));
    if (n.op == Op::kRound) args.push(str(std::to_string(n.digits)));
    put(o, "args", std::move(args));
    put(o, "value", str(value_text(n.value)));
    ops.push(std::move(o));
  }
  put(prog, "ops", std::move(ops));
  put(prog, "answer", str(node_id(nodes_[static_cast<size_t>(answer_program_)])));
  json::Value dists = json::Value::array();
  for (size_t d = 0; d < p_.distractors.size(); ++d) {
    const Distractor& dist = p_.distractors[d];
    json::Value o = json::Value::object();
    put(o, "pattern", json::Value::number(int64_t{dist.pattern}));
    put(o, "name", str(dist.name));
    put(o, "value", str(value_text(dist.value)));
    put(o, "position", json::Value::number(int64_t{dist.position}));
    size_t b = 0, e = 0;
    put(o, "text", str(distractor_text(dist, b, e)));
    put(o, "at", span(dist_at[d].first, dist_at[d].second));
    dists.push(std::move(o));
  }
  put(prog, "distractors", std::move(dists));
  return prog;
}

std::vector<std::string> Builder::take_violations() {
  SW_CHECK(asked_);
  SW_CHECK(answer_written_ >= 0);
  const Node& prog_ans = nodes_[static_cast<size_t>(answer_program_)];
  SW_CHECK(prog_ans.program);
  if (nodes_[static_cast<size_t>(answer_written_)].value != prog_ans.value)
    violations_.push_back("steps and program disagree");
  return std::move(violations_);
}

Rendered Builder::finish(const Family& f, Format format) {
  Rendered out;
  out.violations = take_violations();
  const Node& prog_ans = nodes_[static_cast<size_t>(answer_program_)];
  std::vector<size_t> offsets;
  std::vector<std::pair<size_t, size_t>> dist_at;
  trace::Trace& t = out.trace;
  t.question = assemble_question(offsets, dist_at);
  t.id = f.name() + "-" + to_hex(hash64(t.question), 16);
  t.task = f.name();
  std::string gold = value_text(prog_ans.value);
  if (format == Format::kTrace) {
    t.steps = std::move(steps_);
    out.step_ops = std::move(step_ops_);
    t.answer = value_text(nodes_[static_cast<size_t>(answer_written_)].shown);
  } else {
    t.answer = gold;
  }
  t.gold = std::move(gold);
  trace::Source src;
  src.kind = "generator";
  src.name = f.name();
  t.source = std::move(src);
  t.program = program_json(offsets, dist_at);
  t.meta = json::Value::object();
  t.meta.set("difficulty", json::Value::number(int64_t{p_.difficulty}));
  t.meta.set("family", str(f.name()));
  t.meta.set("phrasing", json::Value::number(int64_t{p_.phrasing}));
  out.sentences = static_cast<int>(sentences_.size());
  return out;
}

}  // namespace stepwise::tasks

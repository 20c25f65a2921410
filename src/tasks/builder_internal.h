// builder_internal.h: the vocabulary of a family's step program (tasks/ only).
//
// A family's build() writes its question sentences, its steps and its constraints into a
// Builder. Values are computed as the ops are created: each op has a true value (used for the
// program, the gold and the constraints) and a written value (the same, unless StepOverrides
// plant a slip or a mis-copied quantity). ann(r) writes r's expression and result as a GSM8K
// annotation, "3*4=<<3*4=12>>12"; operands that were already written (or are variables and
// constants) print as numbers, others are expanded with the parentheses they need. Ops made
// while display_only(true) show in the steps but are not part of the program (scratchpads,
// whose program is the plain sum or product). Not thread-safe; one Builder per render.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/num_internal.h"
#include "tasks/problem.h"

namespace stepwise::tasks {

enum class Op : uint8_t { kVar, kConst, kAdd, kSub, kMul, kDiv, kFloorDiv, kPow, kRound };
const char* op_name(Op op);  // "add", "sub", ... as in programs

// Canonical text of an exact value (calc::to_text form); money with 2 decimals when not whole.
std::string money_text(const Rational& r);
// Digits after the point of `r` as a terminating decimal; -1 when it does not terminate.
int decimals_of(const Rational& r);
inline bool is_int(const Rational& r) { return r.get_den() == 1; }

// A template's variables with their bounds as Num, computed once per template: spec_set()
// keeps a small per-thread cache keyed by family, difficulty, form, phrasing and structure.
struct SpecSet {
  std::vector<VarSpec> specs;
  std::vector<Num> lo, hi, step;
};
const SpecSet& spec_set(const Family& f, const Problem& p);

// A 64-bit hash of an exact value (equal values, equal hashes).
uint64_t num_hash(const Num& v);

class Builder {
 public:
  using Ref = int;
  static constexpr int kMaxArgs = 8;

  // A question quantity inside say()/ask(): written as in the question ("$4.50", "25%").
  struct Q {
    Ref ref;
  };
  // A piece of a sentence or step: text, or (in the question) a quantity.
  struct Part {
    Part(const char* s) : text(s) {}         // NOLINT: implicit by design
    Part(std::string_view s) : text(s) {}    // NOLINT
    Part(const std::string& s) : text(s) {}  // NOLINT
    Part(Q q) : ref(q.ref) {}                // NOLINT
    std::string_view text;
    Ref ref = -1;
  };

  // A sentence or step built piece by piece: line << "text" << Q{ref} << b.ann(r).
  class Line {
   public:
    Line& operator<<(std::string_view s) {
      text_ += s;
      return *this;
    }
    Line& operator<<(const char* s) { return *this << std::string_view(s); }
    Line& operator<<(const std::string& s) { return *this << std::string_view(s); }
    Line& operator<<(Q q);  // a question quantity, written as in the question

   private:
    friend class Builder;
    explicit Line(Builder* b) : b_(b) {}
    Builder* b_;
    std::string text_;
    std::vector<std::pair<int, std::pair<size_t, size_t>>> mentions_;  // var, [begin, end)
  };

  // `specs` must outlive the Builder.
  Builder(const Problem& p, const SpecSet& specs, const StepOverrides* overrides,
          bool check_ranges);

  const Problem& problem() const { return p_; }
  int phrasing() const { return p_.phrasing; }
  int difficulty() const { return p_.difficulty; }
  int form() const { return p_.form; }

  // ---- values
  Ref var(std::string_view name);  // a variable of the template
  Ref num(long v);                 // a constant
  Ref num(const Num& v);
  Ref add(Ref a, Ref b) { return op(Op::kAdd, {a, b}); }
  Ref sum(std::initializer_list<Ref> xs) { return op(Op::kAdd, xs); }
  Ref sum(const std::vector<Ref>& xs);
  Ref sub(Ref a, Ref b) { return op(Op::kSub, {a, b}); }
  Ref mul(Ref a, Ref b) { return op(Op::kMul, {a, b}); }
  Ref div(Ref a, Ref b) { return op(Op::kDiv, {a, b}); }
  Ref fdiv(Ref a, Ref b) { return op(Op::kFloorDiv, {a, b}); }
  Ref pow(Ref a, Ref b) { return op(Op::kPow, {a, b}); }
  Ref round(Ref a, int decimals);
  Ref op(Op o, std::initializer_list<Ref> args);
  // Ops created while on are display-only (not in the program).
  void display_only(bool on) { display_only_ = on; }

  const Num& value(Ref r) const { return nodes_[static_cast<size_t>(r)].value; }  // true value
  const Num& shown(Ref r) const { return nodes_[static_cast<size_t>(r)].shown; }  // as written
  // True for variables, constants and results already written (they print as numbers).
  bool known(Ref r) const {
    const Node& n = nodes_[static_cast<size_t>(r)];
    return n.written || n.op == Op::kVar || n.op == Op::kConst;
  }
  // Marks r as known, so later expressions print it as a number without its own annotation.
  void silent(Ref r) { nodes_[r].written = true; }

  // ---- constraints (on true values)
  void require(bool ok, std::string_view what);        // structural: always checked
  void require_range(bool ok, std::string_view what);  // ranges: skipped for scaled problems

  // ---- words
  const std::string& ent(std::string_view role) const { return p_.entity(role); }
  std::string singular(std::string_view role) const;  // "pen" for entity "pens"
  const char* he(std::string_view role) const;        // "she" | "he"
  const char* him(std::string_view role) const;       // "her" | "him"
  const char* his(std::string_view role) const;       // "her" | "his"
  static std::string cap(std::string_view s);         // first letter upper case
  // One of `options`, chosen by the problem's phrasing (modulo their number).
  std::string_view pick(std::initializer_list<std::string_view> options) const;

  // ---- text
  Line line() { return Line(this); }
  void say(std::initializer_list<Part> parts);  // a sentence of the question
  void ask(std::initializer_list<Part> parts);  // the question's final sentence
  void step(std::initializer_list<Part> parts);
  void say(Line l) { add_sentence(std::move(l), false); }
  void ask(Line l) { add_sentence(std::move(l), true); }
  void step(Line l) { add_step(std::move(l.text_)); }
  std::string ann(Ref r);         // "EXPR=<<EXPR=V>>V"; marks r as written
  std::string expr(Ref r) const;  // r's expression as it would be annotated
  std::string txt(Ref r) const;   // r's written value as a number ("4.50" for money)
  void append_txt(std::string& out, Ref r) const;
  void answer(Ref written, Ref program = -1);  // the final result (program: the gold's op)

  // The rendered trace (build() must have called ask() and answer()).
  Rendered finish(const Family& f, Format format);
  // The constraints' verdict without rendering the record (build() must have run).
  std::vector<std::string> take_violations();
  const std::vector<std::string>& violations() const { return violations_; }

 private:
  struct Node {
    Op op = Op::kConst;
    bool program = true;
    bool written = false;
    uint8_t nargs = 0;
    int digits = 0;
    int var = -1;  // index into p_.vars
    int id = 0;    // t<id> (program) or d<id> (display-only); 0 for leaves
    Ref args[kMaxArgs] = {};
    Num value, shown;
  };
  struct Mention {
    int var, sentence;
    size_t begin, end;
  };
  Ref make_op(Op o, const Ref* args, size_t nargs, int digits);
  void compute(Node& n, bool shown_side);
  void print(std::string& out, Ref r, bool top) const;
  // What an annotation of r computes, for spotting repeated steps: its operands (as written),
  // operator count and value; also flags trivial program ops (x*1, x/1, x+0, 0*x).
  void note_computation(Ref r);
  void collect(Ref r, bool top, int& ops);
  const VarSpec* spec_of(int var) const {
    int k = var_spec_[static_cast<size_t>(var)];
    return k < 0 ? nullptr : &specs_->specs[static_cast<size_t>(k)];
  }
  bool needs_paren(const Node& parent, Ref child, bool right) const;
  std::string node_id(const Node& n) const;
  void sentence(std::initializer_list<Part> parts, bool is_ask);
  void add_sentence(Line&& l, bool is_ask);
  void add_step(std::string text);
  std::string question_text(Ref var, int& var_index) const;
  json::Value program_json(const std::vector<size_t>& offsets,
                           const std::vector<std::pair<size_t, size_t>>& distractor_at) const;
  std::string assemble_question(std::vector<size_t>& sentence_offsets,
                                std::vector<std::pair<size_t, size_t>>& distractor_at) const;

  const Problem& p_;
  const SpecSet* specs_;
  std::vector<int> var_spec_;  // per p_.vars index: its VarSpec index, or -1
  const StepOverrides* overrides_;
  bool check_ranges_;
  bool display_only_ = false;
  int program_ops_ = 0, display_ops_ = 0;
  std::vector<Node> nodes_;
  std::vector<Ref> var_nodes_;  // per p_.vars index, or -1
  std::vector<std::string> sentences_;
  std::vector<Mention> mentions_;
  bool asked_ = false;
  std::vector<trace::Step> steps_;
  std::vector<std::vector<std::string>> step_ops_;
  std::vector<std::string> pending_ops_;
  std::vector<uint64_t> operand_hashes_;  // scratch of note_computation
  std::vector<uint64_t> pending_sigs_;    // computations of the step being written
  std::vector<uint64_t> seen_sigs_;       // computations of the earlier steps
  Ref answer_written_ = -1, answer_program_ = -1;
  std::vector<std::string> violations_;
};

}  // namespace stepwise::tasks

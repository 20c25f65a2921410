// expression: a multi-step arithmetic expression with parentheses, evaluated innermost first.
//
// The structure is the expression's shape with letters for its numbers, e.g. "(a+b)*(c-d)/e"
// (operators + - * /; a divisor is always a single number). Difficulty sets the number of
// operations (2..6) and the size of the numbers. Every intermediate value is a whole number
// from 0 to 1,000,000 and every division is exact.
#include <algorithm>
#include <string>
#include <vector>

#include "base/check.h"
#include "tasks/builder_internal.h"
#include "tasks/expression_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {
namespace {

using Q = Builder::Q;
using Ref = Builder::Ref;
using expr::Node;
using expr::paren;
using expr::parse_shape;
using expr::print;
using expr::random_shape;
using expr::shape_text;
using expr::Tree;

long max_number(int d) {
  static const long kMax[] = {12, 20, 30, 50, 99};
  return kMax[d - 1];
}

class Expression final : public Family {
 public:
  Expression()
      : Family("expression",
               "An arithmetic expression with parentheses, evaluated "
               "innermost first.",
               3, true) {}

  bool valid_structure(const Problem& p) const override {
    Tree t;
    return parse_shape(p.structure, t);
  }

  // A random shape with parentheses that admits valid numbers (some, like a-(b+c)*(d+e) with
  // small numbers, almost never do).
  void choose_template(Problem& p, Rng& rng) const override {
    p.form = 0;
    for (;;) {
      p.structure = shape_text(random_shape(p.difficulty + 1, rng));
      if (p.structure.find('(') == std::string::npos) continue;
      Problem trial = p;
      if (draw_numbers(trial, rng, 16)) return;
    }
  }

  // The variables depend only on how many numbers the shape has.
  std::string variables_key(const Problem& p) const override {
    int letters = 0;
    for (char c : p.structure) letters += c >= 'a' && c <= 'z';
    return std::to_string(letters);
  }

  std::vector<VarSpec> variables(const Problem& p) const override {
    Tree t;
    if (!parse_shape(p.structure, t)) return {};
    std::vector<VarSpec> v;
    for (int k = 0; k < t.leaves; ++k)
      v.push_back(spec(std::string(1, static_cast<char>('a' + k)), VarType::kInt, 2,
                       max_number(p.difficulty), 1, true, "a number of the expression"));
    return v;
  }

  // Uniform numbers, except that each divisor is drawn among the divisors of its dividend;
  // redrawn (a few times) until every intermediate value is valid.
  void propose(Problem& p, Rng& rng) const override { draw_numbers(p, rng, 16); }

  void build(const Problem& p, Builder& b) const override {
    Tree t;
    SW_CHECK(parse_shape(p.structure, t));
    std::vector<Ref> leaf(static_cast<size_t>(t.leaves));
    for (int k = 0; k < t.leaves; ++k)
      leaf[static_cast<size_t>(k)] = b.var(std::string(1, static_cast<char>('a' + k)));
    ask(p, b, t, leaf);
    std::vector<Ref> done(t.nodes.size(), -1);
    std::vector<int> depth(t.nodes.size(), 0);
    depths(t, t.root, 0, depth);
    int ops = 0;
    for (const Node& n : t.nodes) ops += n.op != 0;
    for (int k = 0; k < ops; ++k) {
      int i = next_op(t, done, depth);
      const Node& n = t.nodes[static_cast<size_t>(i)];
      auto arg = [&](int c) {
        const Node& cn = t.nodes[static_cast<size_t>(c)];
        return cn.op == 0 ? leaf[static_cast<size_t>(cn.leaf)] : done[static_cast<size_t>(c)];
      };
      Op o = n.op == '+' ? Op::kAdd : n.op == '-' ? Op::kSub : n.op == '*' ? Op::kMul : Op::kDiv;
      Ref r = b.op(o, {arg(n.left), arg(n.right)});
      b.require(b.value(r) >= 0 && is_int(b.value(r)), "every value must be a whole number >= 0");
      b.require_range(b.value(r) <= 1000000, "values must stay below 1,000,000");
      done[static_cast<size_t>(i)] = r;
      auto l = b.line();
      if (k + 1 == ops) {
        b.step(std::move(l << "Finally, " << b.ann(r) << "."));
        b.answer(r);
        break;
      }
      l << (depth[static_cast<size_t>(i)] > 0 ? "Inside the parentheses, " : verb(n.op)) << b.ann(r)
        << ", so the expression becomes ";
      std::string rest;
      print(
          t, t.root, " ", rest,
          [&](int lk, std::string& out) { out += b.txt(leaf[static_cast<size_t>(lk)]); },
          [&](int j, std::string& out) {
            if (done[static_cast<size_t>(j)] < 0) return false;
            out += b.txt(done[static_cast<size_t>(j)]);
            return true;
          });
      b.step(std::move(l << rest << "."));
    }
  }

 private:
  static const char* verb(char op) {
    switch (op) {
      case '*':
        return "Multiply: ";
      case '/':
        return "Divide: ";
      case '+':
        return "Add: ";
      default:
        return "Subtract: ";
    }
  }

  static void ask(const Problem& p, Builder& b, const Tree& t, const std::vector<Ref>& leaf) {
    // The question quantities go through Q{} so that their positions are recorded.
    auto l = b.line();
    l << (p.phrasing == 0 ? "Evaluate " : p.phrasing == 1 ? "What is the value of " : "Work out ");
    write(t, t.root, l, leaf, p.phrasing == 1);
    l << (p.phrasing == 0   ? "."
          : p.phrasing == 1 ? "?"
                            : ", starting with the innermost parentheses.");
    b.ask(std::move(l));
  }

  static void write(const Tree& t, int i, Builder::Line& l, const std::vector<Ref>& leaf,
                    bool symbols) {
    const Node& n = t.nodes[static_cast<size_t>(i)];
    if (n.op == 0) {
      l << Q{leaf[static_cast<size_t>(n.leaf)]};
      return;
    }
    bool pl = paren(t, i, n.left, false), pr = paren(t, i, n.right, true);
    if (pl) l << "(";
    write(t, n.left, l, leaf, symbols);
    if (pl) l << ")";
    const char* sym = n.op == '+'   ? " + "
                      : n.op == '-' ? " - "
                      : n.op == '*' ? (symbols ? " × " : " * ")
                                    : (symbols ? " ÷ " : " / ");
    l << sym;
    if (pr) l << "(";
    write(t, n.right, l, leaf, symbols);
    if (pr) l << ")";
  }

  static void depths(const Tree& t, int i, int d, std::vector<int>& out) {
    const Node& n = t.nodes[static_cast<size_t>(i)];
    out[static_cast<size_t>(i)] = d;
    if (n.op == 0) return;
    depths(t, n.left, d + (paren(t, i, n.left, false) ? 1 : 0), out);
    depths(t, n.right, d + (paren(t, i, n.right, true) ? 1 : 0), out);
  }

  // The next operation: both operands known, deepest in parentheses, then leftmost.
  static int next_op(const Tree& t, const std::vector<Ref>& done, const std::vector<int>& depth) {
    int best = -1;
    int best_depth = -1;
    size_t best_pos = 0;
    std::vector<size_t> pos(t.nodes.size(), 0);
    size_t counter = 0;
    order(t, t.root, pos, counter);
    for (size_t i = 0; i < t.nodes.size(); ++i) {
      const Node& n = t.nodes[i];
      if (n.op == 0 || done[i] >= 0) continue;
      auto ready = [&](int c) {
        return t.nodes[static_cast<size_t>(c)].op == 0 || done[static_cast<size_t>(c)] >= 0;
      };
      if (!ready(n.left) || !ready(n.right)) continue;
      if (depth[i] > best_depth || (depth[i] == best_depth && pos[i] < best_pos)) {
        best = static_cast<int>(i);
        best_depth = depth[i];
        best_pos = pos[i];
      }
    }
    SW_CHECK(best >= 0);
    return best;
  }

  // In-order position of every node (its place from left to right).
  static void order(const Tree& t, int i, std::vector<size_t>& pos, size_t& counter) {
    const Node& n = t.nodes[static_cast<size_t>(i)];
    if (n.op != 0) order(t, n.left, pos, counter);
    pos[static_cast<size_t>(i)] = counter++;
    if (n.op != 0) order(t, n.right, pos, counter);
  }

  // Draws the numbers under node i (left to right) and returns its value.
  // Draws the numbers of p's shape until every intermediate value is valid (at most `tries`
  // times); the numbers go to p.vars. False when none of the draws was valid.
  bool draw_numbers(Problem& p, Rng& rng, int tries) const {
    Tree t;
    if (!parse_shape(p.structure, t)) return false;
    int64_t mag = pow10(p.magnitude).get_num().get_si();
    int64_t lo = 2 * mag, hi = max_number(p.difficulty) * mag;
    std::vector<Num> leaf(static_cast<size_t>(t.leaves));
    for (int k = 0; k < tries; ++k) {
      for (Num& v : leaf) v = Num(static_cast<long>(rng.range(lo, hi)));
      fill(t, t.root, leaf, lo, hi, rng);
      Num v;
      if (!valid(t, t.root, leaf, v)) continue;
      p.vars.resize(leaf.size());
      for (size_t i = 0; i < leaf.size(); ++i) {
        p.vars[i].name.assign(1, static_cast<char>('a' + i));
        p.vars[i].value = leaf[i].rational();
      }
      return true;
    }
    return false;
  }

  // Whether every operation under node i gives a whole number from 0 to 1,000,000 and none is
  // trivial (times 1 or 0, divided by 1, plus 0); its value goes to `out`.
  static bool valid(const Tree& t, int i, const std::vector<Num>& leaf, Num& out) {
    const Node& n = t.nodes[static_cast<size_t>(i)];
    if (n.op == 0) {
      out = leaf[static_cast<size_t>(n.leaf)];
      return true;
    }
    Num l, r;
    if (!valid(t, n.left, leaf, l) || !valid(t, n.right, leaf, r)) return false;
    const Num one(1), zero(0);
    if (l == zero || r == zero || (n.op != '+' && n.op != '-' && (l == one || r == one)))
      return false;
    switch (n.op) {
      case '+':
        out = l + r;
        break;
      case '-':
        out = l - r;
        break;
      case '*':
        out = l * r;
        break;
      default:
        out = l / r;
        break;
    }
    return out.is_int() && out.sign() >= 0 && out <= Num(1000000);
  }

  // Returns the value of node i after adjusting its numbers: a divisor is drawn among the
  // divisors of its dividend (or the dividend as a multiple of the divisor), and one operand of
  // a subtraction that is a single number is drawn so the difference stays >= 2.
  static Num fill(const Tree& t, int i, std::vector<Num>& leaf, int64_t lo, int64_t hi, Rng& rng) {
    const Node& n = t.nodes[static_cast<size_t>(i)];
    auto at = [&](int node) -> Num& {
      return leaf[static_cast<size_t>(t.nodes[static_cast<size_t>(node)].leaf)];
    };
    auto is_leaf = [&](int node) { return t.nodes[static_cast<size_t>(node)].op == 0; };
    if (n.op == 0) return at(i);
    if (n.op == '/' && is_leaf(n.left) && hi / lo >= 2) {
      int64_t d = rng.range(lo, std::min<int64_t>(hi / 2, 100000));
      int64_t q = rng.range(2, std::max<int64_t>(2, hi / d));
      at(n.right) = Num(static_cast<long>(d));
      at(n.left) = Num(static_cast<long>(d * q));
      return Num(static_cast<long>(q));
    }
    if (n.op == '/') {
      Num l = fill(t, n.left, leaf, lo, hi, rng);
      if (l.is_int() && l > Num(2) && l.small()) {
        int64_t lv = l.small_num();
        int64_t divs[64];
        int count = 0;
        for (int64_t d = lo; d < lv && d <= hi && d <= 100000 && count < 64; ++d)
          if (lv % d == 0) divs[count++] = d;
        if (count > 0)
          at(n.right) = Num(static_cast<long>(divs[rng.below(static_cast<uint64_t>(count))]));
      }
      Num r = at(n.right);
      return r.sign() == 0 ? Num(0) : l / r;
    }
    if (n.op == '-') {
      if (is_leaf(n.right)) {
        Num l = fill(t, n.left, leaf, lo, hi, rng);
        if (l.is_int() && l.small() && l.small_num() >= lo + 2)
          at(n.right) =
              Num(static_cast<long>(rng.range(lo, std::min<int64_t>(l.small_num() - 2, hi))));
        return l - at(n.right);
      }
      Num r = fill(t, n.right, leaf, lo, hi, rng);
      if (is_leaf(n.left) && r.is_int() && r.small() && r.small_num() + 2 <= hi)
        at(n.left) = Num(static_cast<long>(rng.range(r.small_num() + 2, hi)));
      return fill(t, n.left, leaf, lo, hi, rng) - r;
    }
    Num l = fill(t, n.left, leaf, lo, hi, rng), r = fill(t, n.right, leaf, lo, hi, rng);
    return n.op == '+' ? l + r : l * r;
  }
};

}  // namespace

const Family& expression_family() {
  static const Expression f;
  return f;
}

}  // namespace stepwise::tasks

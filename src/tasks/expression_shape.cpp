// Expression shapes: parser, printer, random shapes.
#include <string>

#include "base/check.h"
#include "tasks/expression_internal.h"

namespace stepwise::tasks::expr {

int prec(char op) { return op == '+' || op == '-' ? 1 : op == '*' || op == '/' ? 2 : 3; }

bool paren(const Tree& t, int parent, int child, bool right) {
  const Node& c = t.nodes[static_cast<size_t>(child)];
  if (c.op == 0) return false;
  int pc = prec(c.op), pp = prec(t.nodes[static_cast<size_t>(parent)].op);
  return pc < pp || (right && pc == pp);
}

namespace {

// Recursive-descent parser of the shape; letters must be a, b, c, ... in order.
class ShapeParser {
 public:
  explicit ShapeParser(std::string_view s) : s_(s) {}
  bool parse(Tree& t) {
    if (s_.empty() || s_.size() > kMaxShape) return false;
    t_ = &t;
    int r = expr(0);
    if (r < 0 || pos_ != s_.size()) return false;
    t.root = r;
    return true;
  }

 private:
  int add(Node n) {
    t_->nodes.push_back(n);
    return static_cast<int>(t_->nodes.size() - 1);
  }
  int expr(int depth) {
    int l = term(depth);
    while (l >= 0 && pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) {
      char op = s_[pos_++];
      int r = term(depth);
      if (r < 0) return -1;
      l = add({op, l, r, -1});
    }
    return l;
  }
  int term(int depth) {
    int l = factor(depth);
    while (l >= 0 && pos_ < s_.size() && (s_[pos_] == '*' || s_[pos_] == '/')) {
      char op = s_[pos_++];
      int r = factor(depth);
      if (r < 0) return -1;
      if (op == '/' && t_->nodes[static_cast<size_t>(r)].op != 0) return -1;
      l = add({op, l, r, -1});
    }
    return l;
  }
  int factor(int depth) {
    if (pos_ >= s_.size() || depth > 16) return -1;
    char ch = s_[pos_];
    if (ch == '(') {
      ++pos_;
      int e = expr(depth + 1);
      if (e < 0 || pos_ >= s_.size() || s_[pos_] != ')') return -1;
      ++pos_;
      return e;
    }
    if (ch != 'a' + t_->leaves || t_->leaves >= 26) return -1;
    ++pos_;
    return add({0, -1, -1, t_->leaves++});
  }
  std::string_view s_;
  size_t pos_ = 0;
  Tree* t_ = nullptr;
};

}  // namespace

bool parse_shape(std::string_view s, Tree& t) { return ShapeParser(s).parse(t); }

std::string shape_text(const Tree& t) {
  std::string out;
  print(
      t, t.root, "", out, [](int k, std::string& o) { o += static_cast<char>('a' + k); },
      [](int, std::string&) { return false; });
  return out;
}

// A random shape with `ops` operations; a divisor is always a number.
Tree random_shape(int ops, Rng& rng) {
  Tree t;
  t.nodes.push_back({0, -1, -1, -1});
  t.root = 0;
  static const char kOps[] = {'+', '-', '*', '/', '+', '*'};
  for (int k = 0; k < ops; ++k) {
    std::vector<int> cand;  // numbers that may grow into an operation
    for (size_t i = 0; i < t.nodes.size(); ++i) {
      if (t.nodes[i].op != 0) continue;
      bool divisor = false;
      for (const Node& p : t.nodes)
        divisor = divisor || (p.op == '/' && p.right == static_cast<int>(i));
      if (!divisor) cand.push_back(static_cast<int>(i));
    }
    int at = cand[rng.below(cand.size())];
    int l = static_cast<int>(t.nodes.size());
    t.nodes.push_back({0, -1, -1, -1});
    t.nodes.push_back({0, -1, -1, -1});
    t.nodes[static_cast<size_t>(at)] = {kOps[rng.below(6)], l, l + 1, -1};
  }
  // Number the leaves left to right by re-parsing the printed shape.
  std::string s;
  int next = 0;
  print(
      t, t.root, "", s, [&](int, std::string& o) { o += static_cast<char>('a' + next++); },
      [](int, std::string&) { return false; });
  Tree out;
  SW_CHECK(parse_shape(s, out));
  return out;
}

}  // namespace stepwise::tasks::expr

// expression_internal.h: the shape of an arithmetic expression, e.g. "(a+b)*(c-d)/e": parsing,
// printing with the parentheses it needs, and random shapes (tasks/ only).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/rng.h"

namespace stepwise::tasks::expr {

inline constexpr size_t kMaxShape = 96;  // characters in a shape

struct Node {
  char op = 0;  // 0 for a number
  int left = -1, right = -1;
  int leaf = -1;  // letter index for a number
};

struct Tree {
  std::vector<Node> nodes;
  int root = -1;
  int leaves = 0;
};

// Precedence: + - 1, * / 2.
int prec(char op);
// Whether `child` needs parentheses under `parent` (left-associative; exact reading back).
bool paren(const Tree& t, int parent, int child, bool right);

// Parses a shape: operators + - * /, parentheses, letters a, b, c, ... in order; a divisor must
// be a single letter. False (never a crash) for anything else, at most kMaxShape characters.
bool parse_shape(std::string_view s, Tree& t);

// Prints node `i`: leaf(k, out) prints number k; atom(i, out) prints node i and returns true
// when it is already a number (an evaluated operation), and returns false otherwise.
template <typename Leaf, typename Atom>
void print(const Tree& t, int i, const char* sep, std::string& out, Leaf&& leaf, Atom&& atom) {
  const Node& n = t.nodes[static_cast<size_t>(i)];
  if (n.op == 0) return leaf(n.leaf, out);
  if (atom(i, out)) return;
  // An operand already reduced to a number needs no parentheses.
  std::string scratch;
  bool pl = paren(t, i, n.left, false) && !atom(n.left, scratch);
  bool pr = paren(t, i, n.right, true) && !atom(n.right, scratch);
  if (pl) out += '(';
  print(t, n.left, sep, out, leaf, atom);
  if (pl) out += ')';
  out += sep;
  out += n.op;
  out += sep;
  if (pr) out += '(';
  print(t, n.right, sep, out, leaf, atom);
  if (pr) out += ')';
}

// The shape as text with the minimal parentheses, letters from a.
std::string shape_text(const Tree& t);

// A random shape with `ops` operations; a divisor is always a number.
Tree random_shape(int ops, Rng& rng);

}  // namespace stepwise::tasks::expr

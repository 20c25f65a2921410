// computations.h: the arithmetic a trace performs, read from its steps, and the reasoning-path
// key built on it.
//
// A step's computations are its GSM8K annotations `<<expr=value>>` when it has any, else the
// inline equations in its text ("12 + 14 = 26", chains "3*4 = 12 + 2 = 14"; "×", "÷", "−" and
// "x" between numbers are read as operators, "$" and thousands commas are ignored). The path
// key replaces each operand by where it came from (an earlier result "s<k>", a number of the
// question "q<i>", else the constant "k<value>") and sorts the operands of + and ×, so two
// traces that compute the same things in the same order have the same key whatever their
// wording (docs/curate.md, "Reasoning paths"). Floating point is used only for difficulty
// features, never for keys. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/record.h"

namespace stepwise::curate {

// An arithmetic expression: a number leaf (op == 0) or an operator ('+', '-', '*', '/') with
// two children, or unary minus ('~') with one.
struct Expr {
  char op = 0;
  std::string number;  // leaves: canonical_number() text
  std::vector<Expr> kids;
};

// One computation: `expr` evaluates to the number `result` (canonical text).
struct Computation {
  Expr expr;
  std::string result;
  int step = 0;  // 0-based index of the step it was read from
};

// "1,234.50" -> "1234.5", "007" -> "7", ".5" -> "0.5", "3." -> "3". Input: digits with optional
// grouping commas and one '.'; anything else is returned unchanged.
std::string canonical_number(std::string_view text);

// Parses `text` (already normalised: operators are + - * / and parentheses, numbers are
// canonical or may hold grouping commas) as an expression; nullopt when it is not one.
// Nesting deeper than 64 levels is rejected.
std::optional<Expr> parse_expr(std::string_view text);

// Every computation of `t`'s steps, in step order.
std::vector<Computation> extract_computations(const trace::Trace& t);

// The numbers of a question in order (digits and number words: "three" -> "3", "dozen" ->
// "12", "half" -> "0.5"), canonical.
std::vector<std::string> question_numbers(std::string_view question);

// The reasoning path as text: one canonical expression per computation, joined by ';', e.g.
// "(q0*q1);(q2*q3);(s0+s1);(q4-s2)". Without computations: "text:" and the steps' words with
// every number replaced by its reference.
std::string path_text(const trace::Trace& t, const std::vector<Computation>& comps);
// hash64 of path_text().
uint64_t path_key(const trace::Trace& t, const std::vector<Computation>& comps);

// What the computations cost a reader: operator count, the most digits of any number, and the
// carries (column carries of +, borrows of −, digit products >= 10 of ×, quotient digits of ÷;
// counted only where both operands are non-negative integers below 10^15).
struct ArithmeticLoad {
  int operations = 0;
  int max_digits = 0;
  int carries = 0;
};
ArithmeticLoad arithmetic_load(const std::vector<Computation>& comps);

}  // namespace stepwise::curate

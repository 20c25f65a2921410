// calc: exact arithmetic for what traces contain.
//
// Rationals (GMP, never floats), an expression parser for the arithmetic written in traces
// (integers, decimals, thousands separators, fractions, mixed numbers, percent, currency,
// x × * · ÷ / // ^ **, parentheses, unary signs), numbers found in prose, and answer
// equivalence with a documented tolerance policy (docs/verify.md). Hostile input (huge
// exponents, deep nesting, enormous numbers) returns an Error quickly: never a hang, a crash
// or unbounded memory. All functions are thread-safe (no shared state).
//
// Not here: deciding whether a trace is right (verify/), producing traces (tasks/).
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace stepwise::calc {

using Rational = mpq_class;

struct Limits {
  size_t max_length = 4096;   // characters in one expression
  int max_depth = 64;         // nesting of parentheses and operators
  size_t max_bits = 8192;     // size of any intermediate numerator or denominator
  long max_exponent = 4096;   // |exponent| in a ** b
};

// A number as written: "1,080", "$4.50", "5%", "3/4", "2 1/2", "-0.25".
struct Number {
  Rational value;          // percent already divided by 100 when `percent`
  size_t begin = 0, end = 0;  // byte offsets in the text it was found in
  int decimals = -1;       // digits after the decimal point as written; -1 when none
  bool percent = false;
  bool currency = false;
};

// One operand of a parsed expression, with where it was written.
struct Operand {
  Number number;
};

struct Parsed {
  Rational value;
  std::vector<Operand> operands;  // in the order written
  int ops = 0;                    // number of operators applied
};

// Parses and evaluates `expr` exactly. Error: "col 4: expected a number or '('",
// "division by zero", "exponent too large", "nesting too deep", "number too large".
Result<Parsed> evaluate(std::string_view expr, const Limits& limits = {});

// Parses a single number as written (currency, commas, percent, fraction, mixed number,
// surrounding units stripped by the caller). Error when `text` is not exactly one number.
Result<Number> parse_number(std::string_view text);

// All numbers in prose, left to right, e.g. "3 pens at $4 each, 25% off" -> 3, 4, 0.25.
// Words such as "twice" are not numbers here.
std::vector<Number> find_numbers(std::string_view text);

// True when `written` is an acceptable printing of `exact`: equal exactly, or a floating-point
// print of it ("16.830000000000002" for 16.83), or a rounding of it to the digits written when
// rounding is allowed ("1.33" for 4/3).
bool matches_written(const Rational& exact, const Number& written, bool rounding_allowed);

// Answer equivalence, documented in docs/verify.md.
struct AnswerCheck {
  bool equal = false;
  std::string reason;  // why not, or which rule made them equal ("rounded to 2 decimals")
};
struct EquivOptions {
  bool rounding_allowed = true;  // the question states or implies rounding
  bool cents_to_dollars = false; // the text says the answer is in cents
};
// Compares a final answer with the gold answer. Multi-answer golds ("2, 5" or "{2,5}") use set
// semantics: a subset is NOT equal.
AnswerCheck answers_equal(std::string_view given, std::string_view gold,
                          const EquivOptions& opts = {});

// Canonical text of an exact value: "12", "-3/4", "2.5" (terminating decimals as decimals).
std::string to_text(const Rational& r);

}  // namespace stepwise::calc

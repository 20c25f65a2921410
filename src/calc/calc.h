// calc: exact arithmetic for what traces contain.
//
// Rationals (GMP, never floats), an expression parser for the arithmetic written in traces
// (integers, decimals, thousands separators, fractions, mixed numbers, percent, currency,
// x X × * · ÷ / // ^ **, parentheses and brackets, unary signs), numbers found in prose, how a
// written number relates to an exact value (float print noise, rounding), and answer
// equivalence with a documented tolerance policy. The grammar and every policy are specified in
// docs/calc.md, with examples.
//
// Hostile input (huge exponents, deep nesting, enormous numbers) returns an Error quickly: never
// a hang, a crash, recursion deeper than Limits::max_depth or unbounded memory. No exceptions are
// thrown on any path. All functions are thread-safe: they share no mutable state.
//
// Hot paths: evaluate_into() and find_numbers_into() reuse the caller's storage, so a loop over
// millions of annotations allocates almost nothing; small integers and decimals never touch GMP
// until the result is stored.
//
// Not here: deciding whether a trace is right (verify/), producing traces (tasks/).
// Depends on: base (status.h), GMP (gmpxx).
#pragma once

#include <gmpxx.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace stepwise::calc {

using Rational = mpq_class;

// Bounds on one expression. Exceeding any of them is an Error, detected before the expensive
// work is done (a power's size is estimated before it is computed).
struct Limits {
  size_t max_length = 4096;  // bytes in one expression
  int max_depth = 64;        // nesting of parentheses, unary signs and right-nested powers
  size_t max_bits = 8192;    // size of any numerator or denominator, written or intermediate
  long max_exponent = 4096;  // |exponent| in a ^ b (bases 0, 1 and -1 are exempt)
};

// How a number was written.
enum class Form {
  kInteger,   // "12", "1,080", "$4", "5%", "-7"
  kDecimal,   // "2.5", ".25", "$1,080.50", "1.5e-05"
  kFraction,  // "3/4" (in prose and answers; in expressions '/' is an operator)
  kMixed,     // "2 1/2", "2½"
};

// A number as written: "1,080", "$4.50", "5%", "3/4", "2 1/2", "-0.25", "1.5 million".
struct Number {
  Rational value;             // exact; percent already divided by 100, scale word applied
  size_t begin = 0, end = 0;  // byte offsets [begin, end) in the text it was found in, covering
                              // sign, currency symbol, '%' / "percent" and scale word
  int decimals = -1;          // digits after the decimal point as written; -1 when none
  int digits = 0;             // significant digits written ("0.0250" -> 3, "1,080" -> 4)
  int exp10 = 0;              // power of ten written after the digits: scientific notation
                              // ("1.5e-05" -> -5) or a scale word ("1.5 million" -> 6)
  Form form = Form::kInteger;
  bool percent = false;    // "5%", "5 %", "5 percent"
  bool currency = false;   // "$", "€", "£" (before, or "€" after the digits)
  bool thousands = false;  // written with thousands separators ("1,080")
  bool scaled = false;     // followed by thousand / million / billion / trillion
  bool negative = false;   // written with a leading sign '-' or '−'
};

// One operand of a parsed expression, with where it was written.
struct Operand {
  Number number;          // offsets relative to the expression text given to evaluate()
  bool exponent = false;  // written as (part of) the right side of ^ or **
};

struct Parsed {
  Rational value;
  std::vector<Operand> operands;  // in the order written; a unary sign is an operator, not part
                                  // of the operand ("-7" -> operand 7 and ops == 1)
  int ops = 0;                    // number of operators applied (binary, unary, percent postfix)
  size_t end = 0;                 // bytes consumed: expr.size() for evaluate(), the length of the
                                  // longest expression prefix for evaluate_prefix()
};

// Parses and evaluates `expr` exactly; the whole text (surrounding whitespace allowed) must be
// one expression. Errors are "col N: what" with N the 1-based byte column: "col 3: expected a
// number or '('", "col 2: division by zero", "col 2: exponent too large (387420489 > 4096)",
// "col 64: nesting too deep (limit 64)", "col 1: number too large", "expression too long".
// Example: evaluate("1,080/12") -> 90 with operands 1,080 and 12.
Result<Parsed> evaluate(std::string_view expr, const Limits& limits = {});

// As evaluate(), into `out`, reusing its storage (the hot path). On error `out` is unspecified.
Status evaluate_into(std::string_view expr, Parsed& out, const Limits& limits = {});

// Parses the longest prefix of `text` (after leading whitespace) that is an expression, e.g.
// "3 x $4 = $12" -> 12 with end == 6; a dangling operator is left out ("3 + 4 +" -> 7).
// Error when no expression starts there, or when the prefix breaks a limit or divides by zero.
Result<Parsed> evaluate_prefix(std::string_view text, const Limits& limits = {});

// Parses exactly one number as written: sign, currency, thousands separators, decimals,
// scientific notation, percent, fraction "3/4", mixed number "2 1/2", scale word; surrounding
// whitespace allowed, units are not. Error "col N: ..." when `text` is not exactly one number.
Result<Number> parse_number(std::string_view text);

// What find_numbers() reads as one number.
struct FindOptions {
  bool fractions = true;     // "3/4" is one number 0.75; false: two numbers 3 and 4
  bool mixed = true;         // "2 1/2" is one number (needs fractions)
  bool scale_words = true;   // "1.5 million" is 1500000
  size_t max_digits = 1000;  // a longer digit run is not a number (skipped, never converted)
};

// All numbers in prose, left to right, e.g. "3 pens at $4 each, 25% off" -> 3, 4, 0.25.
// Words such as "twice" are not numbers; "Step 1:", "1st" and list markers are reported like any
// other number (deciding what they mean is the caller's job). A '-' is a sign only when it is not
// preceded by a letter, digit or closing bracket ("12-7" -> 12, 7; "is -7" -> -7). Never fails.
std::vector<Number> find_numbers(std::string_view text, const FindOptions& opts = {});

// As find_numbers(), into `out` (cleared first), reusing its storage (the hot path).
void find_numbers_into(std::string_view text, std::vector<Number>& out,
                       const FindOptions& opts = {});

// How a written number relates to an exact value.
enum class WrittenMatch {
  kNo,          // neither equal, nor float noise, nor an allowed rounding
  kExact,       // equal as rationals
  kFloatNoise,  // a double's print: >= 12 significant digits, within 1e-9 relative
  kRounded,     // a rounding to the last written place (only when rounding is allowed)
};

// Classifies `written` against `exact`; the policy is in docs/calc.md. Rounding needs a written
// decimal point or percent sign ("1.33", "33%" for 1/3): an integer is never taken as a rounding.
WrittenMatch classify_written(const Rational& exact, const Number& written, bool rounding_allowed);

// True when `written` is an acceptable printing of `exact`: equal exactly, or a floating-point
// print of it ("16.830000000000002" for 16.83), or a rounding of it to the digits written when
// rounding is allowed ("1.33" for 4/3). Same as classify_written(...) != WrittenMatch::kNo.
bool matches_written(const Rational& exact, const Number& written, bool rounding_allowed);

// True when `written` lies within half a unit of its last written place of `exact` ("8" for
// 25/3, "1.33" for 4/3, "33.33%" for 1/3), with no restriction on the form written.
bool rounds_to(const Rational& exact, const Number& written);

// Answer equivalence, documented in docs/calc.md.
struct AnswerCheck {
  bool equal = false;
  std::string reason;    // always set: why not, or which rule made them equal
  bool as_text = false;  // a side was not a number: compared as normalised text
};
struct EquivOptions {
  bool rounding_allowed = false;  // the question states rounding; rounding of a value with no
                                  // finite decimal (4/3 -> "1.33") is accepted regardless
  bool cents_to_dollars = false;  // the text says cents: values 100x apart are also equal
  bool percent_as_unit = true;    // "25%" also equals a plain gold "25"
};

// Compares a final answer with the gold answer over rationals, after stripping markup (markdown
// bold, LaTeX \text \boxed \frac \left \right, \$), units, currency and a trailing period.
// Multi-answer golds ("2, 5", "{2,5}", "2 and 5") use set semantics: order is irrelevant and a
// subset is NOT equal. A side that is not a number is compared as normalised text, so "1-1/e"
// never equals "1+1/e". Never fails.
AnswerCheck answers_equal(std::string_view given, std::string_view gold,
                          const EquivOptions& opts = {});

// The normalised text of an answer used by answers_equal(): markup, units and a trailing period
// removed, whitespace removed, lower case ("\\boxed{\\text{13}} apples." -> "13").
std::string normalize_answer(std::string_view text);

// Canonical text of an exact value: "12", "-3/4", "2.5", "0.125" (a terminating decimal with at
// most 20 places is written as a decimal, anything else as a reduced fraction).
std::string to_text(const Rational& r);

}  // namespace stepwise::calc

// lift.h: symbolic lifting: a trace's computation turned into a program that can be re-run on
// other numbers.
//
// Every computation a trace writes (each `<<expr=value>>` annotation; in steps without
// annotations, each equation written in the text: "12 + 14 = 26", chains "a = b = c") becomes a
// lifted step whose operands are tied, in this order of preference, to
//   1. a result of an earlier computation not used yet, equal in value (earliest first);
//   2. a quantity of the question not used yet, equal in value (order of appearance; a percent
//      "25%" also matches an operand written 25);
//   3. any earlier result, then any question quantity, equal in value (earliest first);
//   4. an earlier result that the operand writes rounded ("1157.63" for 1157.625);
//   5. otherwise a constant (kept as written on every re-run: 100, 60, 10, ...).
// The final answer is tied to the latest result equal to it (or rounding to it), else to a
// question quantity; a constant operand equal to the final answer is a "copied answer".
// Question quantities are keyed by the program variable they belong to (generator records:
// the variable whose `at` span covers the number, or whose value it repeats) or by their
// ordinal "#k" among the other numbers, so a perturbed question supplies new values by key.
// docs/crosscheck.md specifies the rules with examples. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "calc/calc.h"
#include "trace/record.h"

namespace stepwise::crosscheck {

using calc::Rational;

// A number in the question.
struct Quantity {
  Rational value;             // as found (percent already divided by 100)
  size_t begin = 0, end = 0;  // byte span in the question
  bool percent = false;
  std::string key;  // program variable name, or "#k"
};

// The quantities of `t.question`, keyed as described above (program variables' `at` spans are
// used when `t.program` has them). Never fails.
std::vector<Quantity> question_quantities(const trace::Trace& t);

// Quantity values by key, for re-running a program on another question.
using Values = std::map<std::string, Rational, std::less<>>;
Values values_of(const std::vector<Quantity>& qs);

enum class RefKind { kQuestion, kStep, kConstant };

// Where one operand (or the final answer) comes from.
struct Ref {
  RefKind kind = RefKind::kConstant;
  int index = -1;            // quantity index (kQuestion) or lifted step index (kStep)
  Rational value;            // its value in the trace as written
  bool percent_raw = false;  // a percent quantity written as its number (25 for 25%)
  int round_decimals = -1;   // the referenced value rounded to this many decimals; -1: exact
};

struct LiftedStep {
  int trace_step = 0;                            // index of the trace step it was read from
  std::string expr;                              // the expression as written ("3 x $4")
  std::vector<std::pair<size_t, size_t>> spans;  // each operand's bytes in `expr`
  std::vector<Ref> args;                         // each operand's origin
  // Every other reading of each operand: the refs of equal value (earlier results, question
  // quantities, the constant itself), in order of preference; args[j] is alts[j][0].
  std::vector<std::vector<Ref>> alts;
  Rational value;           // the expression's exact value
  Rational written;         // the result the trace wrote (== value when none was written)
  int round_decimals = -1;  // the trace rounds the value to this many places here; -1: exact
};

struct Lifted {
  std::vector<Quantity> quantities;
  std::vector<LiftedStep> steps;
  std::optional<Ref> answer;     // the final answer's origin; nullopt when not tied
  std::vector<Ref> answer_alts;  // its other readings (answer is answer_alts[0])
  bool ok = false;               // at least one computation and the final answer tied
  std::string failure;           // why not: "no_computation", "no_answer", "answer_not_derived"
  int constants = 0;             // operands that are constants
  bool copied_answer = false;    // a constant operand equals the final answer
  // A cancelled detour: the lifted step that takes away a term which the earlier step it
  // starts from had added ("18*1000+18", then "18018-18"), or adds back one it had taken away;
  // -1 when none. Every step can be right and the method holds for all numbers, so neither the
  // verifier nor a perturbation catches it. Only a whole-term operand of the same origin counts
  // (`n*p`, then `n*p-p`, is a method, not a detour).
  int detour = -1;
  std::string path;  // the sequence of operations, for "different path" tests
};

// Lifts `t`. With `inline_equations` false only annotations are read. Never fails: a trace
// that cannot be lifted has ok == false and `failure` set.
Lifted lift(const trace::Trace& t, bool inline_equations = true);

// Runs the lifted program with question quantities taken from `values` by key. Returns the
// value the program gives for the final answer. Error when `p` is not ok, a key is missing,
// or an expression fails on the new numbers (division by zero, limits).
Result<Rational> run_lifted(const Lifted& p, const Values& values);

// A perturbed instance for find_reading(): its quantities and its gold.
struct Case {
  Values values;
  Rational gold;
  bool rounding = false;  // the question asks for a rounded answer
};

// True when `v` is the gold: equal exactly, or by calc::answers_equal, or, when `rounding`,
// `v` rounded to the gold's written places or to cents equals it.
bool matches_gold(const Rational& v, const Rational& gold, bool rounding);

// True when the question asks for rounding ("rounded", "round", "nearest").
bool asks_rounding(std::string_view question);

// Operands of equal value can be read in several ways (which "12" of the question, which
// earlier result, or a constant); the text does not say. When the preferred reading misses the
// gold of some case, the other readings are tried in order of preference; the first that
// reproduces every case's gold (exactly, or by
// calc::answers_equal) replaces the binding of `p`. Readings are tried with 1, 2, then 3
// operands changed from the preferred reading, at most `budget` in all.
enum class Reading {
  kFound,   // a reading reproduces every gold; `p` rebound
  kNone,    // every reading with up to 3 changes was tried, none does (`p` unchanged): the
            // method itself fails on other numbers
  kGaveUp,  // the budget ran out first (`p` unchanged): undecided
};
Reading find_reading(Lifted& p, const std::vector<Case>& cases, int budget = 1500);

// x rounded half away from zero to `decimals` places.
Rational round_to(const Rational& x, int decimals);

// The numeric value of an answer as written ("$1,080", "25%", "3/4"); nullopt when not one
// number.
std::optional<Rational> answer_value(std::string_view text);

}  // namespace stepwise::crosscheck

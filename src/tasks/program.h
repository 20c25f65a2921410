// program.h: the symbolic program stored in a generated record, and how to re-run it.
//
// Every generated record carries its problem's program in the `program` field (JSON), written
// so that it can be re-run on new values of its variables:
//
//   {"version": 1, "family": "shopping_change", "difficulty": 2, "form": 0, "phrasing": 1,
//    "structure": "", "magnitude": 0,
//    "vars": [{"name": "n1", "type": "count", "value": "3", "at": [9, 10]}, ...],
//    "entities": {"person": "Ann", "item1": "pens"},
//    "ops": [{"id": "t1", "op": "mul", "args": ["n1", "p1"], "value": "12"}, ...],
//    "answer": "t4",
//    "distractors": [{"pattern": 0, "name": "Carla", "value": "7", "position": 1,
//                     "text": "...", "at": [40, 41]}]}
//
// Values are exact (calc::to_text form: "12", "4.5", "-3/4"). `at` is the byte range of the
// variable's first mention in the question. An op's args are variable names, earlier op ids,
// or numeric constants written as strings ("100"). Ops: add, mul (2 or more args), sub, div,
// fdiv (floor of the quotient), pow (integer exponent), round (args [x, decimals]: half away
// from zero). Only "vars", "ops" and "answer" are needed to run a program, so a program lifted
// from a foreign trace can use the same format (docs/gen.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "calc/calc.h"

namespace stepwise::tasks {

// Values for a program's variables, by name; variables not listed keep their recorded value.
using VarValues = std::map<std::string, calc::Rational, std::less<>>;

struct ProgramRun {
  calc::Rational answer;
  std::vector<std::pair<std::string, calc::Rational>> ops;  // each op's id and value, in order
};

// Runs `program` with `values` substituted for its variables. Error (never a crash) on a
// malformed program or a failing op: `program: op "t3": unknown reference "n9"`,
// `program: op "t2": division by zero`, `program: answer "t9" is not defined`,
// `program: value "x" of variable "n1" is not a number`; `values` naming an unknown variable
// is an error too. Bounded: numbers over calc::Limits{}.max_bits bits, exponents over 4096
// and programs over 10,000 ops are errors.
Result<ProgramRun> run_program_full(const json::Value& program, const VarValues& values = {});

// run_program_full's answer.
Result<calc::Rational> run_program(const json::Value& program, const VarValues& values = {});

// The recorded variable values of `program` (name -> value). Error as above.
Result<VarValues> program_vars(const json::Value& program);

// Parses an exact value as written in programs: "12", "-4.5", "3/4". Error otherwise.
Result<calc::Rational> parse_value(std::string_view text);

// The canonical text of an exact value, identical to calc::to_text ("12", "2.5", "-3/4").
std::string value_text(const calc::Rational& r);

}  // namespace stepwise::tasks

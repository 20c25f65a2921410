// lift_internal.h: pieces of the lifter shared by its files (crosscheck/ only).
#pragma once

#include <string_view>
#include <vector>

#include "crosscheck/lift.h"

namespace stepwise::crosscheck::detail {

// One computation written in a step.
struct Equation {
  std::string expr;         // the expression, trimmed
  calc::Parsed parsed;      // its exact value and operands (offsets into `expr`)
  Rational written;         // the result written after '=' (the value when none could be read)
  int round_decimals = -1;  // the written result is the value rounded to this many places
};

// The computations of one step: its `<<expr=value>>` annotations when it has any; otherwise,
// with `inline_equations`, the equations written in its text. `out` is cleared first.
void step_equations(std::string_view text, bool inline_equations, std::vector<Equation>& out);

}  // namespace stepwise::crosscheck::detail

// scratch_internal.h: shared pieces of the scratchpad families (tasks/ only).
//
// A scratchpad's structure is "DA,DB", the digit counts of its two operands; its program is the
// plain sum or product, while its steps work column by column with display-only ops. Digits are
// taken off with floor division ("4821//10=482", "4821-482*10=1"), so every operand written in
// a step is a number of the question, an earlier result or the constant 10.
#pragma once

#include <string>

#include "tasks/builder_internal.h"
#include "tasks/families_internal.h"

namespace stepwise::tasks {

inline constexpr int kMaxScratchDigits = 20;

// Parses "DA,DB" (each 1..kMaxScratchDigits). False when malformed.
bool parse_digit_counts(const std::string& structure, int& da, int& db);
std::string digit_counts(int da, int db);

// "ones", "tens", "hundreds", ... for place 0..kMaxScratchDigits.
const char* place_name(int place);

// Variables "a" and "b" with the structure's digit counts (no leading zero).
std::vector<VarSpec> scratch_variables(const Problem& p);

// Widens both operands by `digits` (capped; the structure then stays valid).
void widen_digits(Problem& p, int digits);

}  // namespace stepwise::tasks

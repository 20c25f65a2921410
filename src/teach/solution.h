// solution.h: a teacher's text, split into the steps and final answer of a trace.
//
// Layouts understood: numbered steps ("1. ...", "2) ...", "Step 3: ...", "**Step 4.** ...",
// with unnumbered lines that follow a step joined to it and any preamble before step 1 left
// out), and otherwise one step per non-empty line (GSM8K style). Lines starting with "####"
// are the final answer, never steps. The final answer is found by trace::extract_answer on the
// whole text, with its outcome (found / none / ambiguous) and rule.
//
// A text that cannot become a trace is a drop with a reason, never an error: "empty" (nothing
// but whitespace), "no_steps" (no step lines, or no number anywhere in the steps and no
// answer: a refusal or an apology). Pure functions; thread-safe; any input is safe (linear time).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trace/answer.h"

namespace stepwise::teach {

struct ParsedSolution {
  std::vector<std::string> steps;  // step texts without their numbering, annotations kept
  trace::FoundAnswer answer;
  std::string layout;  // "numbered" | "lines"
  std::string drop;    // "" when usable; else "empty" | "no_steps"
};

ParsedSolution parse_solution(std::string_view text);

// The length of a step-number prefix at the start of `line` ("1. ", "Step 2: ", "**3)** "),
// or 0 when the line does not start with one. Leading spaces count as part of the prefix.
size_t step_prefix_length(std::string_view line);

}  // namespace stepwise::teach

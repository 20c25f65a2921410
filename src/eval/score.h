// score.h: one student completion, read and judged.
//
// A completion is the text a student wrote after the question: its steps, one per line, then a
// line "#### <answer>". parse_completion() splits it; score_sample() compares its answer with
// the problem's gold (exactly, calc::answers_equal) and runs the step verifier over it, with
// the problem's question as the grounding context. Pure functions apart from the Verifier's
// scratch memory: one Verifier per thread. docs/eval.md states the rules with examples.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.h"
#include "verify/verify.h"

namespace stepwise::eval {

// A completion taken apart.
struct Completion {
  std::vector<std::string> steps;  // non-empty lines before the last "####", trimmed
  std::string strict;              // the rest of the line after the last "####", trimmed
  bool has_marker = false;         // a "####" was written (strict may still be empty)
};

// Splits `text`. Never fails: text with no "####" has every non-empty line as a step and no
// strict answer.
Completion parse_completion(std::string_view text);

// The flexible answer: trace::extract_answer's (####, "the answer is", \boxed{}, "Answer:",
// else the last number), the last candidate when ambiguous; "" when none.
std::string flexible_answer(std::string_view text);

// Whether `answer` equals `gold` for this question: exact rational equivalence, rounding
// accepted when the question asks for it, cents vs dollars when it speaks of cents (the
// verifier's rules). False for an empty answer.
bool answer_matches(std::string_view answer, std::string_view gold, std::string_view question);

// One step as judged by the verifier.
struct StepMark {
  std::string text;
  bool ok = true;       // no error-level finding on this step
  std::string code;     // the first error finding's code when !ok
  std::string message;  // ... and its message
};

// One completion, scored.
struct Scored {
  std::string completion;
  std::string strict, flexible;  // answers ("" when none)
  bool correct = false;          // strict answer equals gold
  bool correct_flexible = false;
  bool judged = false;          // the verifier ran (false for answer-only students)
  std::vector<StepMark> steps;  // when judged
  int first_error = -1;         // 0-based step of the earliest error finding; -1 none
  bool trace_valid = false;     // judged, a strict answer, and the verifier passes it
  bool process_ok = false;      // judged and no error finding other than answer_mismatch
  std::vector<trace::Finding> trace_findings;  // error findings not tied to a step
};

// Scores `completion` against `problem` (its question and gold; the gold must be set). With
// `answer_only`, only the answers are compared (the student writes no steps) and the verifier
// is not run. Never fails: a wrong or garbled completion is a score.
Scored score_sample(const trace::Trace& problem, std::string_view completion, bool answer_only,
                    verify::Verifier& verifier);

// The verifier options eval uses (the defaults: grounding, leaps and inline equations on).
verify::VerifyOptions eval_verify_options();

}  // namespace stepwise::eval

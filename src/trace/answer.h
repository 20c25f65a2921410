// answer.h: finding the final answer in a worked solution, and normalizing answers.
//
// extract_answer() applies the rules below in order; the first rule that yields a candidate
// decides, and reports its outcome: found (one answer, possibly written several times),
// ambiguous (two or more different answers under that rule), or none (no rule matched).
//
//   rule             matches                                           e.g.
//   "####"           the rest of the line after "####"                 "#### 72"
//   "the answer is"  "... answer is X" up to the end of the sentence   "So the answer is 18."
//   "\\boxed{}"      \boxed{X} or \fbox{X}, braces balanced, nested    "$\boxed{\frac{1}{2}}$"
//   "answer:"        the rest of the line after "Answer:" (any case)   "**Final Answer:** 42"
//   "last number"    the last number in the text                       "... which is 12 apples"
//
// Candidates are normalized (normalize_answer) before they are compared. The rules are
// specified with examples in docs/trace-format.md. All functions are pure and thread-safe; input
// of any size or content is safe (linear time apart from a bounded look at each match).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trace/record.h"

namespace stepwise::trace {

// Rule names, as written in the record's "extraction.rule".
inline constexpr std::string_view kRuleHashes = "####";
inline constexpr std::string_view kRuleAnswerIs = "the answer is";
inline constexpr std::string_view kRuleBoxed = "\\boxed{}";
inline constexpr std::string_view kRuleAnswerColon = "answer:";
inline constexpr std::string_view kRuleLastNumber = "last number";
inline constexpr std::string_view kRuleField = "field";  // taken from a dataset field

struct FoundAnswer {
  Outcome outcome = Outcome::kNone;
  std::string rule;                     // one of the kRule* names; empty for kNone
  std::string value;                    // the normalized answer; empty unless kFound
  std::vector<std::string> candidates;  // distinct normalized answers under `rule`, in order
  std::string raw;                      // the text the (last) candidate was taken from
};

// Finds the final answer in `text` (a whole solution, or its last step). Never fails: an answer
// that cannot be found is an outcome (kNone), not an error.
FoundAnswer extract_answer(std::string_view text);

// Cleans an answer as written into its plain form: surrounding whitespace, markdown emphasis
// (**73**, `73`), math delimiters ($...$, \(...\)), \boxed{}, \text{} / \mathrm{} wrappers,
// trailing punctuation, a leading "x =", currency signs, units after a number ("18 dollars",
// "5 cm", "25%", "90^\circ"), thousands separators ("1,080") and the Unicode minus are
// removed; "\dfrac" becomes "\frac". Anything else (fractions, tuples, expressions, words) is
// kept as written. Example: normalize_answer("**$1,080.**") == "1080".
std::string normalize_answer(std::string_view raw);

// A comparison key for a normalized answer: numbers in canonical form ("5.50" -> "5.5",
// "5.0" -> "5", "+3" -> "3", ".5" -> "0.5"), spaces removed. Two answers with equal keys are
// the same answer; different keys may still be equal numerically (3/4 vs 0.75): exact
// equivalence is the verifier's business.
std::string answer_key(std::string_view normalized);

// The extraction record for `a`, as stored in Trace::extraction.
Extraction to_extraction(const FoundAnswer& a);

}  // namespace stepwise::trace

// scan_internal.h: reading the arithmetic out of one step's text (internal to verify/).
//
// A step such as "Pens cost 3 x $4 = <<3*4=12>>12 dollars." holds two kinds of arithmetic:
// GSM8K-style annotations `<<expr=value>>` (removed from the text people see), and equations
// written in the visible text. scan_step() finds the annotations, builds the visible text, finds
// its numbers (calc::find_numbers_into) and groups them into segments (numbers joined by
// operators: "3 x $4") and chains (segments joined by '=': "3 x $4 = $12"). Every segment
// carries a normalized expression ("3 * $4") for calc::evaluate. Nothing is evaluated here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calc/calc.h"

namespace stepwise::verify::detail {

// One `<<expr=value>>` annotation.
struct Annotation {
  size_t begin = 0, end = 0;  // "<<...>>" in the step text
  std::string_view expr;      // before the last '=' inside, trimmed (views into the step text)
  std::string_view written;   // after the last '=', trimmed; empty when there is no '='
  size_t visible_pos = 0;     // where it stood in the visible text
};

// Numbers joined by operators in the visible text ("3 x $4", "(12 + 14) / 2", "26").
struct Segment {
  size_t begin = 0, end = 0;            // span in the visible text (numbers, inner glue, parens)
  uint32_t first = 0, count = 0;        // its numbers: ScannedStep::numbers[first, first + count)
  uint32_t eval_off = 0, eval_len = 0;  // normalized expression in ScannedStep::eval_buf
  bool has_op = false;                  // at least one operator (else a plain number)
  bool unit = false;                    // a word follows its last number ("120 minutes")
  bool incomplete_left = false;         // an operator or a letter touches it from the left
  bool incomplete_right = false;        // ... or from the right: it may be part of something larger
  bool balanced = true;                 // its parentheses could be matched
  bool word_eq = false;                 // joined to the previous segment by "is"/"equals"
};

// Segments joined by '=' (or "≈", "is" after an operator): "a = b = c".
struct Chain {
  uint32_t first = 0, count = 0;  // segments[first, first + count), count >= 2
  bool approx = false;            // written with '≈': rounding is stated
};

struct ScannedStep {
  std::string visible;  // the text without annotations, markdown and bullets
  std::vector<Annotation> annotations;
  std::vector<calc::Number> numbers;  // numbers of `visible`, left to right
  std::vector<Segment> segments;      // every number is in exactly one segment
  std::vector<Chain> chains;
  std::string eval_buf;               // normalized expressions of the segments
  std::string scratch;                // reused while building a segment
  size_t marker = std::string::npos;  // offset of "####" in `visible`, if any
  bool unclosed = false;              // "<<" with no ">>": the text was cut inside one

  std::string_view eval(const Segment& s) const {
    return std::string_view(eval_buf).substr(s.eval_off, s.eval_len);
  }
  std::string_view span(size_t begin, size_t end) const {
    return std::string_view(visible).substr(begin, end - begin);
  }
};

// How the text between two numbers ("glue") relates them.
enum class GlueKind { kConnect, kEquals, kBreak };

struct Glue {
  GlueKind kind = GlueKind::kBreak;
  std::string_view op;     // normalized operator (kConnect); empty: the right number's sign
  int closes = 0;          // ')' after the left number, before the operator or '='
  int opens = 0;           // '(' after the operator or '=', before the right number
  bool unit = false;       // a unit word follows the left number
  bool approx = false;     // '≈'
  bool word_eq = false;    // "is", "equals", "is equal to"
  bool starts_op = false;  // (kBreak) an operator or an attached letter follows the left number
  bool ends_op = false;    // (kBreak) an operator or an attached letter precedes the right number
};

// Classifies the glue `g` between a left and a right number: kConnect when it is an operator
// (with brackets and up to two unit words: " hours) * ("), kEquals for '=', '≈' or "is"/"equals",
// kBreak otherwise. `of_ok`: "of" reads as '*' (after a percent or a fraction); `right_negative`:
// the right number carries a sign, which then is the operator ("5 -8").
Glue classify(std::string_view g, bool of_ok, bool right_negative);
// Sets the starts_op / ends_op flags of a separating glue.
void break_flags(std::string_view g, Glue& out);

// Scans `text` into `out`, reusing its storage. Linear in the text size; never fails.
void scan_step(std::string_view text, ScannedStep& out);

// ---- helpers shared with the checks ----

// Removes `<<...>>` annotations from `text` into `visible` and records them.
void strip_annotations(std::string_view text, ScannedStep& out);
// Blanks markdown emphasis ("**12**"), list bullets ("- ", "* ", "• ") and LaTeX math
// delimiters that would be read as operators or signs, keeping every offset.
void blank_markup(std::string& visible);

// The expression with every fraction written without spaces ("12 / 2/3") in parentheses
// ("12 / (2/3)"), the way people read it; false when there is none.
bool tight_fractions(std::string_view expr, std::string& out);

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
std::string_view trim(std::string_view s);

}  // namespace stepwise::verify::detail

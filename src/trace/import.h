// import.h: mapping other datasets' layouts onto the trace record, and back to GSM8K.
//
// Layouts (docs/import.md has worked examples):
//   gsm8k   {"question", "answer": "rationale lines\n#### 72"}: each rationale line becomes a
//           step (its <<expr=value>> annotations kept), the "####" value becomes both the
//           answer and the gold (GSM8K answers are gold).
//   math    {"problem", "solution": "... $\boxed{5}$."}: the solution is split into sentences
//           (outside math) and lines; the answer is the \boxed{} content; the gold is the
//           "answer" field when there is one, else the boxed answer.
//   steps   {"question", "steps": ["Step 1: ...", ...], "answer"?}: "Step k:" prefixes are
//           stripped; without an answer field the answer is extracted from the steps.
//   fields  any field names, given as FieldMap (dotted paths like "meta.q" reach into nested
//           objects); the steps field may be a list or one solution text (split into lines).
//   trace   already trace records (from_json).
// With Layout::kAuto the layout is detected from the first record and kept for the file.
// Fields the mapping consumes move into the record; every other field is kept as an extra
// (one whose name is a record field that the mapping already filled is kept in "meta" under
// its own name), so nothing is lost. Not thread-safe (the detected layout is state): one
// Importer per input stream.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "trace/record.h"

namespace stepwise::trace {

enum class Layout { kAuto, kTrace, kGsm8k, kMath, kSteps, kFields };
// "auto" | "trace" | "gsm8k" | "math" | "steps" | "fields".
const char* layout_name(Layout l);
std::optional<Layout> parse_layout(std::string_view name);

// Input field names; empty means the layout's default (see docs/import.md). A name is first
// looked up as a key as written, then as a dotted path.
struct FieldMap {
  std::string question;  // the question text (string)
  std::string steps;     // a list of steps (strings or {"text"} objects) or a solution text
  std::string answer;    // the final answer as written (string or number)
  std::string gold;      // the correct answer (string or number)
  std::string id;        // the record id (string or number)
  std::string task;      // the task name (string)
  // True when any of question/steps/answer/gold is set (these choose the "fields" layout).
  bool maps_content() const;
};

struct ImportOptions {
  Layout layout = Layout::kAuto;  // kAuto: detect from the first record
  FieldMap fields;
  std::string task;                     // when set, the task of every record
  std::string source_kind = "dataset";  // written to source.kind when the input has no source
  std::string source_name;              // source.name; empty: the layout name ("gsm8k", ...)
};

// The layout one record looks like, or nullopt when none fits.
std::optional<Layout> detect_layout(const json::Value& record);

class Importer {
 public:
  explicit Importer(ImportOptions opts);

  // Converts one input object (consumed) into a record. Error (no location; the caller adds
  // "file:line: ") names the missing or wrong field, e.g. `missing field "question"` or
  // `field "answer": expected a GSM8K solution ending in "#### <answer>"`; also when kAuto
  // cannot recognise the first record.
  Result<Trace> convert(json::Value record);

  // The layout in use: the one given, the one detected (kAuto until a record was seen).
  Layout layout() const { return layout_; }
  // True when the layout was detected rather than given.
  bool detected() const { return detected_; }

 private:
  Result<Trace> convert_mapped(json::Value& v);
  ImportOptions opts_;
  Layout layout_;
  bool detected_ = false;
};

// Splits a GSM8K solution into its rationale lines and the text after the last "####" (both
// trimmed; blank lines dropped). nullopt when there is no "####" with an answer after it.
struct Gsm8kSolution {
  std::vector<std::string> lines;
  std::string answer;
};
std::optional<Gsm8kSolution> split_gsm8k(std::string_view solution);

// Splits a MATH-style solution into steps: at line breaks, and after a sentence's final '.'
// (followed by a space) outside $...$, \[...\] and braces.
std::vector<std::string> split_sentences(std::string_view solution);

// "Step 3: Add the two." -> "Add the two." (also "**Step 3:**", "Step 3.", "step 3)").
std::string_view strip_step_prefix(std::string_view step);

// The record in GSM8K layout: {"id"?, "question", "answer": steps joined by newlines, then
// "#### <gold>" (the final answer when there is no gold)}, then the record's extra fields.
// "id" is written only when it is not the content-derived one (so it came from the input).
// Error when there is neither gold nor answer to write after "####".
Result<json::Value> to_gsm8k(const Trace& t);

}  // namespace stepwise::trace

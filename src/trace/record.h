// record.h: the trace record, the unit of data that flows through every stage of stepwise.
//
// A Trace is one worked problem: the question, the steps (text plus optional structured
// fields), the final answer as written, the gold answer, where it came from, its symbolic
// program, the verifier's verdict and free-form meta. Every stage reads and writes JSON Lines
// of these records (specified in docs/trace-format.md) and never drops what it does not
// understand: fields that are not part of the record are kept in `extra` (per record, per step,
// and inside source, extraction, verdict and each finding) in input order and written back
// unchanged, numbers with their exact text. Plain data: thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace stepwise::trace {

struct Step {
  std::string text;                           // the step as written, annotations included
  json::Value extra = json::Value::object();  // other step fields ("expr", "value", ...)
};

// Provenance: who produced the trace.
struct Source {
  std::string kind;               // "generator" | "teacher" | "dataset" | "student" | ...
  std::string name;               // family name, endpoint name, dataset name
  std::string model;              // teacher or student model, when known
  std::optional<int64_t> sample;  // index among the k candidates of one problem
  std::string prompt_hash;        // hash of the prompt that produced it (teach)
  bool hinted = false;            // the gold answer was given to the teacher (rationalize)
  json::Value extra = json::Value::object();
};

// How the final answer was found in the text (see answer.h for the rules).
enum class Outcome { kFound, kNone, kAmbiguous };
struct Extraction {
  Outcome outcome = Outcome::kNone;
  // "####", "the answer is", "\\boxed{}", "answer:", "last number", "field"; empty for kNone.
  std::string rule;
  json::Value extra = json::Value::object();
};
// "found" | "none" | "ambiguous".
const char* outcome_name(Outcome o);
// The inverse of outcome_name; nullopt for any other text.
std::optional<Outcome> parse_outcome(std::string_view name);

// One problem the verifier found (written by verify; read by curate, eval, show).
struct Finding {
  std::string code;                // stable code: "arith_mismatch", "ungrounded_number", ...
  std::optional<int> step;         // 0-based step index; nullopt for whole-trace findings
  std::string severity = "error";  // "error" | "warning"
  std::string message;             // for people
  json::Value extra = json::Value::object();
};

struct Verdict {
  bool ok = false;                 // answer right (or no gold) and no error-level finding
  bool answer_ok = false;          // final answer equals gold
  std::optional<int> first_error;  // earliest step with an error-level finding
  std::vector<Finding> findings;
  json::Value extra = json::Value::object();
};

struct Trace {
  std::string id;        // stable id; content_id() when the input had none
  std::string task;      // family or dataset task name; may be empty (then not written)
  std::string question;  // required
  std::vector<Step> steps;
  std::optional<std::string> answer;  // final answer as written
  std::optional<std::string> gold;    // the correct answer, when known
  bool answer_is_number = false;      // written back as a JSON number (it was one on input)
  bool gold_is_number = false;
  std::optional<Extraction> extraction;
  std::optional<Source> source;
  json::Value program;  // null when absent
  std::optional<Verdict> verdict;
  json::Value meta;                           // null when absent; an object by convention
  json::Value extra = json::Value::object();  // unknown top-level fields, in input order
};

// Reads a record from a parsed JSON object (consumed). On success every known field is in its
// member and every other field in the matching `extra`; a missing or empty "id" is filled with
// content_id(). A JSON null for an optional field means absent. Error (no location: the caller
// adds "file:line: ") names the field and what was expected, e.g.
//   `expected a JSON object, found array`
//   `missing field "question"`
//   `field "steps": expected an array of strings or objects, found number`
//   `field "steps[2].text": expected a string, found null`
Result<Trace> from_json(json::Value v);

// The record as JSON: known fields in canonical order (id, task, question, steps, answer, gold,
// extraction, source, program, verdict, meta), then `extra` in its own order. Steps are always
// written as objects {"text": ..., extra...}.
json::Value to_json(const Trace& t);

// Appends exactly the compact text of to_json(t) and a newline, without building a json::Value.
void append_jsonl(std::string& out, const Trace& t);

// A stable id derived from the content (task, question, step texts, answer):
// "<task or 'trace'>-<16 hex digits>". Equal content gives equal ids on every machine and
// version; the other fields (source, verdict, meta, extras) do not change it.
std::string content_id(const Trace& t);

// "number", "string", "array", ...: the JSON type of `v`, for messages.
const char* type_name(const json::Value& v);

}  // namespace stepwise::trace

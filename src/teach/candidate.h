// candidate.h: the records `stepwise teach` writes, built from a problem and a teacher's text.
//
// A candidate is the problem's record (id, task, question, gold, program, meta and unknown
// fields carried over) with the teacher's steps and final answer, a teacher `source`, the raw
// text in a top-level "raw" field, and meta.problem_id naming the problem it answers. Its id is
// "<problem id>.<sample>". A drop is the same record without steps or answer, with
// meta.drop = {"reason", "stage", "detail"}: stage "request" (no response: the HTTP failure
// code is the reason) or "parse" (a response that is not a trace: "empty", "no_steps",
// "missing_choice", ...). docs/teach.md shows both. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "base/json.h"
#include "teach/solution.h"
#include "trace/record.h"

namespace stepwise::teach {

// Who answered, as written into `source`.
struct SourceInfo {
  std::string name;                           // source.name (endpoint host, or "synthetic")
  std::string model;                          // source.model
  std::string prompt_hash;                    // source.prompt_hash
  bool hinted = false;                        // source.hinted (rationalize mode)
  json::Value extra = json::Value::object();  // source.extra: finish_reason, request key, ...
};

// The candidate for `sample` of `problem` answered by `text` (parsed as `parsed`).
trace::Trace make_candidate(const trace::Trace& problem, int64_t sample, const std::string& text,
                            const ParsedSolution& parsed, const SourceInfo& source);

// The drop record for `sample` of `problem`. `raw` is the text received, "" when none.
trace::Trace make_drop(const trace::Trace& problem, int64_t sample, const std::string& raw,
                       const std::string& stage, const std::string& reason,
                       const std::string& detail, const SourceInfo& source);

}  // namespace stepwise::teach

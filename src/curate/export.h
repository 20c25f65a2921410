// export.h: the kept records in formats other trainers read.
//
//   trace     the trace records themselves (unchanged, plus a "curate" object with the
//             difficulty and stage)
//   messages  {"messages": [{"role": "system", ...}?, {"role": "user", "content": question},
//              {"role": "assistant", "content": completion}]}
//   prompt    {"prompt": question, "completion": completion}
//   text      question, newline, completion, blank line
// where the completion is the steps' text, one per line, and "#### <answer>" (not repeated
// when the last step already ends with it). Prompt erasure: only the question, the steps and
// the answer reach the training data; the prompt and system text the trace was generated with
// (teacher prompts, few-shot examples, the raw response, source) never do. The system message
// is the training one given by ExportOptions::system, absent when that is empty. Pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "trace/record.h"

namespace stepwise::curate {

enum class Format { kTrace, kMessages, kPrompt, kText };
// "trace" | "messages" | "prompt" | "text".
const char* format_name(Format f);
std::optional<Format> parse_format(std::string_view s);

struct ExportOptions {
  Format format = Format::kTrace;
  std::string system;              // the training system prompt (messages only); "" = none
  bool strip_annotations = false;  // remove GSM8K "<<expr=value>>" annotations from steps
};

// The assistant side: steps one per line, then "#### <answer>".
std::string completion_text(const trace::Trace& t, const ExportOptions& opts);

// `text` without its "<<...>>" annotations.
std::string strip_annotations(std::string_view text);

// The JSON object written for `t` in the messages or prompt format.
json::Value export_json(const trace::Trace& t, const ExportOptions& opts);

// Appends `t` in the text format.
void append_text(std::string& out, const trace::Trace& t, const ExportOptions& opts);

}  // namespace stepwise::curate

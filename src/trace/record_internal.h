// record_internal.h: field-level access to the record for the module's own readers (the
// importers map foreign layouts onto the same field readers as from_json). Internal to
// src/trace.
#pragma once

#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "trace/record.h"

namespace stepwise::trace {

// The record's own top-level fields, dispatched without a chain of string compares.
enum class Field {
  kNone,
  kId,
  kTask,
  kQuestion,
  kSteps,
  kAnswer,
  kGold,
  kExtraction,
  kSource,
  kProgram,
  kVerdict,
  kMeta
};
Field field_of(std::string_view key);

// True when `key` is one of the record's own top-level fields ("id", "question", ...).
bool is_record_field(std::string_view key);

// Reads the record field `key` from `v` into `t` (as from_json does; the value may be moved
// from, also on failure). Error: `field "steps": expected ..., found ...`. `key` must satisfy
// is_record_field.
Status read_record_field(std::string_view key, json::Value& v, Trace& t);

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: JSON's number grammar.
bool is_json_number(std::string_view s);

// The bytes of padding a line must be followed by (readable memory) for parse_trace_fast.
inline constexpr size_t kParsePadding = 64;

// Parses one JSON line straight into `out` (reusing its buffers) when the line is a well-formed
// trace record; false when it is not, or is unusual in any way, and then `out` is unspecified
// and the caller takes the general path (json::parse + from_json), which reports precisely.
// On true, `out` is exactly what from_json(json::parse(line)) gives. The kParsePadding bytes
// after `line` must be readable. Thread-safe (one parser per thread).
bool parse_trace_fast(std::string_view line, Trace& out);

}  // namespace stepwise::trace

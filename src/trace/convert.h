// convert.h: `stepwise convert`: a dataset in any supported layout -> trace records (or back to
// GSM8K layout), written atomically.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "base/status.h"
#include "base/summary.h"
#include "trace/import.h"
#include "trace/jsonl.h"

namespace stepwise::trace {

enum class OutputFormat { kTrace, kGsm8k };
// "trace" | "gsm8k".
const char* format_name(OutputFormat f);
std::optional<OutputFormat> parse_format(std::string_view name);

struct ConvertOptions {
  std::string input = "-";                 // a JSONL file (".gz" read as gzip); "-" = stdin
  std::string output = "-";                // written atomically; ".gz" = gzip; "-" = stdout
  ImportOptions import;                    // layout (auto-detected by default) and field map
  OutputFormat to = OutputFormat::kTrace;  // what to write
  ReadOptions read;
};

// Converts `input` into `output`. Every good record is written; every bad line is reported to
// `diag` with its file:line and skipped. Fills `summary` (figures: input, output, layout,
// detected, lines, records, written, bad_lines, bad_by_kind, extraction outcomes and rules)
// in every case. Error when the input cannot be opened, the output cannot be written, or a
// strict `diag` stopped at a bad line (then nothing is written at `output`).
Status convert(const ConvertOptions& opts, Diagnostics& diag, Summary& summary);

}  // namespace stepwise::trace

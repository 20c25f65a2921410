// scan.h: reading every record of an input in any supported layout, with progress.
//
// scan_records() is the loop the trace verbs share: open the input (JsonlReader), convert each
// JSON object through an Importer (import.h), report the records that do not convert as
// "bad_record" with their file:line, and hand each good record to a callback. Progress is drawn
// on a terminal (base/progress.h). Not thread-safe; one scan per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/diagnostics.h"
#include "base/status.h"
#include "trace/import.h"
#include "trace/jsonl.h"
#include "trace/record.h"

namespace stepwise::trace {

struct ScanResult {
  Layout layout = Layout::kAuto;  // the layout used (kAuto when no record was recognised)
  bool detected = false;          // whether it was detected rather than given
  uint64_t lines = 0;             // lines read
  uint64_t records = 0;           // good records handed to the callback
  bool stopped = false;           // a strict Diagnostics stopped the scan at a bad line
  bool ended_early = false;       // the callback asked to stop
};

// Called with each good record and the reader (for reader.where()); return false to stop.
using RecordFn = std::function<bool(Trace& t, const JsonlReader& reader)>;

// Reads `path` ("-" = stdin) to the end, or until `fn` returns false or a strict `diag` stops
// it. Error only when the input cannot be opened; bad lines are reported to `diag` and counted.
// `label` names the progress line ("convert", "stats").
Result<ScanResult> scan_records(const std::string& path, const ImportOptions& import,
                                const ReadOptions& read, Diagnostics& diag, const RecordFn& fn,
                                const std::string& label);

}  // namespace stepwise::trace

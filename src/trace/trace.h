// trace: the trace record and everything that reads and writes it.
//
// This module is the shared vocabulary of stepwise: every stage reads and writes JSON Lines of
// trace records (docs/trace-format.md). It holds
//   record.h   the record (Trace, Step, Source, Extraction, Verdict, Finding), from_json,
//              to_json, append_jsonl, content_id
//   jsonl.h    JsonlReader (plain, gzip, stdin; bounded memory; bad lines reported with
//              file:line:col) and JsonlWriter (atomic, gzip by extension)
//   answer.h   final-answer extraction (####, "the answer is", \boxed{}, "Answer:", last number)
//              and answer normalization
//   import.h   importers (GSM8K, MATH, step lists, generic field maps) and the GSM8K exporter
//   scan.h     the read-import-report loop the verbs share
//   convert.h, stats.h, show.h: the library side of `stepwise convert`, `stats`, `show`
// It does not judge traces (verify/) or do arithmetic (calc/). Depends on base/ and zlib.
#pragma once

#include "trace/answer.h"
#include "trace/convert.h"
#include "trace/import.h"
#include "trace/jsonl.h"
#include "trace/record.h"
#include "trace/scan.h"
#include "trace/show.h"
#include "trace/stats.h"

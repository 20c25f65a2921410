// stats.h: `stepwise stats`: the figures of one or more trace files (or any importable layout).
//
// TraceStats accumulates per-record figures (steps per trace, extraction outcomes and rules,
// sources, tasks, verdicts, answer/gold agreement, duplicate ids) and renders them as JSON and
// as text. Figures are deterministic: maps are ordered by count, then name.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/json.h"
#include "base/status.h"
#include "base/summary.h"
#include "trace/import.h"
#include "trace/jsonl.h"
#include "trace/record.h"

namespace stepwise::trace {

class TraceStats {
 public:
  void add(const Trace& t);
  uint64_t records() const { return records_; }
  // {"records", "steps": {"total","min","max","mean","histogram"}, "extraction", "answers",
  //  "sources", "source_kinds", "tasks", "verdict"?, "chars", "duplicate_ids"}. `top` limits
  //  the sources and tasks listed (the rest are summed under "(other)").
  json::Value to_json(size_t top = 20) const;
  // Human-readable lines, each ending in '\n'.
  std::string to_text(size_t top = 10) const;

 private:
  json::Value steps_json() const;
  uint64_t records_ = 0, steps_total_ = 0, steps_min_ = 0, steps_max_ = 0;
  uint64_t question_chars_ = 0, step_chars_ = 0;
  std::map<uint64_t, uint64_t> steps_hist_;
  std::map<std::string, uint64_t> outcomes_, rules_, sources_, kinds_, tasks_, findings_;
  uint64_t with_answer_ = 0, with_gold_ = 0, both_ = 0, agree_ = 0;
  uint64_t verdicts_ = 0, verdict_ok_ = 0, answer_ok_ = 0, with_findings_ = 0;
  std::vector<uint64_t> id_hashes_;
};

struct StatsOptions {
  std::vector<std::string> inputs;  // files ("-" = stdin), each in any importable layout
  ImportOptions import;             // layout detected per file unless given
  ReadOptions read;
  size_t top = 20;  // sources and tasks listed in the JSON figures
};

// Reads every input and fills `summary` with the figures (TraceStats::to_json, plus "inputs":
// [{"path", "layout", "detected", "lines", "records"}], "bad_lines" and "bad_by_kind") and the
// text. Error when an input cannot be opened or a strict `diag` stopped at a bad line.
Status stats(const StatsOptions& opts, Diagnostics& diag, Summary& summary);

}  // namespace stepwise::trace

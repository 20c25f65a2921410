// report.h: how well the verifier sees the synthetic teacher's flaws.
//
// Every synthetic candidate says which flaw it carries (meta.flaws, meta.flaw_step); the
// verifier says whether it is ok and where it first goes wrong. The report crosses the two,
// per flaw type:
//   recall     flagged (verdict not ok) / candidates with the flaw
//   precision  flagged with the flaw / (flagged with the flaw + clean candidates flagged):
//              the precision the verifier would have on a mix of clean candidates and this
//              flaw alone, at the rates of this run
//   located    among flagged candidates whose flaw sits at a step, the share whose
//              first_error is that step
//   warned     candidates with any finding, warnings included
// plus the clean row (false alarms) and the totals, and a row per variant for flaws that have
// several forms (meta.flaw_variant). Drops (texts that did not parse into a trace) count as
// flagged, with their reason as the finding. Plain data; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "trace/record.h"

namespace stepwise::teach {

struct FlawRow {
  std::string flaw;  // "clean", a flaw name, or "<flaw>/<variant>"
  int64_t n = 0, flagged = 0, warned = 0;
  int64_t with_step = 0, located = 0;    // flagged with a flaw step; of those, located
  std::map<std::string, int64_t> codes;  // error-level finding codes of flagged candidates
};

class FlawReport {
 public:
  FlawReport();
  // Adds one candidate and its verdict.
  void add(const trace::Trace& candidate, const trace::Verdict& verdict);
  // Adds one candidate that was dropped before verification (reason "no_steps", ...).
  void add_drop(const json::Value& meta, const std::string& reason);

  const std::vector<FlawRow>& rows() const { return rows_; }  // clean, then every flaw
  // The variant rows of `flaw` (empty when it has none), by variant name.
  std::map<std::string, FlawRow> variants(const std::string& flaw) const;
  double precision() const;  // over all flaws; 1 when nothing was flagged
  double recall() const;     // over all flaws; 0 when there were no flawed candidates
  // {"candidates", "flawed", "flagged", "precision", "recall", "false_alarms",
  //  "flaws": {name: {"n", "flagged", "recall", "precision", "located", "warned", "top_finding",
  //                   "variants": {variant: {the same figures}}}}}
  json::Value to_json() const;
  // The table for people, and a closing line naming the flaws the verifier cannot see.
  std::string to_text() const;

 private:
  void count(const json::Value& meta, bool flagged, bool warned, std::optional<int> first_error,
             const std::vector<std::string>& codes);
  json::Value row_json(const FlawRow& r) const;
  std::string row_text(const FlawRow& r, const std::string& label) const;
  std::vector<FlawRow> rows_;
  std::map<std::string, FlawRow> variant_rows_;  // by "<flaw>/<variant>"
};

}  // namespace stepwise::teach

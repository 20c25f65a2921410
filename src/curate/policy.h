// policy.h: filter policies over verdicts and cross-check signals.
//
// A policy is a base and optional thresholds:
//   strict    answer right and every step valid: verdict.ok && verdict.answer_ok && no finding
//             with severity "error"
//   outcome   answer right (verdict.answer_ok), as rejection-sampling fine-tuning and STaR keep
//   none      no condition on the verdict
//   thresholds, combinable with any base: min agreement, no brittle traces, no cancelled
//             detours, at most N warning findings, alternative solution must agree, the trace
//             states its final answer.
// A policy is written as a comma-separated spec, e.g. "strict", "outcome,no-brittle",
// "strict,min-agreement=0.5,max-warnings=2,require-alt-agree" (parse_policy), or set field by
// field from flags and config files. A record that lacks what the policy needs is dropped with
// a reason of its own (unverified, no_gold, no_crosscheck, alt_unknown), never kept silently.
// The cross-check signals are read from the record's top-level "crosscheck" object
// (docs/curate.md, "Signals"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "curate/drop.h"
#include "trace/record.h"

namespace stepwise::curate {

enum class PolicyBase { kStrict, kOutcome, kNone };

struct Policy {
  PolicyBase base = PolicyBase::kStrict;
  std::optional<double> min_agreement;  // keep only crosscheck.agreement >= this
  bool no_brittle = false;              // drop crosscheck.brittle == true
  bool no_detour = false;               // drop a cancelled detour (crosscheck.detour_step set)
  bool require_stated_answer = false;   // drop an answer found only as the last number
  std::optional<int64_t> max_warnings;  // drop more warning-level findings than this
  bool require_alt_agree = false;       // keep only crosscheck.alt_agree == true
};

// "strict" | "outcome" | "none".
const char* base_name(PolicyBase b);

// Parses a policy spec: comma- or '+'-separated parts, one base name at most (default strict)
// and the modifiers "no-brittle", "no-detour", "require-alt-agree", "require-stated-answer",
// "min-agreement=X" (0..1) and "max-warnings=N" (N >= 0). Error names the part that is not
// understood.
Result<Policy> parse_policy(std::string_view spec);

// The canonical spec of `p`, which parse_policy reads back to the same policy.
std::string policy_spec(const Policy& p);

// The cross-check signals a stage before curation wrote into the record. A field of the wrong
// JSON type reads as absent.
struct CrossSignals {
  bool present = false;             // the record has a "crosscheck" object
  std::optional<double> agreement;  // crosscheck.agreement (0..1)
  std::optional<bool> majority;     // crosscheck.majority
  std::optional<bool> brittle;      // crosscheck.brittle
  std::optional<bool> detour;       // crosscheck.detour_step is a step (null: false)
  std::optional<bool> alt_agree;    // crosscheck.alt_agree (null reads as absent)
};
CrossSignals read_signals(const trace::Trace& t);

// Whether the trace states its final answer: false when the answer was found only as the last
// number of the text (extraction.rule, or the rule the verifier used when the record had no
// answer), as in a trace cut off after a step whose result happens to equal the gold.
bool answer_stated(const trace::Trace& t);

// Number of findings with severity "warning" (0 without a verdict).
int64_t warning_count(const trace::Trace& t);

// Why `p` drops `t`, or nullopt when it keeps it. Checks run in this order and the first that
// fails is the reason: verdict present, gold present, answer right, steps valid, answer stated,
// warnings, cross-check present, agreement, brittleness, detour, alternative agreement.
std::optional<Drop> apply_policy(const Policy& p, const trace::Trace& t, const CrossSignals& s);

}  // namespace stepwise::curate

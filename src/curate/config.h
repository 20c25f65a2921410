// config.h: curate options from a TOML file (`stepwise curate --config policy.toml`).
//
// Tables and keys (all optional; every key maps onto a CurateOptions field, docs/curate.md has
// the full list and examples/curate/*.toml real files):
//   seed = 7
//   [policy]      spec = "strict,no-brittle" | base = "outcome", min_agreement, no_brittle,
//                 max_warnings, require_alt_agree
//   [select]      keep, distinct_paths
//   [dedup]       exact, near, threshold, shingle, num_hashes, bands, rows, bucket_cap
//   [decontaminate] eval = [...], ngram, rules = ["ngram", "template"], examples
//   [difficulty]  steps, operations, digits, carries, clauses, meta
//   [curriculum]  order, stages, pacing, replay, balance, balance_max, fractions = [...]
//   [export]      format, system, strip_annotations
// Unknown tables or keys and values of the wrong type are errors (a typo never passes
// silently). Relative evaluation paths are read relative to the config file's directory.
// Command-line flags given with --config override the file's values. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace stepwise::curate {

struct CurateOptions;

// Applies the TOML text `toml` (named `name` in messages) to `opts`, leaving the fields it
// does not mention as they are. Error: "policy.toml:12:3: [dedup] threshold: expected a number
// in (0, 1]" and the like; `opts` may then be partly updated.
Status apply_config_text(std::string_view toml, const std::string& name, CurateOptions& opts);

// Reads `path` and applies it. Error when it cannot be read or is not a valid config.
Status load_config(const std::string& path, CurateOptions& opts);

}  // namespace stepwise::curate

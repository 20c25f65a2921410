// diagnostics.h: per-record problems, reported with their location and counted.
//
// A bad line never stops a run unless strict mode is on: it is printed as
// "file:line:col: what was expected", counted by kind, and the run goes on. The first
// `max_printed` messages are printed to stderr; the rest are only counted (the summary says how
// many were not shown). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "base/json.h"

namespace stepwise {

class Diagnostics {
 public:
  explicit Diagnostics(bool strict = false, uint64_t max_printed = 20)
      : strict_(strict), max_printed_(max_printed) {}

  // Records one problem. `kind` is a stable short code ("json", "missing_field", "utf8",
  // "too_long", ...); `where` is "file:line" or "file:line:col". Returns false in strict mode,
  // meaning the caller must stop (exit code 1).
  bool report(const std::string& kind, const std::string& where, const std::string& message);

  uint64_t count() const;
  std::map<std::string, uint64_t> by_kind() const;
  bool strict() const { return strict_; }
  // The first error message (for strict-mode failures); empty when none.
  std::string first() const;
  // {"bad_records": N, "by_kind": {...}}
  json::Value to_json() const;
  // Prints "N bad records (json: 2, utf8: 1); M not shown" to stderr when there were any.
  void print_tail() const;
  // When false, nothing is printed (tests).
  void set_print(bool on) { print_ = on; }
  // Also hands every report to `sink` (kind, where, message), under the lock, after counting:
  // for callers that log bad records elsewhere as well (curate's drop report). Empty = none.
  using Sink = std::function<void(const std::string&, const std::string&, const std::string&)>;
  void set_sink(Sink sink) {
    std::lock_guard<std::mutex> lock(mu_);
    sink_ = std::move(sink);
  }

 private:
  mutable std::mutex mu_;
  bool strict_;
  uint64_t max_printed_;
  uint64_t count_ = 0;
  bool print_ = true;
  std::map<std::string, uint64_t> by_kind_;
  std::string first_;
  Sink sink_;
};

}  // namespace stepwise

// summary.h: the figures every verb reports, for people and for scripts.
//
// A verb fills a Summary with its figures (a JSON object) and a human-readable text; emit()
// prints the text to stderr and, when a path is given, writes the same figures as JSON
// (atomically). Scripts and tests read the JSON; people read the text.
#pragma once

#include <string>

#include "base/json.h"
#include "base/status.h"

namespace stepwise {

struct Summary {
  explicit Summary(std::string verb);
  json::Value figures;  // {"verb": ..., ...}; add fields with figures.set(...)
  std::string text;     // lines for people, each ending in '\n'

  void set(std::string_view key, json::Value v) { figures.set(key, std::move(v)); }
  void set_int(std::string_view key, int64_t v) { figures.set(key, json::Value::number(v)); }
  void line(const std::string& s) { text += s + "\n"; }
  // Prints `text` (unless quiet) and writes `figures` to `json_path` when non-empty.
  Status emit(const std::string& json_path, bool quiet = false) const;
};

}  // namespace stepwise

// show.h: `stepwise show`: traces pretty-printed for people.
//
// render_trace() lays a record out with its question, numbered steps (each verifier finding
// printed under the step it concerns), final answer and how it was found, gold, verdict, and
// the remaining fields; colour (ANSI) only when asked. show() selects records from a file by
// id or position and writes them out.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "base/status.h"
#include "base/summary.h"
#include "trace/import.h"
#include "trace/jsonl.h"
#include "trace/record.h"

namespace stepwise::trace {

struct RenderOptions {
  bool color = false;    // ANSI colours and emphasis
  size_t width = 100;    // wrap text to this many columns (0: no wrapping)
  std::string location;  // "file:line", shown in the header when set
};

// One trace as text for people, ending in a newline. Pure; thread-safe.
std::string render_trace(const Trace& t, const RenderOptions& opts);

enum class ColorMode { kAuto, kAlways, kNever };
// "auto" | "always" | "never".
std::optional<ColorMode> parse_color_mode(std::string_view name);

struct ShowOptions {
  std::string input = "-";             // a file in any importable layout; "-" = stdin
  std::string id;                      // show the records with this id (else by position)
  std::optional<uint64_t> index;       // skip to this 0-based position among the good records
  uint64_t count = 1;                  // how many records to show; 0 = every one that matches
  ColorMode color = ColorMode::kAuto;  // auto: when `out` is a terminal and NO_COLOR is unset
  size_t width = 0;                    // 0: the terminal's width, or 100 when not a terminal
  ImportOptions import;
  ReadOptions read;
};

// Writes the selected records to `out`, separated by blank lines, reading no further than
// needed. Fills `summary` (figures: input, layout, shown, scanned, bad_lines). Error when the
// input cannot be opened, when --id or --index selects nothing, or when a strict `diag` stopped
// at a bad line.
Status show(const ShowOptions& opts, Diagnostics& diag, Summary& summary, std::FILE* out);

}  // namespace stepwise::trace

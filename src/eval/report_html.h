// report_html.h: the self-contained HTML report of an eval summary.
//
// One page, viewable with no network: inline CSS, hand-written inline SVG plots, no fonts,
// scripts, images or links to anything outside the page. It compares the evaluated models side
// by side (one colour per model, the same in every table and plot):
//   - a headline table (held-out metrics and robustness accuracies with mean ± std and the delta
//     against held-out) and a per-split table;
//   - plots: learning curves (training loss, held-out loss and accuracy during training),
//     accuracy by difficulty, first-error position histogram, robustness deltas with ± std error
//     bars, accuracy by family;
//   - worked examples of student traces that go wrong, the first wrong step highlighted and the
//     verifier's finding (code + message) beside it;
//   - an optional extra section supplied by the caller (e.g. the demo's claim table).
// The summary format is the one `eval::evaluate` writes (docs/eval.md); the page is described in
// docs/eval-report.md. Every field may be missing, null or of an unexpected type: what exists is
// rendered, the rest shows as "—".
// All text taken from the summary is HTML-escaped. Same summary and options -> same bytes.
// Depends on: base (json).
#pragma once

#include <string>

#include "base/json.h"

namespace stepwise::eval {

// What the page says besides the summary. Defaults render a plain eval report.
struct ReportOptions {
  // The page title (<title> and the heading).
  std::string title = "stepwise eval";
  // Optional extra section, rendered after the examples when it is an object. Recognised keys:
  //   "table_title" (or "title"): the section heading;
  //   "columns": header cells (strings); when absent and rows are objects, their keys;
  //   "rows": an array of rows, each an array of cells or an object keyed by column;
  //           a cell may be a string, number, bool (shown as ✓ yes / ✗ no) or null (—);
  //   "notes": a string or an array of strings, rendered as paragraphs under the table;
  //   "sections": an array of further objects of this same shape, rendered in order.
  // Anything else is ignored; a null or non-object value renders no extra section.
  json::Value extra = json::Value();
};

// Renders the whole HTML document (starting with <!DOCTYPE html>) for `summary`, an object of
// the shape `eval::evaluate` writes ({"k", "seed", "problems", "n_problems", "models": [...]}).
// Never fails: a summary that is not an object, or has no models, yields a page that says there
// is nothing to show. Deterministic; thread-safe (no shared state).
std::string render_html(const json::Value& summary, const ReportOptions& opts = {});

}  // namespace stepwise::eval

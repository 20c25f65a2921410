// report_html_internal.h: the pieces render_html() is built from (report_html.h is the public
// face). Text helpers (report_text.cpp), SVG charts (report_svg.cpp), the plots drawn from a
// summary (report_plots.cpp) and the examples and extra sections (report_examples.cpp).
// Everything here is pure: values in, text out; no state, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"

namespace stepwise::eval::report {

// ---- Text ----------------------------------------------------------------------------------

// Appends `s` with & < > " ' escaped, so it is safe as element text and as a quoted attribute.
// Bytes that are not valid UTF-8 and control characters other than tab/newline/CR become U+FFFD.
void append_escaped(std::string& out, std::string_view s);
std::string escaped(std::string_view s);

// printf-style append (C locale number formatting is what the page relies on).
void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));

// Null-safe access: `v[key]` when `v` is an object holding `key`, else nullptr.
const json::Value* field(const json::Value* v, std::string_view key);
inline const json::Value* field(const json::Value& v, std::string_view key) {
  return field(&v, key);
}
// The number at `v`, or nullopt when `v` is null, missing or not a number.
std::optional<double> number_at(const json::Value* v);
// The text at `v`: a string's content, a number's text, "true"/"false"; "" otherwise.
std::string text_at(const json::Value* v);
// The items of `v` when it is an array (else an empty list) / members when an object.
const std::vector<json::Value>& items_of(const json::Value* v);
const std::vector<json::Member>& members_of(const json::Value* v);

// "12.35" with `decimals` places; never "-0.0".
std::string fixed(double v, int decimals);
// A fraction as a percentage: 0.913 -> "91.3%"; nullopt -> "—".
std::string percent(std::optional<double> v, int decimals = 1);
// A fraction difference as signed percentage points: -0.031 -> "−3.1 pp".
std::string points(double v, int decimals = 1);
// A count with a k/M suffix: 118848 -> "119k", 2400000 -> "2.4M", 950 -> "950".
std::string count(double v);

// The em dash shown for any missing value.
inline constexpr const char* kMissing = "—";

// ---- Models --------------------------------------------------------------------------------

// The colour of the i-th model (a colour-blind-safe palette, cycled).
const char* model_color(std::size_t i);
// The model's "label", or "model N" (1-based) when it has none.
std::string model_label(const json::Value& model, std::size_t i);
// The list of models of a summary (empty when missing or not an array).
const std::vector<json::Value>& models_of(const json::Value& summary);
// A split's accuracy for robustness: sets.mean when present, else accuracy.
std::optional<double> split_mean(const json::Value* split);
// A split's delta against held-out: delta_vs_heldout when present, else split_mean(split) minus
// the held-out accuracy when both exist.
std::optional<double> split_delta(const json::Value& model, const json::Value* split);
// A split's name for people: "heldout" -> "held-out", "ood_digits" -> "OOD digits", ...
std::string split_title(const std::string& name);
// Split names in display order: the standard ones first, then any others by first appearance.
std::vector<std::string> split_names(const json::Value& summary);

// ---- SVG charts ----------------------------------------------------------------------------

enum class YFormat { kPlain, kPercent, kPoints };

struct Series {
  Series(std::string n, std::string c) : name(std::move(n)), color(std::move(c)) {}
  std::string name, color;
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in order
  bool line = true;
  bool markers = false;
  bool dashed = false;
};

struct LineChart {
  LineChart(std::string t, std::string x, std::string y)
      : title(std::move(t)), x_label(std::move(x)), y_label(std::move(y)) {}
  std::string title, x_label, y_label;
  bool log_y = false;  // falls back to linear when some y <= 0
  YFormat y_format = YFormat::kPlain;
  std::optional<double> y_min, y_max;  // fixed bounds (else from the data)
  std::vector<Series> series;
};

struct BarSeries {
  BarSeries(std::string n, std::string c) : name(std::move(n)), color(std::move(c)) {}
  std::string name, color;
  std::vector<std::optional<double>> values;  // one per category; nullopt draws no bar
  std::vector<std::optional<double>> errors;  // ± half-widths (may be shorter than values)
  std::vector<std::string> notes;             // extra tooltip text per category (may be shorter)
};

struct BarChart {
  BarChart(std::string t, std::string x, std::string y)
      : title(std::move(t)), x_label(std::move(x)), y_label(std::move(y)) {}
  std::string title, x_label, y_label;
  YFormat y_format = YFormat::kPercent;
  std::optional<double> y_min, y_max;
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
};

// An <svg> element (responsive: viewBox, width 100%) with axes, ticks, grid, axis labels and a
// legend; "" when there is nothing to draw.
std::string render_line_chart(const LineChart& chart);
std::string render_bar_chart(const BarChart& chart);

// ---- Sections ------------------------------------------------------------------------------

// <section id="plots"> with every plot the summary has data for ("" when none).
std::string render_plots(const json::Value& summary);
// <section id="examples">: per model, the stored examples that go wrong.
std::string render_examples(const json::Value& summary);
// <section id="extra">: ReportOptions::extra ("" when not an object).
std::string render_extra(const json::Value& extra);

}  // namespace stepwise::eval::report

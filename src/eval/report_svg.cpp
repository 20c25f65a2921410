// report_svg.cpp: hand-written SVG line and grouped-bar charts for the HTML report.
//
// Charts are drawn in a fixed 560-unit-wide viewBox and scaled to their container by CSS, so
// text sizes below are in viewBox units. Coordinates are printed with one decimal: the output
// is deterministic and compact. Fonts and colours of text come from the page's CSS.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "eval/report_html_internal.h"

namespace stepwise::eval::report {
namespace {

constexpr double kWidth = 560;
constexpr double kLeft = 58, kRight = 16, kPlotHeight = 200;
constexpr double kCharWidth = 6.2;  // rough width of one character at the 11-unit font size

double text_width(std::string_view s) {
  std::size_t chars = 0;
  for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return static_cast<double>(chars) * kCharWidth;
}

std::string shorten(const std::string& s, std::size_t max_chars) {
  if (s.size() <= max_chars) return s;
  std::size_t cut = max_chars - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "\xE2\x80\xA6";  // …
}

// ---- Axes ----------------------------------------------------------------------------------

struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double step = 0.2;  // linear tick step (for label precision)
  std::vector<double> ticks;
  double frac(double v) const {
    if (log) return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
  }
};

Axis linear_axis(double lo, double hi, int target) {
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= lo == 0 ? 0 : pad;
    hi += pad;
  }
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
  Axis a;
  a.step = step;
  const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
  if (!std::isfinite(first) || !std::isfinite(last) || !(last - first <= 100)) {
    // A range too narrow for its magnitude (or not finite): ticks at the two ends only.
    a.lo = lo;
    a.hi = hi;
    a.ticks = {lo, hi};
    return a;
  }
  a.lo = first * step;
  a.hi = last * step;
  const int n = static_cast<int>(last - first);
  for (int i = 0; i <= n; ++i) a.ticks.push_back((first + i) * step);
  return a;
}

Axis log_axis(double lo, double hi) {
  Axis a;
  a.log = true;
  a.lo = lo / 1.15;
  a.hi = hi * 1.15;
  const int e0 = static_cast<int>(std::floor(std::log10(a.lo)));
  const int e1 = static_cast<int>(std::ceil(std::log10(a.hi)));
  const bool dense = e1 - e0 <= 2;
  for (int e = e0; e <= e1; ++e) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (!dense && m != 1.0) continue;
      const double v = m * std::pow(10.0, e);
      if (v >= a.lo && v <= a.hi) a.ticks.push_back(v);
    }
  }
  return a;
}

int decimals_for(double step) {
  if (step >= 1) return 0;
  return std::min(4, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
}

std::string tick_label(const Axis& a, double v, YFormat format) {
  if (a.log) {
    std::string s;
    appendf(s, "%g", v);
    return s;
  }
  switch (format) {
    case YFormat::kPercent:
      return fixed(v * 100, decimals_for(a.step * 100)) + "%";
    case YFormat::kPoints: {
      std::string s = fixed(v * 100, decimals_for(a.step * 100));
      if (s.front() == '-') return "\xE2\x88\x92" + s.substr(1);
      return v > 0 ? "+" + s : s;
    }
    case YFormat::kPlain:
      break;
  }
  if (a.hi >= 10000 && v == std::floor(v)) return count(v);
  return fixed(v, decimals_for(a.step));
}

std::string value_label(double v, YFormat format) {
  switch (format) {
    case YFormat::kPercent:
      return fixed(v * 100, 0) + "%";
    case YFormat::kPoints: {
      std::string s = fixed(v * 100, 1);
      return s.front() == '-' ? "\xE2\x88\x92" + s.substr(1) : "+" + s;
    }
    case YFormat::kPlain:
      break;
  }
  std::string s;
  appendf(s, "%g", v);
  return s;
}

std::string full_value(double v, YFormat format) {
  switch (format) {
    case YFormat::kPercent:
      return percent(v, 1);
    case YFormat::kPoints:
      return points(v, 1);
    case YFormat::kPlain:
      break;
  }
  std::string s;
  appendf(s, "%g", v);
  return s;
}

// ---- Frame: the plot rectangle, the legend above it, axes around it --------------------------

struct LegendItem {
  std::string name, color;
  bool line = false, dashed = false, marker = false;
};

struct Frame {
  double top = 0, bottom_margin = 44, height = 0;
  double left = kLeft, width = kWidth - kLeft - kRight;
  double x(double f) const { return left + f * width; }
  double y(double f) const { return top + (1 - f) * kPlotHeight; }
};

// Lays out and draws the legend from y=8 down, wrapping rows; returns the height it used.
double draw_legend(std::string& out, const std::vector<LegendItem>& items) {
  double x = kLeft, y = 14;
  for (const auto& it : items) {
    const double w = 22 + text_width(it.name) + 14;
    if (x + w > kWidth - kRight && x > kLeft) {
      x = kLeft;
      y += 18;
    }
    if (it.line) {
      appendf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"", x, y - 4,
              x + 16, y - 4, it.color.c_str());
      out +=
          it.dashed ? " stroke-width=\"2\" stroke-dasharray=\"4 3\"/>" : " stroke-width=\"2.5\"/>";
      if (it.marker) {
        appendf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x + 8, y - 4,
                it.color.c_str());
      }
    } else {
      appendf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>",
              x, y - 10, it.color.c_str());
    }
    appendf(out, "<text class=\"lg\" x=\"%.1f\" y=\"%.1f\">", x + 21, y);
    append_escaped(out, it.name);
    out += "</text>";
    x += w;
  }
  return y + 14;
}

void open_svg(std::string& out, const Frame& f, const std::string& title) {
  appendf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", kWidth,
          f.top + kPlotHeight + f.bottom_margin);
  append_escaped(out, title);
  out += "\"><title>";
  append_escaped(out, title);
  out += "</title>";
}

// Horizontal grid + y tick labels, the y axis label, the x axis label.
void draw_y_axis(std::string& out, const Frame& f, const Axis& a, YFormat format,
                 const std::string& y_label, const std::string& x_label) {
  for (double t : a.ticks) {
    const double y = f.y(a.frac(t));
    appendf(out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            t == 0 && !a.log ? "zero" : "grid", f.left, y, f.left + f.width, y);
    appendf(out, "<text class=\"tk\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f.left - 6,
            y + 3.5);
    append_escaped(out, tick_label(a, t, format));
    out += "</text>";
  }
  const double mid = f.top + kPlotHeight / 2;
  appendf(out,
          "<text class=\"al\" x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
          "transform=\"rotate(-90 14 %.1f)\">",
          mid, mid);
  append_escaped(out, y_label);
  appendf(out, "</text><text class=\"al\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
          f.left + f.width / 2, f.top + kPlotHeight + f.bottom_margin - 8);
  append_escaped(out, x_label);
  out += "</text>";
  appendf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", f.left,
          f.top, f.left, f.top + kPlotHeight);
}

}  // namespace

// ---- Line chart ----------------------------------------------------------------------------

namespace {

// One series: its polyline, and a dot with a tooltip per point when it has markers (or one point).
void draw_series(std::string& out, const Frame& f, const Axis& xa, const Axis& ya, const Series& s,
                 YFormat y_format) {
  std::string pts;
  for (const auto& [x, y] : s.points) {
    appendf(pts, "%s%.1f,%.1f", pts.empty() ? "" : " ", f.x(xa.frac(x)), f.y(ya.frac(y)));
  }
  if (s.line && s.points.size() >= 2) {
    appendf(out,
            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\"%s "
            "points=\"%s\"/>",
            s.color.c_str(), s.dashed ? "1.6" : "2", s.dashed ? " stroke-dasharray=\"4 3\"" : "",
            pts.c_str());
  }
  if (!s.markers && s.points.size() != 1) return;
  for (const auto& [x, y] : s.points) {
    appendf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>", f.x(xa.frac(x)),
            f.y(ya.frac(y)), s.color.c_str());
    append_escaped(
        out, s.name + " @ " + tick_label(xa, x, YFormat::kPlain) + ": " + full_value(y, y_format));
    out += "</title></circle>";
  }
}

}  // namespace

std::string render_line_chart(const LineChart& c) {
  bool log_y = c.log_y;  // only for finite positive values a log10 can place
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const auto& s : c.series) {
    for (const auto& [x, y] : s.points) log_y = log_y && y > 1e-300 && y < 1e300;
  }
  for (const auto& s : c.series) {
    for (const auto& [x, y] : s.points) {
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  }
  if (!(x0 <= x1)) return "";
  const Axis xa = linear_axis(x0, x1, 6);
  const Axis ya =
      log_y ? log_axis(y0, y1) : linear_axis(c.y_min.value_or(y0), c.y_max.value_or(y1), 5);

  std::string body;
  std::vector<LegendItem> legend;
  for (const auto& s : c.series) legend.push_back({s.name, s.color, true, s.dashed, s.markers});
  Frame f;
  f.top = draw_legend(body, legend) + 6;
  draw_y_axis(body, f, ya, c.y_format, c.y_label, c.x_label);
  const double base = f.top + kPlotHeight;
  appendf(body, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", f.left,
          base, f.left + f.width, base);
  for (double t : xa.ticks) {
    const double x = f.x(xa.frac(t));
    appendf(body, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, base,
            x, base + 4);
    appendf(body, "<text class=\"tk\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, base + 16);
    append_escaped(body, tick_label(xa, t, YFormat::kPlain));
    body += "</text>";
  }
  for (const auto& s : c.series) draw_series(body, f, xa, ya, s, c.y_format);
  std::string out;
  open_svg(out, f, c.title);
  out += body;
  out += "</svg>";
  return out;
}

// ---- Grouped bar chart ---------------------------------------------------------------------

namespace {

std::optional<double> at(const std::vector<std::optional<double>>& v, std::size_t i) {
  return i < v.size() ? v[i] : std::nullopt;
}

// Category labels under the bands; rotated when they do not fit. Returns the bottom margin.
double category_margin(const std::vector<std::string>& cats, double band, bool* rotate) {
  double widest = 0;
  for (const auto& s : cats) widest = std::max(widest, text_width(shorten(s, 22)));
  *rotate = widest > band - 6;
  return *rotate ? 34 + widest * 0.5 : 44;
}

void draw_bar(std::string& out, const Frame& f, const Axis& a, double x, double w,
              const BarSeries& s, std::size_t i, const std::string& category, YFormat format,
              bool label) {
  const auto v = at(s.values, i);
  if (!v) return;
  const auto e = at(s.errors, i);
  const double y0 = f.y(a.frac(std::clamp(0.0, a.lo, a.hi)));
  const double yv = f.y(a.frac(std::clamp(*v, a.lo, a.hi)));
  const double top = std::min(y0, yv), h = std::max(std::fabs(y0 - yv), 0.8);
  appendf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x,
          top, w, h, s.color.c_str());
  std::string tip = s.name + " \xC2\xB7 " + category + ": " + full_value(*v, format);
  if (e) tip += " \xC2\xB1 " + fixed(*e * (format == YFormat::kPlain ? 1 : 100), 1);
  if (i < s.notes.size() && !s.notes[i].empty()) tip += " (" + s.notes[i] + ")";
  append_escaped(out, tip);
  out += "</title></rect>";
  const double cx = x + w / 2;
  if (e && *e > 0) {
    const double ya = f.y(a.frac(std::clamp(*v - *e, a.lo, a.hi)));
    const double yb = f.y(a.frac(std::clamp(*v + *e, a.lo, a.hi)));
    appendf(out, "<path class=\"err\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\"/>", cx,
            ya, yb, cx - 4, ya, cx + 4, cx - 4, yb, cx + 4);
  }
  if (label) {
    const double reach = *v >= 0 ? std::min(yv, e ? f.y(a.frac(std::min(*v + *e, a.hi))) : yv)
                                 : std::max(yv, e ? f.y(a.frac(std::max(*v - *e, a.lo))) : yv);
    const double ly = *v >= 0 ? reach - 4 : reach + 11;
    appendf(out, "<text class=\"vl\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, ly);
    append_escaped(out, value_label(*v, format));
    out += "</text>";
  }
}

}  // namespace

std::string render_bar_chart(const BarChart& c) {
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& s : c.series) {
    for (std::size_t i = 0; i < c.categories.size(); ++i) {
      const auto v = at(s.values, i);
      if (!v) continue;
      const double e = at(s.errors, i).value_or(0);
      lo = std::min(lo, *v - e), hi = std::max(hi, *v + e), any = true;
    }
  }
  if (!any) return "";
  // Room for the value labels beyond the longest bars.
  const double span = hi - lo;
  if (lo < 0) lo -= span * 0.08;
  // Accuracies stop at 100%: no padding past it.
  if (hi > 0)
    hi = c.y_format == YFormat::kPercent && hi <= 1 ? std::min(hi + span * 0.08, 1.0)
                                                    : hi + span * 0.08;
  const Axis ya = linear_axis(c.y_min.value_or(lo), c.y_max ? std::max(*c.y_max, hi) : hi, 5);

  std::string body;
  std::vector<LegendItem> legend;
  for (const auto& s : c.series) legend.push_back({s.name, s.color});
  Frame f;
  f.top = draw_legend(body, legend) + 10;
  const double band = f.width / static_cast<double>(c.categories.size());
  bool rotate = false;
  f.bottom_margin = category_margin(c.categories, band, &rotate);
  draw_y_axis(body, f, ya, c.y_format, c.y_label, c.x_label);

  const double n = static_cast<double>(std::max<std::size_t>(c.series.size(), 1));
  const double w = std::min(band * 0.8 / n, 46.0);
  const bool labels = w >= 18 && static_cast<double>(c.categories.size()) * n <= 16;
  const double base = f.top + kPlotHeight;
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double left = f.left + band * static_cast<double>(i);
    const double start = left + (band - w * n) / 2;
    for (std::size_t k = 0; k < c.series.size(); ++k) {
      draw_bar(body, f, ya, start + w * static_cast<double>(k), w - 1, c.series[k], i,
               c.categories[i], c.y_format, labels);
    }
    const double cx = left + band / 2;
    const std::string name = shorten(c.categories[i], 22);
    if (rotate) {
      appendf(body,
              "<text class=\"tk\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
              "transform=\"rotate(-30 %.1f %.1f)\">",
              cx, base + 14, cx, base + 14);
    } else {
      appendf(body, "<text class=\"tk\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx,
              base + 16);
    }
    append_escaped(body, name);
    body += "</text>";
  }
  appendf(body, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", f.left,
          base, f.left + f.width, base);
  std::string out;
  open_svg(out, f, c.title);
  out += body;
  out += "</svg>";
  return out;
}

}  // namespace stepwise::eval::report

// report_text.cpp: escaping, number formatting and null-safe summary access for the report.
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "eval/report_html_internal.h"

namespace stepwise::eval::report {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence starting with lead byte `c` (0 when `c` cannot start one).
std::size_t sequence_length(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = sequence_length(c);
      if (n != 0 && i + n <= s.size() && json::valid_utf8(s.substr(i, n))) {
        out.append(s.substr(i, n));
        i += n;
      } else {
        out += kReplacement;
        ++i;
      }
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += static_cast<char>(c);
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += kReplacement;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

std::string escaped(std::string_view s) {
  std::string out;
  append_escaped(out, s);
  return out;
}

void appendf(std::string& out, const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n < 0) return;
  if (static_cast<std::size_t>(n) < sizeof buf) {
    out.append(buf, static_cast<std::size_t>(n));
    return;
  }
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  va_start(args, format);
  std::vsnprintf(big.data(), big.size(), format, args);
  va_end(args);
  big.resize(static_cast<std::size_t>(n));
  out += big;
}

const json::Value* field(const json::Value* v, std::string_view key) {
  return v != nullptr ? v->find(key) : nullptr;  // find() is nullptr for non-objects
}

std::optional<double> number_at(const json::Value* v) {
  if (v == nullptr || !v->is_number()) return std::nullopt;
  const auto d = v->as_double();
  if (!d || !std::isfinite(*d)) return std::nullopt;
  return d;
}

std::string text_at(const json::Value* v) {
  if (v == nullptr) return "";
  if (v->is_string() || v->is_number()) return v->str();
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  return "";
}

const std::vector<json::Value>& items_of(const json::Value* v) {
  static const std::vector<json::Value> kEmpty;
  return v != nullptr && v->is_array() ? v->items() : kEmpty;
}

const std::vector<json::Member>& members_of(const json::Value* v) {
  static const std::vector<json::Member> kEmpty;
  return v != nullptr && v->is_object() ? v->members() : kEmpty;
}

std::string fixed(double v, int decimals) {
  std::string out;
  appendf(out, "%.*f", decimals, v);
  // "-0.0" reads as a real negative value in a table: print zero plainly.
  if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string percent(std::optional<double> v, int decimals) {
  if (!v) return kMissing;
  return fixed(*v * 100.0, decimals) + "%";
}

std::string points(double v, int decimals) {
  std::string s = fixed(v * 100.0, decimals);
  if (s.front() == '-') return "\xE2\x88\x92" + s.substr(1) + " pp";  // U+2212 minus
  if (s.find_first_not_of("0.") == std::string::npos) return "\xC2\xB1" + s + " pp";
  return "+" + s + " pp";
}

std::string count(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fixed(v / 1e9, a >= 1e10 ? 0 : 1) + "B";
  if (a >= 1e6) return fixed(v / 1e6, a >= 1e7 ? 0 : 1) + "M";
  if (a >= 1e4) return fixed(v / 1e3, 0) + "k";
  if (a >= 1e3) return fixed(v / 1e3, 1) + "k";
  return fixed(v, v == std::floor(v) ? 0 : 2);
}

const char* model_color(std::size_t i) {
  // Tableau 10: distinguishable for the common colour-vision deficiencies, prints well.
  static constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                             "#b07aa1", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"};
  return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

std::string model_label(const json::Value& model, std::size_t i) {
  std::string label = text_at(field(model, "label"));
  if (label.empty()) label = "model " + std::to_string(i + 1);
  return label;
}

const std::vector<json::Value>& models_of(const json::Value& summary) {
  return items_of(field(summary, "models"));
}

std::optional<double> split_mean(const json::Value* split) {
  if (auto m = number_at(field(field(split, "sets"), "mean"))) return m;
  return number_at(field(split, "accuracy"));
}

std::optional<double> split_delta(const json::Value& model, const json::Value* split) {
  if (auto d = number_at(field(split, "delta_vs_heldout"))) return d;
  const auto mean = split_mean(split);
  const auto held = number_at(field(field(field(model, "splits"), "heldout"), "accuracy"));
  if (!mean || !held) return std::nullopt;
  return *mean - *held;
}

std::string split_title(const std::string& name) {
  if (name == "heldout") return "held-out";
  if (name == "ood_digits") return "OOD digits";
  if (name == "ood") return "OOD";
  return name;
}

std::vector<std::string> split_names(const json::Value& summary) {
  std::vector<std::string> names = {"heldout", "numbers", "distractor", "ood_digits", "ood"};
  std::vector<bool> seen(names.size(), false);
  for (const auto& m : models_of(summary)) {
    for (const auto& [name, value] : members_of(field(m, "splits"))) {
      std::size_t i = 0;
      while (i < names.size() && names[i] != name) ++i;
      if (i == names.size()) {
        names.push_back(name);
        seen.push_back(true);
      } else {
        seen[i] = true;
      }
    }
  }
  std::vector<std::string> present;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (seen[i]) present.push_back(names[i]);
  }
  return present;
}

}  // namespace stepwise::eval::report

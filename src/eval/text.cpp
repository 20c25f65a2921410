// The terminal table of an evaluation summary.
#include <cstdio>
#include <string>

#include "eval/eval.h"
#include "eval/generations.h"

namespace stepwise::eval {
namespace {

// "91.0%", or "-" for a missing or null share.
std::string pct(const json::Value* v) {
  if (!v || !v->is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * v->as_double().value_or(0));
  return buf;
}

// A signed difference in percentage points: "-3.0".
std::string points(const json::Value* v) {
  if (!v || !v->is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", 100.0 * v->as_double().value_or(0));
  return buf;
}

// `s` padded with spaces to `w` columns (UTF-8 aware: "±" is one column), at least one space.
std::string pad(const std::string& s, size_t w) {
  size_t cols = 0;
  for (unsigned char c : s) cols += (c & 0xC0) != 0x80;
  return cols >= w ? s + " " : s + std::string(w - cols, ' ');
}

const json::Value* at(const json::Value& v, std::string_view a, std::string_view b = {}) {
  const json::Value* x = v.find(a);
  if (x && !b.empty()) x = x->find(b);
  return x;
}

std::string held_out_row(const json::Value& m) {
  const json::Value* s = at(m, "splits", "heldout");
  if (!s) return "";
  const json::Value* n = s->find("n");
  std::string row =
      pad(at(m, "label") ? at(m, "label")->str() : "?", 8) + pad(n ? n->str() : "-", 6);
  for (const char* key :
       {"accuracy", "accuracy_flexible", "extraction_failure", "maj_at_k", "best_of_k_verified",
        "sampled_accuracy", "step_validity", "trace_valid", "right_answer_wrong_process"})
    row += pad(pct(s->find(key)), 10);
  return row;
}

// "88.0% ±2.0 (-3.0)": accuracy, spread across sets, change against held-out.
std::string robustness_cell(const json::Value* s) {
  if (!s) return "-";
  std::string cell = pct(s->find("accuracy"));
  if (const json::Value* sets = s->find("sets"); sets && sets->find("std")) {
    const json::Value* sd = sets->find("std");
    if (sd->is_number()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " ±%.1f", 100.0 * sd->as_double().value_or(0));
      cell += buf;
    }
  }
  return cell + " (" + points(s->find("delta_vs_heldout")) + ")";
}

}  // namespace

std::string summary_text(const json::Value& summary) {
  const json::Value* models = summary.find("models");
  if (!models || !models->is_array()) return "";
  std::string out;
  const json::Value* k = summary.find("k");
  out += "held-out problems: " + (summary.find("problems") ? summary.find("problems")->str() : "") +
         ", k = " + (k ? k->str() : "1") +
         " (accuracy: greedy sample; maj@k, best-of-k: all k; sampled: samples 2..k)\n";
  out += pad("model", 8) + pad("n", 6) + pad("strict", 10) + pad("flexible", 10) +
         pad("no-####", 10) + pad("maj@k", 10) + pad("best@k", 10) + pad("sampled", 10) +
         pad("steps-ok", 10) + pad("valid", 10) + pad("right/bad", 10) + "\n";
  for (const auto& m : models->items()) out += held_out_row(m) + "\n";
  bool any = false;
  for (const auto& m : models->items())
    for (const char* split : kSplits)
      any = any || (std::string_view(split) != "heldout" && at(m, "splits", split));
  if (!any) return out;
  out += "robustness (accuracy ±std across sets, change vs held-out in points):\n";
  out += pad("model", 8);
  for (const char* split : kSplits)
    if (std::string_view(split) != "heldout") out += pad(split, 24);
  out += "\n";
  for (const auto& m : models->items()) {
    out += pad(at(m, "label") ? at(m, "label")->str() : "?", 8);
    for (const char* split : kSplits)
      if (std::string_view(split) != "heldout")
        out += pad(robustness_cell(at(m, "splits", split)), 24);
    out += "\n";
  }
  return out;
}

}  // namespace stepwise::eval

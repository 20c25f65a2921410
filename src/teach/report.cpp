#include "teach/report.h"

#include <algorithm>
#include <cstdio>

#include "teach/synthetic.h"

namespace stepwise::teach {

namespace {

double ratio(int64_t a, int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0;
}

std::string top_code(const FlawRow& r) {
  std::string best;
  int64_t n = 0;
  for (const auto& [code, c] : r.codes) {
    if (c > n) best = code, n = c;
  }
  return best;
}

std::string fixed(double v, int digits = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

FlawReport::FlawReport() {
  rows_.resize(kFlawCount + 1);
  rows_[0].flaw = "clean";
  for (int i = 0; i < kFlawCount; ++i) rows_[i + 1].flaw = flaw_name(static_cast<Flaw>(i));
}

namespace {

void count_into(FlawRow& row, const json::Value& meta, bool flagged, bool warned,
                std::optional<int> first_error, const std::vector<std::string>& codes) {
  ++row.n;
  if (warned) ++row.warned;
  if (!flagged) return;
  ++row.flagged;
  for (const std::string& c : codes) ++row.codes[c];
  const json::Value* step = meta.find("flaw_step");
  if (step && step->is_number()) {
    ++row.with_step;
    if (first_error && step->as_int() == *first_error) ++row.located;
  }
}

}  // namespace

void FlawReport::count(const json::Value& meta, bool flagged, bool warned,
                       std::optional<int> first_error, const std::vector<std::string>& codes) {
  const json::Value* flaws = meta.find("flaws");
  std::string flaw;
  if (flaws && flaws->is_array() && !flaws->items().empty() && flaws->items()[0].is_string()) {
    flaw = flaws->items()[0].str();
  }
  FlawRow* row = &rows_[0];
  for (FlawRow& r : rows_) {
    if (!flaw.empty() && r.flaw == flaw) row = &r;
  }
  count_into(*row, meta, flagged, warned, first_error, codes);
  const json::Value* variant = meta.find("flaw_variant");
  if (row != &rows_[0] && variant && variant->is_string()) {
    FlawRow& v = variant_rows_[flaw + "/" + variant->str()];
    v.flaw = flaw + "/" + variant->str();
    count_into(v, meta, flagged, warned, first_error, codes);
  }
}

void FlawReport::add(const trace::Trace& candidate, const trace::Verdict& verdict) {
  std::vector<std::string> codes;
  for (const trace::Finding& f : verdict.findings) {
    if (f.severity == "error" && std::find(codes.begin(), codes.end(), f.code) == codes.end()) {
      codes.push_back(f.code);
    }
  }
  count(candidate.meta, !verdict.ok, !verdict.findings.empty(), verdict.first_error, codes);
}

void FlawReport::add_drop(const json::Value& meta, const std::string& reason) {
  count(meta, true, true, std::nullopt, {"drop:" + reason});
}

std::map<std::string, FlawRow> FlawReport::variants(const std::string& flaw) const {
  std::map<std::string, FlawRow> out;
  for (const auto& [key, row] : variant_rows_) {
    if (key.compare(0, flaw.size() + 1, flaw + "/") == 0) out[key.substr(flaw.size() + 1)] = row;
  }
  return out;
}

double FlawReport::precision() const {
  int64_t tp = 0;
  for (size_t i = 1; i < rows_.size(); ++i) tp += rows_[i].flagged;
  int64_t all = tp + rows_[0].flagged;
  return all > 0 ? ratio(tp, all) : 1.0;
}

double FlawReport::recall() const {
  int64_t tp = 0, n = 0;
  for (size_t i = 1; i < rows_.size(); ++i) tp += rows_[i].flagged, n += rows_[i].n;
  return ratio(tp, n);
}

json::Value FlawReport::row_json(const FlawRow& r) const {
  using json::Value;
  const int64_t fp = rows_[0].flagged;
  Value row = Value::object();
  row.set("n", Value::number(r.n));
  row.set("flagged", Value::number(r.flagged));
  row.set("recall", Value::number(ratio(r.flagged, r.n)));
  row.set("precision", Value::number(r.flagged + fp > 0 ? ratio(r.flagged, r.flagged + fp) : 1.0));
  row.set("located", r.with_step > 0 ? Value::number(ratio(r.located, r.with_step)) : Value());
  row.set("warned", Value::number(r.warned));
  row.set("top_finding", Value::string(top_code(r)));
  return row;
}

json::Value FlawReport::to_json() const {
  using json::Value;
  int64_t total = 0, flawed = 0, flagged = 0;
  Value flaws = Value::object();
  for (size_t i = 0; i < rows_.size(); ++i) {
    const FlawRow& r = rows_[i];
    total += r.n;
    flagged += r.flagged;
    if (i == 0) continue;
    flawed += r.n;
    Value row = row_json(r);
    auto vs = variants(r.flaw);
    if (!vs.empty()) {
      Value variants_json = Value::object();
      for (const auto& [name, vr] : vs) variants_json.set(name, row_json(vr));
      row.set("variants", std::move(variants_json));
    }
    flaws.set(r.flaw, std::move(row));
  }
  Value v = Value::object();
  v.set("candidates", Value::number(total));
  v.set("flawed", Value::number(flawed));
  v.set("flagged", Value::number(flagged));
  v.set("false_alarms", Value::number(rows_[0].flagged));
  v.set("precision", Value::number(precision()));
  v.set("recall", Value::number(recall()));
  v.set("flaws", std::move(flaws));
  return v;
}

std::string FlawReport::row_text(const FlawRow& r, const std::string& label) const {
  const int64_t fp = rows_[0].flagged;
  std::string prec = r.flagged + fp > 0 ? fixed(ratio(r.flagged, r.flagged + fp)) : "-";
  std::string loc = r.with_step > 0 ? fixed(ratio(r.located, r.with_step), 2) : "-";
  char line[256];
  std::snprintf(line, sizeof line, "  %-22s %6lld %8lld %7s %9s %8s %7lld  %s\n", label.c_str(),
                static_cast<long long>(r.n), static_cast<long long>(r.flagged),
                fixed(ratio(r.flagged, r.n)).c_str(), prec.c_str(), loc.c_str(),
                static_cast<long long>(r.warned), top_code(r).c_str());
  return line;
}

std::string FlawReport::to_text() const {
  char line[256];
  std::string out = "verifier vs. planted flaws (flagged = verdict not ok; warned = any finding)\n";
  std::snprintf(line, sizeof line, "  %-22s %6s %8s %7s %9s %8s %7s  %s\n", "flaw", "n", "flagged",
                "recall", "precision", "located", "warned", "top finding");
  out += line;
  const FlawRow& clean = rows_[0];
  std::snprintf(line, sizeof line, "  %-22s %6lld %8lld %7s %9s %8s %7lld  %s\n", "clean",
                static_cast<long long>(clean.n), static_cast<long long>(clean.flagged), "-", "-",
                "-", static_cast<long long>(clean.warned),
                clean.flagged ? (top_code(clean) + " (false alarms)").c_str() : "");
  out += line;
  std::vector<std::string> unseen;
  for (size_t i = 1; i < rows_.size(); ++i) {
    const FlawRow& r = rows_[i];
    if (r.n == 0) continue;
    out += row_text(r, r.flaw);
    if (ratio(r.flagged, r.n) < 0.5)
      unseen.push_back(r.flaw + " (" + fixed(ratio(r.flagged, r.n), 2) + ")");
    for (const auto& [name, vr] : variants(r.flaw)) {
      out += row_text(vr, "  - " + name);
      if (ratio(vr.flagged, vr.n) < 0.5) {
        unseen.push_back(r.flaw + "/" + name + " (" + fixed(ratio(vr.flagged, vr.n), 2) + ")");
      }
    }
  }
  std::snprintf(line, sizeof line, "  %-22s %6s %8s %7s %9s\n", "all flaws", "", "",
                fixed(recall()).c_str(), fixed(precision()).c_str());
  out += line;
  if (!unseen.empty()) {
    out += "  mostly invisible to the per-step verifier (recall < 0.5):";
    for (size_t i = 0; i < unseen.size(); ++i) out += (i ? ", " : " ") + unseen[i];
    out += "\n";
  }
  return out;
}

}  // namespace stepwise::teach

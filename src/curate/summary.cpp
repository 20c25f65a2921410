// The curate summary: the same figures for people (text) and scripts (JSON).
#include <cmath>
#include <cstdio>

#include "curate/curate.h"
#include "curate/curate_internal.h"

namespace stepwise::curate {
namespace {

json::Value num(uint64_t v) { return json::Value::number(static_cast<int64_t>(v)); }
json::Value real(double v) { return json::Value::number(std::round(v * 1000.0) / 1000.0); }
json::Value str(std::string s) { return json::Value::string(std::move(s)); }

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

json::Value dropped_json(const CurateResult& r) {
  auto d = json::Value::object();
  for (size_t i = 0; i < kNumDrops; ++i) d.set(kDropNames[i], num(r.dropped[i]));
  return d;
}

json::Value selection_json(const CurateOptions& o, const CurateResult& r) {
  auto s = json::Value::object();
  s.set("keep", num(static_cast<uint64_t>(std::max(o.select.keep, 0))));
  s.set("distinct_paths", json::Value::boolean(o.select.distinct_paths));
  s.set("candidates", num(r.candidates));
  s.set("problems", num(r.problems));
  return s;
}

json::Value dedup_json(const CurateOptions& o, const CurateResult& r) {
  auto d = json::Value::object();
  d.set("exact", json::Value::boolean(o.dedup.exact));
  d.set("near", json::Value::boolean(o.dedup.near));
  d.set("threshold", real(o.dedup.threshold));
  d.set("shingle", num(static_cast<uint64_t>(o.dedup.shingle)));
  d.set("bands", num(static_cast<uint64_t>(r.bands)));
  d.set("rows", num(static_cast<uint64_t>(r.rows)));
  d.set("memory_bytes", num(r.dedup_bytes));
  return d;
}

json::Value curriculum_json(const CurateOptions& o, const CurateResult& r) {
  auto c = json::Value::object();
  c.set("order", str(order_name(o.curriculum.order)));
  c.set("stages", num(static_cast<uint64_t>(o.curriculum.stages)));
  c.set("pacing", str(pacing_name(o.curriculum.pacing)));
  c.set("replay", real(o.curriculum.replay));
  auto sizes = json::Value::array();
  for (uint64_t s : r.stage_sizes) sizes.push(num(s));
  c.set("stage_sizes", std::move(sizes));
  auto d = json::Value::object();
  d.set("min", real(r.difficulty_min));
  d.set("mean", real(r.difficulty_mean));
  d.set("max", real(r.difficulty_max));
  c.set("difficulty", std::move(d));
  auto b = json::Value::object();
  b.set("enabled", json::Value::boolean(o.balance));
  b.set("buckets", num(r.balance_buckets));
  b.set("cap", num(r.balance_cap));
  c.set("balance", std::move(b));
  return c;
}

json::Value fractions_json(const CurateOptions& o, const CurateResult& r) {
  auto f = json::Value::array();
  for (const auto& [p, n] : r.fractions) {
    auto e = json::Value::object();
    e.set("percent", num(static_cast<uint64_t>(p)));
    e.set("records", num(n));
    e.set("path", str(internal::fraction_path(o.output, p)));
    f.push(std::move(e));
  }
  return f;
}

void human_text(const CurateOptions& o, const CurateResult& r, Summary& s) {
  uint64_t dropped = r.read - r.kept;
  const std::string keep = o.select.keep > 0
                               ? "keep " + std::to_string(o.select.keep) + " per problem"
                               : "keep every distinct path";
  s.line("curate: " + std::to_string(r.read) + " read -> " + std::to_string(r.kept) + " kept, " +
         std::to_string(dropped) + " dropped (policy " + policy_spec(o.policy) + ", " + keep +
         ", order " + order_name(o.curriculum.order) + ")");
  std::string reasons;
  for (size_t i = 0; i < kNumDrops; ++i) {
    if (r.dropped[i] == 0) continue;
    reasons += (reasons.empty() ? "" : ", ") + std::string(kDropNames[i]) + " " +
               std::to_string(r.dropped[i]);
  }
  if (!reasons.empty()) s.line("  dropped: " + reasons);
  s.line("  check: " + std::to_string(r.kept) + " kept + " + std::to_string(dropped) +
         " dropped = " + std::to_string(r.read) + " read");
  if (!r.decontam_text.empty()) s.text += r.decontam_text;
  if (r.kept > 0) {
    std::string sizes;
    for (uint64_t n : r.stage_sizes) sizes += " " + std::to_string(n);
    s.line("  difficulty " + fixed(r.difficulty_min, 2) + " .. " + fixed(r.difficulty_max, 2) +
           " (mean " + fixed(r.difficulty_mean, 2) + "); stages" + sizes);
  }
  if (o.balance)
    s.line("  balance: " + std::to_string(r.balance_buckets) + " buckets, cap " +
           std::to_string(r.balance_cap));
  s.line("  wrote " + o.output + " (" + std::to_string(r.kept) + " records, " +
         format_name(o.exporter.format) + ")");
  for (const auto& [p, n] : r.fractions)
    s.line("  wrote " + internal::fraction_path(o.output, p) + " (" + std::to_string(n) +
           " records, " + std::to_string(p) + "%)");
  if (!o.report.empty()) s.line("  dropped records listed in " + o.report);
  s.line("  " + fixed(r.seconds, 2) + " s, peak memory " + std::to_string(r.peak_rss >> 20) +
         " MiB");
}

}  // namespace

void summarize(const CurateOptions& o, const CurateResult& r, Summary& s) {
  auto inputs = json::Value::array();
  for (const auto& in : o.inputs) inputs.push(str(in));
  s.set("inputs", std::move(inputs));
  s.set("output", str(o.output));
  s.set("format", str(format_name(o.exporter.format)));
  s.set("policy", str(policy_spec(o.policy)));
  s.set("seed", num(o.seed));
  s.set("read", num(r.read));
  s.set("kept", num(r.kept));
  s.set("bad_lines", num(r.bad_lines));
  s.set("dropped", dropped_json(r));
  s.set("selection", selection_json(o, r));
  s.set("dedup", dedup_json(o, r));
  s.set("decontamination", r.decontam);
  s.set("curriculum", curriculum_json(o, r));
  s.set("fractions", fractions_json(o, r));
  if (!o.report.empty()) s.set("report", str(o.report));
  s.set("spill_bytes", num(r.spill_bytes));
  s.set("peak_rss_bytes", num(r.peak_rss));
  s.set("seconds", real(r.seconds));
  human_text(o, r, s);
}

}  // namespace stepwise::curate

// `stepwise gen`: unique problems from several families, written as JSON Lines.
#include "tasks/gen.h"

#include <charconv>
#include <chrono>
#include <unordered_set>

#include "base/hash.h"
#include "base/progress.h"
#include "tasks/families_internal.h"
#include "trace/jsonl.h"

namespace stepwise::tasks {
namespace {

struct FamilyState {
  const Family* family = nullptr;
  FamilyReport report;
  std::unordered_set<uint64_t> seen;
  uint64_t next_index = 0;
  int64_t consecutive = 0;
  bool done = false;
};

std::string difficulty_text(int lo, int hi) {
  return lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
}

Result<std::vector<const Family*>> resolve(const std::vector<std::string>& names) {
  std::vector<const Family*> out;
  auto add = [&](const Family* f) {
    for (const Family* g : out)
      if (g == f) return;
    out.push_back(f);
  };
  for (const std::string& n : names) {
    if (n == "all") {
      for (const Family* f : families()) add(f);
      continue;
    }
    const Family* f = find_family(n);
    if (!f) return Error{"unknown family \"" + n + "\" (stepwise gen --list shows them)"};
    add(f);
  }
  if (out.empty()) return Error{"no family named (stepwise gen --list shows them)"};
  return out;
}

// Draws the next unique problem of `s`; false when the family is exhausted.
bool next_unique(FamilyState& s, const GenOptions& o,
                 const std::function<void(const trace::Trace&)>& sink,
                 std::vector<std::string>& warnings) {
  for (;;) {
    uint64_t index = s.next_index++;
    Rng rng = instance_rng(o.seed, s.family->name(), index);
    int span = o.max_difficulty - o.min_difficulty + 1;
    int d = o.min_difficulty + static_cast<int>(rng.below(static_cast<uint64_t>(span)));
    auto r = draw_rendered(*s.family, d, rng, o.format, nullptr);
    bool fresh = false;
    if (!r) {
      ++s.report.failed;
    } else if (s.seen.insert(hash64(r->trace.question)).second) {
      fresh = true;
    } else {
      ++s.report.duplicates;
    }
    if (fresh) {
      s.consecutive = 0;
      r->trace.meta.set("seed_index", json::Value::number(static_cast<int64_t>(index)));
      sink(r->trace);
      ++s.report.generated;
      return true;
    }
    if (++s.consecutive >= o.max_consecutive_duplicates) {
      s.done = s.report.exhausted = true;
      warnings.push_back(s.family->name() + ": only " + std::to_string(s.report.generated) +
                         " distinct problems at difficulty " +
                         difficulty_text(o.min_difficulty, o.max_difficulty) + "; generated " +
                         std::to_string(s.report.generated) + " of " + std::to_string(o.n));
      return false;
    }
  }
}

}  // namespace

Rng instance_rng(uint64_t seed, std::string_view family, uint64_t index) {
  return Rng(hash_combine(hash_combine(seed, hash64(family)), index));
}

Status parse_difficulty(std::string_view text, int& lo, int& hi) {
  auto num = [](std::string_view s, int& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  size_t dash = text.find('-');
  bool ok = dash == std::string_view::npos
                ? num(text, lo) && num(text, hi)
                : num(text.substr(0, dash), lo) && num(text.substr(dash + 1), hi);
  if (!ok || lo < kMinDifficulty || hi > kMaxDifficulty || lo > hi)
    return Error{"bad difficulty \"" + std::string(text) + "\": expected D or D1-D2 within 1-5"};
  return Status::Ok();
}

Result<GenReport> generate_many(const GenOptions& opts,
                                const std::function<void(const trace::Trace&)>& sink) {
  if (opts.n < 0) return Error{"-n must be >= 0"};
  if (opts.min_difficulty < kMinDifficulty || opts.max_difficulty > kMaxDifficulty ||
      opts.min_difficulty > opts.max_difficulty)
    return Error{"bad difficulty range"};
  auto fams = resolve(opts.families);
  if (!fams) return fams.error();
  auto start = std::chrono::steady_clock::now();
  std::vector<FamilyState> states;
  for (const Family* f : *fams) {
    FamilyState s;
    s.family = f;
    s.report.family = f->name();
    s.report.requested = opts.n;
    states.push_back(std::move(s));
  }
  GenReport report;
  for (int64_t i = 0; i < opts.n; ++i) {
    for (FamilyState& s : states) {
      if (s.done) continue;
      if (next_unique(s, opts, sink, report.warnings)) ++report.records;
    }
  }
  for (FamilyState& s : states) report.families.push_back(s.report);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

Result<GenReport> run_gen(const GenOptions& opts, Summary& summary) {
  trace::JsonlWriter out;
  if (Status st = out.open(opts.output); !st) return st.error();
  auto fams = resolve(opts.families);
  if (!fams) return fams.error();
  Progress progress("gen", static_cast<uint64_t>(opts.n) * fams->size(), "traces");
  auto report = generate_many(opts, [&](const trace::Trace& t) {
    out.write(t);
    progress.add(1);
  });
  if (!report) return report.error();
  progress.finish();
  if (Status st = out.commit(); !st) return st.error();
  summary.set_int("records", report->records);
  summary.set("format", json::Value::string(opts.format == Format::kTrace ? "trace" : "answer"));
  summary.set("seed", json::Value::number(static_cast<int64_t>(opts.seed)));
  summary.set("difficulty",
              json::Value::string(difficulty_text(opts.min_difficulty, opts.max_difficulty)));
  summary.set("output", json::Value::string(opts.output));
  summary.set("seconds", json::Value::number(report->seconds));
  json::Value fams_json = json::Value::object();
  for (const FamilyReport& r : report->families) {
    json::Value f = json::Value::object();
    f.set("requested", json::Value::number(r.requested));
    f.set("generated", json::Value::number(r.generated));
    f.set("duplicates", json::Value::number(r.duplicates));
    f.set("failed", json::Value::number(r.failed));
    f.set("exhausted", json::Value::boolean(r.exhausted));
    fams_json.set(r.family, std::move(f));
  }
  summary.set("families", std::move(fams_json));
  json::Value warn = json::Value::array();
  for (const std::string& w : report->warnings) warn.push(json::Value::string(w));
  summary.set("warnings", std::move(warn));
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f", report->seconds);
  summary.line("gen: " + std::to_string(report->records) + " records from " +
               std::to_string(report->families.size()) + " families (difficulty " +
               difficulty_text(opts.min_difficulty, opts.max_difficulty) + ", seed " +
               std::to_string(opts.seed) + ") -> " + opts.output + " in " + secs + " s");
  for (const FamilyReport& r : report->families)
    if (r.duplicates > 0 || r.failed > 0)
      summary.line("  " + r.family + ": " + std::to_string(r.generated) +
                   " generated; duplicates skipped: " + std::to_string(r.duplicates) +
                   (r.failed ? "; failed draws: " + std::to_string(r.failed) : ""));
  for (const std::string& w : report->warnings) summary.line("warning: " + w);
  return report;
}

std::string list_families_text() {
  std::string out;
  for (const Family* f : families()) {
    std::string name = f->name();
    name.resize(std::max<size_t>(name.size(), 24), ' ');
    out += name + f->description() + "\n";
    Rng rng = instance_rng(0, f->name(), 0);
    auto t = generate(*f, 2, rng);
    if (t) out += "    e.g. " + t->question + "\n";
  }
  return out;
}

}  // namespace stepwise::tasks

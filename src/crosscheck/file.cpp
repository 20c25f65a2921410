// crosscheck_file(): stream groups of candidates through check_group (crosscheck.h).
#include <chrono>
#include <cstdio>
#include <memory>
#include <unordered_set>

#include "base/hash.h"
#include "base/progress.h"
#include "crosscheck/crosscheck.h"
#include "trace/jsonl.h"

namespace stepwise::crosscheck {
namespace {

std::string fmt_rate(double num, double den) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", den > 0 ? 100.0 * num / den : 0.0);
  return buf;
}

// One group being collected: the records as read and as traces.
struct Group {
  std::string key;
  std::vector<json::Value> raw;
  std::vector<trace::Trace> traces;
};

class Runner {
 public:
  Runner(const FileOptions& o, trace::JsonlWriter* w, Figures& f) : o_(o), w_(w), f_(f) {}

  void add(json::Value raw, trace::Trace t) {
    std::string key = group_key(t);
    if (!g_.traces.empty() && key != g_.key) flush();
    if (g_.traces.empty()) {
      g_.key = key;
      if (!seen_.insert(hash64(key)).second) ++f_.groups_split;
    }
    g_.raw.push_back(std::move(raw));
    g_.traces.push_back(std::move(t));
  }

  void flush() {
    if (g_.traces.empty()) return;
    std::vector<Signals> s = check_group(g_.traces, o_.check);
    ++f_.problems;
    for (size_t i = 0; i < s.size(); ++i) {
      f_.add(s[i]);
      if (o_.report) f_.flaws.add(g_.traces[i], s[i]);
      if (w_) {
        g_.raw[i].set("crosscheck", s[i].to_json());
        w_->write(g_.raw[i]);
      }
    }
    g_ = Group{};
  }

 private:
  const FileOptions& o_;
  trace::JsonlWriter* w_;
  Figures& f_;
  Group g_;
  std::unordered_set<uint64_t> seen_;
};

}  // namespace

void Figures::add(const Signals& s) {
  ++candidates;
  agreement_sum += s.agreement;
  lifted += s.lifted;
  brittle += s.brittle;
  brittle_undecided += s.brittle_undecided;
  perturbations += static_cast<uint64_t>(s.perturbations);
  if (s.distractor_ok) {
    ++distractor_tested;
    distractor_ok += *s.distractor_ok;
  }
  if (s.alt_agree) {
    ++alt_tested;
    alt_agree += *s.alt_agree;
  }
  for (const std::string& f : s.flags) ++flags[f];
}

json::Value Figures::to_json() const {
  using json::Value;
  auto num = [](uint64_t v) { return Value::number(static_cast<int64_t>(v)); };
  Value o = Value::object();
  o.set("problems", num(problems));
  o.set("candidates", num(candidates));
  o.set("mean_agreement", Value::number(candidates ? agreement_sum / candidates : 0.0));
  o.set("lifted", num(lifted));
  o.set("lift_rate", Value::number(candidates ? double(lifted) / candidates : 0.0));
  o.set("brittle", num(brittle));
  o.set("brittle_undecided", num(brittle_undecided));
  o.set("perturbations", num(perturbations));
  o.set("alt_tested", num(alt_tested));
  o.set("alt_agree", num(alt_agree));
  o.set("distractor_tested", num(distractor_tested));
  o.set("distractor_ok", num(distractor_ok));
  o.set("groups_split", num(groups_split));
  o.set("bad_lines", num(bad_lines));
  Value fl = Value::object();
  for (const char* code : all_flags()) {
    auto it = flags.find(code);
    fl.set(code, num(it == flags.end() ? 0 : it->second));
  }
  o.set("flags", std::move(fl));
  o.set("seconds", Value::number(seconds));
  if (!flaws.empty()) o.set("flaw_table", flaws.to_json());
  return o;
}

std::string Figures::to_text() const {
  std::string t;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%llu problems, %llu candidates, mean agreement %.3f\n",
                (unsigned long long)problems, (unsigned long long)candidates,
                candidates ? agreement_sum / candidates : 0.0);
  t += buf;
  t += "lifted " + std::to_string(lifted) + " (" + fmt_rate(lifted, candidates) + "), brittle " +
       std::to_string(brittle) + " (undecided " + std::to_string(brittle_undecided) + "), " +
       std::to_string(perturbations) + " perturbed runs\n";
  t += "alternative solution agrees " + std::to_string(alt_agree) + "/" +
       std::to_string(alt_tested) + ", distractor invariant " + std::to_string(distractor_ok) +
       "/" + std::to_string(distractor_tested) + "\n";
  t += "flags:";
  for (const char* code : all_flags()) {
    auto it = flags.find(code);
    t += std::string(" ") + code + " " + std::to_string(it == flags.end() ? 0 : it->second);
  }
  t += "\n";
  if (groups_split) t += std::to_string(groups_split) + " problems were not contiguous\n";
  if (!flaws.empty()) t += flaws.to_text();
  return t;
}

Result<Figures> crosscheck_file(const std::string& in, const std::string& out,
                                const FileOptions& options, Diagnostics& diag) {
  auto start = std::chrono::steady_clock::now();
  auto reader = trace::JsonlReader::open(in);
  if (!reader) return reader.error();
  std::unique_ptr<trace::JsonlWriter> writer;
  if (!out.empty()) {
    writer = std::make_unique<trace::JsonlWriter>();
    if (Status st = writer->open(out); !st) return st.error();
  }
  Figures fig;
  Runner run(options, writer.get(), fig);
  std::unique_ptr<Progress> progress;
  if (options.progress) progress = std::make_unique<Progress>("crosscheck", 0, "records");
  json::Value v;
  while ((*reader)->next(v, diag)) {
    json::Value raw = v;
    auto t = trace::from_json(std::move(v));
    if (!t) {
      if (!diag.report("bad_record", (*reader)->where(), t.error().message)) break;
      continue;
    }
    run.add(std::move(raw), std::move(*t));
    if (progress) progress->add();
  }
  if (diag.strict() && diag.count() > 0) return Error{diag.first()};
  run.flush();
  if (progress) progress->finish();
  fig.bad_lines = diag.count();
  if (writer) {
    if (Status st = writer->commit(); !st) return st.error();
  }
  fig.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return fig;
}

}  // namespace stepwise::crosscheck

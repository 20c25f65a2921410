#include "trace/stats.h"

#include <algorithm>
#include <cstdio>

#include "base/hash.h"
#include "trace/answer.h"
#include "trace/scan.h"
#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

constexpr uint64_t kHistogramMax = 50;  // step counts above this share one bucket

using Counts = std::vector<std::pair<std::string, uint64_t>>;

// By count (descending), then name; at most `top` entries, the rest summed as "(other)".
Counts ranked(const std::map<std::string, uint64_t>& m, size_t top) {
  Counts v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (top > 0 && v.size() > top) {
    uint64_t rest = 0;
    for (size_t i = top; i < v.size(); ++i) rest += v[i].second;
    v.resize(top);
    v.emplace_back("(other)", rest);
  }
  return v;
}

json::Value num(uint64_t n) { return json::Value::number(static_cast<int64_t>(n)); }

json::Value counts_json(const Counts& c) {
  auto out = json::Value::object();
  for (const auto& [k, n] : c) out.set(k, num(n));
  return out;
}

std::string counts_text(const Counts& c) {
  std::string out;
  for (const auto& [k, n] : c) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(n);
  return out.empty() ? "-" : out;
}

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string bucket_name(uint64_t steps) {
  return steps > kHistogramMax ? std::to_string(kHistogramMax + 1) + "+" : std::to_string(steps);
}

std::string percent(uint64_t n, uint64_t of) {
  return of ? fixed(100.0 * static_cast<double>(n) / static_cast<double>(of), 1) + "%" : "-";
}

}  // namespace

void TraceStats::add(const Trace& t) {
  uint64_t n = t.steps.size();
  steps_min_ = records_ == 0 ? n : std::min(steps_min_, n);
  steps_max_ = std::max(steps_max_, n);
  ++records_;
  steps_total_ += n;
  ++steps_hist_[std::min(n, kHistogramMax + 1)];
  question_chars_ += t.question.size();
  for (const Step& s : t.steps) step_chars_ += s.text.size();
  if (t.extraction) {
    ++outcomes_[outcome_name(t.extraction->outcome)];
    if (!t.extraction->rule.empty()) ++rules_[t.extraction->rule];
  } else {
    ++outcomes_["absent"];
  }
  std::string kind = t.source && !t.source->kind.empty() ? t.source->kind : "(none)";
  std::string name = t.source && !t.source->name.empty() ? t.source->name : "(none)";
  ++kinds_[kind];
  ++sources_[kind + "/" + name];
  ++tasks_[t.task.empty() ? "(none)" : t.task];
  with_answer_ += t.answer.has_value();
  with_gold_ += t.gold.has_value();
  if (t.answer && t.gold) {
    ++both_;
    agree_ += answer_key(normalize_answer(*t.answer)) == answer_key(normalize_answer(*t.gold));
  }
  if (t.verdict) {
    ++verdicts_;
    verdict_ok_ += t.verdict->ok;
    answer_ok_ += t.verdict->answer_ok;
    with_findings_ += !t.verdict->findings.empty();
    for (const Finding& f : t.verdict->findings) ++findings_[f.code];
  }
  id_hashes_.push_back(hash64(t.id));
}

json::Value TraceStats::steps_json() const {
  auto steps = json::Value::object();
  steps.set("total", num(steps_total_));
  steps.set("min", num(steps_min_));
  steps.set("max", num(steps_max_));
  double mean = records_ ? static_cast<double>(steps_total_) / static_cast<double>(records_) : 0;
  steps.set("mean", json::Value::number_raw(fixed(mean, 3)));
  auto hist = json::Value::object();
  for (const auto& [k, n] : steps_hist_) hist.set(bucket_name(k), num(n));
  steps.set("histogram", std::move(hist));
  return steps;
}

json::Value TraceStats::to_json(size_t top) const {
  auto out = json::Value::object();
  out.set("records", num(records_));
  out.set("steps", steps_json());
  out.set("extraction", counts_json(ranked(outcomes_, 0)));
  out.set("extraction_rules", counts_json(ranked(rules_, 0)));
  auto answers = json::Value::object();
  answers.set("with_answer", num(with_answer_));
  answers.set("with_gold", num(with_gold_));
  answers.set("both", num(both_));
  answers.set("agree", num(agree_));
  answers.set("disagree", num(both_ - agree_));
  out.set("answers", std::move(answers));
  out.set("source_kinds", counts_json(ranked(kinds_, top)));
  out.set("sources", counts_json(ranked(sources_, top)));
  out.set("tasks", counts_json(ranked(tasks_, top)));
  if (verdicts_ > 0) {
    auto v = json::Value::object();
    v.set("present", num(verdicts_));
    v.set("ok", num(verdict_ok_));
    v.set("answer_ok", num(answer_ok_));
    v.set("with_findings", num(with_findings_));
    v.set("findings", counts_json(ranked(findings_, top)));
    out.set("verdict", std::move(v));
  }
  auto chars = json::Value::object();
  double qm = records_ ? static_cast<double>(question_chars_) / static_cast<double>(records_) : 0;
  double sm =
      steps_total_ ? static_cast<double>(step_chars_) / static_cast<double>(steps_total_) : 0;
  chars.set("question_mean", json::Value::number_raw(fixed(qm, 1)));
  chars.set("step_mean", json::Value::number_raw(fixed(sm, 1)));
  out.set("chars", std::move(chars));
  std::vector<uint64_t> ids = id_hashes_;
  std::sort(ids.begin(), ids.end());
  uint64_t dups = 0;
  for (size_t i = 1; i < ids.size(); ++i) dups += ids[i] == ids[i - 1];
  out.set("duplicate_ids", num(dups));
  return out;
}

std::string TraceStats::to_text(size_t top) const {
  json::Value f = to_json(top);
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  double mean = records_ ? static_cast<double>(steps_total_) / static_cast<double>(records_) : 0;
  line("steps per trace: min " + std::to_string(steps_min_) + ", mean " + fixed(mean, 2) +
       ", max " + std::to_string(steps_max_) + " (" + std::to_string(steps_total_) + " steps)");
  uint64_t peak = 0;
  for (const auto& [k, n] : steps_hist_) peak = std::max(peak, n);
  for (const auto& [k, n] : steps_hist_) {
    size_t bar = peak ? static_cast<size_t>((n * 40 + peak - 1) / peak) : 0;
    char label[16];
    std::snprintf(label, sizeof label, "%6s ", bucket_name(k).c_str());
    line(std::string(label) + std::string(bar, '#') + " " + std::to_string(n));
  }
  line("final answers: " + counts_text(ranked(outcomes_, 0)) +
       (rules_.empty() ? "" : "; rules: " + counts_text(ranked(rules_, 0))));
  line("answer vs gold: " + std::to_string(with_answer_) + " with answer, " +
       std::to_string(with_gold_) + " with gold; of " + std::to_string(both_) + " with both, " +
       std::to_string(agree_) + " agree (" + percent(agree_, both_) + "), " +
       std::to_string(both_ - agree_) + " differ");
  line("sources: " + counts_text(ranked(sources_, top)));
  line("tasks: " + counts_text(ranked(tasks_, top)));
  if (verdicts_ > 0)
    line("verdicts: " + std::to_string(verdicts_) + " present, " + std::to_string(verdict_ok_) +
         " ok (" + percent(verdict_ok_, verdicts_) + "), " + std::to_string(answer_ok_) +
         " answer ok; findings: " + counts_text(ranked(findings_, top)));
  line("duplicate ids: " + f.find("duplicate_ids")->str());
  return out;
}

Status stats(const StatsOptions& opts, Diagnostics& diag, Summary& summary) {
  TraceStats st;
  auto inputs = json::Value::array();
  bool stopped = false;
  std::string names;
  for (const std::string& path : opts.inputs) {
    auto scan = scan_records(
        path, opts.import, opts.read, diag,
        [&](Trace& t, const JsonlReader&) {
          st.add(t);
          return true;
        },
        "stats");
    if (!scan) return scan.error();
    auto in = json::Value::object();
    std::string shown = path == "-" ? "<stdin>" : path;
    in.set("path", json::Value::string(shown));
    in.set("layout", json::Value::string(layout_name(scan->layout)));
    in.set("detected", json::Value::boolean(scan->detected));
    in.set("lines", num(scan->lines));
    in.set("records", num(scan->records));
    inputs.push(std::move(in));
    names += (names.empty() ? "" : ", ") + shown + " (" + layout_name(scan->layout) +
             (scan->detected ? ", detected)" : ")");
    if (scan->stopped) {
      stopped = true;
      break;
    }
  }
  summary.set("inputs", std::move(inputs));
  summary.set_int("bad_lines", static_cast<int64_t>(diag.count()));
  summary.set("bad_by_kind", *diag.to_json().find("by_kind"));
  json::Value figures = st.to_json(opts.top);
  for (auto& m : figures.members()) summary.set(m.first, std::move(m.second));
  summary.line("stats: " + count_of(st.records(), "record") + " from " + names + ", " +
               count_of(diag.count(), "bad line"));
  summary.text += st.to_text();
  if (stopped) return Error{"stopped at the first bad record (--strict): " + diag.first()};
  return Status::Ok();
}

}  // namespace stepwise::trace

// report.cpp: the demo's figures (demo.json), its claim with confidence intervals, the terminal
// table and the HTML report (eval's page, with the claim table as its extra section).
#include <algorithm>
#include <cstdio>

#include "base/atomic_file.h"
#include "demo/demo_internal.h"
#include "eval/eval.h"
#include "eval/report_html.h"

namespace stepwise::demo {

namespace {

const json::Value* path(const json::Value& v, std::initializer_list<std::string_view> keys) {
  const json::Value* cur = &v;
  for (std::string_view k : keys) {
    if (!cur->is_object()) return nullptr;
    cur = cur->find(k);
    if (!cur) return nullptr;
  }
  return cur;
}

double number_at(const json::Value& v, std::initializer_list<std::string_view> keys,
                 double fallback = -1) {
  const json::Value* x = path(v, keys);
  return x && x->as_double() ? *x->as_double() : fallback;
}

// The eval summary's entry of model `label`.
const json::Value* model_of(const json::Value& summary, const std::string& label) {
  const json::Value* models = summary.find("models");
  if (!models || !models->is_array()) return nullptr;
  for (const auto& m : models->items())
    if (const json::Value* l = m.find("label"); l && l->is_string() && l->str() == label) return &m;
  return nullptr;
}

double split_accuracy(const json::Value& summary, const std::string& label, const char* split) {
  const json::Value* m = model_of(summary, label);
  return m ? number_at(*m, {"splits", split, "accuracy"}) : -1;
}

// What a held-out figure is read from: the greedy answers, or the completions sampled after
// them (the eval summary's "sampled" member, see evaluate_seed).
enum class Measure { kGreedy, kSampled };

const json::Value* heldout_of(const json::Value& summary, const std::string& label, Measure m) {
  const json::Value* s = m == Measure::kGreedy ? &summary : summary.find("sampled");
  const json::Value* model = s ? model_of(*s, label) : nullptr;
  return model ? path(*model, {"splits", "heldout"}) : nullptr;
}

// Held-out accuracy of `label`; -1 when the summary does not have it.
double accuracy_of(const json::Value& summary, const std::string& label, Measure m) {
  const json::Value* h = heldout_of(summary, label, m);
  return h ? number_at(*h, {m == Measure::kGreedy ? "accuracy" : "sampled_accuracy"}) : -1;
}

// The held-out problems both students answered, as two aligned vectors of each problem's share
// of right answers: eval's "correct" (0 or 1), or its "sampled_correct" over the samples.
std::pair<std::vector<double>, std::vector<double>> paired_correct(const json::Value& summary,
                                                                   const std::string& x,
                                                                   const std::string& y,
                                                                   Measure m) {
  std::pair<std::vector<double>, std::vector<double>> out;
  const char* key = m == Measure::kGreedy ? "correct" : "sampled_correct";
  double per = 1;
  if (m == Measure::kSampled) per = number_at(summary, {"sampled", "k"}, 2) - 1;
  const json::Value* hx = heldout_of(summary, x, m);
  const json::Value* hy = heldout_of(summary, y, m);
  const json::Value* cx = hx ? hx->find(key) : nullptr;
  const json::Value* cy = hy ? hy->find(key) : nullptr;
  if (!cx || !cy || !cx->is_object() || !cy->is_object() || per <= 0) return out;
  for (const auto& [id, v] : cx->members())
    if (const json::Value* w = cy->find(id)) {
      out.first.push_back(static_cast<double>(v.as_int().value_or(0)) / per);
      out.second.push_back(static_cast<double>(w->as_int().value_or(0)) / per);
    }
  return out;
}

// The differences the claim reports, with their names in the table.
const std::pair<const char*, const char*> kDifferences[] = {
    {"a_minus_b", "(a) - (b)"},
    {"a_minus_c", "(a) - (c)"},
    {"a_minus_c_sampled", "(a) - (c), sampled"}};

json::Value interval_json(const Interval& i) {
  json::Value v = json::Value::object();
  v.set("mean", json::Value::number(i.mean));
  v.set("lo", json::Value::number(i.lo));
  v.set("hi", json::Value::number(i.hi));
  v.set("n", json::Value::number(i.n));
  return v;
}

// Difference x - y: over seeds when there are several, else over the held-out problems.
json::Value difference(const std::vector<json::Value>& sums, const std::string& x,
                       const std::string& y, Measure m = Measure::kGreedy) {
  Interval i;
  std::string over;
  if (sums.size() > 1) {
    std::vector<double> d;
    for (const auto& s : sums) d.push_back(accuracy_of(s, x, m) - accuracy_of(s, y, m));
    i = mean_ci(d);
    over = "seeds";
  } else {
    auto [cx, cy] = paired_correct(sums[0], x, y, m);
    i = paired_ci(cx, cy);
    over = "problems (paired)";
  }
  i.lo = std::max(-1.0, i.lo);  // a difference of accuracies stays within [-1, 1]
  i.hi = std::min(1.0, i.hi);
  json::Value v = interval_json(i);
  v.set("over", json::Value::string(over));
  v.set("significant", json::Value::boolean(i.n > 1 && (i.lo > 0 || i.hi < 0)));
  return v;
}

// The mean of accuracies with its interval, kept within [0, 1].
json::Value accuracy_interval(const std::vector<double>& xs) {
  Interval i = mean_ci(xs);
  i.lo = std::max(0.0, i.lo);
  i.hi = std::min(1.0, i.hi);
  return interval_json(i);
}

json::Value student_json(const StudentPlan& s, const json::Value& runs,
                         const std::vector<json::Value>& sums) {
  json::Value v = json::Value::object();
  v.set("label", json::Value::string(s.label));
  v.set("description", json::Value::string(s.description));
  v.set("data", json::Value::string(s.data));
  v.set("mode", json::Value::string(train::mode_name(s.mode)));
  v.set("d_model", json::Value::number(s.model.d_model));
  v.set("n_layer", json::Value::number(s.model.n_layer));
  for (const auto& r : runs.items())
    if (const json::Value* l = r.find("label"); l && l->str() == s.label) {
      if (const json::Value* n = r.find("params")) v.set("params", *n);
      if (const json::Value* b = r.find("batch_rows")) v.set("batch_rows", *b);
      break;
    }
  // Each figure over the seeds that have it, as a mean with its interval.
  auto set_figure = [&](const char* key, auto accuracy) {
    std::vector<double> xs;
    for (const auto& sum : sums)
      if (double a = accuracy(sum); a >= 0) xs.push_back(a);
    if (!xs.empty()) v.set(key, accuracy_interval(xs));
  };
  for (const char* split : {"heldout", "numbers", "distractor"})
    set_figure(split, [&](const json::Value& sum) { return split_accuracy(sum, s.label, split); });
  set_figure("sampled",
             [&](const json::Value& sum) { return accuracy_of(sum, s.label, Measure::kSampled); });
  return v;
}

std::string pct_text(const json::Value* iv) {
  if (!iv) return "-";
  char buf[64];
  double m = number_at(*iv, {"mean"});
  if (number_at(*iv, {"n"}) > 1)
    std::snprintf(buf, sizeof buf, "%.1f%% [%.1f, %.1f]", 100 * m, 100 * number_at(*iv, {"lo"}),
                  100 * number_at(*iv, {"hi"}));
  else
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * m);
  return buf;
}

// The claim as the report's extra section: one row per student, notes with the differences.
json::Value claim_section(const json::Value& demo) {
  json::Value sec = json::Value::object();
  sec.set("table_title", json::Value::string("The claim: a small student on validated traces"));
  json::Value cols = json::Value::array();
  for (const char* c : {"student", "trained on", "mode", "parameters", "held-out accuracy",
                        "sampled", "new numbers", "distractor"})
    cols.push(json::Value::string(c));
  sec.set("columns", std::move(cols));
  json::Value rows = json::Value::array();
  const json::Value* students = demo.find("students");
  for (const auto& s : students ? students->items() : std::vector<json::Value>{}) {
    json::Value row = json::Value::array();
    row.push(*s.find("label"));
    row.push(*s.find("description"));
    row.push(*s.find("mode"));
    row.push(s.find("params") ? *s.find("params") : json::Value());
    for (const char* split : {"heldout", "sampled", "numbers", "distractor"})
      row.push(json::Value::string(pct_text(s.find(split))));
    rows.push(std::move(row));
  }
  sec.set("rows", std::move(rows));
  json::Value notes = json::Value::array();
  for (const auto& [key, name] : kDifferences) {
    const json::Value* c = path(demo, {"claim", key});
    if (!c) continue;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s: %+.1f points (95%% CI %+.1f to %+.1f, over %s): %s.", name,
                  100 * number_at(*c, {"mean"}), 100 * number_at(*c, {"lo"}),
                  100 * number_at(*c, {"hi"}), c->find("over")->str().c_str(),
                  c->find("significant")->as_bool() ? "significant" : "not significant");
    notes.push(json::Value::string(buf));
  }
  sec.set("notes", std::move(notes));
  return sec;
}

}  // namespace

json::Value build_demo_json(const DemoOptions& o, const std::vector<StudentPlan>& plans,
                            const json::Value& stages, const json::Value& runs,
                            const std::vector<json::Value>& sums, double seconds) {
  json::Value opts = json::Value::object();
  json::Value fams = json::Value::array();
  for (const auto& f : o.families) fams.push(json::Value::string(f));
  opts.set("families", std::move(fams));
  opts.set("difficulty", json::Value::string(std::to_string(o.min_difficulty) + "-" +
                                             std::to_string(o.max_difficulty)));
  opts.set("problems_per_family", json::Value::number(o.problems));
  opts.set("heldout_per_family", json::Value::number(o.heldout));
  opts.set("k", json::Value::number(int64_t{o.k}));
  opts.set("flaw_rate", json::Value::number(number_at(stages, {"teach", "flaw_rate"}, 0)));
  opts.set("steps", json::Value::number(o.steps));
  opts.set("digits", json::Value::string(o.place_digits ? "place" : "plain"));
  opts.set("seed", json::Value::number(static_cast<int64_t>(o.seed)));
  opts.set("seeds", json::Value::number(int64_t{o.seeds}));
  opts.set("quick", json::Value::boolean(o.quick));
  json::Value d = json::Value::object();
  d.set("options", std::move(opts));
  d.set("machine", machine_json());
  d.set("stages", stages);
  json::Value students = json::Value::array();
  for (const auto& s : plans) students.push(student_json(s, runs, sums));
  d.set("students", std::move(students));
  d.set("training", runs);
  json::Value seeds = json::Value::array();
  for (size_t i = 0; i < sums.size(); ++i) {
    json::Value s = json::Value::object();
    s.set("seed", json::Value::number(static_cast<int64_t>(o.seed + i)));
    for (auto [key, m] : {std::pair{"heldout_accuracy", Measure::kGreedy},
                          std::pair{"sampled_accuracy", Measure::kSampled}}) {
      if (m == Measure::kSampled && !sums[i].find("sampled")) continue;
      json::Value acc = json::Value::object();
      for (const auto& p : plans)
        acc.set(p.label, json::Value::number(accuracy_of(sums[i], p.label, m)));
      s.set(key, std::move(acc));
    }
    seeds.push(std::move(s));
  }
  d.set("seeds", std::move(seeds));
  json::Value claim = json::Value::object();
  claim.set("a_minus_b", difference(sums, "a", "b"));
  claim.set("a_minus_c", difference(sums, "a", "c"));
  if (!sums.empty() && sums[0].find("sampled"))
    claim.set("a_minus_c_sampled", difference(sums, "a", "c", Measure::kSampled));
  d.set("claim", std::move(claim));
  d.set("seconds", json::Value::number(seconds));
  return d;
}

std::string demo_table(const json::Value& demo) {
  auto pct = pct_text;
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-3s %-42s %9s  %-22s %-22s %-22s %-22s\n", "", "student",
                "params", "held-out accuracy", "sampled", "new numbers", "distractor");
  out += line;
  const json::Value* students = demo.find("students");
  for (const auto& s : students ? students->items() : std::vector<json::Value>{}) {
    std::snprintf(
        line, sizeof line, "%-3s %-42s %9lld  %-22s %-22s %-22s %-22s\n",
        s.find("label")->str().c_str(), s.find("description")->str().c_str(),
        static_cast<long long>(s.find("params") ? s.find("params")->as_int().value_or(0) : 0),
        pct(s.find("heldout")).c_str(), pct(s.find("sampled")).c_str(),
        pct(s.find("numbers")).c_str(), pct(s.find("distractor")).c_str());
    out += line;
  }
  for (const auto& [key, name] : kDifferences) {
    const json::Value* c = path(demo, {"claim", key});
    if (!c) continue;
    std::snprintf(line, sizeof line, "%s: %+.1f points, 95%% CI [%+.1f, %+.1f] over %s: %s\n", name,
                  100 * number_at(*c, {"mean"}), 100 * number_at(*c, {"lo"}),
                  100 * number_at(*c, {"hi"}), c->find("over")->str().c_str(),
                  c->find("significant")->as_bool() ? "significant" : "not significant");
    out += line;
  }
  const json::Value* ac = path(demo, {"claim", "a_minus_c"});
  if (ac && ac->find("over")->str() != "seeds")
    out +=
        "(one training seed: the intervals cover the choice of held-out problems, not the "
        "seed-to-seed spread of training; --seeds N measures that)\n";
  return out;
}

Status write_reports(const Paths& p, const json::Value& demo, const json::Value& last) {
  std::string text;
  json::append_pretty(text, demo);
  if (auto st = write_file_atomic(p.dir + "/demo.json", text + "\n"); !st) return st;
  text.clear();
  json::append_pretty(text, last);
  if (auto st = write_file_atomic(p.dir + "/eval.json", text + "\n"); !st) return st;
  std::string table = demo_table(demo);
  if (auto st = write_file_atomic(p.dir + "/table.txt", table); !st) return st;
  eval::ReportOptions r;
  r.title = "stepwise demo: validated traces vs. a larger answer-only model";
  r.extra = claim_section(demo);
  return write_file_atomic(p.dir + "/report.html", eval::render_html(last, r));
}

}  // namespace stepwise::demo

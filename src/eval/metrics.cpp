// A split's figures from its scored samples.
#include "eval/metrics.h"

#include <cmath>
#include <map>
#include <type_traits>
#include <utility>

#include "trace/answer.h"

namespace stepwise::eval {
namespace {

json::Value share(int64_t num, int64_t den) {
  if (den <= 0) return json::Value();
  return json::Value::number(static_cast<double>(num) / static_cast<double>(den));
}

json::Value num(int64_t v) { return json::Value::number(v); }

// Counts for one group of problems (a family, a difficulty).
struct Tally {
  int64_t n = 0, right = 0;
  json::Value to_json() const {
    json::Value v = json::Value::object();
    v.set("n", num(n));
    v.set("accuracy", share(right, n));
    return v;
  }
};

template <typename Key>
json::Value tallies(const std::map<Key, Tally>& m) {
  json::Value v = json::Value::object();
  for (const auto& [k, t] : m) {
    if constexpr (std::is_same_v<Key, std::string>) {
      v.set(k, t.to_json());
    } else {
      v.set(std::to_string(k), t.to_json());
    }
  }
  return v;
}

// Step figures over the first samples: steps, valid steps, valid traces, right answers with a
// failed process, first-error positions.
struct StepFigures {
  int64_t steps = 0, valid_steps = 0, traces = 0, valid_traces = 0, right = 0, right_bad = 0;
  std::map<int, int64_t> first_error;
  void add(const Scored& s) {
    ++traces;
    for (const auto& m : s.steps) {
      ++steps;
      valid_steps += m.ok;
    }
    valid_traces += s.trace_valid;
    if (s.correct) {
      ++right;
      right_bad += !s.trace_valid;
    }
    if (s.first_error >= 0) ++first_error[s.first_error];
  }
  json::Value hist() const {
    json::Value v = json::Value::object();
    for (const auto& [k, n] : first_error) v.set(std::to_string(k), num(n));
    return v;
  }
};

}  // namespace

int majority_sample(const std::vector<Scored>& samples, bool passing_only) {
  std::vector<std::pair<std::string, int>> keys;  // key -> first sample, in order seen
  std::map<std::string, int> count;
  for (size_t i = 0; i < samples.size(); ++i) {
    const Scored& s = samples[i];
    if (s.strict.empty() || (passing_only && !s.process_ok)) continue;
    std::string key = trace::answer_key(trace::normalize_answer(s.strict));
    if (count[key]++ == 0) keys.emplace_back(key, static_cast<int>(i));
  }
  int best = -1, best_count = 0;
  for (const auto& [key, first] : keys) {
    if (count[key] > best_count) {
      best = first;
      best_count = count[key];
    }
  }
  return best;
}

bool majority_correct(const std::vector<Scored>& samples) {
  int i = majority_sample(samples, false);
  return i >= 0 && samples[static_cast<size_t>(i)].correct;
}

bool best_of_k_correct(const std::vector<Scored>& samples) {
  int i = majority_sample(samples, true);
  if (i < 0) i = majority_sample(samples, false);
  return i >= 0 && samples[static_cast<size_t>(i)].correct;
}

json::Value set_stats(const std::vector<double>& per_set) {
  json::Value v = json::Value::object();
  double n = static_cast<double>(per_set.size()), mean = 0, ss = 0;
  for (double a : per_set) mean += a;
  if (!per_set.empty()) mean /= n;
  for (double a : per_set) ss += (a - mean) * (a - mean);
  v.set("mean", per_set.empty() ? json::Value() : json::Value::number(mean));
  v.set("std", per_set.empty()
                   ? json::Value()
                   : json::Value::number(per_set.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0));
  v.set("n_sets", num(static_cast<int64_t>(per_set.size())));
  json::Value list = json::Value::array();
  for (double a : per_set) list.push(json::Value::number(a));
  v.set("per_set", std::move(list));
  return v;
}

std::optional<double> set_accuracy(const std::vector<ProblemResult>& results, int set) {
  int64_t n = 0, right = 0;
  for (const auto& r : results) {
    if (r.set != set || r.samples.empty()) continue;
    ++n;
    right += r.samples.front().correct;
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(right) / static_cast<double>(n);
}

std::string family_of(const trace::Trace& t) {
  if (!t.task.empty()) return t.task;
  const json::Value* f = t.meta.find("family");
  if (f && f->is_string() && !f->str().empty()) return f->str();
  return "unknown";
}

std::optional<int64_t> difficulty_of(const trace::Trace& t) {
  const json::Value* d = t.meta.find("difficulty");
  if (!d) return std::nullopt;
  return d->as_int();
}

json::Value split_stats(const std::vector<ProblemResult>& results, bool answer_only) {
  int64_t n = 0, samples = 0, right = 0, right_flex = 0, no_answer = 0, maj = 0, best = 0;
  int64_t sampled = 0, sampled_right = 0, sampled_judged = 0, sampled_valid = 0;
  StepFigures steps;
  std::map<std::string, Tally> by_family;
  std::map<int64_t, Tally> by_difficulty;
  for (const auto& r : results) {
    if (r.samples.empty()) continue;
    const Scored& s = r.samples.front();
    ++n;
    samples += static_cast<int64_t>(r.samples.size());
    right += s.correct;
    right_flex += s.correct_flexible;
    no_answer += s.strict.empty();
    maj += majority_correct(r.samples);
    best += best_of_k_correct(r.samples);
    if (s.judged) steps.add(s);
    for (size_t i = 1; i < r.samples.size(); ++i) {  // the sampled completions
      const Scored& x = r.samples[i];
      ++sampled;
      sampled_right += x.correct;
      sampled_judged += x.judged;
      sampled_valid += x.judged && x.trace_valid;
    }
    Tally& f = by_family[family_of(*r.problem)];
    ++f.n;
    f.right += s.correct;
    if (auto d = difficulty_of(*r.problem)) {
      Tally& t = by_difficulty[*d];
      ++t.n;
      t.right += s.correct;
    }
  }
  json::Value v = json::Value::object();
  v.set("n", num(n));
  v.set("n_samples", num(samples));
  v.set("accuracy", share(right, n));
  v.set("accuracy_flexible", share(right_flex, n));
  v.set("extraction_failure", share(no_answer, n));
  v.set("maj_at_k", share(maj, n));
  v.set("sampled_accuracy", share(sampled_right, sampled));
  v.set("sampled_trace_valid", answer_only ? json::Value() : share(sampled_valid, sampled_judged));
  v.set("best_of_k_verified", answer_only ? json::Value() : share(best, n));
  v.set("step_validity", answer_only ? json::Value() : share(steps.valid_steps, steps.steps));
  v.set("trace_valid", answer_only ? json::Value() : share(steps.valid_traces, steps.traces));
  v.set("right_answer_wrong_process",
        answer_only ? json::Value() : share(steps.right_bad, steps.right));
  v.set("first_error_hist", answer_only ? json::Value() : steps.hist());
  v.set("by_family", tallies(by_family));
  v.set("by_difficulty", tallies(by_difficulty));
  return v;
}

}  // namespace stepwise::eval

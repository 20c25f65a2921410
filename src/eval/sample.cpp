// Sampling completions from students (built only with libtorch: it calls train::Student).
#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include "base/rng.h"
#include "eval/eval_internal.h"
#include "train/train.h"

namespace stepwise::eval {
namespace {

// The sampling seed of one batch: independent per (seed, split set, sample, batch).
uint64_t batch_seed(uint64_t seed, size_t set, int sample, size_t batch) {
  uint64_t s = seed ^ 0x6576616c5eedULL;
  uint64_t h = splitmix64(s);
  for (uint64_t x :
       {static_cast<uint64_t>(set), static_cast<uint64_t>(sample), static_cast<uint64_t>(batch)}) {
    s = h ^ (x * 0x9e3779b97f4a7c15ULL);
    h = splitmix64(s);
  }
  return h;
}

// Sample 0 is greedy; the others follow opts.sampling.
train::GenerateOptions options_for(const EvalOptions& opts, int sample) {
  train::GenerateOptions g = opts.sampling;
  if (sample == 0) {
    g.temperature = 0;
    g.top_k = 0;
    g.top_p = 1;
  }
  g.batch = std::max<int64_t>(1, g.batch);
  return g;
}

// Problem indexes ordered by question length (stable): batches of similar prompts waste less
// padding, and a short prompt is not held to the length budget of a long one in its batch (the
// new tokens of a batch are bounded by the context minus its longest prompt).
std::vector<size_t> by_length(const std::vector<trace::Trace>& problems) {
  std::vector<size_t> order(problems.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return problems[a].question.size() < problems[b].question.size();
  });
  return order;
}

// Every sample of one split set from one student.
Status sample_set(train::Student& student, const SplitProblems& sp, size_t set_index,
                  const EvalOptions& opts, std::map<int64_t, Item>& items, Progress* progress) {
  for (size_t i = 0; i < sp.problems.size(); ++i)
    items[static_cast<int64_t>(i)].problem = sp.problems[i];
  const std::vector<size_t> order = by_length(sp.problems);
  for (int j = 0; j < opts.k; ++j) {
    train::GenerateOptions g = options_for(opts, j);
    const size_t batch = static_cast<size_t>(g.batch);
    for (size_t b = 0; b * batch < order.size(); ++b) {
      size_t lo = b * batch, hi = std::min(order.size(), lo + batch);
      std::vector<std::string> chunk;
      for (size_t i = lo; i < hi; ++i) chunk.push_back(sp.problems[order[i]].question);
      g.seed = batch_seed(opts.seed, set_index, j, b);
      auto out = student.generate(chunk, g);
      if (!out) return out.error();
      for (size_t i = lo; i < hi; ++i)
        items[static_cast<int64_t>(order[i])].completions[j] = std::move((*out)[i - lo]);
      if (progress) progress->add(hi - lo);
    }
  }
  return {};
}

Status sample_model(ModelGenerations& m, const std::vector<SplitProblems>& splits,
                    const EvalOptions& opts, Progress* progress) {
  auto student = train::Student::load(m.checkpoint, opts.device);
  if (!student) return Error{"model " + m.label + ": " + student.error().message};
  m.info = (*student)->info();
  const json::Value* mode = m.info.find("mode");
  m.answer_only = answers_only(mode && mode->is_string() ? mode->str() : "", opts.sampling.task);
  m.items.assign(splits.size(), {});
  for (size_t s = 0; s < splits.size(); ++s)
    if (auto st = sample_set(**student, splits[s], s, opts, m.items[s], progress); !st)
      return Error{"model " + m.label + ": " + st.error().message};
  return {};
}

}  // namespace

Status sample_models(Generations& g, const std::vector<SplitProblems>& splits,
                     const EvalOptions& opts, Progress* progress) {
  if (g.models.empty()) return {};
  std::vector<Status> results(g.models.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < g.models.size(); i = next++)
      results[i] = sample_model(g.models[i], splits, opts, progress);
  };
  size_t n = std::clamp<size_t>(static_cast<size_t>(std::max(1, opts.threads)), 1, g.models.size());
  std::vector<std::thread> threads;
  for (size_t t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (auto& r : results)
    if (!r) return r;
  return {};
}

}  // namespace stepwise::eval

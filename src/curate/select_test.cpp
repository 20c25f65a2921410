#include "curate/select.h"

#include <gtest/gtest.h>

namespace stepwise::curate {
namespace {

trace::Trace trace_with(bool ok, bool answer_ok, int findings, std::optional<double> agreement,
                        size_t length) {
  trace::Trace t;
  t.question = "q";
  t.steps.push_back({std::string(length, 'x'), json::Value::object()});
  t.verdict = trace::Verdict{};
  t.verdict->ok = ok;
  t.verdict->answer_ok = answer_ok;
  t.verdict->findings.resize(static_cast<size_t>(findings));
  if (agreement) {
    auto cc = json::Value::object();
    cc.set("agreement", json::Value::number(*agreement));
    t.extra.set("crosscheck", std::move(cc));
  }
  return t;
}

uint64_t rank(const trace::Trace& t) { return rank_key(t, read_signals(t)); }

TEST(RankKey, OrdersByTheDocumentedCriteria) {
  // Each trace is better than the next by exactly one criterion, in priority order.
  std::vector<trace::Trace> best_first = {
      trace_with(true, true, 0, 0.9, 10),  trace_with(true, true, 0, 0.9, 20),
      trace_with(true, true, 0, 0.5, 10),  trace_with(true, true, 1, 0.9, 10),
      trace_with(false, true, 0, 0.9, 10), trace_with(false, false, 0, 0.9, 10),
  };
  for (size_t i = 0; i + 1 < best_first.size(); ++i)
    EXPECT_LT(rank(best_first[i]), rank(best_first[i + 1])) << i;
  // A shorter trace never beats higher agreement; more agreement never beats fewer findings.
  EXPECT_LT(rank(trace_with(true, true, 0, 0.9, 5000)), rank(trace_with(true, true, 0, 0.1, 1)));
  EXPECT_LT(rank(trace_with(true, true, 0, 0.0, 10)), rank(trace_with(true, true, 1, 1.0, 10)));
  trace::Trace none = trace_with(true, true, 0, std::nullopt, 10);
  none.verdict.reset();
  EXPECT_LT(rank(trace_with(false, false, 100, 0.0, 10)), rank(none));
}

std::vector<Candidate> group(uint64_t problem, std::vector<std::pair<uint64_t, uint64_t>> rp,
                             uint32_t first) {
  std::vector<Candidate> out;
  for (auto [r, p] : rp) out.push_back({problem, r, 0, p, first++});
  return out;
}

TEST(SelectBest, KeepsTheBestKDistinctPathsPerProblem) {
  // Problem 1: ranks 5, 1, 3, 2 with paths A, B, B, C. Problem 2: one candidate.
  std::vector<Candidate> c = group(1, {{5, 'A'}, {1, 'B'}, {3, 'B'}, {2, 'C'}}, 0);
  c.push_back({2, 9, 0, 'A', 4});
  std::vector<Candidate> copy = c;
  auto s = select_best(copy, 5, {.keep = 1});
  EXPECT_EQ(
      s, (std::vector<uint8_t>{uint8_t(Drop::kNotBestOfK), kSelected, uint8_t(Drop::kDuplicatePath),
                               uint8_t(Drop::kNotBestOfK), kSelected}));
  copy = c;
  s = select_best(copy, 5, {.keep = 2});
  EXPECT_EQ(s, (std::vector<uint8_t>{uint8_t(Drop::kNotBestOfK), kSelected,
                                     uint8_t(Drop::kDuplicatePath), kSelected, kSelected}));
  copy = c;
  s = select_best(copy, 5, {.keep = 0});  // every distinct path
  EXPECT_EQ(s, (std::vector<uint8_t>{kSelected, kSelected, uint8_t(Drop::kDuplicatePath), kSelected,
                                     kSelected}));
  copy = c;
  s = select_best(copy, 5, {.keep = 0, .distinct_paths = false});
  EXPECT_EQ(s, std::vector<uint8_t>(5, kSelected));
}

TEST(SelectBest, TiesBrokenByIdHashThenInputOrder) {
  std::vector<Candidate> c = {{1, 7, 30, 'A', 0}, {1, 7, 10, 'B', 1}, {1, 7, 10, 'C', 2}};
  auto s = select_best(c, 3, {.keep = 1});
  EXPECT_EQ(
      s, (std::vector<uint8_t>{uint8_t(Drop::kNotBestOfK), kSelected, uint8_t(Drop::kNotBestOfK)}));
}

TEST(SelectBest, ManyPathsInOneProblem) {
  std::vector<Candidate> c;
  for (uint32_t i = 0; i < 200; ++i) c.push_back({1, i, 0, i % 50, i});
  auto s = select_best(c, 200, {.keep = 0});
  EXPECT_EQ(std::count(s.begin(), s.end(), kSelected), 50);
  EXPECT_EQ(std::count(s.begin(), s.end(), uint8_t(Drop::kDuplicatePath)), 150);
}

}  // namespace
}  // namespace stepwise::curate

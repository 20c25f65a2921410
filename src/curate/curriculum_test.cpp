#include "curate/curriculum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "base/hash.h"

namespace stepwise::curate {
namespace {

// n records with difficulty = their index (shuffled by a hash), ties from the id hash.
struct Items {
  std::vector<float> difficulty;
  std::vector<uint64_t> tie;
  explicit Items(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t h = hash64(std::to_string(i));
      difficulty.push_back(static_cast<float>(h % 1000));
      tie.push_back(h);
    }
  }
};

bool is_permutation(std::vector<uint32_t> order, size_t n) {
  std::sort(order.begin(), order.end());
  std::vector<uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  return order == all;
}

std::vector<uint8_t> stages_in_order(const Items& it, const std::vector<uint32_t>& order, int s) {
  std::vector<uint8_t> st = difficulty_stages(it.difficulty, it.tie, s);
  std::vector<uint8_t> out;
  for (uint32_t i : order) out.push_back(st[i]);
  return out;
}

TEST(Competence, Schedules) {
  EXPECT_DOUBLE_EQ(competence(Pacing::kLinear, 4, 0), 0.25);
  EXPECT_DOUBLE_EQ(competence(Pacing::kLinear, 4, 1), 1.0);
  EXPECT_DOUBLE_EQ(competence(Pacing::kRoot, 4, 0), 0.25);
  EXPECT_DOUBLE_EQ(competence(Pacing::kRoot, 4, 1), 1.0);
  EXPECT_GT(competence(Pacing::kRoot, 4, 0.3), competence(Pacing::kLinear, 4, 0.3));
  EXPECT_DOUBLE_EQ(competence(Pacing::kStep, 4, 0.0), 0.25);
  EXPECT_DOUBLE_EQ(competence(Pacing::kStep, 4, 0.49), 0.5);
  EXPECT_DOUBLE_EQ(competence(Pacing::kStep, 4, 0.5), 0.75);
  for (Pacing p : {Pacing::kLinear, Pacing::kRoot, Pacing::kStep})
    for (double t = 0; t < 1; t += 0.01) EXPECT_GE(competence(p, 4, t), t);
}

TEST(DifficultyStages, EqualPartsByRank) {
  Items it(100);
  std::vector<uint8_t> st = difficulty_stages(it.difficulty, it.tie, 4);
  for (int s = 0; s < 4; ++s) EXPECT_EQ(std::count(st.begin(), st.end(), s), 25);
  for (size_t a = 0; a < 100; ++a)
    for (size_t b = 0; b < 100; ++b)
      if (it.difficulty[a] < it.difficulty[b]) {
        EXPECT_LE(st[a], st[b]);
      }
}

TEST(CurriculumOrder, InputAndShuffle) {
  Items it(50);
  CurriculumOptions o;
  auto in = curriculum_order(it.difficulty, it.tie, o, 1);
  for (uint32_t i = 0; i < 50; ++i) EXPECT_EQ(in[i], i);
  o.order = Order::kShuffle;
  auto a = curriculum_order(it.difficulty, it.tie, o, 1);
  EXPECT_TRUE(is_permutation(a, 50));
  EXPECT_NE(a, in);
  EXPECT_EQ(a, curriculum_order(it.difficulty, it.tie, o, 1));  // same seed, same order
  EXPECT_NE(a, curriculum_order(it.difficulty, it.tie, o, 2));
}

TEST(CurriculumOrder, EveryPacingAndReplayIsAPermutation) {
  for (size_t n : {0u, 1u, 2u, 7u, 1000u}) {
    Items it(n);
    for (Pacing p : {Pacing::kLinear, Pacing::kRoot, Pacing::kStep}) {
      for (double replay : {0.0, 0.2, 1.0}) {
        for (int stages : {1, 3, 4}) {
          CurriculumOptions o{Order::kCurriculum, stages, p, replay};
          EXPECT_TRUE(is_permutation(curriculum_order(it.difficulty, it.tie, o, 3), n))
              << n << " " << pacing_name(p) << " " << replay << " " << stages;
        }
      }
    }
  }
}

TEST(CurriculumOrder, StepWithoutReplayIsStagedEasyToHard) {
  Items it(400);
  CurriculumOptions o{Order::kCurriculum, 4, Pacing::kStep, 0.0};
  auto order = curriculum_order(it.difficulty, it.tie, o, 9);
  auto st = stages_in_order(it, order, 4);
  EXPECT_TRUE(std::is_sorted(st.begin(), st.end()));
  // Shuffled within a stage, not sorted by difficulty.
  std::vector<float> first;
  for (size_t k = 0; k < 100; ++k) first.push_back(it.difficulty[order[k]]);
  EXPECT_FALSE(std::is_sorted(first.begin(), first.end()));
}

double mean_stage(const std::vector<uint8_t>& st, size_t from, size_t to) {
  double s = 0;
  for (size_t k = from; k < to; ++k) s += st[k];
  return s / static_cast<double>(to - from);
}

TEST(CurriculumOrder, EasyFirstForEveryPacing) {
  Items it(2000);
  for (Pacing p : {Pacing::kLinear, Pacing::kRoot, Pacing::kStep}) {
    CurriculumOptions o{Order::kCurriculum, 4, p, 0.2};
    auto st = stages_in_order(it, curriculum_order(it.difficulty, it.tie, o, 4), 4);
    EXPECT_LT(mean_stage(st, 0, 500), mean_stage(st, 500, 1000)) << pacing_name(p);
    EXPECT_LT(mean_stage(st, 500, 1000), mean_stage(st, 1500, 2000)) << pacing_name(p);
    EXPECT_EQ(st[0], 0) << pacing_name(p);
  }
}

TEST(CurriculumOrder, RootOpensHardStagesSooner) {
  Items it(2000);
  auto first_hard = [&](Pacing p) {
    CurriculumOptions o{Order::kCurriculum, 4, p, 0.0};
    auto st = stages_in_order(it, curriculum_order(it.difficulty, it.tie, o, 4), 4);
    return std::find(st.begin(), st.end(), 3) - st.begin();
  };
  EXPECT_LT(first_hard(Pacing::kRoot), first_hard(Pacing::kLinear));
  EXPECT_LE(first_hard(Pacing::kLinear), first_hard(Pacing::kStep));
  EXPECT_EQ(first_hard(Pacing::kStep), 1500);
}

TEST(CurriculumOrder, ReplayMixesEarlierStagesIntoLaterPhases) {
  Items it(2000);
  auto earlier_share = [&](double replay) {
    CurriculumOptions o{Order::kCurriculum, 4, Pacing::kStep, replay};
    auto st = stages_in_order(it, curriculum_order(it.difficulty, it.tie, o, 4), 4);
    // Phase 2 of 4 (positions 1000..1499): how many come from stages 0 and 1?
    return std::count_if(st.begin() + 1000, st.begin() + 1500, [](uint8_t s) { return s < 2; });
  };
  EXPECT_EQ(earlier_share(0.0), 0);
  EXPECT_NEAR(earlier_share(0.2), 100, 2);  // 20% of the 500 positions
}

TEST(BalanceKeep, CapsEachBucketBySmallestTie) {
  std::vector<uint32_t> bucket = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  std::vector<uint64_t> tie = {5, 1, 3, 9, 8, 4, 3, 2, 1};
  auto keep = balance_keep(bucket, tie, 0);  // cap = smallest bucket = 2
  EXPECT_EQ(keep, (std::vector<bool>{false, true, true, true, true, false, false, true, true}));
  keep = balance_keep(bucket, tie, 3);
  EXPECT_EQ(std::count(keep.begin(), keep.end(), true), 3 + 2 + 3);
  EXPECT_TRUE(balance_keep({}, {}, 0).empty());
}

TEST(FractionSubset, NestedAndSized) {
  Items it(1000);
  std::vector<uint32_t> prev;
  for (int p : {10, 25, 50, 100}) {
    auto s = fraction_subset(it.tie, p);
    EXPECT_EQ(s.size(), static_cast<size_t>(10 * p));
    EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
    EXPECT_TRUE(std::includes(s.begin(), s.end(), prev.begin(), prev.end())) << p;
    prev = s;
  }
  EXPECT_EQ(fraction_subset(Items(7).tie, 10).size(), 1u);  // rounds up
}

TEST(ParseNames, RoundTrip) {
  for (Order o : {Order::kInput, Order::kShuffle, Order::kCurriculum})
    EXPECT_EQ(parse_order(order_name(o)), o);
  for (Pacing p : {Pacing::kLinear, Pacing::kRoot, Pacing::kStep})
    EXPECT_EQ(parse_pacing(pacing_name(p)), p);
  EXPECT_FALSE(parse_order("random"));
  EXPECT_FALSE(parse_pacing("exp"));
}

}  // namespace
}  // namespace stepwise::curate

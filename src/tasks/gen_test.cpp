// generate_many: determinism, uniqueness, exhaustion, options.
#include <gtest/gtest.h>

#include <set>

#include "tasks/tasks.h"

namespace stepwise::tasks {
namespace {

std::string run(const GenOptions& o, GenReport* report = nullptr) {
  std::string out;
  auto r = generate_many(o, [&](const trace::Trace& t) { trace::append_jsonl(out, t); });
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (report && r.ok()) *report = *r;
  return out;
}

GenOptions options(std::vector<std::string> fams, int64_t n, uint64_t seed) {
  GenOptions o;
  o.families = std::move(fams);
  o.n = n;
  o.seed = seed;
  return o;
}

TEST(Gen, SameSeedSameBytesDifferentSeedDifferentBytes) {
  GenOptions o = options({"all"}, 20, 42);
  std::string a = run(o), b = run(o);
  EXPECT_EQ(a, b);
  o.seed = 43;
  EXPECT_NE(run(o), a);
}

TEST(Gen, NoDuplicateQuestionsWithinARun) {
  GenOptions o = options({"all"}, 300, 1);
  GenReport rep;
  std::set<std::pair<std::string, std::string>> seen;
  auto r = generate_many(o, [&](const trace::Trace& t) {
    EXPECT_TRUE(seen.insert({t.task, t.question}).second) << t.question;
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records, static_cast<int64_t>(seen.size()));
  for (const auto& f : r->families) {
    EXPECT_EQ(f.failed, 0) << f.family;
    EXPECT_FALSE(f.exhausted) << f.family;
    EXPECT_EQ(f.generated, 300) << f.family;
  }
}

TEST(Gen, ExhaustedFamilyStopsAndSaysSo) {
  // unit_conversion at difficulty 1 has about 19,000 distinct problems.
  GenOptions o = options({"unit_conversion", "shopping_change"}, 30000, 1);
  o.min_difficulty = o.max_difficulty = 1;
  o.max_consecutive_duplicates = 2000;
  GenReport rep;
  std::string out = run(o, &rep);
  ASSERT_EQ(rep.families.size(), 2u);
  const FamilyReport& u = rep.families[0];
  EXPECT_TRUE(u.exhausted);
  EXPECT_LT(u.generated, 30000);
  EXPECT_GT(u.generated, 10000);
  ASSERT_EQ(rep.warnings.size(), 1u);
  EXPECT_EQ(rep.warnings[0], "unit_conversion: only " + std::to_string(u.generated) +
                                 " distinct problems at difficulty 1; generated " +
                                 std::to_string(u.generated) + " of 30000");
  EXPECT_EQ(rep.families[1].generated, 30000);  // the other family carries on
}

TEST(Gen, RecordsCarryTheirSeedIndexAndRegenerate) {
  GenOptions o = options({"linear_equation"}, 5, 9);
  o.min_difficulty = 2;
  o.max_difficulty = 4;
  std::vector<trace::Trace> got;
  auto r = generate_many(o, [&](const trace::Trace& t) { got.push_back(t); });
  ASSERT_TRUE(r.ok());
  for (const trace::Trace& t : got) {
    auto idx = t.meta.find("seed_index")->as_int();
    ASSERT_TRUE(idx);
    Rng rng = instance_rng(9, "linear_equation", static_cast<uint64_t>(*idx));
    int d = 2 + static_cast<int>(rng.below(3));
    EXPECT_EQ(*t.meta.find("difficulty")->as_int(), d);
    auto again = generate(*find_family("linear_equation"), d, rng);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->question, t.question);
    EXPECT_EQ(t.source->kind, "generator");
    EXPECT_EQ(t.source->name, "linear_equation");
  }
}

TEST(Gen, InterleavesFamiliesInTheOrderGiven) {
  GenOptions o = options({"average", "expression"}, 3, 1);
  std::vector<std::string> tasks;
  auto r = generate_many(o, [&](const trace::Trace& t) { tasks.push_back(t.task); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(tasks, (std::vector<std::string>{"average", "expression", "average", "expression",
                                             "average", "expression"}));
}

TEST(Gen, RejectsBadOptions) {
  auto sink = [](const trace::Trace&) {};
  EXPECT_FALSE(generate_many(options({"nope"}, 1, 0), sink).ok());
  EXPECT_FALSE(generate_many(options({}, 1, 0), sink).ok());
  EXPECT_FALSE(generate_many(options({"all"}, -1, 0), sink).ok());
  int lo = 0, hi = 0;
  EXPECT_TRUE(parse_difficulty("3", lo, hi).ok());
  EXPECT_EQ(lo, 3);
  EXPECT_EQ(hi, 3);
  EXPECT_TRUE(parse_difficulty("2-5", lo, hi).ok());
  EXPECT_EQ(lo, 2);
  EXPECT_EQ(hi, 5);
  for (const char* bad : {"0", "6", "4-2", "x", "1-", "-3", "1-9", ""})
    EXPECT_FALSE(parse_difficulty(bad, lo, hi).ok()) << bad;
}

TEST(Gen, ListShowsEveryFamilyWithAnExample) {
  std::string text = list_families_text();
  for (const Family* f : families()) {
    EXPECT_NE(text.find(f->name()), std::string::npos);
    EXPECT_NE(text.find(f->description()), std::string::npos);
  }
  EXPECT_NE(text.find("e.g. "), std::string::npos);
}

}  // namespace
}  // namespace stepwise::tasks

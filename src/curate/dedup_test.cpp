#include "curate/dedup.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "base/rng.h"
#include "curate/text.h"

namespace stepwise::curate {
namespace {

TEST(HashMap64, InsertFindGrowAndKeyZero) {
  HashMap64 m;
  for (uint64_t k = 0; k < 10000; ++k) EXPECT_FALSE(m.insert(k * 0x9e3779b97f4a7c15ULL, k));
  EXPECT_EQ(m.size(), 10000u);
  for (uint64_t k = 0; k < 10000; ++k) {
    EXPECT_EQ(m.find(k * 0x9e3779b97f4a7c15ULL), k);
    EXPECT_EQ(m.insert(k * 0x9e3779b97f4a7c15ULL, 99), k);  // the first value stays
  }
  EXPECT_FALSE(m.find(12345));
  EXPECT_EQ(m.find(0), 0u);  // key 0 is a key like any other
}

TEST(HashMap64, PresizedTableDoesNotGrow) {
  HashMap64 m(1000);
  size_t bytes = m.memory_bytes();
  for (uint64_t k = 1; k <= 1000; ++k) (void)m.insert(k * 7919, 0);
  EXPECT_EQ(m.memory_bytes(), bytes);
  EXPECT_LE(bytes, 1000 / kMaxLoad * 12 + 64);
}

TEST(BucketTable, KeepsAtMostCapIdsPerKey) {
  BucketTable t(0, 3);
  const uint64_t key = 0xabcdef0123456789ULL;
  for (uint32_t id = 0; id < 10; ++id) {
    int found = t.find(key, [](uint32_t) {});
    t.insert(key, id, found);
  }
  std::vector<uint32_t> ids;
  EXPECT_EQ(t.find(key, [&](uint32_t id) { ids.push_back(id); }), 3);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 2}));
  for (uint32_t id = 0; id < 5000; ++id) t.insert(id * 0x9e3779b97f4a7c15ULL + 1, id, 0);
  EXPECT_EQ(t.find(key, [](uint32_t) {}), 3);  // still found after growing
}

TEST(RowsFor, ChoosesRowsThatFindPairsAtTheThreshold) {
  EXPECT_EQ(rows_for(0.8, 8, 128), 4);
  for (double t : {0.5, 0.6, 0.7, 0.8, 0.9}) {
    int r = rows_for(t, 8, 128);
    EXPECT_GE(1.0 - std::pow(1.0 - std::pow(t, r), 8), 0.98) << t;
  }
}

// Two word sets with a known Jaccard similarity: `shared` common words, `only` on each side.
std::pair<std::vector<uint64_t>, std::vector<uint64_t>> sets(int shared, int only, uint64_t salt) {
  std::vector<uint64_t> a, b;
  for (int i = 0; i < shared; ++i) a.push_back(salt * 1000003 + static_cast<uint64_t>(i));
  b = a;
  for (int i = 0; i < only; ++i) {
    a.push_back(salt * 7777777 + 500000 + static_cast<uint64_t>(i));
    b.push_back(salt * 7777777 + 900000 + static_cast<uint64_t>(i));
  }
  return {a, b};
}

TEST(MinHash, SketchEstimatesJaccard) {
  std::vector<uint32_t> ba(128), bb(128);
  double worst = 0;
  for (uint64_t salt = 1; salt <= 40; ++salt) {
    for (auto [shared, only] : {std::pair{100, 0}, {80, 10}, {60, 20}, {20, 40}, {0, 50}}) {
      auto [a, b] = sets(shared, only, salt);
      minhash_bins(a, ba);
      minhash_bins(b, bb);
      double truth = static_cast<double>(shared) / (shared + 2 * only);
      auto sa = sketch_of(ba), sb = sketch_of(bb);
      double est = sketch_similarity(sa.data(), sb.data(), 128);
      worst = std::max(worst, std::abs(est - truth));
    }
  }
  EXPECT_LT(worst, 0.2);  // 200 pairs; the standard error at 128 bins is about 0.04
  minhash_bins({}, ba);
  EXPECT_EQ(ba, std::vector<uint32_t>(128, 0));
}

std::string paragraph(uint64_t seed, int words) {
  static const char* kWords[] = {"apple", "river", "stone", "green", "seven", "market", "train",
                                 "cloud", "paper", "light", "sugar", "field", "glass",  "tiger"};
  Rng rng(seed);
  std::string s;
  for (int i = 0; i < words; ++i) {
    s += kWords[rng.below(14)];
    s += std::to_string(rng.below(50));
    s += ' ';
  }
  return s;
}

TEST(Deduper, ExactDuplicatesWhateverTheWhitespace) {
  Deduper d({});
  EXPECT_EQ(d.add("Ann has 3 pens.\nShe buys 2.", 1).kind, Deduper::Kind::kNew);
  auto v = d.add("  Ann has 3 pens. She  buys 2.", 2);
  EXPECT_EQ(v.kind, Deduper::Kind::kExact);
  EXPECT_EQ(v.other, 0u);
  EXPECT_EQ(d.add("Ann has 4 pens. She buys 2.", 3).kind, Deduper::Kind::kNew);
  EXPECT_EQ(d.kept(), 2u);
}

TEST(Deduper, NearDuplicatesOfOtherProblemsOnly) {
  DedupOptions o;
  o.exact = false;
  Deduper d(o);
  std::string base = paragraph(1, 120);
  std::string edited = base;
  edited.replace(0, 6, "banana");  // one word changed: Jaccard of 5-shingles ~ 0.96
  EXPECT_EQ(d.add(base, 10).kind, Deduper::Kind::kNew);
  EXPECT_EQ(d.add(edited, 10).kind, Deduper::Kind::kNew);  // same problem: a distinct path
  auto v = d.add(edited + " end", 11);
  EXPECT_EQ(v.kind, Deduper::Kind::kNear);
  EXPECT_GE(v.similarity, 0.8);
  EXPECT_EQ(d.add(paragraph(2, 120), 12).kind, Deduper::Kind::kNew);  // unrelated
  EXPECT_EQ(d.kept(), 3u);
}

TEST(Deduper, ThresholdDecides) {
  std::string a = paragraph(5, 100);
  std::string b = a.substr(0, a.size() / 2) + paragraph(6, 50);  // about 1/3 shared shingles
  for (double threshold : {0.3, 0.9}) {
    DedupOptions o;
    o.threshold = threshold;
    Deduper d(o);
    (void)d.add(a, 1);
    EXPECT_EQ(d.add(b, 2).kind, threshold < 0.3 + 1e-9 ? Deduper::Kind::kNear : Deduper::Kind::kNew)
        << threshold;
  }
}

TEST(Deduper, DeterministicAndBoundedMemory) {
  DedupOptions o;
  o.expected = 20000;
  Deduper d1(o), d2(o);
  size_t before = d1.memory_bytes();
  for (uint64_t i = 0; i < 20000; ++i) {
    std::string s = paragraph(i % 15000, 30);
    auto v1 = d1.add(s, i), v2 = d2.add(s, i);
    ASSERT_EQ(v1.kind, v2.kind);
    ASSERT_EQ(v1.other, v2.other);
  }
  EXPECT_EQ(d1.kept(), 15000u);  // 5000 repeats are exact duplicates
  // Presized tables do not grow; sketches take 36 bytes a record in 64k blocks.
  EXPECT_EQ(d1.memory_bytes(), before + (size_t{1} << 16) * 36);
  EXPECT_LT(d1.memory_bytes() / 20000.0, 1000);
}

}  // namespace
}  // namespace stepwise::curate

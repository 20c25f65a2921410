#include "demo/demo.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "demo/demo_internal.h"
#include "train/tokenizer.h"

namespace stepwise::demo {
namespace {

TEST(Stats, MeanCiOfOneValueIsThatValue) {
  Interval i = mean_ci({0.9});
  EXPECT_DOUBLE_EQ(i.mean, 0.9);
  EXPECT_DOUBLE_EQ(i.lo, 0.9);
  EXPECT_DOUBLE_EQ(i.hi, 0.9);
  EXPECT_EQ(i.n, 1);
}

TEST(Stats, MeanCiUsesStudentT) {
  // mean 2, sample sd 1, n 4: half-width t(3) * 1 / 2 = 3.182 / 2
  Interval i = mean_ci({1, 2, 2, 3});
  double sd = std::sqrt(2.0 / 3.0);
  EXPECT_DOUBLE_EQ(i.mean, 2.0);
  EXPECT_NEAR(i.hi - i.mean, 3.182 * sd / 2.0, 1e-9);
  EXPECT_NEAR(i.mean - i.lo, 3.182 * sd / 2.0, 1e-9);
  EXPECT_EQ(mean_ci({}).n, 0);
}

TEST(Stats, PairedCiOfIdenticalStudentsIsZero) {
  std::vector<double> x = {1, 0, 1, 1, 0, 1, 0, 0, 1, 1};
  Interval i = paired_ci(x, x);
  EXPECT_DOUBLE_EQ(i.mean, 0);
  EXPECT_DOUBLE_EQ(i.lo, 0);
  EXPECT_DOUBLE_EQ(i.hi, 0);
  EXPECT_EQ(i.n, 10);
}

TEST(Stats, PairedCiSeesAClearDifference) {
  std::vector<double> x(200, 1), y(200, 0);
  for (int i = 0; i < 20; ++i) y[i] = 1;  // y right on 10%
  Interval d = paired_ci(x, y);
  EXPECT_NEAR(d.mean, 0.9, 1e-12);
  EXPECT_GT(d.lo, 0.8);
  EXPECT_LT(d.hi, 1.0);
  // A difference of one problem in 200 is not significant.
  std::vector<double> z = x;
  z[0] = 0;
  Interval small = paired_ci(x, z);
  EXPECT_LT(small.lo, 0);
  EXPECT_GT(small.hi, 0);
}

TEST(Stats, PairedCiOfShares) {
  // Sampled answers: each problem's share of right samples (of 3).
  std::vector<double> x(300, 1.0), y(300, 2.0 / 3);
  Interval d = paired_ci(x, y);
  EXPECT_NEAR(d.mean, 1.0 / 3, 1e-12);
  EXPECT_NEAR(d.lo, d.mean, 1e-12);  // no spread: the same difference on every problem
  y[0] = 1.0 / 3;
  EXPECT_LT(paired_ci(x, y).lo, paired_ci(x, y).mean);
}

TEST(Defaults, StudentBIsFourTimesStudentA) {
  auto plans = default_students();
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans[0].label, "a");
  EXPECT_EQ(plans[1].mode, train::Mode::kAnswer);
  // Parameters with the vocabulary the default tokenizer builds (512 pieces and the place-value
  // digits), embeddings in.
  auto params = [](train::ModelConfig c) {
    c.vocab = demo_defaults().spm_vocab +
              (demo_defaults().place_digits ? 10 * train::Tokenizer::kPlaces : 0);
    return train::count_params(c);
  };
  EXPECT_GE(params(plans[1].model), 4 * params(plans[0].model));
  EXPECT_EQ(plans[2].model.d_model, plans[0].model.d_model);
  EXPECT_EQ(plans[2].data, "unfiltered");
  DemoOptions q = quick_defaults();
  EXPECT_TRUE(q.quick);
  EXPECT_LT(q.steps, demo_defaults().steps);
}

TEST(Batches, AnswerStudentGetsFewerRowsForShorterSequences) {
  auto dir = std::filesystem::temp_directory_path() / "sw_demo_batches";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "p.jsonl").string();
  {
    std::ofstream f(path);
    for (int i = 0; i < 50; ++i)
      f << R"({"question":"Ann buys 3 pens at $4 each. How much does she spend?","steps":[)"
        << R"({"text":"The pens cost 3*4=12 dollars in all, which is what she spends."}],)"
        << R"("answer":"12","gold":"12"})"
        << "\n";
  }
  auto plans = default_students();
  ASSERT_TRUE(balance_batches(plans, {path, path, path}));
  EXPECT_EQ(plans[2].batch, plans[0].batch);  // same data shape, same rows
  EXPECT_LT(plans[1].batch, plans[0].batch);  // answers only: shorter sequences, fewer rows
  EXPECT_GE(plans[1].batch, 1);
  EXPECT_FALSE(balance_batches(plans, {(dir / "missing.jsonl").string(), path, path}));
  std::filesystem::remove_all(dir);
}

TEST(Table, ShowsEveryStudentAndTheDifferences) {
  auto iv = [](double m, double lo, double hi, int64_t n) {
    json::Value v = json::Value::object();
    v.set("mean", json::Value::number(m));
    v.set("lo", json::Value::number(lo));
    v.set("hi", json::Value::number(hi));
    v.set("n", json::Value::number(n));
    return v;
  };
  json::Value d = json::Value::object();
  json::Value students = json::Value::array();
  for (const char* l : {"a", "b", "c"}) {
    json::Value s = json::Value::object();
    s.set("label", json::Value::string(l));
    s.set("description", json::Value::string(std::string("student ") + l));
    s.set("params", json::Value::number(int64_t{1000}));
    s.set("heldout", iv(0.5, 0.4, 0.6, 3));
    students.push(std::move(s));
  }
  d.set("students", std::move(students));
  json::Value claim = json::Value::object();
  json::Value ab = iv(0.8, 0.7, 0.9, 500);
  ab.set("over", json::Value::string("problems (paired)"));
  ab.set("significant", json::Value::boolean(true));
  json::Value ac = iv(0.01, -0.02, 0.04, 500);
  ac.set("over", json::Value::string("problems (paired)"));
  ac.set("significant", json::Value::boolean(false));
  claim.set("a_minus_b", std::move(ab));
  claim.set("a_minus_c", std::move(ac));
  d.set("claim", std::move(claim));
  auto path_of = [](json::Value& v, const char* key) -> json::Value& {
    return *v.find("claim")->find(key);
  };
  std::string t = demo_table(d);
  EXPECT_NE(t.find("student a"), std::string::npos);
  EXPECT_NE(t.find("student c"), std::string::npos);
  EXPECT_NE(t.find("50.0% [40.0, 60.0]"), std::string::npos) << t;
  EXPECT_NE(t.find("(a) - (b): +80.0 points"), std::string::npos) << t;
  EXPECT_NE(t.find("(a) - (c): +1.0 points, 95% CI [-2.0, +4.0] over problems (paired): not "
                   "significant"),
            std::string::npos)
      << t;
  // One seed: the table says what its intervals do not cover.
  EXPECT_NE(t.find("one training seed"), std::string::npos) << t;
  path_of(d, "a_minus_c").set("over", json::Value::string("seeds"));
  EXPECT_EQ(demo_table(d).find("one training seed"), std::string::npos);
}

// Models a, b, c with one held-out figure each: `key` = acc[m] + offset.
json::Value models_with(const std::array<double, 3>& acc, const char* key, double offset) {
  json::Value models = json::Value::array();
  for (int m = 0; m < 3; ++m) {
    json::Value heldout = json::Value::object();
    heldout.set(key, json::Value::number(acc[static_cast<size_t>(m)] + offset));
    json::Value splits = json::Value::object();
    splits.set("heldout", std::move(heldout));
    json::Value model = json::Value::object();
    model.set("label", json::Value::string(std::string(1, static_cast<char>('a' + m))));
    model.set("splits", std::move(splits));
    models.push(std::move(model));
  }
  return models;
}

// Eval summaries of seeds with the given held-out accuracies of a, b and c; the sampled answers
// are 10 points below the greedy ones.
std::vector<json::Value> seed_summaries(const std::vector<std::array<double, 3>>& acc) {
  std::vector<json::Value> sums;
  for (const auto& seed : acc) {
    json::Value sampled = json::Value::object();
    sampled.set("k", json::Value::number(int64_t{4}));
    sampled.set("models", models_with(seed, "sampled_accuracy", -0.1));
    json::Value sum = json::Value::object();
    sum.set("models", models_with(seed, "accuracy", 0));
    sum.set("sampled", std::move(sampled));
    sums.push_back(std::move(sum));
  }
  return sums;
}

TEST(Claim, DifferencesOverSeedsStayWithinAHundredPoints) {
  // (a) - (b): 0.98, 0.98, 0.50 over three seeds: t(2) puts the upper end above 1.
  auto sums = seed_summaries({{0.99, 0.01, 0.9}, {0.99, 0.01, 0.95}, {0.6, 0.1, 0.7}});
  json::Value d = build_demo_json(demo_defaults(), default_students(), json::Value::object(),
                                  json::Value::array(), sums, 1.0);
  const json::Value* ab = d.find("claim")->find("a_minus_b");
  ASSERT_NE(ab, nullptr);
  EXPECT_NEAR(*ab->find("mean")->as_double(), (0.98 + 0.98 + 0.5) / 3, 1e-12);
  EXPECT_DOUBLE_EQ(*ab->find("hi")->as_double(), 1.0);
  EXPECT_GT(*ab->find("lo")->as_double(), -1.0);
  EXPECT_EQ(ab->find("over")->str(), "seeds");
  EXPECT_EQ(ab->find("n")->as_int().value_or(0), 3);
  // (a) - (c): 0.09, 0.04, -0.10: not significant.
  const json::Value* ac = d.find("claim")->find("a_minus_c");
  EXPECT_FALSE(ac->find("significant")->as_bool());
  EXPECT_LT(*ac->find("lo")->as_double(), 0);
  EXPECT_GT(*ac->find("hi")->as_double(), 0);
  // The sampled figures: per student and as a difference, over seeds.
  const json::Value* acs = d.find("claim")->find("a_minus_c_sampled");
  ASSERT_NE(acs, nullptr);
  EXPECT_NEAR(*acs->find("mean")->as_double(), *ac->find("mean")->as_double(), 1e-12);
  const json::Value& a = d.find("students")->items()[0];
  EXPECT_NEAR(*a.find("sampled")->find("mean")->as_double(), (0.89 + 0.89 + 0.5) / 3, 1e-12);
  EXPECT_NEAR(*d.find("seeds")->items()[2].find("sampled_accuracy")->find("c")->as_double(), 0.6,
              1e-12);
  std::string t = demo_table(d);
  EXPECT_NE(t.find("(a) - (c), sampled:"), std::string::npos) << t;
  EXPECT_NE(t.find("sampled"), std::string::npos) << t;
}

}  // namespace
}  // namespace stepwise::demo

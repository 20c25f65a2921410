// End to end: train two tiny students (trace and answer-only) on generated problems, evaluate
// them with k = 2, perturbation sets and an out-of-distribution split, then rescore the stored
// generations without the models and get the same summary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "eval/eval.h"
#include "tasks/tasks.h"
#include "trace/jsonl.h"
#include "train/train.h"

namespace stepwise::eval {
namespace {

std::string temp_dir() {
  auto p =
      std::filesystem::temp_directory_path() / ("stepwise_eval_e2e_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

std::vector<trace::Trace> shop(int n, uint64_t seed) {
  std::vector<trace::Trace> out;
  Rng rng(seed);
  for (int i = 0; i < n; ++i)
    out.push_back(*tasks::generate(*tasks::find_family("shopping_change"), 1, rng));
  return out;
}

// Trains a tiny student in `mode`; returns its checkpoint.
std::string train_tiny(const std::vector<trace::Trace>& data, train::Mode mode,
                       const std::string& out) {
  train::TrainOptions o;
  o.mode = mode;
  o.model.d_model = 32;
  o.model.n_layer = 1;
  o.model.n_head = 2;
  o.model.ctx = 256;
  o.steps = 60;
  o.batch = 8;
  o.warmup = 5;
  o.lr = 3e-3;
  o.log_every = 10;
  o.out = out;
  o.progress = false;
  o.distributed_from_env = false;
  Diagnostics diag;
  auto rep = train::train(o, data, diag);
  EXPECT_TRUE(rep) << rep.error().message;
  return rep ? rep->checkpoint : "";
}

void expect_share(const json::Value& s, const char* key) {
  const json::Value* v = s.find(key);
  ASSERT_TRUE(v) << key;
  ASSERT_TRUE(v->is_number()) << key << " = " << json::to_string(*v);
  EXPECT_GE(*v->as_double(), 0.0) << key;
  EXPECT_LE(*v->as_double(), 1.0) << key;
}

void check_trace_model(const json::Value& m) {
  EXPECT_EQ(m.find("info")->find("mode")->str(), "trace");
  EXPECT_FALSE(m.find("answer_only")->as_bool());
  EXPECT_EQ(m.find("curve")->items().size(), 6u);  // loss every 10 of 60 steps
  const json::Value* splits = m.find("splits");
  for (const char* split : {"heldout", "numbers", "distractor", "ood_digits"}) {
    const json::Value* s = splits->find(split);
    ASSERT_TRUE(s) << split;
    EXPECT_GT(*s->find("n")->as_int(), 0) << split;
    for (const char* key : {"accuracy", "accuracy_flexible", "extraction_failure", "maj_at_k",
                            "best_of_k_verified", "step_validity", "trace_valid"})
      expect_share(*s, key);
    EXPECT_TRUE(s->find("first_error_hist")->is_object());
  }
  const json::Value* held = splits->find("heldout");
  EXPECT_EQ(*held->find("n")->as_int(), 12);
  EXPECT_EQ(*held->find("n_samples")->as_int(), 24);
  EXPECT_TRUE(held->find("by_family")->find("shopping_change"));
  EXPECT_FALSE(held->find("delta_vs_heldout"));
  const json::Value* sets = splits->find("numbers")->find("sets");
  EXPECT_EQ(*sets->find("n_sets")->as_int(), 2);
  EXPECT_TRUE(splits->find("ood_digits")->find("delta_vs_heldout")->is_number());
  EXPECT_LE(m.find("examples")->items().size(), 3u);
}

TEST(EvalEndToEnd, TinyStudentsScoredAndRescoredExactly) {
  std::string dir = temp_dir();
  auto data = shop(300, 1);
  std::string a = train_tiny(data, train::Mode::kTrace, dir + "/a");
  std::string b = train_tiny(data, train::Mode::kAnswer, dir + "/b");
  ASSERT_FALSE(a.empty() || b.empty());
  trace::JsonlWriter w;
  ASSERT_TRUE(w.open(dir + "/held.jsonl"));
  for (const auto& t : shop(12, 99)) w.write(t);
  ASSERT_TRUE(w.commit());

  EvalOptions o;
  o.models = {{"a", a}, {"b", b}};
  o.problems = dir + "/held.jsonl";
  o.k = 2;
  o.perturb_sets = 2;
  o.ood_digits = 1;
  o.threads = 2;
  o.seed = 5;
  o.examples = 3;
  o.sampling.max_new_tokens = 200;
  o.generations_out = dir + "/gen.jsonl";
  o.progress = false;
  Diagnostics diag;
  auto s = evaluate(o, diag);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*s->find("k")->as_int(), 2);
  EXPECT_EQ(*s->find("n_problems")->as_int(), 12);
  ASSERT_EQ(s->find("models")->items().size(), 2u);
  check_trace_model(s->find("models")->items()[0]);
  const json::Value& mb = s->find("models")->items()[1];
  EXPECT_TRUE(mb.find("answer_only")->as_bool());
  EXPECT_TRUE(mb.find("splits")->find("heldout")->find("step_validity")->is_null());
  expect_share(*mb.find("splits")->find("heldout"), "accuracy");
  // k = 2: one sampled completion per problem, counted per problem and overall.
  const json::Value& ha = *s->find("models")->items()[0].find("splits")->find("heldout");
  expect_share(ha, "sampled_accuracy");
  expect_share(ha, "sampled_trace_valid");
  const json::Value* sc = ha.find("sampled_correct");
  ASSERT_TRUE(sc && sc->is_object());
  EXPECT_EQ(sc->members().size(), 12u);
  int64_t right = 0;
  for (const auto& [id, n] : sc->members()) right += n.as_int().value_or(-1);
  EXPECT_NEAR(static_cast<double>(right) / 12, *ha.find("sampled_accuracy")->as_double(), 1e-12);

  EvalOptions r;
  r.rescore = o.generations_out;
  r.examples = 3;
  Diagnostics d2;
  auto again = evaluate(r, d2);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(d2.count(), 0u);
  s->erase("timing");
  again->erase("timing");
  EXPECT_EQ(json::to_string(*again), json::to_string(*s));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stepwise::eval

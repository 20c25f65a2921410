// The generations file (round trip, bad lines, strict mode), split building and rescoring.
#include "eval/generations.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/atomic_file.h"
#include "eval/eval_internal.h"
#include "tasks/tasks.h"

namespace stepwise::eval {
namespace {

std::string temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("stepwise_eval_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

std::vector<trace::Trace> shop_problems(int n) {
  std::vector<trace::Trace> out;
  Rng rng(5);
  for (int i = 0; i < n; ++i)
    out.push_back(*tasks::generate(*tasks::find_family("shopping_change"), 1 + i % 3, rng));
  return out;
}

// The reference solution written as a student would (annotations stripped), optionally with
// a wrong final answer.
std::string completion_of(const trace::Trace& t, bool wrong) {
  std::string s;
  for (const auto& step : t.steps) {
    std::string text = step.text;
    for (size_t a; (a = text.find("<<")) != std::string::npos;)
      text.erase(a, text.find(">>", a) + 2 - a);
    s += text + "\n";
  }
  return s + "#### " + (wrong ? "1" : *t.gold);
}

Generations sample_generations() {
  Generations g;
  g.k = 2;
  g.seed = 7;
  g.problems = "held.jsonl";
  auto problems = shop_problems(6);
  g.n_problems = 6;
  g.sets = {{"heldout", 0, 6}, {"numbers", 0, 6}, {"numbers", 1, 6}};
  for (const char* label : {"a", "b"}) {
    ModelGenerations m;
    m.label = label;
    m.checkpoint = std::string("/runs/") + label + "/checkpoint.safetensors";
    m.info.set("mode", json::Value::string("trace"));
    m.items.resize(g.sets.size());
    for (size_t s = 0; s < g.sets.size(); ++s)
      for (size_t i = 0; i < problems.size(); ++i) {
        Item& it = m.items[s][static_cast<int64_t>(i)];
        it.problem = problems[i];
        it.completions[0] = completion_of(problems[i], (i + s) % 3 == 0);
        it.completions[1] = completion_of(problems[i], i % 2 == 0);
      }
    g.models.push_back(std::move(m));
  }
  return g;
}

std::string file_text(const Generations& g) {
  std::string out = json::to_string(header_json(g)) + "\n";
  for (const auto& m : g.models)
    for (size_t s = 0; s < g.sets.size(); ++s)
      for (const auto& [i, it] : m.items[s])
        for (const auto& [j, c] : it.completions)
          out += json::to_string(sample_json(m, g.sets[s], i, it.problem, j, c)) + "\n";
  return out;
}

TEST(Generations, WriteReadScoreIsIdentical) {
  Generations g = sample_generations();
  std::string dir = temp_dir("roundtrip");
  ASSERT_TRUE(write_generations(g, dir + "/gen.jsonl"));
  Diagnostics diag;
  auto back = read_generations(dir + "/gen.jsonl", diag);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(diag.count(), 0u);
  EXPECT_EQ(json::to_string(score_generations(*back, 4)), json::to_string(score_generations(g, 4)));
  ASSERT_TRUE(write_generations(*back, dir + "/again.jsonl"));
  EXPECT_EQ(*read_file(dir + "/gen.jsonl"), *read_file(dir + "/again.jsonl"));
}

TEST(Generations, SummaryHasTheSpecifiedShape) {
  json::Value s = score_generations(sample_generations(), 3);
  const json::Value& m = s.find("models")->items()[0];
  const json::Value* held = m.find("splits")->find("heldout");
  ASSERT_TRUE(held);
  EXPECT_EQ(*held->find("n")->as_int(), 6);
  EXPECT_DOUBLE_EQ(*held->find("accuracy")->as_double(), 4.0 / 6);  // i = 0, 3 are wrong
  EXPECT_DOUBLE_EQ(*held->find("step_validity")->as_double(), 1.0);
  const json::Value* nums = m.find("splits")->find("numbers");
  ASSERT_TRUE(nums && nums->find("sets") && nums->find("delta_vs_heldout"));
  EXPECT_EQ(*nums->find("sets")->find("n_sets")->as_int(), 2);
  EXPECT_FALSE(m.find("splits")->find("distractor"));
  EXPECT_EQ(m.find("examples")->items().size(), 3u);
  const json::Value& e = m.find("examples")->items()[0];
  for (const char* k : {"split", "id", "family", "difficulty", "question", "gold", "completion",
                        "answer", "correct", "first_error", "steps"})
    EXPECT_TRUE(e.find(k)) << k;
  EXPECT_EQ(e.find("answer")->str(), "1");
}

TEST(Generations, BadLinesAreReportedWithTheirLineAndSkipped) {
  Generations g = sample_generations();
  std::string text = file_text(g);
  size_t good_lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
  text += "not json\n";
  text +=
      "{\"model\": \"zz\", \"split\": \"heldout\", \"set\": 0, \"index\": 0, \"sample\": 0, "
      "\"completion\": \"x\", \"problem\": {}}\n";
  text +=
      "{\"model\": \"a\", \"split\": \"heldout\", \"set\": 0, \"index\": 99, \"sample\": 0, "
      "\"completion\": \"x\", \"problem\": {}}\n";
  text += "{\"model\": \"a\", \"split\": \"heldout\", \"set\": 0, \"index\": 0, \"sample\": 5}\n";
  Diagnostics diag;
  diag.set_print(false);
  auto back = read_generations_text(text, "gen.jsonl", diag);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(diag.count(), 4u);
  EXPECT_NE(diag.first().find("gen.jsonl:" + std::to_string(good_lines + 2)), std::string::npos)
      << diag.first();
  EXPECT_EQ(json::to_string(score_generations(*back, 2)), json::to_string(score_generations(g, 2)));
  // A repeated line is a duplicate sample.
  std::string dup = file_text(g);
  dup += dup.substr(dup.find('\n') + 1, dup.find('\n', dup.find('\n') + 1) - dup.find('\n'));
  Diagnostics d2;
  d2.set_print(false);
  ASSERT_TRUE(read_generations_text(dup, "dup.jsonl", d2));
  EXPECT_EQ(d2.count(), 1u);
  EXPECT_NE(d2.first().find("duplicate sample"), std::string::npos) << d2.first();
}

TEST(Generations, StrictStopsAtTheFirstBadLine) {
  std::string text = file_text(sample_generations()) + "[1]\n";
  Diagnostics diag(/*strict=*/true);
  diag.set_print(false);
  auto back = read_generations_text(text, "gen.jsonl", diag);
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().message.find("gen.jsonl:"), std::string::npos);
}

TEST(Generations, HeaderErrorsNameTheField) {
  Diagnostics diag;
  diag.set_print(false);
  auto r = read_generations_text("{\"stepwise_generations\": 1, \"k\": 0}\n", "g.jsonl", diag);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("g.jsonl:1"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("\"k\""), std::string::npos) << r.error().message;
  EXPECT_FALSE(read_generations_text("", "g.jsonl", diag));
  Generations g = sample_generations();
  json::Value h = header_json(g);
  h.find("sets")->items()[0].set("split", json::Value::string("nope"));
  auto r2 = read_generations_text(json::to_string(h) + "\n", "g.jsonl", diag);
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("unknown split"), std::string::npos);
}

TEST(Splits, PerturbedSetsAreDeterministicAndKeepTheirGold) {
  auto held = shop_problems(5);
  EvalOptions o;
  o.perturb_sets = 2;
  o.ood_digits = 1;
  o.seed = 3;
  Diagnostics diag;
  json::Value skipped = json::Value::object(), skipped2 = json::Value::object();
  auto a = build_splits(held, o, diag, skipped);
  auto b = build_splits(held, o, diag, skipped2);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), 6u);  // heldout, numbers/0, distractor/0, numbers/1, distractor/1, ood
  EXPECT_EQ((*a)[1].set.split, "numbers");
  EXPECT_EQ((*a)[4].set.set, 1);
  EXPECT_EQ((*a)[5].set.split, "ood_digits");
  for (size_t s = 0; s < a->size(); ++s) {
    ASSERT_EQ((*a)[s].problems.size(), 5u) << s;
    for (size_t i = 0; i < 5; ++i) {
      EXPECT_EQ(trace::content_id((*a)[s].problems[i]), trace::content_id((*b)[s].problems[i]));
      EXPECT_TRUE((*a)[s].problems[i].gold);
    }
  }
  EXPECT_NE((*a)[1].problems[0].question, held[0].question);
  EXPECT_NE((*a)[1].problems[0].question, (*a)[3].problems[0].question);  // sets differ
  EXPECT_EQ((*a)[2].problems[0].gold, held[0].gold);                      // distractor
  trace::Trace no_program = held[0];
  no_program.program = json::Value();
  json::Value sk = json::Value::object();
  auto c = build_splits({no_program}, o, diag, sk);
  ASSERT_TRUE(c);
  EXPECT_EQ(*sk.find("numbers")->as_int(), 2);
}

TEST(Evaluate, RescoresStoredGenerationsWithoutAModel) {
  Generations g = sample_generations();
  std::string dir = temp_dir("rescore");
  ASSERT_TRUE(write_generations(g, dir + "/gen.jsonl"));
  EvalOptions o;
  o.rescore = dir + "/gen.jsonl";
  o.examples = 2;
  Diagnostics diag;
  auto s = evaluate(o, diag);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(s->erase("timing"));
  EXPECT_EQ(json::to_string(*s), json::to_string(score_generations(g, 2)));
  EXPECT_NE(summary_text(*s).find("robustness"), std::string::npos);
  o.rescore = dir + "/missing.jsonl";
  EXPECT_FALSE(evaluate(o, diag));
#ifndef STEPWISE_EVAL_SAMPLING
  EvalOptions sample;
  sample.models = {{"a", "x.safetensors"}};
  sample.problems = "p.jsonl";
  auto r = evaluate(sample, diag);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("libtorch"), std::string::npos);
#endif
}

TEST(RunLog, ReadsTheCurveAndEvals) {
  std::string dir = temp_dir("log");
  ASSERT_TRUE(write_file_atomic(dir + "/log.jsonl",
                                "{\"step\":10,\"loss\":3.5}\n{\"step\":20,\"loss\":2.5}\n"
                                "garbage\n{\"step\":20,\"accuracy\":0.25,\"n\":4}\n"));
  json::Value curve, evals;
  read_run_log(dir + "/checkpoint.safetensors", curve, evals);
  EXPECT_EQ(json::to_string(curve), "[{\"step\":10,\"loss\":3.5},{\"step\":20,\"loss\":2.5}]");
  EXPECT_EQ(json::to_string(evals), "[{\"step\":20,\"accuracy\":0.25,\"n\":4}]");
  read_run_log(dir + "/nowhere/checkpoint.safetensors", curve, evals);
  EXPECT_TRUE(curve.items().empty() && evals.items().empty());
}

}  // namespace
}  // namespace stepwise::eval

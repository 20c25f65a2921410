#include "curate/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "curate/curate.h"

namespace stepwise::curate {
namespace {

TEST(Config, EveryTable) {
  CurateOptions o;
  Status st = apply_config_text(R"(
seed = 7
[policy]
base = "outcome"
min_agreement = 0.5
no_brittle = true
no_detour = true
require_stated_answer = true
max_warnings = 2
require_alt_agree = true
[select]
keep = 3
distinct_paths = false
[dedup]
exact = false
threshold = 0.9
shingle = 4
bands = 16
[decontaminate]
eval = ["test.jsonl", "/abs/other.jsonl"]
ngram = 8
rules = ["template"]
[difficulty]
carries = 1
[curriculum]
order = "curriculum"
stages = 5
pacing = "root"
replay = 0.2
balance = true
balance_max = 100
fractions = [10, 50, 100]
[export]
format = "messages"
system = "Solve it."
strip_annotations = true
)",
                                "conf/p.toml", o);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(o.seed, 7u);
  EXPECT_EQ(policy_spec(o.policy),
            "outcome,min-agreement=0.5,no-brittle,no-detour,max-warnings=2,require-alt-agree,"
            "require-stated-answer");
  EXPECT_EQ(o.select.keep, 3);
  EXPECT_FALSE(o.select.distinct_paths);
  EXPECT_FALSE(o.dedup.exact);
  EXPECT_TRUE(o.dedup.near);
  EXPECT_DOUBLE_EQ(o.dedup.threshold, 0.9);
  EXPECT_EQ(o.dedup.shingle, 4);
  EXPECT_EQ(o.dedup.bands, 16);
  // Relative paths are read from the config file's directory.
  EXPECT_EQ(o.decontam.eval_files,
            (std::vector<std::string>{"conf/test.jsonl", "/abs/other.jsonl"}));
  EXPECT_EQ(o.decontam.ngram, 8);
  EXPECT_FALSE(o.decontam.by_ngram);
  EXPECT_TRUE(o.decontam.by_template);
  EXPECT_DOUBLE_EQ(o.difficulty.carries, 1.0);
  EXPECT_DOUBLE_EQ(o.difficulty.steps, 1.0);  // untouched
  EXPECT_EQ(o.curriculum.order, Order::kCurriculum);
  EXPECT_EQ(o.curriculum.stages, 5);
  EXPECT_EQ(o.curriculum.pacing, Pacing::kRoot);
  EXPECT_DOUBLE_EQ(o.curriculum.replay, 0.2);
  EXPECT_TRUE(o.balance);
  EXPECT_EQ(o.balance_max, 100u);
  EXPECT_EQ(o.fractions, (std::vector<int>{10, 50, 100}));
  EXPECT_EQ(o.exporter.format, Format::kMessages);
  EXPECT_EQ(o.exporter.system, "Solve it.");
  EXPECT_TRUE(o.exporter.strip_annotations);
}

TEST(Config, PolicySpecKey) {
  CurateOptions o;
  ASSERT_TRUE(apply_config_text("[policy]\nspec = \"none,no-brittle\"\n", "p.toml", o));
  EXPECT_EQ(policy_spec(o.policy), "none,no-brittle");
}

std::string error_of(const std::string& text) {
  CurateOptions o;
  Status st = apply_config_text(text, "p.toml", o);
  return st ? "" : st.error().message;
}

TEST(Config, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(error_of("[dedup]\nthreshold = 2\n"),
            "p.toml:2:13: [dedup] threshold: expected a number in [0.01, 1]");
  EXPECT_EQ(error_of("[dedup]\nthreshhold = 0.5\n"),
            "p.toml:2:14: [dedup] threshhold: unknown key");
  EXPECT_EQ(error_of("[dedupe]\nx = 1\n"), "p.toml:1:1: dedupe: unknown table");
  EXPECT_EQ(error_of("[policy]\nbase = \"strictest\"\n"),
            "p.toml:2:8: [policy] base: expected \"strict\", \"outcome\" or \"none\"");
  EXPECT_EQ(error_of("[select]\nkeep = \"one\"\n"),
            "p.toml:2:8: [select] keep: expected an integer in [0, 1073741824]");
  EXPECT_NE(error_of("[policy\n").find("p.toml:1:"), std::string::npos);
  EXPECT_NE(error_of("[curriculum]\nfractions = [0]\n"), "");
  EXPECT_NE(error_of("[decontaminate]\nrules = [\"fuzzy\"]\n"), "");
  EXPECT_NE(error_of("[export]\nformat = \"csv\"\n"), "");
}

TEST(Config, LoadConfigReadsAFile) {
  std::string path = ::testing::TempDir() + "/curate_config_test.toml";
  std::ofstream(path) << "[curriculum]\norder = \"shuffle\"\n";
  CurateOptions o;
  ASSERT_TRUE(load_config(path, o));
  EXPECT_EQ(o.curriculum.order, Order::kShuffle);
  EXPECT_FALSE(load_config(path + ".missing", o));
}

TEST(Config, ShippedExamplesAreValid) {
  for (const char* name : {"strict.toml", "star.toml", "curriculum.toml"}) {
    CurateOptions o;
    Status st = load_config(std::string(STEPWISE_SOURCE_DIR) + "/examples/curate/" + name, o);
    EXPECT_TRUE(st) << name << ": " << st.error().message;
  }
}

}  // namespace
}  // namespace stepwise::curate

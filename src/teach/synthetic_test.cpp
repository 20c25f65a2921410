// The synthetic teacher: clean answers verify, each flaw does what it says, the mix and the
// bytes follow the seed, and the report crosses labels with the verifier.
#include "teach/synthetic.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tasks/tasks.h"
#include "teach/report.h"
#include "teach/solution.h"
#include "teach/teach.h"
#include "teach/test_util.h"
#include "verify/verify.h"

namespace stepwise::teach {
namespace {

// `n` generated problems of every family (difficulties 1..3), in gen's order.
std::vector<trace::Trace> problems(int n, uint64_t seed = 5) {
  tasks::GenOptions g;
  g.families = {"all"};
  g.n = n;
  g.seed = seed;
  g.max_difficulty = 3;
  std::vector<trace::Trace> out;
  auto r = tasks::generate_many(g, [&](const trace::Trace& t) { out.push_back(t); });
  EXPECT_TRUE(r) << r.error().message;
  return out;
}

// The candidate a run would write for `text` (steps and answer parsed).
trace::Trace as_trace(const trace::Trace& problem, const std::string& text) {
  ParsedSolution p = parse_solution(text);
  trace::Trace t = problem;
  t.steps.clear();
  for (const std::string& s : p.steps) t.steps.push_back({s, json::Value::object()});
  t.answer.reset();
  if (p.answer.outcome == trace::Outcome::kFound) t.answer = p.answer.value;
  t.verdict.reset();
  return t;
}

SyntheticOptions only(Flaw f) {
  SyntheticOptions o;
  o.rates.fill(0);
  o.rates[static_cast<int>(f)] = 1;
  return o;
}

TEST(SyntheticTeacher, CleanAnswersVerifyWithoutFindings) {
  SyntheticOptions o;
  o.rates.fill(0);
  for (const trace::Trace& p : problems(8)) {
    auto a = synthetic_answer(p, 0, o);
    ASSERT_TRUE(a) << p.id << ": " << a.error().message;
    EXPECT_TRUE(a->flaws.empty());
    trace::Verdict v = verify::verify_trace(as_trace(p, a->text));
    EXPECT_TRUE(v.ok) << p.id << "\n" << a->text;
    EXPECT_TRUE(v.answer_ok) << p.id;
  }
}

TEST(SyntheticTeacher, TheSameSeedGivesTheSameBytes) {
  auto ps = problems(3);
  SyntheticOptions o;
  o.set_total_rate(0.5);
  int differ = 0;
  for (const trace::Trace& p : ps) {
    for (int k = 0; k < 4; ++k) {
      EXPECT_EQ(synthetic_answer(p, k, o)->text, synthetic_answer(p, k, o)->text);
      SyntheticOptions other = o;
      other.seed = 99;
      differ += synthetic_answer(p, k, o)->text != synthetic_answer(p, k, other)->text;
    }
  }
  EXPECT_GT(differ, 0);
}

TEST(SyntheticTeacher, TheDefaultMixFlawsAboutThirtyPercent) {
  SyntheticOptions o;
  EXPECT_NEAR(o.total_rate(), 0.30, 1e-9);
  int flawed = 0, total = 0;
  for (const trace::Trace& p : problems(40)) {
    for (int k = 0; k < 4; ++k, ++total) flawed += !synthetic_answer(p, k, o)->flaws.empty();
  }
  EXPECT_NEAR(static_cast<double>(flawed) / total, 0.30, 0.04) << flawed << "/" << total;
}

// Per flaw: how often the answer still equals the gold, over every family.
struct FlawShape {
  Flaw flaw;
  double min_right, max_right;  // share of candidates whose final answer equals the gold
};

TEST(SyntheticTeacher, EachFlawChangesTheTraceAsLabelled) {
  const FlawShape shapes[] = {
      {Flaw::kArithSlip, 0.0, 0.2},
      {Flaw::kMiscopiedQuantity, 0.0, 0.2},
      {Flaw::kSkippedStep, 1.0, 1.0},
      {Flaw::kHallucinatedNumber, 0.0, 0.2},
      {Flaw::kCompensatingErrors, 0.8, 1.0},
      {Flaw::kTruncated, 0.0, 0.2},
      {Flaw::kPadding, 1.0, 1.0},
      {Flaw::kWrongFinalAnswer, 0.0, 0.0},
  };
  auto ps = problems(6);
  for (const FlawShape& shape : shapes) {
    int labelled = 0, right = 0;
    for (const trace::Trace& p : ps) {
      auto a = synthetic_answer(p, 0, only(shape.flaw));
      ASSERT_TRUE(a);
      if (a->flaws.empty()) continue;  // does not apply to this problem
      EXPECT_EQ(a->flaws[0], flaw_name(shape.flaw));
      ++labelled;
      trace::Trace t = as_trace(p, a->text);
      right += t.answer && calc::answers_equal(*t.answer, *p.gold).equal;
      if (shape.flaw == Flaw::kTruncated) {
        EXPECT_EQ(a->text.find("####"), std::string::npos);
      }
      if (shape.flaw == Flaw::kPadding || shape.flaw == Flaw::kSkippedStep) {
        int delta = shape.flaw == Flaw::kPadding ? 1 : -1;
        EXPECT_EQ(t.steps.size(), p.steps.size() + delta) << p.id;
      }
      if (a->flaw_step) {
        EXPECT_LT(*a->flaw_step, static_cast<int>(t.steps.size()));
      }
    }
    EXPECT_GE(labelled, static_cast<int>(ps.size()) / 2) << flaw_name(shape.flaw);
    double share = labelled ? static_cast<double>(right) / labelled : 0;
    EXPECT_GE(share, shape.min_right) << flaw_name(shape.flaw);
    EXPECT_LE(share, shape.max_right) << flaw_name(shape.flaw);
  }
}

TEST(SyntheticTeacher, ProblemsWithoutAFamilyProgramAreErrors) {
  trace::Trace t;
  t.id = "x";
  t.question = "What is 2 + 2?";
  EXPECT_FALSE(synthetic_answer(t, 0, {}));
}

TEST(SyntheticOptions, RatesCanBeScaledAndSetByName) {
  SyntheticOptions o;
  o.set_total_rate(0.6);
  EXPECT_NEAR(o.total_rate(), 0.6, 1e-9);
  EXPECT_NEAR(o.rates[0], 0.12, 1e-9);
  ASSERT_TRUE(o.set_rates("padding=0.1,truncated=0"));
  EXPECT_EQ(o.rates[static_cast<int>(Flaw::kPadding)], 0.1);
  EXPECT_EQ(o.rates[static_cast<int>(Flaw::kTruncated)], 0);
  EXPECT_FALSE(o.set_rates("typo=0.1"));
  EXPECT_FALSE(o.set_rates("padding=2"));
  EXPECT_FALSE(o.set_rates("padding"));
  SyntheticOptions full;
  EXPECT_FALSE(full.set_rates("padding=0.9"));  // adds up to more than 1
}

TEST(FlawReport, CountsRecallPrecisionAndLocation) {
  FlawReport r;
  trace::Trace clean, slip;
  clean.meta = json::Value::object();
  clean.meta.set("flaws", json::Value::array());
  slip.meta = json::Value::object();
  json::Value flaws = json::Value::array();
  flaws.push(json::Value::string("arith_slip"));
  slip.meta.set("flaws", flaws);
  slip.meta.set("flaw_step", json::Value::number(int64_t{1}));
  trace::Verdict ok, bad, late;
  ok.ok = true;
  bad.first_error = 1;
  bad.findings.push_back({"arith_mismatch", 1, "error", "", json::Value::object()});
  late.first_error = 2;
  late.findings.push_back({"answer_mismatch", std::nullopt, "error", "", json::Value::object()});
  r.add(clean, ok);
  r.add(clean, ok);
  r.add(clean, bad);  // a false alarm
  r.add(slip, bad);
  r.add(slip, late);
  r.add(slip, ok);
  json::Value j = r.to_json();
  const json::Value* row = j.find("flaws")->find("arith_slip");
  EXPECT_EQ(row->find("n")->as_int(), 3);
  EXPECT_EQ(row->find("flagged")->as_int(), 2);
  EXPECT_NEAR(*row->find("recall")->as_double(), 2.0 / 3, 1e-9);
  EXPECT_NEAR(*row->find("precision")->as_double(), 2.0 / 3, 1e-9);
  EXPECT_NEAR(*row->find("located")->as_double(), 0.5, 1e-9);
  EXPECT_EQ(j.find("false_alarms")->as_int(), 1);
  EXPECT_NE(r.to_text().find("arith_slip"), std::string::npos);
}

TEST(TeachSynthetic, WritesLabelledCandidatesAndTheReport) {
  testing::TempDir dir;
  {
    std::ofstream out(dir.file("problems.jsonl"));
    for (const trace::Trace& p : problems(10)) {
      std::string line;
      trace::append_jsonl(line, p);
      out << line;
    }
  }
  TeachOptions o;
  o.teacher = Teacher::kSynthetic;
  o.input = dir.file("problems.jsonl");
  o.output = dir.file("out.jsonl");
  o.k = 4;
  o.report = true;
  o.progress = false;
  auto s = run(o);
  ASSERT_TRUE(s) << s.error().message;
  int64_t candidates = *s->figures.find("candidates")->as_int();
  int64_t drops = *s->figures.find("drops")->as_int();
  EXPECT_EQ(candidates + drops, 15 * 10 * 4);
  const json::Value* report = s->figures.find("report");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->find("candidates")->as_int(), 600);
  EXPECT_GT(*report->find("recall")->as_double(), 0.5);
  EXPECT_NE(s->text.find("recall"), std::string::npos);
  std::string first = testing::lines(o.output)[0];
  EXPECT_NE(first.find("\"flaws\":"), std::string::npos);
  EXPECT_NE(first.find("\"kind\":\"teacher\""), std::string::npos);
  std::string bytes = testing::slurp(o.output);
  ASSERT_TRUE(run(o));
  EXPECT_EQ(testing::slurp(o.output), bytes);
}

}  // namespace
}  // namespace stepwise::teach

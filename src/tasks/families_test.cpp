// Property tests of every family: constraints hold, annotations compute, the program recomputes
// the gold, the record reads back into the same problem, and every phrasing occurs.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "calc/calc.h"
#include "tasks/tasks.h"

namespace stepwise::tasks {
namespace {

constexpr int kPerDifficulty = 60;

// Every "EXPR=<<EXPR=V>>V" of a step: the text before the annotation repeats EXPR, EXPR
// evaluates to V exactly (or V is its rounding when `rounding`), and V follows the annotation.
void check_annotations(const std::string& text, bool rounding, const std::string& where) {
  size_t pos = 0;
  int count = 0;
  while ((pos = text.find("<<", pos)) != std::string::npos) {
    size_t end = text.find(">>", pos);
    ASSERT_NE(end, std::string::npos) << where;
    std::string inner = text.substr(pos + 2, end - pos - 2);
    size_t eq = inner.rfind('=');
    ASSERT_NE(eq, std::string::npos) << where;
    std::string expr = inner.substr(0, eq), value = inner.substr(eq + 1);
    ASSERT_GE(pos, expr.size() + 1) << where;
    EXPECT_EQ(text.substr(pos - expr.size() - 1, expr.size() + 1), expr + "=") << where;
    EXPECT_EQ(text.compare(end + 2, value.size(), value), 0) << where;
    auto e = calc::evaluate(expr);
    ASSERT_TRUE(e.ok()) << where << ": " << expr << ": " << e.error().message;
    auto v = parse_value(value);
    ASSERT_TRUE(v.ok()) << where << ": " << value;
    if (e->value != *v) {
      EXPECT_TRUE(rounding) << where << ": " << expr << " = " << calc::to_text(e->value)
                            << ", written " << value;
      auto w = calc::parse_number(value);
      ASSERT_TRUE(w.ok());
      EXPECT_TRUE(calc::rounds_to(e->value, *w)) << where;
    }
    pos = end + 2;
    ++count;
  }
}

// The question text at each variable's "at" span is the variable's value as written.
void check_mentions(const trace::Trace& t, const std::string& where) {
  const json::Value* vars = t.program.find("vars");
  ASSERT_TRUE(vars && vars->is_array()) << where;
  for (const json::Value& v : vars->items()) {
    const json::Value* at = v.find("at");
    if (!at) continue;
    ASSERT_EQ(at->items().size(), 2u);
    size_t b = static_cast<size_t>(*at->items()[0].as_int());
    size_t e = static_cast<size_t>(*at->items()[1].as_int());
    ASSERT_LE(e, t.question.size()) << where;
    auto n = calc::parse_number(t.question.substr(b, e - b));
    ASSERT_TRUE(n.ok()) << where << ": " << t.question.substr(b, e - b);
    auto value = parse_value(v.find("value")->str());
    ASSERT_TRUE(value.ok());
    Rational written = n->percent ? Rational(n->value * 100) : n->value;
    EXPECT_EQ(written, *value) << where << ": " << v.find("name")->str();
  }
}

// Everything that must hold of one rendered problem.
void check_trace(const Family& f, const Problem& p, const trace::Trace& t, const std::string& where,
                 bool ranges = true) {
  EXPECT_EQ(t.task, f.name());
  EXPECT_EQ(t.id.rfind(f.name() + "-", 0), 0u) << t.id;
  ASSERT_TRUE(t.answer && t.gold) << where;
  EXPECT_EQ(*t.answer, *t.gold) << where;
  EXPECT_EQ(calc::to_text(*parse_value(*t.gold)), *t.gold) << where;
  auto gold = run_program(t.program);
  ASSERT_TRUE(gold.ok()) << where << ": " << gold.error().message;
  EXPECT_EQ(value_text(*gold), *t.gold) << where;
  ASSERT_FALSE(t.steps.empty()) << where;
  for (size_t i = 0; i < t.steps.size(); ++i)
    check_annotations(t.steps[i].text, f.name() == "compound_interest",
                      where + " step " + std::to_string(i) + ": " + t.steps[i].text);
  // The last step ends with the answer.
  const std::string& last = t.steps.back().text;
  EXPECT_NE(last.rfind(*t.answer), std::string::npos) << where;
  check_mentions(t, where);
  // Variable names never look like op ids ("t3", "d7").
  for (const Binding& b : p.vars) {
    bool op_like = b.name.size() > 1 && (b.name[0] == 't' || b.name[0] == 'd') &&
                   b.name.find_first_not_of("0123456789", 1) == std::string::npos;
    EXPECT_FALSE(op_like) << where << ": " << b.name;
  }
  // The record reads back into the same problem, which renders to the same record.
  auto back = problem_from_program(t.program);
  ASSERT_TRUE(back.ok()) << where << ": " << back.error().message;
  Rendered again = render(f, *back);
  EXPECT_EQ(again.trace.question, t.question) << where;
  ASSERT_EQ(again.trace.steps.size(), t.steps.size()) << where;
  for (size_t i = 0; i < t.steps.size(); ++i) EXPECT_EQ(again.trace.steps[i].text, t.steps[i].text);
  EXPECT_TRUE(violations(f, p, ranges).empty()) << where;
}

class FamilyProperty : public ::testing::TestWithParam<std::string> {};

TEST_P(FamilyProperty, GeneratedProblemsRespectConstraintsAndRecomputeTheirGold) {
  const Family* f = find_family(GetParam());
  ASSERT_NE(f, nullptr);
  std::set<int> phrasings;
  for (int d = kMinDifficulty; d <= kMaxDifficulty; ++d) {
    for (int k = 0; k < kPerDifficulty; ++k) {
      Rng rng = instance_rng(7, f->name(), static_cast<uint64_t>(d * 1000 + k));
      auto p = sample_problem(*f, d, rng);
      ASSERT_TRUE(p.ok()) << p.error().message;
      phrasings.insert(p->phrasing);
      std::string where = f->name() + " d" + std::to_string(d) + " #" + std::to_string(k);
      auto v = violations(*f, *p);
      ASSERT_TRUE(v.empty()) << where << ": " << v.front();
      Rendered r = render(*f, *p);
      ASSERT_TRUE(r.violations.empty()) << where;
      check_trace(*f, *p, r.trace, where + ": " + r.trace.question);
      if (HasFailure()) return;
    }
  }
  EXPECT_EQ(static_cast<int>(phrasings.size()), f->phrasings());
}

TEST_P(FamilyProperty, PerturbedProblemsRespectConstraintsToo) {
  const Family* f = find_family(GetParam());
  ASSERT_NE(f, nullptr);
  for (int d = kMinDifficulty; d <= kMaxDifficulty; ++d) {
    for (int k = 0; k < 12; ++k) {
      Rng rng = instance_rng(11, f->name(), static_cast<uint64_t>(d * 1000 + k));
      auto t = generate(*f, d, rng);
      ASSERT_TRUE(t.ok());
      for (PerturbKind kind : {PerturbKind::kResample, PerturbKind::kScale,
                               PerturbKind::kDistractor, PerturbKind::kRename}) {
        std::string where = f->name() + " d" + std::to_string(d) + " " + perturb_kind_name(kind);
        auto q = perturb(*t, kind, rng);
        if (!q.ok()) {
          // Only these are allowed to refuse: no names to rename, a scale that breaks the
          // template's integrality (the message says which constraint).
          EXPECT_TRUE(kind == PerturbKind::kRename || kind == PerturbKind::kScale)
              << where << ": " << q.error().message;
          continue;
        }
        auto p = problem_from_program(q->program);
        ASSERT_TRUE(p.ok()) << where;
        bool ranges = kind != PerturbKind::kScale;
        auto v = violations(*f, *p, ranges);
        ASSERT_TRUE(v.empty()) << where << ": " << v.front();
        check_trace(*f, *p, *q, where + ": " + q->question, ranges);
        EXPECT_NE(q->id, t->id) << where;
        const json::Value* link = q->meta.find("perturbation");
        ASSERT_NE(link, nullptr);
        EXPECT_EQ(link->find("of")->str(), t->id);
        EXPECT_EQ(link->find("kind")->str(), perturb_kind_name(kind));
        if (kind == PerturbKind::kDistractor || kind == PerturbKind::kRename) {
          EXPECT_EQ(*q->gold, *t->gold) << where;
        }
        if (HasFailure()) return;
      }
    }
  }
}

// The program is re-runnable: the original program run on a resampled problem's values gives
// the resampled problem's gold.
TEST_P(FamilyProperty, ProgramRerunsOnResampledValues) {
  const Family* f = find_family(GetParam());
  for (int d = kMinDifficulty; d <= kMaxDifficulty; ++d) {
    for (int k = 0; k < 20; ++k) {
      Rng rng = instance_rng(13, f->name(), static_cast<uint64_t>(d * 1000 + k));
      auto t = generate(*f, d, rng);
      ASSERT_TRUE(t.ok());
      auto q = resample(*t, rng);
      ASSERT_TRUE(q.ok()) << q.error().message;
      auto values = program_vars(q->program);
      ASSERT_TRUE(values.ok());
      auto rerun = run_program(t->program, *values);
      ASSERT_TRUE(rerun.ok()) << rerun.error().message;
      EXPECT_EQ(value_text(*rerun), *q->gold) << f->name() << " d" << d << ": " << q->question;
    }
  }
}

std::vector<std::string> family_names() {
  std::vector<std::string> out;
  for (const Family* f : families()) out.push_back(f->name());
  return out;
}

INSTANTIATE_TEST_SUITE_P(All, FamilyProperty, ::testing::ValuesIn(family_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(Families, AtLeastTwelveWithDistinctNamesAndThreePhrasings) {
  std::set<std::string> names;
  for (const Family* f : families()) {
    names.insert(f->name());
    EXPECT_GE(f->phrasings(), 3) << f->name();
    EXPECT_FALSE(f->description().empty());
    EXPECT_EQ(find_family(f->name()), f);
  }
  EXPECT_GE(names.size(), 12u);
  EXPECT_EQ(names.size(), families().size());
  EXPECT_EQ(find_family("no_such_family"), nullptr);
}

TEST(Families, SameRngGivesSameTrace) {
  for (const Family* f : families()) {
    Rng a = instance_rng(3, f->name(), 5), b = instance_rng(3, f->name(), 5);
    auto ta = generate(*f, 3, a), tb = generate(*f, 3, b);
    ASSERT_TRUE(ta.ok() && tb.ok());
    std::string ja, jb;
    trace::append_jsonl(ja, *ta);
    trace::append_jsonl(jb, *tb);
    EXPECT_EQ(ja, jb) << f->name();
  }
}

TEST(Families, AnswerFormatHasNoStepsAndTheSameProblem) {
  for (const Family* f : families()) {
    Rng a = instance_rng(4, f->name(), 1), b = instance_rng(4, f->name(), 1);
    auto full = generate(*f, 2, a, Format::kTrace);
    auto bare = generate(*f, 2, b, Format::kAnswer);
    ASSERT_TRUE(full.ok() && bare.ok());
    EXPECT_TRUE(bare->steps.empty());
    EXPECT_EQ(bare->question, full->question);
    EXPECT_EQ(bare->id, full->id);
    EXPECT_EQ(*bare->answer, *full->gold);
    EXPECT_EQ(*bare->gold, *full->gold);
  }
}

TEST(Families, OverridesPlantASlipThatLaterStepsUse) {
  const Family* f = find_family("shopping_change");
  Rng rng(1);
  auto p = sample_problem(*f, 2, rng);
  ASSERT_TRUE(p.ok());
  Rendered good = render(*f, *p);
  StepOverrides slip;
  auto run = run_program_full(good.trace.program);
  ASSERT_TRUE(run.ok());
  slip.op_values.push_back({"t1", Rational(run->ops.front().second + 1)});
  Rendered bad = render(*f, *p, Format::kTrace, &slip);
  EXPECT_EQ(bad.trace.question, good.trace.question);
  EXPECT_EQ(*bad.trace.gold, *good.trace.gold);
  EXPECT_NE(*bad.trace.answer, *good.trace.answer);  // the slip carries through to the end
  EXPECT_NE(bad.trace.steps[0].text, good.trace.steps[0].text);
  ASSERT_FALSE(bad.step_ops.empty());
  EXPECT_EQ(bad.step_ops[0], std::vector<std::string>{"t1"});
}

TEST(Families, MiscopiedQuantityChangesStepsNotQuestion) {
  const Family* f = find_family("discount_percent");
  Rng rng(2);
  auto p = sample_problem(*f, 1, rng);
  ASSERT_TRUE(p.ok());
  StepOverrides copy;
  copy.var_values.push_back({"price", *p->find("price") + 5});
  Rendered good = render(*f, *p), bad = render(*f, *p, Format::kTrace, &copy);
  EXPECT_EQ(bad.trace.question, good.trace.question);
  EXPECT_NE(bad.trace.steps[0].text, good.trace.steps[0].text);
  EXPECT_EQ(*bad.trace.gold, *good.trace.gold);
}

TEST(Families, ViolationsNameTheBrokenConstraint) {
  const Family* f = find_family("shopping_change");
  Rng rng(3);
  auto p = sample_problem(*f, 1, rng);
  ASSERT_TRUE(p.ok());
  Problem q = *p;
  for (Binding& b : q.vars)
    if (b.name == "pay") b.value = 1;
  auto v = violations(*f, q);
  ASSERT_FALSE(v.empty());
  bool named = false;
  for (const auto& s : v) named = named || s.find("payment") != std::string::npos;
  EXPECT_TRUE(named);
  q = *p;
  q.vars.pop_back();
  EXPECT_FALSE(violations(*f, q).empty());
  q = *p;
  q.difficulty = 9;
  EXPECT_FALSE(violations(*f, q).empty());
}

}  // namespace
}  // namespace stepwise::tasks

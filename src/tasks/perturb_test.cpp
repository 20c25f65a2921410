// Perturbations: what each one changes, keeps, and refuses.
#include <gtest/gtest.h>

#include "tasks/tasks.h"

namespace stepwise::tasks {
namespace {

trace::Trace make(const char* family, int difficulty, uint64_t seed) {
  Rng rng = instance_rng(seed, family, 0);
  auto t = generate(*find_family(family), difficulty, rng);
  EXPECT_TRUE(t.ok());
  return *t;
}

Rational gold(const trace::Trace& t) { return *parse_value(*t.gold); }

TEST(Resample, SameTemplateNewNumbers) {
  trace::Trace t = make("shopping_change", 3, 1);
  Rng rng(5);
  auto q = resample(t, rng);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_NE(q->question, t.question);
  auto a = problem_from_program(t.program), b = problem_from_program(q->program);
  EXPECT_EQ(a->phrasing, b->phrasing);
  EXPECT_EQ(a->entities, b->entities);
  EXPECT_EQ(a->difficulty, b->difficulty);
}

TEST(Scale, FactorMultipliesMagnitudesAndTheAnswer) {
  trace::Trace t = make("shopping_change", 2, 2);
  Rng rng(5);
  auto q = scale(t, ScaleOptions{Rational(10), 0}, rng);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(gold(*q), gold(t) * 10);  // every price and the payment scale: so does the change
  auto counts = program_vars(t.program), scaled = program_vars(q->program);
  EXPECT_EQ(counts->at("n1"), scaled->at("n1"));
  EXPECT_EQ(counts->at("p1") * 10, scaled->at("p1"));
}

TEST(Scale, DigitsLengthenScratchpadOperands) {
  trace::Trace t = make("addition_terse", 1, 3);
  Rng rng(5);
  auto q = scale(t, ScaleOptions{Rational(1), 2}, rng);
  ASSERT_TRUE(q.ok()) << q.error().message;
  auto before = program_vars(t.program), after = program_vars(q->program);
  EXPECT_EQ(after->at("a").get_num().get_str().size(),
            before->at("a").get_num().get_str().size() + 2);
  // A factor of 100 on a family without magnitudes means two more digits as well.
  auto r = scale(t, ScaleOptions{Rational(100), 0}, rng);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GT(r->question.size(), t.question.size());
}

TEST(Scale, RefusesFactorsThatBreakConstraints) {
  trace::Trace t = make("unit_rate", 4, 4);  // per-minute rate must stay whole
  Rng rng(5);
  auto q = scale(t, ScaleOptions{Rational(1, 7), 0}, rng);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.error().message.find("breaks the constraints"), std::string::npos)
      << q.error().message;
  EXPECT_FALSE(scale(t, ScaleOptions{Rational(1), 0}, rng).ok());
  trace::Trace a = make("addition_detailed", 1, 4);
  EXPECT_FALSE(scale(a, ScaleOptions{Rational(3), 0}, rng).ok());
}

TEST(Distractor, AddsANumberButKeepsAnswerAndSteps) {
  trace::Trace t = make("work_time", 3, 6);
  Rng rng(5);
  auto q = add_distractor(t, rng);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(*q->gold, *t.gold);
  ASSERT_EQ(q->steps.size(), t.steps.size());
  for (size_t i = 0; i < t.steps.size(); ++i) EXPECT_EQ(q->steps[i].text, t.steps[i].text);
  const json::Value* d = q->program.find("distractors");
  ASSERT_TRUE(d && d->items().size() == 1);
  const std::string& text = d->items()[0].find("text")->str();
  EXPECT_NE(q->question.find(text), std::string::npos);
  EXPECT_GT(q->question.size(), t.question.size());
  // A second distractor stacks on the first.
  auto q2 = add_distractor(*q, rng);
  ASSERT_TRUE(q2.ok());
  EXPECT_EQ(q2->program.find("distractors")->items().size(), 2u);
}

TEST(Rename, ChangesEveryNameKeepsNumbers) {
  trace::Trace t = make("ratio_split", 2, 7);
  Rng rng(5);
  auto q = rename(t, rng);
  ASSERT_TRUE(q.ok()) << q.error().message;
  auto a = problem_from_program(t.program), b = problem_from_program(q->program);
  for (const auto& [role, word] : a->entities) {
    EXPECT_NE(b->entity(role), word) << role;
    EXPECT_EQ(q->question.find(word), std::string::npos) << word;
  }
  EXPECT_EQ(*q->gold, *t.gold);
  EXPECT_EQ(program_vars(q->program)->size(), program_vars(t.program)->size());
}

TEST(Rename, RefusesFamiliesWithoutNames) {
  trace::Trace t = make("expression", 2, 8);
  Rng rng(5);
  auto q = rename(t, rng);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.error().message.find("no named entities"), std::string::npos);
}

TEST(Perturb, RecordsWithoutProgramAreErrors) {
  trace::Trace t;
  t.id = "x";
  t.question = "What is 2 + 2?";
  Rng rng(1);
  for (PerturbKind k : {PerturbKind::kResample, PerturbKind::kScale, PerturbKind::kDistractor,
                        PerturbKind::kRename}) {
    auto q = perturb(t, k, rng);
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.error().message.find("no program"), std::string::npos);
  }
}

TEST(Perturb, KeepsTheAnswerOnlyFormat) {
  Rng rng = instance_rng(1, "average", 0);
  auto t = generate(*find_family("average"), 3, rng, Format::kAnswer);
  ASSERT_TRUE(t.ok());
  auto q = resample(*t, rng);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->steps.empty());
  EXPECT_EQ(*q->answer, *q->gold);
}

}  // namespace
}  // namespace stepwise::tasks

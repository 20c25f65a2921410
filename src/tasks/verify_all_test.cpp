// Every family at every difficulty through the verifier: each generated trace must be ok with
// no finding at all (no warning either). STEPWISE_TASKS_PER_CELL traces per family and
// difficulty (200 here; the `slow` binary runs 10,000), and perturbed variants of some.
#include <gtest/gtest.h>

#include <string>

#include "tasks/tasks.h"
#include "verify/verify.h"

#ifndef STEPWISE_TASKS_PER_CELL
#define STEPWISE_TASKS_PER_CELL 200
#endif

namespace stepwise::tasks {
namespace {

constexpr int kPerCell = STEPWISE_TASKS_PER_CELL;

std::string describe(const trace::Trace& t, const trace::Verdict& v) {
  std::string s = "question: " + t.question + "\n";
  for (size_t i = 0; i < t.steps.size(); ++i)
    s += "  step " + std::to_string(i) + ": " + t.steps[i].text + "\n";
  s += "  answer: " + t.answer.value_or("") + "  gold: " + t.gold.value_or("") + "\n";
  for (const auto& f : v.findings)
    s += "  finding " + f.code + " (" + f.severity + ") at step " +
         (f.step ? std::to_string(*f.step) : std::string("-")) + ": " + f.message + "\n";
  return s;
}

class VerifyFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(VerifyFamily, EveryGeneratedTraceVerifiesWithNoFinding) {
  const Family* f = find_family(GetParam());
  ASSERT_NE(f, nullptr);
  verify::Verifier verifier;
  for (int d = kMinDifficulty; d <= kMaxDifficulty; ++d) {
    int bad = 0;
    std::string first;
    for (int k = 0; k < kPerCell; ++k) {
      Rng rng = instance_rng(2024, f->name(), static_cast<uint64_t>(d) * 1000000 + k);
      auto t = generate(*f, d, rng);
      ASSERT_TRUE(t.ok()) << t.error().message;
      trace::Verdict v = verifier.verify(*t);
      if (v.ok && v.answer_ok && v.findings.empty()) continue;
      if (bad++ == 0) first = describe(*t, v);
    }
    EXPECT_EQ(bad, 0) << f->name() << " difficulty " << d << ": " << bad << " of " << kPerCell
                      << " traces have findings; the first:\n"
                      << first;
  }
}

TEST_P(VerifyFamily, PerturbedTracesVerifyToo) {
  const Family* f = find_family(GetParam());
  verify::Verifier verifier;
  int bad = 0;
  std::string first;
  for (int d = kMinDifficulty; d <= kMaxDifficulty; ++d) {
    for (int k = 0; k < kPerCell / 20 + 1; ++k) {
      Rng rng = instance_rng(77, f->name(), static_cast<uint64_t>(d) * 1000000 + k);
      auto t = generate(*f, d, rng);
      ASSERT_TRUE(t.ok());
      for (PerturbKind kind : {PerturbKind::kResample, PerturbKind::kScale,
                               PerturbKind::kDistractor, PerturbKind::kRename}) {
        auto q = perturb(*t, kind, rng);
        if (!q.ok()) continue;  // refusals are covered by tasks_test
        trace::Verdict v = verifier.verify(*q);
        if (v.ok && v.answer_ok && v.findings.empty()) continue;
        if (bad++ == 0) first = std::string(perturb_kind_name(kind)) + ": " + describe(*q, v);
      }
    }
  }
  EXPECT_EQ(bad, 0) << f->name() << ": the first perturbed trace with findings:\n" << first;
}

std::vector<std::string> family_names() {
  std::vector<std::string> out;
  for (const Family* f : families()) out.push_back(f->name());
  return out;
}

INSTANTIATE_TEST_SUITE_P(All, VerifyFamily, ::testing::ValuesIn(family_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace stepwise::tasks

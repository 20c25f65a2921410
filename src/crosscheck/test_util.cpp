// Records for the crosscheck tests.
#include "crosscheck/test_util.h"

#include <gtest/gtest.h>

#include "tasks/tasks.h"

namespace stepwise::crosscheck::test {

trace::Trace shopping(long n1, long p1, long n2, long p2, long pay) {
  const tasks::Family* f = tasks::find_family("shopping_change");
  EXPECT_NE(f, nullptr);
  Rng rng(1);
  auto p = tasks::sample_problem(*f, 2, rng);
  EXPECT_TRUE(p);
  for (tasks::Binding& b : p->vars) {
    if (b.name == "n1") b.value = n1;
    if (b.name == "p1") b.value = p1;
    if (b.name == "n2") b.value = n2;
    if (b.name == "p2") b.value = p2;
    if (b.name == "pay") b.value = pay;
  }
  p->phrasing = 0;
  tasks::Rendered r = tasks::render(*f, *p);
  EXPECT_TRUE(r.violations.empty());
  return r.trace;
}

trace::Trace with_steps(const trace::Trace& t, const std::vector<std::string>& steps,
                        const std::string& answer) {
  trace::Trace out = t;
  out.steps.clear();
  for (const std::string& s : steps) out.steps.push_back({s, json::Value::object()});
  out.answer = answer;
  out.verdict.reset();
  return out;
}

}  // namespace stepwise::crosscheck::test

// Fuzzes what tasks/ reads from a record's `program`: run_program, problem_from_program, and
// rendering, checking and re-reading the problem it describes. Any bytes give a value or an
// Error, never a crash; a problem that reads back renders to a record whose program reads back
// to the same problem.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "base/json.h"
#include "tasks/tasks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stepwise;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = json::parse(text);
  if (!v) return 0;
  (void)tasks::run_program(*v);
  auto p = tasks::problem_from_program(*v);
  if (!p) return 0;
  const tasks::Family* f = tasks::find_family(p->family);
  SW_CHECK(f != nullptr);
  (void)tasks::violations(*f, *p, false);
  tasks::Rendered r = tasks::render(*f, *p);
  auto again = tasks::problem_from_program(r.trace.program);
  SW_CHECK(again.ok());
  SW_CHECK(again->vars.size() == p->vars.size());
  Rng rng(size);
  (void)tasks::rename(r.trace, rng);
  (void)tasks::add_distractor(r.trace, rng);
  return 0;
}

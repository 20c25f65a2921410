// Fuzzes symbolic lifting: any question and step text lift without crashing, and a lifted
// program re-runs on its own numbers (its value or an Error, never a crash or a hang).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crosscheck/lift.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t cut = text.find('\n');
  stepwise::trace::Trace t;
  t.question = std::string(text.substr(0, cut));
  std::string_view rest = cut == std::string_view::npos ? "" : text.substr(cut + 1);
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    t.steps.push_back({std::string(rest.substr(0, nl)), stepwise::json::Value::object()});
    rest = nl == std::string_view::npos ? "" : rest.substr(nl + 1);
  }
  if (!t.steps.empty()) t.answer = t.steps.back().text;
  stepwise::crosscheck::Lifted l = stepwise::crosscheck::lift(t);
  if (l.ok)
    (void)stepwise::crosscheck::run_lifted(l, stepwise::crosscheck::values_of(l.quantities));
  return 0;
}

// Fuzzes what `stepwise teach` reads from a teacher: the OpenAI JSON of a response (chat and
// completions), the error body, the Retry-After header, the text parsed into steps and a final
// answer, and prompt templates. Any bytes give a value or an Error, never a crash, and the
// invariants hold: choices come sorted by index, steps are single lines, drops carry one of
// the documented reasons, and a text that is not dropped has steps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "teach/openai.h"
#include "teach/prompt.h"
#include "teach/retry.h"
#include "teach/solution.h"

namespace {

void check_completion(std::string_view text, stepwise::teach::Api api) {
  auto c = stepwise::teach::parse_completion(text, api);
  if (!c) return;
  for (size_t i = 1; i < c->choices.size(); ++i) {
    SW_CHECK(c->choices[i - 1].index < c->choices[i].index);
  }
  for (const auto& choice : c->choices) (void)stepwise::teach::parse_solution(choice.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stepwise::teach;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_completion(text, Api::kChat);
  check_completion(text, Api::kCompletions);
  (void)error_message(text);
  auto secs = parse_retry_after(text, std::chrono::system_clock::now());
  SW_CHECK(!secs || *secs >= 0);
  ParsedSolution p = parse_solution(text);
  for (const std::string& s : p.steps) {
    SW_CHECK(!s.empty() || p.layout == "numbered");  // "7." alone is an empty numbered step
    SW_CHECK(s.find('\n') == std::string::npos);
  }
  SW_CHECK(p.drop.empty() || p.drop == "empty" || p.drop == "no_steps");
  if (p.drop.empty()) SW_CHECK(!p.steps.empty());
  if (check_template(text, {"question", "hint"}, "fuzz")) {
    (void)render(text, {{"question", "q"}, {"hint", "h"}});
  }
  return 0;
}

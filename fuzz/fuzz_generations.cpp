// Fuzzes the generations file reader (`stepwise eval --rescore`) and the scoring behind it:
// any bytes give a header error or a run whose bad lines are reported, never a crash; a run
// that reads scores without failing, and writes back to text that reads back to the same
// summary.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/check.h"
#include "eval/eval_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stepwise;
  Diagnostics diag(false);
  diag.set_print(false);
  auto g = eval::read_generations_text(std::string(reinterpret_cast<const char*>(data), size),
                                       "fuzz.jsonl", diag);
  if (!g) return 0;
  json::Value summary = eval::score_generations(*g, 3);
  (void)eval::summary_text(summary);
  // Written back and read again: the same summary.
  std::string text = json::to_string(eval::header_json(*g)) + "\n";
  for (const auto& m : g->models)
    for (size_t s = 0; s < g->sets.size(); ++s)
      for (const auto& [i, item] : m.items[s])
        for (const auto& [j, c] : item.completions)
          text += json::to_string(eval::sample_json(m, g->sets[s], i, item.problem, j, c)) + "\n";
  Diagnostics again(false);
  again.set_print(false);
  auto g2 = eval::read_generations_text(text, "again.jsonl", again);
  SW_CHECK(g2.ok());
  SW_CHECK(again.count() == 0);
  SW_CHECK(json::to_string(eval::score_generations(*g2, 3)) == json::to_string(summary));
  return 0;
}

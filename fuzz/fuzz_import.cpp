// Fuzzes the importers and the answer extraction: any JSON object under every layout gives a
// record or an error, never a crash; an imported record writes and reads back unchanged; a
// GSM8K export imports back to the same question, steps and gold; and the text helpers
// (extraction, normalization, splitters) take any bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "trace/answer.h"
#include "trace/import.h"

namespace {

using namespace stepwise;
using namespace stepwise::trace;

void check_round_trip(const Trace& t) {
  std::string line;
  append_jsonl(line, t);
  auto v = json::parse(std::string_view(line).substr(0, line.size() - 1));
  SW_CHECK(v.ok());
  auto again = from_json(std::move(*v));
  SW_CHECK(again.ok());
  std::string twice;
  append_jsonl(twice, *again);
  SW_CHECK(twice == line);
}

void check_gsm8k_export(const Trace& t) {
  auto g = to_gsm8k(t);
  if (!g) return;
  ImportOptions opts;
  opts.layout = Layout::kGsm8k;
  auto back = Importer(opts).convert(*g);
  if (!back) return;  // e.g. a gold with a newline cannot survive "#### <gold>"
  SW_CHECK(back->question == t.question);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  FoundAnswer a = extract_answer(text);
  SW_CHECK((a.outcome == Outcome::kFound) == !a.value.empty());
  SW_CHECK(a.outcome != Outcome::kAmbiguous || a.candidates.size() >= 2);
  normalize_answer(text);
  answer_key(text);
  split_sentences(text);
  split_gsm8k(text);
  strip_step_prefix(text);
  detect_layout(json::Value::string(std::string(text)));

  auto v = json::parse(text);
  if (!v || !v->is_object()) return 0;
  detect_layout(*v);
  for (Layout l : {Layout::kAuto, Layout::kTrace, Layout::kGsm8k, Layout::kMath, Layout::kSteps,
                   Layout::kFields}) {
    ImportOptions opts;
    opts.layout = l;
    if (l == Layout::kFields) {
      opts.fields.question = "q";
      opts.fields.steps = "s.t";
      opts.fields.answer = "a";
    }
    auto t = Importer(opts).convert(*v);
    if (!t) continue;
    check_round_trip(*t);
    check_gsm8k_export(*t);
  }
  return 0;
}

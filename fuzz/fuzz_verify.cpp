// Fuzzes the step verifier: any text as a trace (first line the question, the other lines the
// steps; a line "=> X" sets the answer, "gold X" the gold) gives a verdict, never a crash, a
// hang or an exception; the verdict is consistent (ok iff no error-level finding, first_error
// the earliest step with one), deterministic, and explain() renders it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "trace/record.h"
#include "verify/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  stepwise::trace::Trace t;
  bool first = true;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (first) {
      t.question = std::string(line);
      first = false;
    } else if (line.starts_with("=> ")) {
      t.answer = std::string(line.substr(3));
    } else if (line.starts_with("gold ")) {
      t.gold = std::string(line.substr(5));
    } else {
      t.steps.push_back({std::string(line), stepwise::json::Value::object()});
    }
  }
  static stepwise::verify::Verifier verifier;
  stepwise::trace::Verdict v = verifier.verify(t);
  bool errors = false;
  std::optional<int> first_error;
  for (const auto& f : v.findings) {
    SW_CHECK(f.severity == "error" || f.severity == "warning");
    SW_CHECK(!f.step || (*f.step >= 0 && static_cast<size_t>(*f.step) < t.steps.size()));
    if (f.severity != "error") continue;
    errors = true;
    if (f.step && (!first_error || *f.step < *first_error)) first_error = f.step;
  }
  SW_CHECK(v.ok == !errors);
  SW_CHECK(v.first_error == first_error);
  stepwise::trace::Verdict again = stepwise::verify::verify_trace(t);
  SW_CHECK(again.findings.size() == v.findings.size());
  for (size_t i = 0; i < v.findings.size(); ++i)
    SW_CHECK(again.findings[i].message == v.findings[i].message);
  std::string shown = stepwise::verify::explain(t, v);
  SW_CHECK(!shown.empty());
  return 0;
}

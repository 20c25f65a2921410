// Fuzzes the curate parsers of outside input: policy specs, TOML configs, and the step and
// question text readers (computations, templates, n-grams, shingles). Any bytes give a value or
// an Error (never a crash, hang or unbounded allocation), and what comes back is consistent: a
// parsed policy's spec reads back to itself, keys are deterministic, computations refer to
// steps that exist.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "curate/computations.h"
#include "curate/curate.h"
#include "curate/difficulty.h"
#include "curate/text.h"

namespace curate = stepwise::curate;

namespace {

void check_policy(std::string_view text) {
  auto p = curate::parse_policy(text);
  if (!p) return;
  std::string spec = curate::policy_spec(*p);
  auto again = curate::parse_policy(spec);
  SW_CHECK(again.ok() && curate::policy_spec(*again) == spec);
}

void check_text(std::string_view text) {
  stepwise::trace::Trace t;
  t.question = std::string(text.substr(0, text.size() / 2));
  size_t b = text.size() / 2;
  while (b < text.size()) {  // steps: the second half split at newlines
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    t.steps.push_back({std::string(text.substr(b, e - b)), stepwise::json::Value::object()});
    b = e + 1;
  }
  auto comps = curate::extract_computations(t);
  for (const auto& c : comps) SW_CHECK(c.step >= 0 && static_cast<size_t>(c.step) < t.steps.size());
  SW_CHECK(curate::path_key(t, comps) == curate::path_key(t, curate::extract_computations(t)));
  (void)curate::difficulty_score(curate::difficulty_features(t, comps), {});
  SW_CHECK(curate::template_key(t.question) == curate::template_key(t.question));
  (void)curate::ngram_hashes(text, 13);
  (void)curate::shingle_hashes(text, 5);
  (void)curate::exact_key(text);
  (void)curate::parse_expr(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_policy(text);
  check_text(text);
  curate::CurateOptions opts;
  (void)curate::apply_config_text(text, "fuzz.toml", opts);
  return 0;
}

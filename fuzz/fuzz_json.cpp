// Fuzzes the JSON parser: any bytes give a value or an Error, and a value re-parses to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "base/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = stepwise::json::parse(text);
  if (v) {
    std::string out = stepwise::json::to_string(*v);
    auto again = stepwise::json::parse(out);
    SW_CHECK(again.ok());
    SW_CHECK(stepwise::json::to_string(*again) == out);
  }
  return 0;
}

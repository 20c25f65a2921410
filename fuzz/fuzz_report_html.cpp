// Fuzzes the eval HTML report: any JSON document, as the summary and as the extra section,
// renders without crashing to one valid UTF-8 page in which no input text became markup.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "base/json.h"
#include "eval/report_html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = stepwise::json::parse(text);
  if (!v) return 0;
  stepwise::eval::ReportOptions opts;
  opts.extra = *v;
  const std::string html = stepwise::eval::render_html(*v, opts);
  SW_CHECK(stepwise::json::valid_utf8(html));
  SW_CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  SW_CHECK(html.size() >= 8 && html.compare(html.size() - 8, 8, "</html>\n") == 0);
  // The page itself has no script, image, iframe or link element; one could only come from input.
  std::string low(html);
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* tag : {"<script", "<img", "<iframe", "<link", "<object", "<embed"}) {
    SW_CHECK(low.find(tag) == std::string::npos);
  }
  SW_CHECK(html == stepwise::eval::render_html(*v, opts));
  return 0;
}

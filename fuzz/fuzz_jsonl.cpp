// Fuzzes the JSON Lines reader and the trace record reader: any bytes give good records or
// reports, never a crash; the reader gives the same answers whatever its chunk size; the fast
// record path agrees with the general one (json::parse + from_json) on every line; and every
// record read writes back to text that reads back to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/check.h"
#include "trace/jsonl.h"
#include "trace/record_internal.h"

namespace {

using namespace stepwise;
using namespace stepwise::trace;

std::string read_all(std::string_view data, size_t chunk, size_t max_line, uint64_t& bad) {
  ReadOptions opts;
  opts.chunk_bytes = chunk;
  opts.max_line_bytes = max_line;
  auto r = JsonlReader::from_memory(std::string(data), "fuzz.jsonl", opts);
  Diagnostics diag(false);
  diag.set_print(false);
  std::string out;
  Trace t;
  while (r->next_trace(t, diag)) {
    size_t start = out.size();
    append_jsonl(out, t);
    std::string_view line(out.data() + start, out.size() - start - 1);
    auto again = from_json(*json::parse(line));  // our own output always parses
    SW_CHECK(again.ok());
    std::string twice;
    append_jsonl(twice, *again);
    SW_CHECK(twice == out.substr(start));
  }
  bad = diag.count();
  return out;
}

void check_fast_path(std::string_view line) {
  std::string buf(line);
  buf.reserve(line.size() + kParsePadding);
  Trace fast;
  bool took = parse_trace_fast(std::string_view(buf.data(), line.size()), fast);
  if (!took) return;
  auto v = json::parse(line);
  SW_CHECK(v.ok());
  auto slow = from_json(std::move(*v));
  SW_CHECK(slow.ok());
  std::string a, b;
  append_jsonl(a, fast);
  append_jsonl(b, *slow);
  SW_CHECK(a == b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  uint64_t bad_big = 0, bad_small = 0;
  std::string big = read_all(text, 1 << 16, 1 << 20, bad_big);
  std::string small = read_all(text, 1 + size % 7, 1 << 20, bad_small);
  SW_CHECK(big == small);
  SW_CHECK(bad_big == bad_small);
  uint64_t bad_short = 0;
  read_all(text, 3, 40, bad_short);  // lines over 40 bytes are skipped as too long
  for (size_t at = 0; at <= text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    check_fast_path(text.substr(at, nl - at));
    at = nl + 1;
  }
  return 0;
}

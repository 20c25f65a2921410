#include "trace/convert.h"

#include <map>

#include "trace/scan.h"
#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

json::Value counts_json(const std::map<std::string, uint64_t>& m) {
  auto out = json::Value::object();
  for (const auto& [k, n] : m) out.set(k, json::Value::number(static_cast<int64_t>(n)));
  return out;
}

std::string counts_text(const std::map<std::string, uint64_t>& m) {
  std::string out;
  for (const auto& [k, n] : m) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(n);
  return out;
}

// Final-answer outcomes and rules of the records converted.
struct Tally {
  std::map<std::string, uint64_t> outcomes, rules;
  void add(const Trace& t) {
    if (!t.extraction) {
      ++outcomes["absent"];
      return;
    }
    ++outcomes[outcome_name(t.extraction->outcome)];
    if (!t.extraction->rule.empty()) ++rules[t.extraction->rule];
  }
};

void describe(const ConvertOptions& opts, const ScanResult& scan, uint64_t written,
              const Tally& tally, const Diagnostics& diag, Summary& summary) {
  std::string in = opts.input == "-" ? "<stdin>" : opts.input;
  std::string out = opts.output == "-" ? "<stdout>" : opts.output;
  summary.set("input", json::Value::string(in));
  summary.set("output", json::Value::string(out));
  summary.set("to", json::Value::string(format_name(opts.to)));
  summary.set("layout", json::Value::string(layout_name(scan.layout)));
  summary.set("detected", json::Value::boolean(scan.detected));
  summary.set_int("lines", static_cast<int64_t>(scan.lines));
  summary.set_int("records", static_cast<int64_t>(scan.records));
  summary.set_int("written", static_cast<int64_t>(written));
  summary.set_int("bad_lines", static_cast<int64_t>(diag.count()));
  summary.set("bad_by_kind", *diag.to_json().find("by_kind"));
  summary.set("extraction", counts_json(tally.outcomes));
  summary.set("extraction_rules", counts_json(tally.rules));
  std::string layout =
      std::string(layout_name(scan.layout)) + (scan.detected ? " (detected)" : " (given)");
  summary.line("convert: " + in + " -> " + out + ": layout " + layout + ", " +
               count_of(scan.records, "record") + " read, " + std::to_string(written) +
               " written as " + format_name(opts.to) + ", " + count_of(diag.count(), "bad line"));
  if (!tally.outcomes.empty())
    summary.line("  final answers: " + counts_text(tally.outcomes) +
                 (tally.rules.empty() ? "" : "; rules: " + counts_text(tally.rules)));
}

}  // namespace

const char* format_name(OutputFormat f) { return f == OutputFormat::kGsm8k ? "gsm8k" : "trace"; }

std::optional<OutputFormat> parse_format(std::string_view name) {
  if (name == "trace") return OutputFormat::kTrace;
  if (name == "gsm8k") return OutputFormat::kGsm8k;
  return std::nullopt;
}

Status convert(const ConvertOptions& opts, Diagnostics& diag, Summary& summary) {
  JsonlWriter writer;
  if (auto st = writer.open(opts.output); !st) return st;
  Tally tally;
  auto write = [&](Trace& t, const JsonlReader& r) {
    tally.add(t);
    if (opts.to == OutputFormat::kTrace) {
      writer.write(t);
      return true;
    }
    auto g = to_gsm8k(t);
    if (g) {
      writer.write(*g);
      return true;
    }
    return diag.report("bad_record", r.where(), g.error().message);
  };
  auto scan = scan_records(opts.input, opts.import, opts.read, diag, write, "convert");
  if (!scan) return scan.error();
  bool stopped = scan->stopped || scan->ended_early;
  describe(opts, *scan, stopped ? 0 : writer.records(), tally, diag, summary);
  if (stopped)
    return Error{"stopped at the first bad record (--strict): " + diag.first() +
                 "; nothing written"};
  return writer.commit();
}

}  // namespace stepwise::trace

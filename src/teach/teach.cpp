#include "teach/teach.h"

#include "teach/run_internal.h"

namespace stepwise::teach {

namespace internal {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string drops_path(const TeachOptions& o) {
  if (!o.drops.empty()) return o.drops == "-" ? "" : o.drops;
  if (o.output == "-" || o.output.empty()) return "";
  for (std::string_view ext : {".jsonl.gz", ".jsonl"}) {
    if (ends_with(o.output, ext)) {
      return o.output.substr(0, o.output.size() - ext.size()) + ".drops" + std::string(ext);
    }
  }
  return o.output + ".drops.jsonl";
}

std::string cache_path(const TeachOptions& o) {
  if (!o.cache.empty()) return o.cache;
  if (o.output == "-" || o.output.empty()) return "teach.cache.db";
  return o.output + ".cache.db";
}

Result<Problems> read_problems(const TeachOptions& o, Diagnostics& diag) {
  auto reader = trace::JsonlReader::open(o.input);
  if (!reader) return reader.error();
  Problems out;
  trace::Trace t;
  while ((*reader)->next_trace(t, diag)) {
    std::string where = (*reader)->where();
    if (o.rationalize && o.teacher == Teacher::kOpenAI && !t.gold) {
      if (!diag.report("no_gold", where, "--rationalize needs a \"gold\" answer to hint")) break;
      continue;
    }
    out.items.push_back(std::move(t));
    out.where.push_back(std::move(where));
    t = trace::Trace();
  }
  if ((*reader)->stopped() || (diag.strict() && diag.count() > 0)) return Error{diag.first()};
  return out;
}

Status Outputs::open(const TeachOptions& o) {
  if (auto s = out_.open(o.output); !s) return s;
  drops_path_ = drops_path(o);
  if (!drops_path_.empty()) return drops_.open(drops_path_);
  return Status::Ok();
}

void Outputs::drop(const trace::Trace& t, const std::string& reason) {
  ++drops_total_;
  ++by_reason_[reason];
  if (!drops_path_.empty()) drops_.write(t);
}

Status Outputs::commit() {
  if (!drops_path_.empty()) {
    if (auto s = drops_.commit(); !s) return s;
  }
  return out_.commit();
}

void add_output_figures(Summary& s, const Outputs& out, const TeachOptions& o) {
  s.set_int("candidates", out.candidates());
  s.set_int("drops", out.drops());
  json::Value by = json::Value::object();
  std::string line;
  for (const auto& [reason, n] : out.drops_by_reason()) {
    by.set(reason, json::Value::number(n));
    line += (line.empty() ? "" : ", ") + reason + " " + std::to_string(n);
  }
  s.set("drops_by_reason", std::move(by));
  s.set("output", json::Value::string(o.output));
  s.set("drops_file", json::Value::string(out.drops_file()));
  s.line("  candidates: " + std::to_string(out.candidates()) + " written to " + o.output);
  std::string drops = "  drops: " + std::to_string(out.drops());
  if (!line.empty()) drops += " (" + line + ")";
  if (!out.drops_file().empty()) drops += " written to " + out.drops_file();
  s.line(drops);
}

}  // namespace internal

Result<Summary> run(const TeachOptions& o) {
  if (o.k < 1 || o.k > 128) return Error{"-k must be between 1 and 128"};
  if (o.input.empty()) return Error{"no input file"};
  if (o.output.empty() && !o.dry_run) return Error{"no output file (-o PATH)"};
  if (o.report && o.teacher != Teacher::kSynthetic) {
    return Error{
        "--report measures the synthetic teacher's labelled flaws: use --teacher synthetic"};
  }
  Diagnostics diag(o.strict);
  auto problems = internal::read_problems(o, diag);
  if (!problems) return problems.error();
  Result<Summary> s = o.teacher == Teacher::kSynthetic ? internal::run_synthetic(o, *problems)
                                                       : internal::run_openai(o, *problems);
  if (!s) return s;
  s->set("bad_records", diag.to_json());
  diag.print_tail();
  return s;
}

}  // namespace stepwise::teach

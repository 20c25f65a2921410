#include "teach/candidate.h"

namespace stepwise::teach {

namespace {

// The parts of the problem every record for it carries.
trace::Trace base_record(const trace::Trace& problem, int64_t sample, const std::string& raw,
                         const SourceInfo& info) {
  trace::Trace t;
  t.id = problem.id + "." + std::to_string(sample);
  t.task = problem.task;
  t.question = problem.question;
  t.gold = problem.gold;
  t.gold_is_number = problem.gold_is_number;
  t.program = problem.program;
  t.meta = problem.meta.is_object() ? problem.meta : json::Value::object();
  t.meta.set("problem_id", json::Value::string(problem.id));
  t.extra = problem.extra;
  t.extra.set("raw", json::Value::string(raw));
  trace::Source s;
  s.kind = "teacher";
  s.name = info.name;
  s.model = info.model;
  s.sample = sample;
  s.prompt_hash = info.prompt_hash;
  s.hinted = info.hinted;
  s.extra = info.extra;
  t.source = std::move(s);
  return t;
}

}  // namespace

trace::Trace make_candidate(const trace::Trace& problem, int64_t sample, const std::string& text,
                            const ParsedSolution& parsed, const SourceInfo& source) {
  trace::Trace t = base_record(problem, sample, text, source);
  for (const std::string& s : parsed.steps) t.steps.push_back({s, json::Value::object()});
  if (parsed.answer.outcome == trace::Outcome::kFound) t.answer = parsed.answer.value;
  t.extraction = trace::to_extraction(parsed.answer);
  return t;
}

trace::Trace make_drop(const trace::Trace& problem, int64_t sample, const std::string& raw,
                       const std::string& stage, const std::string& reason,
                       const std::string& detail, const SourceInfo& source) {
  trace::Trace t = base_record(problem, sample, raw, source);
  json::Value drop = json::Value::object();
  drop.set("reason", json::Value::string(reason));
  drop.set("stage", json::Value::string(stage));
  if (!detail.empty()) drop.set("detail", json::Value::string(detail));
  t.meta.set("drop", std::move(drop));
  return t;
}

}  // namespace stepwise::teach

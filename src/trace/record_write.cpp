// The trace record's canonical writing: append_jsonl writes the text directly (no json::Value),
// to_json parses that text, so both always agree.
#include <string>

#include "base/check.h"
#include "trace/record.h"
#include "trace/record_internal.h"

namespace stepwise::trace {
namespace {

using json::Value;

// Keys are written as one literal each, comma and colon included: `,"key":`.

void put_key(std::string& out, std::string_view key_literal) { out.append(key_literal); }

void put_extras(std::string& out, const Value& extra) {
  if (!extra.is_object()) return;
  for (const auto& [k, v] : extra.members()) {
    out.push_back(',');
    json::append_quoted(out, k);
    out.push_back(':');
    json::append(out, v);
  }
}

void put_scalar(std::string& out, std::string_view key, const std::string& s, bool number) {
  put_key(out, key);
  if (number && is_json_number(s)) {
    out.append(s);
  } else {
    json::append_quoted(out, s);
  }
}

void put_string(std::string& out, std::string_view key, const std::string& s) {
  put_key(out, key);
  json::append_quoted(out, s);
}

void put_steps(std::string& out, const std::vector<Step>& steps) {
  put_key(out, R"(,"steps":)");
  out.push_back('[');
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i) out.push_back(',');
    out.append("{\"text\":");
    json::append_quoted(out, steps[i].text);
    put_extras(out, steps[i].extra);
    out.push_back('}');
  }
  out.push_back(']');
}

void put_source(std::string& out, const Source& s) {
  put_key(out, R"(,"source":)");
  out.push_back('{');
  size_t mark = out.size();  // members are written with a leading comma; the first loses it
  if (!s.kind.empty()) put_string(out, R"(,"kind":)", s.kind);
  if (!s.name.empty()) put_string(out, R"(,"name":)", s.name);
  if (!s.model.empty()) put_string(out, R"(,"model":)", s.model);
  if (s.sample) {
    put_key(out, R"(,"sample":)");
    out.append(std::to_string(*s.sample));
  }
  if (!s.prompt_hash.empty()) put_string(out, R"(,"prompt_hash":)", s.prompt_hash);
  if (s.hinted) {
    put_key(out, R"(,"hinted":)");
    out.append("true");
  }
  put_extras(out, s.extra);
  if (out.size() > mark) out.erase(mark, 1);  // the leading comma of the first member
  out.push_back('}');
}

void put_extraction(std::string& out, const Extraction& e) {
  put_key(out, R"(,"extraction":)");
  out.append("{\"outcome\":\"");
  out.append(outcome_name(e.outcome));
  out.push_back('"');
  put_string(out, R"(,"rule":)", e.rule);
  put_extras(out, e.extra);
  out.push_back('}');
}

void put_finding(std::string& out, const Finding& f) {
  out.append("{\"code\":");
  json::append_quoted(out, f.code);
  if (f.step) {
    put_key(out, R"(,"step":)");
    out.append(std::to_string(*f.step));
  }
  put_string(out, R"(,"severity":)", f.severity);
  put_string(out, R"(,"message":)", f.message);
  put_extras(out, f.extra);
  out.push_back('}');
}

void put_verdict(std::string& out, const Verdict& d) {
  put_key(out, R"(,"verdict":)");
  out.append(d.ok ? "{\"ok\":true" : "{\"ok\":false");
  put_key(out, R"(,"answer_ok":)");
  out.append(d.answer_ok ? "true" : "false");
  put_key(out, R"(,"first_error":)");
  out.append(d.first_error ? std::to_string(*d.first_error) : "null");
  put_key(out, R"(,"findings":)");
  out.push_back('[');
  for (size_t i = 0; i < d.findings.size(); ++i) {
    if (i) out.push_back(',');
    put_finding(out, d.findings[i]);
  }
  out.push_back(']');
  put_extras(out, d.extra);
  out.push_back('}');
}

}  // namespace

void append_jsonl(std::string& out, const Trace& t) {
  out.append("{\"id\":");
  json::append_quoted(out, t.id);
  if (!t.task.empty()) put_string(out, R"(,"task":)", t.task);
  put_string(out, R"(,"question":)", t.question);
  put_steps(out, t.steps);
  if (t.answer) put_scalar(out, R"(,"answer":)", *t.answer, t.answer_is_number);
  if (t.gold) put_scalar(out, R"(,"gold":)", *t.gold, t.gold_is_number);
  if (t.extraction) put_extraction(out, *t.extraction);
  if (t.source) put_source(out, *t.source);
  if (!t.program.is_null()) {
    put_key(out, R"(,"program":)");
    json::append(out, t.program);
  }
  if (t.verdict) put_verdict(out, *t.verdict);
  if (!t.meta.is_null()) {
    put_key(out, R"(,"meta":)");
    json::append(out, t.meta);
  }
  put_extras(out, t.extra);
  out.append("}\n");
}

json::Value to_json(const Trace& t) {
  // One source of truth for the canonical layout: the text writer. Its output is valid JSON by
  // construction (strings are escaped and repaired, numbers checked), so parsing cannot fail.
  std::string text;
  append_jsonl(text, t);
  auto v = json::parse(text);
  SW_CHECK(v.ok());
  return std::move(*v);
}

}  // namespace stepwise::trace

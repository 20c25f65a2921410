// The trace record: reading from JSON (from_json), the field table and the content-derived id.
// Writing is in record_write.cpp; the fast reading path in record_fast.cpp.
#include "trace/record.h"

#include <limits>
#include <string_view>
#include <utility>

#include "base/check.h"
#include "base/hash.h"
#include "trace/record_internal.h"

namespace stepwise::trace {
namespace {

using json::Type;
using json::Value;

Error field_error(std::string_view path, std::string_view expected, const Value& found) {
  return Error{"field \"" + std::string(path) + "\": expected " + std::string(expected) +
               ", found " + type_name(found)};
}

// Moves a string field into `out`. Error names the field.
Status take_string(Value& v, std::string_view path, std::string& out) {
  if (!v.is_string()) return field_error(path, "a string", v);
  out = v.take_str();
  return Status::Ok();
}

// A string or a number (kept as its text); null leaves `out` empty.
Status take_scalar(Value& v, std::string_view path, std::optional<std::string>& out,
                   bool& is_number) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_string() && !v.is_number()) return field_error(path, "a string or a number", v);
  is_number = v.is_number();
  out = v.take_str();
  return Status::Ok();
}

Status take_bool(const Value& v, std::string_view path, bool& out) {
  if (!v.is_bool()) return field_error(path, "true or false", v);
  out = v.as_bool();
  return Status::Ok();
}

// An integer (null leaves `out` unset).
template <typename Int>
Status take_int(const Value& v, std::string_view path, std::optional<Int>& out) {
  if (v.is_null()) return Status::Ok();
  auto i = v.as_int();
  if (!i || *i < std::numeric_limits<Int>::min() || *i > std::numeric_limits<Int>::max())
    return field_error(path, "an integer", v);
  out = static_cast<Int>(*i);
  return Status::Ok();
}

Status read_steps(Value& v, std::vector<Step>& out) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_array()) return field_error("steps", "an array of strings or objects", v);
  out.reserve(v.items().size());
  // Paths are built only for messages: this loop is on the hot path of every reader.
  auto path = [](size_t i) { return "steps[" + std::to_string(i) + "]"; };
  for (size_t i = 0; i < v.items().size(); ++i) {
    Value& s = v.items()[i];
    Step& step = out.emplace_back();
    if (s.is_string()) {
      step.text = s.take_str();
    } else if (s.is_object()) {
      bool has_text = false;
      for (auto& [k, x] : s.members()) {
        if (k == "text") {
          if (!x.is_string()) return field_error(path(i) + ".text", "a string", x);
          step.text = x.take_str();
          has_text = true;
        } else {
          step.extra.members().emplace_back(std::move(k), std::move(x));
        }
      }
      if (!has_text) return Error{"field \"" + path(i) + "\": missing field \"text\""};
    } else {
      return field_error(path(i), "a string or an object with \"text\"", s);
    }
  }
  return Status::Ok();
}

Status read_source(Value& v, std::optional<Source>& out) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_object()) return field_error("source", "an object", v);
  Source s;
  for (auto& [k, x] : v.members()) {
    Status st;
    if (k == "kind")
      st = take_string(x, "source.kind", s.kind);
    else if (k == "name")
      st = take_string(x, "source.name", s.name);
    else if (k == "model")
      st = take_string(x, "source.model", s.model);
    else if (k == "sample")
      st = take_int(x, "source.sample", s.sample);
    else if (k == "prompt_hash")
      st = take_string(x, "source.prompt_hash", s.prompt_hash);
    else if (k == "hinted")
      st = take_bool(x, "source.hinted", s.hinted);
    else
      s.extra.members().emplace_back(std::move(k), std::move(x));
    if (!st) return st;
  }
  out = std::move(s);
  return Status::Ok();
}

Status read_extraction(Value& v, std::optional<Extraction>& out) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_object()) return field_error("extraction", "an object", v);
  Extraction e;
  for (auto& [k, x] : v.members()) {
    if (k == "outcome") {
      auto o = x.is_string() ? parse_outcome(x.str()) : std::nullopt;
      if (!o) return field_error("extraction.outcome", "\"found\", \"none\" or \"ambiguous\"", x);
      e.outcome = *o;
    } else if (k == "rule") {
      if (auto st = take_string(x, "extraction.rule", e.rule); !st) return st;
    } else {
      e.extra.members().emplace_back(std::move(k), std::move(x));
    }
  }
  out = std::move(e);
  return Status::Ok();
}

Status read_finding(Value& v, const std::string& path, Finding& f) {
  if (!v.is_object()) return field_error(path, "an object", v);
  for (auto& [k, x] : v.members()) {
    Status st;
    if (k == "code")
      st = take_string(x, path + ".code", f.code);
    else if (k == "step")
      st = take_int(x, path + ".step", f.step);
    else if (k == "severity")
      st = take_string(x, path + ".severity", f.severity);
    else if (k == "message")
      st = take_string(x, path + ".message", f.message);
    else
      f.extra.members().emplace_back(std::move(k), std::move(x));
    if (!st) return st;
  }
  return Status::Ok();
}

Status read_verdict(Value& v, std::optional<Verdict>& out) {
  if (v.is_null()) return Status::Ok();
  if (!v.is_object()) return field_error("verdict", "an object", v);
  Verdict d;
  for (auto& [k, x] : v.members()) {
    Status st;
    if (k == "ok") {
      st = take_bool(x, "verdict.ok", d.ok);
    } else if (k == "answer_ok") {
      st = take_bool(x, "verdict.answer_ok", d.answer_ok);
    } else if (k == "first_error") {
      st = take_int(x, "verdict.first_error", d.first_error);
    } else if (k == "findings") {
      if (!x.is_array()) return field_error("verdict.findings", "an array of objects", x);
      d.findings.resize(x.items().size());
      for (size_t i = 0; i < x.items().size() && st; ++i)
        st = read_finding(x.items()[i], "verdict.findings[" + std::to_string(i) + "]",
                          d.findings[i]);
    } else {
      d.extra.members().emplace_back(std::move(k), std::move(x));
    }
    if (!st) return st;
  }
  out = std::move(d);
  return Status::Ok();
}

}  // namespace

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kFound:
      return "found";
    case Outcome::kNone:
      return "none";
    case Outcome::kAmbiguous:
      return "ambiguous";
  }
  return "none";
}

std::optional<Outcome> parse_outcome(std::string_view name) {
  if (name == "found") return Outcome::kFound;
  if (name == "none") return Outcome::kNone;
  if (name == "ambiguous") return Outcome::kAmbiguous;
  return std::nullopt;
}

const char* type_name(const json::Value& v) {
  switch (v.type()) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "value";
}

namespace {

Status read_field(Field f, json::Value& x, Trace& t) {
  switch (f) {
    case Field::kId:
      // Datasets often number their records; a numeric id is kept as its text.
      if (x.is_number()) {
        t.id = x.take_str();
        return Status::Ok();
      }
      return x.is_null() ? Status::Ok() : take_string(x, "id", t.id);
    case Field::kTask:
      return x.is_null() ? Status::Ok() : take_string(x, "task", t.task);
    case Field::kQuestion:
      return take_string(x, "question", t.question);
    case Field::kSteps:
      return read_steps(x, t.steps);
    case Field::kAnswer:
      return take_scalar(x, "answer", t.answer, t.answer_is_number);
    case Field::kGold:
      return take_scalar(x, "gold", t.gold, t.gold_is_number);
    case Field::kExtraction:
      return read_extraction(x, t.extraction);
    case Field::kSource:
      return read_source(x, t.source);
    case Field::kVerdict:
      return read_verdict(x, t.verdict);
    case Field::kProgram:
      t.program = std::move(x);
      return Status::Ok();
    case Field::kMeta:
      t.meta = std::move(x);
      return Status::Ok();
    case Field::kNone:
      break;
  }
  return Status::Ok();
}

}  // namespace

Field field_of(std::string_view k) {
  switch (k.size()) {
    case 2:
      return k == "id" ? Field::kId : Field::kNone;
    case 4:
      return k == "task"   ? Field::kTask
             : k == "gold" ? Field::kGold
             : k == "meta" ? Field::kMeta
                           : Field::kNone;
    case 5:
      return k == "steps" ? Field::kSteps : Field::kNone;
    case 6:
      return k == "answer" ? Field::kAnswer : k == "source" ? Field::kSource : Field::kNone;
    case 7:
      return k == "program" ? Field::kProgram : k == "verdict" ? Field::kVerdict : Field::kNone;
    case 8:
      return k == "question" ? Field::kQuestion : Field::kNone;
    case 10:
      return k == "extraction" ? Field::kExtraction : Field::kNone;
    default:
      return Field::kNone;
  }
}

bool is_record_field(std::string_view k) { return field_of(k) != Field::kNone; }

bool is_json_number(std::string_view s) { return json::valid_number(s); }

Status read_record_field(std::string_view k, json::Value& x, Trace& t) {
  return read_field(field_of(k), x, t);
}

Result<Trace> from_json(json::Value v) {
  if (!v.is_object()) return Error{std::string("expected a JSON object, found ") + type_name(v)};
  Trace t;
  bool has_question = false;
  for (auto& [k, x] : v.members()) {
    Field f = field_of(k);
    if (f == Field::kNone) {
      t.extra.members().emplace_back(std::move(k), std::move(x));
      continue;
    }
    has_question = has_question || f == Field::kQuestion;
    if (auto st = read_field(f, x, t); !st) return st.error();
  }
  if (!has_question) return Error{"missing field \"question\""};
  if (t.id.empty()) t.id = content_id(t);
  return t;
}

std::string content_id(const Trace& t) {
  uint64_t h = hash64(t.task, 1);
  h = hash_combine(h, hash64(t.question, 2));
  for (const Step& s : t.steps) h = hash_combine(h, hash64(s.text, 3));
  h = hash_combine(h, t.steps.size());
  h = hash_combine(h, t.answer ? hash64(*t.answer, 4) : 0);
  std::string prefix = t.task.empty() ? "trace" : t.task;
  for (char& c : prefix) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.' || c == '-';
    if (!plain) c = '_';
  }
  return prefix + "-" + to_hex(h, 16);
}

}  // namespace stepwise::trace

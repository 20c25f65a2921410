// parse_trace_fast(): one JSON line straight into a Trace, without the json::Value tree.
//
// Reading is the hot path of every stage, and building a generic tree only to take it apart
// again cost about half of it. This walks the simdjson On-Demand document once, moving strings
// into the record's own (reused) buffers. It is deliberately conservative: anything it is not
// sure about (a wrong type, a malformed value, an odd number) returns false and the caller
// takes the general path, which also produces the precise message. Fields that are not part of
// the record are handed to json::parse, so they come out exactly as the general path makes
// them. fuzz/fuzz_jsonl.cpp checks that both paths agree on arbitrary input.
#include <simdjson.h>

#include <algorithm>
#include <limits>

#include "trace/record_internal.h"

namespace stepwise::trace {
namespace {

namespace od = simdjson::ondemand;
using json::Value;

static_assert(kParsePadding >= simdjson::SIMDJSON_PADDING);

std::string_view trim_token(std::string_view t) {
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r'))
    t.remove_suffix(1);
  return t;
}

bool is_null(od::value v) {
  od::json_type type;
  if (v.type().get(type) || type != od::json_type::null) return false;
  bool null = false;
  return !v.is_null().get(null) && null;
}

// Rejects values nested so deep that the depth limit of the whole document could matter
// (json::parse of a subtree only sees the subtree's depth): those take the general path.
bool shallow(std::string_view raw) {
  if (raw.size() < 400) return true;
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest < 400;
}

// Any value. Scalars are read as json::parse reads them (each consumed, so the walk stays in
// step with the document); objects and arrays go through json::parse of their text, which
// also validates them whole.
bool any_value(od::value v, Value& out) {
  od::json_type type;
  if (v.type().get(type)) return false;
  std::string_view raw;
  switch (type) {
    case od::json_type::object: {
      od::object o;
      if (v.get_object().get(o) || o.raw_json().get(raw)) return false;
      break;
    }
    case od::json_type::array: {
      od::array a;
      if (v.get_array().get(a) || a.raw_json().get(raw)) return false;
      break;
    }
    case od::json_type::string: {
      if (v.get_string().get(raw)) return false;
      out = Value::string(std::string(raw));
      return true;
    }
    case od::json_type::number: {
      raw = trim_token(v.raw_json_token());
      if (!is_json_number(raw)) return false;
      out = Value::number_raw(std::string(raw));
      return true;
    }
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b)) return false;
      out = Value::boolean(b);
      return true;
    }
    case od::json_type::null:
      out = Value();
      return is_null(v);
  }
  if (!shallow(raw)) return false;
  auto parsed = json::parse(raw);
  if (!parsed) return false;
  out = std::move(*parsed);
  return true;
}

bool string_into(od::value v, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  out.assign(s.data(), s.size());
  return true;
}

// A number's exact text (validated like json::parse does).
bool number_text(od::value v, std::string_view& out) {
  od::json_type type;
  if (v.type().get(type) || type != od::json_type::number) return false;
  out = trim_token(v.raw_json_token());
  return is_json_number(out);
}

// A string or a number into an optional (null leaves it as it was, like from_json). A new value
// takes over `spare`'s buffer.
bool scalar_into(od::value v, std::optional<std::string>& out, bool& is_number,
                 std::string& spare) {
  od::json_type type;
  if (v.type().get(type)) return false;
  if (type == od::json_type::null) return is_null(v);
  std::string_view text;
  if (type == od::json_type::number) {
    if (!number_text(v, text)) return false;
    is_number = true;
  } else if (type == od::json_type::string) {
    if (v.get_string().get(text)) return false;
    is_number = false;
  } else {
    return false;
  }
  if (!out) out.emplace(std::move(spare));
  out->assign(text.data(), text.size());
  return true;
}

template <typename Int>
bool int_into(od::value v, std::optional<Int>& out) {
  if (is_null(v)) return true;
  std::string_view text;
  if (!number_text(v, text)) return false;
  auto i = Value::number_raw(std::string(text)).as_int();
  if (!i || *i < std::numeric_limits<Int>::min() || *i > std::numeric_limits<Int>::max())
    return false;
  out = static_cast<Int>(*i);
  return true;
}

bool bool_into(od::value v, bool& out) { return !v.get_bool().get(out); }

// Iterates an object's fields: fn(key, value) -> false stops with failure.
template <typename Fn>
bool each_field(od::value v, Fn&& fn) {
  od::object o;
  if (v.get_object().get(o)) return false;
  for (auto field : o) {
    std::string_view key;
    od::value x;
    if (field.unescaped_key().get(key) || field.value().get(x) || !fn(key, x)) return false;
  }
  return true;
}

bool steps_into(od::value v, std::vector<Step>& steps, size_t& n) {
  od::array a;
  if (v.get_array().get(a)) return false;
  for (auto el : a) {
    od::value s;
    od::json_type type;
    if (el.get(s) || s.type().get(type)) return false;
    if (n == steps.size()) steps.emplace_back();
    Step& step = steps[n++];
    step.text.clear();
    step.extra = Value::object();
    if (type == od::json_type::string) {
      if (!string_into(s, step.text)) return false;
      continue;
    }
    bool has_text = false;
    bool ok = type == od::json_type::object && each_field(s, [&](std::string_view k, od::value x) {
                if (k == "text") {
                  has_text = true;
                  return string_into(x, step.text);
                }
                Value extra;
                if (!any_value(x, extra)) return false;
                step.extra.members().emplace_back(std::string(k), std::move(extra));
                return true;
              });
    if (!ok || !has_text) return false;
  }
  return true;
}

bool source_into(od::value v, std::optional<Source>& out) {
  if (is_null(v)) return true;
  Source s;
  bool ok = each_field(v, [&](std::string_view k, od::value x) {
    if (k == "kind") return string_into(x, s.kind);
    if (k == "name") return string_into(x, s.name);
    if (k == "model") return string_into(x, s.model);
    if (k == "sample") return int_into(x, s.sample);
    if (k == "prompt_hash") return string_into(x, s.prompt_hash);
    if (k == "hinted") return bool_into(x, s.hinted);
    Value extra;
    if (!any_value(x, extra)) return false;
    s.extra.members().emplace_back(std::string(k), std::move(extra));
    return true;
  });
  if (ok) out = std::move(s);
  return ok;
}

bool extraction_into(od::value v, std::optional<Extraction>& out) {
  if (is_null(v)) return true;
  Extraction e;
  bool ok = each_field(v, [&](std::string_view k, od::value x) {
    if (k == "outcome") {
      std::string_view name;
      auto o = x.get_string().get(name) ? std::nullopt : parse_outcome(name);
      if (o) e.outcome = *o;
      return o.has_value();
    }
    if (k == "rule") return string_into(x, e.rule);
    Value extra;
    if (!any_value(x, extra)) return false;
    e.extra.members().emplace_back(std::string(k), std::move(extra));
    return true;
  });
  if (ok) out = std::move(e);
  return ok;
}

bool finding_into(od::value v, Finding& f) {
  return each_field(v, [&](std::string_view k, od::value x) {
    if (k == "code") return string_into(x, f.code);
    if (k == "step") return int_into(x, f.step);
    if (k == "severity") return string_into(x, f.severity);
    if (k == "message") return string_into(x, f.message);
    Value extra;
    if (!any_value(x, extra)) return false;
    f.extra.members().emplace_back(std::string(k), std::move(extra));
    return true;
  });
}

bool verdict_into(od::value v, std::optional<Verdict>& out) {
  if (is_null(v)) return true;
  Verdict d;
  bool ok = each_field(v, [&](std::string_view k, od::value x) {
    if (k == "ok") return bool_into(x, d.ok);
    if (k == "answer_ok") return bool_into(x, d.answer_ok);
    if (k == "first_error") return int_into(x, d.first_error);
    if (k == "findings") {
      od::array a;
      if (x.get_array().get(a)) return false;
      d.findings.clear();
      for (auto el : a) {
        od::value f;
        if (el.get(f) || !finding_into(f, d.findings.emplace_back())) return false;
      }
      return true;
    }
    Value extra;
    if (!any_value(x, extra)) return false;
    d.extra.members().emplace_back(std::string(k), std::move(extra));
    return true;
  });
  if (ok) out = std::move(d);
  return ok;
}

// Clears `t` for refilling, keeping the capacity of its strings and steps.
void reset(Trace& t) {
  t.id.clear();
  t.task.clear();
  t.question.clear();
  t.answer_is_number = t.gold_is_number = false;
  t.extraction.reset();
  t.source.reset();
  t.program = Value();
  t.verdict.reset();
  t.meta = Value();
  t.extra = Value::object();
}

struct Spares {
  std::string answer, gold;  // buffers of the previous record's answer and gold, for reuse
};

bool field_into(Field f, od::value x, Trace& t, size_t& steps, Spares& spare) {
  switch (f) {
    case Field::kId: {
      if (is_null(x)) return true;
      std::string_view text;
      if (!number_text(x, text)) return string_into(x, t.id);
      t.id.assign(text.data(), text.size());
      return true;
    }
    case Field::kTask:
      return is_null(x) || string_into(x, t.task);
    case Field::kQuestion:
      return string_into(x, t.question);
    case Field::kSteps:
      return is_null(x) || steps_into(x, t.steps, steps);
    case Field::kAnswer:
      return scalar_into(x, t.answer, t.answer_is_number, spare.answer);
    case Field::kGold:
      return scalar_into(x, t.gold, t.gold_is_number, spare.gold);
    case Field::kExtraction:
      return extraction_into(x, t.extraction);
    case Field::kSource:
      return source_into(x, t.source);
    case Field::kVerdict:
      return verdict_into(x, t.verdict);
    case Field::kProgram:
      return any_value(x, t.program);
    case Field::kMeta:
      return any_value(x, t.meta);
    case Field::kNone:
      break;
  }
  return false;
}

}  // namespace

bool parse_trace_fast(std::string_view line, Trace& t) {
  thread_local od::parser parser;
  od::document doc;
  od::json_type type;
  od::value root;
  simdjson::padded_string_view in(line.data(), line.size(), line.size() + kParsePadding);
  if (parser.iterate(in).get(doc) || doc.type().get(type) || type != od::json_type::object ||
      doc.get_value().get(root))
    return false;
  Spares spare;
  if (t.answer) spare.answer = std::move(*t.answer);
  if (t.gold) spare.gold = std::move(*t.gold);
  t.answer.reset();
  t.gold.reset();
  reset(t);
  size_t steps = 0;
  bool has_question = false;
  bool ok = each_field(root, [&](std::string_view k, od::value x) {
    Field f = field_of(k);
    if (f == Field::kNone) {
      Value extra;
      if (!any_value(x, extra)) return false;
      t.extra.members().emplace_back(std::string(k), std::move(extra));
      return true;
    }
    has_question = has_question || f == Field::kQuestion;
    return field_into(f, x, t, steps, spare);
  });
  t.steps.resize(steps);
  if (!ok || !has_question || doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return false;
  if (t.id.empty()) t.id = content_id(t);
  return true;
}

}  // namespace stepwise::trace

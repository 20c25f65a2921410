// Importers: foreign dataset layouts onto the trace record (see import.h, docs/import.md).
#include "trace/import.h"

#include <initializer_list>
#include <utility>

#include "trace/answer.h"
#include "trace/record_internal.h"
#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

using json::Value;

Error field_error(std::string_view name, std::string_view expected, const Value& found) {
  return Error{"field \"" + std::string(name) + "\": expected " + std::string(expected) +
               ", found " + type_name(found)};
}

// Takes `path` out of `v`: a key as written, else a dotted path into nested objects (a parent
// left empty is removed too). nullopt when absent.
std::optional<Value> take_field(Value& v, std::string_view path) {
  if (!v.is_object() || path.empty()) return std::nullopt;
  if (Value* x = v.find(path)) {
    Value out = std::move(*x);
    v.erase(path);
    return out;
  }
  size_t dot = path.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view head = path.substr(0, dot);
  Value* parent = v.find(head);
  if (!parent || !parent->is_object()) return std::nullopt;
  auto out = take_field(*parent, path.substr(dot + 1));
  if (out && parent->members().empty()) v.erase(head);
  return out;
}

// The first of `names` that `v` has, or "" when none.
std::string first_present(const Value& v, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (v.find(n)) return n;
  return "";
}

// The input field names for one record under `layout`, flags first, then the layout's default.
FieldMap resolve(const FieldMap& given, Layout layout, const Value& v) {
  FieldMap f = given;
  auto pick = [](std::string& slot, std::string fallback) {
    if (slot.empty()) slot = std::move(fallback);
  };
  if (layout == Layout::kGsm8k) {
    pick(f.question, "question");
    pick(f.steps, "answer");
  } else if (layout == Layout::kMath) {
    pick(f.question, "problem");
    pick(f.steps, "solution");
    pick(f.gold, first_present(v, {"answer"}));
  } else {
    pick(f.question, first_present(v, {"question", "problem", "prompt", "input", "query"}));
    pick(f.steps,
         first_present(v, {"steps", "solution_steps", "reasoning_steps", "rationale", "solution"}));
    pick(f.answer, first_present(v, {"answer", "final_answer"}));
    pick(f.gold, first_present(v, {"gold", "gold_answer", "ground_truth"}));
  }
  pick(f.id, first_present(v, {"id"}));
  pick(f.task, first_present(v, {"task"}));
  return f;
}

// A string or number field (the number keeps its text and type). Error when it has another
// type, or when it is `required` (named by a flag) and absent.
Status take_scalar(Value& v, const std::string& name, bool required,
                   std::optional<std::string>& out, bool& is_number) {
  auto x = take_field(v, name);
  if (!x && required) return Error{"missing field \"" + name + "\""};
  if (!x || x->is_null()) return Status::Ok();
  if (!x->is_string() && !x->is_number()) return field_error(name, "a string or a number", *x);
  is_number = x->is_number();
  out = x->take_str();
  return Status::Ok();
}

Status read_step_list(Value& list, const std::string& name, std::vector<Step>& out) {
  for (size_t i = 0; i < list.items().size(); ++i) {
    Value& item = list.items()[i];
    Step step;
    if (item.is_object() && item.find("text") && item.find("text")->is_string()) {
      step.text = item.find("text")->take_str();
      item.erase("text");
      step.extra = std::move(item);
    } else if (item.is_string()) {
      step.text = item.take_str();
    } else {
      return field_error(name + "[" + std::to_string(i) + "]",
                         "a string or an object with \"text\"", item);
    }
    std::string_view stripped = strip_step_prefix(step.text);
    if (stripped.size() != step.text.size()) step.text = std::string(stripped);
    out.push_back(std::move(step));
  }
  return Status::Ok();
}

std::string join_steps(const std::vector<Step>& steps) {
  std::string all;
  for (const Step& s : steps) {
    if (!all.empty()) all.push_back('\n');
    all += s.text;
  }
  return all;
}

void set_found(Trace& t, std::string value, std::string_view rule) {
  t.answer = std::move(value);
  t.answer_is_number = false;
  t.extraction = Extraction{Outcome::kFound, std::string(rule), Value::object()};
}

// Steps (and the answer, when the solution states it) from the steps field under `layout`.
Status read_solution(Value& s, const std::string& name, Layout layout, Trace& t) {
  if (s.is_array() && layout != Layout::kGsm8k && layout != Layout::kMath)
    return read_step_list(s, name, t.steps);
  if (!s.is_string()) {
    const char* what = layout == Layout::kGsm8k || layout == Layout::kMath
                           ? "a solution text"
                           : "a list of steps or a solution text";
    return field_error(name, what, s);
  }
  std::string_view text = s.str();
  if (layout == Layout::kMath) {
    for (auto& sentence : split_sentences(text)) t.steps.push_back(Step{std::move(sentence)});
    FoundAnswer a = extract_answer(text);
    t.extraction = to_extraction(a);
    if (a.outcome == Outcome::kFound) t.answer = a.value;
    return Status::Ok();
  }
  auto gsm = split_gsm8k(text);
  if (!gsm && layout == Layout::kGsm8k)
    return Error{"field \"" + name + "\": expected a GSM8K solution ending in \"#### <answer>\""};
  if (gsm) {
    for (auto& line : gsm->lines)
      t.steps.push_back(
          Step{layout == Layout::kGsm8k ? std::move(line) : std::string(strip_step_prefix(line))});
    set_found(t, gsm->answer, kRuleHashes);
    return Status::Ok();
  }
  for (size_t at = 0; at <= text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(at, nl - at));
    if (!line.empty()) t.steps.push_back(Step{std::string(strip_step_prefix(line))});
    at = nl + 1;
  }
  return Status::Ok();
}

Status take_question(Value& v, const std::string& name, Trace& t) {
  if (name.empty())
    return Error{
        "missing the question: none of the fields \"question\", \"problem\", \"prompt\", "
        "\"input\", \"query\" (map it with --question-field)"};
  auto q = take_field(v, name);
  if (!q) return Error{"missing field \"" + name + "\""};
  if (!q->is_string()) return field_error(name, "a string", *q);
  t.question = q->take_str();
  return Status::Ok();
}

Status take_steps(Value& v, const std::string& name, const ImportOptions& o, Layout layout,
                  Trace& t) {
  if (name.empty()) return Status::Ok();
  auto s = take_field(v, name);
  bool required = !o.fields.steps.empty() || layout == Layout::kGsm8k || layout == Layout::kMath;
  if (!s && required) return Error{"missing field \"" + name + "\""};
  if (!s || s->is_null()) return Status::Ok();
  return read_solution(*s, name, layout, t);
}

// The final answer (a field, or found in the steps) and the gold answer.
Status take_answers(Value& v, const FieldMap& f, const ImportOptions& o, Layout layout, Trace& t) {
  std::optional<std::string> answer;
  bool number = false;
  if (auto st = take_scalar(v, f.answer, !o.fields.answer.empty(), answer, number); !st) return st;
  if (answer) {
    t.answer = std::move(answer);
    t.answer_is_number = number;
    t.extraction = Extraction{Outcome::kFound, std::string(kRuleField), Value::object()};
  } else if (!t.extraction && !t.steps.empty()) {
    FoundAnswer a = extract_answer(join_steps(t.steps));
    t.extraction = to_extraction(a);
    if (a.outcome == Outcome::kFound) t.answer = a.value;
  }
  if (auto st = take_scalar(v, f.gold, !o.fields.gold.empty(), t.gold, t.gold_is_number); !st)
    return st;
  // The dataset's own solutions: their marked answers ("####", \boxed{}) are gold; an answer
  // guessed by a weaker rule (the last number) is not.
  bool marked = t.extraction && (t.extraction->rule == kRuleHashes ||
                                 (layout == Layout::kMath && t.extraction->rule == kRuleBoxed));
  if (!t.gold && (layout == Layout::kGsm8k || layout == Layout::kMath) && t.answer && marked)
    t.gold = t.answer;
  return Status::Ok();
}

Status take_id_and_task(Value& v, const FieldMap& f, const ImportOptions& o, Layout layout,
                        Trace& t) {
  std::optional<std::string> id;
  bool number = false;
  if (auto st = take_scalar(v, f.id, !o.fields.id.empty(), id, number); !st) return st;
  if (id) t.id = std::move(*id);
  auto task = take_field(v, f.task);
  if (!task && !o.fields.task.empty()) return Error{"missing field \"" + f.task + "\""};
  if (task && !task->is_string()) return field_error(f.task, "a string", *task);
  if (!o.task.empty()) {
    t.task = o.task;
    if (task) v.set(f.task, std::move(*task));  // overridden by --task, so kept as it was
  } else if (task) {
    t.task = task->take_str();
  } else if (layout == Layout::kGsm8k || layout == Layout::kMath) {
    t.task = layout_name(layout);
  }
  return Status::Ok();
}

bool slot_filled(const Trace& t, std::string_view k) {
  if (k == "id") return !t.id.empty();
  if (k == "task") return !t.task.empty();
  if (k == "steps") return !t.steps.empty();
  if (k == "answer") return t.answer.has_value();
  if (k == "gold") return t.gold.has_value();
  if (k == "extraction") return t.extraction.has_value();
  if (k == "source") return t.source.has_value();
  if (k == "program") return !t.program.is_null();
  if (k == "verdict") return t.verdict.has_value();
  if (k == "meta") return !t.meta.is_null();
  return true;  // question
}

// Fields the mapping did not consume: unknown ones become extras; one named like a record
// field is read into it when that field is still empty and the value fits, else kept in meta.
void keep_leftovers(Value& v, Trace& t) {
  Value moved = Value::object();
  for (auto& [k, x] : v.members()) {
    if (!is_record_field(k)) {
      t.extra.members().emplace_back(std::move(k), std::move(x));
      continue;
    }
    if (!slot_filled(t, k)) {
      Value copy = x;
      if (read_record_field(k, x, t)) continue;
      x = std::move(copy);
    }
    moved.members().emplace_back(std::move(k), std::move(x));
  }
  if (moved.members().empty()) return;
  if (t.meta.is_null()) {
    t.meta = std::move(moved);
    return;
  }
  if (!t.meta.is_object()) {
    Value old = std::move(t.meta);
    t.meta = Value::object();
    t.meta.set("meta", std::move(old));
  }
  for (auto& [k, x] : moved.members()) t.meta.set(t.meta.find(k) ? "input." + k : k, std::move(x));
}

}  // namespace

const char* layout_name(Layout l) {
  switch (l) {
    case Layout::kAuto:
      return "auto";
    case Layout::kTrace:
      return "trace";
    case Layout::kGsm8k:
      return "gsm8k";
    case Layout::kMath:
      return "math";
    case Layout::kSteps:
      return "steps";
    case Layout::kFields:
      return "fields";
  }
  return "auto";
}

std::optional<Layout> parse_layout(std::string_view name) {
  for (Layout l : {Layout::kAuto, Layout::kTrace, Layout::kGsm8k, Layout::kMath, Layout::kSteps,
                   Layout::kFields})
    if (name == layout_name(l)) return l;
  return std::nullopt;
}

bool FieldMap::maps_content() const {
  return !question.empty() || !steps.empty() || !answer.empty() || !gold.empty();
}

Importer::Importer(ImportOptions opts) : opts_(std::move(opts)), layout_(opts_.layout) {}

Result<Trace> Importer::convert(json::Value v) {
  if (!v.is_object()) return Error{std::string("expected a JSON object, found ") + type_name(v)};
  if (layout_ == Layout::kAuto) {
    auto d = opts_.fields.maps_content() ? std::optional(Layout::kFields) : detect_layout(v);
    if (!d) {
      std::string keys;
      for (const auto& m : v.members()) keys += (keys.empty() ? "" : ", ") + m.first;
      return Error{"cannot tell the layout from the fields (" + keys +
                   "): expected question+answer with \"####\" (gsm8k), problem+solution (math), "
                   "question+steps (steps) or a trace record; choose one with --from or map "
                   "the fields with --question-field and friends"};
    }
    layout_ = *d;
    detected_ = !opts_.fields.maps_content();
  }
  if (layout_ != Layout::kTrace) return convert_mapped(v);
  const Value* id = v.find("id");
  bool had_id = id && !id->is_null() && !(id->is_string() && id->str().empty());
  auto t = from_json(std::move(v));
  if (t && !opts_.task.empty() && t->task != opts_.task) {
    t->task = opts_.task;
    if (!had_id) t->id = content_id(*t);
  }
  return t;
}

Result<Trace> Importer::convert_mapped(json::Value& v) {
  FieldMap f = resolve(opts_.fields, layout_, v);
  Trace t;
  Status st = take_question(v, f.question, t);
  if (st) st = take_steps(v, f.steps, opts_, layout_, t);
  if (st) st = take_answers(v, f, opts_, layout_, t);
  if (st) st = take_id_and_task(v, f, opts_, layout_, t);
  if (!st) return st.error();
  keep_leftovers(v, t);
  if (!t.source) {
    t.source.emplace();
    t.source->kind = opts_.source_kind;
    t.source->name = opts_.source_name.empty() ? layout_name(layout_) : opts_.source_name;
  }
  if (t.id.empty()) t.id = content_id(t);
  return t;
}

}  // namespace stepwise::trace

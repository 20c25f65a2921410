// Layout detection, the solution splitters, and the GSM8K exporter (see import.h).
#include <algorithm>

#include "trace/import.h"
#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

using json::Value;

bool has_string(const Value& v, std::string_view key) {
  const Value* x = v.find(key);
  return x && x->is_string();
}

bool is_step_list(const Value* x) { return x && x->is_array(); }

bool all_text_objects(const Value& list) {
  return std::all_of(list.items().begin(), list.items().end(), [](const Value& s) {
    const Value* text = s.find("text");
    return s.is_object() && text && text->is_string();
  });
}

}  // namespace

std::optional<Layout> detect_layout(const Value& v) {
  if (!v.is_object()) return std::nullopt;
  const Value* steps = v.find("steps");
  if (has_string(v, "question") && has_string(v, "answer") && !steps &&
      v.find("answer")->str().find("####") != std::string::npos)
    return Layout::kGsm8k;
  if (has_string(v, "problem") && has_string(v, "solution")) return Layout::kMath;
  const Value* source = v.find("source");
  bool record_marks = v.find("extraction") || v.find("verdict") || v.find("program") ||
                      (source && source->is_object());
  if (has_string(v, "question")) {
    if (record_marks || !is_step_list(steps)) return Layout::kTrace;
    if (!steps->items().empty() && all_text_objects(*steps)) return Layout::kTrace;
    return Layout::kSteps;
  }
  for (const char* q : {"problem", "prompt", "input", "query"}) {
    if (!has_string(v, q)) continue;
    for (const char* s : {"steps", "solution_steps", "reasoning_steps"})
      if (is_step_list(v.find(s))) return Layout::kSteps;
  }
  return std::nullopt;
}

std::optional<Gsm8kSolution> split_gsm8k(std::string_view text) {
  size_t mark = text.rfind("####");
  if (mark == std::string_view::npos) return std::nullopt;
  while (mark > 0 && text[mark - 1] == '#') --mark;
  size_t after = mark + 4;
  while (after < text.size() && text[after] == '#') ++after;
  size_t eol = text.find('\n', after);
  Gsm8kSolution out;
  out.answer = std::string(trim(
      text.substr(after, eol == std::string_view::npos ? std::string_view::npos : eol - after)));
  if (out.answer.empty()) return std::nullopt;
  auto add_lines = [&](std::string_view part) {
    for (size_t at = 0; at < part.size();) {
      size_t nl = part.find('\n', at);
      if (nl == std::string_view::npos) nl = part.size();
      std::string_view line = part.substr(at, nl - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!trim(line).empty()) out.lines.emplace_back(line);
      at = nl + 1;
    }
  };
  add_lines(text.substr(0, mark));
  if (eol != std::string_view::npos) add_lines(text.substr(eol + 1));
  return out;
}

std::vector<std::string> split_sentences(std::string_view text) {
  std::vector<std::string> out;
  auto emit = [&](size_t from, size_t to) {
    std::string_view s = trim(text.substr(from, to - from));
    if (!s.empty()) out.emplace_back(s);
  };
  bool inline_math = false, display = false;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::string_view rest = text.substr(i);
    if (c == '\\' && (rest.starts_with("\\[") || rest.starts_with("\\]"))) {
      display = rest[1] == '[';
      ++i;
      continue;
    }
    if (c == '\\') {  // an escaped character ("\$", "\{") changes nothing
      ++i;
      continue;
    }
    if (rest.starts_with("$$")) {
      display = !display;
      ++i;
      continue;
    }
    if (c == '$') inline_math = !inline_math;
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    bool free = !inline_math && !display && depth == 0;
    if (free && c == '\n') {
      emit(start, i);
      start = i + 1;
    } else if (free && (c == '.' || c == '!' || c == '?') &&
               (i + 1 == text.size() || is_space(text[i + 1]))) {
      emit(start, i + 1);
      start = i + 1;
    }
  }
  emit(start, text.size());
  return out;
}

std::string_view strip_step_prefix(std::string_view step) {
  std::string_view s = step;
  while (!s.empty() && (s[0] == ' ' || s[0] == '#' || s[0] == '*')) s.remove_prefix(1);
  if (s.size() < 5 || ascii_lower(s.substr(0, 4)) != "step") return step;
  s.remove_prefix(4);
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  size_t digits = 0;
  while (digits < s.size() && is_digit(s[digits])) ++digits;
  if (digits == 0 || digits == s.size()) return step;
  s.remove_prefix(digits);
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  if (s.empty() || std::string_view(":.)-").find(s[0]) == std::string_view::npos) return step;
  s.remove_prefix(1);
  while (!s.empty() && (s[0] == '*' || s[0] == ' ')) s.remove_prefix(1);
  return s;
}

Result<json::Value> to_gsm8k(const Trace& t) {
  const std::optional<std::string>& final = t.gold ? t.gold : t.answer;
  if (!final) return Error{"no gold or final answer to write after \"####\""};
  Value out = Value::object();
  if (t.id != content_id(t)) out.set("id", Value::string(t.id));
  out.set("question", Value::string(t.question));
  std::string answer;
  for (const Step& s : t.steps) answer += s.text + "\n";
  answer += "#### " + *final;
  out.set("answer", Value::string(std::move(answer)));
  for (const auto& m : t.extra.members())
    if (!out.find(m.first)) out.members().push_back(m);
  return out;
}

}  // namespace stepwise::trace

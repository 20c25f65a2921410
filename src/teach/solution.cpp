#include "teach/solution.h"

#include <cctype>

namespace stepwise::teach {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool has_digit(std::string_view s) {
  for (char c : s) {
    if (is_digit(c)) return true;
  }
  return false;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

size_t step_prefix_length(std::string_view line) {
  size_t i = 0, n = line.size();
  while (i < n && is_space(line[i])) ++i;
  size_t bold = 0;
  while (i < n && line[i] == '*' && bold < 2) ++i, ++bold;
  if (starts_with_ci(line.substr(i), "step")) {
    i += 4;
    while (i < n && is_space(line[i])) ++i;
  }
  size_t digits = 0;
  while (i < n && is_digit(line[i]) && digits < 4) ++i, ++digits;
  if (digits == 0 || i >= n || (line[i] != '.' && line[i] != ')' && line[i] != ':')) return 0;
  ++i;
  while (bold > 0 && i < n && line[i] == '*') ++i, --bold;
  if (bold != 0) return 0;
  // "1.5 litres" is a number, not step 1: the marker must be followed by a space (or the end).
  if (i < n && !is_space(line[i])) return 0;
  while (i < n && is_space(line[i])) ++i;
  return i;
}

ParsedSolution parse_solution(std::string_view text) {
  ParsedSolution out;
  out.answer = trace::extract_answer(text);
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) {
    out.drop = "empty";
    return out;
  }
  std::vector<std::string_view> lines = split_lines(text);
  bool numbered = false;
  for (std::string_view line : lines) numbered = numbered || step_prefix_length(line) > 0;
  out.layout = numbered ? "numbered" : "lines";
  bool in_step = false;
  for (std::string_view raw : lines) {
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (line.substr(0, 4) == "####") {
      in_step = false;
      continue;
    }
    if (!numbered) {
      out.steps.emplace_back(line);
      continue;
    }
    if (size_t p = step_prefix_length(raw); p > 0) {
      std::string_view body = trim(raw.substr(p));
      out.steps.emplace_back(body);
      in_step = true;
    } else if (in_step) {
      std::string& last = out.steps.back();
      if (!last.empty()) last.push_back(' ');
      last.append(line);
    }
  }
  bool any_number = false;
  for (const std::string& s : out.steps) any_number = any_number || has_digit(s);
  if (out.steps.empty() || (!any_number && out.answer.outcome == trace::Outcome::kNone)) {
    out.drop = "no_steps";
  }
  return out;
}

}  // namespace stepwise::teach

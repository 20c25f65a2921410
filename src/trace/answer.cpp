// Final-answer extraction (the rules are listed in answer.h and docs/trace-format.md).
#include "trace/answer.h"

#include <algorithm>
#include <array>

#include "trace/text_internal.h"

namespace stepwise::trace {
namespace {

// ---------------------------------------------------------------- normalization helpers

// "\\cmd{...}" at the start of `s` wrapping all of it: the inner text, else npos.
size_t wrapped_by(std::string_view s, std::string_view cmd) {
  if (s.size() < cmd.size() + 2 || s.substr(0, cmd.size()) != cmd || s[cmd.size()] != '{')
    return std::string_view::npos;
  size_t close = matching_brace(s, cmd.size());
  return close == s.size() - 1 ? cmd.size() + 1 : std::string_view::npos;
}

// Removes one layer of markup that wraps the whole answer. Returns whether it did.
bool strip_wrapper(std::string& s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kPairs = {
      {{"**", "**"},
       {"__", "__"},
       {"$$", "$$"},
       {"\\(", "\\)"},
       {"\\[", "\\]"},
       {"$", "$"},
       {"`", "`"}}};
  for (const auto& [open, close] : kPairs) {
    if (s.size() >= open.size() + close.size() + 1 && s.starts_with(open) && s.ends_with(close)) {
      std::string_view inner(s.data() + open.size(), s.size() - open.size() - close.size());
      if (inner.find(open) != std::string_view::npos) continue;  // "$5$ and $6$"
      s = std::string(inner);
      return true;
    }
  }
  static constexpr std::array<std::string_view, 9> kCommands = {
      "\\boxed",  "\\fbox",   "\\text", "\\textbf",      "\\textrm",
      "\\mathrm", "\\mathbf", "\\mbox", "\\displaystyle"};
  for (std::string_view cmd : kCommands) {
    size_t at = wrapped_by(s, cmd);
    if (at != std::string_view::npos) {
      s = s.substr(at, s.size() - at - 1);
      return true;
    }
  }
  // Stray emphasis left on one side ("** 42", "42**") after a "Answer:" capture.
  size_t b = 0, e = s.size();
  while (b < e && s[b] == '*') ++b;
  while (e > b && s[e - 1] == '*') --e;
  if (b > 0 || e < s.size()) {
    s = s.substr(b, e - b);
    return true;
  }
  return false;
}

// "13\text{ cm}" -> "13 cm": unwraps text-like commands anywhere in the answer.
void unwrap_text_commands(std::string& s) {
  static constexpr std::array<std::string_view, 5> kCommands = {"\\text{", "\\mbox{", "\\textrm{",
                                                                "\\mathrm{", "\\textbf{"};
  for (std::string_view cmd : kCommands) {
    for (size_t at = s.find(cmd); at != std::string::npos; at = s.find(cmd, at)) {
      size_t open = at + cmd.size() - 1;
      size_t close = matching_brace(s, open);
      if (close == std::string::npos) break;
      s = s.substr(0, at) + s.substr(open + 1, close - open - 1) + s.substr(close + 1);
    }
  }
}

bool strip_trailing_punct(std::string& s) {
  bool changed = false;
  while (s.size() > 1 && std::string_view(".,;:!").find(s.back()) != std::string_view::npos) {
    s.pop_back();
    changed = true;
  }
  return changed;
}

// "x = 5" -> "5", "2+3=5" -> "5": the right-hand side of the last top-level '='.
bool strip_assignment(std::string& s) {
  int depth = 0;
  size_t eq = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '{' || c == '(' || c == '[') ++depth;
    if (c == '}' || c == ')' || c == ']') --depth;
    bool relation = (i > 0 && std::string_view("<>=!:").find(s[i - 1]) != std::string_view::npos) ||
                    (i + 1 < s.size() && s[i + 1] == '=');
    if (c == '=' && depth == 0 && !relation) eq = i;
  }
  if (eq == std::string::npos || trim(std::string_view(s).substr(eq + 1)).empty()) return false;
  s = std::string(trim(std::string_view(s).substr(eq + 1)));
  return true;
}

bool strip_currency(std::string& s) {
  static constexpr std::array<std::string_view, 6> kSigns = {"$",        "\xE2\x82\xAC", "\xC2\xA3",
                                                             "\xC2\xA5", "\xE2\x82\xB9", "USD"};
  size_t neg = s.starts_with('-') ? 1 : 0;
  for (std::string_view sign : kSigns) {
    if (std::string_view(s).substr(neg).starts_with(sign)) {
      std::string_view rest = trim(std::string_view(s).substr(neg + sign.size()));
      if (rest.empty() || !is_digit(rest[0])) continue;
      s = std::string(neg ? "-" : "") + std::string(rest);
      return true;
    }
  }
  return false;
}

// Words that follow a number without being a unit: "2 pi" is not 2.
bool is_math_word(std::string_view w) {
  static constexpr std::array<std::string_view, 8> kWords = {"pi",   "i", "e", "sqrt",
                                                             "root", "x", "y", "n"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// "18 dollars" -> "18", "25%" -> "25", "90^\circ" -> "90"; keeps "3 hours and 20 minutes".
bool strip_units(std::string& s) {
  size_t n = number_length(s, 0);
  if (n == 0 || n == s.size()) return false;
  std::string_view rest = trim(std::string_view(s).substr(n));
  if (rest.empty()) return false;
  static constexpr std::array<std::string_view, 6> kMarks = {"%",         "\\%",      "^\\circ",
                                                             "^{\\circ}", "\xC2\xB0", "\\circ"};
  bool mark = std::any_of(kMarks.begin(), kMarks.end(),
                          [&](std::string_view m) { return rest.starts_with(m); });
  if (!mark) {
    if (!is_alpha(rest[0]) || is_math_word(ascii_lower(rest))) return false;
    int words = 1;
    for (char c : rest) {
      if (is_digit(c) || std::string_view("=+*()[]{}\\^_<>").find(c) != std::string_view::npos)
        return false;
      words += c == ' ';
    }
    if (words > 4) return false;
  }
  s.resize(n);
  return true;
}

// "1,080" -> "1080", only when the commas group thousands exactly.
void strip_thousands(std::string& s) {
  if (s.find(',') == std::string::npos || number_length(s, 0) != s.size()) return;
  if (s.find('/') != std::string::npos) return;
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string normalize_answer(std::string_view raw) {
  std::string s(raw.substr(0, std::min(raw.size(), size_t{4096})));
  replace_all(s, "\xE2\x88\x92", "-");  // U+2212 MINUS SIGN
  replace_all(s, "{,}", ",");
  replace_all(s, "\\dfrac", "\\frac");
  replace_all(s, "\\tfrac", "\\frac");
  replace_all(s, "\\$", "$");
  replace_all(s, "\\!", "");
  replace_all(s, "\\left", "");
  replace_all(s, "\\right", "");
  unwrap_text_commands(s);
  for (int round = 0; round < 32; ++round) {
    std::string before = s;
    s = std::string(trim(s));
    if (strip_wrapper(s) || strip_trailing_punct(s) || strip_assignment(s) || strip_currency(s) ||
        strip_units(s))
      continue;
    if (s.size() > 1 && s[0] == '+' && is_digit(s[1])) s.erase(0, 1);
    if (s == before) break;
  }
  strip_thousands(s);
  return s;
}

std::string answer_key(std::string_view normalized) {
  std::string s;
  for (char c : normalized)
    if (!is_space(c)) s.push_back(c);
  if (s.empty() || number_length(s, 0) != s.size() || s.find('/') != std::string::npos) return s;
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  bool neg = s[0] == '-';
  if (s[0] == '-' || s[0] == '+') s.erase(0, 1);
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  size_t lead = 0;
  while (lead + 1 < s.size() && s[lead] == '0' && s[lead + 1] != '.') ++lead;
  s.erase(0, lead);
  if (s.empty() || s[0] == '.') s.insert(0, "0");
  if (neg && s != "0") s.insert(0, "-");
  return s;
}

Extraction to_extraction(const FoundAnswer& a) {
  Extraction e;
  e.outcome = a.outcome;
  e.rule = a.rule;
  if (a.outcome == Outcome::kAmbiguous) {
    auto c = json::Value::array();
    for (const auto& x : a.candidates) c.push(json::Value::string(x));
    e.extra.set("candidates", std::move(c));
  }
  return e;
}

}  // namespace stepwise::trace

// markup.cpp: strips the markup that wraps final answers (markdown, LaTeX) down to plain text.
#include <string>

#include "calc/calc_internal.h"

namespace stepwise::calc::detail {
namespace {

constexpr int kMaxNesting = 32;  // deeper braces are left as text: bounds recursion and work

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

// Index of the '}' matching the '{' at `open`, or npos.
size_t matching_brace(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;  // \{ and \} do not count
    } else if (s[i] == '{') {
      ++depth;
    } else if (s[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool is_one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (w == x) return true;
  }
  return false;
}

class Cleaner {
 public:
  Cleaner(std::string_view s, bool dollar_is_math) : s_(s), dollar_is_math_(dollar_is_math) {}
  void run(size_t b, size_t e, int depth, std::string& out);

 private:
  size_t command(size_t i, size_t e, int depth, std::string& out);
  // Appends the cleaned content of the brace group at i (or of one character, as in \frac12);
  // returns the index after it.
  size_t argument(size_t i, size_t e, int depth, std::string& out);

  std::string_view s_;
  bool dollar_is_math_;
};

void Cleaner::run(size_t b, size_t e, int depth, std::string& out) {
  size_t i = b;
  while (i < e) {
    char c = s_[i];
    if ((c == '*' && at(s_, i + 1) == '*') || (c == '_' && at(s_, i + 1) == '_')) {
      i += 2;
    } else if (c == '`') {
      ++i;
    } else if (c == '$' && dollar_is_math_) {
      ++i;
    } else if (c == '~') {
      out += ' ';
      ++i;
    } else if (c == '^' && s_.substr(i).starts_with("^\\circ")) {
      i += 6;
    } else if (c == '^' && s_.substr(i).starts_with("^{\\circ}")) {
      i += 8;
    } else if (s_.substr(i).starts_with("\xC2\xB0")) {  // °
      i += 2;
    } else if (c == '\\') {
      i = command(i, e, depth, out);
    } else {
      out += c;
      ++i;
    }
  }
}

size_t Cleaner::argument(size_t i, size_t e, int depth, std::string& out) {
  while (i < e && s_[i] == ' ') ++i;
  if (i >= e) return i;
  if (s_[i] != '{') {
    out += s_[i];
    return i + 1;
  }
  size_t close = matching_brace(s_.substr(0, e), i);
  if (close == std::string_view::npos || depth >= kMaxNesting) {
    out.append(s_.substr(i, e - i));
    return e;
  }
  run(i + 1, close, depth + 1, out);
  return close + 1;
}

size_t Cleaner::command(size_t i, size_t e, int depth, std::string& out) {
  size_t j = i + 1;
  while (j < e && is_alpha(s_[j])) ++j;
  std::string_view name = s_.substr(i + 1, j - i - 1);
  if (name.empty()) {  // a one-character escape
    char c = at(s_, i + 1);
    if (c == '$' || c == '%' || c == '{' || c == '}' || c == '&' || c == '#') {
      out += c;
    } else if (c == ',' || c == ';' || c == ':' || c == '!' || c == ' ' || c == '\\') {
      out += ' ';
    } else if (c != '(' && c != ')' && c != '[' && c != ']') {
      out += c;  // not a math delimiter: keep what follows the backslash
    }
    return std::min(i + 2, e);
  }
  if (is_one_of(name, {"boxed", "fbox", "text", "textbf", "textit", "textrm", "mathrm", "mathbf",
                       "mathit", "mbox", "operatorname", "emph", "displaystyle"})) {
    while (j < e && s_[j] == ' ') ++j;
    return at(s_, j) == '{' ? argument(j, e, depth, out) : j;
  }
  if (is_one_of(name, {"frac", "dfrac", "tfrac", "cfrac"})) {
    out += '(';
    j = argument(j, e, depth, out);
    out += ")/(";
    j = argument(j, e, depth, out);
    out += ')';
    return j;
  }
  if (is_one_of(name, {"left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"})) {
    if (at(s_, j) == '.') ++j;  // \left. is an empty delimiter
    return j;
  }
  if (is_one_of(name, {"quad", "qquad"})) {
    out += ' ';
  } else if (is_one_of(name, {"times", "cdot", "ast"})) {
    out += '*';
  } else if (name == "div") {
    out += '/';
  } else if (name == "circ" || name == "degree") {
    // degrees: a unit
  } else if (name == "dollar") {
    out += '$';
  } else if (name == "percent") {
    out += '%';
  } else {
    out.append(name);  // \pi -> pi, \sqrt -> sqrt: text, not numbers
  }
  return j;
}

}  // namespace

std::string clean_markup(std::string_view text) {
  // Unescaped '$' are math delimiters when they come in pairs, a currency sign when alone.
  int dollars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '$') {
      ++dollars;
    }
  }
  std::string out;
  out.reserve(text.size());
  Cleaner(text, dollars >= 2).run(0, text.size(), 0, out);
  // Trim, then drop trailing sentence punctuation ("24." -> "24").
  size_t b = 0, e = out.size();
  while (b < e && space_at(out, b)) b += space_at(out, b);
  for (;;) {
    while (e > b &&
           (out[e - 1] == ' ' || out[e - 1] == '\t' || out[e - 1] == '\n' || out[e - 1] == '\r')) {
      --e;
    }
    if (e > b && (out[e - 1] == '.' || out[e - 1] == '!')) {
      --e;
      continue;
    }
    break;
  }
  // Markdown emphasis with single marks around the whole answer: "*73*", "_73_".
  if (e - b >= 3 && (out[b] == '*' || out[b] == '_') && out[e - 1] == out[b]) {
    ++b;
    --e;
  }
  return out.substr(b, e - b);
}

}  // namespace stepwise::calc::detail

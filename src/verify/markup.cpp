// Markup in step text that would read as arithmetic: markdown emphasis, bullets, LaTeX.
#include <algorithm>
#include <string>

#include "verify/scan_internal.h"

namespace stepwise::verify::detail {

namespace {

bool starts_with(std::string_view s, size_t i, std::string_view p) {
  return s.substr(i, p.size()) == p;
}

}  // namespace

namespace {

// Whether the run of '*' at v[i, j) is multiplication or power ("3*4", "5 hours * 60", "2**3")
// rather than markdown emphasis or a bullet ("**12**", "* item").
bool star_is_operator(std::string_view v, size_t i, size_t j) {
  if (j - i > 2) return false;
  bool left_tight = i > 0 && !is_space(v[i - 1]);
  bool right_tight = j < v.size() && !is_space(v[j]);
  auto left_ok = [](char p) { return is_digit(p) || p == ')' || p == ']' || p == '%'; };
  auto right_ok = [](char q) {
    return is_digit(q) || q == '(' || q == '[' || q == '$' || q == '-';
  };
  if (left_tight && right_tight) return left_ok(v[i - 1]) && right_ok(v[j]);
  if (left_tight || right_tight) return false;
  size_t a = i, b = j;
  while (a > 0 && is_space(v[a - 1]) && v[a - 1] != '\n') --a;
  while (b < v.size() && is_space(v[b]) && v[b] != '\n') ++b;
  if (a == 0 || b == v.size()) return false;
  char p = v[a - 1], q = v[b];
  return (left_ok(p) || is_alpha(p)) && right_ok(q);
}

// The index of the '}' that closes the '{' at v[open] within 256 bytes, or npos.
size_t closing_brace(std::string_view v, size_t open) {
  int depth = 0;
  for (size_t i = open; i < v.size() && i < open + 256; ++i) {
    if (v[i] == '{') ++depth;
    if (v[i] == '}' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// "\frac{a}{b}" with a plain-number denominator becomes "    ((a)/b)" in place (same length);
// returns the length of the command when rewritten, else 0.
size_t rewrite_frac(std::string& v, size_t i) {
  size_t len = starts_with(v, i, "\\frac{")    ? 6
               : starts_with(v, i, "\\dfrac{") ? 7
               : starts_with(v, i, "\\tfrac{") ? 7
                                               : 0;
  if (len == 0) return 0;
  size_t close1 = closing_brace(v, i + len - 1);
  if (close1 == std::string::npos || close1 + 1 >= v.size() || v[close1 + 1] != '{') return 0;
  size_t close2 = closing_brace(v, close1 + 1);
  if (close2 == std::string::npos || close2 == close1 + 2) return 0;
  for (size_t k = close1 + 2; k < close2; ++k)
    if (!is_digit(v[k]) && v[k] != '.' && v[k] != ',') return 0;
  std::fill(v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(i + len - 2), ' ');
  v[i + len - 2] = v[i + len - 1] = '(';
  v[close1] = ')';
  v[close1 + 1] = '/';
  v[close2] = ')';
  return len;
}

}  // namespace

namespace {

// Bytes blank_markup() looks at; every other byte only ends a line start.
struct MarkupTable {
  bool special[256] = {};
  constexpr MarkupTable() {
    for (unsigned char c : std::string_view("*-+\\\n\xE2")) special[c] = true;
  }
};
constexpr MarkupTable kMarkup;

}  // namespace

void blank_markup(std::string& v) {
  size_t n = v.size();
  bool line_start = true;  // only spaces since the start of the line
  for (size_t i = 0; i < n;) {
    char c = v[i];
    if (!kMarkup.special[static_cast<unsigned char>(c)]) {
      if (c != ' ' && c != '\t' && c != '\r') {
        line_start = false;  // nothing to do until the next special byte
        while (++i < n && !kMarkup.special[static_cast<unsigned char>(v[i])]) {
        }
        continue;
      }
      ++i;
      continue;
    }
    if (c == '*') {
      size_t j = i;
      while (j < n && v[j] == '*') ++j;
      if (!star_is_operator(v, i, j))
        std::fill(v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(j), ' ');
      line_start = false;
      i = j;
      continue;
    }
    if (line_start && (c == '-' || c == '+') && i + 1 < n && v[i + 1] == ' ') {
      v[i] = ' ';  // "- 3 + 4 = 7": a list bullet, not a sign
    } else if (line_start && starts_with(v, i, "\xE2\x80\xA2")) {  // •
      v.replace(i, 3, "   ");
    } else if (c == '\\' && rewrite_frac(v, i) > 0) {
      line_start = false;
      continue;
    } else if (c == '\\' && (starts_with(v, i, "\\left") || starts_with(v, i, "\\right"))) {
      size_t len = starts_with(v, i, "\\left") ? 5 : 6;
      std::fill(v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(i + len), ' ');
      line_start = false;
      i += len;
      continue;
    } else if (c == '\\' && i + 1 < n &&
               (v[i + 1] == '(' || v[i + 1] == ')' || v[i + 1] == '[' || v[i + 1] == ']')) {
      v[i] = v[i + 1] = ' ';  // \( \) \[ \]: math delimiters, not brackets
    }
    c = v[i];
    if (c == '\n') {
      line_start = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      line_start = false;
    }
    ++i;
  }
}

bool tight_fractions(std::string_view expr, std::string& out) {
  out.clear();
  bool any = false;
  size_t i = 0;
  while (i < expr.size()) {
    size_t j = i;
    while (j < expr.size() && (is_digit(expr[j]) || expr[j] == '.')) ++j;
    // digits '/' digits, not already inside "(...)" or part of a longer "a/b/c"
    if (j > i && j + 1 < expr.size() && expr[j] == '/' && is_digit(expr[j + 1]) &&
        (i == 0 || expr[i - 1] != '/')) {
      size_t k = j + 1;
      while (k < expr.size() && (is_digit(expr[k]) || expr[k] == '.')) ++k;
      if (k == expr.size() || expr[k] != '/') {
        out += '(';
        out.append(expr.substr(i, k - i));
        out += ')';
        any = true;
        i = k;
        continue;
      }
    }
    if (j > i) {
      out.append(expr.substr(i, j - i));
      i = j;
    } else {
      out += expr[i++];
    }
  }
  return any;
}

}  // namespace stepwise::verify::detail

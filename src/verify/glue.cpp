// The glue between two numbers: an operator, '=', or a separation (see scan_internal.h).
#include <algorithm>
#include <string>

#include "verify/scan_internal.h"

namespace stepwise::verify::detail {

namespace {

bool starts_with(std::string_view s, size_t i, std::string_view p) {
  return s.substr(i, p.size()) == p;
}

// A symbolic operator at g[i]: its normalized form and length, or an empty op.
std::string_view symbol_op(std::string_view g, size_t i, size_t& len) {
  len = 0;
  switch (static_cast<unsigned char>(g[i])) {
    case '*':
    case '/':
    case '+':
    case '-':
    case '^':
    case 0xC2:
    case 0xC3:
    case 0xE2:
    case '\\':
      break;
    default:
      return {};
  }
  struct Sym {
    std::string_view text, op;
  };
  static constexpr Sym kSyms[] = {
      {"**", "**"},
      {"//", "//"},
      {"*", "*"},
      {"/", "/"},
      {"+", "+"},
      {"-", "-"},
      {"^", "^"},
      {"\xC3\x97", "*"},      // ×
      {"\xC3\xB7", "/"},      // ÷
      {"\xC2\xB7", "*"},      // ·
      {"\xE2\x88\x92", "-"},  // −
      {"\xE2\x88\x99", "*"},  // ∙
      {"\xE2\x8B\x85", "*"},  // ⋅
      {"\\times", "*"},
      {"\\cdot", "*"},
      {"\\div", "/"},
  };
  for (const auto& s : kSyms) {
    if (starts_with(g, i, s.text)) {
      len = s.text.size();
      return s.op;
    }
  }
  len = 0;
  return {};
}

bool is_stopword(std::string_view w) {
  static constexpr std::string_view kStop[] = {
      "and", "or",  "is",  "are",   "was",   "were", "be",   "so",  "then", "to",   "the",
      "an",  "in",  "on",  "at",    "for",   "from", "with", "by",  "of",   "that", "which",
      "it",  "he",  "she", "they",  "we",    "you",  "if",   "but", "as",   "than", "this",
      "his", "her", "its", "their", "there", "has",  "have", "had", "will", "would"};
  for (auto s : kStop)
    if (w.size() == s.size() &&
        std::equal(w.begin(), w.end(), s.begin(), [](char a, char b) { return (a | 0x20) == b; }))
      return true;
  return false;
}

bool word_is(std::string_view w, std::string_view lower) {
  if (w.size() != lower.size()) return false;
  for (size_t i = 0; i < w.size(); ++i)
    if ((w[i] | 0x20) != lower[i]) return false;
  return true;
}

size_t word_end(std::string_view g, size_t i) {
  while (i < g.size() && is_alpha(g[i])) ++i;
  return i;
}

// The next word after g[i] (skipping spaces), or empty.
std::string_view next_word(std::string_view g, size_t i, size_t& end) {
  while (i < g.size() && (g[i] == ' ' || g[i] == '\t')) ++i;
  end = word_end(g, i);
  return g.substr(i, end - i);
}

// An operator written as a word starting at g[i] ("times", "divided by"); sets `len`.
std::string_view word_op(std::string_view g, size_t i, bool of_ok, size_t& len) {
  size_t e = word_end(g, i);
  std::string_view w = g.substr(i, e - i);
  len = e - i;
  if (word_is(w, "x")) return "*";
  if (word_is(w, "times")) return "*";
  if (word_is(w, "plus")) return "+";
  if (word_is(w, "minus")) return "-";
  if (of_ok && word_is(w, "of")) return "*";
  if (word_is(w, "multiplied") || word_is(w, "divided")) {
    size_t e2 = 0;
    if (word_is(next_word(g, e, e2), "by")) {
      len = e2 - i;
      return word_is(w, "divided") ? "/" : "*";
    }
  }
  len = 0;
  return {};
}

// '=' written as a word: "is", "equals", "is equal to"; sets `len`.
bool word_eq(std::string_view g, size_t i, size_t& len) {
  size_t e = word_end(g, i);
  std::string_view w = g.substr(i, e - i);
  if (word_is(w, "equals")) {
    len = e - i;
    return true;
  }
  if (!word_is(w, "is")) return false;
  len = e - i;
  size_t e2 = 0, e3 = 0;
  if (word_is(next_word(g, e, e2), "equal") && word_is(next_word(g, e2, e3), "to")) len = e3 - i;
  return true;
}

bool is_op_char(unsigned char c) {
  return c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == 0xC3 || c == 0xC2 ||
         c == 0xE2;
}

}  // namespace

// Flags of a separating glue: does an operator (or a letter written against the number) touch
// the number on either side?
void break_flags(std::string_view g, Glue& out) {
  if (g.empty()) return;
  size_t i = 0;
  if (is_alpha(g[0])) out.starts_op = true;
  while (i < g.size() && (g[i] == ' ' || g[i] == ')' || g[i] == ']')) ++i;
  if (i < g.size() && is_op_char(static_cast<unsigned char>(g[i]))) out.starts_op = true;
  if (is_alpha(g.back()) || g.back() == '.') out.ends_op = true;
  size_t j = g.size();
  while (j > 0 && (g[j - 1] == ' ' || g[j - 1] == '(' || g[j - 1] == '[')) --j;
  bool unary_plus = j == g.size() && g[j - 1] == '+' &&
                    (j == 1 || g[j - 2] == ' ' || g[j - 2] == '(' || g[j - 2] == '=');
  if (j > 0 && !unary_plus && is_op_char(static_cast<unsigned char>(g[j - 1]))) out.ends_op = true;
  size_t k = j;
  while (k > 0 && is_alpha(g[k - 1])) --k;
  std::string_view last = g.substr(k, j - k);
  if (word_is(last, "of") || word_is(last, "times") || word_is(last, "by") ||
      word_is(last, "plus") || word_is(last, "minus"))
    out.ends_op = true;
}

// Classifies the glue `g` between a left and a right number.
Glue classify(std::string_view g, bool of_ok, bool right_negative) {
  Glue out;
  int units = 0;
  bool after = false;  // an operator or '=' has been read
  size_t i = 0;
  while (i < g.size()) {
    char c = g[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r') break;
    if (after) {
      if (c != '(' && c != '[') break;
      ++out.opens;
      ++i;
      continue;
    }
    if (c == ')' || c == ']') {
      ++out.closes;
      ++i;
      continue;
    }
    size_t len = 0;
    std::string_view op = symbol_op(g, i, len);
    if (op.empty() && is_alpha(c)) op = word_op(g, i, of_ok, len);
    if (!op.empty()) {
      out.kind = GlueKind::kConnect;
      out.op = op;
      after = true;
      i += len;
      continue;
    }
    if (c == '=' || starts_with(g, i, "\xE2\x89\x88")) {  // '=' or '≈'
      out.kind = GlueKind::kEquals;
      out.approx = c != '=';
      after = true;
      i += c == '=' ? (starts_with(g, i, "==") ? 2 : 1) : 3;
      continue;
    }
    if (is_alpha(c)) {
      if (word_eq(g, i, len)) {
        out.kind = GlueKind::kEquals;
        out.word_eq = true;
        after = true;
        i += len;
        continue;
      }
      size_t e = word_end(g, i);
      std::string_view w = g.substr(i, e - i);
      if (units < 2 && out.closes == 0 && w.size() >= 2 && !is_stopword(w) &&
          (e >= g.size() || !is_digit(g[e]))) {
        ++units;
        out.unit = true;
        i = e;
        continue;
      }
    }
    break;
  }
  if (i == g.size() && after) return out;
  if (i == g.size() && !after && right_negative && units == 0 && out.closes == 0) {
    out.kind = GlueKind::kConnect;  // "5 -8": the sign is the operator
    out.op = {};
    return out;
  }
  Glue brk;
  brk.unit = out.unit && units > 0;
  break_flags(g, brk);
  return brk;
}

}  // namespace stepwise::verify::detail

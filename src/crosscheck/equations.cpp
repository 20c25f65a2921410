// Reading the computations out of a step's text: annotations, else written equations.
#include <cstring>
#include <string>

#include "crosscheck/lift_internal.h"

namespace stepwise::crosscheck::detail {
namespace {

constexpr size_t kMaxInline = 256;  // longest expression read from prose before a '='

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.front())) s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n", s.back())) s.remove_suffix(1);
  return s;
}

// The written result after an annotation's '=' or an equation's '=': one number.
std::optional<calc::Number> written_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  auto n = calc::parse_number(s);
  if (n) return *n;
  auto p = calc::evaluate_prefix(s);
  if (p && p->ops == 0 && p->operands.size() == 1) return p->operands[0].number;
  return std::nullopt;
}

void add_equation(std::string_view expr, const std::optional<calc::Number>& written,
                  std::vector<Equation>& out) {
  auto parsed = calc::evaluate(expr);
  if (!parsed || parsed->operands.empty()) return;
  Equation e;
  e.expr = std::string(expr);
  e.parsed = std::move(*parsed);
  e.written = written ? written->value : e.parsed.value;
  // "17206.0267=<<17206.0267=17206.03>>": the trace rounds here, and so does its program.
  if (written && e.written != e.parsed.value && written->decimals >= 0 &&
      calc::rounds_to(e.parsed.value, *written))
    e.round_decimals = written->decimals;
  out.push_back(std::move(e));
}

// Removes annotations; returns whether there was at least one (and adds their equations).
bool read_annotations(std::string_view text, std::vector<Equation>& out) {
  bool any = false;
  size_t pos = 0;
  while ((pos = text.find("<<", pos)) != std::string_view::npos) {
    size_t close = text.find(">>", pos + 2);
    if (close == std::string_view::npos) break;
    std::string_view inside = text.substr(pos + 2, close - pos - 2);
    size_t eq = inside.rfind('=');
    any = true;
    if (eq != std::string_view::npos) {
      add_equation(trim(inside.substr(0, eq)), written_number(inside.substr(eq + 1)), out);
    }
    pos = close + 2;
  }
  return any;
}

// Bytes that may be part of an arithmetic expression written in prose (UTF-8 operators and
// currency signs are let through byte by byte; calc decides).
bool expr_byte(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if ((c >= '0' && c <= '9') || std::strchr(" .,$%+-*/()^", c)) return c != '\0';
  if (c >= 0x80) return true;
  if (c == 'x' || c == 'X') {  // "3 x 4": a times sign between numbers
    size_t a = i, b = i + 1;
    while (a > 0 && s[a - 1] == ' ') --a;
    while (b < s.size() && s[b] == ' ') ++b;
    bool left = a > 0 && ((s[a - 1] >= '0' && s[a - 1] <= '9') || s[a - 1] == ')');
    bool right = b < s.size() && ((s[b] >= '0' && s[b] <= '9') || s[b] == '$' || s[b] == '(');
    return left && right;
  }
  return false;
}

bool token_start(std::string_view s, size_t i, size_t from) {
  char c = s[i];
  bool starts = (c >= '0' && c <= '9') || c == '$' || c == '(' || c == '.' || c == '-';
  if (!starts) return false;
  if (i == from) return true;
  char p = s[i - 1];
  return !((p >= '0' && p <= '9') || p == '.' || p == ',' || p == '$' || p == '-');
}

// Equations written in the text: for each '=', the longest expression with an operator that
// ends there, and the number after it.
void read_inline(std::string_view text, std::vector<Equation>& out) {
  for (size_t eq = 0; eq < text.size(); ++eq) {
    if (text[eq] != '=') continue;
    if ((eq > 0 && std::strchr("=<>!", text[eq - 1])) ||
        (eq + 1 < text.size() && text[eq + 1] == '='))
      continue;
    size_t from = eq;  // at most kMaxInline bytes back: bounded work on hostile text
    while (from > 0 && eq - from < kMaxInline && expr_byte(text, from - 1)) --from;
    auto written = written_number(text.substr(eq + 1));
    if (!written) continue;
    for (size_t start = from; start < eq; ++start) {
      if (!token_start(text, start, from)) continue;
      std::string_view e = trim(text.substr(start, eq - start));
      auto p = calc::evaluate(e);
      if (!p || p->ops == 0) continue;
      add_equation(e, written, out);
      break;
    }
  }
}

}  // namespace

void step_equations(std::string_view text, bool inline_equations, std::vector<Equation>& out) {
  out.clear();
  if (read_annotations(text, out) || !inline_equations) return;
  read_inline(text, out);
}

}  // namespace stepwise::crosscheck::detail

#include "curate/computations.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "base/hash.h"
#include "curate/text.h"

namespace stepwise::curate {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Operators written as symbols or letters, and money signs, mapped onto ASCII arithmetic.
std::string normalize_math(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view rest = s.substr(i);
    if (rest.starts_with("\xC3\x97") || rest.starts_with("\xC2\xB7")) {  // × ·
      out += '*';
      ++i;
    } else if (rest.starts_with("\xC3\xB7")) {  // ÷
      out += '/';
      ++i;
    } else if (rest.starts_with("\xE2\x88\x92")) {  // −
      out += '-';
      i += 2;
    } else if (s[i] == '$' || s[i] == '%') {
      out += ' ';
    } else if (s[i] == 'x' || s[i] == 'X') {
      size_t p = out.find_last_not_of(' ');
      size_t n = s.find_first_not_of(' ', i + 1);
      bool between = p != std::string::npos && (is_digit(out[p]) || out[p] == ')') &&
                     n != std::string_view::npos && (is_digit(s[n]) || s[n] == '(');
      out += between ? '*' : s[i];
    } else {
      out += s[i];
    }
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}
  std::optional<Expr> parse() {
    auto e = expr(0);
    skip();
    if (!e || pos_ != s_.size()) return std::nullopt;
    return e;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::optional<Expr> binary(std::optional<Expr> lhs, char op, std::optional<Expr> rhs) {
    if (!lhs || !rhs) return std::nullopt;
    Expr e;
    e.op = op;
    e.kids.push_back(std::move(*lhs));
    e.kids.push_back(std::move(*rhs));
    return e;
  }
  std::optional<Expr> expr(int depth) {
    auto lhs = term(depth);
    while (lhs) {
      if (eat('+')) {
        lhs = binary(std::move(lhs), '+', term(depth));
      } else if (eat('-')) {
        lhs = binary(std::move(lhs), '-', term(depth));
      } else {
        break;
      }
    }
    return lhs;
  }
  std::optional<Expr> term(int depth) {
    auto lhs = unary(depth);
    while (lhs) {
      if (eat('*')) {
        lhs = binary(std::move(lhs), '*', unary(depth));
      } else if (eat('/')) {
        lhs = binary(std::move(lhs), '/', unary(depth));
      } else {
        break;
      }
    }
    return lhs;
  }
  std::optional<Expr> unary(int depth) {
    if (depth > 64) return std::nullopt;
    if (eat('+')) return unary(depth + 1);
    if (eat('-')) {
      auto k = unary(depth + 1);
      if (!k) return std::nullopt;
      Expr e;
      e.op = '~';
      e.kids.push_back(std::move(*k));
      return e;
    }
    if (eat('(')) {
      auto e = expr(depth + 1);
      if (!e || !eat(')')) return std::nullopt;
      return e;
    }
    return number();
  }
  std::optional<Expr> number() {
    skip();
    size_t b = pos_;
    bool dot = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (is_digit(c) || (c == ',' && pos_ > b)) {
        ++pos_;
      } else if (c == '.' && !dot) {
        dot = true;
        ++pos_;
      } else {
        break;
      }
    }
    std::string_view text = s_.substr(b, pos_ - b);
    if (std::none_of(text.begin(), text.end(), is_digit)) return std::nullopt;
    Expr e;
    e.number = canonical_number(text);
    return e;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()))) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '.')) s.remove_suffix(1);
  return s;
}

// The value of a plain number part ("26", "-3"), or nullopt.
std::optional<std::string> plain_value(const Expr& e) {
  if (e.op == 0) return e.number;
  if (e.op == '~' && e.kids[0].op == 0) return "-" + e.kids[0].number;
  return std::nullopt;
}

void add_chain(std::string_view run, int step, std::vector<Computation>& out) {
  std::vector<std::optional<Expr>> parts;
  size_t b = 0;
  while (b <= run.size()) {
    size_t e = run.find('=', b);
    if (e == std::string_view::npos) e = run.size();
    std::string_view p = trim(run.substr(b, e - b));
    parts.push_back(p.empty() ? std::nullopt : parse_expr(p));
    b = e + 1;
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!parts[i] || plain_value(*parts[i])) continue;
    for (size_t j = i + 1; j < parts.size(); ++j) {
      if (!parts[j]) break;
      if (auto v = plain_value(*parts[j])) {
        out.push_back({*parts[i], *v, step});
        break;
      }
    }
  }
}

bool in_math_run(char c) {
  return is_digit(c) || is_space(c) || c == '.' || c == ',' || c == '+' || c == '-' || c == '*' ||
         c == '/' || c == '(' || c == ')' || c == '=';
}

void inline_equations(std::string_view text, int step, std::vector<Computation>& out) {
  std::string norm = normalize_math(text);
  std::string_view s = norm;
  size_t i = 0;
  while (i < s.size()) {
    if (!in_math_run(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && in_math_run(s[j])) ++j;
    std::string_view run = s.substr(i, j - i);
    if (run.find('=') != std::string_view::npos) add_chain(run, step, out);
    i = j;
  }
}

// <<expr=value>> annotations; false when the step has none.
bool annotations(std::string_view text, int step, std::vector<Computation>& out) {
  bool any = false;
  size_t b = text.find("<<");
  while (b != std::string_view::npos) {
    size_t e = text.find(">>", b + 2);
    if (e == std::string_view::npos) break;
    any = true;
    std::string inner = normalize_math(text.substr(b + 2, e - b - 2));
    size_t eq = inner.rfind('=');
    if (eq != std::string::npos) {
      auto lhs = parse_expr(trim(std::string_view(inner).substr(0, eq)));
      auto rhs = parse_expr(trim(std::string_view(inner).substr(eq + 1)));
      std::optional<std::string> v = rhs ? plain_value(*rhs) : std::nullopt;
      if (lhs && v && !plain_value(*lhs)) out.push_back({std::move(*lhs), *v, step});
    }
    b = text.find("<<", e + 2);
  }
  return any;
}

const std::map<std::string_view, std::string_view>& number_word_values() {
  static const std::map<std::string_view, std::string_view> k = {
      {"zero", "0"},      {"one", "1"},         {"two", "2"},       {"three", "3"},
      {"four", "4"},      {"five", "5"},        {"six", "6"},       {"seven", "7"},
      {"eight", "8"},     {"nine", "9"},        {"ten", "10"},      {"eleven", "11"},
      {"twelve", "12"},   {"thirteen", "13"},   {"fourteen", "14"}, {"fifteen", "15"},
      {"sixteen", "16"},  {"seventeen", "17"},  {"eighteen", "18"}, {"nineteen", "19"},
      {"twenty", "20"},   {"thirty", "30"},     {"forty", "40"},    {"fifty", "50"},
      {"sixty", "60"},    {"seventy", "70"},    {"eighty", "80"},   {"ninety", "90"},
      {"hundred", "100"}, {"thousand", "1000"}, {"dozen", "12"},    {"half", "0.5"},
      {"twice", "2"},     {"double", "2"},      {"triple", "3"}};
  return k;
}

class Referencer {
 public:
  Referencer(const trace::Trace& t, const std::vector<Computation>& comps)
      : q_(question_numbers(t.question)), comps_(comps) {}
  // The reference of a number used by computation `k` (results of computations before k).
  std::string ref(const std::string& v, size_t k) const {
    for (size_t j = k; j-- > 0;)
      if (comps_[j].result == v) return "s" + std::to_string(j);
    for (size_t i = 0; i < q_.size(); ++i)
      if (q_[i] == v) return "q" + std::to_string(i);
    return "k" + v;
  }
  std::string canon(const Expr& e, size_t k) const {
    if (e.op == 0) return ref(e.number, k);
    if (e.op == '~') return "(-" + canon(e.kids[0], k) + ")";
    if (e.op == '-' || e.op == '/')
      return "(" + canon(e.kids[0], k) + e.op + canon(e.kids[1], k) + ")";
    std::vector<std::string> terms;
    flatten(e, e.op, k, terms);
    std::sort(terms.begin(), terms.end());
    std::string out = "(";
    for (size_t i = 0; i < terms.size(); ++i) out += (i ? std::string(1, e.op) : "") + terms[i];
    return out + ")";
  }

 private:
  void flatten(const Expr& e, char op, size_t k, std::vector<std::string>& out) const {
    if (e.op == op) {
      for (const Expr& c : e.kids) flatten(c, op, k, out);
    } else {
      out.push_back(canon(e, k));
    }
  }
  std::vector<std::string> q_;
  const std::vector<Computation>& comps_;
};

std::optional<double> eval(const Expr& e, ArithmeticLoad& load);

int digits_of(const std::string& number) {
  int n = 0;
  bool leading = true;
  for (char c : number) {
    if (!is_digit(c)) continue;
    if (leading && c == '0') continue;
    leading = false;
    ++n;
  }
  return std::max(n, 1);
}

int carries(char op, uint64_t a, uint64_t b) {
  int n = 0;
  if (op == '+') {
    for (uint64_t c = 0; a || b || c;) {
      c = (a % 10 + b % 10 + c) >= 10 ? 1 : 0;
      n += static_cast<int>(c);
      a /= 10;
      b /= 10;
    }
  } else if (op == '-') {
    if (a < b) std::swap(a, b);
    for (int64_t borrow = 0; a;) {
      int64_t d = static_cast<int64_t>(a % 10) - static_cast<int64_t>(b % 10) - borrow;
      borrow = d < 0 ? 1 : 0;
      n += static_cast<int>(borrow);
      a /= 10;
      b /= 10;
    }
  } else if (op == '*') {
    for (uint64_t x = a; x; x /= 10)
      for (uint64_t y = b; y; y /= 10) n += (x % 10) * (y % 10) >= 10 ? 1 : 0;
  } else if (op == '/' && b > 0) {
    for (uint64_t q = a / b; q; q /= 10) ++n;
  }
  return n;
}

std::optional<uint64_t> small_int(std::optional<double> v) {
  if (!v || *v < 0 || *v >= 1e15 || std::floor(*v) != *v) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

std::optional<double> eval(const Expr& e, ArithmeticLoad& load) {
  if (e.op == 0) {
    load.max_digits = std::max(load.max_digits, digits_of(e.number));
    return std::strtod(e.number.c_str(), nullptr);
  }
  ++load.operations;
  auto a = eval(e.kids[0], load);
  if (e.op == '~') return a ? std::optional<double>(-*a) : std::nullopt;
  auto b = eval(e.kids[1], load);
  if (!a || !b) return std::nullopt;
  auto ia = small_int(a), ib = small_int(b);
  if (ia && ib) load.carries += carries(e.op, *ia, *ib);
  switch (e.op) {
    case '+':
      return *a + *b;
    case '-':
      return *a - *b;
    case '*':
      return *a * *b;
    default:
      return *b == 0 ? std::nullopt : std::optional<double>(*a / *b);
  }
}

}  // namespace

std::string canonical_number(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ',') continue;
    if (!is_digit(c) && c != '.') return std::string(text);
    s += c;
  }
  if (std::count(s.begin(), s.end(), '.') > 1 || s.empty() || s == ".") return std::string(text);
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  size_t lead = 0;
  while (lead + 1 < s.size() && s[lead] == '0' && s[lead + 1] != '.') ++lead;
  s.erase(0, lead);
  if (s.empty()) return "0";
  if (s.front() == '.') s.insert(s.begin(), '0');
  return s;
}

std::optional<Expr> parse_expr(std::string_view text) { return Parser(text).parse(); }

std::vector<Computation> extract_computations(const trace::Trace& t) {
  std::vector<Computation> out;
  for (size_t i = 0; i < t.steps.size(); ++i) {
    const std::string& text = t.steps[i].text;
    if (!annotations(text, static_cast<int>(i), out))
      inline_equations(text, static_cast<int>(i), out);
  }
  return out;
}

std::vector<std::string> question_numbers(std::string_view question) {
  std::vector<std::string> out;
  const auto& words = number_word_values();
  for (const Token& tok : tokenize(question)) {
    if (tok.kind == TokenKind::kNumber) {
      out.push_back(canonical_number(tok.text));
    } else if (tok.kind == TokenKind::kWord) {
      std::string lw(tok.text);
      for (char& c : lw)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (auto it = words.find(lw); it != words.end()) out.emplace_back(it->second);
    }
  }
  return out;
}

std::string path_text(const trace::Trace& t, const std::vector<Computation>& comps) {
  Referencer refs(t, comps);
  std::string out;
  if (!comps.empty()) {
    for (size_t k = 0; k < comps.size(); ++k) {
      if (k) out += ';';
      out += refs.canon(comps[k].expr, k);
    }
    return out;
  }
  out = "text:";
  for (const auto& step : t.steps) {
    for (const Token& tok : tokenize(step.text)) {
      if (tok.kind == TokenKind::kPunct) continue;
      out += ' ';
      out += tok.kind == TokenKind::kNumber ? refs.ref(canonical_number(tok.text), 0)
                                            : std::string(tok.text);
    }
    out += " |";
  }
  return out;
}

uint64_t path_key(const trace::Trace& t, const std::vector<Computation>& comps) {
  return hash64(path_text(t, comps), 0x70617468u);
}

ArithmeticLoad arithmetic_load(const std::vector<Computation>& comps) {
  ArithmeticLoad load;
  for (const Computation& c : comps) {
    (void)eval(c.expr, load);
    load.max_digits = std::max(load.max_digits, digits_of(c.result));
  }
  return load;
}

}  // namespace stepwise::curate

// answer.cpp: answer equivalence (answers_equal) and the normalised text of an answer.
//
// An answer is cleaned of markup (markup.cpp), split into items at top-level separators (a set,
// or a tuple when bracketed), and each item is read as a value with an optional unit, or kept as
// text. The policy is specified in docs/calc.md.
#include <algorithm>
#include <string>
#include <vector>

#include "calc/calc_internal.h"

namespace stepwise::calc {
namespace {

using detail::is_alpha;
using detail::is_digit;

constexpr size_t kMaxItems = 1000;  // more is compared as text (keeps matching quadratic-safe)

char at(std::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && detail::space_at(s, 0)) s.remove_prefix(detail::space_at(s, 0));
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// One answer item, read.
struct Item {
  std::string text;  // normalised: lower case, no whitespace
  bool numeric = false;
  Rational value;
  bool single = false;   // exactly one written number (sign allowed): `written` is valid
  Number written;        // with the sign applied to its value
  bool percent = false;  // written with '%' or "percent"
  bool cents = false;    // a "cents" / "¢" unit
};

// Words that follow a number without being units of it.
bool is_math_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {"e",   "i",    "pi",  "x",   "y",    "z",
                                                "n",   "sqrt", "log", "ln",  "sin",  "cos",
                                                "tan", "exp",  "mod", "inf", "infty"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

// A unit after a number: letters (and / ^ . - ² ³ between them), not a math word, no other
// digits or operators: "cm", "km/h", "m^2", "dollars per hour", "apples".
bool is_unit_tail(std::string_view rest) {
  if (rest.empty()) return true;
  if (!is_alpha(rest[0]) && !rest.starts_with("\xC2\xA2")) return false;  // ¢
  size_t word_end = 0;
  while (word_end < rest.size() && is_alpha(rest[word_end])) ++word_end;
  std::string lower(rest.substr(0, word_end));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (is_math_word(lower)) return false;
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    bool ok = is_alpha(c) || c == ' ' || c == '/' || c == '.' || c == '-' ||
              static_cast<unsigned char>(c) >= 0x80 ||
              (is_digit(c) && i > 0 && (rest[i - 1] == '^'));
    if (c == '^' && is_digit(at(rest, i + 1))) ok = true;
    if (!ok) return false;
  }
  return true;
}

// "x = 5", "Answer: 5" -> "5": a leading label of letters ending in '=' or ':'.
std::string_view strip_label(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (is_alpha(s[i]) || s[i] == '_' || s[i] == ' ')) ++i;
  if (i > 0 && i < 40 && i < s.size() && (s[i] == '=' || s[i] == ':')) return trim(s.substr(i + 1));
  return s;
}

std::string normal_text(std::string_view s) {
  std::string t;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return t;
}

// Word at the start of `s` (case-insensitive), not followed by a letter: its length or 0.
size_t starts_word(std::string_view s, std::string_view w) {
  if (s.size() < w.size()) return 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != w[i]) return 0;
  }
  return is_alpha(at(s, w.size())) ? 0 : w.size();
}

Item read_item(std::string_view raw) {
  Item it;
  std::string_view s = strip_label(trim(raw));
  it.text = normal_text(s);
  auto r = evaluate_prefix(s);
  if (!r) return it;
  std::string_view rest = trim(s.substr(r->end));
  it.value = r->value;
  if (r->operands.size() == 1 && abs(r->value) == abs(r->operands[0].number.value)) {
    it.single = true;
    it.written = r->operands[0].number;
    it.written.value = r->value;
    it.percent = it.written.percent;
  }
  if (size_t n = starts_word(rest, "percent")) {
    it.value /= 100;
    it.written.value /= 100;
    it.written.percent = it.percent = true;
    rest = trim(rest.substr(n));
  }
  static constexpr std::string_view kScale[] = {"thousand", "million", "billion", "trillion"};
  for (int k = 0; k < 4 && !it.percent; ++k) {
    if (size_t n = starts_word(rest, kScale[k])) {
      mpz_class p;
      mpz_ui_pow_ui(p.get_mpz_t(), 10, 3 * (k + 1));
      it.value *= p;
      it.written.value *= p;
      it.written.exp10 += 3 * (k + 1);
      rest = trim(rest.substr(n));
      break;
    }
  }
  it.cents =
      starts_word(rest, "cents") || starts_word(rest, "cent") || rest.starts_with("\xC2\xA2");
  it.numeric = is_unit_tail(rest);
  return it;
}

// Marks [b, e) of every numeral with thousands separators, so their commas do not split.
std::vector<bool> thousands_commas(std::string_view s) {
  std::vector<bool> inside(s.size(), false);
  size_t i = 0;
  while (i < s.size()) {
    detail::Lexeme lx;
    if (is_digit(s[i]) && !(i > 0 && is_digit(s[i - 1])) && detail::lex_numeral(s, i, lx)) {
      if (lx.thousands) std::fill(inside.begin() + lx.int_begin, inside.begin() + lx.int_end, true);
      i = std::max(lx.end, i + 1);
    } else {
      ++i;
    }
  }
  return inside;
}

// Splits at top-level ',' ';' " and " " or " (not inside brackets, not thousands separators).
std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> items;
  std::vector<bool> protect = thousands_commas(s);
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size() && items.size() <= kMaxItems; ++i) {
    char c = s[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (depth != 0) continue;
    size_t len = 0;
    if ((c == ',' && !protect[i]) || c == ';') {
      len = 1;
    } else if (c == ' ' &&
               (starts_word(s.substr(i + 1), "and") || starts_word(s.substr(i + 1), "or"))) {
      len = 1 + (at(s, i + 1) == 'a' || at(s, i + 1) == 'A' ? 3 : 2);
      if (at(s, i + len) != ' ') len = 0;
    }
    if (len == 0) continue;
    items.push_back(trim(s.substr(start, i - start)));
    start = i + len;
    i += len - 1;
  }
  items.push_back(trim(s.substr(start)));
  return items;
}

// Index of the bracket matching s[0], or npos.
size_t matching(std::string_view s) {
  char open = s[0], close = open == '(' ? ')' : open == '[' ? ']' : '}';
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == open) ++depth;
    if (s[i] == close && --depth == 0) return i;
  }
  return std::string_view::npos;
}

struct Answer {
  std::vector<Item> items;
  bool tuple = false;  // ordered: "(2, 5)"
  bool too_many = false;
  std::string text;  // normalised whole
};

Answer read_answer(std::string_view raw) {
  Answer a;
  std::string clean = detail::clean_markup(raw);
  std::string_view s = trim(clean);
  a.text = normal_text(s);
  std::string_view inner = s;
  if (!s.empty() && (s[0] == '{' || s[0] == '(' || s[0] == '[') && matching(s) == s.size() - 1) {
    std::vector<std::string_view> parts = split_top(s.substr(1, s.size() - 2));
    if (s[0] == '{' || parts.size() > 1) {
      inner = s.substr(1, s.size() - 2);
      a.tuple = s[0] != '{';
    }
  }
  std::vector<std::string_view> parts = split_top(inner);
  if (parts.size() > kMaxItems) {
    a.too_many = true;
    return a;
  }
  for (std::string_view p : parts) a.items.push_back(read_item(p));
  return a;
}

// True when r has a finite decimal expansion (denominator 2^a 5^b).
bool terminates(const Rational& r) {
  mpz_class d = r.get_den();
  mpz_remove(d.get_mpz_t(), d.get_mpz_t(), mpz_class(2).get_mpz_t());
  mpz_remove(d.get_mpz_t(), d.get_mpz_t(), mpz_class(5).get_mpz_t());
  return d == 1;
}

// Places after the point that a written number commits to: "1.33" 2, "33%" 2, "8" 0.
long places_written(const Number& w) {
  return static_cast<long>(std::max(w.decimals, 0)) - w.exp10 + (w.percent ? 2 : 0);
}

// `w` (one written number) against the exact value `x`, rules 2-3 of the policy.
bool written_match(const Number& w, const Rational& x, const EquivOptions& opts, std::string& why) {
  WrittenMatch m = classify_written(x, w, opts.rounding_allowed);
  if (m == WrittenMatch::kFloatNoise) {
    why = "floating-point print noise: " + to_text(w.value) + " for " + to_text(x);
    return true;
  }
  if (m == WrittenMatch::kRounded) {
    why = "rounded to " + std::to_string(places_written(w)) +
          " places (rounding stated): " + to_text(w.value) + " for " + to_text(x);
    return true;
  }
  bool decimal_looking = w.decimals >= 1 || w.percent;
  if (decimal_looking && !terminates(x) && places_written(w) >= 2 && rounds_to(x, w)) {
    why = "rounded to " + std::to_string(places_written(w)) +
          " places (the exact value has no finite decimal): " + to_text(w.value) + " for " +
          to_text(x);
    return true;
  }
  return false;
}

// Equal values, float noise or rounding, either side being the written one.
bool plain_match(const Item& g, const Item& o, const EquivOptions& opts, std::string& why) {
  if (g.value == o.value) {
    why = "equal: " + to_text(g.value);
    return true;
  }
  return (g.single && written_match(g.written, o.value, opts, why)) ||
         (o.single && written_match(o.written, g.value, opts, why));
}

// `it` with its value multiplied by 10^k, as if written in another unit.
Item rescaled(const Item& it, int k, bool clear_percent) {
  Item r = it;
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(k < 0 ? -k : k));
  Rational f = k < 0 ? Rational(mpz_class(1), p) : Rational(p);
  r.value *= f;
  r.written.value *= f;
  if (clear_percent) {
    r.percent = r.written.percent = false;  // 33.33% -> 33.33: the same places
  } else {
    r.written.exp10 += k;
  }
  return r;
}

bool numeric_match(const Item& g, const Item& o, const EquivOptions& opts, std::string& why) {
  if (plain_match(g, o, opts, why)) return true;
  if (opts.percent_as_unit && g.percent != o.percent) {
    Item gp = g.percent ? rescaled(g, 2, true) : g, op = o.percent ? rescaled(o, 2, true) : o;
    if (plain_match(gp, op, opts, why)) {
      why = "percent sign read as a unit (" + why + ")";
      return true;
    }
  }
  if (g.cents != o.cents) {
    Item gc = g.cents ? rescaled(g, -2, false) : g, oc = o.cents ? rescaled(o, -2, false) : o;
    if (plain_match(gc, oc, opts, why)) {
      why = "cents converted to dollars (" + why + ")";
      return true;
    }
  }
  if (opts.cents_to_dollars) {
    for (int k : {-2, 2}) {
      if (plain_match(rescaled(g, k, false), o, opts, why)) {
        why = std::string(k < 0 ? "cents" : "dollars") + " in the answer, " +
              (k < 0 ? "dollars" : "cents") + " in the gold (" + why + ")";
        return true;
      }
    }
  }
  why = "different values: " + to_text(g.value) + " vs " + to_text(o.value);
  return false;
}

bool item_match(const Item& g, const Item& o, const EquivOptions& opts, std::string& why,
                bool& as_text) {
  if (g.numeric && o.numeric) return numeric_match(g, o, opts, why);
  as_text = true;
  if (g.text == o.text) {
    why = "same text: '" + g.text + "'";
    return true;
  }
  why = "not both numbers; compared as text: '" + g.text + "' vs '" + o.text + "'";
  return false;
}

// Set semantics: every gold item matched by a distinct given item (greedy), counts equal.
AnswerCheck match_items(const Answer& g, const Answer& o, const EquivOptions& opts) {
  AnswerCheck c;
  std::vector<bool> used(g.items.size(), false);
  for (size_t k = 0; k < o.items.size(); ++k) {
    bool found = false;
    std::string why;
    for (size_t j = 0; j < g.items.size() && !found; ++j) {
      if (used[j] || (o.tuple && j != k)) continue;
      found = item_match(g.items[j], o.items[k], opts, why, c.as_text);
      used[j] = found;
    }
    if (!found) {
      c.reason = "gold value " + std::to_string(k + 1) + " ('" + o.items[k].text +
                 "') has no match in the answer";
      if (o.tuple) c.reason += " at the same position: " + why;
      return c;
    }
  }
  c.equal = true;
  c.reason = std::string(o.tuple ? "equal as tuples" : "equal as sets") + " of " +
             std::to_string(o.items.size()) + " values";
  return c;
}

std::string item_text(const Item& it) {
  if (!it.numeric) return it.text;
  return it.percent ? to_text(it.value * 100) + "%" : to_text(it.value);
}

}  // namespace

AnswerCheck answers_equal(std::string_view given, std::string_view gold, const EquivOptions& opts) {
  Answer g = read_answer(given), o = read_answer(gold);
  AnswerCheck c;
  if (o.text.empty()) {
    c.reason = "the gold answer is empty";
    return c;
  }
  if (g.text.empty()) {
    c.reason = "the answer is empty";
    return c;
  }
  if (g.too_many || o.too_many) {
    c.as_text = true;
    c.equal = g.text == o.text;
    c.reason = c.equal ? "same text (too many values to compare one by one)"
                       : "different text (too many values to compare one by one)";
    return c;
  }
  if (g.items.size() != o.items.size()) {
    c.reason = "the answer has " + std::to_string(g.items.size()) + " value(s), the gold " +
               std::to_string(o.items.size()) + " (a subset or superset is not equal)";
    return c;
  }
  if (o.items.size() == 1) {
    c.equal = item_match(g.items[0], o.items[0], opts, c.reason, c.as_text);
    return c;
  }
  return match_items(g, o, opts);
}

std::string normalize_answer(std::string_view text) {
  Answer a = read_answer(text);
  if (a.too_many) return a.text;
  std::string out;
  for (const Item& it : a.items) {
    if (!out.empty()) out += ',';
    out += item_text(it);
  }
  return a.tuple ? "(" + out + ")" : out;
}

}  // namespace stepwise::calc

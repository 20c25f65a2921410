// Question quantities and their keys (lift.h).
#include <algorithm>
#include <cctype>
#include <string>

#include "crosscheck/lift.h"

namespace stepwise::crosscheck {
namespace {

struct VarSpan {
  std::string name;
  std::optional<Rational> value;
  size_t begin = 0, end = 0;
  bool has_at = false;
};

// The program's variables (name, value, `at` span); empty when there is no program.
std::vector<VarSpan> program_vars(const json::Value& program) {
  std::vector<VarSpan> out;
  const json::Value* vars = program.is_object() ? program.find("vars") : nullptr;
  if (!vars || !vars->is_array()) return out;
  for (const json::Value& v : vars->items()) {
    const json::Value* name = v.find("name");
    if (!name || !name->is_string()) continue;
    VarSpan s;
    s.name = name->str();
    if (const json::Value* val = v.find("value"); val && (val->is_string() || val->is_number())) {
      auto n = calc::parse_number(val->str());
      if (n) s.value = n->value;
    }
    const json::Value* at = v.find("at");
    if (at && at->is_array() && at->items().size() == 2) {
      auto b = at->items()[0].as_int(), e = at->items()[1].as_int();
      if (b && e && *b >= 0 && *e >= *b) {
        s.begin = static_cast<size_t>(*b);
        s.end = static_cast<size_t>(*e);
        s.has_at = true;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The variable a number belongs to: its `at` span overlaps, or it repeats the variable's value
// (as written: a percent variable's value is the number before '%').
const VarSpan* owner(const std::vector<VarSpan>& vars, const calc::Number& n) {
  for (const VarSpan& v : vars) {
    if (v.has_at && n.begin < v.end && v.begin < n.end) return &v;
  }
  Rational written = n.percent ? Rational(n.value * 100) : n.value;
  for (const VarSpan& v : vars) {
    if (v.value && *v.value == written) return &v;
  }
  return nullptr;
}

// Multiplicative words that carry a quantity ("compounded twice a year"), as whole words.
void add_count_words(std::string_view q, std::vector<calc::Number>& nums) {
  static const std::pair<const char*, long> kWords[] = {{"once", 1}, {"twice", 2}, {"thrice", 3}};
  auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (const auto& [word, value] : kWords) {
    std::string_view w(word);
    for (size_t at = q.find(w); at != std::string_view::npos; at = q.find(w, at + 1)) {
      if ((at > 0 && is_letter(q[at - 1])) ||
          (at + w.size() < q.size() && is_letter(q[at + w.size()])))
        continue;
      calc::Number n;
      n.value = value;
      n.begin = at;
      n.end = at + w.size();
      nums.push_back(std::move(n));
    }
  }
  std::stable_sort(nums.begin(), nums.end(),
                   [](const calc::Number& a, const calc::Number& b) { return a.begin < b.begin; });
}

}  // namespace

std::vector<Quantity> question_quantities(const trace::Trace& t) {
  std::vector<VarSpan> vars = program_vars(t.program);
  std::vector<Quantity> out;
  int ordinal = 0;
  std::vector<calc::Number> nums = calc::find_numbers(t.question);
  add_count_words(t.question, nums);
  for (calc::Number& n : nums) {
    Quantity q;
    q.value = std::move(n.value);
    q.begin = n.begin;
    q.end = n.end;
    q.percent = n.percent;
    n.value = q.value;
    const VarSpan* v = owner(vars, n);
    q.key = v ? v->name : "#" + std::to_string(ordinal++);
    out.push_back(std::move(q));
  }
  return out;
}

Values values_of(const std::vector<Quantity>& qs) {
  Values out;
  for (const Quantity& q : qs) out.emplace(q.key, q.value);  // first mention wins
  return out;
}

std::optional<Rational> answer_value(std::string_view text) {
  auto n = calc::parse_number(calc::normalize_answer(text));
  if (!n) n = calc::parse_number(text);
  if (!n) return std::nullopt;
  return n->value;
}

Rational round_to(const Rational& x, int decimals) {
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(decimals < 0 ? 0 : decimals));
  Rational y = abs(x) * scale + Rational(1, 2);
  mpz_class q;
  mpz_fdiv_q(q.get_mpz_t(), y.get_num_mpz_t(), y.get_den_mpz_t());
  Rational r(q, scale);
  r.canonicalize();
  return x < 0 ? Rational(-r) : r;
}

}  // namespace stepwise::crosscheck

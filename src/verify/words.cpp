// Numbers a question supplies, including numbers written as words ("twice", "a dozen").
#include <string>
#include <unordered_map>
#include <vector>

#include "verify/values_internal.h"

namespace stepwise::verify::detail {

namespace {

enum Kind { kNone = 0, kUnit = 1, kTen = 2, kSpecial = 3 };

struct Special {
  long num, den;  // the value num/den
  long also;      // a second value it supplies (0: none), e.g. "half" -> 1/2 and 2
  long also2;     // a third ("quarter" -> 25 cents)
};

constexpr std::string_view kUnits[] = {"zero",    "one",     "two",       "three",    "four",
                                       "five",    "six",     "seven",     "eight",    "nine",
                                       "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                       "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::string_view kTens[] = {"twenty", "thirty",  "forty",  "fifty",
                                      "sixty",  "seventy", "eighty", "ninety"};

struct NamedSpecial {
  std::string_view word;
  Special s;
};
constexpr NamedSpecial kSpecials[] = {
    {"half", {1, 2, 2, 0}},
    {"halves", {1, 2, 2, 0}},
    {"twice", {2, 1, 0, 0}},
    {"double", {2, 1, 0, 0}},
    {"doubled", {2, 1, 0, 0}},
    {"doubles", {2, 1, 0, 0}},
    {"triple", {3, 1, 0, 0}},
    {"tripled", {3, 1, 0, 0}},
    {"triples", {3, 1, 0, 0}},
    {"thrice", {3, 1, 0, 0}},
    {"quadruple", {4, 1, 0, 0}},
    {"quadrupled", {4, 1, 0, 0}},
    {"third", {1, 3, 3, 0}},
    {"thirds", {1, 3, 3, 0}},
    {"quarter", {1, 4, 4, 25}},
    {"quarters", {1, 4, 4, 25}},
    {"fourth", {1, 4, 4, 0}},
    {"fourths", {1, 4, 4, 0}},
    {"fifth", {1, 5, 5, 0}},
    {"fifths", {1, 5, 5, 0}},
    {"sixth", {1, 6, 6, 0}},
    {"sixths", {1, 6, 6, 0}},
    {"seventh", {1, 7, 7, 0}},
    {"eighth", {1, 8, 8, 0}},
    {"eighths", {1, 8, 8, 0}},
    {"ninth", {1, 9, 9, 0}},
    {"tenth", {1, 10, 10, 0}},
    {"tenths", {1, 10, 10, 0}},
    {"pair", {2, 1, 0, 0}},
    {"pairs", {2, 1, 0, 0}},
    {"couple", {2, 1, 0, 0}},
    {"dozen", {12, 1, 0, 0}},
    {"dozens", {12, 1, 0, 0}},
    {"dime", {1, 10, 10, 0}},
    {"dimes", {1, 10, 10, 0}},
    {"nickel", {1, 20, 5, 0}},
    {"nickels", {1, 20, 5, 0}},
    {"penny", {1, 100, 1, 0}},
    {"pennies", {1, 100, 1, 0}},
    {"hundred", {100, 1, 0, 0}},
    {"hundreds", {100, 1, 0, 0}},
    {"thousand", {1000, 1, 0, 0}},
    {"thousands", {1000, 1, 0, 0}},
    {"million", {1000000, 1, 0, 0}},
    {"score", {20, 1, 0, 0}},
    {"and", {0, 0, 0, 0}},
    {"a", {0, 0, 0, 0}},
};

struct Entry {
  int kind, index;
};

// Every word that names a number, lower case -> what it names, and a filter on (first letter,
// length) that rejects most other words before hashing. Built once; read-only after.
struct Table {
  std::unordered_map<std::string_view, Entry> words;
  bool may[26][12] = {};
  void add(std::string_view w, Entry e) {
    words[w] = e;
    may[w[0] - 'a'][w.size()] = true;
  }
};
const Table& table() {
  static const auto* t = [] {
    auto* m = new Table();
    for (int i = 0; i < 20; ++i) m->add(kUnits[i], {kUnit, i});
    for (int i = 0; i < 8; ++i) m->add(kTens[i], {kTen, 20 + 10 * i});
    for (int i = 0; i < static_cast<int>(std::size(kSpecials)); ++i)
      m->add(kSpecials[i].word, {kSpecial, i});
    return m;
  }();
  return *t;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view special_word(const QuestionScratch::Word& w) {
  return w.kind == kSpecial ? kSpecials[w.index].word : std::string_view();
}

void note(ValueMap& out, long num, long den, calc::Rational& tmp) {
  tmp = num;
  if (den != 1) {
    tmp /= den;
  }
  out.note(tmp, -1);
}

}  // namespace

void word_numbers(std::string_view text, ValueMap& out, QuestionScratch& s) {
  const auto& tab = table();
  s.words.clear();
  char buf[12];
  for (size_t i = 0; i < text.size();) {
    if (!is_letter(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_letter(text[j])) ++j;
    QuestionScratch::Word w{i, j, kNone, 0};
    if (j - i < sizeof buf && tab.may[(text[i] | 0x20) - 'a'][j - i]) {
      for (size_t k = i; k < j; ++k) buf[k - i] = static_cast<char>(text[k] | 0x20);
      auto it = tab.words.find(std::string_view(buf, j - i));
      if (it != tab.words.end()) w.kind = it->second.kind, w.index = it->second.index;
    }
    if (w.kind != kNone) s.words.push_back(w);  // only number words; adjacency is checked
    i = j;
  }
  const auto& W = s.words;
  // W[k] follows W[k - 1] with one separator in between ("twenty-five", "two hundred").
  auto next_to = [&](size_t k) { return k < W.size() && W[k].begin - W[k - 1].end == 1; };
  for (size_t k = 0; k < W.size(); ++k) {
    const auto& w = W[k];
    if (w.kind == kSpecial && kSpecials[w.index].s.den > 0) {
      const Special& sp = kSpecials[w.index].s;
      note(out, sp.num, sp.den, s.tmp);
      if (sp.also) note(out, sp.also, 1, s.tmp);
      if (sp.also2) note(out, sp.also2, 1, s.tmp);
    }
    if (w.kind != kUnit && w.kind != kTen) continue;
    long v = w.index;
    size_t used = 1;
    if (w.kind == kTen && next_to(k + 1) && W[k + 1].kind == kUnit && W[k + 1].index > 0 &&
        W[k + 1].index < 10) {
      v += W[k + 1].index;
      used = 2;
    }
    note(out, v, 1, s.tmp);
    std::string_view next = next_to(k + used) ? special_word(W[k + used]) : std::string_view();
    if (next == "hundred") note(out, v * 100, 1, s.tmp);
    if (next == "thousand") note(out, v * 1000, 1, s.tmp);
    if (next == "dozen") note(out, v * 12, 1, s.tmp);
    if (next == "and" && next_to(k + used + 1) && next_to(k + used + 2) &&
        special_word(W[k + used + 1]) == "a" && special_word(W[k + used + 2]) == "half")
      note(out, 2 * v + 1, 2, s.tmp);
  }
}

namespace {

// The multiplier of a scale word starting at `rest` (after spaces), or 0.
long scale_after(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  rest = rest.substr(i);
  if (rest.starts_with("thousand")) return 1000;
  if (rest.starts_with("million")) return 1000000;
  if (rest.starts_with("billion")) return 1000000000;
  return 0;
}

}  // namespace

void question_numbers(std::string_view q, ValueMap& out, QuestionScratch& s) {
  calc::FindOptions raw;
  raw.fractions = false;
  raw.mixed = false;
  raw.scale_words = false;
  calc::find_numbers_into(q, s.nums, raw);
  const auto& nums = s.nums;
  for (size_t k = 0; k < nums.size(); ++k) {
    const auto& n = nums[k];
    out.note(n.value, -1);
    if (n.percent || (n.currency && n.decimals > 0)) {
      s.tmp = n.value * 100;
      out.note(s.tmp, -1);
    }
    if (n.percent) {  // a 25% markup or discount multiplies by 1.25 or 0.75 (125 or 75 percent)
      s.tmp = 1 + n.value;
      out.note(s.tmp, -1);
      s.tmp = 1 - n.value;
      out.note(s.tmp, -1);
      s.tmp = 100 + n.value * 100;
      out.note(s.tmp, -1);
      s.tmp = 100 - n.value * 100;
      out.note(s.tmp, -1);
    }
    std::string_view rest = q.substr(n.end);
    size_t sp = 0;
    while (sp < rest.size() && rest[sp] == ' ') ++sp;
    if (rest.substr(sp).starts_with("dozen")) {
      s.tmp = n.value * 12;
      out.note(s.tmp, -1);
    }
    if (rest.substr(sp).starts_with("cent") || rest.substr(sp).starts_with("\u00a2")) {
      s.tmp = n.value / 100;  // "25 cents": also $0.25
      out.note(s.tmp, -1);
    }
    if (rest.substr(sp).starts_with("and a half")) {
      s.tmp = n.value + calc::Rational(1, 2);
      out.note(s.tmp, -1);
    }
    if (long scale = scale_after(rest)) {
      s.tmp = n.value * scale;
      out.note(s.tmp, -1);
    }
    if (k + 1 >= nums.size()) continue;
    const auto& m = nums[k + 1];
    std::string_view between = q.substr(n.end, m.begin - n.end);
    if (between == "/" && m.value != 0) {  // "3/4": also 0.75
      s.tmp = n.value / m.value;
      out.note(s.tmp, -1);
    }
    if (between == " " && k + 2 < nums.size() &&  // "2 1/2": also 2.5
        q.substr(m.end, nums[k + 2].begin - m.end) == "/" && nums[k + 2].value != 0) {
      s.tmp = n.value + m.value / nums[k + 2].value;
      out.note(s.tmp, -1);
    }
  }
  word_numbers(q, out, s);
}

}  // namespace stepwise::verify::detail

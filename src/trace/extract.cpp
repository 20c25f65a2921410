// extract_answer(): the rules that find a final answer in a solution, tried in order.
#include <algorithm>
#include <array>
#include <vector>

#include "trace/answer.h"
#include "trace/text_internal.h"

namespace stepwise::trace {

size_t matching_brace(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;  // "\{" and "\}" are literal braces
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

size_t number_length(std::string_view s, size_t i) {
  size_t j = i, n = s.size();
  if (j < n && (s[j] == '-' || s[j] == '+')) ++j;
  auto digits = [&](size_t k) {
    while (k < n && is_digit(s[k])) ++k;
    return k;
  };
  size_t start = j;
  j = digits(j);
  if (j == start) {
    if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) return digits(j + 1) - i;  // ".5"
    return 0;
  }
  if (j - start <= 3) {  // thousands groups: 1,080 / 12,345,678
    while (j + 3 < n && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
           is_digit(s[j + 3]) && (j + 4 >= n || !is_digit(s[j + 4])))
      j += 4;
  }
  if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1])) {
    j = digits(j + 1);
  } else if (j + 1 < n && s[j] == '/' && is_digit(s[j + 1])) {
    j = digits(j + 1);
  }
  return j - i;
}

namespace {

constexpr size_t kMaxCapture = 240;  // bytes of a sentence looked at after "answer is"
constexpr size_t kMaxMatches = 256;  // matches of one rule examined (hostile input stays fast)

// Distinct normalized candidates under one rule, in the order first seen.
class Candidates {
 public:
  void add(std::string_view raw) {
    if (full()) return;
    ++seen_;
    raw = raw.substr(0, std::min(raw.size(), size_t{4096}));
    std::string value = normalize_answer(raw);
    if (value.empty()) return;
    std::string key = answer_key(value);
    raw_ = std::string(raw);
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;
    keys_.push_back(std::move(key));
    values_.push_back(std::move(value));
  }
  bool empty() const { return values_.empty(); }
  bool full() const { return seen_ >= kMaxMatches; }
  FoundAnswer finish(std::string_view rule) {
    FoundAnswer a;
    a.rule = std::string(rule);
    a.outcome = values_.size() == 1 ? Outcome::kFound : Outcome::kAmbiguous;
    if (values_.size() == 1) a.value = values_[0];
    a.candidates = std::move(values_);
    a.raw = std::move(raw_);
    return a;
  }

 private:
  std::vector<std::string> keys_, values_;
  std::string raw_;
  size_t seen_ = 0;
};

std::string_view rest_of_line(std::string_view text, size_t from) {
  size_t end = text.find('\n', from);
  return text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
}

void rule_hashes(std::string_view text, Candidates& out) {
  for (size_t at = text.find("####"); at != std::string_view::npos && !out.full();
       at = text.find("####", at + 4)) {
    size_t from = at + 4;
    while (from < text.size() && text[from] == '#') ++from;
    out.add(rest_of_line(text, from));
    at = from - 4;
  }
}

// The sentence after "answer is": up to a newline, or a '.', ',' or ';' followed by a space or
// the end, outside brackets and $...$.
std::string_view sentence_at(std::string_view text, size_t from) {
  int depth = 0;
  bool math = false;
  size_t end = std::min(text.size(), from + kMaxCapture);
  for (size_t i = from; i < end; ++i) {
    char c = text[i];
    if (c == '\n') return text.substr(from, i - from);
    if (c == '$') math = !math;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    bool stop = c == '.' || c == ',' || c == ';';
    if (stop && depth <= 0 && !math && (i + 1 == text.size() || is_space(text[i + 1])))
      return text.substr(from, i - from);
  }
  return text.substr(from, end - from);
}

// Filler between "answer is" and the answer: "the answer is therefore 42".
std::string_view skip_fillers(std::string_view s) {
  static constexpr std::array<std::string_view, 11> kFillers = {
      "therefore ", "thus ",     "then ",    "clearly ",       "simply ", "just ",
      "indeed ",    "equal to ", "exactly ", "approximately ", "about "};
  for (bool again = true; again;) {
    again = false;
    s = trim(s);
    while (!s.empty() && (s[0] == ':' || s[0] == '=' || s[0] == '*')) {
      s.remove_prefix(1);
      again = true;
    }
    for (std::string_view f : kFillers) {
      if (s.size() >= f.size() && ascii_lower(s.substr(0, f.size())) == f) {
        s.remove_prefix(f.size());
        again = true;
      }
    }
  }
  return s;
}

// "the answer is not obvious" names no answer: a capture is accepted when it holds a digit or
// math markup, or is a short phrase that does not start with a function word.
bool looks_like_answer(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (is_digit(c) || c == '\\' || c == '$' || c == '{') return true;
  static constexpr std::array<std::string_view, 16> kNot = {
      "not", "that", "this",    "which", "what",    "a",      "an",      "the",
      "to",  "in",   "because", "clear", "obvious", "simple", "unknown", "given"};
  std::string first = ascii_lower(s.substr(0, s.find(' ')));
  while (!first.empty() && !is_alpha(first.back())) first.pop_back();
  if (std::find(kNot.begin(), kNot.end(), first) != kNot.end()) return false;
  return std::count(s.begin(), s.end(), ' ') < 3;
}

bool word_start(std::string_view lower, size_t at) { return at == 0 || !is_alpha(lower[at - 1]); }

void rule_answer_is(std::string_view text, std::string_view lower, Candidates& out) {
  for (size_t at = lower.find("answer is"); at != std::string_view::npos && !out.full();
       at = lower.find("answer is", at + 9)) {
    size_t from = at + 9;
    if (!word_start(lower, at) || (from < lower.size() && is_alpha(lower[from]))) continue;
    std::string_view s = skip_fillers(sentence_at(text, from));
    if (looks_like_answer(s)) out.add(s);
  }
}

void rule_answer_colon(std::string_view text, std::string_view lower, Candidates& out) {
  for (size_t at = lower.find("answer"); at != std::string_view::npos && !out.full();
       at = lower.find("answer", at + 6)) {
    size_t i = at + 6;
    if (!word_start(lower, at)) continue;
    while (i < text.size() && (text[i] == '*' || text[i] == '_' || text[i] == ' ')) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    std::string_view s = trim(rest_of_line(text, i));
    if (s.find_first_not_of("*_") == std::string_view::npos) {  // "Answer:\n42"
      size_t nl = text.find('\n', i);
      s = nl == std::string_view::npos ? std::string_view() : trim(rest_of_line(text, nl + 1));
    }
    out.add(s);
  }
}

void rule_boxed(std::string_view text, Candidates& out) {
  // One pass matches every brace, so many (nested) \boxed are still linear time.
  std::vector<size_t> match;
  auto close_of = [&](size_t open) {
    if (match.empty()) {
      match.assign(text.size(), std::string_view::npos);
      std::vector<size_t> stack;
      for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
          ++i;
        } else if (text[i] == '{') {
          stack.push_back(i);
        } else if (text[i] == '}' && !stack.empty()) {
          match[stack.back()] = i;
          stack.pop_back();
        }
      }
    }
    return match[open];
  };
  for (std::string_view cmd : {std::string_view("\\boxed"), std::string_view("\\fbox")}) {
    for (size_t at = text.find(cmd); at != std::string_view::npos && !out.full();
         at = text.find(cmd, at + cmd.size())) {
      size_t i = at + cmd.size();
      while (i < text.size() && text[i] == ' ') ++i;
      if (i < text.size() && text[i] == '{') {
        size_t close = close_of(i);
        if (close == std::string_view::npos) continue;
        // \boxed{\boxed{5}} is one answer: unwrap nested boxes, skip the inner matches.
        size_t from = i + 1;
        for (bool again = true; again;) {
          again = false;
          for (std::string_view inner :
               {std::string_view("\\boxed{"), std::string_view("\\fbox{")}) {
            if (text.substr(from, inner.size()) == inner &&
                close_of(from + inner.size() - 1) == close - 1) {
              from += inner.size();
              --close;
              again = true;
            }
          }
        }
        out.add(text.substr(from, close - from));
        at = close + 1 - cmd.size();                        // the next search starts after this box
      } else if (i > at + cmd.size() && i < text.size()) {  // "\boxed 5"
        size_t end = i;
        while (end < text.size() && !is_space(text[end]) && text[end] != '$') ++end;
        out.add(text.substr(i, end - i));
      }
    }
  }
}

void rule_last_number(std::string_view text, Candidates& out) {
  size_t best = std::string_view::npos, best_len = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || is_alpha(text[i - 1])))) continue;
    size_t start = i;
    if (i > 0 && text[i - 1] == '-' &&
        (i == 1 || !(is_digit(text[i - 2]) || is_alpha(text[i - 2]))))
      start = i - 1;
    size_t len = number_length(text, start);
    if (len == 0) continue;
    best = start;
    best_len = len;
    i = start + len - 1;
  }
  if (best != std::string_view::npos) out.add(text.substr(best, best_len));
}

}  // namespace

FoundAnswer extract_answer(std::string_view text) {
  std::string lower = ascii_lower(text);
  Candidates c;
  rule_hashes(text, c);
  if (!c.empty()) return c.finish(kRuleHashes);
  rule_answer_is(text, lower, c);
  if (!c.empty()) return c.finish(kRuleAnswerIs);
  rule_boxed(text, c);
  if (!c.empty()) return c.finish(kRuleBoxed);
  rule_answer_colon(text, lower, c);
  if (!c.empty()) return c.finish(kRuleAnswerColon);
  rule_last_number(text, c);
  if (!c.empty()) return c.finish(kRuleLastNumber);
  return FoundAnswer{};
}

}  // namespace stepwise::trace

#include "curate/text.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "base/hash.h"

namespace stepwise::curate {
namespace {

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_wordish(unsigned char c) { return is_letter(c) || c >= 0x80; }

// Length of the number starting at text[i] (a digit).
size_t number_length(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && is_digit(static_cast<unsigned char>(s[j]))) ++j;
  // Thousands groups: ",ddd" not followed by another digit.
  auto digit_at = [&](size_t k) {
    return k < s.size() && is_digit(static_cast<unsigned char>(s[k]));
  };
  while (j < s.size() && s[j] == ',' && digit_at(j + 1) && digit_at(j + 2) && digit_at(j + 3) &&
         !digit_at(j + 4))
    j += 4;
  if (j < s.size() && s[j] == '.' && digit_at(j + 1)) {
    ++j;
    while (digit_at(j)) ++j;
  }
  return j - i;
}

// Length of the word starting at text[i] (a letter or a non-ASCII byte).
size_t word_length(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size()) {
    auto c = static_cast<unsigned char>(s[j]);
    if (is_wordish(c) || is_digit(c)) {
      ++j;
    } else if ((c == '\'' || c == '-') && j + 1 < s.size() &&
               is_wordish(static_cast<unsigned char>(s[j + 1]))) {
      ++j;
    } else {
      break;
    }
  }
  return j - i;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Word classes of the template rules, one lookup per word.
enum : uint8_t {
  kNumberWord = 1,  // "three", "dozen", "half": a number
  kPronoun = 2,     // "she", "his": replaced by <pro>
  kStarter = 4,     // capitalised at a sentence start without being a name
  kModifier = 8,    // between a number and its item: "3 more pens"
  kNotItem = 16,    // after a number but not a counted item: units, function words
};

void add_class(std::unordered_map<std::string_view, uint8_t>& m, uint8_t c,
               std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) m[w] |= c;
}

uint8_t word_class(std::string_view lw) {
  static const auto* k = [] {
    auto* m = new std::unordered_map<std::string_view, uint8_t>();
    add_class(*m, kNumberWord,
              {"zero",     "one",      "two",     "three",     "four",     "five",     "six",
               "seven",    "eight",    "nine",    "ten",       "eleven",   "twelve",   "thirteen",
               "fourteen", "fifteen",  "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
               "thirty",   "forty",    "fifty",   "sixty",     "seventy",  "eighty",   "ninety",
               "hundred",  "thousand", "million", "half",      "twice",    "thrice",   "double",
               "triple",   "dozen",    "dozens"});
    add_class(*m, kPronoun, {"he", "she", "him", "her", "his", "hers", "himself", "herself"});
    add_class(
        *m, kStarter,
        {"the",     "a",         "an",       "how",    "what",  "which", "who",     "whom",
         "whose",   "when",      "where",    "why",    "if",    "then",  "so",      "but",
         "and",     "or",        "after",    "before", "each",  "every", "all",     "some",
         "there",   "this",      "that",     "these",  "those", "it",    "its",     "they",
         "them",    "their",     "we",       "our",    "you",   "your",  "i",       "my",
         "he",      "she",       "his",      "her",    "in",    "on",    "at",      "for",
         "from",    "to",        "of",       "by",     "with",  "while", "during",  "now",
         "today",   "yesterday", "tomorrow", "later",  "first", "next",  "finally", "also",
         "both",    "mr",        "mrs",      "ms",     "dr",    "is",    "are",     "was",
         "were",    "do",        "does",     "did",    "can",   "will",  "find",    "calculate",
         "compute", "given",     "assume",   "suppose"});
    add_class(
        *m, kModifier,
        {"more", "fewer", "less", "extra", "other", "additional", "new", "old", "big", "small",
         "large", "same", "whole", "full", "empty", "equal", "identical", "different"});
    add_class(
        *m, kNotItem,
        {"each",       "of",     "per",     "times",  "and",     "or",     "than",    "in",
         "on",         "at",     "to",      "for",    "from",    "with",   "by",      "percent",
         "a",          "an",     "the",     "is",     "are",     "was",    "were",    "left",
         "total",      "dollar", "dollars", "cent",   "cents",   "euro",   "euros",   "pound",
         "pounds",     "hour",   "hours",   "minute", "minutes", "second", "seconds", "day",
         "days",       "week",   "weeks",   "month",  "months",  "year",   "years",   "km",
         "kilometers", "mile",   "miles",   "meter",  "meters",  "m",      "cm",      "kg",
         "grams",      "g",      "liters",  "liter",  "ml",      "feet",   "foot",    "inches",
         "inch",       "as",     "that",    "more",   "less",    "fewer",  "if",      "but",
         "so",         "then",   "when",    "into",   "over",    "out",    "he",      "she",
         "they"});
    return m;
  }();
  auto it = k->find(lw);
  return it == k->end() ? 0 : it->second;
}

std::string_view strip_possessive(std::string_view w) {
  if (w.size() > 2 && w.substr(w.size() - 2) == "'s") return w.substr(0, w.size() - 2);
  if (w.size() > 4 && w.substr(w.size() - 4) == "\xE2\x80\x99s") return w.substr(0, w.size() - 4);
  return w;
}

// Singular form for item matching: "boxes" -> "box", "pens" -> "pen".
std::string singular(std::string_view w) {
  if (w.size() > 3 &&
      (w.ends_with("ses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes")))
    return std::string(w.substr(0, w.size() - 2));
  if (w.size() > 3 && w.ends_with("ies")) return std::string(w.substr(0, w.size() - 3)) + "y";
  if (w.size() > 2 && w.ends_with('s') && !w.ends_with("ss"))
    return std::string(w.substr(0, w.size() - 1));
  return std::string(w);
}

uint64_t window_hash(const std::vector<uint64_t>& words, size_t begin, size_t n, uint64_t seed) {
  uint64_t h = seed;
  for (size_t j = begin; j < begin + n; ++j) h = hash_combine(h, words[j]);
  return h;
}

// hash64 of each plain word (plain_words(), without building the strings).
std::vector<uint64_t> word_hashes(std::string_view text) {
  std::vector<uint64_t> out;
  std::string buf;
  for (const Token& tok : tokenize(text)) {
    if (tok.kind == TokenKind::kPunct) continue;
    buf.clear();
    for (char c : tok.text) {
      if (c == ',' && tok.kind == TokenKind::kNumber) continue;
      buf += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    out.push_back(hash64(buf));
  }
  return out;
}

std::vector<uint64_t> windows(std::string_view text, int n, uint64_t seed) {
  std::vector<uint64_t> wh = word_hashes(text);
  std::vector<uint64_t> out;
  const auto k = static_cast<size_t>(std::max(n, 1));
  if (wh.empty()) return out;
  if (wh.size() < k) {
    out.push_back(window_hash(wh, 0, wh.size(), seed ^ 0x5157u));
    return out;
  }
  out.reserve(wh.size() - k + 1);
  for (size_t i = 0; i + k <= wh.size(); ++i) out.push_back(window_hash(wh, i, k, seed));
  return out;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (is_space(c)) {
      ++i;
      continue;
    }
    size_t n = 1;
    TokenKind kind = TokenKind::kPunct;
    if (is_digit(c)) {
      n = number_length(s, i);
      kind = TokenKind::kNumber;
    } else if (is_wordish(c)) {
      n = word_length(s, i);
      kind = TokenKind::kWord;
    }
    out.push_back({kind, s.substr(i, n)});
    i += n;
  }
  return out;
}

std::string record_text(const trace::Trace& t) {
  std::string out = t.question;
  for (const auto& st : t.steps) {
    out += '\n';
    out += st.text;
  }
  out += '\n';
  if (t.answer) out += *t.answer;
  return out;
}

uint64_t exact_key(std::string_view text) {
  std::string norm;
  norm.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_space(static_cast<unsigned char>(c))) {
      pending_space = !norm.empty();
      continue;
    }
    if (pending_space) norm += ' ';
    pending_space = false;
    norm += c;
  }
  return hash64(norm, 0x65786163u);
}

uint64_t problem_key(const trace::Trace& t) {
  if (t.meta.is_object()) {
    const json::Value* pid = t.meta.find("problem_id");
    if (pid && pid->is_string() && !pid->str().empty()) return hash64(pid->str(), 0x706964u);
  }
  std::string norm;
  for (const Token& tok : tokenize(t.question)) {
    if (!norm.empty()) norm += ' ';
    norm += lower(tok.text);
  }
  return hash64(norm, 0x71u);
}

std::vector<std::string> plain_words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& tok : tokenize(text)) {
    if (tok.kind == TokenKind::kPunct) continue;
    std::string w = lower(tok.text);
    if (tok.kind == TokenKind::kNumber) std::erase(w, ',');
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<uint64_t> ngram_hashes(std::string_view question, int n) {
  return windows(question, n, 0x6e6772616du);
}

std::vector<uint64_t> shingle_hashes(std::string_view text, int k) {
  return windows(text, k, 0x7368696eu);
}

namespace {

// What the template rules need to know of one token.
struct Word {
  TokenKind kind;
  std::string lower, base;  // lower-cased; base without a possessive "'s"
  uint8_t cls = 0;          // word_class(lower)
  bool capital = false;
  bool counts() const { return kind == TokenKind::kNumber || (cls & kNumberWord); }
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The item counted by the number at words[i], or "".
std::string counted_item(const std::vector<Word>& words, size_t i) {
  size_t j = i + 1;
  while (j < words.size() && j < i + 3 && words[j].kind == TokenKind::kWord &&
         (words[j].cls & kModifier))
    ++j;
  if (j >= words.size() || words[j].kind != TokenKind::kWord) return "";
  if (words[j].cls & (kNotItem | kNumberWord | kPronoun)) return "";
  return singular(words[j].lower);
}

}  // namespace

std::string template_text(std::string_view question) {
  std::vector<Word> words;
  for (const Token& t : tokenize(question)) {
    Word w{t.kind, lower(t.text), lower(strip_possessive(t.text))};
    w.cls = t.kind == TokenKind::kWord ? word_class(w.lower) : 0;
    w.capital = t.text[0] >= 'A' && t.text[0] <= 'Z';
    words.push_back(std::move(w));
  }
  // Pass 1: the names (capitalised words, except sentence starters) and the counted items.
  std::vector<std::string> names, items;
  bool at_start = true;
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (w.kind == TokenKind::kWord && w.capital && !(w.cls & kNumberWord) &&
        !(at_start && (word_class(w.base) & kStarter)) && !contains(names, w.base))
      names.push_back(w.base);
    if (w.counts()) {
      std::string item = counted_item(words, i);
      if (!item.empty() && !contains(items, item)) items.push_back(item);
    }
    at_start = w.kind == TokenKind::kPunct && (w.lower == "." || w.lower == "!" || w.lower == "?");
  }
  // Pass 2: write the template.
  std::string out;
  std::string_view last;
  auto emit = [&](std::string_view x) {
    if (x.front() == '<' && x == last) return;  // "Mary Ann" is one name
    if (!out.empty()) out += ' ';
    out += x;
    last = x.front() == '<' ? x : std::string_view();
  };
  for (const Word& w : words) {
    if (w.kind == TokenKind::kPunct) continue;
    if (w.counts()) {
      emit("#");
    } else if (w.capital && contains(names, w.base)) {
      emit("<name>");
    } else if (w.cls & kPronoun) {
      emit("<pro>");
    } else if (!items.empty() && contains(items, singular(w.base))) {
      emit("<item>");
    } else {
      emit(w.lower);
    }
  }
  return out;
}

uint64_t template_key(std::string_view question) {
  return hash64(template_text(question), 0x746d706cu);
}

}  // namespace stepwise::curate

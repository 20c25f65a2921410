// ValueMap, the numbers a question supplies (digits and words), and the built-in constants.
#include <algorithm>
#include <climits>
#include <string>

#include "verify/values_internal.h"

namespace stepwise::verify::detail {

namespace {

constexpr int64_t kEmpty = INT64_MIN;

uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

// |a| == |b| for rationals, without allocating.
bool equal_abs(const calc::Rational& a, const calc::Rational& b) {
  return mpz_cmpabs(a.get_num_mpz_t(), b.get_num_mpz_t()) == 0 &&
         mpz_cmp(a.get_den_mpz_t(), b.get_den_mpz_t()) == 0;
}

}  // namespace

bool plain_integer(std::string_view text, calc::Number& out) {
  size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  size_t n = text.size() - i;
  if (n == 0 || n > 18 || (text[i] == '0' && n > 1)) return false;
  int64_t v = 0;
  for (size_t k = i; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9') return false;
    v = v * 10 + (text[k] - '0');
  }
  out.value = static_cast<long>(i ? -v : v);
  out.begin = 0;
  out.end = text.size();
  out.decimals = -1;
  out.digits = v == 0 ? 1 : static_cast<int>(n);
  out.exp10 = 0;
  out.form = calc::Form::kInteger;
  out.percent = out.currency = out.thousands = out.scaled = false;
  out.negative = i == 1;
  return true;
}

uint64_t hash_value(const calc::Rational& v) {
  if (auto i = small_int(v)) return mix(static_cast<uint64_t>(*i));
  mpz_srcptr num = v.get_num_mpz_t();
  mpz_srcptr den = v.get_den_mpz_t();
  uint64_t h = mix(static_cast<uint64_t>(mpz_size(num)) * 31 + mpz_size(den));
  h = mix(h ^ static_cast<uint64_t>(mpz_getlimbn(num, 0)) ^ (mpz_sgn(num) < 0 ? 1 : 0));
  return mix(h ^ static_cast<uint64_t>(mpz_getlimbn(den, 0)));
}

void ValueMap::clear() {
  for (uint32_t slot : used_) keys_[slot] = kEmpty;
  used_.clear();
  ints_ = 0;
  others_used_ = 0;
}

void ValueMap::grow() {
  std::vector<std::pair<int64_t, int32_t>> old;
  old.reserve(used_.size());
  for (uint32_t slot : used_) old.emplace_back(keys_[slot], vals_[slot]);
  size_t cap = keys_.empty() ? 64 : keys_.size() * 2;
  keys_.assign(cap, kEmpty);
  vals_.assign(cap, 0);
  used_.clear();
  ints_ = 0;
  for (auto& [k, v] : old) {
    size_t mask = keys_.size() - 1;
    size_t i = mix(static_cast<uint64_t>(k)) & mask;
    while (keys_[i] != kEmpty) i = (i + 1) & mask;
    keys_[i] = k;
    vals_[i] = v;
    used_.push_back(static_cast<uint32_t>(i));
    ++ints_;
  }
}

const int32_t* ValueMap::find_int(int64_t k) const {
  if (keys_.empty()) return nullptr;
  size_t mask = keys_.size() - 1;
  for (size_t i = mix(static_cast<uint64_t>(k)) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == k) return &vals_[i];
    if (keys_[i] == kEmpty) return nullptr;
  }
}

int32_t* ValueMap::find_int(int64_t k) {
  return const_cast<int32_t*>(static_cast<const ValueMap*>(this)->find_int(k));
}

void ValueMap::note(const calc::Rational& v, int32_t step) {
  if (auto i = small_int(v)) {
    int64_t k = *i < 0 ? -*i : *i;
    if (int32_t* at = find_int(k)) {
      *at = std::max(*at, step);
      return;
    }
    if ((ints_ + 1) * 2 > keys_.size()) grow();
    size_t mask = keys_.size() - 1;
    size_t s = mix(static_cast<uint64_t>(k)) & mask;
    while (keys_[s] != kEmpty) s = (s + 1) & mask;
    keys_[s] = k;
    vals_[s] = step;
    used_.push_back(static_cast<uint32_t>(s));
    ++ints_;
    return;
  }
  for (size_t i = 0; i < others_used_; ++i) {
    if (equal_abs(others_[i].first, v)) {
      others_[i].second = std::max(others_[i].second, step);
      return;
    }
  }
  if (others_used_ == others_.size()) others_.emplace_back();
  auto& slot = others_[others_used_++];
  mpq_abs(slot.first.get_mpq_t(), v.get_mpq_t());
  slot.second = step;
}

std::optional<int32_t> ValueMap::last(const calc::Rational& v) const {
  if (auto i = small_int(v)) {
    const int32_t* at = find_int(*i < 0 ? -*i : *i);
    if (at) return *at;
    return std::nullopt;
  }
  for (size_t i = 0; i < others_used_; ++i)
    if (equal_abs(others_[i].first, v)) return others_[i].second;
  return std::nullopt;
}

const std::vector<Constant>& builtin_constants() {
  // The cue words of a constant: a word that starts with one licenses it ("hour" in "hourly");
  // one ending in '!' must be the whole word ("min", not "minus").
  static const std::vector<Constant> kConstants = [] {
    std::vector<Constant> c;
    auto add = [&](calc::Rational v, std::vector<std::string_view> cues) {
      c.push_back(Constant{std::move(v), std::move(cues)});
    };
    for (long v : {0L, 1L, 2L}) add(calc::Rational(v), {});
    add(calc::Rational(1, 2), {});
    // The cues name what the constant counts: 24 needs "hour" (24 hours in a day), not "day".
    add(calc::Rational(4), {"quarter", "week", "leg", "wheel", "tire", "tyre", "side", "square",
                            "season", "corner", "paw", "hoof", "hooves"});
    add(calc::Rational(7), {"day", "daily"});
    add(calc::Rational(10), {"ten!", "tens!", "tenth", "digit", "place", "dime", "decade", "deci",
                             "percent", "%", "mm!", "millimet", "round", "decimal"});
    add(calc::Rational(12), {"dozen", "month", "inch", "clock"});
    add(calc::Rational(24), {"hour"});
    add(calc::Rational(30), {"day", "daily", "minute", "min!", "mins!"});
    add(calc::Rational(52), {"week", "card", "deck"});
    add(calc::Rational(60), {"minute", "min!", "mins!", "second", "sec!", "secs!", "mph!"});
    add(calc::Rational(100),
        {"percent", "%", "cent", "hundred", "$", "dollar", "cm!", "centimet", "century"});
    add(calc::Rational(365), {"day", "daily"});
    add(calc::Rational(1000), {"thousand", "kilo", "kg!", "km!", "gram", "liter", "litre", "milli",
                               "ml!", "mg!", "meter", "metre", "mm!"});
    add(calc::Rational(3600), {"second", "sec!", "secs!"});
    add(calc::Rational(1, 4), {"quarter"});
    add(calc::Rational(1, 100), {"percent", "%", "cent"});
    return c;
  }();
  return kConstants;
}

bool has_cue(std::string_view text, const Constant& c) {
  for (std::string_view cue : c.cues) {
    bool whole = !cue.empty() && cue.back() == '!';
    if (has_word(text, whole ? cue.substr(0, cue.size() - 1) : cue, !whole)) return true;
  }
  return false;
}

bool has_word(std::string_view text, std::string_view word, bool prefix) {
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (i > 0 && letter(text[i - 1])) continue;
    size_t k = 0;
    while (k < word.size() && lower(text[i + k]) == word[k]) ++k;
    if (k < word.size()) continue;
    size_t e = i + k;
    if (prefix || e == text.size() || !letter(text[e])) return true;
  }
  return false;
}

}  // namespace stepwise::verify::detail

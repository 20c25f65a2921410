// The grounding pass (every operand comes from somewhere), leaps and redundant steps.
#include <algorithm>
#include <string>

#include "verify/checker_internal.h"

namespace stepwise::verify {

using detail::Role;

namespace {

std::string number_text(std::string_view text, const calc::Number& n) {
  if (n.end <= text.size() && n.begin < n.end)
    return std::string(text.substr(n.begin, n.end - n.begin));
  return calc::to_text(n.value);
}

json::Value value_extra(const std::string& value) {
  auto x = json::Value::object();
  x.set("value", json::Value::string(value));
  return x;
}

}  // namespace

bool Verifier::Impl::known(const calc::Rational& v) {
  return grounded_.contains(v) || question_map_.contains(v) || constant_map_.contains(v) ||
         cued_constant(v);
}

bool Verifier::Impl::cued_constant(const calc::Rational& v) {
  std::optional<int32_t> at = cued_map_.last(v);
  if (!at) return false;
  auto i = static_cast<size_t>(*at);
  if (cued_[i] < 0) {  // looked up once per trace
    const detail::Constant& c = detail::builtin_constants()[i];
    bool cue = detail::has_cue(trace_->question, c);
    for (size_t s = 0; !cue && s < trace_->steps.size(); ++s)
      cue = detail::has_cue(trace_->steps[s].text, c);
    cued_[i] = cue ? 1 : 0;
  }
  return cued_[i] == 1;
}

bool Verifier::Impl::is_grounded(const calc::Number& n, bool exponent) {
  if (known(n.value)) return true;
  if (n.percent) {
    tmp_ = n.value * 100;
    if (known(tmp_)) return true;
  }
  if (exponent) {
    auto i = detail::small_int(n.value);
    if (i && *i <= 3 && *i >= -3) return true;  // squares and cubes
  }
  if (n.digits >= 12 || n.decimals > 0) {  // float noise, or a rounding of a step's result
    auto close = [&](const calc::Rational& g, int32_t step) {
      auto m = calc::classify_written(g, n, true);
      return m == calc::WrittenMatch::kFloatNoise ||
             (m == calc::WrittenMatch::kRounded && step >= 0);
    };
    return grounded_.any_of(close) || question_map_.any_of(close);
  }
  return false;
}

// "5 * 3 * 2 = 15 * 2": 15 combines two operands of the previous segment of the chain.
bool Verifier::Impl::partial_result(int32_t prev, const calc::Rational& v) {
  if (prev < 0) return false;
  const auto& ops = parsed_[static_cast<size_t>(prev)].operands;
  size_t n = std::min<size_t>(ops.size(), 12);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const calc::Rational& a = ops[i].number.value;
      const calc::Rational& b = ops[j].number.value;
      tmp_ = a + b;
      if (abs(tmp_) == abs(v)) return true;
      tmp_ = a * b;
      if (abs(tmp_) == abs(v)) return true;
      tmp_ = a - b;
      if (abs(tmp_) == abs(v)) return true;
      if (b != 0) {
        tmp_ = a / b;
        if (abs(tmp_) == abs(v)) return true;
      }
    }
  }
  return false;
}

bool Verifier::Impl::equals_answer(const calc::Rational& v) const {
  if (!has_answer_value_) return false;
  if (answer_number_.value == v || answer_number_.value == -v) return true;
  return calc::classify_written(v, answer_number_, true) != calc::WrittenMatch::kNo;
}

uint64_t Verifier::Impl::signature(const calc::Parsed& p) const {
  if (p.ops == 0) return 0;
  uint64_t ops[16];
  size_t n = std::min<size_t>(p.operands.size(), 16);
  for (size_t i = 0; i < n; ++i) ops[i] = detail::hash_value(p.operands[i].number.value);
  std::sort(ops, ops + n);
  // The value is mixed apart from the operands: 90/60 = 1.5 and 60*1.5 = 90 use the same three
  // numbers, in different roles.
  uint64_t h = detail::hash_value(p.value) * 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 29)) + (static_cast<uint64_t>(p.ops) << 56);
  for (size_t i = 0; i < n; ++i) h = (h ^ ops[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  return h | 1;
}

// Walks the steps in order with the set of values known so far.
void Verifier::Impl::grounding() {
  auto& candidates = leap_candidates_;
  auto& reported = reported_;
  candidates.clear();
  for (int i = 0; i < nsteps_; ++i) {
    const auto& sc = scans_[static_cast<size_t>(i)];
    const auto& f = facts_[static_cast<size_t>(i)];
    reported.clear();
    for (uint32_t ci = f.comp_begin; ci < f.comp_end; ++ci) {
      const auto& c = comps_[ci];
      if (c.parsed >= 0 && opt_.grounding) {
        const auto& p = parsed_[static_cast<size_t>(c.parsed)];
        for (const auto& o : p.operands) {
          if (is_grounded(o.number, o.exponent) || partial_result(c.prev, o.number.value)) continue;
          bool dup = false;
          for (const auto* r : reported) dup |= *r == o.number.value;
          if (dup) continue;
          reported.push_back(&o.number.value);
          std::string text = calc::to_text(o.number.value);
          add(kUngroundedNumber, i,
              text + " is not in the question, an earlier step or the common constants",
              value_extra(text));
        }
      }
      grounded_.note(vals_[c.value], i);
      if (c.written >= 0) grounded_.note(vals_[static_cast<size_t>(c.written)], i);
    }
    for (size_t k = 0; k < sc.numbers.size(); ++k) {
      if (f.roles[k] != Role::kStated) continue;
      if (!is_grounded(sc.numbers[k], false)) candidates.emplace_back(i, k);
    }
    for (size_t k = 0; k < sc.numbers.size(); ++k)
      if (f.roles[k] == Role::kStated) grounded_.note(sc.numbers[k].value, i);
  }
  if (!opt_.leaps) return;
  // A number stated with no support is a leap when a later step relies on it or it is the answer.
  int last_step = -1;
  auto& leaped = reported_;
  leaped.clear();
  for (const auto& [i, k] : candidates) {
    const auto& sc = scans_[static_cast<size_t>(i)];
    const calc::Number& n = sc.numbers[k];
    auto used = operand_last_.last(n.value);
    bool later = used && *used > i;
    bool answer = equals_answer(n.value);
    if (!later && !answer) continue;
    if (i != last_step) leaped.clear();
    last_step = i;
    bool dup = false;
    for (const auto* r : leaped) dup |= *r == n.value;
    if (dup) continue;
    leaped.push_back(&n.value);
    std::string text = number_text(sc.visible, n);
    add(kLeap, i,
        text +
            " appears with no derivation (not in the question, an earlier step or a "
            "computation here), and " +
            (answer ? std::string("it is the final answer") : "a later step uses it"),
        value_extra(calc::to_text(n.value)));
  }
  // The final answer itself must appear somewhere.
  if (has_answer_value_ && nsteps_ > 0 && !known(answer_number_.value)) {
    auto close = [&](const calc::Rational& g, int32_t) {
      return calc::classify_written(g, answer_number_, true) != calc::WrittenMatch::kNo;
    };
    bool near = grounded_.any_of(close) || question_map_.any_of(close);
    if (!near)
      add(kLeap, std::nullopt,
          "the final answer " + calc::to_text(answer_number_.value) +
              " is not the result of any step",
          value_extra(calc::to_text(answer_number_.value)));
  }
}

// redundant_step: a step whose computations all repeat earlier ones, or whose result is never
// used afterwards and is not the answer.
void Verifier::Impl::redundancy() {
  for (int i = 0; i < nsteps_; ++i) {
    const auto& f = facts_[static_cast<size_t>(i)];
    bool any = false, all_repeat = true;
    int repeats = -1;
    for (uint32_t ci = f.comp_begin; ci < f.comp_end; ++ci) {
      const auto& c = comps_[ci];
      if (c.sig == 0) continue;
      any = true;
      int found = -1;
      for (int j = 0; j < i && found < 0; ++j) {
        const auto& fj = facts_[static_cast<size_t>(j)];
        for (uint32_t cj = fj.comp_begin; cj < fj.comp_end; ++cj)
          if (comps_[cj].sig == c.sig) {
            found = j;
            break;
          }
      }
      if (found < 0)
        all_repeat = false;
      else if (repeats < 0)
        repeats = found;
    }
    if (any && all_repeat) {
      auto x = json::Value::object();
      x.set("repeats", json::Value::number(static_cast<int64_t>(repeats)));
      add(kRedundantStep, i, "repeats the computation of step " + std::to_string(repeats),
          std::move(x));
      continue;
    }
    bool last = i + 1 == nsteps_;
    if (last && outcome_ != trace::Outcome::kFound) continue;
    if (step_error_[static_cast<size_t>(i)]) continue;  // its result is already in doubt
    for (uint32_t ci = f.comp_begin; ci < f.comp_end; ++ci) {
      const auto& c = comps_[ci];
      if (!c.result) continue;
      const calc::Rational& v = vals_[c.value];
      auto seen = seen_last_.last(v);
      if ((seen && *seen > i) || equals_answer(v)) continue;
      if (c.written >= 0) {  // the result as written ("15" for a wrong 2*7) may be what is used
        const calc::Rational& w = vals_[static_cast<size_t>(c.written)];
        auto seen_w = seen_last_.last(w);
        if ((seen_w && *seen_w > i) || equals_answer(w)) continue;
      }
      bool inside = false;  // used by a later computation of the same step
      for (uint32_t cj = ci + 1; cj < f.comp_end && !inside; ++cj) {
        if (comps_[cj].parsed < 0) continue;
        for (const auto& o : parsed_[static_cast<size_t>(comps_[cj].parsed)].operands)
          if (o.number.value == v) inside = true;
      }
      if (inside) continue;
      std::string text = calc::to_text(v);
      add(kRedundantStep, i,
          "computes " + text + ", which no later step uses and which is not the final answer",
          value_extra(text));
      break;
    }
  }
}

}  // namespace stepwise::verify

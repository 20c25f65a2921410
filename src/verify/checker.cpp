// Verifier: the passes over one trace, the final answer, truncation and the verdict.
#include <algorithm>
#include <climits>
#include <string>

#include "trace/answer.h"
#include "verify/checker_internal.h"

namespace stepwise::verify {

using detail::trim;

namespace {

const CodeInfo kCodes[] = {
    {kAnswerMissing, Severity::kError, "no final answer could be found"},
    {kAnswerAmbiguous, Severity::kError, "two or more different final answers"},
    {kAnswerMismatch, Severity::kError, "the final answer differs from the gold answer"},
    {kArithMismatch, Severity::kError, "a computation's written result is wrong"},
    {kAnnotationMismatch, Severity::kError, "the visible text disagrees with its annotation"},
    {kDivisionByZero, Severity::kError, "a step divides by zero"},
    {kRoundedResult, Severity::kWarning, "a non-integer result written as a whole number"},
    {kUncheckedArithmetic, Severity::kWarning, "an annotation that could not be read"},
    {kUngroundedNumber, Severity::kError, "an operand that comes from nowhere"},
    {kLeap, Severity::kError, "a number relied on with no derivation"},
    {kRedundantStep, Severity::kWarning, "a repeated computation or an unused result"},
    {kTruncated, Severity::kError, "the trace stops before its answer"},
};

Severity severity_of(std::string_view code) {
  for (const auto& c : kCodes)
    if (code == c.code) return c.severity;
  return Severity::kError;
}

// Words a sentence does not end with.
bool dangling_word(std::string_view text) {
  size_t e = text.size(), b = e;
  while (b > 0 && detail::is_alpha(text[b - 1])) --b;
  if (b == e) return false;
  static constexpr std::string_view kWords[] = {"and", "or",    "the",  "of",   "to",    "is",
                                                "so",  "then",  "by",   "a",    "an",    "with",
                                                "for", "which", "that", "plus", "minus", "times",
                                                "are", "was",   "from", "into", "than",  "equals"};
  std::string_view w = text.substr(b);
  for (auto k : kWords)
    if (w.size() == k.size() &&
        std::equal(w.begin(), w.end(), k.begin(), [](char a, char c) { return (a | 0x20) == c; }))
      return true;
  return false;
}

}  // namespace

const std::vector<CodeInfo>& all_codes() {
  static const std::vector<CodeInfo> codes(std::begin(kCodes), std::end(kCodes));
  return codes;
}

const char* severity_name(Severity s) { return s == Severity::kError ? "error" : "warning"; }

Verifier::Impl::Impl(VerifyOptions o) : opt_(std::move(o)) {
  const auto& builtin = detail::builtin_constants();
  for (size_t i = 0; i < builtin.size(); ++i)
    (builtin[i].cues.empty() ? constant_map_ : cued_map_)
        .note(builtin[i].value, builtin[i].cues.empty() ? -1 : static_cast<int32_t>(i));
  for (const auto& s : opt_.extra_constants)
    if (auto n = calc::parse_number(s)) constant_map_.note(n->value, -1);
}

void Verifier::Impl::add(const char* code, std::optional<int> step, std::string message,
                         json::Value extra) {
  Severity sev = severity_of(code);
  if (step && sev == Severity::kError && *step >= 0 &&
      static_cast<size_t>(*step) < step_error_.size())
    step_error_[static_cast<size_t>(*step)] = 1;
  if (findings_.size() >= opt_.max_findings) {
    ++dropped_;
    return;
  }
  trace::Finding f;
  f.code = code;
  f.step = step;
  f.severity = severity_name(sev);
  f.message = std::move(message);
  if (extra.is_object()) f.extra = std::move(extra);
  findings_.push_back(std::move(f));
}

calc::Parsed& Verifier::Impl::next_parsed() {
  if (parsed_used_ == parsed_.size()) parsed_.emplace_back();
  return parsed_[parsed_used_++];
}

uint32_t Verifier::Impl::store(const calc::Rational& v) {
  if (vals_used_ == vals_.size()) vals_.emplace_back();
  vals_[vals_used_] = v;
  return static_cast<uint32_t>(vals_used_++);
}

detail::Comp& Verifier::Impl::add_comp(int /*step*/, size_t pos) {
  comps_.emplace_back();
  comps_.back().pos = pos;
  return comps_.back();
}

// The common GSM8K ending "#### 72": exactly one "####", followed on its line by a plain
// integer. Gives what extract_answer() gives for it (rule "####", the integer), faster.
bool Verifier::Impl::hash_answer(std::string_view last) {
  size_t at = last.find("####");
  if (at == std::string_view::npos || last.find("####", at + 4) != std::string_view::npos)
    return false;
  std::string_view rest = last.substr(at + 4);
  rest = rest.substr(0, rest.find('\n'));
  rest = trim(rest);
  if (!detail::plain_integer(rest, answer_number_)) return false;
  outcome_ = trace::Outcome::kFound;
  answer_rule_ = trace::kRuleHashes;
  answer_text_ = rest;
  has_answer_value_ = true;
  return true;
}

void Verifier::Impl::find_answer(const trace::Trace& t) {
  outcome_ = trace::Outcome::kNone;
  answer_text_.clear();
  answer_rule_.clear();
  candidates_.clear();
  has_answer_value_ = false;
  if (t.answer) {
    answer_text_ = *t.answer;
    answer_rule_ = trace::kRuleField;
    if (!trim(answer_text_).empty()) outcome_ = trace::Outcome::kFound;
  } else if (!t.steps.empty()) {
    // "####" only in the last step: that step alone gives the same extraction (the "####" rule
    // comes first and decides), without joining the whole text.
    bool last_only = t.steps.back().text.find("####") != std::string::npos;
    for (size_t i = 0; last_only && i + 1 < t.steps.size(); ++i)
      last_only = t.steps[i].text.find("####") == std::string::npos;
    if (last_only && hash_answer(t.steps.back().text)) return;
    trace::FoundAnswer fa;
    if (last_only) fa = trace::extract_answer(t.steps.back().text);
    if (!last_only || fa.rule != trace::kRuleHashes) {  // "####" with nothing after it
      std::string all;
      for (const auto& s : t.steps) {
        if (!all.empty()) all += '\n';
        all += s.text;
      }
      fa = trace::extract_answer(all);
    }
    outcome_ = fa.outcome;
    answer_rule_ = fa.rule;
    answer_text_ = fa.outcome == trace::Outcome::kFound ? fa.value : fa.raw;
    candidates_ = std::move(fa.candidates);
  } else if (t.extraction && t.extraction->outcome == trace::Outcome::kAmbiguous) {
    outcome_ = trace::Outcome::kAmbiguous;
  }
  if (outcome_ != trace::Outcome::kFound) return;
  if (detail::plain_integer(answer_text_, answer_number_)) {
    has_answer_value_ = true;
    return;
  }
  auto n = calc::parse_number(answer_rule_ == trace::kRuleField
                                  ? trace::normalize_answer(answer_text_)
                                  : answer_text_);  // extracted answers come normalized
  if (n) {
    answer_number_ = std::move(*n);
    has_answer_value_ = true;
  }
}

// Outcome findings: missing, ambiguous, or different from gold.
void Verifier::Impl::check_outcome(const trace::Trace& t) {
  Impl& v = *this;
  if (v.outcome_ == trace::Outcome::kNone) {
    v.add(kAnswerMissing, std::nullopt,
          "no final answer: no answer field, and none of \"####\", \"The answer is\", "
          "\\boxed{}, \"Answer:\" or a last number in the steps");
    return;
  }
  if (v.outcome_ == trace::Outcome::kAmbiguous) {
    std::string list;
    for (const auto& c : v.candidates_) list += (list.empty() ? "" : ", ") + c;
    v.add(kAnswerAmbiguous, std::nullopt,
          "the final answer is ambiguous: " + (list.empty() ? v.answer_text_ : list) +
              (v.answer_rule_.empty() ? "" : " (rule \"" + v.answer_rule_ + "\")"));
    return;
  }
  if (!t.gold) return;
  if (v.answer_text_ == *t.gold) {  // the common case: "72" and "72"
    v.answer_ok_ = true;
    return;
  }
  auto check = calc::answers_equal(v.answer_text_, *t.gold, answer_policy(t.question));
  v.answer_ok_ = check.equal;
  if (check.equal) return;
  auto x = json::Value::object();
  x.set("answer", json::Value::string(v.answer_text_));
  x.set("gold", json::Value::string(*t.gold));
  v.add(kAnswerMismatch, std::nullopt,
        "the final answer " + v.answer_text_ + " differs from the gold answer " + *t.gold +
            (check.reason.empty() ? "" : " (" + check.reason + ")"),
        std::move(x));
}

void Verifier::Impl::structure() {
  if (nsteps_ == 0) {
    if (outcome_ == trace::Outcome::kFound && opt_.require_steps)
      add(kLeap, std::nullopt,
          "the trace has no steps: the answer " + answer_text_ + " is given with no derivation");
    return;
  }
  int last = nsteps_ - 1;
  const auto& sc = scans_[static_cast<size_t>(last)];
  std::string_view text = trim(sc.visible);
  std::string why;
  if (sc.unclosed) {
    why = "it stops inside an annotation \"<<\"";
  } else if (!text.empty() &&
             std::string_view("+-*/=(,:^").find(text.back()) != std::string_view::npos) {
    why = std::string("its last step ends with '") + text.back() + "'";
  } else if (std::count(text.begin(), text.end(), '(') >
             std::count(text.begin(), text.end(), ')')) {
    why = "its last step leaves a parenthesis open";
  } else if (dangling_word(text)) {
    why = "its last step ends mid-sentence";
  } else if (outcome_ == trace::Outcome::kNone &&
             facts_[static_cast<size_t>(last)].comp_end >
                 facts_[static_cast<size_t>(last)].comp_begin) {
    why = "its last step is still computing and no final answer follows";
  }
  if (!why.empty()) add(kTruncated, last, "the trace stops before its answer: " + why);
}

void Verifier::Impl::finish(trace::Verdict& v) {
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const trace::Finding& a, const trace::Finding& b) {
                     return a.step.value_or(INT_MAX) < b.step.value_or(INT_MAX);
                   });
  v = trace::Verdict{};
  v.answer_ok = answer_ok_;
  bool errors = false;
  for (const auto& f : findings_) {
    if (f.severity != "error") continue;
    errors = true;
    if (f.step && (!v.first_error || *f.step < *v.first_error)) v.first_error = f.step;
  }
  v.ok = !errors;
  v.findings = std::move(findings_);
  findings_.clear();
  if (dropped_ > 0)
    v.extra.set("findings_dropped", json::Value::number(static_cast<int64_t>(dropped_)));
}

void Verifier::Impl::run(const trace::Trace& t, trace::Verdict& v) {
  findings_.clear();
  dropped_ = 0;
  answer_ok_ = false;
  nsteps_ = static_cast<int>(t.steps.size());
  comps_.clear();
  parsed_used_ = 0;
  vals_used_ = 0;
  operand_last_.clear();
  seen_last_.clear();
  if (scans_.size() < t.steps.size()) scans_.resize(t.steps.size());
  if (facts_.size() < t.steps.size()) facts_.resize(t.steps.size());
  step_error_.assign(t.steps.size(), 0);
  trace_ = &t;
  cued_.assign(detail::builtin_constants().size(), -1);

  find_answer(t);
  check_outcome(t);
  for (int i = 0; i < nsteps_; ++i) arithmetic(i, t.steps[static_cast<size_t>(i)].text);
  size_t numbers = 0;
  for (int i = 0; i < nsteps_; ++i) numbers += scans_[static_cast<size_t>(i)].numbers.size();
  skip_grounding_ = numbers > opt_.max_numbers;
  if (!skip_grounding_) {
    if (opt_.grounding || opt_.leaps) {
      grounded_.clear();
      if (!question_valid_ || t.question != question_) {  // k samples of one problem in a row
        question_map_.clear();
        detail::question_numbers(t.question, question_map_, qscratch_);
        question_ = t.question;
        question_valid_ = true;
      }
      grounding();
    }
    if (opt_.redundancy) redundancy();
  }
  structure();
  finish(v);
  if (skip_grounding_) v.extra.set("grounding_skipped", json::Value::boolean(true));
  if (!t.answer && outcome_ == trace::Outcome::kFound) {  // found in the steps: say what and how
    v.extra.set("answer", json::Value::string(answer_text_));
    v.extra.set("answer_rule", json::Value::string(answer_rule_));
  }
}

Verifier::Verifier(VerifyOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Verifier::~Verifier() = default;

trace::Verdict Verifier::verify(const trace::Trace& t) {
  trace::Verdict v;
  impl_->run(t, v);
  return v;
}

trace::Verdict verify_trace(const trace::Trace& t, const VerifyOptions& options) {
  Verifier verifier(options);
  return verifier.verify(t);
}

calc::EquivOptions answer_policy(std::string_view question) {
  calc::EquivOptions eo;
  eo.rounding_allowed = detail::has_word(question, "round", true) ||
                        detail::has_word(question, "nearest") ||
                        detail::has_word(question, "approximately");
  eo.cents_to_dollars = detail::has_word(question, "cent", true);
  return eo;
}

}  // namespace stepwise::verify

#include "curate/policy.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "trace/answer.h"

namespace stepwise::curate {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_unit(std::string_view v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !(d >= 0 && d <= 1)) return std::nullopt;
  return d;
}

std::optional<int64_t> parse_count(std::string_view v) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < 0) return std::nullopt;
  return n;
}

Status apply_part(std::string_view part, Policy& p, bool& have_base) {
  std::optional<PolicyBase> base;
  if (part == "strict") base = PolicyBase::kStrict;
  if (part == "outcome") base = PolicyBase::kOutcome;
  if (part == "none") base = PolicyBase::kNone;
  if (base) {
    if (have_base) return Error{"policy: more than one base (strict, outcome, none)"};
    have_base = true;
    p.base = *base;
    return {};
  }
  if (part == "no-brittle") {
    p.no_brittle = true;
    return {};
  }
  if (part == "no-detour") {
    p.no_detour = true;
    return {};
  }
  if (part == "require-stated-answer") {
    p.require_stated_answer = true;
    return {};
  }
  if (part == "require-alt-agree") {
    p.require_alt_agree = true;
    return {};
  }
  size_t eq = part.find('=');
  std::string_view key = part.substr(0, eq);
  std::string_view val = eq == std::string_view::npos ? "" : part.substr(eq + 1);
  if (key == "min-agreement" && eq != std::string_view::npos) {
    p.min_agreement = parse_unit(val);
    if (!p.min_agreement)
      return Error{"policy: min-agreement wants a number in 0..1, got \"" + std::string(val) +
                   "\""};
    return {};
  }
  if (key == "max-warnings" && eq != std::string_view::npos) {
    p.max_warnings = parse_count(val);
    if (!p.max_warnings)
      return Error{"policy: max-warnings wants a count >= 0, got \"" + std::string(val) + "\""};
    return {};
  }
  return Error{"policy: unknown part \"" + std::string(part) +
               "\" (expected strict, outcome, none, no-brittle, no-detour, require-alt-agree, "
               "require-stated-answer, min-agreement=X, max-warnings=N)"};
}

std::optional<double> number_field(const json::Value& obj, std::string_view key) {
  const json::Value* v = obj.find(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->as_double();
}

std::optional<bool> bool_field(const json::Value& obj, std::string_view key) {
  const json::Value* v = obj.find(key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

bool has_error_finding(const trace::Verdict& v) {
  for (const auto& f : v.findings)
    if (f.severity == "error") return true;
  return false;
}

std::optional<Drop> check_signals(const Policy& p, const CrossSignals& s) {
  bool needs = p.min_agreement || p.no_brittle || p.no_detour || p.require_alt_agree;
  if (!needs) return std::nullopt;
  if (!s.present) return Drop::kNoCrosscheck;
  if (p.min_agreement && (!s.agreement || *s.agreement < *p.min_agreement))
    return Drop::kLowAgreement;
  if (p.no_brittle && s.brittle.value_or(false)) return Drop::kBrittle;
  if (p.no_detour && s.detour.value_or(false)) return Drop::kDetour;
  if (p.require_alt_agree) {
    if (!s.alt_agree) return Drop::kAltUnknown;
    if (!*s.alt_agree) return Drop::kAltDisagree;
  }
  return std::nullopt;
}

}  // namespace

const char* base_name(PolicyBase b) {
  switch (b) {
    case PolicyBase::kStrict:
      return "strict";
    case PolicyBase::kOutcome:
      return "outcome";
    case PolicyBase::kNone:
      return "none";
  }
  return "strict";
}

Result<Policy> parse_policy(std::string_view spec) {
  Policy p;
  bool have_base = false;
  size_t b = 0;
  while (b <= spec.size()) {
    size_t e = spec.find_first_of(",+", b);
    if (e == std::string_view::npos) e = spec.size();
    std::string_view part = trim(spec.substr(b, e - b));
    if (!part.empty()) {
      if (Status st = apply_part(part, p, have_base); !st) return st.error();
    }
    b = e + 1;
  }
  return p;
}

std::string policy_spec(const Policy& p) {
  std::string out = base_name(p.base);
  if (p.min_agreement) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *p.min_agreement);
    out += std::string(",min-agreement=") + buf;
  }
  if (p.no_brittle) out += ",no-brittle";
  if (p.no_detour) out += ",no-detour";
  if (p.max_warnings) out += ",max-warnings=" + std::to_string(*p.max_warnings);
  if (p.require_alt_agree) out += ",require-alt-agree";
  if (p.require_stated_answer) out += ",require-stated-answer";
  return out;
}

CrossSignals read_signals(const trace::Trace& t) {
  CrossSignals s;
  const json::Value* cc = t.extra.find("crosscheck");
  if (!cc || !cc->is_object()) return s;
  s.present = true;
  s.agreement = number_field(*cc, "agreement");
  s.majority = bool_field(*cc, "majority");
  s.brittle = bool_field(*cc, "brittle");
  if (const json::Value* d = cc->find("detour_step"); d && (d->is_null() || d->is_number()))
    s.detour = d->is_number();
  s.alt_agree = bool_field(*cc, "alt_agree");
  return s;
}

bool answer_stated(const trace::Trace& t) {
  if (t.extraction) return t.extraction->rule != trace::kRuleLastNumber;
  if (!t.verdict) return true;
  const json::Value* rule = t.verdict->extra.find("answer_rule");
  return !rule || !rule->is_string() || rule->str() != trace::kRuleLastNumber;
}

int64_t warning_count(const trace::Trace& t) {
  if (!t.verdict) return 0;
  int64_t n = 0;
  for (const auto& f : t.verdict->findings) n += f.severity == "warning" ? 1 : 0;
  return n;
}

std::optional<Drop> apply_policy(const Policy& p, const trace::Trace& t, const CrossSignals& s) {
  bool needs_verdict = p.base != PolicyBase::kNone || p.max_warnings.has_value();
  if (needs_verdict && !t.verdict) return Drop::kUnverified;
  if (p.base != PolicyBase::kNone && !t.verdict->answer_ok)
    return t.gold ? Drop::kAnswerWrong : Drop::kNoGold;
  if (p.base == PolicyBase::kStrict && (!t.verdict->ok || has_error_finding(*t.verdict)))
    return Drop::kStepError;
  if (p.require_stated_answer && !answer_stated(t)) return Drop::kAnswerNotStated;
  if (p.max_warnings && warning_count(t) > *p.max_warnings) return Drop::kTooManyWarnings;
  return check_signals(p, s);
}

}  // namespace stepwise::curate

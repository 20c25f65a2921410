#include "curate/policy.h"

#include <gtest/gtest.h>

namespace stepwise::curate {
namespace {

// A right, valid, cross-checked trace; tests break one thing at a time.
trace::Trace good() {
  trace::Trace t;
  t.id = "t";
  t.question = "q";
  t.answer = "5";
  t.gold = "5";
  t.verdict = trace::Verdict{};
  t.verdict->ok = true;
  t.verdict->answer_ok = true;
  auto cc = json::Value::object();
  cc.set("agreement", json::Value::number(0.75));
  cc.set("majority", json::Value::boolean(true));
  cc.set("brittle", json::Value::boolean(false));
  cc.set("alt_agree", json::Value::boolean(true));
  t.extra.set("crosscheck", std::move(cc));
  return t;
}

trace::Finding finding(const char* code, const char* severity) {
  trace::Finding f;
  f.code = code;
  f.severity = severity;
  return f;
}

std::optional<Drop> judge(const std::string& spec, const trace::Trace& t) {
  auto p = parse_policy(spec);
  EXPECT_TRUE(p) << p.error().message;
  return apply_policy(*p, t, read_signals(t));
}

TEST(ParsePolicy, BasesModifiersAndRoundTrip) {
  auto p = parse_policy(
      "outcome, no-brittle+min-agreement=0.5,max-warnings=2,require-alt-agree,no-detour,"
      "require-stated-answer");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->base, PolicyBase::kOutcome);
  EXPECT_TRUE(p->no_brittle);
  EXPECT_TRUE(p->no_detour);
  EXPECT_TRUE(p->require_stated_answer);
  EXPECT_DOUBLE_EQ(*p->min_agreement, 0.5);
  EXPECT_EQ(*p->max_warnings, 2);
  EXPECT_TRUE(p->require_alt_agree);
  std::string spec = policy_spec(*p);
  EXPECT_EQ(spec,
            "outcome,min-agreement=0.5,no-brittle,no-detour,max-warnings=2,require-alt-agree,"
            "require-stated-answer");
  auto again = parse_policy(spec);
  ASSERT_TRUE(again);
  EXPECT_EQ(policy_spec(*again), spec);
  EXPECT_EQ(parse_policy("")->base, PolicyBase::kStrict);  // the default
  EXPECT_EQ(parse_policy("no-brittle")->base, PolicyBase::kStrict);
}

TEST(ParsePolicy, ErrorsNameThePart) {
  EXPECT_EQ(parse_policy("strcit").error().message.find("unknown part \"strcit\""), 8u);
  EXPECT_FALSE(parse_policy("strict,outcome"));
  EXPECT_FALSE(parse_policy("min-agreement=1.5"));
  EXPECT_FALSE(parse_policy("min-agreement=x"));
  EXPECT_FALSE(parse_policy("max-warnings=-1"));
  EXPECT_FALSE(parse_policy("min-agreement"));
}

TEST(ReadSignals, FromTheCrosscheckObjectWrongTypesReadAsAbsent) {
  trace::Trace t = good();
  CrossSignals s = read_signals(t);
  EXPECT_TRUE(s.present);
  EXPECT_DOUBLE_EQ(*s.agreement, 0.75);
  EXPECT_TRUE(*s.majority);
  EXPECT_FALSE(*s.brittle);
  EXPECT_TRUE(*s.alt_agree);
  t.extra.find("crosscheck")->set("agreement", json::Value::string("high"));
  t.extra.find("crosscheck")->set("alt_agree", json::Value());
  s = read_signals(t);
  EXPECT_FALSE(s.agreement);
  EXPECT_FALSE(s.alt_agree);
  t.extra.erase("crosscheck");
  EXPECT_FALSE(read_signals(t).present);
}

TEST(ApplyPolicy, StrictNeedsRightAnswerAndValidSteps) {
  trace::Trace t = good();
  EXPECT_FALSE(judge("strict", t));
  t.verdict->findings.push_back(finding("unit", "warning"));
  EXPECT_FALSE(judge("strict", t));  // warnings alone do not break strict
  t.verdict->findings.push_back(finding("arith_mismatch", "error"));
  EXPECT_EQ(judge("strict", t), Drop::kStepError);
  EXPECT_FALSE(judge("outcome", t));  // outcome only asks for the answer
  t.verdict->findings.clear();
  t.verdict->ok = false;
  EXPECT_EQ(judge("strict", t), Drop::kStepError);
  t.verdict->answer_ok = false;
  EXPECT_EQ(judge("strict", t), Drop::kAnswerWrong);
  EXPECT_EQ(judge("outcome", t), Drop::kAnswerWrong);
  EXPECT_FALSE(judge("none", t));
}

TEST(ApplyPolicy, MissingVerdictOrGoldIsItsOwnReason) {
  trace::Trace t = good();
  t.verdict.reset();
  EXPECT_EQ(judge("strict", t), Drop::kUnverified);
  EXPECT_EQ(judge("outcome", t), Drop::kUnverified);
  EXPECT_EQ(judge("none,max-warnings=1", t), Drop::kUnverified);
  EXPECT_FALSE(judge("none", t));
  t = good();
  t.gold.reset();
  t.verdict->answer_ok = false;
  EXPECT_EQ(judge("outcome", t), Drop::kNoGold);
}

TEST(ApplyPolicy, WarningThreshold) {
  trace::Trace t = good();
  t.verdict->findings = {finding("a", "warning"), finding("b", "warning")};
  EXPECT_FALSE(judge("strict,max-warnings=2", t));
  EXPECT_EQ(judge("strict,max-warnings=1", t), Drop::kTooManyWarnings);
  EXPECT_EQ(warning_count(t), 2);
}

TEST(ApplyPolicy, CrossCheckThresholds) {
  trace::Trace t = good();
  EXPECT_FALSE(judge("strict,min-agreement=0.75,no-brittle,require-alt-agree", t));
  EXPECT_EQ(judge("strict,min-agreement=0.8", t), Drop::kLowAgreement);
  t.extra.find("crosscheck")->set("brittle", json::Value::boolean(true));
  EXPECT_EQ(judge("strict,no-brittle", t), Drop::kBrittle);
  EXPECT_FALSE(judge("strict", t));
  t.extra.find("crosscheck")->set("alt_agree", json::Value::boolean(false));
  EXPECT_EQ(judge("none,require-alt-agree", t), Drop::kAltDisagree);
  t.extra.find("crosscheck")->set("alt_agree", json::Value());
  EXPECT_EQ(judge("none,require-alt-agree", t), Drop::kAltUnknown);
  t.extra.find("crosscheck")->erase("agreement");
  EXPECT_EQ(judge("none,min-agreement=0.1", t), Drop::kLowAgreement);
  t.extra.erase("crosscheck");
  EXPECT_EQ(judge("none,no-brittle", t), Drop::kNoCrosscheck);
  EXPECT_FALSE(judge("none", t));
}

TEST(ApplyPolicy, CancelledDetour) {
  trace::Trace t = good();
  EXPECT_FALSE(judge("strict,no-detour", t));  // no detour_step: none found
  t.extra.find("crosscheck")->set("detour_step", json::Value());
  EXPECT_FALSE(read_signals(t).detour.value_or(true));
  EXPECT_FALSE(judge("strict,no-detour", t));
  t.extra.find("crosscheck")->set("detour_step", json::Value::number(int64_t{2}));
  EXPECT_TRUE(*read_signals(t).detour);
  EXPECT_EQ(judge("strict,no-detour", t), Drop::kDetour);
  EXPECT_FALSE(judge("strict", t));  // only under no-detour
  t.extra.find("crosscheck")->set("detour_step", json::Value::string("2"));
  EXPECT_FALSE(read_signals(t).detour);  // a wrong type reads as absent
  t.extra.erase("crosscheck");
  EXPECT_EQ(judge("strict,no-detour", t), Drop::kNoCrosscheck);
}

TEST(ApplyPolicy, StatedAnswer) {
  trace::Trace t = good();
  EXPECT_TRUE(answer_stated(t));  // no extraction record: the answer came with the record
  EXPECT_FALSE(judge("strict,require-stated-answer", t));
  t.extraction = trace::Extraction{trace::Outcome::kFound, "####", json::Value::object()};
  EXPECT_FALSE(judge("strict,require-stated-answer", t));
  t.extraction->rule = "last number";  // a trace cut off after a step that equals the gold
  EXPECT_FALSE(answer_stated(t));
  EXPECT_EQ(judge("strict,require-stated-answer", t), Drop::kAnswerNotStated);
  EXPECT_FALSE(judge("strict", t));
  t.extraction.reset();  // no answer in the record: the verifier's rule decides
  t.verdict->extra.set("answer_rule", json::Value::string("last number"));
  EXPECT_EQ(judge("strict,require-stated-answer", t), Drop::kAnswerNotStated);
  t.verdict->extra.set("answer_rule", json::Value::string("the answer is"));
  EXPECT_FALSE(judge("strict,require-stated-answer", t));
  t.verdict->findings.push_back(finding("arith_mismatch", "error"));
  EXPECT_EQ(judge("strict,require-stated-answer", t), Drop::kStepError);  // steps come first
}

TEST(DropNames, RoundTrip) {
  for (size_t i = 0; i < kNumDrops; ++i) {
    auto d = static_cast<Drop>(i);
    EXPECT_EQ(parse_drop(drop_name(d)), d);
  }
  EXPECT_FALSE(parse_drop("kept"));
}

}  // namespace
}  // namespace stepwise::curate

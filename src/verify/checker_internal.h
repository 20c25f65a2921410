// checker_internal.h: the state of one verification (internal to verify/).
//
// Verifier::Impl runs the checks of one trace in passes over its steps:
//   answer      find the final answer (field or extract_answer) and compare it with gold
//   arithmetic  scan every step, recompute annotations and chains (arithmetic.cpp)
//   grounding   walk the steps in order with the set of known values (grounding.cpp):
//               ungrounded operands, leaps, redundant steps
//   structure   truncation, then the verdict (checker.cpp)
// All scratch storage lives here and is reused from one trace to the next.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calc/calc.h"
#include "trace/record.h"
#include "verify/scan_internal.h"
#include "verify/values_internal.h"
#include "verify/verify.h"

namespace stepwise::verify {

namespace detail {

// Role of a number in the visible text of a step.
enum class Role : uint8_t {
  kStated,   // written in prose: a claim, grounded or not
  kDerived,  // part of a checked computation (an operand or a result)
  kMarker,   // after "####": the final answer line
};

// One computation or result of a step, in text order.
struct Comp {
  int32_t parsed = -1;   // index into Impl::parsed_ (operands), -1 for a written result
  uint32_t value = 0;    // index into Impl::vals_: its exact value
  int32_t written = -1;  // index into Impl::vals_: an annotation's written result
  size_t pos = 0;        // offset in the visible text
  int32_t prev = -1;     // the previous segment of its chain (index into Impl::parsed_)
  bool result = false;   // a result of the step (last of a chain, an annotation)
  uint64_t sig = 0;      // computation signature (value, operands, operators); 0 for none
};

// A chain segment's evaluation.
struct SegVal {
  bool ok = false;
  bool annotated = false;  // the same expression as an annotation of the step (computed once)
  int32_t parsed = -1;     // index into Impl::parsed_, -1 for a plain number
  uint32_t value = 0;      // index into Impl::vals_
};

struct StepFacts {
  uint32_t comp_begin = 0, comp_end = 0;  // Impl::comps_[begin, end)
  std::vector<Role> roles;                // one per ScannedStep::numbers
};

}  // namespace detail

struct Verifier::Impl {
  explicit Impl(VerifyOptions o);
  void run(const trace::Trace& t, trace::Verdict& v);

  // ---- passes ----
  void find_answer(const trace::Trace& t);
  bool hash_answer(std::string_view last_step);
  void check_outcome(const trace::Trace& t);
  void arithmetic(int step, std::string_view text);
  void check_annotation(int step, size_t k);
  void check_chain(int step, const detail::Chain& c);
  void grounding();
  void leaps();
  void redundancy();
  void structure();
  void finish(trace::Verdict& v);

  // ---- helpers ----
  void add(const char* code, std::optional<int> step, std::string message,
           json::Value extra = json::Value());
  calc::Parsed& next_parsed();
  uint32_t store(const calc::Rational& v);
  bool is_grounded(const calc::Number& n, bool exponent);
  bool known(const calc::Rational& v);          // question, constants or an earlier step
  bool cued_constant(const calc::Rational& v);  // a constant this trace's words license
  bool partial_result(int32_t prev, const calc::Rational& v);
  bool equals_answer(const calc::Rational& v) const;
  uint64_t signature(const calc::Parsed& p) const;
  detail::Comp& add_comp(int step, size_t pos);

  VerifyOptions opt_;
  detail::ValueMap constant_map_;  // the constants that need no cue, and the extra ones
  detail::ValueMap cued_map_;      // the others, each at its index in builtin_constants()

  // per trace
  const trace::Trace* trace_ = nullptr;
  std::vector<int8_t> cued_;  // per built-in constant: -1 not looked at yet, 0 no cue, 1 a cue
  trace::Verdict* out_ = nullptr;
  std::vector<trace::Finding> findings_;
  size_t dropped_ = 0;
  int nsteps_ = 0;
  std::vector<detail::ScannedStep> scans_;
  std::vector<detail::StepFacts> facts_;
  std::vector<detail::Comp> comps_;
  std::vector<calc::Parsed> parsed_;
  size_t parsed_used_ = 0;
  std::vector<calc::Rational> vals_;
  size_t vals_used_ = 0;
  detail::QuestionScratch qscratch_;
  detail::ValueMap question_map_;  // what the question supplies (kept while the question repeats)
  std::string question_;
  bool question_valid_ = false;
  std::vector<std::pair<int, size_t>> leap_candidates_;  // (step, number) stated, unsupported
  std::vector<const calc::Rational*> reported_;
  detail::ValueMap grounded_, operand_last_, seen_last_;
  std::vector<uint8_t> ann_state_;  // per annotation of the current step
  std::vector<int32_t> ann_parsed_;
  std::vector<detail::SegVal> seg_vals_;  // per annotation of the current step: its parse, or -1
  std::vector<uint8_t> step_error_;       // per step: an error-level finding was added
  bool skip_grounding_ = false;

  // the final answer
  trace::Outcome outcome_ = trace::Outcome::kNone;
  std::string answer_text_, answer_rule_;
  std::vector<std::string> candidates_;
  bool has_answer_value_ = false;
  calc::Number answer_number_;
  bool answer_ok_ = false;

  calc::Rational tmp_;
  calc::Number written_;  // scratch for an annotation's written result
  std::string alt_;       // scratch for another reading of an expression
};

}  // namespace stepwise::verify

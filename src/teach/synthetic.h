// synthetic.h: an offline teacher that answers family problems with realistic, labelled flaws.
//
// For a record whose `program` comes from a built-in family (tasks/), the synthetic teacher
// re-renders the problem's correct trace and, with probability `flaw rate`, plants one flaw,
// chosen by the per-flaw rates among the flaws that apply to the problem:
//
//   flaw                  what the candidate does                               answer
//   arith_slip            one step writes a wrong result; later steps use it      wrong
//   miscopied_quantity    a quantity of the question is copied wrong (12 -> 21)  wrong
//   skipped_step          a step is left out; a later step uses its result       right
//   hallucinated_number   a step adds a number that appears nowhere (+7)         wrong
//   compensating_errors   two errors that cancel: a wrong result and a later     right
//                         step that undoes it ("slips", each step's arithmetic
//                         is wrong), or a quantity wrongly added to a result and
//                         taken away again in the next step ("detour", every
//                         step's arithmetic is right and grounded)
//   truncated             the trace stops early, without a final answer          none
//   padding               an irrelevant (correct) computation is inserted        right
//   wrong_final_answer    correct steps, then a different final answer           wrong
//
// Each candidate records its flaws in meta.flaws (empty for a clean one) and the step where
// the flaw is (meta.flaw_step, 0-based; null when it is about the whole trace), and the
// variant for flaws with several forms (meta.flaw_variant). Everything is
// a function of (seed, problem id, sample index): the same seed gives the same bytes.
// Thread-safe (no shared mutable state).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "trace/record.h"

namespace stepwise::teach {

enum class Flaw {
  kArithSlip,
  kMiscopiedQuantity,
  kSkippedStep,
  kHallucinatedNumber,
  kCompensatingErrors,
  kTruncated,
  kPadding,
  kWrongFinalAnswer,
};
inline constexpr int kFlawCount = 8;
const char* flaw_name(Flaw f);  // "arith_slip", "miscopied_quantity", ...
// The flaw called `name`; false when there is none.
bool parse_flaw(std::string_view name, Flaw& out);

struct SyntheticOptions {
  uint64_t seed = 0;
  // Probability of each flaw per candidate; their sum is the share of flawed candidates
  // (default 0.30, see docs/teach.md for why). A candidate carries at most one flaw.
  std::array<double, kFlawCount> rates = {0.06, 0.04, 0.04, 0.03, 0.03, 0.03, 0.03, 0.04};

  double total_rate() const;
  // Scales every rate so that they add up to `total` (0..1), keeping their proportions.
  void set_total_rate(double total);
  // Applies "name=rate,name=rate" (a rate for one flaw each). Error names the bad item.
  Status set_rates(std::string_view spec);
};

// One candidate of the synthetic teacher.
struct SyntheticAnswer {
  std::string text;                // numbered steps and "#### N", as a teacher would write it
  std::vector<std::string> flaws;  // flaw names; empty when clean
  std::optional<int> flaw_step;    // 0-based step index of the flaw, when it has one
  std::string variant;             // the form of the flaw, for flaws with several ("detour")
};

// Answers `problem` (a record with a family program) for candidate `sample`. Error when the
// record has no program of a known family, or its program cannot be rendered
// (`program: unknown family "x"`): such problems are drops ("unsupported_problem").
Result<SyntheticAnswer> synthetic_answer(const trace::Trace& problem, int64_t sample,
                                         const SyntheticOptions& options);

}  // namespace stepwise::teach

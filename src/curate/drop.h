// drop.h: why curation left a record out. Every record read is either kept or dropped for
// exactly one of these reasons, so the counts add up to the input (docs/curate.md, "Drop
// reasons"). The names are stable: scripts read them from the summary and the report.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace stepwise::curate {

enum class Drop : uint8_t {
  kBadLine,               // the reader rejected the line (malformed JSON, not a trace, ...)
  kUnverified,            // the policy needs a verdict and the record has none
  kNoGold,                // the policy needs a right answer and the record has no gold
  kAnswerWrong,           // verdict.answer_ok is false
  kStepError,             // verdict.ok is false or a finding has severity "error"
  kAnswerNotStated,       // the answer was only the last number (--require-stated-answer)
  kTooManyWarnings,       // more warning findings than --max-warnings
  kNoCrosscheck,          // a cross-check threshold is set and the record has no "crosscheck"
  kLowAgreement,          // crosscheck.agreement below --min-agreement (or missing)
  kBrittle,               // crosscheck.brittle is true under --no-brittle
  kDetour,                // crosscheck.detour_step is set under --no-detour
  kAltDisagree,           // crosscheck.alt_agree is false under --require-alt-agree
  kAltUnknown,            // crosscheck.alt_agree is null or missing under --require-alt-agree
  kContaminatedNgram,     // the question shares an n-gram with an evaluation question
  kContaminatedTemplate,  // the question has the template of an evaluation question
  kDuplicatePath,         // same computation path as a better candidate of its problem
  kNotBestOfK,            // its problem already has --keep better candidates
  kDuplicateExact,        // the same text as a record kept earlier
  kNearDuplicate,         // MinHash-similar to a kept record of another problem
  kUnbalanced,            // over the per-bucket cap of --balance
};
inline constexpr size_t kNumDrops = static_cast<size_t>(Drop::kUnbalanced) + 1;

inline constexpr std::array<std::string_view, kNumDrops> kDropNames = {"bad_line",
                                                                       "unverified",
                                                                       "no_gold",
                                                                       "answer_wrong",
                                                                       "step_error",
                                                                       "answer_not_stated",
                                                                       "too_many_warnings",
                                                                       "no_crosscheck",
                                                                       "low_agreement",
                                                                       "brittle",
                                                                       "detour",
                                                                       "alt_disagree",
                                                                       "alt_unknown",
                                                                       "contaminated_ngram",
                                                                       "contaminated_template",
                                                                       "duplicate_path",
                                                                       "not_best_of_k",
                                                                       "duplicate_exact",
                                                                       "near_duplicate",
                                                                       "unbalanced"};

// The stable name of `d` ("answer_wrong").
inline std::string_view drop_name(Drop d) { return kDropNames[static_cast<size_t>(d)]; }

// The inverse of drop_name; nullopt for any other text.
inline std::optional<Drop> parse_drop(std::string_view name) {
  for (size_t i = 0; i < kNumDrops; ++i)
    if (kDropNames[i] == name) return static_cast<Drop>(i);
  return std::nullopt;
}

}  // namespace stepwise::curate

// curriculum.h: ordering, balancing and sub-sampling the kept records.
//
// Ordering (curriculum_order):
//   input       the records in the order they were read
//   shuffle     a seeded random permutation
//   curriculum  easy -> hard with a pacing schedule. The records are ranked by difficulty
//               (ties by the seeded id hash). At position k of N (t = k/N) the competence
//                 linear  u(t) = 1/S + (1 - 1/S) * t
//                 root    u(t) = sqrt(1/S^2 + (1 - 1/S^2) * t)   (harder records sooner)
//                 step    u(t) = (floor(t * S) + 1) / S            (stage i from t = i/S)
//               admits the easiest u(t) * N records. The newest S-th of them, ranks
//               [u(t) - 1/S, u(t)) * N, is the window; the admitted records below it are the
//               earlier stages. A position takes a seeded-random unused record of the window,
//               except that a `replay` share of positions (spread evenly, while there is any)
//               takes a seeded-random record of the earlier stages. That material exists
//               because round(replay * size) records of every stage but the last (smallest
//               re-hashed tie) are held back while their stage is the window, plus whatever a
//               window left behind. A position whose window is used up takes earlier material,
//               else admits the next rank. With step pacing and no replay this is the classic
//               staged order: stage 1 shuffled, then stage 2 shuffled, ... Every kept record
//               appears exactly once: replay revisits earlier stages, it does not repeat records.
// Balancing (balance_keep): at most `cap` records per bucket (family x difficulty level), the
// ones with the smallest seeded id hash; cap 0 = the size of the smallest bucket.
// Fractions (fraction_subset): the p% of records with the smallest seeded id hash, so a
// smaller fraction is always contained in a larger one.
// Pure functions of their arguments and seed; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::curate {

enum class Order { kInput, kShuffle, kCurriculum };
enum class Pacing { kLinear, kRoot, kStep };

// "input" | "shuffle" | "curriculum"; "linear" | "root" | "step".
const char* order_name(Order o);
const char* pacing_name(Pacing p);
std::optional<Order> parse_order(std::string_view s);
std::optional<Pacing> parse_pacing(std::string_view s);

struct CurriculumOptions {
  Order order = Order::kInput;
  int stages = 4;                   // difficulty stages (>= 1)
  Pacing pacing = Pacing::kLinear;  // when each stage opens
  double replay = 0.0;              // share of positions drawn from earlier stages (0..1)
};

// The stage (0..stages-1) of each record: its difficulty rank (ties by `tie`) cut into equal
// parts.
std::vector<uint8_t> difficulty_stages(const std::vector<float>& difficulty,
                                       const std::vector<uint64_t>& tie, int stages);

// The output order of records 0..n-1 (n = difficulty.size() = tie.size()), a permutation.
// `tie` holds seeded hashes of the ids; `seed` drives the random picks.
std::vector<uint32_t> curriculum_order(const std::vector<float>& difficulty,
                                       const std::vector<uint64_t>& tie,
                                       const CurriculumOptions& opts, uint64_t seed);

// Competence c(t) of `pacing` with `stages` stages at t in [0, 1].
double competence(Pacing pacing, int stages, double t);

// Which records --balance keeps: at most `cap` per bucket (0 = the smallest bucket's size),
// chosen by smallest `tie`.
std::vector<bool> balance_keep(const std::vector<uint32_t>& bucket,
                               const std::vector<uint64_t>& tie, uint64_t cap);

// The records of a `percent`% subset (ceil(n * percent / 100) of them, smallest `tie` first),
// as sorted indices. percent in 1..100.
std::vector<uint32_t> fraction_subset(const std::vector<uint64_t>& tie, int percent);

}  // namespace stepwise::curate

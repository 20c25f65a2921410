#include "curate/curriculum.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "base/check.h"
#include "base/rng.h"

namespace stepwise::curate {
namespace {

// Indices 0..n-1 sorted by (key, tie, index).
template <typename Key>
std::vector<uint32_t> ranked(const std::vector<Key>& key, const std::vector<uint64_t>& tie) {
  std::vector<uint32_t> idx(key.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    if (key[a] != key[b]) return key[a] < key[b];
    if (tie[a] != tie[b]) return tie[a] < tie[b];
    return a < b;
  });
  return idx;
}

uint64_t splitmix_of(uint64_t x) { return splitmix64(x); }

// Counts of unused ranks, for picking the j-th unused rank of a range in O(log n).
class Fenwick {
 public:
  explicit Fenwick(size_t n) : tree_(n + 1, 0), n_(n) {
    for (size_t i = 1; i <= n; ++i) {
      tree_[i] += 1;
      size_t parent = i + (i & (~i + 1));
      if (parent <= n) tree_[parent] += tree_[i];
    }
  }
  // Unused ranks below `end`.
  uint32_t prefix(size_t end) const {
    uint32_t s = 0;
    for (size_t i = end; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }
  void remove(size_t rank) {
    for (size_t i = rank + 1; i <= n_; i += i & (~i + 1)) --tree_[i];
  }
  // The rank of the (j+1)-th unused rank (j 0-based); j < prefix(n).
  size_t find(uint32_t j) const {
    size_t pos = 0;
    for (size_t step = std::bit_floor(n_); step > 0; step >>= 1) {
      if (pos + step <= n_ && tree_[pos + step] <= j) {
        pos += step;
        j -= tree_[pos];
      }
    }
    return pos;
  }

 private:
  std::vector<uint32_t> tree_;
  size_t n_;
};

// Which ranks are held back for replay: round(replay * size) of each stage but the last, the
// ones with the smallest re-hashed tie.
std::vector<bool> replay_reserve(const std::vector<uint32_t>& by_rank,
                                 const std::vector<uint64_t>& tie, int stages, double replay) {
  const size_t n = by_rank.size();
  std::vector<bool> reserved(n, false);
  for (int st = 0; st + 1 < stages; ++st) {
    size_t begin = static_cast<size_t>(st) * n / static_cast<size_t>(stages);
    size_t end = static_cast<size_t>(st + 1) * n / static_cast<size_t>(stages);
    std::vector<std::pair<uint64_t, size_t>> order;
    for (size_t r = begin; r < end; ++r) order.emplace_back(splitmix_of(tie[by_rank[r]]), r);
    std::sort(order.begin(), order.end());
    auto m = static_cast<size_t>(std::lround(replay * static_cast<double>(end - begin)));
    for (size_t i = 0; i < m && i < order.size(); ++i) reserved[order[i].second] = true;
  }
  return reserved;
}

// The pacing walk (curriculum.h): a window of newly admitted ranks, earlier material below it.
class Pacer {
 public:
  Pacer(std::vector<bool> reserved, const CurriculumOptions& opts, uint64_t seed)
      : n_(reserved.size()),
        stages_(std::max(opts.stages, 1)),
        replay_(std::clamp(opts.replay, 0.0, 1.0)),
        opts_(opts),
        normal_(n_),
        held_(n_),
        rng_(seed ^ 0x6375727269637521ULL) {
    for (size_t r = 0; r < n_; ++r) (reserved[r] ? normal_ : held_).remove(r);
  }
  // The rank placed at position k.
  size_t next(size_t k) {
    const double u = competence(opts_.pacing, stages_, static_cast<double>(k) / n_);
    frontier_ = std::max(frontier_, std::min(n_, static_cast<size_t>(std::ceil(u * n_ - 1e-9))));
    const auto low = std::min(
        frontier_, static_cast<size_t>(std::max(0.0, std::floor((u - 1.0 / stages_) * n_ + 1e-9))));
    const uint32_t e_normal = normal_.prefix(low), e_held = held_.prefix(low);
    uint32_t window = normal_.prefix(frontier_) - e_normal;
    while (window == 0 && e_normal + e_held == 0 && frontier_ < n_)  // admit the next rank
      window = normal_.prefix(++frontier_) - e_normal;
    const uint32_t earlier = e_normal + e_held;
    if (window == 0 && earlier == 0) return take(held_, rng_.below(held_.prefix(n_)));
    if (earlier > 0) owed_ += replay_;
    bool from_earlier = window == 0 || (earlier > 0 && owed_ >= 1.0);
    if (from_earlier && owed_ >= 1.0) owed_ -= 1.0;
    if (!from_earlier) return take(normal_, e_normal + rng_.below(window));
    uint64_t j = rng_.below(earlier);
    return j < e_normal ? take(normal_, j) : take(held_, j - e_normal);
  }

 private:
  static size_t take(Fenwick& f, uint64_t j) {
    size_t rank = f.find(static_cast<uint32_t>(j));
    f.remove(rank);
    return rank;
  }
  size_t n_;
  int stages_;
  double replay_;
  const CurriculumOptions& opts_;
  Fenwick normal_, held_;  // unused ranks: not held back / held back for replay
  Rng rng_;
  size_t frontier_ = 0;
  double owed_ = 0;  // replay positions due and not yet taken
};

std::vector<uint32_t> paced(const std::vector<float>& difficulty, const std::vector<uint64_t>& tie,
                            const CurriculumOptions& opts, uint64_t seed) {
  std::vector<uint32_t> by_rank = ranked(difficulty, tie);
  Pacer pacer(replay_reserve(by_rank, tie, std::max(opts.stages, 1), opts.replay), opts, seed);
  std::vector<uint32_t> out;
  out.reserve(by_rank.size());
  for (size_t k = 0; k < by_rank.size(); ++k) out.push_back(by_rank[pacer.next(k)]);
  return out;
}

}  // namespace

const char* order_name(Order o) {
  switch (o) {
    case Order::kInput:
      return "input";
    case Order::kShuffle:
      return "shuffle";
    case Order::kCurriculum:
      return "curriculum";
  }
  return "input";
}

const char* pacing_name(Pacing p) {
  switch (p) {
    case Pacing::kLinear:
      return "linear";
    case Pacing::kRoot:
      return "root";
    case Pacing::kStep:
      return "step";
  }
  return "linear";
}

std::optional<Order> parse_order(std::string_view s) {
  for (Order o : {Order::kInput, Order::kShuffle, Order::kCurriculum})
    if (s == order_name(o)) return o;
  return std::nullopt;
}

std::optional<Pacing> parse_pacing(std::string_view s) {
  for (Pacing p : {Pacing::kLinear, Pacing::kRoot, Pacing::kStep})
    if (s == pacing_name(p)) return p;
  return std::nullopt;
}

double competence(Pacing pacing, int stages, double t) {
  const double s = std::max(stages, 1);
  t = std::clamp(t, 0.0, 1.0);
  switch (pacing) {
    case Pacing::kLinear:
      return 1.0 / s + (1.0 - 1.0 / s) * t;
    case Pacing::kRoot:
      return std::sqrt(1.0 / (s * s) + (1.0 - 1.0 / (s * s)) * t);
    case Pacing::kStep:
      return std::min(1.0, (std::floor(t * s) + 1.0) / s);
  }
  return 1.0;
}

std::vector<uint8_t> difficulty_stages(const std::vector<float>& difficulty,
                                       const std::vector<uint64_t>& tie, int stages) {
  SW_CHECK(difficulty.size() == tie.size());
  const size_t n = difficulty.size();
  const auto s = static_cast<size_t>(std::clamp(stages, 1, 255));
  std::vector<uint8_t> out(n, 0);
  std::vector<uint32_t> by_rank = ranked(difficulty, tie);
  for (size_t r = 0; r < n; ++r) out[by_rank[r]] = static_cast<uint8_t>(r * s / n);
  return out;
}

std::vector<uint32_t> curriculum_order(const std::vector<float>& difficulty,
                                       const std::vector<uint64_t>& tie,
                                       const CurriculumOptions& opts, uint64_t seed) {
  SW_CHECK(difficulty.size() == tie.size());
  std::vector<uint32_t> out(difficulty.size());
  std::iota(out.begin(), out.end(), 0u);
  if (opts.order == Order::kShuffle) {
    Rng rng(seed ^ 0x73687566666c65ULL);
    for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[rng.below(i)]);
  } else if (opts.order == Order::kCurriculum && !out.empty()) {
    out = paced(difficulty, tie, opts, seed);
  }
  return out;
}

std::vector<bool> balance_keep(const std::vector<uint32_t>& bucket,
                               const std::vector<uint64_t>& tie, uint64_t cap) {
  SW_CHECK(bucket.size() == tie.size());
  std::vector<bool> keep(bucket.size(), false);
  if (bucket.empty()) return keep;
  std::vector<uint32_t> order = ranked(bucket, tie);
  if (cap == 0) {
    cap = UINT64_MAX;
    for (size_t i = 0; i < order.size();) {
      size_t j = i;
      while (j < order.size() && bucket[order[j]] == bucket[order[i]]) ++j;
      cap = std::min<uint64_t>(cap, j - i);
      i = j;
    }
  }
  uint64_t in_bucket = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    in_bucket = (i > 0 && bucket[order[i]] == bucket[order[i - 1]]) ? in_bucket + 1 : 0;
    keep[order[i]] = in_bucket < cap;
  }
  return keep;
}

std::vector<uint32_t> fraction_subset(const std::vector<uint64_t>& tie, int percent) {
  const size_t n = tie.size();
  const auto p = static_cast<size_t>(std::clamp(percent, 1, 100));
  const size_t m = (n * p + 99) / 100;
  std::vector<uint32_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(),
            [&](uint32_t a, uint32_t b) { return tie[a] != tie[b] ? tie[a] < tie[b] : a < b; });
  idx.resize(m);
  std::sort(idx.begin(), idx.end());
  return idx;
}

}  // namespace stepwise::curate

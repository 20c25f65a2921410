#include "curate/dedup.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "base/check.h"
#include "base/hash.h"
#include "curate/text.h"

namespace stepwise::curate {
namespace {

constexpr size_t kBlock = size_t{1} << 16;  // records per sketch block

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

size_t fast_range(uint64_t hi32, size_t n) { return static_cast<size_t>((hi32 * n) >> 32); }

uint64_t band_key(const std::vector<uint32_t>& bins, int band, int rows) {
  uint64_t h = mix64(0x62616e64ULL + static_cast<uint64_t>(band));
  for (int k = 0; k < rows; ++k) h = hash_combine(h, bins[static_cast<size_t>(band * rows + k)]);
  return mix64(h);
}

}  // namespace

int rows_for(double threshold, int bands, int num_hashes) {
  int best = 1;
  for (int r = 1; r * bands <= num_hashes; ++r) {
    double p = 1.0 - std::pow(1.0 - std::pow(threshold, r), bands);
    if (p >= 0.98) best = r;
  }
  return best;
}

void minhash_bins(const std::vector<uint64_t>& shingles, std::vector<uint32_t>& bins) {
  const size_t n = bins.size();
  std::fill(bins.begin(), bins.end(), std::numeric_limits<uint32_t>::max());
  if (shingles.empty()) {
    std::fill(bins.begin(), bins.end(), 0u);
    return;
  }
  std::vector<bool> filled(n, false);
  for (uint64_t s : shingles) {
    uint64_t m = mix64(s ^ 0x6f7068ULL);
    size_t b = fast_range(m >> 32, n);
    auto v = static_cast<uint32_t>(m);
    if (!filled[b] || v < bins[b]) bins[b] = v;
    filled[b] = true;
  }
  // Optimal densification: an empty bin borrows the value of the first filled bin on its own
  // pseudo-random probe sequence (Shrivastava 2017).
  for (size_t j = 0; j < n; ++j) {
    if (filled[j]) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      size_t k = fast_range(mix64(j * 0x9e3779b97f4a7c15ULL + attempt) >> 32, n);
      if (filled[k]) {
        bins[j] = bins[k];
        break;
      }
    }
  }
}

std::vector<uint64_t> sketch_of(const std::vector<uint32_t>& bins) {
  std::vector<uint64_t> out((bins.size() + 31) / 32, 0);
  for (size_t j = 0; j < bins.size(); ++j) {
    uint64_t bits = (static_cast<uint32_t>(bins[j] * 0x9e3779b1u) >> 30) & 3u;
    out[j / 32] |= bits << (2 * (j % 32));
  }
  return out;
}

double sketch_similarity(const uint64_t* a, const uint64_t* b, int num_hashes) {
  int differ = 0;
  for (int w = 0; w < (num_hashes + 31) / 32; ++w) {
    uint64_t x = a[w] ^ b[w];
    differ += std::popcount((x | (x >> 1)) & 0x5555555555555555ULL);
  }
  double match = 1.0 - static_cast<double>(differ) / num_hashes;
  return std::clamp((match - 0.25) / 0.75, 0.0, 1.0);
}

Deduper::Deduper(const DedupOptions& opts) : opts_(opts), exact_(opts.exact ? opts.expected : 0) {
  opts_.num_hashes = std::clamp((opts.num_hashes + 31) / 32 * 32, 32, 1024);
  opts_.shingle = std::max(opts.shingle, 1);
  opts_.bucket_cap = std::max(opts.bucket_cap, 1);
  opts_.threshold = std::clamp(opts.threshold, 0.01, 1.0);
  words_ = opts_.num_hashes / 32;
  bands_ = std::clamp(opts.bands, 1, opts_.num_hashes);
  rows_ = opts.rows > 0 ? opts.rows : rows_for(opts_.threshold, bands_, opts_.num_hashes);
  rows_ = std::clamp(rows_, 1, opts_.num_hashes / bands_);
  if (opts_.near)
    for (int b = 0; b < bands_; ++b) lsh_.emplace_back(opts.expected, opts_.bucket_cap);
  bins_.resize(static_cast<size_t>(opts_.num_hashes));
}

Deduper::~Deduper() = default;

const uint64_t* Deduper::sketch(uint32_t id) const {
  return sketch_blocks_[id / kBlock].get() + (id % kBlock) * static_cast<size_t>(words_);
}

uint32_t Deduper::group_of(uint32_t id) const { return group_blocks_[id / kBlock][id % kBlock]; }

void Deduper::store(const std::vector<uint64_t>& sk, uint32_t group) {
  size_t id = kept_;
  if (id % kBlock == 0) {
    sketch_blocks_.emplace_back(new uint64_t[kBlock * static_cast<size_t>(words_)]);
    group_blocks_.emplace_back(new uint32_t[kBlock]);
  }
  std::copy(sk.begin(), sk.end(), sketch_blocks_.back().get() + (id % kBlock) * words_);
  group_blocks_.back()[id % kBlock] = group;
}

Deduper::Verdict Deduper::add(std::string_view text, uint64_t group) {
  SW_CHECK(kept_ < 0xfffffffeu);
  uint64_t ekey = 0;
  if (opts_.exact) {
    ekey = exact_key(text);
    if (auto o = exact_.find(ekey)) return {Kind::kExact, *o, 1.0};
  }
  std::vector<uint64_t> sk;
  std::vector<int> found(static_cast<size_t>(bands_), 0);
  std::vector<uint64_t> keys(static_cast<size_t>(bands_), 0);
  const auto g = static_cast<uint32_t>(group);
  if (opts_.near) {
    minhash_bins(shingle_hashes(text, opts_.shingle), bins_);
    sk = sketch_of(bins_);
    for (int b = 0; b < bands_; ++b) {
      Verdict hit{Kind::kNew, 0, 0.0};
      keys[b] = band_key(bins_, b, rows_);
      found[b] = lsh_[b].find(keys[b], [&](uint32_t id) {
        if (group_of(id) == g) return;
        double sim = sketch_similarity(sketch(id), sk.data(), opts_.num_hashes);
        if (sim >= opts_.threshold && sim > hit.similarity) hit = {Kind::kNear, id, sim};
      });
      if (hit.kind == Kind::kNear) return hit;
    }
  }
  const auto id = static_cast<uint32_t>(kept_);
  if (opts_.exact) (void)exact_.insert(ekey, id);
  if (opts_.near) {
    store(sk, g);
    for (int b = 0; b < bands_; ++b) lsh_[b].insert(keys[b], id, found[b]);
  }
  ++kept_;
  return {};
}

size_t Deduper::memory_bytes() const {
  size_t n = exact_.memory_bytes();
  for (const auto& t : lsh_) n += t.memory_bytes();
  n += sketch_blocks_.size() * kBlock * (static_cast<size_t>(words_) * 8 + 4);
  return n;
}

}  // namespace stepwise::curate

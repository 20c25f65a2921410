// dedup.h: streaming exact and near-duplicate removal in bounded memory.
//
// Deduper sees records one at a time (in the order the caller chooses) and keeps the first of
// each duplicate class:
//   exact  the same text with whitespace runs collapsed (text.h exact_key): a 64-bit key and a
//          32-bit id per kept record (12 bytes a slot).
//   near   MinHash over word shingles (default 5-grams) with one-permutation hashing and
//          optimal densification (one hash per shingle, 128 bins), banded into `bands` LSH
//          tables of `rows` bins each. Candidates found in a band are verified by the
//          Jaccard estimate from a stored 2-bit-per-bin sketch (32 bytes for 128 bins); a
//          record is a near duplicate when the estimate reaches `threshold` and the candidate
//          belongs to another group (another problem: candidates of one problem are distinct
//          paths, chosen by best-of-k, not duplicates). Each LSH bucket holds at most
//          `bucket_cap` ids, which bounds the work per record.
// Memory per kept record: ~16 bytes exact + 8 * bands / 0.75 bytes of LSH slots + 36 bytes of
// sketch and group: about 140 bytes with the defaults (docs/curate.md, "Scale"). Deterministic:
// the same records in the same order give the same answers. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "curate/hash_table.h"

namespace stepwise::curate {

struct DedupOptions {
  bool exact = true;       // drop exact text duplicates
  bool near = true;        // drop MinHash near duplicates
  double threshold = 0.8;  // estimated Jaccard (0..1] at or above which records are near duplicates
  int shingle = 5;         // words per shingle
  int num_hashes = 128;    // MinHash bins (a multiple of 32)
  int bands = 8;           // LSH tables
  int rows = 0;            // bins per band; 0 = chosen from the threshold (rows_for())
  int bucket_cap = 8;      // ids kept per LSH bucket
  size_t expected = 0;     // records expected to be kept (presizes the tables; 0 = grow)
};

// Bins per band for `bands` bands at `threshold`: the largest r <= num_hashes / bands for which
// a pair at the threshold shares at least one band with probability 1-(1-t^r)^bands >= 0.98
// (4 rows for 8 bands at 0.8: 0.985); 1 when no r reaches it.
int rows_for(double threshold, int bands, int num_hashes);

// One-permutation MinHash with optimal densification: `bins` (num_hashes entries) from the
// shingle hashes. An empty shingle list gives all-zero bins.
void minhash_bins(const std::vector<uint64_t>& shingles, std::vector<uint32_t>& bins);

// The 2-bit-per-bin sketch of `bins`, packed 32 bins to a word.
std::vector<uint64_t> sketch_of(const std::vector<uint32_t>& bins);

// The Jaccard similarity estimated from two sketches of `num_hashes` bins (b-bit minwise
// hashing: (matches/n - 1/4) / (3/4), clamped to [0, 1]).
double sketch_similarity(const uint64_t* a, const uint64_t* b, int num_hashes);

class Deduper {
 public:
  // Error-free: options out of range are clamped (num_hashes to a multiple of 32 in [32, 1024],
  // bands * rows <= num_hashes).
  explicit Deduper(const DedupOptions& opts);
  ~Deduper();

  enum class Kind { kNew, kExact, kNear };
  struct Verdict {
    Kind kind = Kind::kNew;
    uint32_t other = 0;       // the kept record it duplicates (its number among kept records)
    double similarity = 1.0;  // estimated Jaccard for kNear, 1 for kExact
  };
  // Checks `text` against every record kept so far; a new record is kept (given the next
  // number, from 0) and indexed. `group` is the record's problem key.
  Verdict add(std::string_view text, uint64_t group);

  size_t kept() const { return kept_; }
  int bands() const { return bands_; }
  int rows() const { return rows_; }
  // Bytes held by the tables and sketches (what grows with the input).
  size_t memory_bytes() const;

 private:
  const uint64_t* sketch(uint32_t id) const;
  uint32_t group_of(uint32_t id) const;
  void store(const std::vector<uint64_t>& sketch, uint32_t group);

  DedupOptions opts_;
  int words_ = 4, bands_ = 8, rows_ = 4;
  size_t kept_ = 0;
  HashMap64 exact_;
  std::vector<BucketTable> lsh_;
  // Sketches and group tags in fixed blocks, so growing never copies what is stored.
  std::vector<std::unique_ptr<uint64_t[]>> sketch_blocks_;
  std::vector<std::unique_ptr<uint32_t[]>> group_blocks_;
  std::vector<uint32_t> bins_;  // scratch
};

}  // namespace stepwise::curate

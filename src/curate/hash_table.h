// hash_table.h: compact open-addressing tables of 64-bit keys, the memory-bounded core of
// deduplication and decontamination.
//
// HashMap64 maps 64-bit hashes to 32-bit values (12 bytes a slot); BucketTable holds (32-bit
// fingerprint, 32-bit id) pairs (8 bytes a slot) where one fingerprint may hold up to `cap` ids
// (MinHash LSH buckets). Both use linear probing over a slot count that is not a power of two (the
// index is a 128-bit multiply, so a table can be sized to exactly n / max_load), grow by 2x when
// over kMaxLoad, and report their memory. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace stepwise::curate {

inline constexpr double kMaxLoad = 0.75;

class HashMap64 {
 public:
  // `expected` presizes the table so that it holds that many keys without growing.
  explicit HashMap64(size_t expected = 0);
  // Maps `key` to `value` unless it is there already: nullopt when inserted, else the value
  // stored first (which is kept).
  std::optional<uint32_t> insert(uint64_t key, uint32_t value);
  // The value stored under `key`, or nullopt.
  std::optional<uint32_t> find(uint64_t key) const;
  size_t size() const { return size_; }
  size_t memory_bytes() const {
    return keys_.capacity() * sizeof(uint64_t) + values_.capacity() * sizeof(uint32_t);
  }

 private:
  size_t index(uint64_t key) const;
  void grow();
  std::vector<uint64_t> keys_;    // 0 = empty; key 0 is stored in zero_
  std::vector<uint32_t> values_;  // beside keys_
  size_t size_ = 0;
  std::optional<uint32_t> zero_;
};

class BucketTable {
 public:
  // `expected` entries without growing; at most `cap` ids are kept under one key.
  BucketTable(size_t expected, int cap);
  // Calls fn(id) for each id stored under `key`, and under any other key with the same high 32
  // bits (its fingerprint, which also places it: callers verify what they find); returns how
  // many it found.
  template <typename Fn>
  int find(uint64_t key, Fn&& fn) const;
  // Stores `id` under `key` unless `cap` ids are there already (found() is what find()
  // returned for this key). Ids must be < 2^32 - 1.
  void insert(uint64_t key, uint32_t id, int found);
  size_t size() const { return size_; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  size_t index(uint64_t key) const;
  void grow();
  std::vector<uint64_t> slots_;  // (fingerprint << 32) | (id + 1); 0 = empty
  size_t size_ = 0;
  int cap_;
};

template <typename Fn>
int BucketTable::find(uint64_t key, Fn&& fn) const {
  const auto fp = static_cast<uint32_t>(key >> 32);
  int n = 0;
  for (size_t i = index(key);; i = i + 1 == slots_.size() ? 0 : i + 1) {
    uint64_t s = slots_[i];
    if (s == 0) return n;
    if (static_cast<uint32_t>(s >> 32) == fp) {
      ++n;
      fn(static_cast<uint32_t>(s & 0xffffffffu) - 1);
    }
  }
}

}  // namespace stepwise::curate

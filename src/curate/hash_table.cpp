#include "curate/hash_table.h"

#include <algorithm>
#include <cmath>

#include "base/check.h"

namespace stepwise::curate {
namespace {

size_t slots_for(size_t expected) {
  return std::max<size_t>(
      16, static_cast<size_t>(std::ceil(static_cast<double>(expected) / kMaxLoad)) + 1);
}

}  // namespace

HashMap64::HashMap64(size_t expected) : keys_(slots_for(expected), 0), values_(keys_.size(), 0) {}

size_t HashMap64::index(uint64_t key) const {
  return static_cast<size_t>((static_cast<__uint128_t>(key) * keys_.size()) >> 64);
}

std::optional<uint32_t> HashMap64::find(uint64_t key) const {
  if (key == 0) return zero_;
  for (size_t i = index(key);; i = i + 1 == keys_.size() ? 0 : i + 1) {
    if (keys_[i] == key) return values_[i];
    if (keys_[i] == 0) return std::nullopt;
  }
}

std::optional<uint32_t> HashMap64::insert(uint64_t key, uint32_t value) {
  if (key == 0) {
    if (zero_) return zero_;
    zero_ = value;
    ++size_;
    return std::nullopt;
  }
  if (static_cast<double>(size_ + 1) > kMaxLoad * static_cast<double>(keys_.size())) grow();
  for (size_t i = index(key);; i = i + 1 == keys_.size() ? 0 : i + 1) {
    if (keys_[i] == key) return values_[i];
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = value;
      ++size_;
      return std::nullopt;
    }
  }
}

void HashMap64::grow() {
  std::vector<uint64_t> old_keys(keys_.size() * 2, 0);
  std::vector<uint32_t> old_values(old_keys.size(), 0);
  old_keys.swap(keys_);
  old_values.swap(values_);
  for (size_t j = 0; j < old_keys.size(); ++j) {
    if (old_keys[j] == 0) continue;
    size_t i = index(old_keys[j]);
    while (keys_[i] != 0) i = i + 1 == keys_.size() ? 0 : i + 1;
    keys_[i] = old_keys[j];
    values_[i] = old_values[j];
  }
}

BucketTable::BucketTable(size_t expected, int cap) : slots_(slots_for(expected), 0), cap_(cap) {
  SW_CHECK(cap >= 1);
}

size_t BucketTable::index(uint64_t key) const {
  // The fingerprint (the key's high half) both places and identifies an entry, so entries can
  // be moved when the table grows.
  return static_cast<size_t>(((key >> 32) * slots_.size()) >> 32);
}

void BucketTable::insert(uint64_t key, uint32_t id, int found) {
  SW_CHECK(id != 0xffffffffu);
  if (found >= cap_) return;
  if (static_cast<double>(size_ + 1) > kMaxLoad * static_cast<double>(slots_.size())) grow();
  size_t i = index(key);
  while (slots_[i] != 0) i = i + 1 == slots_.size() ? 0 : i + 1;
  slots_[i] = (key & 0xffffffff00000000ULL) | (static_cast<uint64_t>(id) + 1);
  ++size_;
}

void BucketTable::grow() {
  std::vector<uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  for (uint64_t e : old) {
    if (e == 0) continue;
    size_t i = index(e);
    while (slots_[i] != 0) i = i + 1 == slots_.size() ? 0 : i + 1;
    slots_[i] = e;
  }
}

}  // namespace stepwise::curate

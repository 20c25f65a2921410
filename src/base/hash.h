// hash.h: fast, stable 64-bit hashing of bytes (same value on every run and machine), used for
// content-derived ids, dedup keys and cache keys. Not cryptographic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepwise {

// A 64-bit hash of `data` under `seed`; stable across versions of stepwise (ids depend on it).
uint64_t hash64(std::string_view data, uint64_t seed = 0);

// Combines hashes order-sensitively.
inline uint64_t hash_combine(uint64_t h, uint64_t v) {
  return (h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2))) * 0xff51afd7ed558ccdULL;
}

// Lower-case hexadecimal, `digits` characters (most significant first, 1..16).
std::string to_hex(uint64_t v, int digits = 16);

}  // namespace stepwise

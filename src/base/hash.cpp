#include "base/hash.h"

#include <cstring>

namespace stepwise {
namespace {

inline uint64_t read64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t mix(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

constexpr uint64_t kP0 = 0xa0761d6478bd642fULL;
constexpr uint64_t kP1 = 0xe7037ed1a0b428dbULL;
constexpr uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;

}  // namespace

uint64_t hash64(std::string_view data, uint64_t seed) {
  const char* p = data.data();
  size_t n = data.size();
  uint64_t h = seed ^ kP0 ^ (static_cast<uint64_t>(n) * kP2);
  while (n >= 16) {
    h = mix(read64(p) ^ kP1, read64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = read64(p);
    p += 8;
    n -= 8;
  }
  for (size_t i = 0; i < n; ++i)
    b |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  h = mix(a ^ kP1 ^ h, b ^ kP2);
  return mix(h ^ kP0, h ^ kP1);
}

std::string to_hex(uint64_t v, int digits) {
  static const char* kHex = "0123456789abcdef";
  std::string out(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[v & 0xf];
    v >>= 4;
  }
  return out;
}

}  // namespace stepwise

#pragma once
// A Bloom filter of strings: "certainly not added" or "perhaps added". Sized for an expected
// number of entries at about 12 bits each (k = 6: under 1% false positives at that load).

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/hash.hpp"

namespace cf::core {

class BloomFilter {
 public:
  explicit BloomFilter(size_t expected) : bits_(std::max<size_t>(expected, 64) * 12 / 64 + 1) {}

  void Add(std::string_view s) {
    for (const uint64_t bit : Bits(s)) bits_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  bool MayContain(std::string_view s) const {
    for (const uint64_t bit : Bits(s)) {
      if ((bits_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return false;
    }
    return true;
  }
  size_t bytes() const { return bits_.size() * sizeof(uint64_t); }

 private:
  static constexpr int kHashes = 6;
  // Double hashing: h1 + i * h2, h2 made odd from a remix of h1.
  std::array<uint64_t, kHashes> Bits(std::string_view s) const {
    const uint64_t h1 = Fnv1a64(s);
    uint64_t h2 = h1 ^ (h1 >> 31);
    h2 *= 0x9e3779b97f4a7c15ULL;
    h2 |= 1;
    const uint64_t n = bits_.size() * 64;
    std::array<uint64_t, kHashes> out{};
    for (int i = 0; i < kHashes; ++i) out[i] = (h1 + static_cast<uint64_t>(i) * h2) % n;
    return out;
  }
  std::vector<uint64_t> bits_;
};

}  // namespace cf::core

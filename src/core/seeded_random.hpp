#pragma once
// Draws that a recorded seed repeats exactly: std::mt19937_64 is defined to the bit by the
// standard, but its distributions are not, so the two maps used by samples are written out here
// (dip samples, quality call-back lists).

#include <cstddef>
#include <cstdint>
#include <random>

namespace cf::core {

// Uniform in (0, 1).
inline double Uniform(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

// Uniform in [0, n), without modulo bias. n > 0.
inline size_t Below(std::mt19937_64& rng, size_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v = 0;
  do {
    v = rng();
  } while (v >= limit);
  return static_cast<size_t>(v % n);
}

// A fresh seed from the system's entropy, for a draw whose seed is then recorded.
inline uint64_t FreshSeed() {
  std::random_device device;
  return (uint64_t{device()} << 32) | device();
}

}  // namespace cf::core

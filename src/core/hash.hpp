#pragma once
// FNV-1a 64: a stable (across machines and versions) hash for content identity and for
// deterministic synthesis. Not for security.

#include <cstdint>
#include <string_view>

namespace cf::core {

inline uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace cf::core

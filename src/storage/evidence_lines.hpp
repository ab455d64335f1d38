#pragma once
// How every store keeps an indicator's evidence links: one text, one link a line. Reading it
// back drops empty links, and a link holding a line break comes back as two, in every backend.

#include <algorithm>
#include <string>
#include <vector>

namespace cf::storage {

inline std::string JoinEvidence(const std::vector<std::string>& links) {
  std::string out;
  for (const auto& l : links) out += (out.empty() ? "" : "\n") + l;
  return out;
}

inline std::vector<std::string> SplitEvidence(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace cf::storage

#include "core/embedded.hpp"

namespace cf::core {

std::optional<std::string_view> FindEmbedded(std::string_view path) {
  for (const auto& f : EmbeddedFiles()) {
    if (path == f.path) return std::string_view(f.text);
  }
  return std::nullopt;
}

}  // namespace cf::core

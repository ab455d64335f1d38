#pragma once
// Data files compiled into the binary (calendars, rule sets, policies) so that the product
// runs with no data directory. Each can be overridden by a file on the command line.

#include <optional>
#include <span>
#include <string_view>

namespace cf::core {

struct EmbeddedFile {
  const char* path;  // relative to the source root, e.g. "data/rulesets/code-2020.toml"
  const char* text;
};

std::span<const EmbeddedFile> EmbeddedFiles();

// The text of <path>, or nullopt when no such file was embedded.
std::optional<std::string_view> FindEmbedded(std::string_view path);

}  // namespace cf::core

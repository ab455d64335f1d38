#include "core/limits.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cf::core {

std::optional<std::string> TooLong(std::string_view label, std::string_view value, size_t limit) {
  if (value.size() <= limit) return std::nullopt;  // bytes >= characters
  const auto chars = static_cast<size_t>(std::count_if(value.begin(), value.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
  if (chars <= limit) return std::nullopt;
  // The label may be hostile (a form's field name): shown only when it is short.
  const std::string_view shown = label.size() <= 64 ? label : "a field";
  return fmt::format("{} is {} characters long; it may be at most {}", shown, chars, limit);
}

std::optional<std::string> JsonTooDeep(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth)
          return fmt::format("nested deeper than {} arrays and objects", max_depth);
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace cf::core

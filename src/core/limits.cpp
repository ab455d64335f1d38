#include "core/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace cf::core {

size_t FieldLimit(std::string_view name) {
  // Free text in the staff app's forms, the event forms (event_forms.cpp) and the API.
  static constexpr std::array<std::string_view, 14> kFreeText = {
      "action", "answer",  "charges", "conditions", "details", "notes",   "override_reason",
      "reason", "request", "summary", "text",       "update",  "message", "description"};
  const bool free_text = std::find(kFreeText.begin(), kFreeText.end(), name) != kFreeText.end() ||
                         name.starts_with("note-") || name.starts_with("evidence-");
  return free_text ? kTextChars : kFieldChars;
}

std::optional<std::string> FieldTooLong(std::string_view name, std::string_view value) {
  const size_t limit = FieldLimit(name);
  if (value.size() <= limit) return std::nullopt;  // bytes >= characters
  const auto chars = static_cast<size_t>(std::count_if(value.begin(), value.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
  if (chars <= limit) return std::nullopt;
  // The name itself may be hostile: name it only when it is short.
  const std::string_view shown = name.size() <= 64 ? name : "a field";
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

#pragma once
// UTF-8 checks for input read from files and requests: where text stops being valid UTF-8,
// and a copy safe to show or to write into JSON (which must be valid UTF-8).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cf::core {

// The offset of the first byte that does not begin a valid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF are invalid), or nullopt when all of it is valid.
std::optional<size_t> InvalidUtf8At(std::string_view text);

// `text` with each invalid byte replaced by U+FFFD, so that it can be shown and put in JSON.
std::string ValidUtf8(std::string_view text);

// Characters as a person counts them: UTF-8 code points, not bytes (ŵ is one).
size_t CharacterCount(std::string_view text);

// The first `characters` characters of `text` (all of it when shorter), never cutting one.
std::string TruncateCharacters(std::string_view text, size_t characters);

}  // namespace cf::core

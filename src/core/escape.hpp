#pragma once
// Escaping text for HTML and XML (SVG) output (& < > " and '), and for a URL's path segment.

#include <string>
#include <string_view>

namespace cf::core {

std::string EscapeMarkup(std::string_view text);

// Percent-encodes every byte but letters, digits, - _ and . ("O/1/24" -> "O%2F1%2F24").
std::string EscapePathSegment(std::string_view text);

}  // namespace cf::core

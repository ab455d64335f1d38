#pragma once
// Escaping text for HTML and XML (SVG) output: & < > " and '.

#include <string>
#include <string_view>

namespace cf::core {

std::string EscapeMarkup(std::string_view text);

}  // namespace cf::core

// The pure parsers declared in pages.hpp (forms, cookies), apart from the page rendering so that
// the fuzz targets (fuzz/http_params_fuzz.cpp) can build them without the server.
#include <algorithm>
#include <array>

#include "core/limits.hpp"
#include "http/pages.hpp"

namespace cf::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> FieldTooLong(std::string_view name, std::string_view value) {
  // Free text in the staff app's forms, the event forms' long-text fields (event_forms.cpp)
  // and the API.
  static constexpr std::array<std::string_view, 15> kFreeText = {
      "action", "answer",          "charges", "conditions",  "details",
      "notes",  "override_reason", "reason",  "request",     "summary",
      "text",   "update",          "message", "description", "findings"};
  const bool free_text = std::find(kFreeText.begin(), kFreeText.end(), name) != kFreeText.end() ||
                         name.starts_with("note-") || name.starts_with("evidence-");
  return core::TooLong(name, value, free_text ? core::kTextChars : core::kFieldChars);
}

std::string FormValue(const std::map<std::string, std::string>& form, std::string_view name) {
  const auto it = form.find(std::string(name));
  return it == form.end() ? std::string() : it->second;
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos) out[Decode(pair.substr(0, eq))] = Decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> out;
  while (!header.empty()) {
    const size_t semi = header.find(';');
    const std::string_view pair = Trim(header.substr(0, semi));
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos)
      out[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return out;
}

}  // namespace cf::http

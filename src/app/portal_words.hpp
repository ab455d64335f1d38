#pragma once
// The portal's words in English and Welsh (issue 15): data/portal/en.toml and cy.toml, compiled
// in, with the same keys ("section.name"). Pages take them as [[section.name]]
// (http::RenderPortal); the code through PortalWords and PortalSay. A person reads the portal
// in the language they chose with its switch, else their recorded language, else English.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf::app {

// "cy" for Welsh ("cy", "welsh", "cymraeg" in any case), else "en".
std::string PortalLanguage(std::string_view language);

// The words of `key` in `lang` ("en" or "cy"; any other is English). Throws std::logic_error for
// a key neither catalogue holds (a programming error: a test renders every page and phrase).
const std::string& PortalWords(std::string_view lang, std::string_view key);

// PortalWords with each {name} replaced by its value, as given (the page escapes it).
std::string PortalSay(std::string_view lang, std::string_view key,
                      std::initializer_list<std::pair<std::string_view, std::string>> values);

// A crime type as the page names it in `lang`: data.police.uk's categories are translated; any
// other is shown as recorded.
std::string PortalCrimeType(std::string_view lang, const std::string& crime_type);

// Every key of a language's catalogue, sorted (for the tests that keep the two alike).
std::vector<std::string> PortalWordKeys(std::string_view lang);

}  // namespace cf::app

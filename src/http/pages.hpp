#pragma once
// Server-rendered HTML: logic-less mustache templates (web/templates, compiled in) with
// every {{value}} escaped, the GOV.UK layout around them, and the form and cookie parsing
// the pages need. Works without JavaScript.

#include <map>
#include <mstch/mstch.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "storage/account_store.hpp"

namespace cf::http {

// Renders web/templates/<name>.mustache. REQUIRES: the template was compiled in.
std::string Render(const std::string& name, const mstch::map& context);

// A portal template (web/templates/portal_*.mustache) with each [[section.key]] replaced by its
// words in `lang` (app::PortalWords: "en" or "cy"), made once per template and language. The
// words may hold {{value}}s of the page's and trusted markup (a link). Throws std::logic_error
// for a template not compiled in or a key neither catalogue holds.
const std::string& PortalTemplate(const std::string& name, std::string_view lang);
// Renders PortalTemplate(name, lang).
std::string RenderPortal(const std::string& name, std::string_view lang, const mstch::map& context);

// A whole page: the layout with `content` (already rendered) in its main element. `user`
// null: signed out (no navigation); otherwise its role decides which links the navigation
// offers, and `csrf` is its session's token for the sign-out form.
std::string Page(const std::string& title, const std::string& content,
                 const storage::User* user = nullptr, const std::string& csrf = "");

// application/x-www-form-urlencoded; later fields of the same name win.
std::map<std::string, std::string> ParseForm(std::string_view body);
// A posted field's value, or "" when the form has none.
std::string FormValue(const std::map<std::string, std::string>& form, std::string_view name);
std::map<std::string, std::string> ParseCookies(std::string_view header);

// Why a posted field's value is refused: longer than core::kTextChars for the free-text fields
// (notes, reasons, summaries, answers, template text; the event forms' long-text fields) or
// core::kFieldChars for any other. nullopt: within its limit.
std::optional<std::string> FieldTooLong(std::string_view name, std::string_view value);

// The page a browser is shown for an address nothing answers (GOV.UK's "Page not found").
std::string NotFoundPage();

// `css` without its @font-face rules (and so without the font files they would fetch).
std::string WithoutFontFaces(std::string_view css);

// A stylesheet served at /assets/<name>, or nullopt.
std::optional<std::string_view> Asset(std::string_view name);

}  // namespace cf::http

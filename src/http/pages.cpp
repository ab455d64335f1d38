#include "http/pages.hpp"

#include <mutex>
#include <stdexcept>

#include "app/access.hpp"
#include "app/dip_sampling.hpp"
#include "app/measures.hpp"
#include "app/portal_words.hpp"
#include "app/quality_calls.hpp"
#include "app/survey.hpp"
#include "core/embedded.hpp"

namespace cf::http {

std::string Render(const std::string& name, const mstch::map& context) {
  const auto text = core::FindEmbedded("web/templates/" + name + ".mustache");
  if (!text) throw std::logic_error("template missing from the binary: " + name);
  // Partials any template may include: {{> notices}} (the success banner and error summary)
  // {{> pagination}} (HandlerBase::Pagination's map) and {{> navigation}} (the layout's links,
  // shown twice: in the header on a wide screen, in a menu that opens on a phone).
  static const std::map<std::string, std::string> partials = {
      {"notices", std::string(core::FindEmbedded("web/templates/notices.mustache").value_or(""))},
      {"navigation",
       std::string(core::FindEmbedded("web/templates/navigation.mustache").value_or(""))},
      {"pagination",
       std::string(core::FindEmbedded("web/templates/pagination.mustache").value_or(""))}};
  return mstch::render(std::string(*text), context, partials);
}

const std::string& PortalTemplate(const std::string& name, std::string_view lang) {
  static std::mutex lock;
  static std::map<std::string, std::string, std::less<>> made;  // "<name>/<lang>": never erased
  const std::string language = lang == "cy" ? "cy" : "en";
  const std::string id = name + "/" + language;
  const std::lock_guard<std::mutex> guard(lock);
  if (const auto it = made.find(id); it != made.end()) return it->second;
  const auto text = core::FindEmbedded("web/templates/" + name + ".mustache");
  if (!text) throw std::logic_error("template missing from the binary: " + name);
  std::string out;
  size_t from = 0;
  for (size_t open = text->find("[["); open != std::string_view::npos;
       open = text->find("[[", from)) {
    const size_t close = text->find("]]", open);
    if (close == std::string_view::npos) break;
    out.append(text->substr(from, open - from));
    out += app::PortalWords(language, text->substr(open + 2, close - open - 2));
    from = close + 2;
  }
  out.append(text->substr(from));
  // Without each line's indentation, which the page does not need and mstch, which parses the
  // text on every render, would otherwise walk through.
  std::string lean;
  lean.reserve(out.size());
  bool line_start = true;
  for (const char c : out) {
    if (line_start && (c == ' ' || c == '\t')) continue;
    lean += c;
    line_start = c == '\n';
  }
  return made.emplace(id, std::move(lean)).first->second;
}

std::string RenderPortal(const std::string& name, std::string_view lang,
                         const mstch::map& context) {
  return mstch::render(PortalTemplate(name, lang), context);
}

std::string Page(const std::string& title, const std::string& content, const storage::User* user,
                 const std::string& csrf) {
  mstch::map context{{"title", title}, {"content", content}};
  if (user != nullptr) {
    // The links each role's navigation offers follow app/access.hpp's rights.
    const storage::User& who = *user;
    context["user"] = mstch::map{
        {"name", who.name},
        {"csrf", csrf},
        {"is_admin", app::MayAdminister(who)},
        {"may_rota", app::MayAdminister(who) || app::HasRole(who, domain::StaffRole::kSupervisor)},
        {"may_assess", app::MayViewAssessments(who)},
        {"may_dip_sample", app::MayDipSample(who, who.unit)},
        {"may_quality_call", app::MayMakeQualityCalls(who)},
        {"may_measures", app::MayViewMeasures(who)},
        {"may_survey", app::MayAnalyseSurvey(who)},
        {"may_compliance", app::MayViewCompliance(who)},
        {"may_search", app::MaySeePeople(who)}};
  }
  return Render("layout", context);
}

std::string NotFoundPage() {
  return Page("Page not found",
              "<h1 class=\"govuk-heading-l\">Page not found</h1>"
              "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>"
              "<p class=\"govuk-body\">If you pasted the web address, check you copied the "
              "entire address.</p>"
              "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the start "
              "page</a></p>");
}

std::string WithoutFontFaces(std::string_view css) {
  constexpr std::string_view kRule = "@font-face{";
  std::string out;
  size_t from = 0;
  for (size_t at = css.find(kRule); at != std::string_view::npos; at = css.find(kRule, from)) {
    const size_t end = css.find('}', at);
    if (end == std::string_view::npos) break;
    out.append(css.substr(from, at - from));
    from = end + 1;
  }
  out.append(css.substr(from));
  return out;
}

std::optional<std::string_view> Asset(std::string_view name) {
  if (name == "govuk-frontend.min.css") {
    // GDS Transport is licensed for GOV.UK services only: without its @font-face rules the
    // pages use GOV.UK Frontend's fallback (arial, sans-serif) and ask for no font files.
    static const std::optional<std::string> css = []() -> std::optional<std::string> {
      const auto text =
          core::FindEmbedded("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css");
      if (!text) return std::nullopt;
      return WithoutFontFaces(*text);
    }();
    if (!css) return std::nullopt;
    return *css;
  }
  if (name == "moj-frontend.min.css") {
    return core::FindEmbedded("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css");
  }
  if (name == "citizen-focus.css") return core::FindEmbedded("web/assets/citizen-focus.css");
  return std::nullopt;
}

}  // namespace cf::http

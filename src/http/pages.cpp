#include "http/pages.hpp"

#include <stdexcept>

#include "app/access.hpp"
#include "core/embedded.hpp"

namespace cf::http {

std::string Render(const std::string& name, const mstch::map& context) {
  const auto text = core::FindEmbedded("web/templates/" + name + ".mustache");
  if (!text) throw std::logic_error("template missing from the binary: " + name);
  // Partials any template may include: {{> notices}} (the success banner and error summary).
  static const std::map<std::string, std::string> partials = {
      {"notices", std::string(core::FindEmbedded("web/templates/notices.mustache").value_or(""))}};
  return mstch::render(std::string(*text), context, partials);
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
        {"may_assess", app::MayViewAssessments(who)}};
  }
  return Render("layout", context);
}

std::optional<std::string_view> Asset(std::string_view name) {
  if (name == "govuk-frontend.min.css") {
    return core::FindEmbedded("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css");
  }
  if (name == "moj-frontend.min.css") {
    return core::FindEmbedded("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css");
  }
  if (name == "citizen-focus.css") return core::FindEmbedded("web/assets/citizen-focus.css");
  return std::nullopt;
}

}  // namespace cf::http

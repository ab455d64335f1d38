// The force's settings and the audit log, for admins. Every change is audited, and so is every
// look at the audit log.
#include <regex>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "app/staff_admin.hpp"
#include "core/embedded.hpp"
#include "core/london_time.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::http {

// --- force settings ---

request_handling_status_t SettingsHandlers::SettingsPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  mstch::array settings;
  for (const auto& spec : app::ForceSettings()) {
    const std::string value =
        form.count(spec.key) ? form.at(spec.key) : app::SettingValue(s_.cases, spec.key);
    mstch::array choices;
    for (size_t i = 0; i < spec.choices.size(); ++i) {
      choices.push_back(mstch::map{{"id", spec.key + "-" + spec.choices[i]},
                                   {"key", spec.key},
                                   {"value", spec.choices[i]},
                                   {"label", spec.choice_labels[i]},
                                   {"checked", spec.choices[i] == value}});
    }
    settings.push_back(mstch::map{{"key", spec.key},
                                  {"label", spec.label},
                                  {"hint", spec.hint},
                                  {"value", value},
                                  {"free_text", spec.choices.empty()},
                                  {"choices", choices}});
  }
  auto context = AdminContext(rc, message, problems);
  context["settings"] = settings;
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Force settings" : "Error: force settings",
                Render("admin_settings", context)));
}

request_handling_status_t SettingsHandlers::SettingsForm(RequestContext& rc,
                                                         const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);  // audits a refusal as denied_admin, as every admin form does
  std::map<std::string, std::string> values;
  for (const auto& spec : app::ForceSettings()) values[spec.key] = FormValue(form, spec.key);
  std::vector<std::string> problems;
  const auto changed = app::ChangeSettingsAs(s_, ActorOf(rc), values, problems);
  if (!changed && changed.error().code == core::ErrorCode::kInvalidArgument)
    return SettingsPage(rc, req, form, "", problems);
  if (!changed) throw ProblemFor(changed.error(), "Settings not changed");
  return Redirect(req, "/admin/settings?done=saved");
}

// --- audit log ---

request_handling_status_t SettingsHandlers::AuditPage(RequestContext& rc,
                                                      const request_handle_t& req) {
  RequireAdmin(rc);
  const std::string who = Query(req, "user").substr(0, 100);
  const std::string crime = Query(req, "crime").substr(0, 100);
  mstch::array entries;
  const auto found = app::SearchAuditAs(s_, ActorOf(rc), who, crime, 500);
  if (!found) throw ProblemFor(found.error(), "");
  for (const auto& e : *found) {
    entries.push_back(mstch::map{{"at", e.at},
                                 {"user", e.user},
                                 {"action", e.action},
                                 {"crime", e.crime},
                                 {"detail", e.detail},
                                 {"source", e.source}});
  }
  mstch::map context{{"user_filter", who},
                     {"crime_filter", crime},
                     {"entries", entries},
                     {"count", std::to_string(entries.size())}};
  return SendHtml(req, restinio::status_ok(), StaffPage(rc, "Audit log", Render("audit", context)));
}

}  // namespace cf::http

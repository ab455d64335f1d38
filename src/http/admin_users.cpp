// Staff accounts and units, for admins. Every change is audited.
#include "app/access.hpp"
#include "app/sign_in.hpp"
#include "app/staff_admin.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

const std::vector<std::pair<std::string, std::string>> kRoles = {
    {"officer", "Officer in case"},
    {"supervisor", "Supervisor (sergeant)"},
    {"bureau", "Re-contact bureau"},
    {"analyst", "Analyst"},
    {"admin", "Administrator"},
    {"partner", "Partner agency's system (Victim Support: API only)"},
    {"wcu", "Witness Care Unit"}};

mstch::array RoleOptions(const std::string& selected) {
  mstch::array out;
  for (const auto& [value, label] : kRoles)
    out.push_back(mstch::map{{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

mstch::array UnitOptions(const std::vector<storage::Unit>& units, const std::string& selected) {
  mstch::array out;
  for (const auto& u : units)
    out.push_back(mstch::map{{"id", u.id}, {"name", u.name}, {"selected", u.id == selected}});
  return out;
}

}  // namespace

// --- staff accounts ---

request_handling_status_t StaffAdminHandlers::UsersPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  mstch::array rows;
  const auto staff = app::ListStaffAs(s_, ActorOf(rc));
  if (!staff) throw ProblemFor(staff.error(), "");
  const auto& users = staff->users;
  for (const auto& u : users) {
    rows.push_back(mstch::map{{"name", u.name},
                              {"role", std::string(domain::Name(u.role))},
                              {"unit", u.unit},
                              {"officer", u.officer},
                              {"disabled", u.disabled},
                              {"locked", app::IsLocked(s_, u)}});
  }
  auto context = AdminContext(rc, message, problems);
  context["users"] = rows;
  context["count"] = std::to_string(users.size());
  context["roles"] =
      RoleOptions(FormValue(form, "role").empty() ? "officer" : FormValue(form, "role"));
  context["units"] = UnitOptions(staff->units, FormValue(form, "unit"));
  context["form_name"] = FormValue(form, "name");
  context["form_officer"] = FormValue(form, "officer");
  for (const char* f : {"full_name", "collar", "phone", "email"})
    context[std::string("form_") + f] = FormValue(form, f);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Staff" : "Error: staff", Render("admin_users", context)));
}

request_handling_status_t StaffAdminHandlers::AddUserForm(RequestContext& rc,
                                                          const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);
  app::StaffAccount u;
  u.name = FormValue(form, "name");
  u.role = FormValue(form, "role");
  u.unit = FormValue(form, "unit");
  u.officer = FormValue(form, "officer");
  u.full_name = FormValue(form, "full_name");
  u.collar = FormValue(form, "collar");
  u.phone = FormValue(form, "phone");
  u.email = FormValue(form, "email");
  return WithPassword(rc, req, FormValue(form, "password"),
                      [this, req, form, u](RequestContext& rc, const app::NewPassword& password) {
                        std::vector<std::string> problems;
                        const auto added = app::AddUserAs(s_, ActorOf(rc), u, password, problems);
                        if (!problems.empty()) return UsersPage(rc, req, form, "", problems);
                        if (!added) throw ProblemFor(added.error(), "Account not added");
                        return Redirect(req, "/admin/users?done=added");
                      });
}

request_handling_status_t StaffAdminHandlers::UserPage(RequestContext& rc,
                                                       const request_handle_t& req,
                                                       const std::string& name,
                                                       const std::string& message,
                                                       const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const auto u = app::ViewStaffMemberAs(s_, ActorOf(rc), name);
  if (!u) throw ProblemFor(u.error(), "");
  auto context = AdminContext(rc, message, problems);
  context["name"] = u->name;
  context["roles"] = RoleOptions(std::string(domain::Name(u->role)));
  context["units"] = UnitOptions(s_.accounts.Units(), u->unit);
  context["officer"] = u->officer;
  context["disabled"] = u->disabled;
  context["form_full_name"] = u->full_name;
  context["form_collar"] = u->collar;
  context["form_phone"] = u->phone;
  context["form_email"] = u->email;
  context["locked"] = app::IsLocked(s_, *u);
  context["locked_until"] = LondonTimeText(u->locked_until);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + u->name, Render("admin_user", context)));
}

request_handling_status_t StaffAdminHandlers::UpdateUserForm(RequestContext& rc,
                                                             const request_handle_t& req,
                                                             const std::string& name) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);
  app::StaffAccount changed;
  changed.name = name;
  changed.role = FormValue(form, "role");
  changed.unit = FormValue(form, "unit");
  changed.officer = FormValue(form, "officer");
  changed.disabled = FormValue(form, "disabled") == "yes";
  changed.full_name = FormValue(form, "full_name");
  changed.collar = FormValue(form, "collar");
  changed.phone = FormValue(form, "phone");
  changed.email = FormValue(form, "email");
  return WithPassword(
      rc, req, FormValue(form, "password"),
      [this, req, name, changed](RequestContext& rc, const app::NewPassword& password) {
        std::vector<std::string> problems;
        const auto updated = app::UpdateUserAs(s_, ActorOf(rc), changed, password, problems);
        if (!problems.empty()) return UserPage(rc, req, name, "", problems);
        if (!updated) throw ProblemFor(updated.error(), "Account not changed");
        return Redirect(req, "/admin/users/" + name + "?done=saved");
      });
}

request_handling_status_t StaffAdminHandlers::WithPassword(RequestContext& rc,
                                                           const request_handle_t& req,
                                                           const std::string& password,
                                                           WithHash then) {
  if (password.empty()) return then(rc, {});
  const bool queued = offload_.Run(
      [password] { return app::PreparePassword(password); },
      [this, req, rc, then = std::move(then)](std::optional<app::NewPassword> hashed) mutable {
        ResumeHtml(rc, req, [&](RequestContext& done) {
          if (!hashed) {
            throw ServiceUnavailable("The password could not be set", "Try again in a minute.");
          }
          // A tenth of a second has passed: the session and the admin's account are read again
          // (signed out, disabled or no longer an admin meanwhile: nothing is changed).
          done.user.reset();
          done.session.reset();
          if (!SignedIn(done, req)) return Redirect(req, "/login");
          RequireAdmin(done);
          return then(done, *hashed);
        });
      });
  if (!queued) {
    throw ServiceUnavailable("Too many passwords are being set", "Wait a moment and try again.");
  }
  return restinio::request_accepted();
}

// --- units ---

request_handling_status_t StaffAdminHandlers::UnitsPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const auto list = app::ListUnitsAs(s_, ActorOf(rc));
  if (!list) throw ProblemFor(list.error(), "");
  std::map<std::string, int> staff;
  for (const auto& u : list->users) ++staff[u.unit];
  mstch::array rows;
  for (const auto& u : list->units) {
    rows.push_back(
        mstch::map{{"id", u.id},
                   {"name", u.name},
                   {"bcu", u.bcu},
                   {"kind", std::string(u.kind == "wcu" ? "Witness Care Unit" : "Police team")},
                   {"staff", std::to_string(staff[u.id])}});
  }
  auto context = AdminContext(rc, message, problems);
  context["units"] = rows;
  context["form_id"] = FormValue(form, "id");
  context["form_name"] = FormValue(form, "name");
  context["form_bcu"] = FormValue(form, "bcu");
  context["form_wcu"] = FormValue(form, "kind") == "wcu";
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, problems.empty() ? "Units" : "Error: units", Render("admin_units", context)));
}

request_handling_status_t StaffAdminHandlers::AddUnitForm(RequestContext& rc,
                                                          const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireAdmin(rc);
  const std::string kind = FormValue(form, "kind");
  const storage::Unit unit{FormValue(form, "id"), FormValue(form, "name"), FormValue(form, "bcu"),
                           kind.empty() ? "police" : kind};
  std::vector<std::string> problems;
  const auto added = app::AddUnitAs(s_, ActorOf(rc), unit, problems);
  if (!problems.empty()) return UnitsPage(rc, req, form, "", problems);
  if (!added) throw ProblemFor(added.error(), "Unit not added");
  return Redirect(req, "/admin/units?done=added");
}

}  // namespace cf::http

// Staff accounts and units, for admins. Every change is audited.
#include <regex>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "core/embedded.hpp"
#include "core/london_time.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"
#include "notify/readability.hpp"
#include "notify/sms.hpp"

namespace cf::http {

namespace {

const std::vector<std::pair<std::string, std::string>> kRoles = {
    {"officer", "Officer in case"},
    {"supervisor", "Supervisor (sergeant)"},
    {"bureau", "Re-contact bureau"},
    {"analyst", "Analyst"},
    {"admin", "Administrator"},
    {"partner", "Partner agency's system (Victim Support: API only)"}};

constexpr size_t kMinPasswordLength = 12;  // NCSC: length over complexity rules

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

bool HasUnit(const std::vector<storage::Unit>& units, const std::string& id) {
  return std::any_of(units.begin(), units.end(),
                     [&](const storage::Unit& u) { return u.id == id; });
}

}  // namespace

// --- staff accounts ---

request_handling_status_t StaffAdminHandlers::UsersPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const std::string now = UtcPlus(0);
  mstch::array rows;
  const auto users = s_.accounts.Users();
  for (const auto& u : users) {
    rows.push_back(mstch::map{{"name", u.name},
                              {"role", u.role},
                              {"unit", u.unit},
                              {"officer", u.officer},
                              {"disabled", u.disabled},
                              {"locked", !u.locked_until.empty() && u.locked_until > now}});
  }
  auto context = AdminContext(rc, message, problems);
  context["users"] = rows;
  context["count"] = std::to_string(users.size());
  context["roles"] =
      RoleOptions(FormValue(form, "role").empty() ? "officer" : FormValue(form, "role"));
  context["units"] = UnitOptions(s_.accounts.Units(), FormValue(form, "unit"));
  context["form_name"] = FormValue(form, "name");
  context["form_officer"] = FormValue(form, "officer");
  for (const char* f : {"full_name", "collar", "phone", "email"})
    context[std::string("form_") + f] = FormValue(form, f);
  Audit(rc, "viewed_staff", "", "");
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
  static const std::regex kName("[a-z0-9][a-z0-9._-]{1,63}");
  storage::User u;
  u.name = FormValue(form, "name");
  u.role = FormValue(form, "role");
  u.unit = FormValue(form, "unit");
  u.officer = FormValue(form, "officer");
  u.full_name = FormValue(form, "full_name");
  u.collar = FormValue(form, "collar");
  u.phone = FormValue(form, "phone");
  u.email = FormValue(form, "email");
  const std::string password = FormValue(form, "password");
  std::vector<std::string> problems;
  if (!std::regex_match(u.name, kName))
    problems.push_back("Sign-in name: use 2 to 64 lower-case letters, digits, dots or dashes");
  if (!app::IsKnownRole(u.role)) problems.push_back("Role: choose one of the roles");
  if (!HasUnit(s_.accounts.Units(), u.unit))
    problems.push_back("Unit: choose one of the units (add it first on the Units page)");
  if ((app::HasRole(u, domain::StaffRole::kOfficer) ||
       app::HasRole(u, domain::StaffRole::kSupervisor)) &&
      u.officer.empty()) {
    problems.push_back(
        "Officer id on cases: officers and supervisors need one, for example PC1234");
  }
  if (password.size() < kMinPasswordLength)
    problems.push_back("First password: use at least 12 characters");
  if (problems.empty()) {
    u.password_hash = auth::HashPassword(password);
    if (!s_.accounts.AddUser(u))
      problems.push_back("Sign-in name: " + u.name + " is already taken");
  }
  if (!problems.empty()) return UsersPage(rc, req, form, "", problems);
  Audit(rc, "added_user", "", fmt::format("{} ({}, unit {})", u.name, u.role, u.unit));
  return Redirect(req, "/admin/users?done=added");
}

request_handling_status_t StaffAdminHandlers::UserPage(RequestContext& rc,
                                                       const request_handle_t& req,
                                                       const std::string& name,
                                                       const std::string& message,
                                                       const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  const auto u = s_.accounts.FindUser(name);
  if (!u) throw NotFound("no member of staff " + name);
  auto context = AdminContext(rc, message, problems);
  context["name"] = u->name;
  context["roles"] = RoleOptions(u->role);
  context["units"] = UnitOptions(s_.accounts.Units(), u->unit);
  context["officer"] = u->officer;
  context["disabled"] = u->disabled;
  context["form_full_name"] = u->full_name;
  context["form_collar"] = u->collar;
  context["form_phone"] = u->phone;
  context["form_email"] = u->email;
  context["locked"] = !u->locked_until.empty() && u->locked_until > UtcPlus(0);
  context["locked_until"] = LondonTimeText(u->locked_until);
  Audit(rc, "viewed_user", "", name);
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
  auto u = s_.accounts.FindUser(name);
  if (!u) throw NotFound("no member of staff " + name);
  storage::User changed = *u;
  changed.role = FormValue(form, "role");
  changed.unit = FormValue(form, "unit");
  changed.officer = FormValue(form, "officer");
  changed.disabled = FormValue(form, "disabled") == "yes";
  changed.full_name = FormValue(form, "full_name");
  changed.collar = FormValue(form, "collar");
  changed.phone = FormValue(form, "phone");
  changed.email = FormValue(form, "email");
  const std::string password = FormValue(form, "password");
  std::vector<std::string> problems;
  if (!app::IsKnownRole(changed.role)) problems.push_back("Role: choose one of the roles");
  if (!HasUnit(s_.accounts.Units(), changed.unit))
    problems.push_back("Unit: choose one of the units");
  if ((app::HasRole(changed, domain::StaffRole::kOfficer) ||
       app::HasRole(changed, domain::StaffRole::kSupervisor)) &&
      changed.officer.empty()) {
    problems.push_back("Officer id on cases: officers and supervisors need one");
  }
  if (!password.empty() && password.size() < kMinPasswordLength)
    problems.push_back("New password: use at least 12 characters");
  if (u->name == rc.user->name &&
      (changed.disabled || !app::HasRole(changed, domain::StaffRole::kAdmin))) {
    problems.push_back("You cannot take away your own admin access: ask another administrator");
  }
  if (!problems.empty()) return UserPage(rc, req, name, "", problems);
  s_.accounts.UpdateUser(changed);
  std::string what =
      fmt::format("{}: role {}, unit {}, officer {}{}", name, changed.role, changed.unit,
                  changed.officer, changed.disabled ? ", disabled" : "");
  if (!password.empty()) {
    s_.accounts.SetPassword(u->id, auth::HashPassword(password));
    what += ", new password";  // never the password itself
  }
  Audit(rc, "changed_user", "", what);
  return Redirect(req, "/admin/users/" + name + "?done=saved");
}

// --- units ---

request_handling_status_t StaffAdminHandlers::UnitsPage(
    RequestContext& rc, const request_handle_t& req, const std::map<std::string, std::string>& form,
    const std::string& message, const std::vector<std::string>& problems) {
  RequireAdmin(rc);
  std::map<std::string, int> staff;
  for (const auto& u : s_.accounts.Users()) ++staff[u.unit];
  mstch::array rows;
  for (const auto& u : s_.accounts.Units()) {
    rows.push_back(mstch::map{
        {"id", u.id}, {"name", u.name}, {"bcu", u.bcu}, {"staff", std::to_string(staff[u.id])}});
  }
  auto context = AdminContext(rc, message, problems);
  context["units"] = rows;
  context["form_id"] = FormValue(form, "id");
  context["form_name"] = FormValue(form, "name");
  context["form_bcu"] = FormValue(form, "bcu");
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
  static const std::regex kId("[A-Za-z0-9_-]{1,16}");
  const storage::Unit unit{FormValue(form, "id"), FormValue(form, "name"), FormValue(form, "bcu")};
  std::vector<std::string> problems;
  if (!std::regex_match(unit.id, kId))
    problems.push_back("Unit code: use 1 to 16 letters, digits, dashes or underscores");
  if (unit.name.empty()) problems.push_back("Name: give the unit a name");
  if (problems.empty() && !s_.accounts.AddUnit(unit))
    problems.push_back("Unit code: " + unit.id + " already exists");
  if (!problems.empty()) return UnitsPage(rc, req, form, "", problems);
  Audit(rc, "added_unit", "", fmt::format("{} ({}, BCU {})", unit.id, unit.name, unit.bcu));
  return Redirect(req, "/admin/units?done=added");
}

}  // namespace cf::http

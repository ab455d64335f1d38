// Admin pages (staff accounts, units, the audit log) and the rota (shifts and leave), which
// a unit's supervisors keep for their own unit. Every change is audited, and so is every look
// at the audit log.
#include <regex>

#include "app/access.hpp"
#include "app/force_settings.hpp"
#include "core/embedded.hpp"
#include "core/london_time.hpp"
#include "http/api.hpp"
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
constexpr int kMaxShiftMinutes = 16 * 60;

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

// Minutes after midnight of "HH:MM", or -1.
int Minutes(const std::string& t) {
  static const std::regex kClock("([01][0-9]|2[0-3]):([0-5][0-9])");
  std::smatch m;
  if (!std::regex_match(t, m, kClock)) return -1;
  return std::stoi(m[1]) * 60 + std::stoi(m[2]);
}

std::string Clock(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60 % 24, minutes % 60);
}

// "Fri 27 Nov 2026, 07:00 to 17:00" from London wall-clock "YYYY-MM-DDTHH:MM" strings.
std::string ShiftText(const storage::Shift& s) {
  const auto start = core::Date::Parse(s.starts_at.substr(0, 10));
  if (!start || s.starts_at.size() < 16 || s.ends_at.size() < 16)
    return s.starts_at + " to " + s.ends_at;
  const bool next_day = s.ends_at.substr(0, 10) != s.starts_at.substr(0, 10);
  return fmt::format("{}, {} to {}{}", start->ToLongString(), s.starts_at.substr(11, 5),
                     s.ends_at.substr(11, 5), next_day ? " next day" : "");
}

}  // namespace

std::string Api::DoneMessage(const request_handle_t& req) {
  static const std::map<std::string, std::string> kMessages = {
      {"added", "Added."},
      {"saved", "Saved."},
      {"shift_added", "Shift added."},
      {"shift_removed", "Shift removed."},
      {"leave_added",
       "Leave recorded. Cases falling due while they are away are flagged on the team page."},
      {"leave_cancelled", "Leave cancelled."},
      {"imported", "Imported."},
      {"unchanged", "This assessment was already stored with the same scores: nothing changed."}};
  const auto it = kMessages.find(Query(req, "done"));
  return it == kMessages.end() ? std::string() : it->second;
}

std::string Api::StaffPage(const std::string& title, const std::string& content) const {
  return Page(title, content, user_->name, session_->csrf, user_->role);
}

void Api::RequireAdmin() {
  if (!app::MayAdminister(*user_)) {
    Audit("denied_admin", "", "");
    throw Forbidden("this page is for administrators");
  }
}

mstch::map Api::AdminContext(const std::string& message,
                             const std::vector<std::string>& problems) const {
  mstch::map context{{"csrf", session_->csrf}};
  if (!message.empty()) context["message"] = message;
  if (!problems.empty()) {
    mstch::array list;
    for (const auto& p : problems) list.push_back(p);
    context["problem"] = true;
    context["problems"] = list;
  }
  return context;
}

// --- staff accounts ---

request_handling_status_t Api::UsersPage(const request_handle_t& req,
                                         const std::map<std::string, std::string>& form,
                                         const std::string& message,
                                         const std::vector<std::string>& problems) {
  RequireAdmin();
  const std::string now = UtcPlus(0);
  mstch::array rows;
  const auto users = accounts_->Users();
  for (const auto& u : users) {
    rows.push_back(mstch::map{{"name", u.name},
                              {"role", u.role},
                              {"unit", u.unit},
                              {"officer", u.officer},
                              {"disabled", u.disabled},
                              {"locked", !u.locked_until.empty() && u.locked_until > now}});
  }
  auto context = AdminContext(message, problems);
  context["users"] = rows;
  context["count"] = std::to_string(users.size());
  context["roles"] =
      RoleOptions(FormValue(form, "role").empty() ? "officer" : FormValue(form, "role"));
  context["units"] = UnitOptions(accounts_->Units(), FormValue(form, "unit"));
  context["form_name"] = FormValue(form, "name");
  context["form_officer"] = FormValue(form, "officer");
  for (const char* f : {"full_name", "collar", "phone", "email"})
    context[std::string("form_") + f] = FormValue(form, f);
  Audit("viewed_staff", "", "");
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage(problems.empty() ? "Staff" : "Error: staff", Render("admin_users", context)));
}

request_handling_status_t Api::AddUserForm(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireAdmin();
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
  if (!HasUnit(accounts_->Units(), u.unit))
    problems.push_back("Unit: choose one of the units (add it first on the Units page)");
  if ((u.role == "officer" || u.role == "supervisor") && u.officer.empty()) {
    problems.push_back(
        "Officer id on cases: officers and supervisors need one, for example PC1234");
  }
  if (password.size() < kMinPasswordLength)
    problems.push_back("First password: use at least 12 characters");
  if (problems.empty()) {
    u.password_hash = auth::HashPassword(password);
    if (!accounts_->AddUser(u)) problems.push_back("Sign-in name: " + u.name + " is already taken");
  }
  if (!problems.empty()) return UsersPage(req, form, "", problems);
  Audit("added_user", "", fmt::format("{} ({}, unit {})", u.name, u.role, u.unit));
  return Redirect(req, "/admin/users?done=added");
}

request_handling_status_t Api::UserPage(const request_handle_t& req, const std::string& name,
                                        const std::string& message,
                                        const std::vector<std::string>& problems) {
  RequireAdmin();
  const auto u = accounts_->FindUser(name);
  if (!u) throw NotFound("no member of staff " + name);
  auto context = AdminContext(message, problems);
  context["name"] = u->name;
  context["roles"] = RoleOptions(u->role);
  context["units"] = UnitOptions(accounts_->Units(), u->unit);
  context["officer"] = u->officer;
  context["disabled"] = u->disabled;
  context["form_full_name"] = u->full_name;
  context["form_collar"] = u->collar;
  context["form_phone"] = u->phone;
  context["form_email"] = u->email;
  context["locked"] = !u->locked_until.empty() && u->locked_until > UtcPlus(0);
  context["locked_until"] = LondonTimeText(u->locked_until);
  Audit("viewed_user", "", name);
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage((problems.empty() ? "" : "Error: ") + u->name, Render("admin_user", context)));
}

request_handling_status_t Api::UpdateUserForm(const request_handle_t& req,
                                              const std::string& name) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireAdmin();
  auto u = accounts_->FindUser(name);
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
  if (!HasUnit(accounts_->Units(), changed.unit))
    problems.push_back("Unit: choose one of the units");
  if ((changed.role == "officer" || changed.role == "supervisor") && changed.officer.empty()) {
    problems.push_back("Officer id on cases: officers and supervisors need one");
  }
  if (!password.empty() && password.size() < kMinPasswordLength)
    problems.push_back("New password: use at least 12 characters");
  if (u->name == user_->name && (changed.disabled || changed.role != "admin")) {
    problems.push_back("You cannot take away your own admin access: ask another administrator");
  }
  if (!problems.empty()) return UserPage(req, name, "", problems);
  accounts_->UpdateUser(changed);
  std::string what =
      fmt::format("{}: role {}, unit {}, officer {}{}", name, changed.role, changed.unit,
                  changed.officer, changed.disabled ? ", disabled" : "");
  if (!password.empty()) {
    accounts_->SetPassword(u->id, auth::HashPassword(password));
    what += ", new password";  // never the password itself
  }
  Audit("changed_user", "", what);
  return Redirect(req, "/admin/users/" + name + "?done=saved");
}

// --- force settings ---

request_handling_status_t Api::SettingsPage(const request_handle_t& req,
                                            const std::map<std::string, std::string>& form,
                                            const std::string& message,
                                            const std::vector<std::string>& problems) {
  RequireAdmin();
  mstch::array settings;
  for (const auto& spec : app::ForceSettings()) {
    const std::string value =
        form.count(spec.key) ? form.at(spec.key) : app::SettingValue(*store_, spec.key);
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
  auto context = AdminContext(message, problems);
  context["settings"] = settings;
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage(problems.empty() ? "Force settings" : "Error: force settings",
                Render("admin_settings", context)));
}

request_handling_status_t Api::SettingsForm(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireAdmin();
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& spec : app::ForceSettings()) {
    const std::string value = FormValue(form, spec.key);
    if (value == app::SettingValue(*store_, spec.key)) continue;
    changes.emplace_back(spec.key, value);
  }
  {
    storage::Transaction tx(*store_);
    for (const auto& [key, value] : changes) {
      const auto changed = app::ChangeSetting(*store_, key, value);
      if (!changed) problems.push_back(changed.error().message);
    }
    if (problems.empty()) tx.Commit();  // all or none
  }
  if (!problems.empty()) return SettingsPage(req, form, "", problems);
  for (const auto& [key, value] : changes)
    Audit("changed_setting", "", fmt::format("{} = {}", key, value));
  return Redirect(req, "/admin/settings?done=saved");
}

// --- units ---

request_handling_status_t Api::UnitsPage(const request_handle_t& req,
                                         const std::map<std::string, std::string>& form,
                                         const std::string& message,
                                         const std::vector<std::string>& problems) {
  RequireAdmin();
  std::map<std::string, int> staff;
  for (const auto& u : accounts_->Users()) ++staff[u.unit];
  mstch::array rows;
  for (const auto& u : accounts_->Units()) {
    rows.push_back(mstch::map{
        {"id", u.id}, {"name", u.name}, {"bcu", u.bcu}, {"staff", std::to_string(staff[u.id])}});
  }
  auto context = AdminContext(message, problems);
  context["units"] = rows;
  context["form_id"] = FormValue(form, "id");
  context["form_name"] = FormValue(form, "name");
  context["form_bcu"] = FormValue(form, "bcu");
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage(problems.empty() ? "Units" : "Error: units", Render("admin_units", context)));
}

request_handling_status_t Api::AddUnitForm(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireAdmin();
  static const std::regex kId("[A-Za-z0-9_-]{1,16}");
  const storage::Unit unit{FormValue(form, "id"), FormValue(form, "name"), FormValue(form, "bcu")};
  std::vector<std::string> problems;
  if (!std::regex_match(unit.id, kId))
    problems.push_back("Unit code: use 1 to 16 letters, digits, dashes or underscores");
  if (unit.name.empty()) problems.push_back("Name: give the unit a name");
  if (problems.empty() && !accounts_->AddUnit(unit))
    problems.push_back("Unit code: " + unit.id + " already exists");
  if (!problems.empty()) return UnitsPage(req, form, "", problems);
  Audit("added_unit", "", fmt::format("{} ({}, BCU {})", unit.id, unit.name, unit.bcu));
  return Redirect(req, "/admin/units?done=added");
}

// --- rota: shifts and leave ---

std::string Api::RotaUnit(const std::string& asked) {
  const std::string unit = asked.empty() ? user_->unit : asked;
  if (!app::MayManageRota(*user_, unit)) {
    Audit("denied_rota", "", "unit " + unit);
    throw Forbidden("supervisors keep the rota of their own unit; administrators of any");
  }
  return unit;
}

request_handling_status_t Api::RotaPage(const request_handle_t& req, const std::string& asked_unit,
                                        const std::string& asked_from, const std::string& message,
                                        const std::vector<std::string>& problems) {
  const std::string unit = RotaUnit(asked_unit);
  const auto parsed = core::Date::Parse(asked_from);
  const core::Date from = parsed ? *parsed : today_();
  const core::Date to = from.AddDays(14);
  const auto shifts =
      accounts_->ShiftsInUnit(unit, from.ToString() + "T00:00", to.ToString() + "T00:00");
  const auto leave = accounts_->LeaveInUnit(unit, from.ToString());
  mstch::array people;
  for (const auto& u : accounts_->UsersInUnit(unit)) {
    mstch::array own_shifts;
    for (const auto& s : shifts) {
      if (s.user == u.name)
        own_shifts.push_back(mstch::map{{"id", std::to_string(s.id)}, {"text", ShiftText(s)}});
    }
    mstch::array own_leave;
    for (const auto& l : leave) {
      if (!u.officer.empty() && l.officer == u.officer && l.starts_on < to.ToString()) {
        own_leave.push_back(mstch::map{{"id", std::to_string(l.id)},
                                       {"starts_on", l.starts_on},
                                       {"ends_on", l.ends_on},
                                       {"reason", l.reason},
                                       {"officer", l.officer}});
      }
    }
    mstch::map person{{"name", u.name},
                      {"role", u.role},
                      {"has_shifts", !own_shifts.empty()},
                      {"shifts", own_shifts},
                      {"has_leave", !own_leave.empty()},
                      {"leave", own_leave}};
    if (!u.officer.empty()) person["officer"] = u.officer;
    people.push_back(person);
  }
  auto context = AdminContext(message, problems);
  context["unit"] = unit;
  context["from"] = from.ToString();
  context["from_text"] = from.ToLongString();
  context["to_text"] = to.AddDays(-1).ToLongString();
  context["previous"] = from.AddDays(-14).ToString();
  context["next"] = to.ToString();
  context["people"] = people;
  Audit("viewed_rota", "", "unit " + unit);
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage((problems.empty() ? "" : "Error: ") + std::string("Shifts and leave"),
                Render("rota", context)));
}

request_handling_status_t Api::RotaForm(const request_handle_t& req, const std::string& action,
                                        int64_t id) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  const std::string unit = RotaUnit(FormValue(form, "unit"));
  const std::string from = FormValue(form, "from");
  const auto members = accounts_->UsersInUnit(unit);
  std::vector<std::string> problems;
  std::string done;
  if (action == "add_shift") {
    const std::string who = FormValue(form, "user");
    const auto date = core::Date::Parse(FormValue(form, "date"));
    const int start = Minutes(FormValue(form, "start"));
    const int end = Minutes(FormValue(form, "end"));
    if (std::none_of(members.begin(), members.end(),
                     [&](const storage::User& u) { return u.name == who; })) {
      problems.push_back("Who: choose someone in unit " + unit);
    }
    if (!date) problems.push_back("Date: enter the date as YYYY-MM-DD");
    if (start < 0) problems.push_back("Starts: enter the time as HH:MM, for example 07:00");
    if (end < 0) problems.push_back("Ends: enter the time as HH:MM, for example 17:00");
    const int length = end > start ? end - start : end + 24 * 60 - start;
    if (start >= 0 && end >= 0 && length > kMaxShiftMinutes)
      problems.push_back("Ends: a shift can be at most 16 hours");
    if (problems.empty()) {
      const core::Date end_day = end > start ? *date : date->AddDays(1);
      const storage::Shift shift{0, who, date->ToString() + "T" + Clock(start),
                                 end_day.ToString() + "T" + Clock(end)};
      accounts_->AddShifts({shift}, user_->name);
      Audit("added_shift", "", fmt::format("{}: {} to {}", who, shift.starts_at, shift.ends_at));
      done = "shift_added";
    }
  } else if (action == "delete_shift") {
    if (!accounts_->DeleteShift(id, app::MayAdminister(*user_) ? "" : unit))
      throw NotFound("no such shift in your unit");
    Audit("removed_shift", "", fmt::format("shift {}", id));
    done = "shift_removed";
  } else if (action == "add_leave") {
    storage::Leave l{FormValue(form, "officer"), FormValue(form, "starts_on"),
                     FormValue(form, "ends_on"), FormValue(form, "reason"), 0};
    if (std::none_of(members.begin(), members.end(), [&](const storage::User& u) {
          return !u.officer.empty() && u.officer == l.officer;
        })) {
      problems.push_back("Officer: choose an officer in unit " + unit);
    }
    const auto starts = core::Date::Parse(l.starts_on);
    const auto ends = core::Date::Parse(l.ends_on);
    if (!starts) problems.push_back("First day away: enter the date as YYYY-MM-DD");
    if (!ends) problems.push_back("Last day away: enter the date as YYYY-MM-DD");
    if (starts && ends && *ends < *starts)
      problems.push_back("Last day away: cannot be before the first day away");
    if (problems.empty()) {
      accounts_->AddLeave(l, user_->name);
      Audit("added_leave", "", fmt::format("{}: {} to {}", l.officer, l.starts_on, l.ends_on));
      done = "leave_added";
    }
  } else if (action == "delete_leave") {
    if (!accounts_->DeleteLeave(id, app::MayAdminister(*user_) ? "" : unit))
      throw NotFound("no such leave in your unit");
    Audit("cancelled_leave", "", fmt::format("leave {}", id));
    done = "leave_cancelled";
  }
  if (!problems.empty()) return RotaPage(req, unit, from, "", problems);
  return Redirect(req, fmt::format("/rota?unit={}&from={}&done={}", unit, from, done));
}

// --- message templates ---

request_handling_status_t Api::TemplatesPage(const request_handle_t& req) {
  RequireAdmin();
  mstch::array rows;
  for (const auto& id : notify::TemplateIds()) {
    mstch::map row{{"id", id}, {"subject", notify::BuiltInTemplate(id, "en")->subject}};
    for (const auto& lang : notify::Languages()) {
      const auto versions = accounts_->TemplateVersions(id, lang);
      row[lang] = versions.empty() ? std::string("Built in")
                                   : fmt::format("Version {}", versions.front().version);
    }
    rows.push_back(row);
  }
  auto context = AdminContext(DoneMessage(req), {});
  context["templates"] = rows;
  return SendHtml(req, restinio::status_ok(),
                  StaffPage("Message templates", Render("admin_templates", context)));
}

request_handling_status_t Api::TemplatePage(const request_handle_t& req, const std::string& id,
                                            const std::string& lang, const std::string& text_in,
                                            bool preview,
                                            const std::vector<std::string>& problems) {
  RequireAdmin();
  const auto built_in = notify::BuiltInTemplate(id, lang);
  if (!built_in) throw NotFound(built_in.error().message);
  const auto versions = accounts_->TemplateVersions(id, lang);
  std::string text = text_in;
  if (text.empty()) {
    const std::string asked = Query(req, "version");
    if (asked == "0") {
      text = *core::FindEmbedded(fmt::format("data/letters/{}/{}.mustache", lang, id));
    } else {
      for (const auto& v : versions) {
        if (asked.empty() ? &v == &versions.front() : std::to_string(v.version) == asked)
          text = v.text;
      }
      if (text.empty())
        text = *core::FindEmbedded(fmt::format("data/letters/{}/{}.mustache", lang, id));
    }
  }
  auto context = AdminContext(DoneMessage(req), problems);
  context["id"] = id;
  context["lang"] = lang;
  context["lang_name"] = std::string(lang == "cy" ? "Cymraeg (Welsh)" : "English");
  context["current"] = versions.empty()
                           ? std::string("built-in version in use")
                           : fmt::format("version {} in use, saved by {}", versions.front().version,
                                         versions.front().created_by);
  context["text"] = text;
  context["placeholders"] = std::string(
      "{{crime}} {{officer_name}} {{officer_phone}} {{frequency}} {{conditions}} "
      "{{return_date}} {{charges}} {{disposal}} {{reason}} {{court}} {{hearing_date}} "
      "{{update}}");
  context["section_example"] = std::string("{{#vrr}}...{{/vrr}}");
  mstch::array history;
  for (const auto& v : versions) {
    history.push_back(mstch::map{{"version", std::to_string(v.version)},
                                 {"by", v.created_by},
                                 {"at", v.created_at},
                                 {"id", id},
                                 {"lang", lang}});
  }
  context["versions"] = history;
  if (preview && problems.empty()) {
    const auto parsed = notify::ParseTemplate(id, lang, text);
    if (parsed) {
      const auto m = notify::Fill(*parsed, notify::SampleFields(lang));
      const auto sms = notify::MeasureSms(notify::Plain(m.sms));
      mstch::array paragraphs;
      std::string all;
      for (const auto& p : m.paragraphs) {
        paragraphs.push_back(p);
        all += notify::Plain(p) + "\n";
      }
      context["has_preview"] = true;
      context["preview_subject"] = m.subject;
      context["preview_sms"] = m.sms;
      context["preview_sms_info"] =
          fmt::format("{} characters, {}, {} segment{}", sms.characters,
                      sms.gsm7 ? "GSM 7-bit" : "UCS-2", sms.segments, sms.segments == 1 ? "" : "s");
      context["preview_paragraphs"] = paragraphs;
      if (lang == "en") {
        const auto r = notify::MeasureReadability(all);
        context["readability"] = fmt::format(
            "Flesch {:.0f} ({}; aim for 60 or more)", r.flesch,
            r.flesch >= 60 ? "plain English" : "too hard: use shorter sentences and words");
      }
    }
  }
  Audit("viewed_template", "", id + " " + lang);
  return SendHtml(
      req, problems.empty() ? restinio::status_ok() : restinio::status_unprocessable_entity(),
      StaffPage((problems.empty() ? "" : "Error: ") + id, Render("admin_template", context)));
}

request_handling_status_t Api::TemplateForm(const request_handle_t& req, const std::string& id,
                                            const std::string& lang) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireAdmin();
  std::string text = FormValue(form, "text");
  std::string normalised;  // browsers post CRLF
  for (const char c : text) {
    if (c != '\r') normalised += c;
  }
  text = normalised;
  const auto parsed = notify::ParseTemplate(id, lang, text);
  std::vector<std::string> problems;
  if (!parsed) {
    problems.push_back(parsed.error().message);
  } else if (const auto valid = notify::ValidateTemplate(*parsed); !valid) {
    problems.push_back(valid.error().message);
  }
  if (!problems.empty() || FormValue(form, "action") != "save") {
    return TemplatePage(req, id, lang, text, /*preview=*/true, problems);
  }
  const int version = accounts_->SaveTemplate(id, lang, text, user_->name);
  Audit("saved_template", "", fmt::format("{} {} version {}", id, lang, version));
  return Redirect(req, fmt::format("/admin/templates/{}/{}?done=saved", id, lang));
}

// --- audit log ---

request_handling_status_t Api::AuditPage(const request_handle_t& req) {
  RequireAdmin();
  const std::string who = Query(req, "user").substr(0, 100);
  const std::string crime = Query(req, "crime").substr(0, 100);
  mstch::array entries;
  for (const auto& e : accounts_->AuditLog(who, crime, 500)) {
    entries.push_back(mstch::map{{"at", e.at},
                                 {"user", e.user},
                                 {"action", e.action},
                                 {"crime", e.crime},
                                 {"detail", e.detail},
                                 {"source", e.source}});
  }
  Audit("searched_audit", crime, fmt::format("user \"{}\", crime \"{}\"", who, crime));
  mstch::map context{{"user_filter", who},
                     {"crime_filter", crime},
                     {"entries", entries},
                     {"count", std::to_string(entries.size())}};
  return SendHtml(req, restinio::status_ok(), StaffPage("Audit log", Render("audit", context)));
}

}  // namespace cf::http

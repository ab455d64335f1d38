// The rota: shifts and leave, which a unit's supervisors keep for their own unit (admins for
// any). Every change is audited.
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

constexpr int kMaxShiftMinutes = 16 * 60;

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

// --- rota: shifts and leave ---

std::string RotaHandlers::RotaUnit(RequestContext& rc, const std::string& asked) {
  std::string unit = asked.empty() ? rc.user->unit : asked;
  if (!app::MayManageRota(*rc.user, unit)) {
    Audit(rc, "denied_rota", "", "unit " + unit);
    throw Forbidden("supervisors keep the rota of their own unit; administrators of any");
  }
  return unit;
}

request_handling_status_t RotaHandlers::RotaPage(RequestContext& rc, const request_handle_t& req,
                                                 const std::string& asked_unit,
                                                 const std::string& asked_from,
                                                 const std::string& message,
                                                 const std::vector<std::string>& problems) {
  const std::string unit = RotaUnit(rc, asked_unit);
  const auto parsed = core::Date::Parse(asked_from);
  const core::Date from = parsed ? *parsed : s_.Today();
  const core::Date to = from.AddDays(14);
  const auto shifts =
      s_.accounts.ShiftsInUnit(unit, from.ToString() + "T00:00", to.ToString() + "T00:00");
  const auto leave = s_.accounts.LeaveInUnit(unit, from.ToString());
  mstch::array people;
  for (const auto& u : s_.accounts.UsersInUnit(unit)) {
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
  auto context = AdminContext(rc, message, problems);
  context["unit"] = unit;
  context["from"] = from.ToString();
  context["from_text"] = from.ToLongString();
  context["to_text"] = to.AddDays(-1).ToLongString();
  context["previous"] = from.AddDays(-14).ToString();
  context["next"] = to.ToString();
  context["people"] = people;
  Audit(rc, "viewed_rota", "", "unit " + unit);
  return SendHtml(
      req,
      problems.empty() ? restinio::status_ok() : HttpStatusFor(core::ErrorCode::kInvalidArgument),
      StaffPage(rc, (problems.empty() ? "" : "Error: ") + std::string("Shifts and leave"),
                Render("rota", context)));
}

request_handling_status_t RotaHandlers::RotaForm(RequestContext& rc, const request_handle_t& req,
                                                 const std::string& action, int64_t id) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string unit = RotaUnit(rc, FormValue(form, "unit"));
  const std::string from = FormValue(form, "from");
  const auto members = s_.accounts.UsersInUnit(unit);
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
      s_.accounts.AddShifts({shift}, rc.user->name);
      Audit(rc, "added_shift", "",
            fmt::format("{}: {} to {}", who, shift.starts_at, shift.ends_at));
      done = "shift_added";
    }
  } else if (action == "delete_shift") {
    if (!s_.accounts.DeleteShift(id, app::MayAdminister(*rc.user) ? "" : unit))
      throw NotFound("no such shift in your unit");
    Audit(rc, "removed_shift", "", fmt::format("shift {}", id));
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
      s_.accounts.AddLeave(l, rc.user->name);
      Audit(rc, "added_leave", "", fmt::format("{}: {} to {}", l.officer, l.starts_on, l.ends_on));
      done = "leave_added";
    }
  } else if (action == "delete_leave") {
    if (!s_.accounts.DeleteLeave(id, app::MayAdminister(*rc.user) ? "" : unit))
      throw NotFound("no such leave in your unit");
    Audit(rc, "cancelled_leave", "", fmt::format("leave {}", id));
    done = "leave_cancelled";
  }
  if (!problems.empty()) return RotaPage(rc, req, unit, from, "", problems);
  return Redirect(req, fmt::format("/rota?unit={}&from={}&done={}", unit, from, done));
}

}  // namespace cf::http

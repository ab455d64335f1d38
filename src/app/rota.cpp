#include "app/rota.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "app/access.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"

namespace cf::app {
namespace {

// Minutes after midnight of "HH:MM", or -1.
int Minutes(const std::string& t) {
  static const std::regex kClock("([01][0-9]|2[0-3]):([0-5][0-9])");
  std::smatch m;
  if (!std::regex_match(t, m, kClock)) return -1;
  return std::stoi(m[1]) * 60 + std::stoi(m[2]);
}

std::string ClockText(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60 % 24, minutes % 60);
}

core::Status CheckUnit(Services& s, const Actor& actor, const std::string& unit) {
  if (MayManageRota(actor.user, unit)) return {};
  AuditAs(s, actor, "denied_rota", "", "unit " + unit);
  return core::PermissionDenied(
      "supervisors keep the rota of their own unit; administrators of any");
}

// "Date: ..." when `day` is further than `around` days from today.
void CheckNearToday(core::Date day, core::Date today, int around, const std::string& field,
                    std::vector<std::string>& problems) {
  if (day < today.AddDays(-around) || day > today.AddDays(around)) {
    problems.push_back(fmt::format("{}: enter a date from {} to {}", field,
                                   today.AddDays(-around).ToLongString(),
                                   today.AddDays(around).ToLongString()));
  }
}

}  // namespace

core::Result<RotaView> ViewRotaAs(Services& s, const Actor& actor, const std::string& unit,
                                  core::Date from) {
  if (auto allowed = CheckUnit(s, actor, unit); !allowed) return allowed.error();
  RotaView view{unit, from, from.AddDays(14), {}, {}, {}};
  view.people = s.accounts.UsersInUnit(unit);
  view.shifts =
      s.accounts.ShiftsInUnit(unit, from.ToString() + "T00:00", view.to.ToString() + "T00:00");
  view.leave = s.accounts.LeaveInUnit(unit, from);
  AuditAs(s, actor, "viewed_rota", "", "unit " + unit);
  return view;
}

core::Status AddShiftAs(Services& s, const Actor& actor, const ShiftRequest& r,
                        std::vector<std::string>& problems) {
  if (auto allowed = CheckUnit(s, actor, r.unit); !allowed) return allowed;
  const auto members = s.accounts.UsersInUnit(r.unit);
  const auto date = core::Date::Parse(r.date);
  const int start = Minutes(r.start);
  const int end = Minutes(r.end);
  if (std::none_of(members.begin(), members.end(),
                   [&](const storage::User& u) { return u.name == r.user; })) {
    problems.push_back("Who: choose someone in unit " + r.unit);
  }
  if (!date) problems.push_back("Date: enter the date as YYYY-MM-DD");
  if (date) CheckNearToday(*date, s.Today(), kShiftDaysAround, "Date", problems);
  if (start < 0) problems.push_back("Starts: enter the time as HH:MM, for example 07:00");
  if (end < 0) problems.push_back("Ends: enter the time as HH:MM, for example 17:00");
  const int length = end > start ? end - start : end + 24 * 60 - start;
  if (start >= 0 && end >= 0 && length > kMaxShiftMinutes)
    problems.push_back("Ends: a shift can be at most 16 hours");
  if (auto ok = StatusOf(problems); !ok) return ok;
  const core::Date end_day = end > start ? *date : date->AddDays(1);
  const storage::Shift shift{0, r.user, date->ToString() + "T" + ClockText(start),
                             end_day.ToString() + "T" + ClockText(end)};
  s.accounts.AddShifts({shift}, actor.user.name);
  AuditAs(s, actor, "added_shift", "",
          fmt::format("{}: {} to {}", r.user, shift.starts_at, shift.ends_at));
  return {};
}

core::Status AddLeaveAs(Services& s, const Actor& actor, const std::string& unit,
                        const LeaveRequest& request, std::vector<std::string>& problems) {
  if (auto allowed = CheckUnit(s, actor, unit); !allowed) return allowed;
  const auto members = s.accounts.UsersInUnit(unit);
  if (std::none_of(members.begin(), members.end(), [&](const storage::User& u) {
        return !u.officer.empty() && u.officer == request.officer;
      })) {
    problems.push_back("Officer: choose an officer in unit " + unit);
  }
  const auto starts = core::Date::Parse(request.starts_on);
  const auto ends = core::Date::Parse(request.ends_on);
  if (!starts) problems.push_back("First day away: enter the date as YYYY-MM-DD");
  if (!ends) problems.push_back("Last day away: enter the date as YYYY-MM-DD");
  if (starts) CheckNearToday(*starts, s.Today(), kLeaveDaysAround, "First day away", problems);
  if (ends) CheckNearToday(*ends, s.Today(), kLeaveDaysAround, "Last day away", problems);
  if (starts && ends && *ends < *starts)
    problems.push_back("Last day away: cannot be before the first day away");
  if (auto too_long = core::TooLong("the reason", request.reason, core::kFieldChars))
    problems.push_back("Reason: " + *too_long);
  if (!request.cover.empty()) {
    if (request.cover == request.officer) {
      problems.push_back("Cover: choose someone other than the officer who is away");
    } else if (std::none_of(members.begin(), members.end(), [&](const storage::User& u) {
                 return u.officer == request.cover && MayTakeCases(u);
               })) {
      problems.push_back("Cover: choose an officer of unit " + unit + " from the list");
    }
  }
  if (auto ok = StatusOf(problems); !ok) return ok;
  const storage::Leave leave{request.officer, *starts, *ends, request.reason, 0, request.cover};
  s.accounts.AddLeave(leave, actor.user.name);
  AuditAs(s, actor, "added_leave", "",
          fmt::format("{}: {} to {}{}", leave.officer, leave.starts_on.ToString(),
                      leave.ends_on.ToString(),
                      leave.cover.empty() ? "" : ", covered by " + leave.cover));
  return {};
}

core::Status RemoveShiftAs(Services& s, const Actor& actor, const std::string& unit, int64_t id) {
  if (auto allowed = CheckUnit(s, actor, unit); !allowed) return allowed;
  if (!s.accounts.DeleteShift(id, MayAdminister(actor.user) ? "" : unit))
    return core::NotFound("no such shift in your unit");
  AuditAs(s, actor, "removed_shift", "", fmt::format("shift {}", id));
  return {};
}

core::Status CancelLeaveAs(Services& s, const Actor& actor, const std::string& unit, int64_t id) {
  if (auto allowed = CheckUnit(s, actor, unit); !allowed) return allowed;
  if (!s.accounts.DeleteLeave(id, MayAdminister(actor.user) ? "" : unit))
    return core::NotFound("no such leave in your unit");
  AuditAs(s, actor, "cancelled_leave", "", fmt::format("leave {}", id));
  return {};
}

std::vector<storage::Shift> NextShiftsOf(Services& s, const std::string& user, size_t count) {
  core::LondonDates london;
  const core::Instant now = s.Now();
  const std::string wall_clock = london.DateOf(now).ToString() + "T" + london.ClockOf(now);
  return s.accounts.NextShifts(user, wall_clock, count);
}

std::optional<storage::Leave> LeaveToday(Services& s, const std::string& officer) {
  const core::Date today = s.Today();
  for (auto& l : s.accounts.LeaveFrom(officer, today)) {
    if (l.starts_on <= today) return std::move(l);
  }
  return std::nullopt;
}

std::string OfficerLabel(Services& s, const std::string& officer) {
  const auto u = s.accounts.UserForOfficer(officer);
  if (!u) return officer;
  return fmt::format("{} ({})", u->full_name.empty() ? u->name : u->full_name,
                     u->collar.empty() ? officer : u->collar);
}

std::string StaffLabel(Services& s, const std::string& staff_id) {
  if (s.accounts.UserForOfficer(staff_id)) return OfficerLabel(s, staff_id);
  const auto u = s.accounts.FindUser(staff_id);
  if (!u) return staff_id;
  const std::string who = u->full_name.empty() ? u->name : u->full_name;
  return u->collar.empty() ? who : fmt::format("{} ({})", who, u->collar);
}

CallBackTaker WhoCallsBack(Services& s, const storage::CaseRow& c) {
  const auto away = LeaveToday(s, c.officer);
  if (!away) return {"", OfficerLabel(s, c.officer), ""};
  const std::string absent = fmt::format("{} is on leave until {}", OfficerLabel(s, c.officer),
                                         away->ends_on.ToDayMonthYear());
  if (!away->cover.empty() && !LeaveToday(s, away->cover)) {
    const std::string cover = OfficerLabel(s, away->cover);
    return {away->cover, cover, fmt::format("{}; {} is covering", absent, cover)};
  }
  for (const auto& u : s.accounts.UsersInUnit(c.unit)) {
    if (HasRole(u, domain::StaffRole::kSupervisor) && MayTakeCases(u) &&
        !LeaveToday(s, u.officer)) {
      const std::string sergeant = OfficerLabel(s, u.officer);
      return {u.officer, sergeant,
              fmt::format("{} and no cover is at work; their sergeant {} will call back", absent,
                          sergeant)};
    }
  }
  return {"", OfficerLabel(s, c.officer),
          absent + " and nobody in the unit is at work to cover: it waits for their return"};
}

}  // namespace cf::app

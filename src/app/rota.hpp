#pragma once
// The rota: shifts and leave, kept by a unit's supervisors for their own unit and by admins for
// any (app::MayManageRota). Each use case checks that right (a refusal is kPermissionDenied,
// audited as denied_rota), validates what it is given (problems name the form's field) and
// audits the change, so the pages and the command line keep the rota alike.

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/date.hpp"
#include "core/result.hpp"

namespace cf::app {

inline constexpr int kMaxShiftMinutes = 16 * 60;
// How far from today the rota reaches (docs/security.md): shifts from a year back to a year
// ahead; leave from five years back to five years ahead (a career break is planned years
// ahead and may have begun years ago). Anything further is a mistyped year.
inline constexpr int kShiftDaysAround = 366;
inline constexpr int kLeaveDaysAround = 5 * 366;

// Two weeks of a unit's rota from `from`: its people, their shifts and the leave not ended by
// `from`. Audited as viewed_rota.
struct RotaView {
  std::string unit;
  core::Date from;
  core::Date to;  // the day after the last shown
  std::vector<storage::User> people;
  std::vector<storage::Shift> shifts;
  std::vector<storage::Leave> leave;
};
core::Result<RotaView> ViewRotaAs(Services& s, const Actor& actor, const std::string& unit,
                                  core::Date from);

// A shift for `user` (someone in `unit`) on `date` from `start` to `end` ("HH:MM", London
// time; an end before the start is the next day), at most 16 hours, within kShiftDaysAround
// of today. kInvalidArgument with
// `problems` ("Date: ...") and nothing stored. Audited as added_shift.
struct ShiftRequest {
  std::string unit;
  std::string user;
  std::string date;
  std::string start;
  std::string end;
};
core::Status AddShiftAs(Services& s, const Actor& actor, const ShiftRequest& request,
                        std::vector<std::string>& problems);

// Leave for an officer in `unit`, first to last day away (YYYY-MM-DD, as a form gives them),
// both within kLeaveDaysAround of today; the reason at most core::kFieldChars. As AddShiftAs;
// audited as added_leave.
struct LeaveRequest {
  std::string officer;
  std::string starts_on;
  std::string ends_on;
  std::string reason;
  std::string cover{};  // optional: another officer of the unit who covers while they are away
};
core::Status AddLeaveAs(Services& s, const Actor& actor, const std::string& unit,
                        const LeaveRequest& request, std::vector<std::string>& problems);

// Removes a shift or cancels leave in `unit` (any unit for an admin). kNotFound when there is
// no such one there. Audited as removed_shift, cancelled_leave.
core::Status RemoveShiftAs(Services& s, const Actor& actor, const std::string& unit, int64_t id);
core::Status CancelLeaveAs(Services& s, const Actor& actor, const std::string& unit, int64_t id);

// When someone is at work: `user`'s shifts not yet ended now (London wall-clock time), soonest
// first, at most `count`; and the leave the officer `officer` is on today, if any.
std::vector<storage::Shift> NextShiftsOf(Services& s, const std::string& user, size_t count);
std::optional<storage::Leave> LeaveToday(Services& s, const std::string& officer);

// Who calls a person back on a case today: the officer in case; when they are on leave, the
// cover officer named with the leave (if not away too), else a sergeant of the case's unit who
// is not away. `officer` is "" for the officer in case (or when nobody is at work), and `why`
// says it in words for the bureau ("Sarah Ahmed (PC 1003) is on leave until 12 Dec 2026; Tom
// Jones (PC 1005) is covering").
struct CallBackTaker {
  std::string officer;
  std::string label;  // "Tom Jones (PC 1005)": who will call
  std::string why;
};
CallBackTaker WhoCallsBack(Services& s, const storage::CaseRow& c);
// "Tom Jones (PC 1005)" for an officer id (the id itself when no account has it).
std::string OfficerLabel(Services& s, const std::string& officer);
// The same for the id app::StaffIdOf records (an officer id, or an account name).
std::string StaffLabel(Services& s, const std::string& staff_id);

}  // namespace cf::app

// The rota: shifts and leave, which a unit's supervisors keep for their own unit (admins for
// any). Every change is audited.
#include "app/access.hpp"
#include "app/rota.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

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

request_handling_status_t RotaHandlers::RotaPage(RequestContext& rc, const request_handle_t& req,
                                                 const std::string& asked_unit,
                                                 const std::string& asked_from,
                                                 const std::string& message,
                                                 const std::vector<std::string>& problems) {
  const std::string unit = asked_unit.empty() ? rc.user->unit : asked_unit;
  const auto parsed = core::Date::Parse(asked_from);
  const auto view = app::ViewRotaAs(s_, ActorOf(rc), unit, parsed ? *parsed : s_.Today());
  if (!view) throw ProblemFor(view.error(), "Rota not shown");
  const core::Date from = view->from;
  const core::Date to = view->to;
  const auto& shifts = view->shifts;
  const auto& leave = view->leave;
  mstch::array people;
  for (const auto& u : view->people) {
    mstch::array own_shifts;
    for (const auto& s : shifts) {
      if (s.user == u.name)
        own_shifts.push_back(mstch::map{{"id", std::to_string(s.id)}, {"text", ShiftText(s)}});
    }
    mstch::array own_leave;
    for (const auto& l : leave) {
      if (!u.officer.empty() && l.officer == u.officer && l.starts_on < to) {
        own_leave.push_back(
            mstch::map{{"id", std::to_string(l.id)},
                       {"starts_on", l.starts_on.ToString()},
                       {"ends_on", l.ends_on.ToString()},
                       {"reason", l.reason},
                       {"cover", l.cover.empty() ? std::string() : app::OfficerLabel(s_, l.cover)},
                       {"officer", l.officer}});
      }
    }
    mstch::map person{{"name", u.name},
                      {"role", std::string(domain::Name(u.role))},
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
  const std::string asked = FormValue(form, "unit");
  const std::string unit = asked.empty() ? rc.user->unit : asked;
  const std::string from = FormValue(form, "from");
  const app::Actor actor = ActorOf(rc);
  // Removing a shift or cancelling leave asks first: one press of the wrong "Remove" would
  // otherwise take someone off duty without a word.
  if ((action == "delete_shift" || action == "delete_leave") &&
      FormValue(form, "confirm") != "yes" && app::MayManageRota(*rc.user, unit)) {
    const bool shift = action == "delete_shift";
    const auto day = core::Date::Parse(from);
    const std::string back = fmt::format("/rota?unit={}&from={}", PathOf(unit),
                                         day ? day->ToString() : s_.Today().ToString());
    const mstch::map context{
        {"question", std::string(shift ? "Remove this shift?" : "Cancel this leave?")},
        {"what", FormValue(form, "what")},
        {"action", fmt::format("/rota/{}/{}/delete", shift ? "shifts" : "leave", id)},
        {"csrf", rc.session->csrf},
        {"hidden", mstch::array{mstch::map{{"name", std::string("unit")}, {"value", unit}},
                                mstch::map{{"name", std::string("from")}, {"value", from}}}},
        {"yes", std::string(shift ? "Yes, remove the shift" : "Yes, cancel the leave")},
        {"back", back}};
    return SendHtml(req, restinio::status_ok(),
                    StaffPage(rc, shift ? "Remove this shift?" : "Cancel this leave?",
                              Render("confirm", context)));
  }
  std::vector<std::string> problems;
  core::Status status;
  std::string done;
  if (action == "add_shift") {
    status = app::AddShiftAs(s_, actor,
                             {unit, FormValue(form, "user"), FormValue(form, "date"),
                              FormValue(form, "start"), FormValue(form, "end")},
                             problems);
    done = "shift_added";
  } else if (action == "delete_shift") {
    status = app::RemoveShiftAs(s_, actor, unit, id);
    done = "shift_removed";
  } else if (action == "add_leave") {
    const app::LeaveRequest leave{FormValue(form, "officer"), FormValue(form, "starts_on"),
                                  FormValue(form, "ends_on"), FormValue(form, "reason"),
                                  FormValue(form, "cover")};
    status = app::AddLeaveAs(s_, actor, unit, leave, problems);
    done = "leave_added";
  } else if (action == "delete_leave") {
    status = app::CancelLeaveAs(s_, actor, unit, id);
    done = "leave_cancelled";
  }
  if (!status && problems.empty()) throw ProblemFor(status.error(), "Rota not changed");
  if (!problems.empty()) return RotaPage(rc, req, unit, from, "", problems);
  const auto day = core::Date::Parse(from);
  return Redirect(req, fmt::format("/rota?unit={}&from={}&done={}", PathOf(unit),
                                   day ? day->ToString() : s_.Today().ToString(), done));
}

}  // namespace cf::http

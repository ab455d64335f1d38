#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/import.hpp"
#include "app/queue_view.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

request_handling_status_t QueueHandlers::Queue(RequestContext& rc, const request_handle_t& req) {
  const auto as_of = DateParam(req, "as_of");
  const storage::Scope asked{Query(req, "officer"), Query(req, "unit")};
  if (!asked.officer.empty() && !asked.unit.empty())
    throw BadRequest("give officer or unit, not both");
  size_t limit = 100;
  if (const auto l = Query(req, "limit"); !l.empty()) {
    try {
      limit = std::stoul(l);
    } catch (const std::exception&) {
      throw BadRequest("limit must be a whole number",
                       json::array({{{"pointer", "?limit"}, {"message", l}}}));
    }
  }
  const auto list = app::DueAs(s_, ActorOf(rc), asked, as_of, limit);
  if (!list) throw ProblemFor(list.error(), "Queue not shown");
  return Send(req, restinio::status_ok(), "application/json", app::DueListJson(*list, as_of));
}

json QueueHandlers::TeamJson(RequestContext& rc, const std::string& unit, core::Date as_of) {
  const auto load = app::TeamAs(s_, ActorOf(rc), unit, as_of);
  if (!load) throw ProblemFor(load.error(), "Team not shown");
  json officers = json::array();
  for (const auto& o : *load) {
    json entry = {{"officer", o.officer}, {"red", o.red}, {"amber", o.amber}, {"total", o.total}};
    if (o.leave) {
      entry["leave"] = {{"from", o.leave->starts_on.ToString()},
                        {"to", o.leave->ends_on.ToString()},
                        {"due_during_leave", o.due_during_leave}};
    }
    officers.push_back(entry);
  }
  return {{"unit", unit}, {"as_of", as_of.ToString()}, {"officers", officers}};
}

request_handling_status_t QueueHandlers::Team(RequestContext& rc, const request_handle_t& req) {
  std::string unit = Query(req, "unit");
  if (unit.empty()) unit = rc.user->unit;
  return SendJson(req, TeamJson(rc, unit, DateParam(req, "as_of")));
}

request_handling_status_t QueueHandlers::QueuePage(RequestContext& rc,
                                                   const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const core::Date as_of = s_.Today();
  const auto view = app::QueueAs(s_, ActorOf(rc), Query(req, "officer"), as_of, 200);
  if (!view) throw ProblemFor(view.error(), "Queue not shown");
  const auto& list = view->due;
  mstch::array items;
  for (const auto& i : list.items) {
    const char* tag = i.rag == rules::Rag::kRed     ? "red"
                      : i.rag == rules::Rag::kAmber ? "yellow"
                                                    : "green";
    const std::string label = i.rag == rules::Rag::kRed     ? "Overdue"
                              : i.rag == rules::Rag::kAmber ? "Due now"
                                                            : "Coming up";
    items.push_back(mstch::map{
        {"tag", std::string(tag)},
        {"label", label},
        {"deadline", i.row.deadline.ToString()},
        {"crime", i.row.crime},
        {"crime_path", PathOf(i.row.crime)},
        {"person", i.row.person},
        {"what", i.more_updates > 0
                     ? fmt::format("{} (this also covers {} later updates)", i.what, i.more_updates)
                     : i.what}});
  }
  const std::string heading = app::HasRole(*rc.user, domain::StaffRole::kOfficer)
                                  ? "My victims and witnesses"
                              : app::HasRole(*rc.user, domain::StaffRole::kSupervisor)
                                  ? "My team's outstanding actions"
                                  : "Outstanding actions across the force";
  std::map<std::string, int> call_backs_by_officer;
  mstch::array call_back_rows;
  for (const auto& c : view->call_backs) {
    ++call_backs_by_officer[c.officer];
    call_back_rows.push_back(mstch::map{{"raised", LondonTimeText(c.raised_at)},
                                        {"crime", c.crime},
                                        {"crime_path", PathOf(c.crime)},
                                        {"person", c.person},
                                        {"officer", c.officer},
                                        {"request", c.request}});
  }
  mstch::array undelivered;
  for (const auto& m : view->undelivered) {
    undelivered.push_back(mstch::map{{"crime", m.crime},
                                     {"crime_path", PathOf(m.crime)},
                                     {"person", m.person},
                                     {"channel", m.channel},
                                     {"subject", notify::Plain(m.subject)},
                                     {"error", m.last_error},
                                     {"when", LondonTimeText(m.updated_at)}});
  }
  mstch::array team;
  for (const auto& o : view->team) {
    mstch::map m{{"officer", o.officer},
                 {"red", std::to_string(o.red)},
                 {"amber", std::to_string(o.amber)},
                 {"total", std::to_string(o.total)},
                 {"call_back_total", std::to_string(call_backs_by_officer[o.officer])}};
    if (o.leave) {
      m["leave"] = fmt::format("On leave {} to {}: {} due while away, reassign them",
                               o.leave->starts_on.ToString(), o.leave->ends_on.ToString(),
                               o.due_during_leave);
    }
    team.push_back(m);
  }
  auto context = ReassignContext(rc, view->scope, list);
  if (Query(req, "done") == "reassigned") {
    context["message"] =
        fmt::format("{} case(s) reassigned to {}.", Query(req, "n"), Query(req, "to"));
  }
  const mstch::map rest{
      {"heading", view->scope.officer.empty() || app::HasRole(*rc.user, domain::StaffRole::kOfficer)
                      ? heading
                      : "Officer " + view->scope.officer + "'s outstanding actions"},
      {"has_team", !team.empty()},
      {"team", team},
      {"as_of", as_of.ToLongString()},
      {"total", std::to_string(list.total)},
      {"red", std::to_string(list.red)},
      {"amber", std::to_string(list.amber)},
      {"green", std::to_string(list.green)},
      {"has_items", !items.empty()},
      {"items", items},
      {"has_call_backs", !call_back_rows.empty()},
      {"call_backs", call_back_rows},
      {"has_undelivered", !undelivered.empty()},
      {"undelivered", undelivered},
      {"my_shifts", app::HasRole(*rc.user, domain::StaffRole::kOfficer) ||
                            app::HasRole(*rc.user, domain::StaffRole::kSupervisor)
                        ? NextShiftsText(rc.user->name, 3)
                        : std::string()},
      {"call_back_count", std::to_string(call_back_rows.size())}};
  for (const auto& [key, value] : rest) context.emplace(key, value);
  return SendHtml(req, restinio::status_ok(), StaffPage(rc, heading, Render("queue", context)));
}

mstch::map QueueHandlers::ReassignContext(RequestContext& rc, const storage::Scope& scope,
                                          const app::DueList& list) {
  mstch::map context{{"csrf", rc.session->csrf}};
  if (scope.officer.empty() || !app::MayReassign(*rc.user) || list.items.empty()) return context;
  // The drilled-into officer's cases, most urgent first; those with something falling due
  // while the officer is away are ticked already.
  std::optional<storage::Leave> away;  // the officer's next (or current) leave
  if (auto leave = s_.accounts.LeaveFrom(scope.officer, s_.Today()); !leave.empty())
    away = std::move(leave.front());
  std::map<std::string, bool> due_while_away;
  std::vector<std::string> order;
  for (const auto& i : list.items) {
    if (!due_while_away.count(i.row.crime)) order.push_back(i.row.crime);
    const bool due_away =
        away && i.row.deadline >= away->starts_on && i.row.deadline <= away->ends_on;
    due_while_away[i.row.crime] = due_while_away[i.row.crime] || due_away;
  }
  mstch::array cases;
  for (size_t n = 0; n < order.size(); ++n) {
    cases.push_back(mstch::map{
        {"n", std::to_string(n)}, {"crime", order[n]}, {"checked", due_while_away[order[n]]}});
  }
  const std::string unit = app::HasRole(*rc.user, domain::StaffRole::kSupervisor)
                               ? rc.user->unit
                               : list.items.front().row.unit;
  const mstch::array targets = ReassignTargets(*rc.user, unit, scope.officer);
  context["may_reassign"] = true;
  context["from_officer"] = scope.officer;
  context["away"] =
      away ? fmt::format("{} to {}", away->starts_on.ToString(), away->ends_on.ToString())
           : std::string();
  context["cases"] = cases;
  context["has_targets"] = !targets.empty();
  context["targets"] = targets;
  return context;
}

request_handling_status_t QueueHandlers::ReassignManyForm(RequestContext& rc,
                                                          const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  if (!app::MayReassign(*rc.user))
    throw Forbidden("reassigning cases needs the supervisor or admin role");
  const auto get = FormGetter(form);
  const std::string from = get("from_officer");
  const std::string to = get("officer");
  std::vector<std::string> crimes;
  for (const auto& [key, crime] : form) {
    if (key.rfind("crime.", 0) == 0) crimes.push_back(crime);
  }
  // A form with nothing ticked, or no one chosen, is not a request to reassign anything.
  if (crimes.empty()) throw BadRequest("tick at least one case to reassign");
  if (to.empty()) throw BadRequest("choose who the cases go to");
  const auto status = app::ReassignCasesAs(s_, ActorOf(rc), crimes, to, "");
  if (!status) throw ProblemFor(status.error(), "Cases not reassigned");
  return Redirect(req, fmt::format("/?officer={}&done=reassigned&n={}&to={}", PathOf(from),
                                   crimes.size(), PathOf(to)));
}

}  // namespace cf::http

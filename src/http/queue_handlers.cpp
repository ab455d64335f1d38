#include "app/access.hpp"
#include "app/call_backs.hpp"
#include "app/case_record.hpp"
#include "app/dip_sampling.hpp"
#include "app/import.hpp"
#include "app/letters.hpp"
#include "app/queue_view.hpp"
#include "app/repeat_victims.hpp"
#include "app/rota.hpp"
#include "app/survey.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {
namespace {

// "Repeat victim" once a supervisor confirmed a match, "Possible repeat victim" until then,
// "" for no match.
std::string RepeatTag(const std::map<std::string, bool>& people, const std::string& person) {
  const auto it = people.find(person);
  return it == people.end() ? "" : it->second ? "Repeat victim" : "Possible repeat victim";
}

}  // namespace

namespace {

constexpr size_t kPerPage = 50;       // GOV.UK pagination on the queue page
constexpr int kMaxInstance = 100000;  // a duty's instance: periodic updates count up from 1

// The query parameters that choose a queue's view, in the order its links carry them.
constexpr const char* kViewParams[] = {"officer", "rag", "duty", "crime_type", "enhanced", "sort"};

// What a call-back asks of the officer, by its kind.
std::string ToDo(const std::string& kind) {
  static const std::map<std::string, std::string, std::less<>> kToDo = {
      {"update", "Update"},
      {"message", "Reply in the portal"},
      {"review", "Review request (Victims' Right to Review)"},
      {"large_print", "Letters in large print"},
      {"easy_read", "Letters in easy read"},
      {"language", "Another language"}};
  const auto it = kToDo.find(kind);
  return it == kToDo.end() ? "Call back" : it->second;
}

}  // namespace

app::QueueFilter QueueHandlers::FilterFrom(const request_handle_t& req, core::Date as_of) {
  auto refuse = [](const char* name, const std::string& message) {
    return BadRequest(message,
                      json::array({{{"pointer", fmt::format("?{}", name)}, {"message", message}}}));
  };
  app::QueueFilter f;
  f.as_of = as_of;
  if (const auto rag = Query(req, "rag"); rag == "red") {
    f.rag = rules::Rag::kRed;
  } else if (rag == "amber") {
    f.rag = rules::Rag::kAmber;
  } else if (rag == "green") {
    f.rag = rules::Rag::kGreen;
  } else if (!rag.empty()) {
    throw refuse("rag", "rag must be red, amber or green");
  }
  f.duty = Query(req, "duty");
  if (!f.duty.empty() && std::find(std::begin(domain::kDutyIds), std::end(domain::kDutyIds),
                                   f.duty) == std::end(domain::kDutyIds))
    throw refuse("duty", "duty is not one of the Code's duties (see GET /api/v1/rules)");
  f.crime_type = Query(req, "crime_type");
  if (const auto too_long = FieldTooLong("crime_type", f.crime_type))
    throw refuse("crime_type", *too_long);
  if (const auto e = Query(req, "enhanced"); e == "1" || e == "true") {
    f.enhanced_only = true;
  } else if (!e.empty() && e != "0" && e != "false") {
    throw refuse("enhanced", "enhanced must be true or false");
  }
  if (const auto sort = Query(req, "sort"); sort == "crime") {
    f.sort = storage::QueueSort::kCrime;
  } else if (sort == "person") {
    f.sort = storage::QueueSort::kPerson;
  } else if (!sort.empty() && sort != "deadline") {
    throw refuse("sort", "sort must be deadline, crime or person");
  }
  return f;
}

request_handling_status_t QueueHandlers::Queue(RequestContext& rc, const request_handle_t& req) {
  auto filter = FilterFrom(req, DateParam(req, "as_of"));
  filter.scope = {Query(req, "officer"), Query(req, "unit")};
  if (!filter.scope.officer.empty() && !filter.scope.unit.empty())
    throw BadRequest("give officer or unit, not both");
  filter.limit = NumberParam(req, "limit", 100, 0, 10000);
  filter.offset = NumberParam(req, "offset", 0, 0, 100000000);
  const auto list = app::DueAs(s_, ActorOf(rc), filter);
  if (!list) throw ProblemFor(list.error(), "Queue not shown");
  return Send(req, restinio::status_ok(), "application/json",
              app::DueListJson(*list, filter.as_of));
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
  auto filter = FilterFrom(req, as_of);
  filter.scope.officer = Query(req, "officer");
  const size_t page = NumberParam(req, "page", 1, 1, 1000000);
  filter.offset = (page - 1) * kPerPage;
  filter.limit = kPerPage;
  const auto view = app::QueueAs(s_, ActorOf(rc), filter);
  if (!view) throw ProblemFor(view.error(), "Queue not shown");
  const auto& list = view->due;
  const auto officers = OfficerLabels();
  auto officer_label = [&](const std::string& id) {
    const auto it = officers.find(id);
    return it == officers.end() ? id : it->second;
  };
  mstch::array items;
  const bool may_send = app::MayRecordContacts(*rc.user);            // drafts to check and send
  std::map<std::string, std::map<std::string, bool>> repeat_people;  // by crime, this page
  for (const auto& i : list.items) {
    if (!repeat_people.count(i.row.crime))
      repeat_people[i.row.crime] = app::RepeatVictimPeople(s_, i.row.crime);
  }
  for (const auto& i : list.items) {
    const char* tag = i.rag == rules::Rag::kRed     ? "red"
                      : i.rag == rules::Rag::kAmber ? "yellow"
                                                    : "green";
    const std::string label = i.rag == rules::Rag::kRed     ? "Overdue"
                              : i.rag == rules::Rag::kAmber ? "Due now"
                                                            : "Coming up";
    std::string late;
    if (i.working_days_overdue > 0) {
      late = fmt::format("{} working day{} overdue", i.working_days_overdue,
                         i.working_days_overdue == 1 ? "" : "s");
    }
    items.push_back(mstch::map{
        {"tag", std::string(tag)},
        {"label", label},
        {"reminder", app::IsReminder(i, as_of)
                         ? fmt::format("the force's policy reminds you from {}",
                                       i.row.remind_on->ToDayMonthYear())
                         : std::string()},
        {"deadline", i.row.deadline.ToDayMonthYear()},
        {"late", late},
        {"crime", i.row.crime},
        {"crime_path", PathOf(i.row.crime)},
        {"person", i.person_name.empty() ? i.row.person : i.person_name},
        {"enhanced", i.row.enhanced},
        {"repeat", RepeatTag(repeat_people[i.row.crime], i.row.person)},
        {"officer", view->scope.officer.empty() ? officer_label(i.row.officer) : std::string()},
        {"what", i.more_updates > 0 ? fmt::format("{} (this also covers {} later update{})", i.what,
                                                  i.more_updates, i.more_updates == 1 ? "" : "s")
                                    : i.what},
        {"draft_href", may_send && !app::LetterForDuty(i.row.duty).empty()
                           ? fmt::format("/cases/{}/messages/draft?person={}&duty={}&from=queue",
                                         PathOf(i.row.crime), PathOf(i.row.person), i.row.duty)
                           : std::string()}});
  }
  // A Witness Care Unit's queue is the unit's: no officer column, and only its own duties.
  const bool wcu = app::HasRole(*rc.user, domain::StaffRole::kWcu);
  std::string heading = app::HasRole(*rc.user, domain::StaffRole::kOfficer)
                            ? "My victims and witnesses"
                        : app::HasRole(*rc.user, domain::StaffRole::kSupervisor)
                            ? "My team's outstanding actions"
                            : "Outstanding actions across the force";
  if (wcu) {
    std::string unit = rc.user->unit;
    for (const auto& u : s_.accounts.Units()) {
      if (u.id == rc.user->unit && !u.name.empty()) unit = u.name;
    }
    heading = unit + ": victims and witnesses to keep informed";
  }
  std::map<std::string, int> call_backs_by_officer;
  mstch::array call_back_rows;
  const int answer_days = app::CallBackWorkingDays(s_.cases);
  const core::Date today = s_.Today();
  for (const auto& c : view->call_backs) {
    ++call_backs_by_officer[c.officer];
    const core::Date due = app::CallBackDue(s_.calendar, answer_days, c.raised_at);
    call_back_rows.push_back(mstch::map{
        {"raised", LondonTimeText(c.raised_at)},
        {"due", due.ToLongString()},
        {"overdue", due < today},
        {"href", c.kind == "message" ? fmt::format("/cases/{}/portal/view?person={}#messages",
                                                   PathOf(c.crime), PathOf(c.person))
                                     : "/cases/" + PathOf(c.crime)},
        {"what", ToDo(c.kind)},
        {"crime", c.crime},
        {"crime_path", PathOf(c.crime)},
        {"person", c.person},
        {"officer", officer_label(c.officer)},
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
                 {"officer_path", PathOf(o.officer)},
                 {"name", officer_label(o.officer)},
                 {"red", std::to_string(o.red)},
                 {"amber", std::to_string(o.amber)},
                 {"total", std::to_string(o.total)},
                 {"call_back_total", std::to_string(call_backs_by_officer[o.officer])}};
    if (o.leave) {
      m["leave"] = fmt::format("On leave {} to {}: {} due while away, reassign them",
                               o.leave->starts_on.ToDayMonthYear(),
                               o.leave->ends_on.ToDayMonthYear(), o.due_during_leave);
    }
    team.push_back(m);
  }
  // Links keep the view (filters and order) and change the page.
  std::string view_query;
  for (const char* name : kViewParams) {
    if (const auto value = Query(req, name); !value.empty())
      view_query += fmt::format("{}={}&", name, PathOf(value));
  }
  auto href = [&](size_t n) { return fmt::format("/?{}page={}", view_query, n); };
  const bool filtered =
      filter.rag || !filter.duty.empty() || !filter.crime_type.empty() || filter.enhanced_only;
  mstch::array duty_options{mstch::map{
      {"value", std::string()}, {"label", std::string("Any")}, {"selected", filter.duty.empty()}}};
  for (const auto duty : domain::kDutyIds) {
    if (wcu && !domain::IsWitnessCareDuty(duty)) continue;
    duty_options.push_back(mstch::map{{"value", std::string(duty)},
                                      {"label", std::string(domain::DutyTitle(duty))},
                                      {"selected", filter.duty == duty}});
  }
  mstch::array type_options{mstch::map{{"value", std::string()},
                                       {"label", std::string("Any")},
                                       {"selected", filter.crime_type.empty()}}};
  for (const auto& type : s_.cases.OpenCrimeTypes(view->scope)) {
    type_options.push_back(
        mstch::map{{"value", type}, {"label", type}, {"selected", filter.crime_type == type}});
  }
  auto options = [](const std::vector<std::pair<std::string, std::string>>& choices,
                    const std::string& chosen) {
    mstch::array out;
    for (const auto& [value, label] : choices)
      out.push_back(mstch::map{{"value", value}, {"label", label}, {"selected", value == chosen}});
    return out;
  };
  const int64_t missed = app::MissedCountFor(s_, ActorOf(rc));
  auto context = ReassignContext(rc, view->scope, list);
  if (Query(req, "done") == "queued")
    context["message"] = std::string("Message queued: it will be sent shortly.");
  if (Query(req, "done") == "reassigned") {
    context["message"] =
        fmt::format("{} case(s) reassigned to {}.", Query(req, "n"), Query(req, "to"));
  }
  const mstch::map rest{
      {"heading", view->scope.officer.empty() || app::HasRole(*rc.user, domain::StaffRole::kOfficer)
                      ? heading
                      : officer_label(view->scope.officer) + ": outstanding actions"},
      {"officer", view->scope.officer},
      {"show_officer", view->scope.officer.empty() && !wcu},
      {"show_person", app::MaySeePeople(*rc.user)},
      {"may_open", app::MayViewCases(*rc.user)},
      {"filtered", filtered},
      {"lines", std::to_string(list.lines)},
      {"pagination", Pagination(filter.offset, kPerPage, list.lines, href)},
      {"past_end", list.items.empty() && list.lines > 0},
      {"first_page", href(1)},
      {"rag_options",
       options({{"", "Any"}, {"red", "Overdue"}, {"amber", "Due now"}, {"green", "Coming up"}},
               Query(req, "rag"))},
      {"duty_options", duty_options},
      {"type_options", type_options},
      {"enhanced_only", filter.enhanced_only},
      {"sort_options", options({{"deadline", "Due date, soonest first"},
                                {"crime", "Crime reference"},
                                {"person", "Person's name"}},
                               Query(req, "sort").empty() ? "deadline" : Query(req, "sort"))},
      {"missed", missed > 0 ? std::to_string(missed) : std::string()},
      {"has_team", !team.empty()},
      {"team", team},
      {"as_of", as_of.ToDayMonthYear()},
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
  if (!rc.user->officer.empty() && view->scope.officer == rc.user->officer) {
    mstch::array findings;
    for (const auto& f : app::FindingsForOfficer(s_, ActorOf(rc)))
      findings.push_back(
          mstch::map{{"crime", f.crime},
                     {"crime_path", PathOf(f.crime)},
                     {"score", std::to_string(f.score)},
                     {"when", f.reviewed_at.substr(0, 10)},
                     {"by", app::StaffLabel(s_, f.reviewed_by)},
                     {"findings", f.findings.empty() ? std::string("No findings: "
                                                                   "all as it should be.")
                                                     : f.findings}});
    context["has_findings"] = !findings.empty();
    context["findings"] = findings;
  }
  if (app::HasRole(*rc.user, domain::StaffRole::kSupervisor) && !rc.user->unit.empty()) {
    const size_t comments = app::RecentCommentCount(s_, rc.user->unit);
    if (comments > 0)
      context["comments"] =
          fmt::format("{} comment{} from victims", comments, comments == 1 ? "" : "s");
    context["comments_from"] = s_.Today().AddDays(-app::kRecentCommentDays).ToString();
  }
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

namespace {

json MissedJson(const storage::QueuePage& page, size_t offset) {
  json items = json::array();
  for (const auto& l : page.lines) {
    items.push_back({{"crime", l.row.crime},
                     {"person", l.row.person},
                     {"person_name", l.person_name},
                     {"duty", l.row.duty},
                     {"instance", l.row.instance},
                     {"deadline", l.row.deadline.ToString()},
                     {"officer", l.row.officer},
                     {"unit", l.row.unit}});
  }
  return {{"total", page.total}, {"offset", offset}, {"items", items}};
}

}  // namespace

request_handling_status_t QueueHandlers::Missed(RequestContext& rc, const request_handle_t& req) {
  const size_t offset = NumberParam(req, "offset", 0, 0, 100000000);
  const auto page = app::MissedAs(s_, ActorOf(rc), Query(req, "unit"), offset,
                                  NumberParam(req, "limit", 100, 1, 10000));
  if (!page) throw ProblemFor(page.error(), "Missed duties not shown");
  return SendJson(req, MissedJson(*page, offset));
}

request_handling_status_t QueueHandlers::AcknowledgeMissed(RequestContext& rc,
                                                           const request_handle_t& req) {
  const json body = Body(req);
  storage::MissedAcknowledgement ack;
  ack.crime = Field(body, "crime", true);
  ack.person = Field(body, "person", true);
  ack.duty = Field(body, "duty", true);
  ack.note = Field(body, "notes", true);
  const auto instance = body.find("instance");
  const bool number = instance != body.end() && instance->is_number_integer();
  ack.instance =
      static_cast<int>(WholeNumber(number ? instance->dump() : "", "/instance", 1, kMaxInstance));
  const auto done = app::AcknowledgeMissedAs(s_, ActorOf(rc), ack);
  if (!done) throw ProblemFor(done.error(), "Not acknowledged");
  return SendJson(req, {{"acknowledged", true}});
}

request_handling_status_t QueueHandlers::MissedPage(RequestContext& rc, const request_handle_t& req,
                                                    int failed, const std::string& problem,
                                                    const std::string& note) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const std::string unit = Query(req, "unit");
  const size_t page_number = NumberParam(req, "page", 1, 1, 1000000);
  const size_t offset = (page_number - 1) * kPerPage;
  const auto page = app::MissedAs(s_, ActorOf(rc), unit, offset, kPerPage);
  if (!page) throw ProblemFor(page.error(), "Missed duties not shown");
  const auto officers = OfficerLabels();
  const core::Date today = s_.Today();
  mstch::array items;
  for (size_t n = 0; n < page->lines.size(); ++n) {
    const auto& l = page->lines[n];
    const auto officer = officers.find(l.row.officer);
    const auto late = s_.calendar.CountWorkingDays(l.row.deadline, today);
    mstch::map item{{"n", std::to_string(n)},
                    {"crime", l.row.crime},
                    {"crime_path", PathOf(l.row.crime)},
                    {"person", l.row.person},
                    {"person_name", l.person_name.empty() ? l.row.person : l.person_name},
                    {"duty", l.row.duty},
                    {"duty_title", std::string(domain::DutyTitle(l.row.duty))},
                    {"instance", std::to_string(l.row.instance)},
                    {"deadline", l.row.deadline.ToDayMonthYear()},
                    {"late", late && *late > 0 && l.row.deadline < today
                                 ? fmt::format(" ({} working days ago)", *late)
                                 : std::string()},
                    {"officer", officer == officers.end() ? l.row.officer : officer->second}};
    if (static_cast<int>(n) == failed) {
      item["error"] = problem;
      item["note"] = note;
    }
    items.push_back(item);
  }
  const std::string unit_query = unit.empty() ? "" : "unit=" + PathOf(unit) + "&";
  mstch::map context{{"csrf", rc.session->csrf},
                     {"unit", unit},
                     {"page", std::to_string(page_number)},
                     {"items", items},
                     {"has_items", !items.empty()},
                     {"pagination", Pagination(offset, kPerPage, page->total, [&](size_t n) {
                        return fmt::format("/missed?{}page={}", unit_query, n);
                      })}};
  if (failed >= 0) {
    context["problem"] = true;
    context["linked_problems"] =
        mstch::array{mstch::map{{"text", problem}, {"href", fmt::format("#note-{}", failed)}}};
  }
  if (Query(req, "done") == "acknowledged") context["message"] = std::string("Acknowledged.");
  return SendHtml(req,
                  failed >= 0 ? restinio::status_unprocessable_entity() : restinio::status_ok(),
                  StaffPage(rc, "Missed before closure", Render("missed", context)));
}

request_handling_status_t QueueHandlers::AcknowledgeMissedForm(RequestContext& rc,
                                                               const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto get = FormGetter(form);
  storage::MissedAcknowledgement ack{
      get("crime"), get("person"), get("duty"), 1, get("notes"), "", ""};
  ack.instance = static_cast<int>(WholeNumber(get("instance"), "instance", 1, kMaxInstance));
  const auto n = static_cast<int>(WholeNumber(get("n"), "n", 0, kPerPage - 1));  // on the page
  const auto done = app::AcknowledgeMissedAs(s_, ActorOf(rc), ack);
  if (!done && done.error().code == core::ErrorCode::kInvalidArgument)
    return MissedPage(rc, req, n, done.error().message, ack.note);
  if (!done) throw ProblemFor(done.error(), "Not acknowledged");
  const std::string unit = get("unit");
  return Redirect(req, fmt::format("/missed?{}done=acknowledged",
                                   unit.empty() ? "" : "unit=" + PathOf(unit) + "&"));
}

}  // namespace cf::http

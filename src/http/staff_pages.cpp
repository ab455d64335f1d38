#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/work_queue.hpp"
#include "http/api.hpp"
#include "http/event_forms.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

request_handling_status_t Api::SendHtml(const request_handle_t& req,
                                        restinio::http_status_line_t status, std::string html) {
  return req->create_response(status)
      .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header("Cache-Control", "no-store")
      .append_header("X-Content-Type-Options", "nosniff")
      .append_header("X-Frame-Options", "DENY")
      .append_header("Content-Security-Policy",
                     "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
      .append_header("Referrer-Policy", "no-referrer")
      .set_body(std::move(html))
      .done();
}

request_handling_status_t Api::Redirect(const request_handle_t& req, const std::string& to,
                                        const std::string& cookie) {
  auto r = req->create_response(restinio::status_see_other());
  r.append_header(restinio::http_field::location, to);
  if (!cookie.empty()) r.append_header(restinio::http_field::set_cookie, cookie);
  return r.done();
}

std::string Api::PathOf(const std::string& crime) {
  std::string out;
  for (const unsigned char c : crime) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string Api::NextShiftsText(const std::string& user, size_t count) {
  core::LondonDates london;
  const core::Instant now = Now();
  const std::string wall_clock = london.DateOf(now).ToString() + "T" + london.ClockOf(now);
  std::string out;
  for (const auto& s : accounts_->NextShifts(user, wall_clock, count)) {
    const auto day = core::Date::Parse(s.starts_at.substr(0, 10));
    out += fmt::format("{}{} {} to {}", out.empty() ? "" : "; ",
                       day ? day->ToLongString() : s.starts_at.substr(0, 10),
                       s.starts_at.substr(11, 5), s.ends_at.substr(11, 5));
  }
  return out.empty() ? "none on the rota" : out;
}

std::string Api::OfficerAvailability(const std::string& officer) {
  const auto who = accounts_->UserForOfficer(officer);
  if (!who) return "";
  const std::string today = today_().ToString();
  for (const auto& l : accounts_->LeaveFrom(officer, today)) {
    if (l.starts_on <= today)
      return fmt::format("On leave until {}. Next shifts: {}", l.ends_on,
                         NextShiftsText(who->name, 3));
  }
  return "Next shifts: " + NextShiftsText(who->name, 3);
}

std::string Api::LondonTimeText(const std::string& rfc3339) {
  const auto at = core::ParseRfc3339(rfc3339);
  if (!at) return rfc3339;
  core::LondonDates london;
  return london.DateOf(*at).ToLongString() + " " + london.ClockOf(*at);
}

request_handling_status_t Api::QueuePage(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto scope = app::QueueScopeFor(*user_, {Query(req, "officer"), ""});
  if (!scope) throw Forbidden("you may see only your own queue");
  const core::Date as_of = today_();
  const auto list = app::Due(*store_, engine_, library_, *scope, as_of, 200);
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
        {"deadline", i.row.deadline},
        {"crime", i.row.crime},
        {"crime_path", PathOf(i.row.crime)},
        {"person", i.row.person},
        {"what", i.more_updates > 0
                     ? fmt::format("{} (this also covers {} later updates)", i.what, i.more_updates)
                     : i.what}});
  }
  const std::string heading = user_->role == "officer" ? "My victims and witnesses"
                              : user_->role == "supervisor"
                                  ? "My team's outstanding actions"
                                  : "Outstanding actions across the force";
  Audit("viewed_queue", "",
        scope->officer.empty() ? (scope->unit.empty() ? "force" : "unit " + scope->unit)
                               : "officer " + scope->officer);
  // Call-backs first: someone is waiting for a call.
  const auto call_backs = store_->OpenCallBacks(*scope, 200);
  std::map<std::string, int> call_backs_by_officer;
  mstch::array call_back_rows;
  for (const auto& c : call_backs) {
    ++call_backs_by_officer[c.officer];
    call_back_rows.push_back(mstch::map{{"raised", LondonTimeText(c.raised_at)},
                                        {"crime", c.crime},
                                        {"crime_path", PathOf(c.crime)},
                                        {"person", c.person},
                                        {"officer", c.officer},
                                        {"request", c.request}});
  }
  // Messages that could not be delivered after every retry: the officer must reach them another
  // way.
  mstch::array undelivered;
  for (const auto& m : store_->OutboxWithStatus("failed", 500)) {
    const auto c = store_->FindCase(m.crime);
    if (!c || (!scope->officer.empty() && c->officer != scope->officer) ||
        (!scope->unit.empty() && c->unit != scope->unit)) {
      continue;
    }
    undelivered.push_back(mstch::map{{"crime", m.crime},
                                     {"crime_path", PathOf(m.crime)},
                                     {"person", m.person},
                                     {"channel", m.channel},
                                     {"subject", notify::Plain(m.subject)},
                                     {"error", m.last_error},
                                     {"when", LondonTimeText(m.updated_at)}});
  }
  mstch::array team;
  if (user_->role == "supervisor") {
    for (const auto& o :
         app::TeamLoad(*store_, engine_, library_, user_->unit, as_of, accounts_.get())) {
      mstch::map m{{"officer", o.officer},
                   {"red", std::to_string(o.red)},
                   {"amber", std::to_string(o.amber)},
                   {"total", std::to_string(o.total)},
                   {"call_back_total", std::to_string(call_backs_by_officer[o.officer])}};
      if (!o.leave_from.empty()) {
        m["leave"] = fmt::format("On leave {} to {}: {} due while away, reassign them",
                                 o.leave_from, o.leave_to, o.due_during_leave);
      }
      team.push_back(m);
    }
  }
  auto context = ReassignContext(*scope, list);
  if (Query(req, "done") == "reassigned") {
    context["message"] =
        fmt::format("{} case(s) reassigned to {}.", Query(req, "n"), Query(req, "to"));
  }
  const mstch::map rest{{"heading", scope->officer.empty() || user_->role == "officer"
                                        ? heading
                                        : "Officer " + scope->officer + "'s outstanding actions"},
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
                        {"my_shifts", user_->role == "officer" || user_->role == "supervisor"
                                          ? NextShiftsText(user_->name, 3)
                                          : std::string()},
                        {"call_back_count", std::to_string(call_back_rows.size())}};
  for (const auto& [key, value] : rest) context.emplace(key, value);
  return SendHtml(req, restinio::status_ok(), StaffPage(heading, Render("queue", context)));
}

mstch::map Api::ReassignContext(const storage::Scope& scope, const app::DueList& list) {
  mstch::map context{{"csrf", session_->csrf}};
  if (scope.officer.empty() || !app::MayReassign(*user_) || list.items.empty()) return context;
  // The drilled-into officer's cases, most urgent first; those with something falling due
  // while the officer is away are ticked already.
  const std::string today = today_().ToString();
  std::string away_from, away_to;  // the officer's next (or current) leave
  if (const auto leave = accounts_->LeaveFrom(scope.officer, today); !leave.empty()) {
    away_from = leave.front().starts_on;
    away_to = leave.front().ends_on;
  }
  std::map<std::string, bool> due_while_away;
  std::vector<std::string> order;
  for (const auto& i : list.items) {
    if (!due_while_away.count(i.row.crime)) order.push_back(i.row.crime);
    const bool away =
        !away_from.empty() && i.row.deadline >= away_from && i.row.deadline <= away_to;
    due_while_away[i.row.crime] = due_while_away[i.row.crime] || away;
  }
  mstch::array cases;
  for (size_t n = 0; n < order.size(); ++n) {
    cases.push_back(mstch::map{
        {"n", std::to_string(n)}, {"crime", order[n]}, {"checked", due_while_away[order[n]]}});
  }
  const std::string unit = user_->role == "supervisor" ? user_->unit : list.items.front().row.unit;
  mstch::array targets;
  for (const auto& u : accounts_->UsersInUnit(unit)) {
    if (!u.officer.empty() && u.officer != scope.officer && !u.disabled && u.role == "officer") {
      targets.push_back(mstch::map{{"officer", u.officer}, {"name", u.name}});
    }
  }
  context["may_reassign"] = true;
  context["from_officer"] = scope.officer;
  context["away"] = away_from.empty() ? std::string() : fmt::format("{} to {}", away_from, away_to);
  context["cases"] = cases;
  context["has_targets"] = !targets.empty();
  context["targets"] = targets;
  return context;
}

request_handling_status_t Api::ReassignManyForm(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  if (!app::MayReassign(*user_))
    throw Forbidden("reassigning cases needs the supervisor or admin role");
  const auto get = FormGetter(form);
  const std::string from = get("from_officer");
  const std::string to = get("officer");
  std::vector<storage::CaseRow> rows;
  for (const auto& [key, crime] : form) {
    if (key.rfind("crime.", 0) != 0) continue;
    const auto row = store_->FindCase(crime);
    if (!row) throw NotFound("no case " + crime);
    if (!app::MayViewCase(*user_, *row)) {
      Audit("denied_assign", crime, "");
      throw Forbidden("case " + crime + " is outside what your role and unit may see");
    }
    rows.push_back(*row);
  }
  if (rows.empty()) throw BadRequest("tick at least one case to reassign");
  if (to.empty()) throw BadRequest("choose who the cases go to");
  storage::Transaction tx(*store_);  // all of them or none
  for (const auto& row : rows) {
    const auto status = Reassign(row, to, "");
    if (!status)
      throw Problem{restinio::status_unprocessable_entity(), "Cases not reassigned",
                    status.error().message};
  }
  tx.Commit();
  return Redirect(req, fmt::format("/?officer={}&done=reassigned&n={}&to={}", PathOf(from),
                                   rows.size(), PathOf(to)));
}

request_handling_status_t Api::CasePage(const request_handle_t& req,
                                        const restinio::router::route_params_t& params,
                                        const std::string& problem_title,
                                        const std::vector<std::string>& problems,
                                        restinio::http_status_line_t status) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto row = CaseFor(params, "case");
  const core::Date today = today_();
  auto record = app::ReadCaseRecord(*store_, engine_, library_, row.crime, today);
  if (!record) throw NotFound(record.error().message);
  auto joined = [](const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
  };
  auto labelled = [](const std::vector<app::LabelledValue>& values) {
    mstch::array out;
    for (const auto& v : values) out.push_back(mstch::map{{"label", v.label}, {"value", v.value}});
    return out;
  };
  auto strings = [](const std::vector<std::string>& values) {
    mstch::array out;
    for (const auto& v : values) out.push_back(v);
    return out;
  };
  mstch::array people;
  for (const auto& person : record->people) {
    mstch::map p{{"person", person.person},
                 {"display_name", person.display_name.empty() ? std::string("name not recorded")
                                                              : person.display_name},
                 {"role", person.role},
                 {"flags_text", joined(person.flags)},
                 {"has_enhanced", !person.enhanced.empty()},
                 {"enhanced", strings(person.enhanced)},
                 {"has_referrals", !person.referrals.empty()},
                 {"referrals", strings(person.referrals)},
                 {"contact_details", labelled(person.contact_details)},
                 {"has_contract", !person.contract.empty()},
                 {"contract", labelled(person.contract)},
                 {"has_needs", !person.needs.empty()},
                 {"needs", labelled(person.needs)}};
    if (!person.represents.empty()) p["represents"] = person.represents;
    people.push_back(p);
  }
  mstch::array obligations;
  for (const auto& o : record->obligations) {
    const char* tag = o.status == "Met"        ? "green"
                      : o.status == "Overdue"  ? "red"
                      : o.status == "Met late" ? "orange"
                                               : "grey";
    obligations.push_back(mstch::map{{"person", o.row.person},
                                     {"duty", o.what},
                                     {"enhanced", o.row.enhanced},
                                     {"trigger_date", o.row.trigger_date},
                                     {"deadline", o.row.deadline},
                                     {"status", o.status},
                                     {"tag", std::string(tag)},
                                     {"explanation", o.explanation}});
  }
  mstch::array timeline;
  for (const auto& t : record->timeline) {
    mstch::map entry{{"title", t.title},
                     {"date", t.date},
                     {"time", t.time},
                     {"contact", t.contact},
                     {"has_details", !t.details.empty()},
                     {"details", strings(t.details)}};
    if (!t.by.empty()) entry["by"] = t.by;
    timeline.push_back(entry);
  }
  const std::string done = Query(req, "done");
  mstch::map context{{"crime", row.crime},
                     {"crime_path", PathOf(row.crime)},
                     {"crime_type", row.crime_type},
                     {"unit", row.unit},
                     {"officer", row.officer},
                     {"closed", row.closed},
                     {"people", people},
                     {"obligations", obligations},
                     {"timeline", timeline},
                     {"csrf", session_->csrf},
                     {"as_of", today.ToLongString()},
                     {"crime_flags_text", joined(record->crime_flags)},
                     {"record_error", record->error},
                     {"may_contact", app::MayRecordContacts(*user_)},
                     {"may_close", !row.closed && app::MayCloseCases(*user_)},
                     {"may_override", app::MayOverrideClosureGate(*user_)}};
  if (done == "contact") context["message"] = std::string("Contact recorded.");
  if (done == "closed") context["message"] = std::string("Case closed.");
  if (done == "assigned") context["message"] = std::string("Case reassigned.");
  if (done == "event") context["message"] = std::string("Saved. The duties below now include it.");
  if (done == "answered") context["message"] = std::string("Call recorded as an update.");
  if (done == "call_back")
    context["message"] =
        "Call-back requested: officer " + row.officer + " sees it at the top of their queue.";
  if (done == "call_back_done") context["message"] = std::string("Call-back marked as done.");
  mstch::array call_backs;
  for (const auto& c : store_->CaseCallBacks(row.crime)) {
    call_backs.push_back(mstch::map{{"id", std::to_string(c.id)},
                                    {"raised", LondonTimeText(c.raised_at)},
                                    {"person", c.person},
                                    {"request", c.request},
                                    {"done", !c.done_at.empty()},
                                    {"outcome", c.outcome},
                                    {"done_by", c.done_by}});
  }
  context["has_call_backs"] = !call_backs.empty();
  context["call_backs"] = call_backs;
  context["may_take_calls"] = user_->role == "bureau" || user_->role == "admin";
  if (done == "queued")
    context["message"] =
        std::string("Message queued. It is sent within a minute; its status is below.");
  if (done == "suppressed")
    context["message"] = std::string(
        "Not sent: the contact agreement says that channel is not safe. This is recorded.");
  context["may_send"] = app::MayRecordContacts(*user_);
  mstch::array templates;
  for (const auto& id : notify::TemplateIds()) {
    const auto t = notify::BuiltInTemplate(id, "en");
    if (t) templates.push_back(mstch::map{{"id", id}, {"subject", t->subject}});
  }
  context["templates"] = templates;
  mstch::array messages;
  for (const auto& m : store_->CaseOutbox(row.crime)) {
    static const std::map<std::string, std::pair<const char*, const char*>> kStatus = {
        {"created", {"grey", "Waiting"}},
        {"sending", {"blue", "Sending"}},
        {"delivered", {"green", "Delivered"}},
        {"failed", {"red", "Failed"}},
        {"suppressed", {"orange", "Not sent"}}};
    const auto s =
        kStatus.count(m.status) ? kStatus.at(m.status) : std::make_pair("grey", m.status.c_str());
    messages.push_back(mstch::map{
        {"when", LondonTimeText(m.created_at)},
        {"person", m.person},
        {"channel", m.channel},
        {"subject", notify::Plain(m.subject)},
        {"tag", std::string(s.first)},
        {"status",
         std::string(m.channel == "letter" && m.status == "delivered" ? "Posted" : s.second)},
        {"note", m.last_error}});
  }
  context["has_messages"] = !messages.empty();
  context["messages"] = messages;
  context["officer_availability"] = OfficerAvailability(row.officer);
  mstch::array choices;
  for (const auto& f : EventForms()) {
    if (app::MayRecordCaseEvent(*user_, f.investigative)) {
      choices.push_back(mstch::map{{"type", f.type}, {"choice", f.choice}});
    }
  }
  context["has_event_choices"] = !choices.empty();
  context["event_choices"] = choices;
  context["may_reassign"] = !row.closed && app::MayReassign(*user_);
  if (!problems.empty()) {
    context["problem"] = true;
    mstch::array list;
    for (const auto& p : problems) list.push_back(p);
    context["problems"] = list;
  }
  Audit("viewed_case", row.crime, "");
  return SendHtml(req, status,
                  Page(problem_title.empty() ? "Crime " + row.crime : problem_title,
                       Render("case", context), user_->name, session_->csrf, user_->role));
}

app::ContactRequest Api::PostedContact(const request_handle_t& req,
                                       const restinio::router::route_params_t& params,
                                       storage::CaseRow& row) {
  auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireContactRole();
  row = CaseFor(params, "contact");
  form.erase("id");  // pages always make a new contact
  return ContactFrom(row, FormGetter(form));
}

request_handling_status_t Api::ContactCheckPage(const request_handle_t& req,
                                                const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  storage::CaseRow row;
  const app::ContactRequest r = PostedContact(req, params, row);
  const auto preview = app::PreviewContact(*store_, engine_, library_, r);
  if (!preview) {
    return CasePage(req, params, "Error: contact not recorded", {preview.error().message},
                    restinio::status_unprocessable_entity());
  }
  static const std::map<std::string, std::string> kWords = {{"phone", "Phone"},
                                                            {"visit", "Visit"},
                                                            {"letter", "Letter"},
                                                            {"email", "Email"},
                                                            {"sms", "Text message"},
                                                            {"portal", "Portal"},
                                                            {"spoke", "Spoke to them"},
                                                            {"visited", "Visited them"},
                                                            {"letter_sent", "Letter sent"},
                                                            {"email_sent", "Email sent"},
                                                            {"sms_sent", "Text sent"},
                                                            {"left_message", "Left a message"},
                                                            {"no_answer", "No answer"},
                                                            {"portal_message", "Portal message"}};
  auto words = [&](const std::string& v) { return kWords.count(v) ? kWords.at(v) : v; };
  mstch::array satisfies;
  for (const auto& d : *preview) {
    satisfies.push_back(mstch::map{
        {"person", d.person}, {"what", d.what}, {"deadline", d.deadline}, {"late", d.late}});
  }
  std::string display_name;
  for (const auto& p : store_->CasePeople(row.crime)) {
    if (p.person == r.person) display_name = p.display_name;
  }
  const mstch::map context{{"crime", row.crime},
                           {"crime_path", PathOf(row.crime)},
                           {"csrf", session_->csrf},
                           {"person", r.person},
                           {"display_name", display_name},
                           {"channel", r.channel},
                           {"channel_text", words(r.channel)},
                           {"outcome", r.outcome},
                           {"outcome_text", words(r.outcome)},
                           {"summary", r.summary},
                           {"has_satisfies", !satisfies.empty()},
                           {"satisfies", satisfies},
                           {"no_answer", r.outcome == "no_answer" || r.outcome == "left_message"}};
  return SendHtml(req, restinio::status_ok(),
                  StaffPage("Check the contact", Render("contact_check", context)));
}

request_handling_status_t Api::ContactForm(const request_handle_t& req,
                                           const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  storage::CaseRow row;
  const app::ContactRequest r = PostedContact(req, params, row);
  const auto result = app::RecordContact(*store_, engine_, library_, r);
  if (!result) {
    return CasePage(req, params, "Error: contact not recorded", {result.error().message},
                    restinio::status_unprocessable_entity());
  }
  Audit("recorded_contact", row.crime, fmt::format("{} {} {}", r.person, r.channel, r.outcome));
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=contact");
}

request_handling_status_t Api::CloseForm(const request_handle_t& req,
                                         const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireCloseRole();
  const auto row = CaseFor(params, "close");
  const app::CloseRequest r = CloseFrom(row, FormGetter(form));
  const auto result = app::CloseCase(*store_, engine_, library_, r);
  if (!result) {
    return CasePage(req, params, "Error: case not closed", {result.error().message},
                    restinio::status_conflict());
  }
  if (!result->closed) {
    std::vector<std::string> problems;
    for (const auto& u : result->untold) {
      problems.push_back(
          fmt::format("{} has not been told: {} (due {})", u.person, u.duty, u.deadline));
    }
    problems.push_back(r.may_override
                           ? "Tell them first, or give a supervisor override reason"
                           : "Tell them first. A supervisor can close it with an override reason.");
    Audit("close_refused", row.crime, fmt::format("{} untold decision(s)", result->untold.size()));
    return CasePage(req, params, "Error: case not closed", problems, restinio::status_conflict());
  }
  Audit(result->overridden ? "closed_case_override" : "closed_case", row.crime,
        result->overridden ? r.override_reason : r.outcome);
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=closed");
}

request_handling_status_t Api::SearchPage(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const std::string q = Query(req, "q");
  mstch::map context{{"q", q}};
  if (!q.empty()) {
    mstch::array results;
    for (const auto& r : Found(q)) {
      results.push_back(mstch::map{{"crime", r["crime"].get<std::string>()},
                                   {"crime_path", PathOf(r["crime"].get<std::string>())},
                                   {"crime_type", r["crime_type"].get<std::string>()},
                                   {"unit", r["unit"].get<std::string>()},
                                   {"officer", r["officer"].get<std::string>()},
                                   {"closed", r["closed"].get<bool>()},
                                   {"names", r["names"].get<std::string>()}});
    }
    context["searched"] = true;
    context["count"] = std::to_string(results.size());
    context["results"] = results;
  }
  return SendHtml(
      req, restinio::status_ok(),
      Page("Find a case", Render("search", context), user_->name, session_->csrf, user_->role));
}

request_handling_status_t Api::AssignForm(const request_handle_t& req,
                                          const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  const auto row = CaseFor(params, "assign");
  const auto get = FormGetter(form);
  const auto status = Reassign(row, get("officer"), get("unit"));
  if (!status) {
    return CasePage(req, params, "Error: case not reassigned", {status.error().message},
                    restinio::status_unprocessable_entity());
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=assigned");
}

}  // namespace cf::http

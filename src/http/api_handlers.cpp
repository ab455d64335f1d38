#include "app/access.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/api.hpp"

namespace cf::http {

void Api::Audit(const std::string& action, const std::string& crime, const std::string& detail) {
  accounts_->Audit({"", user_->name, action, crime, "", detail, source_});
}

core::Date Api::DateParam(const request_handle_t& req, const char* name) {
  const std::string text = Query(req, name);
  if (text.empty()) return today_();
  const auto d = core::Date::Parse(text);
  if (!d) {
    throw BadRequest(
        fmt::format("{} must be a date YYYY-MM-DD", name),
        json::array({{{"pointer", fmt::format("?{}", name)}, {"message", "not a date: " + text}}}));
  }
  return *d;
}

request_handling_status_t Api::Queue(const request_handle_t& req) {
  const auto as_of = DateParam(req, "as_of");
  const storage::Scope asked{Query(req, "officer"), Query(req, "unit")};
  if (!asked.officer.empty() && !asked.unit.empty())
    throw BadRequest("give officer or unit, not both");
  const auto scope = app::QueueScopeFor(*user_, asked);
  if (!scope) {
    throw Forbidden(user_->role == "officer" ? "officers may see only their own queue"
                                             : "supervisors may see only their own unit's queue");
  }
  size_t limit = 100;
  if (const auto l = Query(req, "limit"); !l.empty()) {
    try {
      limit = std::stoul(l);
    } catch (const std::exception&) {
      throw BadRequest("limit must be a whole number",
                       json::array({{{"pointer", "?limit"}, {"message", l}}}));
    }
  }
  const auto list = app::Due(*store_, engine_, library_, *scope, as_of, limit);
  Audit("viewed_queue", "",
        scope->officer.empty() ? (scope->unit.empty() ? "force" : "unit " + scope->unit)
                               : "officer " + scope->officer);
  return Send(req, restinio::status_ok(), "application/json", app::DueListJson(list, as_of));
}

request_handling_status_t Api::Case(const request_handle_t& req,
                                    const restinio::router::route_params_t& params) {
  const std::string crime = restinio::utils::unescape_percent_encoding(params["crime"]);
  const auto row = store_->FindCase(crime);
  if (!row) throw NotFound(fmt::format("no case {}", crime));
  if (!app::MayViewCase(*user_, *row)) {
    Audit("denied_case", crime, "");
    throw Forbidden("this case is outside what your role and unit may see");
  }
  json people = json::array();
  for (const auto& p : store_->CasePeople(crime)) {
    people.push_back({{"person", p.person},
                      {"role", p.role},
                      {"represents", p.represents.empty() ? json(nullptr) : json(p.represents)}});
  }
  json obligations = json::array();
  for (const auto& o : store_->CaseObligations(crime)) {
    obligations.push_back(
        {{"person", o.person},
         {"duty", o.duty},
         {"instance", o.instance},
         {"trigger_date", o.trigger_date},
         {"deadline", o.deadline},
         {"enhanced", o.enhanced},
         {"met_at", o.met_at.empty() ? json(nullptr) : json(o.met_at)},
         {"not_required", o.not_required.empty() ? json(nullptr) : json(o.not_required)}});
  }
  Audit("viewed_case", crime, "");
  return SendJson(req, {{"crime", row->crime},
                        {"crime_type", row->crime_type},
                        {"unit", row->unit},
                        {"officer", row->officer},
                        {"recorded_on", row->recorded_on},
                        {"closed", row->closed},
                        {"computed_as_of", row->computed_as_of},
                        {"people", people},
                        {"obligations", obligations}});
}

request_handling_status_t Api::Events(const request_handle_t& req) {
  if (!app::MayRecordEvents(*user_))
    throw Forbidden("recording events through the API needs the admin role");
  // JSON Lines as sent, or one JSON object, or an array of them.
  std::string text = req->body();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    const auto arr = json::parse(text, nullptr, false);
    if (arr.is_discarded() || !arr.is_array()) throw BadRequest("the body is not valid JSON");
    text.clear();
    for (const auto& e : arr) text += e.dump() + "\n";
  }
  app::ImportOptions options;
  options.source = fmt::format("api:{}", user_->name);
  options.now = events::FormatInstant(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count() /
                                      1000 * 1000);
  const auto report = app::ImportJsonLines(*store_, engine_, library_, text, options);
  if (!report.written) {
    json errors = json::array();
    for (const auto& e : report.errors)
      errors.push_back({{"line", e.line}, {"message", e.message}});
    return SendProblem(
        req, {restinio::status_unprocessable_entity(), "Events rejected",
              fmt::format("{} bad line(s); nothing was stored", report.errors.size()), errors});
  }
  Audit("recorded_events", "",
        fmt::format("{} new, {} already stored", report.accepted, report.duplicates));
  return SendJson(req, {{"lines", report.lines},
                        {"accepted", report.accepted},
                        {"duplicates", report.duplicates},
                        {"cases", report.cases},
                        {"obligations", report.obligations}});
}

// The case in the path, which the caller's role and unit must allow acting on.
storage::CaseRow Api::CaseFor(const restinio::router::route_params_t& params, const char* action) {
  const std::string crime = restinio::utils::unescape_percent_encoding(params["crime"]);
  const auto row = store_->FindCase(crime);
  if (!row) throw NotFound(fmt::format("no case {}", crime));
  if (!app::MayViewCase(*user_, *row)) {
    Audit(std::string("denied_") + action, crime, "");
    throw Forbidden("this case is outside what your role and unit may see");
  }
  return *row;
}

json Api::Body(const request_handle_t& req) {
  const auto body = json::parse(req->body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw BadRequest("the body must be a JSON object");
  return body;
}

std::string Api::Field(const json& body, const char* name, bool required) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) {
      throw BadRequest(
          fmt::format("{} is required", name),
          json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "required"}}}));
    }
    return {};
  }
  if (!it->is_string()) {
    throw BadRequest(
        fmt::format("{} must be a string", name),
        json::array({{{"pointer", fmt::format("/{}", name)}, {"message", "must be a string"}}}));
  }
  return it->get<std::string>();
}

core::Instant Api::Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() /
         1000 * 1000;
}

json Api::SatisfiedJson(const std::vector<app::SatisfiedDuty>& duties) {
  json out = json::array();
  for (const auto& d : duties) {
    out.push_back({{"person", d.person},
                   {"duty", d.duty},
                   {"instance", d.instance},
                   {"deadline", d.deadline},
                   {"late", d.late},
                   {"what", d.what}});
  }
  return out;
}

// The same requests from the JSON API and from the page forms.
app::ContactRequest Api::ContactFrom(const storage::CaseRow& row, const Getter& get) const {
  app::ContactRequest r;
  r.crime = row.crime;
  r.event_id = get("id");
  if (r.event_id.empty()) r.event_id = "staff:" + auth::NewToken().substr(3, 32);
  r.person = get("person");
  r.channel = get("channel");
  r.outcome = get("outcome");
  r.summary = get("summary");
  r.by = user_->officer;
  r.at = Now();
  return r;
}

app::CloseRequest Api::CloseFrom(const storage::CaseRow& row, const Getter& get) const {
  app::CloseRequest r;
  r.crime = row.crime;
  r.event_id = "staff:" + auth::NewToken().substr(3, 32);
  r.outcome = get("outcome");
  r.reason = get("reason");
  r.override_reason = get("override_reason");
  r.may_override = app::MayOverrideClosureGate(*user_);
  r.by = user_->officer;
  r.at = Now();
  return r;
}

void Api::RequireContactRole() const {
  if (!app::MayRecordContacts(*user_)) throw Forbidden("analysts do not record contacts");
}

void Api::RequireCloseRole() const {
  if (!app::MayCloseCases(*user_))
    throw Forbidden("closing a case needs the officer, supervisor or admin role");
}

Api::Getter Api::FormGetter(const std::map<std::string, std::string>& form) {
  return [&form](const char* name) { return FormValue(form, name); };
}

request_handling_status_t Api::Contact(const request_handle_t& req,
                                       const restinio::router::route_params_t& params) {
  RequireContactRole();
  const auto row = CaseFor(params, "contact");
  const json body = Body(req);
  for (const char* required : {"person", "channel", "outcome"}) Field(body, required, true);
  app::ContactRequest r =
      ContactFrom(row, [&](const char* name) { return Field(body, name, false); });
  if (const auto it = body.find("covers"); it != body.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_string()) r.covers.push_back(c.get<std::string>());
    }
  }
  const bool preview = Query(req, "preview") == "true";
  const auto result = preview ? app::PreviewContact(*store_, engine_, library_, r)
                              : app::RecordContact(*store_, engine_, library_, r);
  if (!result) {
    throw Problem{restinio::status_unprocessable_entity(), "Contact not recorded",
                  result.error().message,
                  json::array({{{"pointer", "/"}, {"message", result.error().message}}})};
  }
  if (!preview)
    Audit("recorded_contact", row.crime, fmt::format("{} {} {}", r.person, r.channel, r.outcome));
  return SendJson(
      req, {{"id", r.event_id}, {"recorded", !preview}, {"satisfies", SatisfiedJson(*result)}});
}

// Cases matching `q` that the caller may see, with the names on them.
json Api::Found(const std::string& q) {
  if (!app::MaySeePeople(*user_)) throw Forbidden("this role does not search person-level records");
  const std::string text = q.substr(0, 200);
  json out = json::array();
  if (text.size() < 3)
    throw BadRequest("search for at least 3 characters",
                     json::array({{{"pointer", "?q"}, {"message", "too short"}}}));
  for (const auto& crime : store_->SearchCases(text, 200)) {
    const auto row = store_->FindCase(crime);
    if (!row || !app::MayViewCase(*user_, *row)) continue;
    std::string names;
    for (const auto& p : store_->CasePeople(crime)) {
      if (!p.display_name.empty())
        names += (names.empty() ? "" : "; ") + p.display_name + " (" + p.role + ")";
    }
    out.push_back({{"crime", row->crime},
                   {"crime_type", row->crime_type},
                   {"unit", row->unit},
                   {"officer", row->officer},
                   {"closed", row->closed},
                   {"names", names}});
    if (out.size() >= 50) break;
  }
  Audit("searched", "", fmt::format("\"{}\": {} found", text, out.size()));
  return out;
}

request_handling_status_t Api::Search(const request_handle_t& req) {
  return SendJson(req, {{"q", Query(req, "q")}, {"results", Found(Query(req, "q"))}});
}

json Api::TeamJson(const std::string& unit, core::Date as_of) {
  if (!app::MayViewTeam(*user_, unit))
    throw Forbidden("supervisors see only their own unit's team");
  json officers = json::array();
  for (const auto& o : app::TeamLoad(*store_, engine_, library_, unit, as_of, accounts_.get())) {
    json entry = {{"officer", o.officer}, {"red", o.red}, {"amber", o.amber}, {"total", o.total}};
    if (!o.leave_from.empty()) {
      entry["leave"] = {
          {"from", o.leave_from}, {"to", o.leave_to}, {"due_during_leave", o.due_during_leave}};
    }
    officers.push_back(entry);
  }
  Audit("viewed_team", "", "unit " + unit);
  return {{"unit", unit}, {"as_of", as_of.ToString()}, {"officers", officers}};
}

request_handling_status_t Api::Team(const request_handle_t& req) {
  std::string unit = Query(req, "unit");
  if (unit.empty()) unit = user_->unit;
  return SendJson(req, TeamJson(unit, DateParam(req, "as_of")));
}

core::Status Api::Reassign(const storage::CaseRow& row, const std::string& officer,
                           const std::string& unit) {
  if (!app::MayReassign(*user_))
    throw Forbidden("reassigning cases needs the supervisor or admin role");
  app::AssignRequest r{
      "staff:" + auth::NewToken().substr(3, 32), row.crime, officer, unit, user_->officer, Now()};
  const auto status = app::AssignCase(*store_, engine_, library_, r);
  if (status)
    Audit("reassigned_case", row.crime, fmt::format("from {} to {}", row.officer, officer));
  return status;
}

request_handling_status_t Api::Assign(const request_handle_t& req,
                                      const restinio::router::route_params_t& params) {
  const auto row = CaseFor(params, "assign");
  const json body = Body(req);
  const auto status = Reassign(row, Field(body, "officer", true), Field(body, "unit", false));
  if (!status)
    throw Problem{restinio::status_unprocessable_entity(), "Case not reassigned",
                  status.error().message};
  return SendJson(req, {{"crime", row.crime}, {"officer", Field(body, "officer", true)}});
}

request_handling_status_t Api::Close(const request_handle_t& req,
                                     const restinio::router::route_params_t& params) {
  RequireCloseRole();
  const auto row = CaseFor(params, "close");
  const json body = Body(req);
  for (const char* required : {"outcome", "reason"}) Field(body, required, true);
  const app::CloseRequest r =
      CloseFrom(row, [&](const char* name) { return Field(body, name, false); });
  const auto result = app::CloseCase(*store_, engine_, library_, r);
  if (!result) {
    const bool conflict = result.error().code == core::ErrorCode::kConflict;
    throw Problem{conflict ? restinio::status_conflict() : restinio::status_unprocessable_entity(),
                  "Case not closed", result.error().message};
  }
  if (!result->closed) {
    json errors = json::array();
    for (const auto& u : result->untold) {
      errors.push_back({{"pointer", fmt::format("/people/{}/{}", u.person, u.duty)},
                        {"message", fmt::format("{} has not been told ({} due {})", u.person,
                                                u.duty, u.deadline)}});
    }
    Audit("close_refused", row.crime, fmt::format("{} untold decision(s)", result->untold.size()));
    throw Problem{restinio::status_conflict(), "Victims not yet told",
                  r.may_override ? "Tell them first, or give override_reason to close anyway"
                                 : "Tell them first; a supervisor can override with a reason",
                  errors};
  }
  Audit(result->overridden ? "closed_case_override" : "closed_case", row.crime,
        result->overridden ? r.override_reason : r.outcome);
  return SendJson(req, {{"closed", true}, {"overridden", result->overridden}});
}

}  // namespace cf::http

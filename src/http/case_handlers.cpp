#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

request_handling_status_t CaseHandlers::Case(RequestContext& rc, const request_handle_t& req,
                                             const restinio::router::route_params_t& params) {
  const std::string crime = restinio::utils::unescape_percent_encoding(params["crime"]);
  const auto row = s_.cases.FindCase(crime);
  if (!row) throw NotFound(fmt::format("no case {}", crime));
  if (!app::MayViewCase(*rc.user, *row)) {
    Audit(rc, "denied_case", crime, "");
    throw Forbidden("this case is outside what your role and unit may see");
  }
  json people = json::array();
  for (const auto& p : s_.cases.CasePeople(crime)) {
    people.push_back({{"person", p.person},
                      {"role", p.role},
                      {"represents", p.represents.empty() ? json(nullptr) : json(p.represents)}});
  }
  json obligations = json::array();
  for (const auto& o : s_.cases.CaseObligations(crime)) {
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
  Audit(rc, "viewed_case", crime, "");
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

app::CloseRequest CaseHandlers::CloseFrom(RequestContext& rc, const storage::CaseRow& row,
                                          const Getter& get) const {
  app::CloseRequest r;
  r.crime = row.crime;
  r.event_id = NewStaffEventId();
  r.outcome = get("outcome");
  r.reason = get("reason");
  r.override_reason = get("override_reason");
  r.may_override = app::MayOverrideClosureGate(*rc.user);
  r.by = rc.user->officer;
  r.at = Now();
  return r;
}

void CaseHandlers::RequireCloseRole(RequestContext& rc) const {
  if (!app::MayCloseCases(*rc.user))
    throw Forbidden("closing a case needs the officer, supervisor or admin role");
}

request_handling_status_t CaseHandlers::Assign(RequestContext& rc, const request_handle_t& req,
                                               const restinio::router::route_params_t& params) {
  const auto row = CaseFor(rc, params, "assign");
  const json body = Body(req);
  const auto status = Reassign(rc, row, Field(body, "officer", true), Field(body, "unit", false));
  if (!status)
    throw Problem{restinio::status_unprocessable_entity(), "Case not reassigned",
                  status.error().message};
  return SendJson(req, {{"crime", row.crime}, {"officer", Field(body, "officer", true)}});
}

request_handling_status_t CaseHandlers::Close(RequestContext& rc, const request_handle_t& req,
                                              const restinio::router::route_params_t& params) {
  RequireCloseRole(rc);
  const auto row = CaseFor(rc, params, "close");
  const json body = Body(req);
  for (const char* required : {"outcome", "reason"}) Field(body, required, true);
  const app::CloseRequest r =
      CloseFrom(rc, row, [&](const char* name) { return Field(body, name, false); });
  const auto result = app::CloseCase(s_.cases, s_.engine, s_.library, r);
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
    Audit(rc, "close_refused", row.crime,
          fmt::format("{} untold decision(s)", result->untold.size()));
    throw Problem{restinio::status_conflict(), "Victims not yet told",
                  r.may_override ? "Tell them first, or give override_reason to close anyway"
                                 : "Tell them first; a supervisor can override with a reason",
                  errors};
  }
  Audit(rc, result->overridden ? "closed_case_override" : "closed_case", row.crime,
        result->overridden ? r.override_reason : r.outcome);
  return SendJson(req, {{"closed", true}, {"overridden", result->overridden}});
}

request_handling_status_t CaseHandlers::CloseForm(RequestContext& rc, const request_handle_t& req,
                                                  const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireCloseRole(rc);
  const auto row = CaseFor(rc, params, "close");
  const app::CloseRequest r = CloseFrom(rc, row, FormGetter(form));
  const auto result = app::CloseCase(s_.cases, s_.engine, s_.library, r);
  if (!result) {
    return CasePage(rc, req, params, "Error: case not closed", {result.error().message},
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
    Audit(rc, "close_refused", row.crime,
          fmt::format("{} untold decision(s)", result->untold.size()));
    return CasePage(rc, req, params, "Error: case not closed", problems,
                    restinio::status_conflict());
  }
  Audit(rc, result->overridden ? "closed_case_override" : "closed_case", row.crime,
        result->overridden ? r.override_reason : r.outcome);
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=closed");
}

request_handling_status_t CaseHandlers::AssignForm(RequestContext& rc, const request_handle_t& req,
                                                   const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto row = CaseFor(rc, params, "assign");
  const auto get = FormGetter(form);
  const auto status = Reassign(rc, row, get("officer"), get("unit"));
  if (!status) {
    return CasePage(rc, req, params, "Error: case not reassigned", {status.error().message},
                    restinio::status_unprocessable_entity());
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=assigned");
}

}  // namespace cf::http

#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/case_views.hpp"
#include "app/import.hpp"
#include "app/organisations.hpp"
#include "app/repeat_victims.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

request_handling_status_t CaseHandlers::Case(RequestContext& rc, const request_handle_t& req,
                                             const restinio::router::route_params_t& params) {
  const auto view = app::ViewCaseAs(s_, ActorOf(rc), CrimeIn(params));
  if (!view) throw ProblemFor(view.error(), "");
  const auto& row = view->row;
  json people = json::array();
  for (const auto& p : view->people) {
    people.push_back({{"person", p.person},
                      {"role", domain::Name(p.role)},
                      {"represents", p.represents.empty() ? json(nullptr) : json(p.represents)}});
  }
  json obligations = json::array();
  for (const auto& o : view->obligations) {
    obligations.push_back(
        {{"person", o.person},
         {"duty", o.duty},
         {"instance", o.instance},
         {"trigger_date", o.trigger_date.ToString()},
         {"deadline", o.deadline.ToString()},
         {"enhanced", o.enhanced},
         {"met_at", o.met_at ? json(o.met_at->ToString()) : json(nullptr)},
         {"not_required", o.not_required.empty() ? json(nullptr) : json(o.not_required)}});
  }
  return SendJson(req, {{"crime", row.crime},
                        {"crime_type", row.crime_type},
                        {"unit", row.unit},
                        {"officer", row.officer},
                        {"recorded_on", row.recorded_on.ToString()},
                        {"closed", row.closed},
                        {"computed_as_of", row.computed_as_of.ToString()},
                        {"people", people},
                        {"obligations", obligations}});
}

// The role before the case: a role that never closes cases is told so, whatever the case.
void CaseHandlers::RequireCloseRole(RequestContext& rc) {
  if (!app::MayCloseCases(*rc.user))
    throw Forbidden("closing a case needs the officer, supervisor or admin role");
}

namespace {

// What the closure gate asks to be done before the case closes.
std::string ToDoFirst(const app::CloseResult& r) {
  if (r.unassessed.empty()) return "Tell them first";
  return r.untold.empty() ? "Complete the needs assessments first"
                          : "Tell them and complete the needs assessments first";
}

}  // namespace

app::CloseCommand CaseHandlers::CloseFrom(const storage::CaseRow& row, const Getter& get) {
  return {NewStaffEventId(),      row.crime,           get("outcome"), get("reason"),
          get("override_reason"), get("internal_note")};
}

request_handling_status_t CaseHandlers::Assign(RequestContext& rc, const request_handle_t& req,
                                               const restinio::router::route_params_t& params) {
  const auto row = CaseFor(rc, params, "assign");
  const json body = Body(req);
  const std::string officer = Field(body, "officer", true);
  const auto status =
      app::ReassignCasesAs(s_, ActorOf(rc), {row.crime}, officer, Field(body, "unit", false));
  if (!status) throw ProblemFor(status.error(), "Case not reassigned");
  return SendJson(req, {{"crime", row.crime}, {"officer", officer}});
}

request_handling_status_t CaseHandlers::Close(RequestContext& rc, const request_handle_t& req,
                                              const restinio::router::route_params_t& params) {
  RequireCloseRole(rc);
  const auto row = CaseFor(rc, params, "close");
  const json body = Body(req);
  for (const char* required : {"outcome", "reason"}) Field(body, required, true);
  const auto result = app::CloseCaseAs(
      s_, ActorOf(rc), CloseFrom(row, [&](const char* name) { return Field(body, name, false); }));
  if (!result) throw ProblemFor(result.error(), "Case not closed");
  if (!result->closed) {
    json errors = json::array();
    for (const auto& u : result->untold) {
      errors.push_back({{"pointer", fmt::format("/people/{}/{}", u.person, u.duty)},
                        {"message", fmt::format("{} has not been told ({} due {})", u.person,
                                                u.duty, u.deadline)}});
    }
    for (const auto& a : result->unassessed) {
      errors.push_back({{"pointer", fmt::format("/people/{}/needs_assessment", a.person)},
                        {"message", fmt::format("{}'s needs assessment is not complete: still to "
                                                "ask {}",
                                                a.person, fmt::join(a.missing, "; "))}});
    }
    throw ProblemFor(
        core::Conflict(ToDoFirst(*result) + (app::MayOverrideClosureGate(*rc.user)
                                                 ? ", or give override_reason to close anyway"
                                                 : "; a supervisor can override with a reason")),
        result->untold.empty() ? "Needs assessments not complete" : "Victims not yet told", errors);
  }
  return SendJson(req, {{"closed", true}, {"overridden", result->overridden}});
}

request_handling_status_t CaseHandlers::CloseForm(RequestContext& rc, const request_handle_t& req,
                                                  const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireCloseRole(rc);
  const auto row = CaseFor(rc, params, "close");
  const auto result = app::CloseCaseAs(s_, ActorOf(rc), CloseFrom(row, FormGetter(form)));
  if (!result) {
    if (result.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(result.error().message);
    return CasePage(rc, req, params, "Error: case not closed", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  if (!result->closed) {
    // In words: "Grace Okafor (victim) has not been told the suspect was released with no
    // further action (due 23 Jun 2026)".
    std::map<std::string, std::string> names;
    for (const auto& p : s_.cases.CasePeople(row.crime)) {
      names[p.person] = (p.display_name.empty() ? p.person : p.display_name) + " (" +
                        std::string(domain::Name(p.role)) + ")";
    }
    std::vector<std::string> problems;
    for (const auto& u : result->untold) {
      std::string duty(domain::DutyTitle(u.duty));
      const std::string what = duty.rfind("Tell them ", 0) == 0 ? duty.substr(10) : duty;
      const auto due = core::Date::Parse(u.deadline);
      problems.push_back(fmt::format("{} has not been told {} (due {})",
                                     names.count(u.person) ? names[u.person] : u.person, what,
                                     due ? due->ToDayMonthYear() : u.deadline));
    }
    for (const auto& a : result->unassessed) {
      problems.push_back(fmt::format("{}: the needs assessment is not complete. Still to ask: {}",
                                     names.count(a.person) ? names[a.person] : a.name,
                                     fmt::join(a.missing, "; ")));
    }
    const std::string todo = ToDoFirst(*result);
    problems.push_back(app::MayOverrideClosureGate(*rc.user)
                           ? todo + ", or give a supervisor override reason"
                           : todo + ". A supervisor can close it with an override reason.");
    return CasePage(rc, req, params, "Error: case not closed", problems,
                    HttpStatusFor(core::ErrorCode::kConflict));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=closed");
}

request_handling_status_t CaseHandlers::HandOverForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  if (!app::MayHandOverToWcu(*rc.user))
    throw Forbidden("handing a case to Witness Care needs the officer, supervisor or admin role");
  const auto row = CaseFor(rc, params, "hand_over");
  const auto get = FormGetter(form);
  const auto result = app::HandOverToWcuAs(
      s_, ActorOf(rc), {NewStaffEventId(), row.crime, get("unit"), get("override_reason")});
  if (!result) {
    if (result.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(result.error().message);
    return CasePage(rc, req, params, "Error: case not handed over", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  if (!result->handed) {
    std::vector<std::string> problems;
    for (const auto& a : result->unassessed) {
      problems.push_back(fmt::format("{}: the needs assessment is not complete. Still to ask: {}",
                                     a.name.empty() ? a.person : a.name,
                                     fmt::join(a.missing, "; ")));
    }
    problems.push_back(app::MayOverrideClosureGate(*rc.user)
                           ? "Complete the needs assessments first, or give a supervisor "
                             "override reason"
                           : "Complete the needs assessments first. A supervisor can hand it "
                             "over with an override reason.");
    return CasePage(rc, req, params, "Error: case not handed over", problems,
                    HttpStatusFor(core::ErrorCode::kConflict));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=handed_over");
}

request_handling_status_t CaseHandlers::ReferralChoiceForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto row = CaseFor(rc, params, "event");
  const auto get = FormGetter(form);
  const std::string choice = get("choice");
  std::vector<std::string> missing;
  if (get("organisation").empty()) missing.push_back("Organisation: choose one");
  if (choice != "consented" && choice != "opted_out")
    missing.push_back("What they said: choose whether they agree to be referred or not");
  if (!missing.empty()) {
    return CasePage(rc, req, params, "Error: answer not recorded", missing,
                    HttpStatusFor(core::ErrorCode::kInvalidArgument));
  }
  const auto result = app::RecordReferralChoiceAs(
      s_, ActorOf(rc), {row.crime, get("person"), get("organisation"), choice == "consented"});
  if (!result) {
    if (result.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(result.error().message);
    return CasePage(rc, req, params, "Error: answer not recorded", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  if (!result->written) {
    std::vector<std::string> problems;
    for (const auto& e : result->errors) problems.push_back(e.message);
    return CasePage(rc, req, params, "Error: answer not recorded", problems,
                    HttpStatusFor(core::ErrorCode::kInvalidArgument));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) +
                           (choice == "consented" ? "?done=referral" : "?done=no_referral"));
}

request_handling_status_t CaseHandlers::AssignForm(RequestContext& rc, const request_handle_t& req,
                                                   const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto row = CaseFor(rc, params, "assign");
  const auto get = FormGetter(form);
  const auto status =
      app::ReassignCasesAs(s_, ActorOf(rc), {row.crime}, get("officer"), get("unit"));
  if (!status) {
    if (status.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(status.error().message);
    return CasePage(rc, req, params, "Error: case not reassigned", {status.error().message},
                    HttpStatusFor(status.error().code));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=assigned");
}

request_handling_status_t CaseHandlers::RepeatVictimForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const auto row = CaseFor(rc, params, "decide_repeat_victim");
  const auto get = FormGetter(form);
  const std::string decision = get("decision");
  if (decision != "same" && decision != "different")
    throw BadRequest("decision: say same or different");
  const auto status = app::DecideRepeatVictimAs(
      s_, ActorOf(rc), {row.crime, get("person").substr(0, 64)},
      {get("other_crime").substr(0, 64), get("other_person").substr(0, 64)}, decision == "same",
      get("reason"));
  if (!status) {
    if (status.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(status.error().message);
    return CasePage(rc, req, params, "Error: repeat victim not decided", {status.error().message},
                    HttpStatusFor(status.error().code));
  }
  return Redirect(req,
                  "/cases/" + PathOf(row.crime) +
                      (decision == "same" ? "?done=repeat_confirmed" : "?done=repeat_rejected"));
}

}  // namespace cf::http

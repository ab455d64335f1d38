// Inbound calls to the re-contact bureau and the call-backs they raise: the JSON API and the
// page forms share the use cases in app/call_backs.hpp.
#include "app/access.hpp"
#include "app/call_backs.hpp"
#include "http/handlers.hpp"

namespace cf::http {

namespace {

int64_t CallBackId(const restinio::router::route_params_t& params) {
  const std::string text = restinio::cast_to<std::string>(params["id"]);
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    throw NotFound("no such call-back");
  }
}

}  // namespace

json CallBackHandlers::CallBackJson(const storage::CallBack& c, int working_days) const {
  json j = {{"id", c.id},
            {"kind", c.kind},
            {"due_on", app::CallBackDue(s_.calendar, working_days, c.raised_at).ToString()},
            {"crime", c.crime},
            {"person", c.person},
            {"request", c.request},
            {"raised_by", c.raised_by},
            {"raised_at", c.raised_at},
            {"officer", c.officer},
            {"unit", c.unit},
            {"done", !c.done_at.empty()},
            {"assigned_to", c.assigned_to.empty() ? c.officer : c.assigned_to}};
  if (!c.done_at.empty())
    j.update({{"done_at", c.done_at}, {"done_by", c.done_by}, {"outcome", c.outcome}});
  return j;
}

app::InboundCall CallBackHandlers::InboundCallFrom(const storage::CaseRow& row,
                                                   const Getter& get) const {
  app::InboundCall call;
  call.event_id = NewStaffEventId();
  call.crime = row.crime;
  call.person = get("person");
  call.request = get("request");
  call.answered = get("answered") == "yes" || get("answered") == "true";
  call.answer = get("answer");
  call.at = Now();
  return call;
}

void CallBackHandlers::RequireCallRole(RequestContext& rc) const {
  if (!app::MayRecordContacts(*rc.user)) throw Forbidden("analysts do not record calls");
}

request_handling_status_t CallBackHandlers::InboundCall(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  RequireCallRole(rc);
  const auto row = CaseFor(rc, params, "call");
  const json body = Body(req);
  for (const char* required : {"person", "request"}) Field(body, required, true);
  const auto answered = body.find("answered");
  if (answered == body.end() || !answered->is_boolean()) {
    throw BadRequest(
        "answered must be true or false",
        json::array({{{"pointer", "/answered"}, {"message", "required, true or false"}}}));
  }
  app::InboundCall call = InboundCallFrom(row, [&](const char* name) {
    return std::string_view(name) == "answered" ? std::string() : Field(body, name, false);
  });
  call.answered = answered->get<bool>();
  const auto result = app::RecordCallAs(s_, ActorOf(rc), call);
  if (!result) {
    throw ProblemFor(result.error(), "Call not recorded",
                     json::array({{{"pointer", "/"}, {"message", result.error().message}}}));
  }
  json out = {{"call_back", result->call_back == 0 ? json(nullptr) : json(result->call_back)},
              {"satisfies", SatisfiedJson(result->satisfied)}};
  if (result->call_back != 0) {
    out["call_back_by"] = result->call_back_by;  // who will call: tell the caller
    out["why"] = result->why;                    // "" when it is the officer in case
  }
  return SendJson(req, out);
}

request_handling_status_t CallBackHandlers::CallBacks(RequestContext& rc,
                                                      const request_handle_t& req) {
  const auto open =
      app::OpenCallBacksAs(s_, ActorOf(rc), {Query(req, "officer"), Query(req, "unit")}, 500);
  if (!open) throw ProblemFor(open.error(), "Call-backs not shown");
  json out = json::array();
  const int days = app::CallBackWorkingDays(s_.cases);
  for (const auto& c : *open) out.push_back(CallBackJson(c, days));
  return SendJson(req, {{"call_backs", out}});
}

request_handling_status_t CallBackHandlers::CallBackDone(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  RequireCallRole(rc);
  const auto row = CaseFor(rc, params, "call_back");
  const json body = Body(req);
  const auto status = app::CompleteCallBackAs(s_, ActorOf(rc), row.crime, CallBackId(params),
                                              Field(body, "outcome", true));
  if (!status) throw ProblemFor(status.error(), "Call-back not updated");
  return SendJson(req, {{"id", CallBackId(params)}, {"done", true}});
}

request_handling_status_t CallBackHandlers::InboundCallForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireCallRole(rc);
  const auto row = CaseFor(rc, params, "call");
  const app::InboundCall call = InboundCallFrom(row, FormGetter(form));
  const auto result = app::RecordCallAs(s_, ActorOf(rc), call);
  if (!result) {
    return CasePage(rc, req, params, "Error: call not recorded", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  return Redirect(
      req, "/cases/" + PathOf(row.crime) + (call.answered ? "?done=answered" : "?done=call_back"));
}

request_handling_status_t CallBackHandlers::CallBackDoneForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireCallRole(rc);
  const auto row = CaseFor(rc, params, "call_back");
  const std::string outcome = FormGetter(form)("outcome");
  const auto status =
      app::CompleteCallBackAs(s_, ActorOf(rc), row.crime, CallBackId(params), outcome);
  if (!status) {
    return CasePage(rc, req, params, "Error: call-back not updated", {status.error().message},
                    HttpStatusFor(status.error().code));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=call_back_done");
}

}  // namespace cf::http

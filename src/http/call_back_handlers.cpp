// Inbound calls to the re-contact bureau and the call-backs they raise: the JSON API and the
// page forms share the use cases in app/call_backs.hpp.
#include "app/access.hpp"
#include "app/call_backs.hpp"
#include "http/api.hpp"

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

json Api::CallBackJson(const storage::CallBack& c) {
  json j = {{"id", c.id},           {"crime", c.crime},         {"person", c.person},
            {"request", c.request}, {"raised_by", c.raised_by}, {"raised_at", c.raised_at},
            {"officer", c.officer}, {"unit", c.unit},           {"done", !c.done_at.empty()}};
  if (!c.done_at.empty())
    j.update({{"done_at", c.done_at}, {"done_by", c.done_by}, {"outcome", c.outcome}});
  return j;
}

app::InboundCall Api::InboundCallFrom(const storage::CaseRow& row, const Getter& get) const {
  app::InboundCall call;
  call.event_id = "staff:" + auth::NewToken().substr(3, 32);
  call.crime = row.crime;
  call.person = get("person");
  call.request = get("request");
  call.answered = get("answered") == "yes" || get("answered") == "true";
  call.answer = get("answer");
  call.by = user_->officer.empty() ? user_->name : user_->officer;
  call.at = Now();
  return call;
}

void Api::RequireCallRole() const {
  if (!app::MayRecordContacts(*user_)) throw Forbidden("analysts do not record calls");
}

request_handling_status_t Api::InboundCall(const request_handle_t& req,
                                           const restinio::router::route_params_t& params) {
  RequireCallRole();
  const auto row = CaseFor(params, "call");
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
  const auto result = app::RecordInboundCall(*store_, engine_, library_, call);
  if (!result) {
    throw Problem{restinio::status_unprocessable_entity(), "Call not recorded",
                  result.error().message,
                  json::array({{{"pointer", "/"}, {"message", result.error().message}}})};
  }
  Audit(call.answered ? "answered_call" : "raised_call_back", row.crime, call.person);
  return SendJson(req,
                  {{"call_back", result->call_back == 0 ? json(nullptr) : json(result->call_back)},
                   {"satisfies", SatisfiedJson(result->satisfied)}});
}

request_handling_status_t Api::CallBacks(const request_handle_t& req) {
  const storage::Scope asked{Query(req, "officer"), Query(req, "unit")};
  const auto scope = app::QueueScopeFor(*user_, asked);
  if (!scope) throw Forbidden("call-backs follow the same limits as the work queue");
  if (!app::MaySeePeople(*user_)) throw Forbidden("this role does not see person-level requests");
  json out = json::array();
  for (const auto& c : store_->OpenCallBacks(*scope, 500)) out.push_back(CallBackJson(c));
  Audit("viewed_call_backs", "",
        scope->officer.empty() ? "unit " + scope->unit : "officer " + scope->officer);
  return SendJson(req, {{"call_backs", out}});
}

request_handling_status_t Api::CallBackDone(const request_handle_t& req,
                                            const restinio::router::route_params_t& params) {
  RequireCallRole();
  const auto row = CaseFor(params, "call_back");
  const json body = Body(req);
  const auto status = app::CompleteCallBack(*store_, row.crime, CallBackId(params),
                                            user_->officer.empty() ? user_->name : user_->officer,
                                            Now(), Field(body, "outcome", true));
  if (!status) {
    throw Problem{status.error().code == core::ErrorCode::kNotFound
                      ? restinio::status_not_found()
                      : restinio::status_unprocessable_entity(),
                  "Call-back not updated", status.error().message};
  }
  Audit("completed_call_back", row.crime, Field(body, "outcome", true));
  return SendJson(req, {{"id", CallBackId(params)}, {"done", true}});
}

request_handling_status_t Api::InboundCallForm(const request_handle_t& req,
                                               const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireCallRole();
  const auto row = CaseFor(params, "call");
  const app::InboundCall call = InboundCallFrom(row, FormGetter(form));
  const auto result = app::RecordInboundCall(*store_, engine_, library_, call);
  if (!result) {
    return CasePage(req, params, "Error: call not recorded", {result.error().message},
                    restinio::status_unprocessable_entity());
  }
  Audit(call.answered ? "answered_call" : "raised_call_back", row.crime, call.person);
  return Redirect(
      req, "/cases/" + PathOf(row.crime) + (call.answered ? "?done=answered" : "?done=call_back"));
}

request_handling_status_t Api::CallBackDoneForm(const request_handle_t& req,
                                                const restinio::router::route_params_t& params) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(form);
  RequireCallRole();
  const auto row = CaseFor(params, "call_back");
  const std::string outcome = FormGetter(form)("outcome");
  const auto status =
      app::CompleteCallBack(*store_, row.crime, CallBackId(params),
                            user_->officer.empty() ? user_->name : user_->officer, Now(), outcome);
  if (!status) {
    return CasePage(req, params, "Error: call-back not updated", {status.error().message},
                    restinio::status_unprocessable_entity());
  }
  Audit("completed_call_back", row.crime, outcome);
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=call_back_done");
}

}  // namespace cf::http

#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/import.hpp"
#include "app/work_queue.hpp"
#include "events/jsonl_writer.hpp"
#include "http/event_forms.hpp"
#include "http/handlers.hpp"
#include "notify/message_template.hpp"

namespace cf::http {

// The same requests from the JSON API and from the page forms.
app::ContactRequest ContactHandlers::ContactFrom(const storage::CaseRow& row,
                                                 const Getter& get) const {
  app::ContactRequest r;
  r.crime = row.crime;
  r.event_id = get("id");
  if (r.event_id.empty()) r.event_id = NewStaffEventId();
  r.person = get("person");
  r.channel = get("channel");
  r.outcome = get("outcome");
  r.summary = get("summary");
  r.at = Now();
  return r;
}

request_handling_status_t ContactHandlers::Contact(RequestContext& rc, const request_handle_t& req,
                                                   const restinio::router::route_params_t& params) {
  RequireContactRole(rc);
  const auto row = CaseFor(rc, params, "contact");
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
  const auto result = app::RecordContactAs(s_, ActorOf(rc), r, preview);
  if (!result) {
    throw ProblemFor(result.error(), "Contact not recorded",
                     json::array({{{"pointer", "/"}, {"message", result.error().message}}}));
  }
  return SendJson(
      req, {{"id", r.event_id}, {"recorded", !preview}, {"satisfies", SatisfiedJson(*result)}});
}

app::ContactRequest ContactHandlers::PostedContact(RequestContext& rc, const request_handle_t& req,
                                                   const restinio::router::route_params_t& params,
                                                   storage::CaseRow& row) {
  auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  RequireContactRole(rc);
  row = CaseFor(rc, params, "contact");
  form.erase("id");  // pages always make a new contact
  return ContactFrom(row, FormGetter(form));
}

request_handling_status_t ContactHandlers::ContactCheckPage(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  storage::CaseRow row;
  const app::ContactRequest r = PostedContact(rc, req, params, row);
  const auto preview = app::RecordContactAs(s_, ActorOf(rc), r, true);
  if (!preview) {
    return CasePage(rc, req, params, "Error: contact not recorded", {preview.error().message},
                    HttpStatusFor(preview.error().code));
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
  for (const auto& p : s_.cases.CasePeople(row.crime)) {
    if (p.person == r.person) display_name = p.display_name;
  }
  const mstch::map context{{"crime", row.crime},
                           {"crime_path", PathOf(row.crime)},
                           {"csrf", rc.session->csrf},
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
                  StaffPage(rc, "Check the contact", Render("contact_check", context)));
}

request_handling_status_t ContactHandlers::ContactForm(
    RequestContext& rc, const request_handle_t& req,
    const restinio::router::route_params_t& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  storage::CaseRow row;
  const app::ContactRequest r = PostedContact(rc, req, params, row);
  const auto result = app::RecordContactAs(s_, ActorOf(rc), r, false);
  if (!result) {
    return CasePage(rc, req, params, "Error: contact not recorded", {result.error().message},
                    HttpStatusFor(result.error().code));
  }
  return Redirect(req, "/cases/" + PathOf(row.crime) + "?done=contact");
}

}  // namespace cf::http

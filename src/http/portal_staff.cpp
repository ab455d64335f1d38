// The victim and witness portal from the staff case page: inviting a person, ending their
// access, and the "portal view" (what they see). The use cases check the role and unit and
// write the audit (app/portal.hpp).
#include <map>

#include "app/access.hpp"
#include "app/portal.hpp"
#include "http/handlers.hpp"
#include "http/portal.hpp"

namespace cf::http {
namespace {

// The person's name as the case holds it, or their id.
std::string NameOf(app::Services& s, const std::string& crime, const std::string& person) {
  for (const auto& p : s.cases.CasePeople(crime)) {
    if (p.person == person && !p.display_name.empty()) return p.display_name;
  }
  return person;
}

}  // namespace

request_handling_status_t CaseHandlers::PortalInviteForm(RequestContext& rc,
                                                         const request_handle_t& req,
                                                         const Params& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string crime = CrimeIn(params);
  const std::string person = FormValue(form, "person");
  const auto link = app::InviteToPortal(s_, ActorOf(rc), crime, person);
  if (!link) {
    if (link.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(link.error().message);
    // A missing case and another unit's answer alike (app::CaseFor); so does a missing person.
    if (link.error().code == core::ErrorCode::kNotFound)
      throw Problem{restinio::status_not_found(), "Not found", link.error().message};
    return CasePage(rc, req, params, "Error: no invitation made", {link.error().message},
                    HttpStatusFor(link.error().code));
  }
  const std::string name = NameOf(s_, crime, person);
  mstch::map context{{"display_name", name}, {"person", person},
                     {"crime", crime},       {"crime_path", PathOf(crime)},
                     {"link", link->url},    {"expires", LondonTimeText(link->expires_at)}};
  static const std::map<std::string, std::string, std::less<>> kBy = {
      {"email", "by email"}, {"sms", "by text message"}, {"letter", "by post"}};
  if (const auto it = kBy.find(link->channel); it != kBy.end()) {
    context["sent_by"] = it->second;
  } else {
    context["not_sent"] = link->not_sent;
  }
  return NewResponse(req)
      .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header("Cache-Control", "no-store")
      .set_body(StaffPage(rc, "Portal invitation", Render("portal_invited", context)))
      .done();
}

request_handling_status_t CaseHandlers::PortalRevokeForm(RequestContext& rc,
                                                         const request_handle_t& req,
                                                         const Params& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string crime = CrimeIn(params);
  const auto done = app::RevokePortalAccess(s_, ActorOf(rc), crime, FormValue(form, "person"));
  if (!done) {
    if (done.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(done.error().message);
    return CasePage(rc, req, params, "Error: portal access not ended", {done.error().message},
                    HttpStatusFor(done.error().code));
  }
  return Redirect(req, "/cases/" + PathOf(crime) + "?done=portal_revoked");
}

request_handling_status_t CaseHandlers::PortalViewPage(
    RequestContext& rc, const request_handle_t& req, const Params& params,
    const std::string& person, const std::string& reply_error, const std::string& reply_text) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const std::string crime = CrimeIn(params);
  // In English, or as a Welsh reader sees it (?lang=cy).
  const std::string lang = Query(req, "lang") == "cy" ? "cy" : "en";
  const auto status = app::PortalViewAs(s_, ActorOf(rc), crime, person, lang);
  if (!status) {
    if (status.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(status.error().message);
    throw Problem{restinio::status_not_found(), "Not found", status.error().message};
  }
  mstch::map context = PortalStatusContext(*status);
  context["staff_view"] = true;
  const auto account = s_.portal.FindAccount(crime, person);
  if (account && account->revoked_at.empty() && app::MayRecordContacts(*rc.user)) {
    context["may_reply"] = true;
    context["staff_csrf"] = rc.session->csrf;
    context["crime_path"] = PathOf(crime);
    context["person"] = person;
    context["ask_limit"] = std::to_string(app::kPortalRequestChars);
    context["reply_text"] = reply_text;
    if (!reply_error.empty()) context["reply_error"] = reply_error;
  }
  mstch::map view{{"display_name", NameOf(s_, crime, person)},
                  {"person", person},
                  {"person_path", PathOf(person)},
                  {"crime_path", PathOf(crime)},
                  {"enrolled", account && account->revoked_at.empty()},
                  {"welsh", lang == "cy"},
                  {"reads_welsh", app::PortalRecordedLanguage(s_, crime, person) == "cy"},
                  {"status_html", RenderPortal("portal_status", lang, context)}};
  if (Query(req, "done") == "replied") view["replied"] = true;
  // A reply refused when the page has no reply form (their access ended meanwhile).
  if (!reply_error.empty() &&
      !(account && account->revoked_at.empty() && app::MayRecordContacts(*rc.user)))
    view["page_error"] = reply_error;
  return SendHtml(req, reply_error.empty() ? restinio::status_ok() : restinio::status_bad_request(),
                  StaffPage(rc, reply_error.empty() ? "Portal view" : "Error: Portal view",
                            Render("portal_view", view)));
}

request_handling_status_t CaseHandlers::PortalReplyForm(RequestContext& rc,
                                                        const request_handle_t& req,
                                                        const Params& params) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  const std::string crime = CrimeIn(params);
  const std::string person = FormValue(form, "person").substr(0, 64);
  const std::string text = FormValue(form, "text");
  const auto done = app::ReplyInPortal(s_, ActorOf(rc), crime, person, text);
  if (!done) {
    if (done.error().code == core::ErrorCode::kPermissionDenied)
      throw Forbidden(done.error().message);
    if (done.error().code == core::ErrorCode::kNotFound)
      throw Problem{restinio::status_not_found(), "Not found", done.error().message};
    return PortalViewPage(rc, req, params, person, done.error().message,
                          text.substr(0, 4 * app::kPortalRequestChars));
  }
  return Redirect(req, fmt::format("/cases/{}/portal/view?person={}&done=replied#messages",
                                   PathOf(crime), PathOf(person)));
}

}  // namespace cf::http

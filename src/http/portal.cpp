#include "http/portal.hpp"

#include <algorithm>

#include "app/address_throttle.hpp"
#include "app/call_backs.hpp"
#include "app/letters.hpp"
#include "app/portal.hpp"
#include "app/portal_alerts.hpp"
#include "app/portal_words.hpp"
#include "app/staff_admin.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"
#include "http/route_helpers.hpp"
#include "http/routes.hpp"

namespace cf::http {
namespace {

using routes::FormRoute;
using routes::Param;
using routes::Req;

// The portal's session cookie and the double-submit cookie of its signed-out forms: names of
// their own, so the staff app's (sent to every port of the host) are never taken for them.
constexpr const char* kSessionCookie = "cf_portal";
constexpr const char* kFormCookie = "cf_portal_csrf";
// The language chosen with the switch: "en" or "cy", for a year.
constexpr const char* kLanguageCookie = "cf_portal_lang";

std::string SessionCookie(const std::string& token) {
  return fmt::format("{}={}; Path=/; HttpOnly; Secure; SameSite=Strict", kSessionCookie, token);
}

std::string CookieOf(const request_handle_t& req, const char* name) {
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  const auto it = cookies.find(name);
  return it == cookies.end() ? "" : it->second;
}

// The language chosen with the switch: "en", "cy", or "" when none is.
std::string ChosenLanguage(const request_handle_t& req) {
  std::string chosen = CookieOf(req, kLanguageCookie);
  return chosen == "en" || chosen == "cy" ? chosen : "";
}
// The browser's: "cy" when it asks for Welsh first, else "en".
std::string BrowserLanguage(const request_handle_t& req) {
  const auto accept = req->header().get_field_or(restinio::http_field::accept_language, "");
  return accept.size() >= 2 && app::PortalLanguage(accept.substr(0, 2)) == "cy" ? "cy" : "en";
}
// A page's language: the one the person chose with the switch (its cookie), else `recorded`
// (their recorded language, when the page knows who they are), else Welsh when the browser
// asks for it first, else English.
std::string LanguageOf(const request_handle_t& req, std::string_view recorded = "") {
  std::string chosen = ChosenLanguage(req);
  if (!chosen.empty()) return chosen;
  if (!recorded.empty()) return app::PortalLanguage(recorded);
  return BrowserLanguage(req);
}

// A page of the portal's that the language switch may return to: the case page, the sign-in
// page, an invitation's or an alert's (a form's answer, /ask say, returns to the case page).
bool IsReturnPath(std::string_view path) {
  if (path != "/" && path != "/sign-in" && path.substr(0, 12) != "/invitation/" &&
      path.substr(0, 7) != "/alert/")
    return false;
  if (path.size() > 200) return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-';
  });
}

// A whole portal page in `lang`: `back` is where its language switch returns to (this page).
std::string PortalPage(std::string_view lang, const request_handle_t& req, const std::string& title,
                       const std::string& content, const std::string& csrf = "") {
  std::string back;  // the page's path as a query value: its "/"s percent-encoded
  for (const char c : IsReturnPath(req->header().path()) ? req->header().path() : "/")
    back += c == '/' ? std::string("%2F") : std::string(1, c);
  mstch::map context{
      {"title", title},          {"content", content},      {"lang", std::string(lang)},
      {"lang_en", lang != "cy"}, {"lang_cy", lang == "cy"}, {"back", back}};
  if (!csrf.empty()) {
    context["signed_in"] = true;
    context["csrf"] = csrf;
  }
  return RenderPortal("portal_layout", lang, context);
}

// A refusal in the person's language (`lang`), shown as a page in that language: the words
// problem.<key>_title and problem.<key>.
struct PortalRefusal : Problem {
  PortalRefusal(std::string_view language, restinio::http_status_line_t status,
                std::string_view key)
      : Problem(std::move(status),
                app::PortalWords(language, "problem." + std::string(key) + "_title"),
                app::PortalWords(language, "problem." + std::string(key))),
        lang(language) {}
  std::string lang;
};
PortalRefusal PortalProblem(std::string_view lang, restinio::http_status_line_t status,
                            std::string_view key) {
  return PortalRefusal(lang, std::move(status), key);
}

// "Error: " before a page's title, in `lang`, when the page shows a problem.
std::string TitleOf(std::string_view lang, std::string_view key, bool error) {
  const std::string& title = app::PortalWords(lang, key);
  return error ? app::PortalSay(lang, "form.error_title", {{"title", title}}) : title;
}

// A signed-out page with a form: its double-submit token set as a cookie too.
request_handling_status_t SendForm(const request_handle_t& req,
                                   const restinio::http_status_line_t& status,
                                   const std::string& csrf, std::string html) {
  return NewResponse(req, status)
      .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header("Cache-Control", "no-store")
      .append_header(
          restinio::http_field::set_cookie,
          fmt::format("{}={}; Path=/; HttpOnly; Secure; SameSite=Strict", kFormCookie, csrf))
      .set_body(std::move(html))
      .done();
}

// A refusal or failure as a portal page (the staff app's error page is not for the public).
// `lang`: the refusal's language ("" for the request's).
request_handling_status_t SendPortalProblem(const request_handle_t& req, const Problem& p,
                                            std::string lang = "") {
  if (lang.empty()) lang = LanguageOf(req);
  return Send(req, p.status, "text/html; charset=utf-8",
              PortalPage(lang, req, p.title,
                         RenderPortal("portal_problem", lang,
                                      mstch::map{{"title", p.title}, {"detail", p.detail}})));
}

// A portal form route: as FormRoute, with what the handler refuses shown as a portal page.
template <typename M>
auto PortalRoute(PortalHandlers& h, M m) {
  return FormRoute(
      h, [m](PortalHandlers& x, RequestContext& rc, const Req& req, const Params& params) {
        try {
          return routes::Call(x, m, rc, req, params);
        } catch (const PortalRefusal& refusal) {
          return SendPortalProblem(req, refusal, refusal.lang);
        } catch (const Problem& problem) {
          return SendPortalProblem(req, problem);
        }
      });
}

// ResumeHtml's work after the password worker, with its refusals shown as portal pages.
template <typename F>
auto PortalResume(const request_handle_t& req, F&& fn) {
  return [req, fn = std::forward<F>(fn)](RequestContext& rc) mutable -> request_handling_status_t {
    try {
      return fn(rc);
    } catch (const PortalRefusal& refusal) {
      return SendPortalProblem(req, refusal, refusal.lang);
    } catch (const Problem& problem) {
      return SendPortalProblem(req, problem);
    }
  };
}

// An alert's path, "/alert/" and its token: the one place a sign-in may send a person on to.
bool IsAlertPath(const std::string& path) {
  constexpr std::string_view kPrefix = "/alert/";
  if (path.size() <= kPrefix.size() || path.size() > kPrefix.size() + 128 ||
      path.compare(0, kPrefix.size(), kPrefix) != 0)
    return false;
  return std::all_of(path.begin() + kPrefix.size(), path.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// "Monday 3 March 2025 at 09:15" (London) in `lang` for an RFC 3339 instant; itself when it
// does not parse.
std::string WrittenTime(const std::string& rfc3339, const std::string& lang) {
  const auto at = core::ParseRfc3339(rfc3339);
  if (!at) return rfc3339;
  core::LondonDates london;
  return app::PortalSay(
      lang, "thread.sent",
      {{"date", app::WrittenDate(london.DateOf(*at), lang)}, {"time", london.ClockOf(*at)}});
}

}  // namespace

void PortalHandlers::CheckFormToken(const request_handle_t& req,
                                    const std::map<std::string, std::string>& form,
                                    const std::string& lang) {
  const std::string posted = FormValue(form, "csrf");
  const std::string cookie = CookieOf(req, kFormCookie);
  if (posted.empty() || cookie.empty() || !auth::SameSecret(posted, cookie))
    throw PortalProblem(lang, restinio::status_forbidden(), "expired");
}

request_handling_status_t PortalHandlers::SignInForm(const request_handle_t& req,
                                                     const std::string& error,
                                                     const std::string& crime,
                                                     const std::string& next) {
  const std::string lang = SignInLanguage(req, next);
  const std::string csrf = auth::NewToken().substr(3);
  mstch::map context{{"csrf", csrf}, {"crime", crime}};
  if (IsAlertPath(next)) context["next"] = next;
  if (!error.empty()) context["error"] = app::PortalWords(lang, error);
  return SendForm(req, error.empty() ? restinio::status_ok() : restinio::status_unauthorized(),
                  csrf,
                  PortalPage(lang, req, TitleOf(lang, "sign_in.title", !error.empty()),
                             RenderPortal("portal_sign_in", lang, context)));
}

request_handling_status_t PortalHandlers::SignInPage(RequestContext&, const request_handle_t& req) {
  return SignInForm(req, "", "");
}

request_handling_status_t PortalHandlers::SignIn(RequestContext& rc, const request_handle_t& req) {
  const auto form = ParseForm(req->body());
  const std::string next = IsAlertPath(FormValue(form, "next")) ? FormValue(form, "next") : "";
  CheckFormToken(req, form, SignInLanguage(req, next));
  const std::string crime = FormValue(form, "crime");
  const std::string password = FormValue(form, "password");
  if (crime.empty() || password.empty()) {
    return SignInForm(req, "sign_in.missing", crime, next);
  }
  // Too many failures from this address (on any portal server): refused as any failure is,
  // before any check.
  if (!app::AddressAllowed(s_.portal, rc.source, Now())) {
    s_.accounts.Audit({"", "portal", "portal_sign_in_throttled", "", "", "", rc.source});
    return SignInForm(req, "sign_in.refused", crime, next);
  }
  // The Argon2id checks run on the worker; the outcome is written and answered here.
  auto attempt = app::BeginPortalSignIn(s_, crime);
  const bool queued = offload_.Run(
      [attempt, password] { return app::CheckPortalPassword(attempt, password); },
      [this, req, attempt, crime, next, rc](std::optional<std::optional<size_t>> match) mutable {
        ResumeHtml(rc, req, PortalResume(req, [&](RequestContext& done) {
                     if (!match)
                       throw PortalProblem(SignInLanguage(req, next),
                                           restinio::status_service_unavailable(), "failed");
                     const auto token = app::FinishPortalSignIn(s_, attempt, *match, done.source);
                     if (!token) {
                       app::AddressFailed(s_.portal, done.source, Now());
                       return SignInForm(req, "sign_in.refused", crime, next);
                     }
                     return Redirect(req, next.empty() ? "/" : next, SessionCookie(*token));
                   }));
      });
  if (!queued)
    throw PortalProblem(SignInLanguage(req, next), restinio::status_service_unavailable(), "busy");
  return restinio::request_accepted();
}

request_handling_status_t PortalHandlers::InvitationForm(
    const request_handle_t& req, const std::string& token, const std::string& lang,
    const std::vector<std::pair<std::string, std::string>>& problems) {
  const std::string csrf = auth::NewToken().substr(3);
  mstch::map context{{"csrf", csrf},
                     {"token", token},
                     {"min_length", std::to_string(app::kMinPasswordLength)},
                     {"has_problems", !problems.empty()}};
  mstch::array listed;
  for (const auto& [field, text] : problems) {
    listed.emplace_back(mstch::map{{"field", field}, {"text", text}});
    context[field == "password" ? "password_error" : "confirm_error"] = text;
  }
  context["problems"] = listed;
  return SendForm(req, problems.empty() ? restinio::status_ok() : restinio::status_bad_request(),
                  csrf,
                  PortalPage(lang, req, TitleOf(lang, "invitation.title", !problems.empty()),
                             RenderPortal("portal_invitation", lang, context)));
}

std::string PortalHandlers::InvitationLanguage(const request_handle_t& req,
                                               const storage::PortalInvitation& invitation) {
  return LanguageOf(req, app::PortalRecordedLanguage(s_, invitation.crime, invitation.person));
}

request_handling_status_t PortalHandlers::InvitationPage(RequestContext&,
                                                         const request_handle_t& req,
                                                         const Params& params) {
  const std::string token = Param(params, "token");
  const auto invitation = app::OpenInvitation(s_, token);
  if (!invitation) throw PortalProblem(LanguageOf(req), restinio::status_not_found(), "link");
  return InvitationForm(req, token, InvitationLanguage(req, *invitation), {});
}

request_handling_status_t PortalHandlers::Accept(RequestContext& rc, const request_handle_t& req,
                                                 const Params& params) {
  const auto form = ParseForm(req->body());
  const std::string token = Param(params, "token");
  const auto invitation = app::OpenInvitation(s_, token);
  const std::string lang = invitation ? InvitationLanguage(req, *invitation) : LanguageOf(req);
  CheckFormToken(req, form, lang);
  if (!invitation) throw PortalProblem(lang, restinio::status_not_found(), "link");
  const std::string password = FormValue(form, "password");
  const bool match = password == FormValue(form, "confirm_password");
  std::vector<std::pair<std::string, std::string>> problems;
  if (password.size() < app::kMinPasswordLength) {
    problems.emplace_back("password",
                          app::PortalSay(lang, "invitation.too_short",
                                         {{"length", std::to_string(app::kMinPasswordLength)}}));
  } else if (!match) {
    problems.emplace_back("confirm_password", app::PortalWords(lang, "invitation.differ"));
  }
  if (!problems.empty()) return InvitationForm(req, token, lang, problems);
  // The Argon2id hash is made on the worker.
  const bool queued = offload_.Run(
      [password] { return app::PreparePassword(password); },
      [this, req, token, lang, rc](std::optional<app::NewPassword> prepared) mutable {
        ResumeHtml(rc, req, PortalResume(req, [&](RequestContext& done) {
                     if (!prepared)
                       throw PortalProblem(lang, restinio::status_service_unavailable(), "failed");
                     const auto session = app::AcceptInvitation(
                         s_, token, prepared->hash, prepared->length, true, done.source);
                     if (!session) throw PortalProblem(lang, restinio::status_not_found(), "link");
                     return Redirect(req, "/", SessionCookie(*session));
                   }));
      });
  if (!queued) throw PortalProblem(lang, restinio::status_service_unavailable(), "busy");
  return restinio::request_accepted();
}

request_handling_status_t PortalHandlers::Status(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto& account = session->account;
  // Their recorded language is read from the events the page reads anyway.
  const auto status = app::PortalStatusOf(s_, account, ChosenLanguage(req), BrowserLanguage(req));
  if (!status) throw PortalProblem(LanguageOf(req), restinio::status_not_found(), "case");
  const std::string& lang = status->lang;
  s_.accounts.Audit(
      {"", "portal", "portal_viewed", account.crime, account.person, "status", rc.source});
  // Only words of our own after a request: nothing from the address is shown.
  std::string asked;
  const std::string kind = Query(req, "asked");
  if (const auto ask = app::ParsePortalAsk(kind)) {
    const core::Date due = app::CallBackDue(s_.calendar, app::CallBackWorkingDays(s_.cases),
                                            events::FormatInstant(Now()));
    asked =
        *ask == app::PortalAsk::kMessage
            ? app::PortalSay(lang, "ask.sent_message",
                             {{"who", status->responder}, {"date", app::WrittenDate(due, lang)}})
            : app::PortalSay(lang,
                             status->responder == app::PortalWords(lang, "officer.yours")
                                 ? "ask.asked_yours"
                                 : "ask.asked",
                             {{"who", status->responder},
                              {"doing", app::PortalAskDoing(*ask, lang)},
                              {"date", app::WrittenDate(due, lang)}});
  }
  static const std::map<std::string, std::string_view> kDone = {
      {"updates_stopped", "updates.stopped"},
      {"updates_wanted", "updates.started"},
      {"contact_changed", "updates.changed"},
      {"contact_check", "updates.check"}};
  if (const auto done = kDone.find(kind); done != kDone.end())
    asked = app::PortalWords(lang, done->second);
  return CasePage(rc, req, *status, *session, asked, "", "", "");
}

request_handling_status_t PortalHandlers::CasePage(
    RequestContext&, const request_handle_t& req, const app::PortalStatus& status,
    const storage::PortalStore::Session& session, const std::string& asked,
    const std::string& error, const std::string& text, const std::string& kind,
    const std::vector<std::pair<std::string, std::string>>& contact_problems,
    const app::PortalContactChoice* posted) {
  mstch::map context = PortalStatusContext(status);
  // The contact form: as posted when it was refused, else as their contract says.
  const app::PortalContactChoice& choice = posted != nullptr ? *posted : status.contact;
  for (const char* way : {"phone", "sms", "email", "letter", "portal"})
    context[std::string("channel_") + way] = choice.channel == way;
  for (const int days : {7, 14, 28})
    context[fmt::format("every_{}", days)] = choice.frequency_days == days;
  for (const char* way : {"phone", "sms", "email", "letter"})
    context[std::string("unsafe_") + way] = choice.unsafe.count(way) > 0;
  context["times"] = choice.times;
  context["times_limit"] = std::to_string(app::kPortalTimesChars);
  mstch::array listed;
  for (const auto& [field, problem] : contact_problems) {
    listed.emplace_back(mstch::map{{"field", field}, {"text", problem}});
    context[field + "_error"] = problem;
  }
  context["contact_problems"] = listed;
  context["has_contact_problems"] = !listed.empty();
  context["csrf"] = session.csrf;
  context["ask_limit"] = std::to_string(app::kPortalRequestChars);
  context["ask_text"] = text;
  // The kind they chose stays chosen; a review no longer offered falls back to a call back.
  const std::string shown = kind == "review" && !status.may_ask_review ? "call_back" : kind;
  for (const char* k : {"update", "message", "review", "large_print", "easy_read", "language"})
    context[std::string("kind_") + k] = shown == k;
  context["kind_call_back"] = !app::ParsePortalAsk(shown) || shown == "call_back";
  if (!asked.empty()) context["asked"] = asked;
  if (!error.empty()) context["ask_error"] = error;
  const bool refused = !error.empty() || !contact_problems.empty();
  return SendHtml(req, refused ? restinio::status_bad_request() : restinio::status_ok(),
                  PortalPage(status.lang, req, TitleOf(status.lang, "case.title", refused),
                             RenderPortal("portal_status", status.lang, context), session.csrf));
}

std::map<std::string, std::string> PortalHandlers::SignedInForm(
    const request_handle_t& req, const storage::PortalStore::Session& session) {
  auto form = ParseForm(req->body());
  if (!auth::SameSecret(FormValue(form, "csrf"), session.csrf))
    throw PortalProblem(PersonLanguage(req, session.account), restinio::status_forbidden(),
                        "expired");
  return form;
}

std::string PortalHandlers::SignInLanguage(const request_handle_t& req, const std::string& next) {
  std::string chosen = ChosenLanguage(req);
  if (!chosen.empty() || !IsAlertPath(next)) return LanguageOf(req);
  // An alert's link: the language of the person it was sent to.
  const auto alert = s_.portal.FindPortalAlert(auth::TokenHash(next.substr(7)));
  return alert ? LanguageOf(req, app::PortalRecordedLanguage(s_, alert->crime, alert->person))
               : LanguageOf(req);
}

std::string PortalHandlers::PersonLanguage(const request_handle_t& req,
                                           const storage::PortalAccount& account) {
  std::string chosen = ChosenLanguage(req);
  if (!chosen.empty()) return chosen;  // without reading their record
  return LanguageOf(req, app::PortalRecordedLanguage(s_, account.crime, account.person));
}

request_handling_status_t PortalHandlers::Ask(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto form = SignedInForm(req, *session);
  const std::string kind = FormValue(form, "kind");
  const std::string text = FormValue(form, "text");
  const auto ask = app::ParsePortalAsk(kind);
  if (!ask) throw BadRequest("kind: not something the portal can ask for");
  const std::string lang = PersonLanguage(req, session->account);
  const auto asked = app::AskFromPortal(s_, session->account, *ask, text, rc.source, lang);
  if (!asked) {
    const auto status = app::PortalStatusOf(s_, session->account, lang);
    if (!status || asked.error().code != core::ErrorCode::kInvalidArgument)
      throw PortalProblem(lang, restinio::status_not_found(), "case");
    return CasePage(rc, req, *status, *session, "", asked.error().message, text, kind);
  }
  return Redirect(req, "/?asked=" + kind + (kind == "message" ? "#messages" : ""));
}

request_handling_status_t PortalHandlers::Letter(RequestContext& rc, const request_handle_t& req,
                                                 const Params& params) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const std::string id = Param(params, "id");
  const bool digits =
      !id.empty() && id.size() <= 15 &&
      std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  const auto pdf =
      digits ? app::PortalLetter(s_, session->account, std::stoll(id), Query(req, "large") == "1",
                                 rc.source)
             : core::Result<std::string>(core::NotFound("There is no such letter to you."));
  if (!pdf)
    throw PortalProblem(PersonLanguage(req, session->account), restinio::status_not_found(),
                        "letter");
  return SendDownload(req, "application/pdf", fmt::format("letter-{}.pdf", id), std::string(*pdf));
}

request_handling_status_t PortalHandlers::Alert(RequestContext& rc, const request_handle_t& req,
                                                const Params& params) {
  const std::string path = "/alert/" + Param(params, "token");
  if (!IsAlertPath(path)) return Redirect(req, "/");
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return SignInForm(req, "", "", path);
  const auto opened = app::OpenPortalAlert(s_, session->account, Param(params, "token"), rc.source);
  if (!opened)
    throw PortalProblem(PersonLanguage(req, session->account), restinio::status_not_found(),
                        "case");
  return Redirect(req, "/");
}

mstch::map PortalStatusContext(const app::PortalStatus& status) {
  const std::string& lang = status.lang;
  mstch::array milestones;
  for (const auto& m : status.milestones) {
    milestones.emplace_back(mstch::map{{"date", app::WrittenDate(m.date, lang)}, {"text", m.text}});
  }
  mstch::array messages;
  for (const auto& m : status.messages) {
    const auto day = core::Date::Parse(m.sent_at.substr(0, 10));
    const bool known = m.channel == "email" || m.channel == "sms" || m.channel == "letter";
    messages.emplace_back(
        mstch::map{{"sent_on", day ? app::WrittenDate(*day, lang) : m.sent_at},
                   {"subject", m.subject},
                   {"channel", known ? app::PortalWords(lang, "sent." + m.channel) : m.channel},
                   {"letter", m.channel == "letter"},
                   {"id", std::to_string(m.id)}});
  }
  mstch::array thread;
  for (const auto& m : status.thread) {
    const std::string who = m.from_person ? app::PortalWords(lang, "thread.you")
                            // "Your officer's team": as replies were stored before 2026-12.
                            : m.author_name.empty() || m.author_name == "Your officer's team"
                                ? app::PortalWords(lang, "thread.team")
                                : m.author_name;
    thread.emplace_back(mstch::map{{"from_person", m.from_person},
                                   {"who", who},
                                   {"sent", WrittenTime(m.sent_at, lang)},
                                   {"body", m.body}});
  }
  mstch::map context{{"crime", status.crime},
                     {"thread", thread},
                     {"has_thread", !thread.empty()},
                     {"crime_type", status.crime_type},
                     {"recorded_on", app::WrittenDate(status.recorded_on, lang)},
                     {"now", status.now},
                     {"milestones", milestones},
                     {"messages", messages},
                     {"has_messages", !messages.empty()},
                     {"witness", status.witness},
                     {"officer_name", status.officer_name},
                     {"officer_phone", status.officer_phone},
                     {"officer_email", status.officer_email},
                     {"wants_updates", status.wants_updates},
                     {"may_ask_review", status.may_ask_review},
                     {"responder", status.responder}};
  mstch::array shifts;
  for (const auto& shift : status.officer_shifts) shifts.emplace_back(mstch::map{{"shift", shift}});
  context["officer_shifts"] = shifts;
  context["has_officer_shifts"] = !shifts.empty() && !status.officer_away_until;
  if (status.officer_away_until)
    context["away_until"] = app::WrittenDate(*status.officer_away_until, lang);
  if (status.next_update && !status.closed)
    context["next_update"] = app::WrittenDate(*status.next_update, lang);
  context["update_late"] = status.update_late && status.wants_updates && !status.closed;
  return context;
}

request_handling_status_t PortalHandlers::Updates(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto form = SignedInForm(req, *session);
  const std::string wanted = FormValue(form, "wanted");
  if (wanted != "0" && wanted != "1") throw BadRequest("wanted: 0 or 1");
  const auto done = app::SetUpdatesWanted(s_, session->account, wanted == "1", rc.source);
  if (!done)
    throw PortalProblem(PersonLanguage(req, session->account), restinio::status_not_found(),
                        "case");
  return Redirect(req, wanted == "1" ? "/?asked=updates_wanted" : "/?asked=updates_stopped");
}

request_handling_status_t PortalHandlers::Contact(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto form = SignedInForm(req, *session);
  app::PortalContactChoice choice;
  choice.channel = FormValue(form, "channel");
  const std::string every = FormValue(form, "frequency");
  choice.frequency_days = every == "7" ? 7 : every == "14" ? 14 : every == "28" ? 28 : 0;
  choice.times = FormValue(form, "times");
  for (const char* way : {"phone", "sms", "email", "letter"}) {
    if (FormValue(form, std::string("unsafe_") + way) == "1") choice.unsafe.insert(way);
  }
  const std::string lang = PersonLanguage(req, session->account);
  const auto status = app::PortalStatusOf(s_, session->account, lang);
  if (!status) throw PortalProblem(lang, restinio::status_not_found(), "case");
  const auto problems = app::ContactChoiceProblems(choice, status->contact.unsafe, lang);
  if (!problems.empty()) {
    choice.times = choice.times.substr(0, 4 * app::kPortalTimesChars);
    return CasePage(rc, req, *status, *session, "", "", "", "", problems, &choice);
  }
  const auto done = app::SetContactChoice(s_, session->account, choice, rc.source);
  if (!done) throw PortalProblem(lang, restinio::status_not_found(), "case");
  return Redirect(
      req, done->empty() ? "/?asked=contact_changed#updates" : "/?asked=contact_check#updates");
}

request_handling_status_t PortalHandlers::SignOut(RequestContext& rc, const request_handle_t& req) {
  const std::string token = CookieOf(req, kSessionCookie);
  const auto session = app::PortalSessionFor(s_, token);
  if (session) {
    const auto form = ParseForm(req->body());
    if (!auth::SameSecret(FormValue(form, "csrf"), session->csrf))
      throw PortalProblem(PersonLanguage(req, session->account), restinio::status_forbidden(),
                          "expired");
    app::PortalSignOut(s_, token, FormValue(form, "everywhere") == "1", rc.source);
  }
  return Redirect(
      req, "/sign-in",
      fmt::format("{}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0", kSessionCookie));
}

request_handling_status_t PortalHandlers::Language(RequestContext&, const request_handle_t& req,
                                                   const Params& params) {
  const std::string back = Query(req, "back");
  return Redirect(req, IsReturnPath(back) ? back : "/",
                  fmt::format("{}={}; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax",
                              kLanguageCookie, Param(params, "lang") == "cy" ? "cy" : "en"));
}

std::unique_ptr<router_t> PortalRoutes(app::Services& s, PortalHandlers& h) {
  auto r = std::make_unique<router_t>();
  AddCommonRoutes(*r, s);
  r->http_get("/", PortalRoute(h, &PortalHandlers::Status));
  r->http_get("/sign-in", PortalRoute(h, &PortalHandlers::SignInPage));
  r->http_post("/sign-in", PortalRoute(h, &PortalHandlers::SignIn));
  r->http_post("/sign-out", PortalRoute(h, &PortalHandlers::SignOut));
  r->http_post("/ask", PortalRoute(h, &PortalHandlers::Ask));
  r->http_post("/updates", PortalRoute(h, &PortalHandlers::Updates));
  r->http_post("/contact", PortalRoute(h, &PortalHandlers::Contact));
  r->http_get("/alert/:token", PortalRoute(h, &PortalHandlers::Alert));
  r->http_get(R"(/letters/:id(\d+).pdf)", PortalRoute(h, &PortalHandlers::Letter));
  r->http_get("/invitation/:token", PortalRoute(h, &PortalHandlers::InvitationPage));
  r->http_post("/invitation/:token", PortalRoute(h, &PortalHandlers::Accept));
  r->http_get("/language/:lang(en|cy)", PortalRoute(h, &PortalHandlers::Language));
  r->non_matched_request_handler([](const Req& req) {
    const std::string lang = LanguageOf(req);
    const std::string& title = app::PortalWords(lang, "layout.not_found_title");
    return Send(req, restinio::status_not_found(), "text/html; charset=utf-8",
                PortalPage(lang, req, title,
                           fmt::format("<h1 class=\"govuk-heading-l\">{}</h1><p "
                                       "class=\"govuk-body\">{}</p>",
                                       title, app::PortalWords(lang, "layout.not_found"))));
  });
  return r;
}

}  // namespace cf::http

#include "http/portal.hpp"

#include <algorithm>

#include "app/call_backs.hpp"
#include "app/letters.hpp"
#include "app/portal.hpp"
#include "app/portal_alerts.hpp"
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

std::string SessionCookie(const std::string& token) {
  return fmt::format("{}={}; Path=/; HttpOnly; Secure; SameSite=Strict", kSessionCookie, token);
}

std::string CookieOf(const request_handle_t& req, const char* name) {
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  const auto it = cookies.find(name);
  return it == cookies.end() ? "" : it->second;
}

std::string PortalPage(const std::string& title, const std::string& content,
                       const std::string& csrf = "") {
  mstch::map context{{"title", title}, {"content", content}};
  if (!csrf.empty()) {
    context["signed_in"] = true;
    context["csrf"] = csrf;
  }
  return Render("portal_layout", context);
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
request_handling_status_t SendPortalProblem(const request_handle_t& req, const Problem& p) {
  return Send(req, p.status, "text/html; charset=utf-8",
              PortalPage(p.title, Render("portal_problem",
                                         mstch::map{{"title", p.title}, {"detail", p.detail}})));
}

// A portal form route: as FormRoute, with what the handler refuses shown as a portal page.
template <typename M>
auto PortalRoute(PortalHandlers& h, M m) {
  return FormRoute(
      h, [m](PortalHandlers& x, RequestContext& rc, const Req& req, const Params& params) {
        try {
          return routes::Call(x, m, rc, req, params);
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

// "Monday 3 March 2025 at 09:15" (London) for an RFC 3339 instant; itself when it does not parse.
std::string WrittenTime(const std::string& rfc3339) {
  const auto at = core::ParseRfc3339(rfc3339);
  if (!at) return rfc3339;
  core::LondonDates london;
  return app::WrittenDate(london.DateOf(*at), "en") + " at " + london.ClockOf(*at);
}

}  // namespace

void PortalHandlers::CheckFormToken(const request_handle_t& req,
                                    const std::map<std::string, std::string>& form) {
  const std::string posted = FormValue(form, "csrf");
  const std::string cookie = CookieOf(req, kFormCookie);
  if (posted.empty() || cookie.empty() || !auth::SameSecret(posted, cookie)) {
    throw Problem{restinio::status_forbidden(), "The form has expired",
                  "Go back, reload the page and try again."};
  }
}

request_handling_status_t PortalHandlers::SignInForm(const request_handle_t& req,
                                                     const std::string& error,
                                                     const std::string& crime,
                                                     const std::string& next) {
  const std::string csrf = auth::NewToken().substr(3);
  mstch::map context{{"csrf", csrf}, {"crime", crime}};
  if (IsAlertPath(next)) context["next"] = next;
  if (!error.empty()) context["error"] = error;
  return SendForm(
      req, error.empty() ? restinio::status_ok() : restinio::status_unauthorized(), csrf,
      PortalPage(error.empty() ? "Sign in" : "Error: Sign in", Render("portal_sign_in", context)));
}

request_handling_status_t PortalHandlers::SignInPage(RequestContext&, const request_handle_t& req) {
  return SignInForm(req, "", "");
}

request_handling_status_t PortalHandlers::SignIn(RequestContext& rc, const request_handle_t& req) {
  const auto form = ParseForm(req->body());
  CheckFormToken(req, form);
  const std::string crime = FormValue(form, "crime");
  const std::string password = FormValue(form, "password");
  const std::string next = IsAlertPath(FormValue(form, "next")) ? FormValue(form, "next") : "";
  if (crime.empty() || password.empty()) {
    return SignInForm(req, "Enter your crime reference and your password.", crime, next);
  }
  // Too many failures from this address: refused as any failure is, before any check.
  if (!throttle_.Allowed(rc.source, Now())) {
    s_.accounts.Audit({"", "portal", "portal_sign_in_throttled", "", "", "", rc.source});
    return SignInForm(req, app::kPortalRefused, crime, next);
  }
  // The Argon2id checks run on the worker; the outcome is written and answered here.
  auto attempt = app::BeginPortalSignIn(s_, crime);
  const bool queued = offload_.Run(
      [attempt, password] { return app::CheckPortalPassword(attempt, password); },
      [this, req, attempt, crime, next, rc](std::optional<std::optional<size_t>> match) mutable {
        ResumeHtml(rc, req, PortalResume(req, [&](RequestContext& done) {
                     if (!match)
                       throw ServiceUnavailable("Sign-in failed", "Try again in a minute.");
                     const auto token = app::FinishPortalSignIn(s_, attempt, *match, done.source);
                     if (!token) {
                       throttle_.Failed(done.source, Now());
                       return SignInForm(req, token.error().message, crime, next);
                     }
                     return Redirect(req, next.empty() ? "/" : next, SessionCookie(*token));
                   }));
      });
  if (!queued) {
    throw ServiceUnavailable("Too many people are signing in", "Wait a moment and try again.");
  }
  return restinio::request_accepted();
}

request_handling_status_t PortalHandlers::InvitationForm(
    const request_handle_t& req, const std::string& token,
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
                  PortalPage(problems.empty() ? "Choose a password" : "Error: Choose a password",
                             Render("portal_invitation", context)));
}

request_handling_status_t PortalHandlers::InvitationPage(RequestContext&,
                                                         const request_handle_t& req,
                                                         const Params& params) {
  const std::string token = Param(params, "token");
  if (!app::OpenInvitation(s_, token)) {
    throw Problem{restinio::status_not_found(), "This link cannot be used",
                  "It may have been used already, or be too old. Ask the officer in your case to "
                  "send you a new one."};
  }
  return InvitationForm(req, token, {});
}

request_handling_status_t PortalHandlers::Accept(RequestContext& rc, const request_handle_t& req,
                                                 const Params& params) {
  const auto form = ParseForm(req->body());
  CheckFormToken(req, form);
  const std::string token = Param(params, "token");
  const std::string password = FormValue(form, "password");
  const bool match = password == FormValue(form, "confirm_password");
  if (!app::OpenInvitation(s_, token)) {
    throw Problem{restinio::status_not_found(), "This link cannot be used",
                  "It may have been used already, or be too old. Ask the officer in your case to "
                  "send you a new one."};
  }
  std::vector<std::pair<std::string, std::string>> problems;
  if (password.size() < app::kMinPasswordLength) {
    problems.emplace_back(
        "password",
        fmt::format("Your password must be at least {} characters long", app::kMinPasswordLength));
  } else if (!match) {
    problems.emplace_back("confirm_password", "The two passwords are not the same");
  }
  if (!problems.empty()) return InvitationForm(req, token, problems);
  // The Argon2id hash is made on the worker.
  const bool queued = offload_.Run(
      [password] { return app::PreparePassword(password); },
      [this, req, token, rc](std::optional<app::NewPassword> prepared) mutable {
        ResumeHtml(rc, req, PortalResume(req, [&](RequestContext& done) {
                     if (!prepared)
                       throw ServiceUnavailable("Saving failed", "Try again in a minute.");
                     const auto session = app::AcceptInvitation(
                         s_, token, prepared->hash, prepared->length, true, done.source);
                     if (!session) {
                       throw Problem{restinio::status_not_found(), "This link cannot be used",
                                     session.error().message};
                     }
                     return Redirect(req, "/", SessionCookie(*session));
                   }));
      });
  if (!queued) throw ServiceUnavailable("Too many people at once", "Wait a moment and try again.");
  return restinio::request_accepted();
}

request_handling_status_t PortalHandlers::Status(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto& account = session->account;
  const auto status = app::PortalStatusOf(s_, account);
  if (!status)
    throw Problem{restinio::status_not_found(), "Case not found", status.error().message};
  s_.accounts.Audit(
      {"", "portal", "portal_viewed", account.crime, account.person, "status", rc.source});
  // Only words of our own after a request: nothing from the address is shown.
  std::string asked;
  const std::string kind = Query(req, "asked");
  if (const auto ask = app::ParsePortalAsk(kind)) {
    const core::Date due = app::CallBackDue(s_.calendar, app::CallBackWorkingDays(s_.cases),
                                            events::FormatInstant(Now()));
    asked = *ask == app::PortalAsk::kMessage
                ? fmt::format("We have sent your message to {}. They will reply here by {}.",
                              status->responder, app::WrittenDate(due, "en"))
                : fmt::format("We have asked {} to {} by {}.", status->responder,
                              app::PortalAskDoing(*ask), app::WrittenDate(due, "en"));
  }
  if (kind == "updates_stopped") asked = "You will not get updates now. You can start them again.";
  if (kind == "updates_wanted") asked = "We will keep you updated again.";
  if (kind == "contact_changed") asked = "Thank you. We will keep you updated the way you chose.";
  if (kind == "contact_check")
    asked =
        "Thank you. We will keep you updated the way you chose. You asked us to use again a way "
        "we were told is not safe: your officer will check with you before we do.";
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
                  PortalPage(!refused ? "Your case" : "Error: your case",
                             Render("portal_status", context), session.csrf));
}

std::map<std::string, std::string> PortalHandlers::SignedInForm(
    const request_handle_t& req, const storage::PortalStore::Session& session) {
  auto form = ParseForm(req->body());
  if (!auth::SameSecret(FormValue(form, "csrf"), session.csrf)) {
    throw Problem{restinio::status_forbidden(), "The form has expired",
                  "Go back, reload the page and try again."};
  }
  return form;
}

request_handling_status_t PortalHandlers::Ask(RequestContext& rc, const request_handle_t& req) {
  const auto session = app::PortalSessionFor(s_, CookieOf(req, kSessionCookie));
  if (!session) return Redirect(req, "/sign-in");
  const auto form = SignedInForm(req, *session);
  const std::string kind = FormValue(form, "kind");
  const std::string text = FormValue(form, "text");
  const auto ask = app::ParsePortalAsk(kind);
  if (!ask) throw BadRequest("kind: not something the portal can ask for");
  const auto asked = app::AskFromPortal(s_, session->account, *ask, text, rc.source);
  if (!asked) {
    const auto status = app::PortalStatusOf(s_, session->account);
    if (!status || asked.error().code != core::ErrorCode::kInvalidArgument)
      throw Problem{restinio::status_not_found(), "Case not found", asked.error().message};
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
  if (!pdf) throw Problem{restinio::status_not_found(), "Letter not found", pdf.error().message};
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
    throw Problem{restinio::status_not_found(), "Case not found", opened.error().message};
  return Redirect(req, "/");
}

mstch::map PortalStatusContext(const app::PortalStatus& status) {
  mstch::array milestones;
  for (const auto& m : status.milestones) {
    milestones.emplace_back(mstch::map{{"date", app::WrittenDate(m.date, "en")}, {"text", m.text}});
  }
  mstch::array messages;
  for (const auto& m : status.messages) {
    const auto day = core::Date::Parse(m.sent_at.substr(0, 10));
    messages.emplace_back(mstch::map{{"sent_on", day ? app::WrittenDate(*day, "en") : m.sent_at},
                                     {"subject", m.subject},
                                     {"channel", m.channel},
                                     {"letter", m.channel == "letter"},
                                     {"id", std::to_string(m.id)}});
  }
  mstch::array thread;
  for (const auto& m : status.thread) {
    thread.emplace_back(mstch::map{{"from_person", m.from_person},
                                   {"who", m.from_person ? std::string("You") : m.author_name},
                                   {"sent", WrittenTime(m.sent_at)},
                                   {"body", m.body}});
  }
  mstch::map context{{"crime", status.crime},
                     {"thread", thread},
                     {"has_thread", !thread.empty()},
                     {"crime_type", status.crime_type},
                     {"recorded_on", app::WrittenDate(status.recorded_on, "en")},
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
    context["away_until"] = app::WrittenDate(*status.officer_away_until, "en");
  if (status.next_update && !status.closed)
    context["next_update"] = app::WrittenDate(*status.next_update, "en");
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
  if (!done) throw Problem{restinio::status_not_found(), "Case not found", done.error().message};
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
  const auto status = app::PortalStatusOf(s_, session->account);
  if (!status)
    throw Problem{restinio::status_not_found(), "Case not found", status.error().message};
  const auto problems = app::ContactChoiceProblems(choice, status->contact.unsafe);
  if (!problems.empty()) {
    choice.times = choice.times.substr(0, 4 * app::kPortalTimesChars);
    return CasePage(rc, req, *status, *session, "", "", "", "", problems, &choice);
  }
  const auto done = app::SetContactChoice(s_, session->account, choice, rc.source);
  if (!done) throw Problem{restinio::status_not_found(), "Case not found", done.error().message};
  return Redirect(
      req, done->empty() ? "/?asked=contact_changed#updates" : "/?asked=contact_check#updates");
}

request_handling_status_t PortalHandlers::SignOut(RequestContext& rc, const request_handle_t& req) {
  const std::string token = CookieOf(req, kSessionCookie);
  const auto session = app::PortalSessionFor(s_, token);
  if (session) {
    const auto form = ParseForm(req->body());
    if (!auth::SameSecret(FormValue(form, "csrf"), session->csrf)) {
      throw Problem{restinio::status_forbidden(), "The form has expired",
                    "Go back, reload the page and try again."};
    }
    app::PortalSignOut(s_, token, FormValue(form, "everywhere") == "1", rc.source);
  }
  return Redirect(
      req, "/sign-in",
      fmt::format("{}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0", kSessionCookie));
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
  r->non_matched_request_handler([](const Req& req) {
    return Send(req, restinio::status_not_found(), "text/html; charset=utf-8",
                PortalPage("Page not found",
                           "<h1 class=\"govuk-heading-l\">Page not found</h1><p "
                           "class=\"govuk-body\">Check the address, or <a class=\"govuk-link\" "
                           "href=\"/\">go to your case</a>.</p>"));
  });
  return r;
}

}  // namespace cf::http

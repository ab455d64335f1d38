#include "app/sign_in.hpp"

#include "http/handlers.hpp"

namespace cf::http {

request_handling_status_t SignInHandlers::LoginPage(RequestContext& rc, const request_handle_t& req,
                                                    const std::string& error,
                                                    const std::string& name) {
  rc.session.reset();
  const std::string csrf = auth::NewToken().substr(3);
  mstch::map context{{"csrf", csrf}, {"name", name}};
  if (!error.empty()) context["error"] = error;
  return NewResponse(req, error.empty() ? restinio::status_ok() : restinio::status_unauthorized())
      .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header("Cache-Control", "no-store")
      .append_header(
          restinio::http_field::set_cookie,
          fmt::format("cf_login_csrf={}; Path=/login; HttpOnly; Secure; SameSite=Strict", csrf))
      .set_body(Page("Sign in", Render("login", context)))
      .done();
}

request_handling_status_t SignInHandlers::Login(RequestContext& rc, const request_handle_t& req) {
  const auto form = ParseForm(req->body());
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  const auto csrf = form.find("csrf");
  const auto cookie = cookies.find("cf_login_csrf");
  if (csrf == form.end() || cookie == cookies.end() || csrf->second.empty() ||
      csrf->second != cookie->second) {
    throw Problem{restinio::status_forbidden(), "The form has expired",
                  "Go back, reload the page and try again."};
  }
  const std::string name = form.count("name") ? form.at("name") : "";
  const std::string password = form.count("password") ? form.at("password") : "";
  // The password is checked on the worker while this thread answers others; the outcome is
  // written and answered back here.
  auto attempt = app::BeginSignIn(s_, name);
  const bool queued =
      offload_.Run([attempt, password] { return app::CheckPassword(attempt, password); },
                   [this, req, attempt, name, rc](std::optional<bool> password_ok) mutable {
                     ResumeHtml(rc, req, [&](RequestContext& done) {
                       if (!password_ok)
                         throw ServiceUnavailable("Sign-in failed", "Try again in a minute.");
                       return LoginDone(done, req, name,
                                        app::FinishSignIn(s_, attempt, *password_ok, done.source));
                     });
                   });
  if (!queued) {
    throw ServiceUnavailable("Too many people are signing in", "Wait a moment and try again.");
  }
  return restinio::request_accepted();
}

request_handling_status_t SignInHandlers::LoginDone(RequestContext& rc, const request_handle_t& req,
                                                    const std::string& name,
                                                    const core::Result<std::string>& token) {
  if (!token) return LoginPage(rc, req, token.error().message, name);
  return Redirect(req, "/",
                  fmt::format("cf_session={}; Path=/; HttpOnly; Secure; SameSite=Strict", *token));
}

request_handling_status_t SignInHandlers::Logout(RequestContext& rc, const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  CheckCsrf(rc, ParseForm(req->body()));
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  app::SignOut(s_, ActorOf(rc), cookies.at("cf_session"));
  return Redirect(req, "/login",
                  "cf_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
}

}  // namespace cf::http

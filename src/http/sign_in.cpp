#include "app/access.hpp"
#include "events/jsonl_writer.hpp"
#include "http/handlers.hpp"

namespace cf::http {

request_handling_status_t SignInHandlers::LoginPage(RequestContext& rc, const request_handle_t& req,
                                                    const std::string& error,
                                                    const std::string& name) {
  rc.session.reset();
  const std::string csrf = auth::NewToken().substr(3);
  mstch::map context{{"csrf", csrf}, {"name", name}};
  if (!error.empty()) context["error"] = error;
  return req
      ->create_response(error.empty() ? restinio::status_ok() : restinio::status_unauthorized())
      .append_header(restinio::http_field::content_type, "text/html; charset=utf-8")
      .append_header("Cache-Control", "no-store")
      .append_header("X-Frame-Options", "DENY")
      .append_header("Content-Security-Policy",
                     "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
      .append_header(
          restinio::http_field::set_cookie,
          fmt::format("cf_login_csrf={}; Path=/login; HttpOnly; Secure; SameSite=Strict", csrf))
      .set_body(Page("Sign in", Render("login", context), "", ""))
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
  // One message for every failure, so that it does not tell which names exist.
  const std::string failed =
      "The name or password is not right, or the account is locked. After 5 wrong "
      "passwords an account is locked for 15 minutes.";
  auto user = s_.accounts.FindUser(name);
  if (!user || user->disabled) {
    s_.accounts.Audit({"", name, "sign_in_failed", "", "", "unknown name", rc.source});
    return LoginPage(rc, req, failed, name);
  }
  if (!user->locked_until.empty() && user->locked_until > UtcPlus(0)) {
    s_.accounts.Audit({"", name, "sign_in_refused", "", "", "locked", rc.source});
    return LoginPage(rc, req, failed, name);
  }
  if (!auth::VerifyPassword(user->password_hash, password)) {
    const int failures = user->failed_logins + 1;
    s_.accounts.SetLoginFailures(
        user->id, failures,
        failures >= kMaxFailedLogins ? UtcPlus(int64_t{kLockMinutes} * 60) : "");
    s_.accounts.Audit({"", name, "sign_in_failed", "", "",
                       failures >= kMaxFailedLogins ? "wrong password; locked" : "wrong password",
                       rc.source});
    return LoginPage(rc, req, failed, name);
  }
  s_.accounts.SetLoginFailures(user->id, 0, "");
  if (!app::MayUseStaffPages(*user)) {
    s_.accounts.Audit({"", name, "sign_in_refused", "", "", "API-only account", rc.source});
    return LoginPage(
        rc, req,
        "This account is for a partner agency's system, which uses the API with a token. It "
        "cannot sign in to these pages.",
        name);
  }
  const std::string token = auth::NewToken();
  s_.accounts.CreateSession(auth::TokenHash(token), user->id, auth::NewToken().substr(3),
                            UtcPlus(int64_t{12} * 3600));
  s_.accounts.Audit({"", name, "signed_in", "", "", "", rc.source});
  return Redirect(req, "/",
                  fmt::format("cf_session={}; Path=/; HttpOnly; Secure; SameSite=Strict", token));
}

request_handling_status_t SignInHandlers::Logout(RequestContext& rc, const request_handle_t& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  CheckCsrf(rc, ParseForm(req->body()));
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  s_.accounts.DeleteSession(auth::TokenHash(cookies.at("cf_session")));
  Audit(rc, "signed_out", "", "");
  return Redirect(req, "/login",
                  "cf_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
}

}  // namespace cf::http

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
  const auto token = app::SignIn(s_, name, password, rc.source);
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

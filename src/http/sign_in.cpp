#include "app/access.hpp"
#include "events/jsonl_writer.hpp"
#include "http/api.hpp"

namespace cf::http {

std::string Api::UtcPlus(int64_t seconds) {
  return events::FormatInstant((Now() / 1000 + seconds) * 1000);
}

// The signed-in session from the cookie, or nullopt.
std::optional<storage::AccountStore::Session> Api::SessionOf(const request_handle_t& req) {
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  const auto it = cookies.find("cf_session");
  if (it == cookies.end()) return std::nullopt;
  return accounts_->FindSession(auth::TokenHash(it->second), UtcPlus(0));
}

// Requires a session; sets user_ and session_. Returns false after answering with a redirect.
bool Api::SignedIn(const request_handle_t& req) {
  session_ = SessionOf(req);
  if (!session_ || !app::MayUseStaffPages(session_->user)) return false;
  user_ = session_->user;
  return true;
}

// A form must carry the session's CSRF token.
void Api::CheckCsrf(const std::map<std::string, std::string>& form) {
  const auto it = form.find("csrf");
  if (it == form.end() || it->second.empty() || it->second != session_->csrf) {
    Audit("csrf_rejected", "", "");
    throw Problem{restinio::status_forbidden(), "The form has expired",
                  "Go back, reload the page and try again."};
  }
}

request_handling_status_t Api::LoginPage(const request_handle_t& req, const std::string& error,
                                         const std::string& name) {
  session_.reset();
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

request_handling_status_t Api::Login(const request_handle_t& req) {
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
  auto user = accounts_->FindUser(name);
  if (!user || user->disabled) {
    accounts_->Audit({"", name, "sign_in_failed", "", "", "unknown name", source_});
    return LoginPage(req, failed, name);
  }
  if (!user->locked_until.empty() && user->locked_until > UtcPlus(0)) {
    accounts_->Audit({"", name, "sign_in_refused", "", "", "locked", source_});
    return LoginPage(req, failed, name);
  }
  if (!auth::VerifyPassword(user->password_hash, password)) {
    const int failures = user->failed_logins + 1;
    accounts_->SetLoginFailures(user->id, failures,
                                failures >= kMaxFailedLogins ? UtcPlus(kLockMinutes * 60) : "");
    accounts_->Audit({"", name, "sign_in_failed", "", "",
                      failures >= kMaxFailedLogins ? "wrong password; locked" : "wrong password",
                      source_});
    return LoginPage(req, failed, name);
  }
  accounts_->SetLoginFailures(user->id, 0, "");
  if (!app::MayUseStaffPages(*user)) {
    accounts_->Audit({"", name, "sign_in_refused", "", "", "API-only account", source_});
    return LoginPage(
        req,
        "This account is for a partner agency's system, which uses the API with a token. It "
        "cannot sign in to these pages.",
        name);
  }
  const std::string token = auth::NewToken();
  accounts_->CreateSession(auth::TokenHash(token), user->id, auth::NewToken().substr(3),
                           UtcPlus(12 * 3600));
  accounts_->Audit({"", name, "signed_in", "", "", "", source_});
  return Redirect(req, "/",
                  fmt::format("cf_session={}; Path=/; HttpOnly; Secure; SameSite=Strict", token));
}

request_handling_status_t Api::Logout(const request_handle_t& req) {
  if (!SignedIn(req)) return Redirect(req, "/login");
  CheckCsrf(ParseForm(req->body()));
  const auto cookies = ParseCookies(req->header().get_field_or(restinio::http_field::cookie, ""));
  accounts_->DeleteSession(auth::TokenHash(cookies.at("cf_session")));
  Audit("signed_out", "", "");
  return Redirect(req, "/login",
                  "cf_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
}

}  // namespace cf::http

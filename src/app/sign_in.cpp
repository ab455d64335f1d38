#include "app/sign_in.hpp"

#include <fmt/format.h>

#include "app/access.hpp"
#include "auth/credentials.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

const std::string kRefused = fmt::format(
    "The name or password is not right, or the account is locked. After {} wrong passwords an "
    "account is locked for {} minutes.",
    kMaxFailedSignIns, kLockMinutes);

void Audit(Services& s, const std::string& name, const std::string& action,
           const std::string& detail, const std::string& source) {
  s.accounts.Audit({"", name, action, "", "", detail, source});
}

}  // namespace

std::string UtcPlus(const Services& s, int64_t seconds) {
  return events::FormatInstant((s.Now() / 1000 + seconds) * 1000);
}

core::Result<std::string> SignIn(Services& s, const std::string& name, const std::string& password,
                                 const std::string& source) {
  const SignInAttempt attempt = BeginSignIn(s, name);
  return FinishSignIn(s, attempt, CheckPassword(attempt, password), source);
}

SignInAttempt BeginSignIn(Services& s, const std::string& name) {
  SignInAttempt attempt;
  attempt.user = s.accounts.FindUser(name);
  // A refusal checks against a hash nobody's password matches (empty here: CheckPassword
  // makes it, on whichever thread checks), at the same cost.
  const bool usable = attempt.user && !attempt.user->disabled && !IsLocked(s, *attempt.user);
  if (usable) attempt.hash = attempt.user->password_hash;
  return attempt;
}

bool CheckPassword(const SignInAttempt& attempt, const std::string& password) {
  return auth::VerifyPassword(attempt.hash.empty() ? auth::DummyPasswordHash() : attempt.hash,
                              password);
}

core::Result<std::string> FinishSignIn(Services& s, const SignInAttempt& attempt, bool password_ok,
                                       const std::string& source) {
  // Decided on the account as it is now, not as it was when the check began: other attempts
  // may have locked it, an admin may have reset the password or disabled it meanwhile. (This
  // runs on the server's one thread, so nothing changes it between here and the writes.)
  const auto user = attempt.user ? s.accounts.FindUser(attempt.user->name) : std::nullopt;
  // The audit names an account only when it exists: what was typed may be a password.
  if (!user || user->disabled) {
    Audit(s, "", "sign_in_failed", user ? "disabled account" : "unknown name", source);
    return core::Unauthenticated(kRefused);
  }
  const std::string& name = user->name;
  if (IsLocked(s, *user)) {
    Audit(s, name, "sign_in_refused", "locked", source);
    return core::Unauthenticated(kRefused);
  }
  if (attempt.hash.empty() || attempt.hash != user->password_hash) {
    // Checked against no password of this account's (it was locked or disabled when the
    // attempt began) or against one since replaced: refused, and counts nothing.
    Audit(s, name, "sign_in_refused", "the account changed during the attempt", source);
    return core::Unauthenticated(kRefused);
  }
  if (!password_ok) {
    // Not locked now, so a lock it had has run out: the count starts again, and one wrong
    // password does not relock it.
    const int before = user->locked_until.empty() ? user->failed_logins : 0;
    const int failures = before + 1;
    const bool lock = failures >= kMaxFailedSignIns;
    s.accounts.SetLoginFailures(user->id, failures,
                                lock ? UtcPlus(s, int64_t{kLockMinutes} * 60) : "");
    Audit(s, name, "sign_in_failed", lock ? "wrong password; locked" : "wrong password", source);
    return core::Unauthenticated(kRefused);
  }
  s.accounts.SetLoginFailures(user->id, 0, "");
  if (!MayUseStaffPages(*user)) {
    Audit(s, name, "sign_in_refused", "API-only account", source);
    return core::PermissionDenied(
        "This account is for a partner agency's system, which uses the API with a token. It "
        "cannot sign in to these pages.");
  }
  // Expired sessions go as new ones come, so the table holds only live ones (and a few).
  s.accounts.DeleteExpiredSessions(UtcPlus(s, 0));
  std::string token = auth::NewToken();
  s.accounts.CreateSession(auth::TokenHash(token), user->id, auth::NewToken().substr(3),
                           UtcPlus(s, int64_t{kSessionHours} * 3600));
  Audit(s, name, "signed_in", "", source);
  return token;
}

void SignOut(Services& s, const Actor& actor, const std::string& token) {
  s.accounts.DeleteSession(auth::TokenHash(token));
  AuditAs(s, actor, "signed_out", "", "");
}

std::optional<storage::User> UserForApiToken(Services& s, std::string_view token) {
  return s.accounts.UserForToken(auth::TokenHash(token), UtcPlus(s, 0));
}

std::optional<storage::SessionRepository::Session> SessionFor(Services& s, std::string_view token) {
  return s.accounts.FindSession(auth::TokenHash(token), UtcPlus(s, 0));
}

bool IsLocked(Services& s, const storage::User& user) {
  return !user.locked_until.empty() && user.locked_until > UtcPlus(s, 0);
}

}  // namespace cf::app

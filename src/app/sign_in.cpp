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

// RFC 3339 UTC, `seconds` from now on the clock, to the second.
std::string UtcPlus(const Services& s, int64_t seconds) {
  return events::FormatInstant((s.Now() / 1000 + seconds) * 1000);
}

void Audit(Services& s, const std::string& name, const std::string& action,
           const std::string& detail, const std::string& source) {
  s.accounts.Audit({"", name, action, "", "", detail, source});
}

}  // namespace

core::Result<std::string> SignIn(Services& s, const std::string& name, const std::string& password,
                                 const std::string& source) {
  auto user = s.accounts.FindUser(name);
  if (!user || user->disabled) {
    Audit(s, name, "sign_in_failed", "unknown name", source);
    return core::Unauthenticated(kRefused);
  }
  if (IsLocked(s, *user)) {
    Audit(s, name, "sign_in_refused", "locked", source);
    return core::Unauthenticated(kRefused);
  }
  if (!auth::VerifyPassword(user->password_hash, password)) {
    const int failures = user->failed_logins + 1;
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
  return s.accounts.UserForToken(auth::TokenHash(token));
}

std::optional<storage::SessionRepository::Session> SessionFor(Services& s, std::string_view token) {
  return s.accounts.FindSession(auth::TokenHash(token), UtcPlus(s, 0));
}

bool IsLocked(Services& s, const storage::User& user) {
  return !user.locked_until.empty() && user.locked_until > UtcPlus(s, 0);
}

}  // namespace cf::app

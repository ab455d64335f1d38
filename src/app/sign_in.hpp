#pragma once
// Staff signing in to the pages and out again. Every attempt is audited (sign_in_failed,
// sign_in_refused, signed_in, signed_out) with where it came from. Five wrong passwords in a
// row lock an account for 15 minutes; a refusal says the same whether the name is unknown,
// the account disabled or locked, or the password wrong, so that it does not tell which names
// exist.

#include <optional>
#include <string>
#include <string_view>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

inline constexpr int kMaxFailedSignIns = 5;
inline constexpr int kLockMinutes = 15;
inline constexpr int kSessionHours = 12;

// A new session for `name` if `password` is theirs: its token (the cookie's value, stored only
// as a hash). kUnauthenticated: wrong, unknown, disabled or locked (one message for all);
// kPermissionDenied: an account for a partner agency's system, which uses the API only.
// Every refusal costs one password check, as a wrong password does, so that the time taken
// does not tell which names exist; the audit names an account only when it exists.
core::Result<std::string> SignIn(Services& s, const std::string& name, const std::string& password,
                                 const std::string& source);

// SignIn in three steps, so that the costly password check (Argon2id) can run off the thread
// that serves requests: BeginSignIn reads the store, CheckPassword touches nothing shared (any
// thread), FinishSignIn writes the outcome.
struct SignInAttempt {
  std::optional<storage::User> user;  // the enabled account of that name, if any
  std::string hash;  // the account's hash to check against; empty: a dummy (a refusal)
};
SignInAttempt BeginSignIn(Services& s, const std::string& name);
bool CheckPassword(const SignInAttempt& attempt, const std::string& password);
core::Result<std::string> FinishSignIn(Services& s, const SignInAttempt& attempt, bool password_ok,
                                       const std::string& source);

// Who a request is from. The account of a live API token ("Authorization: Bearer TOKEN"), if
// the account is not disabled; the session whose cookie holds `token`, if it has not expired
// on the clock. nullopt otherwise.
std::optional<storage::User> UserForApiToken(Services& s, std::string_view token);
std::optional<storage::SessionRepository::Session> SessionFor(Services& s, std::string_view token);

// RFC 3339 UTC, `seconds` from now on the services' clock, to the second: how sessions, locks and
// invitations are stamped and compared.
std::string UtcPlus(const Services& s, int64_t seconds);

// Whether the account is locked now, after too many wrong passwords.
bool IsLocked(Services& s, const storage::User& user);

// Ends the session whose token is `token`, audited as the actor's signed_out.
void SignOut(Services& s, const Actor& actor, const std::string& token);

}  // namespace cf::app

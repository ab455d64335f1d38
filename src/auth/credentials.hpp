#pragma once
// Passwords and API tokens (libsodium). Passwords are stored as Argon2id strings; tokens
// are shown once when created and stored only as a BLAKE2b hash.

#include <string>
#include <string_view>

namespace cf::auth {

// Argon2id with libsodium's interactive limits. Throws std::runtime_error when out of memory.
std::string HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);
// A hash of a password nobody has (made once), checked in place of a missing account's so that
// a refusal costs what a wrong password does (Argon2id, the same limits).
const std::string& DummyPasswordHash();

// A new random API token: "cf_" and 64 hex digits (256 bits).
std::string NewToken();
// The stored form of a token: BLAKE2b-256, hex.
std::string TokenHash(std::string_view token);
// Whether two secrets (CSRF tokens, say) are the same, in a time that does not depend on where
// they first differ.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace cf::auth

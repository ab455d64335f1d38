#pragma once
// Failed portal sign-ins counted per client address (issue 15: "lockout with back-off per
// reference and per address"). After kMaxFailures failures from one address within
// kWindowMinutes, its attempts are refused before any password is checked, until the oldest of
// them falls out of the window. The per-reference lock (app/portal.hpp) stops guessing at one
// case; this stops one address guessing at many, and locking many cases out. Kept in the
// database (storage::PortalStore, migration 0033), so that every portal server on it counts
// together and a restart forgets nothing (issue 18); TidyPortal forgets what has aged.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/london_time.hpp"
#include "storage/portal_store.hpp"

namespace cf::app {

inline constexpr int64_t kAddressMaxFailures = 20;
inline constexpr int64_t kAddressWindowMinutes = 15;

// Whether `address` may try to sign in at `now`.
bool AddressAllowed(storage::PortalStore& store, const std::string& address, core::Instant now);
// A failed attempt from `address` at `now`.
void AddressFailed(storage::PortalStore& store, const std::string& address, core::Instant now);
// Forgets the failures that have aged out of the window at `now`; returns how many.
size_t ForgetAgedAddressFailures(storage::PortalStore& store, core::Instant now);

}  // namespace cf::app

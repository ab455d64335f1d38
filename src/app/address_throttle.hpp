#pragma once
// Failed portal sign-ins counted per client address (issue 15: "lockout with back-off per
// reference and per address"). After kMaxFailures failures from one address within
// kWindowMinutes, its attempts are refused before any password is checked, until the oldest of
// them falls out of the window. The per-reference lock (app/portal.hpp) stops guessing at one
// case; this stops one address guessing at many, and locking many cases out. Thread-safe: the
// portal's serving threads share one. Held in memory: a restart forgets it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/london_time.hpp"

namespace cf::app {

class AddressThrottle {
 public:
  static constexpr size_t kMaxFailures = 20;
  static constexpr int64_t kWindowMinutes = 15;
  static constexpr size_t kMaxAddresses = 100000;  // beyond it, the quietest are forgotten

  // Whether `address` may try now.
  bool Allowed(const std::string& address, core::Instant now);
  // A failed attempt from `address` at `now`.
  void Failed(const std::string& address, core::Instant now);

 private:
  void Expire(std::deque<core::Instant>& times, core::Instant now) const;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<core::Instant>> failures_;
};

}  // namespace cf::app

#include "core/clock.hpp"

#include <chrono>
#include <ctime>

namespace cf::core {

Date Clock::Today() const { return LondonDates().DateOf(Now()); }

std::string Clock::NowUtc() const { return UtcText(Now()); }

std::string UtcText(Instant instant) {
  const std::time_t seconds = static_cast<std::time_t>(instant / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Instant SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

// From London midnight to London midnight: whole UTC days would put 00:30 BST on the day
// before when the other date is in GMT.
ShiftedClock::ShiftedClock(const Clock& base, Date today)
    : base_(base), offset_ms_(LondonDates().StartOf(today) - LondonDates().StartOf(base.Today())) {}

}  // namespace cf::core

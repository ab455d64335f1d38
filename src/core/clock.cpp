#include "core/clock.hpp"

#include <chrono>
#include <ctime>

namespace cf::core {

Date Clock::Today() const { return LondonDates().DateOf(Now()); }

std::string Clock::NowUtc() const {
  const std::time_t seconds = static_cast<std::time_t>(Now() / 1000);
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

ShiftedClock::ShiftedClock(const Clock& base, Date today)
    : base_(base),
      offset_ms_(static_cast<Instant>(today.days() - base.Today().days()) * 86'400'000) {}

}  // namespace cf::core

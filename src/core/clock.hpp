#pragma once
// Where every timestamp comes from. Nothing outside this file reads the system clock: the
// composition root (cli) chooses a Clock and hands it to the server, the stores and every
// command, as leveldb hands out its Env. Tests use FakeClock; a training copy served with
// `serve --today DATE` uses ShiftedClock, so that contacts, sessions, lockouts and the
// audit log are all stamped on the training day, not only the work queue's date.

#include <atomic>
#include <string>

#include "core/date.hpp"
#include "core/london_time.hpp"

namespace cf::core {

// Thread-safe: Now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the epoch, UTC.
  virtual Instant Now() const = 0;

  // Today's date in Europe/London.
  Date Today() const;
  // Now as RFC 3339 UTC to the second, "2025-03-03T09:15:00Z" (how the stores stamp rows).
  std::string NowUtc() const;
};

// An instant as RFC 3339 UTC to the second, "2025-03-03T09:15:00Z" (as NowUtc).
std::string UtcText(Instant instant);

// The operating system's real time. The one instance is SystemClock::Instance().
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
  static const SystemClock& Instance();
};

// Another clock moved once, at construction, from London's date on `base` to `today`
// (midnight to midnight in Europe/London, so the London time of day is kept across a clock
// change). Time still passes, so sessions expire and lockouts end as they would; a training
// copy left running past midnight moves on to the next day, as a real one would.
class ShiftedClock final : public Clock {
 public:
  ShiftedClock(const Clock& base, Date today);
  Instant Now() const override { return base_.Now() + offset_ms_; }

 private:
  const Clock& base_;
  Instant offset_ms_;
};

// A clock that stands still until told otherwise: tests set the instant they need
// ("Mon 3 Mar 2025 09:00 Europe/London") and advance it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_.load(); }
  void Set(Instant now) { now_.store(now); }
  void Advance(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<Instant> now_;
};

}  // namespace cf::core

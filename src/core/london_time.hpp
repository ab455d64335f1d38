#pragma once
// Instants (UTC) and their Europe/London calendar dates. Every Code rule works on London
// dates: an event at 23:30 UTC on 30 June is 1 July in London during summer time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace cf::core {

// Milliseconds since 1970-01-01T00:00:00Z.
using Instant = int64_t;

// Parses an RFC 3339 timestamp with an offset or `Z` (2024-03-01T14:20:00Z,
// 2024-03-01T15:20:00.5+01:00). nullopt for anything else.
std::optional<Instant> ParseRfc3339(std::string_view text);

// The Europe/London date of an instant, from the system time zone database.
// Thread-compatible: keep one converter per thread (it caches the last offset period).
class LondonDates {
 public:
  LondonDates();
  Date DateOf(Instant instant);
  // The London wall-clock time of an instant, "14:20".
  std::string ClockOf(Instant instant);
  // The instant at which a London date begins (00:00 London time).
  Instant StartOf(Date date);
  // The instant of a London wall-clock time (minutes after midnight) on a date; a time the
  // clocks skip or repeat is taken at its earliest reading.
  Instant At(Date date, int minute_of_day);

 private:
  const void* zone_;
  Instant cached_begin_ = 1;
  Instant cached_end_ = 0;
  int64_t cached_offset_ms_ = 0;
};

}  // namespace cf::core

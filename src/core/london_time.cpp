#include "core/london_time.hpp"

#include <date/date.h>
#include <date/tz.h>

namespace cf::core {
namespace {

bool Digits(std::string_view t, size_t pos, size_t n, int& out) {
  if (pos + n > t.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
    v = v * 10 + (t[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Instant> ParseRfc3339(std::string_view t) {
  if (t.size() < 20) return std::nullopt;
  const auto date = Date::Parse(t.substr(0, 10));
  if (!date || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) return std::nullopt;
  int hh, mm, ss;
  if (!Digits(t, 11, 2, hh) || t[13] != ':' || !Digits(t, 14, 2, mm) || t[16] != ':' ||
      !Digits(t, 17, 2, ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    int64_t scale = 100;
    const size_t first = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      millis += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  if (pos >= t.size()) return std::nullopt;
  int64_t offset_min = 0;
  if (t[pos] == 'Z' || t[pos] == 'z') {
    ++pos;
  } else if (t[pos] == '+' || t[pos] == '-') {
    int oh, om;
    if (!Digits(t, pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
        !Digits(t, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (int64_t{oh} * 60 + om) * (t[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  const int64_t secs = static_cast<int64_t>(date->days()) * 86400 + int64_t{hh} * 3600 +
                       int64_t{mm} * 60 + std::min(ss, 59) - offset_min * 60;
  return secs * 1000 + millis;
}

LondonDates::LondonDates() : zone_(date::locate_zone("Europe/London")) {}

Date LondonDates::DateOf(Instant instant) {
  if (instant < cached_begin_ || instant >= cached_end_) {
    const auto* zone = static_cast<const date::time_zone*>(zone_);
    const auto info = zone->get_info(
        date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{instant}});
    cached_begin_ =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.begin.time_since_epoch())
            .count();
    cached_end_ =
        std::chrono::duration_cast<std::chrono::milliseconds>(info.end.time_since_epoch()).count();
    cached_offset_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(info.offset).count();
  }
  const int64_t local = instant + cached_offset_ms_;
  int64_t days = local / 86400000;
  if (local % 86400000 < 0) --days;
  return Date::FromDays(static_cast<int32_t>(days));
}

std::string LondonDates::ClockOf(Instant instant) {
  DateOf(instant);  // refreshes the cached offset for this instant
  int64_t ms = (instant + cached_offset_ms_) % 86400000;
  if (ms < 0) ms += 86400000;
  const int minutes = static_cast<int>(ms / 60000);
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + minutes / 600);
  out[1] = static_cast<char>('0' + minutes / 60 % 10);
  out[3] = static_cast<char>('0' + minutes % 60 / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

Instant LondonDates::StartOf(Date d) { return At(d, 0); }

Instant LondonDates::At(Date d, int minute_of_day) {
  const auto* zone = static_cast<const date::time_zone*>(zone_);
  const auto local = date::local_days{date::days{d.days()}} + std::chrono::minutes{minute_of_day};
  const auto sys = zone->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

}  // namespace cf::core

#include "calendar/calendar_loader.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/embedded.hpp"

namespace cf::calendar {

core::Result<WorkingDayCalendar> ParseCalendar(std::string_view text, std::string_view origin) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return core::InvalidArgument(fmt::format("{}: not a JSON object", origin));
  }
  auto date_at = [&](const nlohmann::json& parent, const char* key,
                     const std::string& where) -> core::Result<Date> {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_string()) {
      return core::InvalidArgument(
          fmt::format("{}: {}.{} is missing or not a string", origin, where, key));
    }
    const auto d = Date::Parse(it->get<std::string>());
    if (!d) {
      return core::InvalidArgument(
          fmt::format("{}: {}.{} is not a date (YYYY-MM-DD): {}", origin, where, key, it->dump()));
    }
    return *d;
  };
  const auto covers = json.find("covers");
  if (covers == json.end() || !covers->is_object()) {
    return core::InvalidArgument(
        fmt::format("{}: no \"covers\" {{\"from\", \"to\"}}: the calendar must say which years it "
                    "is complete for",
                    origin));
  }
  const auto from = date_at(*covers, "from", "covers");
  if (!from) return from.error();
  const auto to = date_at(*covers, "to", "covers");
  if (!to) return to.error();
  if (*to < *from)
    return core::InvalidArgument(fmt::format("{}: covers.to is before covers.from", origin));
  const auto events = json.find("events");
  if (events == json.end() || !events->is_array()) {
    return core::InvalidArgument(fmt::format("{}: \"events\" is missing or not a list", origin));
  }
  std::vector<Holiday> holidays;
  for (size_t i = 0; i < events->size(); ++i) {
    const auto& e = (*events)[i];
    const std::string where = fmt::format("events[{}]", i);
    if (!e.is_object())
      return core::InvalidArgument(fmt::format("{}: {} is not an object", origin, where));
    const auto d = date_at(e, "date", where);
    if (!d) return d.error();
    if (*d < *from || *d > *to) {
      return core::InvalidArgument(fmt::format("{}: {}.date {} lies outside covers ({} to {})",
                                               origin, where, d->ToString(), from->ToString(),
                                               to->ToString()));
    }
    const auto title = e.find("title");
    holidays.push_back({*d, title != e.end() && title->is_string() ? title->get<std::string>()
                                                                   : std::string("bank holiday")});
  }
  return WorkingDayCalendar(std::move(holidays), *from, *to);
}

const WorkingDayCalendar& EnglandAndWales() {
  static const WorkingDayCalendar calendar = [] {
    const auto text = core::FindEmbedded("data/calendars/england-and-wales.json");
    if (!text) throw std::logic_error("built-in calendar missing from the binary");
    auto parsed = ParseCalendar(*text, "built-in calendar");
    if (!parsed) throw std::logic_error(parsed.error().message);
    return std::move(parsed).value();
  }();
  return calendar;
}

core::Result<WorkingDayCalendar> LoadCalendarFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::NotFound(fmt::format("cannot read calendar file {}", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseCalendar(buffer.str(), path);
}

}  // namespace cf::calendar

#include "support/case_builder.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace cf::testing {

Date D(const std::string& iso) {
  const auto d = Date::Parse(iso);
  if (!d) throw std::invalid_argument("bad date in test: " + iso);
  return *d;
}

core::Instant CaseBuilder::At(const std::string& when) {
  static core::LondonDates london;
  const Date d = D(when.substr(0, 10));
  const int hh = std::stoi(when.substr(11, 2));
  const int mm = std::stoi(when.substr(14, 2));
  const int64_t offset = (hh * 60 + mm) * 60000LL;
  if (when.back() == 'Z') return static_cast<int64_t>(d.days()) * 86400000LL + offset;
  return london.StartOf(d) + offset;
}

Event& CaseBuilder::Add(EventType type, const std::string& when) {
  static core::LondonDates london;
  Event e;
  e.id = fmt::format("e{}", file_.events.size() + 1);
  e.type = type;
  e.at = At(when);
  e.date = london.DateOf(e.at);
  e.line = static_cast<int>(file_.events.size()) + 1;
  file_.events.push_back(std::move(e));
  return file_.events.back();
}

Event& CaseBuilder::Recorded(const std::string& when, const std::string& crime_type,
                             uint32_t crime_flags) {
  Event& e = Add(EventType::kCrimeRecorded, when);
  e.crime_type = crime_type;
  e.crime_flags = crime_flags;
  e.unit = "N1";
  e.officer = "PC1";
  return e;
}

Event& CaseBuilder::Person(const std::string& when, const std::string& id, domain::Role role) {
  Event& e = Add(EventType::kPersonAdded, when);
  e.person = id;
  e.role = role;
  return e;
}

Event& CaseBuilder::Contact(const std::string& when, const std::string& person,
                            domain::ContactOutcome outcome, domain::DutyMask covers) {
  Event& e = Add(EventType::kContactMade, when);
  e.person = person;
  e.contact_outcome = outcome;
  e.covers = covers;
  return e;
}

Event& CaseBuilder::Contract(const std::string& when, const std::string& person, bool wants_updates,
                             int frequency_days) {
  Event& e = Add(EventType::kContractAgreed, when);
  e.person = person;
  e.wants_updates = wants_updates;
  e.frequency_days = frequency_days;
  return e;
}

Event& CaseBuilder::Closed(const std::string& when, domain::CaseOutcome outcome) {
  Event& e = Add(EventType::kCaseClosed, when);
  e.outcome = outcome;
  return e;
}

}  // namespace cf::testing

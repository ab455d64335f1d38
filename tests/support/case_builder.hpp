#pragma once
// Builds one case's events for tests, with sensible defaults: a Burglary recorded on a
// weekday morning with victim V1 added at the same moment. Times are London wall-clock.

#include <string>
#include <vector>

#include "domain/case_file.hpp"

namespace cf::testing {

using core::Date;
using domain::Event;
using domain::EventType;

class CaseBuilder {
 public:
  explicit CaseBuilder(std::string crime = "T/1/24") { file_.crime = std::move(crime); }

  // "2024-12-24 23:30" London time, or with a trailing Z for UTC.
  static core::Instant At(const std::string& when);

  Event& Add(EventType type, const std::string& when);
  Event& Recorded(const std::string& when, const std::string& crime_type = "Burglary",
                  uint32_t crime_flags = 0);
  Event& Person(const std::string& when, const std::string& id,
                domain::Role role = domain::Role::kVictim);
  Event& Contact(const std::string& when, const std::string& person,
                 domain::ContactOutcome outcome = domain::ContactOutcome::kSpoke,
                 domain::DutyMask covers = 0);
  Event& Contract(const std::string& when, const std::string& person, bool wants_updates,
                  int frequency_days = 0);
  Event& Closed(const std::string& when,
                domain::CaseOutcome outcome = domain::CaseOutcome::kNoSuspect);

  const domain::CaseFile& file() const { return file_; }

 private:
  domain::CaseFile file_;
};

Date D(const std::string& iso);

}  // namespace cf::testing

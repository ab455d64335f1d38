#pragma once
// One crime's events, as the engine reads them. The event log (events.md) is the source of
// truth; this is its in-memory form with the fields the rules need already typed.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/london_time.hpp"
#include "domain/person_details.hpp"
#include "domain/vocabulary.hpp"

namespace cf::domain {

using core::Date;
using core::Instant;

// One event. Which fields are meaningful depends on `type` (events.md); the rest keep their
// defaults. Fields the engine never reads (names, contact details, suspect ids, summaries)
// are not held here: they stay in the stored original JSON.
struct Event {
  std::string id;
  EventType type = EventType::kCrimeRecorded;
  Instant at = 0;      // as recorded (UTC milliseconds)
  Date date;           // Europe/London date of `at`
  int line = 0;        // position in the input (1-based): ties and messages
  std::string person;  // person events and contact.made

  // crime.recorded
  std::string crime_type;
  std::string unit;
  std::string officer;  // also officer.assigned
  std::optional<Date> offence_date;
  uint32_t crime_flags = 0;

  // person.added
  Role role = Role::kVictim;
  std::string represents;
  std::optional<Date> date_of_birth;
  uint32_t person_flags = 0;  // person.added flags, or the one flag of person.flagged/unflagged
  // person.added: "Title Given Family" for staff screens, and lower-case name, phone
  // numbers (digits only) and email for the bureau's search. Never sent to the engine's rules.
  std::string display_name;
  std::string search_text;
  std::string postcode;  // person.added contact.postcode, as given
  // person.added and person.details_changed: the details as given, shared between copies.
  std::shared_ptr<const PersonDetails> details;

  // contract.agreed
  bool wants_updates = true;
  int frequency_days = 0;  // 0 when absent or not a positive JSON integer

  // information.given / needs.assessed
  std::optional<InfoItem> item;
  bool leaflet_given = false;

  // case.closed
  CaseOutcome outcome = CaseOutcome::kOther;

  // contact.made
  Channel channel = Channel::kPhone;
  ContactOutcome contact_outcome = ContactOutcome::kSpoke;
  DutyMask covers = 0;  // 0: covers everything outstanding

  // decision.no_charge
  bool vrr_eligible = false;

  // referral.consented / opted_out / sent: the organisation, as the force lists it; "" for
  // Victim Support (the Code's referral duty, which no other organisation's meets)
  std::string referral_to;
};

// Everything recorded on one crime, in input order. The reader guarantees the first event
// is its crime.recorded and that every person named was added earlier.
struct CaseFile {
  std::string crime;
  std::vector<Event> events;

  const Event& recorded() const { return events.front(); }
};

}  // namespace cf::domain

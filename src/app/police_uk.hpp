#pragma once
// Imports data.police.uk open data (street-level crimes and outcomes) as case events,
// through the same validation, idempotence and atomicity as any import.
//
// What the open data lacks is synthesised deterministically from the Crime ID (a 64-hex
// hash), so re-importing gives the same events (docs/police-uk.md):
// - the day and time within the month: FNV-1a of the Crime ID picks day 1..N at 08:00-19:59 UTC;
//   outcomes likewise from Crime ID + month + outcome;
// - the unit: the borough of the LSOA name ("Camden 028B" -> "Camden"), else "Falls within";
//   the officer: one of 25 per unit ("Camden-07"), from the same hash;
// - one victim V1 (a business contact for shoplifting); none for anti-social behaviour (not a
//   crime, skipped), drugs, possession of weapons and public order, which have no victim.
// A Crime ID listed twice (the open data does this, e.g. once with "No Location") is one
// crime: the first row defines it. Outcomes map to events as events.md says; an outcome for a crime
// that is not stored (the open data is windowed by month) is counted and skipped, not an error.

#include <string>
#include <string_view>

#include "app/import.hpp"

namespace cf::app {

enum class PoliceUkFile { kStreet, kOutcomes };

struct PoliceUkReport {
  ImportReport import;
  size_t rows = 0;        // data rows read
  size_t crimes = 0;      // street rows that became crimes
  size_t repeated = 0;    // street rows repeating a Crime ID already known (the first row counts)
  size_t not_crimes = 0;  // anti-social behaviour and rows without a Crime ID
  size_t outcome_events = 0;  // events made from outcome rows
  size_t outcomes_without_crime = 0;
  size_t outcomes_without_event = 0;  // "Under investigation" and the like
};

// Reads one CSV file's text. Errors (a header without the columns needed, a bad month,
// an unknown crime type or outcome) are line errors, with the same atomic default.
PoliceUkReport ImportPoliceUk(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, PoliceUkFile kind,
                              std::string_view csv, const ImportOptions& options);

// Splits one CSV record (RFC 4180 quoting).
std::vector<std::string> SplitCsv(std::string_view line);

}  // namespace cf::app

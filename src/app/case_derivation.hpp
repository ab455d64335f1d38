#pragma once
// What the store derives from one case's events: its summary row, its people and its
// obligations as of a date. Shared by import, recompute and the work queue's roll-forward.

#include <optional>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct DerivedCase {
  storage::CaseRow row;
  std::vector<storage::PersonRow> people;
  std::vector<storage::ObligationRow> obligations;
};

// The date a case's obligations are stored as of: its last event's date, or `at_least` if
// later. Imports and recompute store cases as of their last event; the work queue, the
// compliance report and `advance` bring them forward in time when asked about a later day.
core::Date ComputeAsOf(const domain::CaseFile& file, core::Date at_least = core::Date());

// Brings forward to `date` every case in scope whose chain of periodic updates has moved on
// since it was computed (a transaction per 200 cases, each case whole: a stop keeps the batches
// already committed, and the rest are brought forward next time). Returns how many cases were
// rewritten.
size_t RollForward(storage::CaseStore& store, const rules::ObligationEngine& engine,
                   const rules::RuleLibrary& library, const storage::Scope& scope, core::Date date);

// REQUIRES: `file` is complete (starts with its crime.recorded) and valid.
// A case the engine cannot compute (no rule set in force, dates past the calendar) is kept
// with its error and no obligations, so it is visible rather than lost.
DerivedCase DeriveCase(const domain::CaseFile& file, const rules::ObligationEngine& engine,
                       const rules::Selection& selection, core::Date as_of);

// Converts engine output to stored rows (crime, officer, unit and crime type denormalised
// for the work queue's indexes). Who owes it comes from `owner` (the case's row): its officer
// and unit, but the Witness Care Unit's duties go to the unit the case was handed to, with no
// officer (the unit's queue), once it was.
storage::ObligationRow ToRow(const domain::CaseFile& file, const rules::Obligation& o, int n,
                             const storage::CaseRow& owner);

// `person`'s details as added and then corrected by each person.details_changed in the log's
// order; nullopt when the case has no such person.
std::optional<domain::PersonDetails> CurrentDetails(const domain::CaseFile& file,
                                                    const std::string& person);

// `person`'s flags (domain::PersonFlag bits): as added, then each person.flagged and
// person.unflagged in the log's order, leaving out events after `on` when given; nullopt when
// the case has no such person.
std::optional<uint32_t> PersonFlags(const domain::CaseFile& file, const std::string& person,
                                    std::optional<core::Date> on = std::nullopt);

// Parses stored bodies back into a case. Throws StorageError if the log holds a line that
// no longer validates (a corrupt log is an infrastructure failure).
domain::CaseFile ParseStoredCase(const std::string& crime, const std::vector<std::string>& bodies);

// The selection the store was last recomputed with (settings "ruleset" and "policy").
rules::Selection StoredSelection(storage::CaseStore& store, const rules::RuleLibrary& library);

}  // namespace cf::app

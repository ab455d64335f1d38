#pragma once
// What staff see of one case beyond its summary row: a timeline of everything recorded on it
// (events and contacts, newest first, in plain words), each person's contact details, needs
// assessment (the MG11 rear-of-form answers), contract and enhanced categories with the
// reasons, and every obligation as of today with its explanation. Read from the event log and
// computed fresh on each call; nothing is stored. Suspect ids appear (staff screens only).

#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/engine.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct LabelledValue {
  std::string label;
  std::string value;
};

struct TimelineEntry {
  std::string date;   // London date, "Tue 24 Dec 2024"
  std::string time;   // London clock time, "16:59"
  std::string title;  // "Suspect S1 arrested"
  std::vector<std::string> details;
  std::string by;  // staff id, if recorded
  bool contact = false;
  domain::EventType type = domain::EventType::kCrimeRecorded;
};

struct PersonRecord {
  std::string person;
  std::string role;
  std::string display_name;
  std::string represents;
  std::vector<LabelledValue> contact_details;  // address, phones, email, language
  std::vector<LabelledValue> needs;            // every needs.assessed together; empty if none
  // Victims and witnesses are assessed on the MG11: what is still to ask (empty: complete).
  bool assessed_on_mg11 = false;
  std::vector<std::string> still_to_ask;
  std::vector<LabelledValue> contract;  // the latest contract.agreed; empty if none
  std::vector<std::string> flags;       // flags in force today
  std::vector<std::string> enhanced;    // one line per enhanced category, with why
  std::vector<std::string> referrals;   // each referral to Victim Support and what became of it
  // Each other organisation they were asked about: "Women's Aid: agreed on 3 December 2026;
  // referred on 3 December 2026 by file transfer, not replied yet".
  std::vector<std::string> other_referrals;
};

struct ExplainedObligation {
  storage::ObligationRow row;
  std::string what;  // in plain words, from the rule set
  rules::ObligationStatus status = rules::ObligationStatus::kOpen;  // as of today
  std::string explanation;                                          // rules::Explain
};

// How staff screens name a status: Open, Overdue, Met, Met late, Not required.
std::string StatusText(rules::ObligationStatus s);

struct CaseRecord {
  std::vector<std::string> crime_flags;
  // A hearing to come (wcu.hearing_received, wcu.evidence_required) on a day a victim or witness
  // it needs asked to avoid (their needs assessment's dates_to_avoid), one line each: the
  // Witness Care Unit tells the CPS, so that the court can consider it.
  std::vector<std::string> hearing_clashes;
  std::vector<TimelineEntry> timeline;
  std::vector<PersonRecord> people;
  std::vector<ExplainedObligation> obligations;
  std::string error;  // why obligations could not be computed (e.g. no rule set in force)
};

// The record of `crime` as of the end of `today`, under the store's selection.
// kNotFound when the crime has no events.
core::Result<CaseRecord> ReadCaseRecord(storage::CaseStore& store,
                                        const rules::ObligationEngine& engine,
                                        const rules::RuleLibrary& library, const std::string& crime,
                                        core::Date today);

}  // namespace cf::app

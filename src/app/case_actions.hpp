#pragma once
// What staff do to a case, as use cases over the store: record a contact (and first see
// which duties it will satisfy), and close a case, which the closure gate refuses while a
// victim has not been told of a decision, unless a supervisor overrides it with a reason.
// Each records an ordinary event through the import path (validation, idempotence,
// derived data in the same transaction).

#include <string>
#include <vector>

#include "app/import.hpp"
#include "core/result.hpp"

namespace cf::app {

struct ContactRequest {
  std::string event_id;  // unique; the caller makes it (a retry with the same id is a no-op)
  std::string crime;
  std::string person;
  std::string channel;              // phone, sms, email, letter, visit, portal
  std::string outcome;              // spoke, visited, ..., left_message, no_answer
  std::vector<std::string> covers;  // empty: covers everything outstanding
  std::string summary;
  std::string by;  // staff id recording it
  core::Instant at = 0;
};

struct SatisfiedDuty {
  std::string person;
  std::string duty;
  int instance = 1;
  std::string deadline;
  bool late = false;
  std::string what;  // the duty in plain words, from its rule set
};

// Imports one event line recorded at `at` from `source` ("staff:NAME", "portal"), as any
// import: validated, idempotent, derived data in the same transaction. An error says why it
// was not recorded.
core::Status RecordEventLine(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, const std::string& source,
                             core::Instant at, const std::string& line);

// The obligations the contact would satisfy, without recording it. Errors: the case or
// person does not exist, or a field is invalid (the message names it).
core::Result<std::vector<SatisfiedDuty>> PreviewContact(storage::CaseStore& store,
                                                        const rules::ObligationEngine& engine,
                                                        const rules::RuleLibrary& library,
                                                        const ContactRequest& request);

// Records the contact; returns what it satisfied.
core::Result<std::vector<SatisfiedDuty>> RecordContact(storage::CaseStore& store,
                                                       const rules::ObligationEngine& engine,
                                                       const rules::RuleLibrary& library,
                                                       const ContactRequest& request);

struct CloseRequest {
  std::string event_id;
  std::string crime;
  std::string outcome;          // charged, no_suspect, ...
  std::string reason;           // why, in words written for the victim (closure letter, portal)
  std::string internal_note;    // for staff only: never shown to victims or witnesses
  std::string override_reason;  // a supervisor's reason to close despite the gate
  bool may_override = false;    // the caller's role allows overriding (supervisor, admin)
  std::string by;
  core::Instant at = 0;
};

// A decision a victim has not been told of: blocks closing the case.
struct UntoldDecision {
  std::string person;
  std::string duty;
  std::string deadline;
};

// A victim or witness whose MG11 needs assessment is not complete: blocks closing the case as
// charged (it goes on to court, where their needs must be known).
struct IncompleteAssessment {
  std::string person;
  std::string name;
  std::vector<std::string> missing;  // what is still to ask, in words
};

struct CloseResult {
  std::vector<UntoldDecision> untold;            // non-empty: refused (unless overridden)
  std::vector<IncompleteAssessment> unassessed;  // likewise, when closing as charged
  bool closed = false;
  bool overridden = false;
};

// The closure gate. Decisions: not_investigated, released_nfa, charge, out_of_court_disposal,
// no_charge (their duties still open or overdue for a victim or bereaved relative); and, to
// close as charged, every victim's and witness's needs assessment complete.
// Errors: unknown case, invalid outcome, already closed.
core::Result<CloseResult> CloseCase(storage::CaseStore& store,
                                    const rules::ObligationEngine& engine,
                                    const rules::RuleLibrary& library, const CloseRequest& request);

struct HandOverRequest {
  std::string event_id;
  std::string crime;
  std::string unit;             // the Witness Care Unit's id
  std::string override_reason;  // a supervisor's reason to hand over despite the gate
  bool may_override = false;
  std::string by;
  core::Instant at = 0;
};

struct HandOverResult {
  std::vector<IncompleteAssessment> unassessed;  // non-empty: refused (unless overridden)
  bool handed = false;
  bool overridden = false;
};

// Hands a charged case to a Witness Care Unit (case.handed_to_wcu): the unit's staff see it
// and owe the witness-care duties; the officer stays in case. Gated like closing as charged:
// every victim's and witness's needs assessment complete, or a supervisor's override reason.
// The caller checks that `unit` is a Witness Care Unit. Errors: unknown case, no charge
// recorded, already with that unit.
core::Result<HandOverResult> HandOverToWcu(storage::CaseStore& store,
                                           const rules::ObligationEngine& engine,
                                           const rules::RuleLibrary& library,
                                           const HandOverRequest& request);

struct AssignRequest {
  std::string event_id;
  std::string crime;
  std::string officer;  // the new officer in case
  std::string unit;     // their unit (empty: unchanged)
  std::string by;
  core::Instant at = 0;
};

// Reassigns a case (an officer.assigned event): the queue follows at once.
core::Status AssignCase(storage::CaseStore& store, const rules::ObligationEngine& engine,
                        const rules::RuleLibrary& library, const AssignRequest& request);

}  // namespace cf::app

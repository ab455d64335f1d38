#pragma once
// "What must each officer do today?": open and overdue obligations for an officer, a unit
// or the force, most urgent first, with red/amber/green (rules/rag.hpp).
//
// One person's outstanding periodic updates are one line (one update satisfies them all).
//
// The store keeps each case's obligations as of the day it was last computed. Asking about
// a later day computes the cases whose chain of periodic updates has moved on from their
// log, in memory, as it does a case whose latest events are after the day asked about: the
// answer is always the one the engine would give for that day, and asking writes nothing.
// (RollForward, in case_derivation.hpp, stores the day's state: the server runs it hourly.)

#include <optional>
#include <string>
#include <vector>

#include "rules/engine.hpp"
#include "rules/rag.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct DueItem {
  storage::ObligationRow row;
  std::string person_name;  // or empty
  bool overdue = false;
  rules::Rag rag = rules::Rag::kGreen;
  int working_days_overdue = 0;
  std::string what;  // what must be done, in plain words
  // For a periodic update: how many more of this person's updates are also outstanding in
  // the list. One update satisfies them all, so the queue shows them as one line (the
  // earliest); the counts in DueList still count each obligation.
  int more_updates = 0;
};

struct DueList {
  std::vector<DueItem> items;  // the page asked for (lines, after grouping)
  int64_t lines = 0;           // lines matching the filters, on every page
  size_t offset = 0;           // of the first item among them
  // Open obligations in scope, whatever the filters:
  int64_t total = 0;
  int64_t red = 0;
  int64_t amber = 0;
  int64_t green = 0;
  // Computed for the day from the log, in memory (nothing is stored by a read):
  size_t rolled_forward = 0;  // cases whose stored periodic updates end before the day
  size_t computed_live = 0;   // cases with events after the day
};

// A supervisor's view of a unit: red, amber and total open per officer, reddest first.
struct OfficerLoad {
  std::string officer;
  int64_t red = 0;
  int64_t amber = 0;
  int64_t total = 0;
  // Leave now or starting within two weeks, and the open obligations falling due during it:
  // offered for reassignment before they go red.
  std::optional<storage::Leave> leave;
  int64_t due_during_leave = 0;
};
std::vector<OfficerLoad> TeamLoad(storage::CaseStore& store, const rules::ObligationEngine& engine,
                                  const rules::RuleLibrary& library, const std::string& unit,
                                  core::Date as_of, storage::AccountStore* accounts = nullptr);

// What an obligation asks the officer to do, in plain words (from its rule set).
std::string WhatToDo(const rules::RuleLibrary& library, const storage::ObligationRow& row);

// A local policy's reminder (West Mercia's days 5 and 21) has come and the deadline has not:
// shown on the queue as a reminder before the deadline.
bool IsReminder(const DueItem& item, core::Date as_of);

// Obligations the items stand for (each line and the updates it groups).
int64_t ObligationsShown(const DueList& list);

// The queue as JSON, one shape for the CLI and the API: as_of, total, red, amber, green (the
// scope's open obligations), lines and offset (the page among the matching lines) and
// items[] (rag, status, deadline, working_days_overdue, crime, person, person_name, duty,
// instance, enhanced, officer, unit, what, more_updates, remind_on, reminder). `indent` < 0:
// compact.
std::string DueListJson(const DueList& list, core::Date as_of, int indent = -1);

// Which part of a queue to show: its filters, its order and its page.
struct QueueFilter {
  storage::Scope scope;
  core::Date as_of;
  std::optional<rules::Rag> rag;  // none: every colour
  std::string duty;               // empty: any
  std::string crime_type;         // empty: any
  bool enhanced_only = false;
  storage::QueueSort sort = storage::QueueSort::kDeadline;
  size_t offset = 0;
  size_t limit = 50;  // lines; 0: all
};

// The open obligations of cases not closed that `filter` asks for, as lines, with the counts
// of the whole scope. Reads only: cases the store has not brought forward to `as_of` are
// computed from their log in memory.
DueList Due(storage::CaseStore& store, const rules::ObligationEngine& engine,
            const rules::RuleLibrary& library, const QueueFilter& filter);
// The first `limit` lines (0: all) of `scope`'s queue on `as_of`, most urgent first.
DueList Due(storage::CaseStore& store, const rules::ObligationEngine& engine,
            const rules::RuleLibrary& library, const storage::Scope& scope, core::Date as_of,
            size_t limit);

}  // namespace cf::app

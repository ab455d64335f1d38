#pragma once
// The force's retention rules for the personal data it keeps on victims and witnesses (UK
// GDPR art. 5(1)(e); DPA 2018 s.39 for law-enforcement processing), and the purge that
// applies them (docs/operations.md, "Personal data"). Each kind of record has a rule of its
// own, in months after the case's latest closing (or its last event, when work went on after
// the closing):
//
//   portal        the case's portal accounts, invitations, sessions and links; the words of
//                 its portal messages
//   messages      the addresses, subjects and words of the emails, texts and letters sent
//   case_details  names, dates of birth, contact details, needs and every free text in the
//                 case's events (summaries, notes, reasons, bail conditions...), with the free
//                 text of its call-backs, referral notes, survey comments, dip-sample findings
//                 and repeat-victim links
//
// What stays is what the force counts: the case, its people's roles and flags, every duty
// with its deadline and when it was met, who contacted whom by which channel and when. A date
// of birth becomes the birthday that gives the same age on the day the Code counts it from,
// so the duties owed to a child stay what they were; a purge that would change any duty is
// refused for that case.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"
#include "core/date.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct RetentionRules {  // months after the case's latest closing, 1 to 1200
  int portal = 12;
  int messages = 72;
  int case_details = 72;
  bool from_file = false;  // the force's [retention] section set them: not the defaults

  int MonthsFor(storage::RetainedKind kind) const;
};

struct PurgeLine {
  std::string crime;
  storage::RetainedKind kind = storage::RetainedKind::kCaseDetails;
  core::Date closed_on;  // London date of the closing it is for
  core::Date due_on;     // the later of closed_on and the last event's day, and the rule's months
  int64_t records = 0;   // rows removed or changed
};

struct PurgeReport {
  bool dry_run = false;
  size_t closed_cases = 0;        // closed cases looked at
  std::vector<PurgeLine> purged;  // (with dry_run: would be) in crime, kind order
  size_t not_yet_due = 0;         // kinds of closed cases still inside their rule
  // "CRIME: why": a case left as it is (its statistics would change, or its log would not
  // read back); the rest go on.
  std::vector<std::string> refused;
};

// Removes from each closed case every kind of personal data whose rule has run by `today`
// and that has not yet been removed for the case's latest closing and latest event: each case
// and kind in a transaction of its own, which checks the case is still as it was read, records
// the purge (storage::Purge) and audits it as `by` ("purged_personal_data"). With `dry_run`
// each is done and then rolled back, so the report is exactly what a purge would do today and
// nothing is changed (one "planned_purge" audit record says it was asked). Case details are
// refused for a case whose summary or any duty, derived again from the purged log, would
// differ from what the log as it was gives.
PurgeReport PurgePersonalData(Services& s, const RetentionRules& rules, core::Date today,
                              bool dry_run, const std::string& by);

// One stored event with what identifies a person, and every free text, taken out: only the
// codes, times and yes-or-no answers the engine and the statistics read are kept (unknown
// fields go, inside kept objects too, and lists keep only codes); names, contact details,
// language and needs are dropped; any free text that is not empty becomes kRemovedText; a date
// of birth becomes the birthday giving the same age on `age_date`. person.details_changed
// keeps only that it removed the contact details. Throws nlohmann::json's errors for a body
// that is not JSON.
std::string RedactEventBody(const std::string& body, core::Date age_date);

// Whether a purge keeps an event's field as it is (a code, a time, yes-or-no answers): what a
// subject access export may show of a case's own events without naming anyone.
bool IsKeptField(std::string_view key);

inline constexpr const char* kRemovedText = "(removed under the force's retention rules)";

}  // namespace cf::app

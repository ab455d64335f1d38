#pragma once
// The obligation engine: from one case's events, a rule set and an "as of" date, every
// obligation instance with its deadline, service level, status and satisfying record
// (victims-code.md). Pure: no I/O, no clock; the as-of date is a parameter.
// Thread-safe: Compute() is const and shares only immutable rule data and the calendar.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/working_day_calendar.hpp"
#include "core/result.hpp"
#include "domain/case_file.hpp"
#include "rules/rule_set.hpp"
#include "rules/rule_set_loader.hpp"
#include "rules/status.hpp"

namespace cf::rules {

using domain::CaseFile;
using domain::Event;

enum class NotRequiredReason {
  kNone,
  kReferralOptedOut,   // referral.opted_out on or before the deadline
  kOptedOutOfUpdates,  // latest contract.agreed says wants_updates: false
  kCaseClosed,         // periodic update in progress when the case closed
};

// Why a periodic-update run began (victims-code.md section 4).
enum class AnchorKind { kStart, kUpdate, kReopened, kOptedBackIn };

// Details kept for explanations of periodic updates.
struct PeriodicDetail {
  AnchorKind anchor_kind = AnchorKind::kStart;
  Date anchor;                          // the run's anchor date a
  int run_index = 0;                    // 0: the run from the person's start
  int index_in_run = 1;                 // j
  Date reference;                       // a for the first instance, else the previous deadline
  int period_days = 0;                  // 0 in calendar-month mode
  const Event* period_from = nullptr;   // contract.agreed that set the period, if any
  const Event* replanned_by = nullptr;  // contract.agreed that brought the deadline forward
  Date code_deadline;                   // before any local policy
};

struct Obligation {
  std::string_view person;
  const RuleSet* rule_set = nullptr;
  const Duty* duty = nullptr;  // nullptr for periodic_update
  DutyIndex duty_index = 0;
  int instance = 1;
  const Event* trigger = nullptr;  // nullptr: periodic instance after the first
  Date trigger_date;               // trigger's London date, or the instance's start date
  Date deadline;
  int working_days = 0;  // event duties: the deadline in working days used
  bool enhanced = false;
  uint32_t categories = 0;  // bit i: rule_set->enhanced[i] applied at the trigger
  ObligationStatus status = ObligationStatus::kOpen;
  std::optional<Date> met_at;
  const Event* met_by = nullptr;
  NotRequiredReason reason = NotRequiredReason::kNone;
  const Event* reason_event = nullptr;
  // kNotRequired only: the first day at whose end a not-required rule applied, without a
  // break up to `as_of` (the opt-out, closure or referral opt-out; the earlier when a
  // periodic update is both closed and opted out of). Asked about an earlier day, the
  // obligation was still owed: the store compares this with its as-of date.
  std::optional<Date> not_required_on;
  std::optional<Date> remind_on;   // local policy reminder, while still open
  bool policy_shortened = false;   // a local policy made the deadline earlier
  bool consent_triggered = false;  // refer_support waited for referral.consented
  PeriodicDetail periodic;         // periodic_update only

  std::string_view DutyId() const { return domain::kDutyIds[duty_index]; }
};

// Which rules judge a case: an explicit rule set for every case, or the Code in force on
// each case's recording date (with any charter in force alongside).
struct Selection {
  const RuleSet* rule_set = nullptr;  // nullptr: in force on the recording date
  const Policy* policy = nullptr;
};

class ObligationEngine {
 public:
  // Both must outlive the engine.
  ObligationEngine(const RuleLibrary& library, const calendar::WorkingDayCalendar& calendar)
      : library_(library), calendar_(calendar) {}

  // Every obligation of `file` as of the end of `as_of`, in a stable order (per rule set
  // and person: duties in the rule set's order, each by trigger; then periodic updates). The result
  // points into `file`, the rule sets and the policy. Errors (for this case only): no rule set in
  // force on the recording date; working-day arithmetic needing dates outside the calendar's data.
  // REQUIRES: `file` passed the reader's validation (events.md).
  core::Result<std::vector<Obligation>> Compute(const CaseFile& file, const Selection& selection,
                                                Date as_of) const;

  // The rule sets that judge `file` under `selection` (Code first, then charters).
  core::Result<std::vector<const RuleSet*>> RuleSetsFor(const CaseFile& file,
                                                        const Selection& selection) const;

  const calendar::WorkingDayCalendar& calendar() const { return calendar_; }

 private:
  const RuleLibrary& library_;
  const calendar::WorkingDayCalendar& calendar_;
};

}  // namespace cf::rules

#pragma once
// A Victims' Code (or Witness Charter) version as data, and a force's local policy overlay.
// Loaded from TOML (data/rulesets, data/policies) by rule_set_loader.hpp; immutable after
// loading and safe to share between threads.

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "domain/vocabulary.hpp"

namespace cf::rules {

using core::Date;
using domain::CaseOutcome;
using domain::DutyIndex;
using domain::EventType;
using domain::InfoItem;
using domain::Role;

// How a duty is triggered and satisfied (victims-code.md section 3).
enum class DutyKind {
  kEvent,     // one instance per trigger event; met by an informing contact that covers it
  kReferral,  // from the person's start (or consent); met by referral.sent
  kLeaflet,   // from the person's start; met by information.given / needs.assessed
};

struct EnhancedCategory {
  std::string id;             // most_serious_crime, persistently_targeted, vulnerable, intimidated
  std::string label;          // "vulnerable victim"
  uint32_t roles = 0;         // Bit(Role)
  uint32_t crime_flags = 0;   // Bit(CrimeFlag)
  uint32_t person_flags = 0;  // Bit(PersonFlag)
  int under_age = 0;          // 0: no age rule; else "under N on the offence date"
  std::string source;
};

struct Duty {
  std::string id;
  DutyIndex index = 0;  // position of id in domain::kDutyIds
  DutyKind kind = DutyKind::kEvent;
  std::vector<EventType> triggers;           // kEvent only
  std::vector<CaseOutcome> except_outcomes;  // case.closed outcomes that trigger nothing
  // kEvent: owed only to the person the trigger names (a review is asked for by one victim),
  // or to everyone on the case when it names no one.
  bool to_named_person = false;
  int standard_working_days = 0;
  int enhanced_working_days = 0;
  std::string source;
  std::string message;      // what the officer must say, in plain words
  std::string vrr_message;  // extra words when the trigger is vrr_eligible

  // kReferral: where consent is needed instead of the start, and the 2006 exclusions.
  uint32_t consent_crime_flags = 0;
  uint32_t consent_roles = 0;
  std::vector<std::string> excluded_crime_types;
  std::vector<std::string> exclusion_lifted_by_categories;  // EnhancedCategory ids
  uint32_t exclusion_lifted_by_person_flags = 0;
  uint32_t exclusion_lifted_by_crime_flags = 0;

  // kLeaflet: information.given items that satisfy it.
  std::vector<InfoItem> items;
};

enum class PeriodMode {
  kCalendarMonth,  // code-2006: a + j months from the run's anchor
  kAgreedDays,     // 2015/2020: the contract's frequency_days, else default_days
};

struct PeriodicRule {
  PeriodMode mode = PeriodMode::kAgreedDays;
  int default_days = 28;
  std::string source;
  std::string message;
};

struct RuleSet {
  std::string id;
  std::string title;
  // "code"; "charter" (the Witness Charter, applied alongside the Code); or "witness_care"
  // (the Witness Care Unit's duties, applied alongside too, owed by the unit a case was handed
  // to: case.handed_to_wcu).
  std::string kind;
  // The Code rule set this one belongs to, if any: it is then applied only alongside that Code
  // (witness-care-2020 goes with code-2020, so a what-if under code-2006 does not add it).
  std::string with_code;
  Date in_force;
  std::string source;
  std::string origin;  // file it was loaded from, or "built-in"
  uint32_t owed_roles = 0;
  std::vector<EnhancedCategory> enhanced;
  std::vector<Duty> duties;
  std::optional<PeriodicRule> periodic;

  bool IsCode() const { return kind == "code"; }
  bool IsCharter() const { return kind == "charter"; }
  bool IsWitnessCare() const { return kind == "witness_care"; }
  const Duty* FindDuty(std::string_view duty_id) const;
};

// One step of a local update schedule: a deadline `days` calendar days after its reference
// date, with an optional reminder on day `remind_on_day`.
struct ScheduleStep {
  int days = 0;
  int remind_on_day = 0;  // 0: no reminder
};

// A local schedule for periodic updates: `first[k]` is the first instance of the k-th run
// (0: the run from the person's start; later runs begin with an update, a reopening or an
// opt-in); every other instance uses `every`.
struct UpdateSchedule {
  std::vector<ScheduleStep> first;
  ScheduleStep every;
};

struct DutyOverride {
  std::string duty_id;
  int standard_working_days = 0;  // 0: not overridden
  int enhanced_working_days = 0;
};

// A force's stricter local rules. Never looser: every deadline it yields is the earlier of
// the Code's and the policy's.
struct Policy {
  std::string id;
  std::string title;
  std::string source;
  std::string origin;
  std::optional<UpdateSchedule> standard_updates;
  std::optional<UpdateSchedule> enhanced_updates;  // falls back to standard_updates
  std::vector<DutyOverride> duty_overrides;
  int red_after_overdue_working_days = 1;  // RAG: red when overdue by more than this
};

}  // namespace cf::rules

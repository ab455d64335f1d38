#pragma once
// Who may see and do what: least privilege per role and unit.
//   officer     their own queue; cases of their unit
//   supervisor  their unit's queue (and each officer's within it); cases of their unit;
//               reassigning them; overriding the closure gate
//   bureau      any queue and any case of the force (the re-contact bureau answers calls)
//   analyst     queues and compliance (aggregates); no person-level case records
//   admin       everything, including recording events through the API
//   partner     Victim Support's system: reports referral statuses through the API; nothing
//               else, and no staff pages
//   wcu         a Witness Care Unit's staff: the cases handed to their unit and its queue;
//               what the court and the CPS tell them, and people's needs and contacts
// Victims' and witnesses' details are never shown beyond these.

#include <optional>
#include <string>
#include <string_view>

#include "domain/vocabulary.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

bool IsKnownRole(std::string_view role);
inline constexpr const char* kRoles = "officer, supervisor, bureau, analyst, admin, partner, wcu";
bool HasRole(const storage::User& user, domain::StaffRole role);

// The scope a user may have for a work queue, from what they asked for; nullopt when the
// request goes beyond their rights (the caller answers 403).
std::optional<storage::Scope> QueueScopeFor(const storage::User& user, const storage::Scope& asked);

// Staff accounts, units and the audit log: admins only.
bool MayAdminister(const storage::User& user);
// A unit's shifts and leave: its supervisors, and admins for any unit.
bool MayManageRota(const storage::User& user, const std::string& unit);

// Whether the role sees any case records at all (not analysts, not partners).
bool MayViewCases(const storage::User& user);
bool MayViewCase(const storage::User& user, const storage::CaseRow& c);
bool MayRecordEvents(const storage::User& user);
bool MayRecordContacts(const storage::User& user);  // on cases MayViewCase allows
// Person-level records (search, call-backs, referrals): not analysts, not partners.
bool MaySeePeople(const storage::User& user);
// Signing in to the staff web pages: everyone but partner agencies' systems.
bool MayUseStaffPages(const storage::User& user);
// Reporting what became of referrals (Victim Support), and reading them back.
bool MayUpdateReferrals(const storage::User& user);
// The self-assessment: analysts, supervisors and admins see every scope's; analysts and
// admins assess any scope, supervisors only their own BCU (`user_bcu`, from their unit).
bool MayViewAssessments(const storage::User& user);
// Compliance figures (counts by unit, officer, duty...; never a person): supervisors, analysts
// and admins.
bool MayViewCompliance(const storage::User& user);
bool MayEditAssessment(const storage::User& user, const std::string& scope,
                       const std::string& user_bcu);
// Recording what happened from a case's page, on cases MayViewCase allows: officers,
// supervisors and admins; the bureau only what is about a person (contact agreements,
// needs, referrals), never the investigation's events; a Witness Care Unit what is about a
// person and what the court tells it.
enum class CaseEventKind {
  kInvestigative,  // about the investigation (an arrest, a charge, a closure)
  kPerson,         // about a person (contact agreements, needs, referrals)
  kCourt,          // what a Witness Care Unit receives from the court or the CPS
};
bool MayRecordCaseEvent(const storage::User& user, CaseEventKind kind);
// Passing a charged case to a Witness Care Unit: officers, supervisors and admins, on cases
// MayViewCase allows.
bool MayHandOverToWcu(const storage::User& user);
bool MayCloseCases(const storage::User& user);  // on cases MayViewCase allows
bool MayOverrideClosureGate(const storage::User& user);
bool MayReassign(const storage::User& user);  // on cases MayViewCase allows
// Confirming or rejecting a suggested repeat victim match: supervisors (on cases MayViewCase
// allows) and admins.
bool MayDecideRepeatVictims(const storage::User& user);
// Whether cases may be given to this account: an enabled officer or supervisor with the
// officer id that cases carry.
bool MayTakeCases(const storage::User& user);
bool MayViewTeam(const storage::User& user, const std::string& unit);

}  // namespace cf::app

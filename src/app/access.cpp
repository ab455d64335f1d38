#include "app/access.hpp"

#include <cstdint>

namespace cf::app {
namespace {

using domain::StaffRole;

// What each role may do regardless of unit: the one table of role rights. Rights that also
// depend on the unit or the BCU are checked in the functions below, after this table.
enum Right : uint32_t {
  kViewAnyCase = 1 << 0,          // any case of the force (else: their unit's, if kViewUnitCases)
  kViewUnitCases = 1 << 1,        // cases of their own unit
  kRecordEvents = 1 << 2,         // events through the API
  kSeePeople = 1 << 3,            // person-level records; also recording contacts and calls
  kStaffPages = 1 << 4,           // signing in to the staff pages
  kViewAssessments = 1 << 5,      // the self-assessment
  kEditAnyAssessment = 1 << 6,    // any scope's (supervisors: their own BCU's)
  kUpdateReferrals = 1 << 7,      // Victim Support's referral statuses
  kRecordInvestigative = 1 << 8,  // investigative events from a case page
  kRecordPersonEvents = 1 << 9,   // person-level events (agreements, needs, referrals)
  kCloseCases = 1 << 10,
  kOverrideClosureGate = 1 << 11,
  kReassign = 1 << 12,
  kAdminister = 1 << 13,           // staff accounts, units, settings, templates, the audit log
  kAnyQueue = 1 << 14,             // any queue of the force
  kViewAnyTeam = 1 << 15,          // any unit's team view (supervisors: their own unit's)
  kViewCompliance = 1 << 16,       // compliance figures (aggregates, no person)
  kDecideRepeatVictims = 1 << 17,  // confirm or reject a suggested repeat victim match
};

constexpr uint32_t kRights[domain::kStaffRoleCount] = {
    // officer
    kViewUnitCases | kSeePeople | kStaffPages | kRecordInvestigative | kRecordPersonEvents |
        kCloseCases,
    // supervisor
    kViewUnitCases | kSeePeople | kStaffPages | kViewAssessments | kRecordInvestigative |
        kRecordPersonEvents | kCloseCases | kOverrideClosureGate | kReassign | kViewCompliance |
        kDecideRepeatVictims,
    // bureau
    kViewAnyCase | kSeePeople | kStaffPages | kRecordPersonEvents | kAnyQueue | kViewAnyTeam,
    // analyst
    kStaffPages | kViewAssessments | kEditAnyAssessment | kAnyQueue | kViewAnyTeam |
        kViewCompliance,
    // admin
    kViewAnyCase | kRecordEvents | kSeePeople | kStaffPages | kViewAssessments |
        kEditAnyAssessment | kUpdateReferrals | kRecordInvestigative | kRecordPersonEvents |
        kCloseCases | kOverrideClosureGate | kReassign | kAdminister | kAnyQueue | kViewAnyTeam |
        kViewCompliance | kDecideRepeatVictims,
    // partner
    kUpdateReferrals,
};

bool Has(const storage::User& user, uint32_t right) {
  return (kRights[static_cast<size_t>(user.role)] & right) != 0;
}

}  // namespace

bool IsKnownRole(std::string_view role) { return domain::ParseStaffRole(role).has_value(); }

bool HasRole(const storage::User& user, StaffRole role) { return user.role == role; }

std::optional<storage::Scope> QueueScopeFor(const storage::User& user,
                                            const storage::Scope& asked) {
  if (HasRole(user, StaffRole::kOfficer)) {
    if (!asked.unit.empty() || (!asked.officer.empty() && asked.officer != user.officer))
      return std::nullopt;
    return storage::Scope{user.officer, ""};
  }
  if (HasRole(user, StaffRole::kSupervisor)) {
    if (!asked.unit.empty() && asked.unit != user.unit) return std::nullopt;
    return storage::Scope{asked.officer, user.unit};  // drill into an officer, within the unit
  }
  if (Has(user, kAnyQueue)) return asked;
  return std::nullopt;  // partner agencies: no queues
}

bool MayAdminister(const storage::User& user) { return Has(user, kAdminister); }

bool MayManageRota(const storage::User& user, const std::string& unit) {
  return Has(user, kAdminister) || (HasRole(user, StaffRole::kSupervisor) && user.unit == unit);
}

bool MayViewCases(const storage::User& user) { return Has(user, kViewAnyCase | kViewUnitCases); }

bool MayViewCase(const storage::User& user, const storage::CaseRow& c) {
  return Has(user, kViewAnyCase) || (Has(user, kViewUnitCases) && c.unit == user.unit);
}

bool MayRecordEvents(const storage::User& user) { return Has(user, kRecordEvents); }

bool MayRecordContacts(const storage::User& user) { return MaySeePeople(user); }

bool MaySeePeople(const storage::User& user) { return Has(user, kSeePeople); }

bool MayUseStaffPages(const storage::User& user) { return Has(user, kStaffPages); }

bool MayViewAssessments(const storage::User& user) { return Has(user, kViewAssessments); }

bool MayViewCompliance(const storage::User& user) { return Has(user, kViewCompliance); }

bool MayEditAssessment(const storage::User& user, const std::string& scope,
                       const std::string& user_bcu) {
  if (Has(user, kEditAnyAssessment)) return true;
  return HasRole(user, StaffRole::kSupervisor) && !user_bcu.empty() && scope == user_bcu;
}

bool MayUpdateReferrals(const storage::User& user) { return Has(user, kUpdateReferrals); }

bool MayRecordCaseEvent(const storage::User& user, bool investigative) {
  return Has(user, investigative ? kRecordInvestigative : kRecordPersonEvents);
}

bool MayCloseCases(const storage::User& user) { return Has(user, kCloseCases); }

bool MayOverrideClosureGate(const storage::User& user) { return Has(user, kOverrideClosureGate); }

bool MayReassign(const storage::User& user) { return Has(user, kReassign); }

bool MayDecideRepeatVictims(const storage::User& user) { return Has(user, kDecideRepeatVictims); }

bool MayTakeCases(const storage::User& user) {
  return !user.officer.empty() && !user.disabled &&
         (HasRole(user, StaffRole::kOfficer) || HasRole(user, StaffRole::kSupervisor));
}

bool MayViewTeam(const storage::User& user, const std::string& unit) {
  if (HasRole(user, StaffRole::kSupervisor)) return unit == user.unit;
  return Has(user, kViewAnyTeam);
}

}  // namespace cf::app

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
  kViewHandedCases = 1 << 18,      // cases handed to their unit (a Witness Care Unit)
  kRecordCourtEvents = 1 << 19,    // what a Witness Care Unit receives from the court and CPS
  kHandOverToWcu = 1 << 20,        // pass a charged case to a Witness Care Unit
};

constexpr uint32_t kRights[domain::kStaffRoleCount] = {
    // officer
    kViewUnitCases | kSeePeople | kStaffPages | kRecordInvestigative | kRecordPersonEvents |
        kCloseCases | kRecordCourtEvents | kHandOverToWcu,
    // supervisor
    kViewUnitCases | kSeePeople | kStaffPages | kViewAssessments | kRecordInvestigative |
        kRecordPersonEvents | kCloseCases | kOverrideClosureGate | kReassign | kViewCompliance |
        kDecideRepeatVictims | kRecordCourtEvents | kHandOverToWcu,
    // bureau
    kViewAnyCase | kSeePeople | kStaffPages | kRecordPersonEvents | kAnyQueue | kViewAnyTeam,
    // analyst
    kStaffPages | kViewAssessments | kEditAnyAssessment | kAnyQueue | kViewAnyTeam |
        kViewCompliance,
    // admin
    kViewAnyCase | kRecordEvents | kSeePeople | kStaffPages | kViewAssessments |
        kEditAnyAssessment | kUpdateReferrals | kRecordInvestigative | kRecordPersonEvents |
        kCloseCases | kOverrideClosureGate | kReassign | kAdminister | kAnyQueue | kViewAnyTeam |
        kViewCompliance | kDecideRepeatVictims | kRecordCourtEvents | kHandOverToWcu,
    // partner
    kUpdateReferrals,
    // wcu: the cases handed to their unit, its queue and compliance; what the court and the CPS
    // tell them, and the victims' and witnesses' needs and contacts; not the investigation
    kViewHandedCases | kSeePeople | kStaffPages | kRecordPersonEvents | kRecordCourtEvents |
        kViewCompliance,
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
  if (HasRole(user, StaffRole::kWcu)) {
    // The unit's queue: its duties are the unit's, not any one person's.
    if ((!asked.unit.empty() && asked.unit != user.unit) || !asked.officer.empty())
      return std::nullopt;
    return storage::Scope{"", user.unit};
  }
  if (Has(user, kAnyQueue)) return asked;
  return std::nullopt;  // partner agencies: no queues
}

bool MayAdminister(const storage::User& user) { return Has(user, kAdminister); }

bool MayManageRota(const storage::User& user, const std::string& unit) {
  return Has(user, kAdminister) || (HasRole(user, StaffRole::kSupervisor) && user.unit == unit);
}

bool MayViewCases(const storage::User& user) {
  return Has(user, kViewAnyCase | kViewUnitCases | kViewHandedCases);
}

bool MayViewCase(const storage::User& user, const storage::CaseRow& c) {
  return Has(user, kViewAnyCase) || (Has(user, kViewUnitCases) && c.unit == user.unit) ||
         (Has(user, kViewHandedCases) && !c.wcu_unit.empty() && c.wcu_unit == user.unit);
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

bool MayRecordCaseEvent(const storage::User& user, CaseEventKind kind) {
  switch (kind) {
    case CaseEventKind::kInvestigative:
      return Has(user, kRecordInvestigative);
    case CaseEventKind::kPerson:
      return Has(user, kRecordPersonEvents);
    case CaseEventKind::kCourt:
      return Has(user, kRecordCourtEvents);
  }
  return false;
}

bool MayHandOverToWcu(const storage::User& user) { return Has(user, kHandOverToWcu); }

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

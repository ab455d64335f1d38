#include "app/access.hpp"

namespace cf::app {

bool IsKnownRole(std::string_view role) {
  return role == "officer" || role == "supervisor" || role == "bureau" || role == "analyst" ||
         role == "admin" || role == "partner";
}

std::optional<storage::Scope> QueueScopeFor(const storage::User& user,
                                            const storage::Scope& asked) {
  if (user.role == "officer") {
    if (!asked.unit.empty() || (!asked.officer.empty() && asked.officer != user.officer))
      return std::nullopt;
    return storage::Scope{user.officer, ""};
  }
  if (user.role == "supervisor") {
    if (!asked.unit.empty() && asked.unit != user.unit) return std::nullopt;
    return storage::Scope{asked.officer, user.unit};  // drill into an officer, within the unit
  }
  if (user.role == "bureau" || user.role == "analyst" || user.role == "admin")
    return asked;       // any scope
  return std::nullopt;  // partner agencies: no queues
}

bool MayAdminister(const storage::User& user) { return user.role == "admin"; }

bool MayManageRota(const storage::User& user, const std::string& unit) {
  return user.role == "admin" || (user.role == "supervisor" && user.unit == unit);
}

bool MayViewCase(const storage::User& user, const storage::CaseRow& c) {
  if (user.role == "bureau" || user.role == "admin") return true;
  if (user.role == "officer" || user.role == "supervisor") return c.unit == user.unit;
  return false;
}

bool MayRecordEvents(const storage::User& user) { return user.role == "admin"; }

bool MayRecordContacts(const storage::User& user) { return MaySeePeople(user); }

bool MaySeePeople(const storage::User& user) {
  return user.role == "officer" || user.role == "supervisor" || user.role == "bureau" ||
         user.role == "admin";
}

bool MayUseStaffPages(const storage::User& user) { return user.role != "partner"; }

bool MayViewAssessments(const storage::User& user) {
  return user.role == "analyst" || user.role == "supervisor" || user.role == "admin";
}

bool MayEditAssessment(const storage::User& user, const std::string& scope,
                       const std::string& user_bcu) {
  if (user.role == "analyst" || user.role == "admin") return true;
  return user.role == "supervisor" && !user_bcu.empty() && scope == user_bcu;
}

bool MayUpdateReferrals(const storage::User& user) {
  return user.role == "partner" || user.role == "admin";
}

bool MayRecordCaseEvent(const storage::User& user, bool investigative) {
  if (user.role == "bureau") return !investigative;
  return user.role == "officer" || user.role == "supervisor" || user.role == "admin";
}

bool MayCloseCases(const storage::User& user) {
  return user.role == "officer" || user.role == "supervisor" || user.role == "admin";
}

bool MayOverrideClosureGate(const storage::User& user) {
  return user.role == "supervisor" || user.role == "admin";
}

bool MayReassign(const storage::User& user) {
  return user.role == "supervisor" || user.role == "admin";
}

bool MayViewTeam(const storage::User& user, const std::string& unit) {
  if (user.role == "supervisor") return unit == user.unit;
  return user.role == "admin" || user.role == "analyst" || user.role == "bureau";
}

}  // namespace cf::app

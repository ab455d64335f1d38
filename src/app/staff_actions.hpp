#pragma once
// What a member of staff does to cases, with their rights checked and the audit record
// written here, so that the JSON API, the pages and the command line check and audit alike.
// Each use case takes the Actor (who, from where) and returns a value or an error whose code
// says why: kPermissionDenied (the role, or a case outside the actor's unit), kNotFound,
// kInvalidArgument, kConflict. A case outside the actor's unit is audited as denied_<action>
// and the closure gate's refusal as close_refused; a role that may never do the thing is
// refused without an audit record (it asked for nothing it could see).

#include <string>
#include <vector>

#include "app/case_actions.hpp"
#include "app/services.hpp"
#include "core/result.hpp"

namespace cf::app {

// A new id for an event staff record ("staff:" and 32 random characters): never one a client
// chose, so it cannot collide with the force's own ids.
std::string NewStaffEventId();

// The id recorded on what a member of staff does (calls, call-backs, events, messages): their
// officer id, or their account name when they have none.
std::string StaffIdOf(const storage::User& user);

// Who is acting, and from where (a client address, or "cli").
struct Actor {
  storage::User user;
  std::string source;
};

void AuditAs(Services& s, const Actor& actor, const std::string& action, const std::string& crime,
             const std::string& detail);

// The case `crime` when the actor may see it. kNotFound; kPermissionDenied, audited as
// denied_<action>.
core::Result<storage::CaseRow> CaseFor(Services& s, const Actor& actor, const std::string& crime,
                                       const std::string& action);

// Records a contact (what it meets is returned) on a case the actor may see and record
// contacts on; audited as recorded_contact. `preview`: nothing is recorded or audited.
core::Result<std::vector<SatisfiedDuty>> RecordContactAs(Services& s, const Actor& actor,
                                                         ContactRequest request, bool preview);

struct CloseCommand {
  std::string event_id;
  std::string crime;
  std::string outcome;
  std::string reason;
  std::string override_reason;  // a supervisor's reason to close despite the closure gate
};
// Closes the case through the closure gate (officers, supervisors and admins; only the latter
// two may override it). A refusal by the gate is a result (closed false, the untold
// decisions), audited as close_refused; a close as closed_case or closed_case_override.
core::Result<CloseResult> CloseCaseAs(Services& s, const Actor& actor, const CloseCommand& command);

// Reassigns cases the actor may see to `officer` (supervisors and admins), all of them or
// none; each audited as reassigned_case. `unit` empty: unchanged.
core::Status ReassignCasesAs(Services& s, const Actor& actor,
                             const std::vector<std::string>& crimes, const std::string& officer,
                             const std::string& unit);

}  // namespace cf::app

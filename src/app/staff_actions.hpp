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

#include "app/access.hpp"
#include "app/call_backs.hpp"
#include "app/case_actions.hpp"
#include "app/import.hpp"
#include "app/outbox.hpp"
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

// The command line, run by whoever holds the database file (force IT): acts as an admin, and
// is audited as user `name` (a command's --by, or "cli") from "cli".
Actor CommandLineActor(const std::string& name = "cli");

// How an audit record names a scope: "officer PC101", "unit N1" or "force".
std::string ScopeText(const storage::Scope& scope);

// kInvalidArgument "N problem(s): nothing was saved" when a form's `problems` are not empty.
core::Status StatusOf(const std::vector<std::string>& problems);

void AuditAs(Services& s, const Actor& actor, const std::string& action, const std::string& crime,
             const std::string& detail);

// The case `crime` when the actor may see it. kPermissionDenied for a role that sees no case
// records, whatever the reference; kNotFound for a missing case and, alike, for one outside the
// actor's unit (so that existence does not leak); refusals audited as denied_<action>.
core::Result<storage::CaseRow> CaseFor(Services& s, const Actor& actor, const std::string& crime,
                                       const std::string& action);

// Records a contact (what it meets is returned) on a case the actor may see and record
// contacts on; audited as recorded_contact. `preview`: nothing is recorded or audited.
core::Result<std::vector<SatisfiedDuty>> RecordContactAs(Services& s, const Actor& actor,
                                                         ContactRequest request, bool preview);

// Records a call to the bureau on a case the actor may see and take calls on (not analysts),
// by the actor; audited as answered_call or raised_call_back.
core::Result<InboundCallResult> RecordCallAs(Services& s, const Actor& actor, InboundCall call);

// Marks an open call-back on a case the actor may see done, by the actor; audited as
// completed_call_back.
core::Status CompleteCallBackAs(Services& s, const Actor& actor, const std::string& crime,
                                int64_t id, const std::string& outcome);

// The open call-backs `asked` for (an officer's or a unit's; empty: the actor's own), within
// the work queue's limits and for roles that see people (kPermissionDenied), oldest first, at
// most `limit`. Audited as viewed_call_backs.
core::Result<std::vector<storage::CallBack>> OpenCallBacksAs(Services& s, const Actor& actor,
                                                             const storage::Scope& asked,
                                                             size_t limit);

// Queues a message (or a letter to print) to a person on a case the actor may see and contact,
// by the actor, through the outbox's safety gate; audited as queued_message, or
// message_suppressed when the gate refuses the channel (a result, not an error).
core::Result<SendResult> QueueMessageAs(Services& s, const Actor& actor, SendRequest request);

// Records events sent as JSON Lines (the admin role: a force's systems), all or none, from
// `source`; audited as recorded_events when stored. The report says what was wrong otherwise.
core::Result<ImportReport> RecordEventsAs(Services& s, const Actor& actor, std::string_view lines,
                                          const std::string& source);

// Records one event a member of staff wrote on a case's page (`line`, one JSON line on
// `crime`), if the actor may see the case and record events of that `kind` (the bureau records
// no investigation's events, for one); audited as recorded_event with `what`.
core::Result<ImportReport> RecordCaseEventAs(Services& s, const Actor& actor,
                                             const std::string& crime, const std::string& line,
                                             CaseEventKind kind, const std::string& what);

// Why `user` may not record an event of that kind on a case's page (MayRecordCaseEvent false).
std::string CaseEventRefusal(const storage::User& user);

struct HandOverCommand {
  std::string event_id;
  std::string crime;
  std::string unit;  // a Witness Care Unit's id
  std::string override_reason;
};

// Hands a charged case to a Witness Care Unit (HandOverToWcu), if the actor may hand cases over
// and see this one, and `unit` is a Witness Care Unit; audited as handed_to_wcu (or
// handed_to_wcu_override with the reason, or handover_refused).
core::Result<HandOverResult> HandOverToWcuAs(Services& s, const Actor& actor,
                                             const HandOverCommand& command);

// The force's Witness Care Units (units of kind "wcu"), by id.
std::vector<storage::Unit> WitnessCareUnits(Services& s);

struct CloseCommand {
  std::string event_id;
  std::string crime;
  std::string outcome;
  std::string reason;
  std::string override_reason;  // a supervisor's reason to close despite the closure gate
  std::string internal_note{};  // for staff only: never shown to victims or witnesses
};
// Closes the case through the closure gate (officers, supervisors and admins; only the latter
// two may override it). A refusal by the gate is a result (closed false, the untold
// decisions), audited as close_refused; a close as closed_case or closed_case_override.
core::Result<CloseResult> CloseCaseAs(Services& s, const Actor& actor, const CloseCommand& command);

// Reassigns cases the actor may see to `officer` (supervisors and admins), all of them or
// none; each audited as reassigned_case. `officer` must be the officer id of an enabled
// officer's or supervisor's account, and the cases move to their unit (`unit`, if given, must
// be it); a supervisor reassigns only within their own unit (kPermissionDenied).
core::Status ReassignCasesAs(Services& s, const Actor& actor,
                             const std::vector<std::string>& crimes, const std::string& officer,
                             const std::string& unit);

}  // namespace cf::app

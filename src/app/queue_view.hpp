#pragma once
// A member of staff's work as the queue page, GET /api/v1/queue and GET /api/v1/team show it.
// Who may see whose queue (app/access.hpp) is checked, and the viewing audited, here, so that
// every client sees and audits alike. Reads only: the audit record is the one write.

#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "app/work_queue.hpp"
#include "core/result.hpp"

namespace cf::app {

// The due list of `asked` (an officer's or a unit's queue; empty: the actor's own) as of
// `as_of`, most urgent first, at most `limit` lines. kPermissionDenied beyond what the
// actor may see. Audited as viewed_queue.
// REQUIRES: asked names an officer or a unit, not both (the caller reports that as it must).
core::Result<DueList> DueAs(Services& s, const Actor& actor, const storage::Scope& asked,
                            core::Date as_of, size_t limit);

// The load of `unit`'s officers as of `as_of`, with leave falling due. The unit's supervisors,
// analysts and admins only (kPermissionDenied). Audited as viewed_team.
core::Result<std::vector<OfficerLoad>> TeamAs(Services& s, const Actor& actor,
                                              const std::string& unit, core::Date as_of);

// Everything the queue page shows.
struct QueueView {
  storage::Scope scope;  // whose queue: an officer, a unit, or (empty) the force
  DueList due;
  std::vector<storage::CallBack> call_backs;        // open, on cases in scope, oldest first
  std::vector<storage::OutboxMessage> undelivered;  // failed after every retry, in scope
  std::vector<OfficerLoad> team;                    // a supervisor's own unit, by officer
};
// The queue of `officer` (empty: the actor's own) as of `as_of`, each part at most `limit`.
// kPermissionDenied beyond what the actor may see. Audited as viewed_queue.
core::Result<QueueView> QueueAs(Services& s, const Actor& actor, const std::string& officer,
                                core::Date as_of, size_t limit);

}  // namespace cf::app

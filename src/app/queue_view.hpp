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

// The due list `filter` asks for, of filter.scope as asked (an officer's or a unit's queue;
// empty: the actor's own). kPermissionDenied beyond what the actor may see. Audited as
// viewed_queue.
// REQUIRES: filter.scope names an officer or a unit, not both (the caller reports that).
core::Result<DueList> DueAs(Services& s, const Actor& actor, QueueFilter filter);

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
// The queue of filter.scope.officer (empty: the actor's own): the due list `filter` asks for,
// and call-backs and undelivered messages, each at most kQueueSideLimit. kPermissionDenied
// beyond what the actor may see. Audited as viewed_queue.
inline constexpr size_t kQueueSideLimit = 200;
core::Result<QueueView> QueueAs(Services& s, const Actor& actor, QueueFilter filter);
// Whether the queue also shows the supervisor's "missed before closure" count.
int64_t MissedCountFor(Services& s, const Actor& actor);

// Duties left unmet when their case was closed, in `unit` (empty: the actor's own), not yet
// acknowledged, earliest deadline first: a page from `offset` of at most `limit`. The unit's
// supervisors and admins (kPermissionDenied). Audited as viewed_missed.
core::Result<storage::QueuePage> MissedAs(Services& s, const Actor& actor, const std::string& unit,
                                          size_t offset, size_t limit);
// Acknowledges one such duty with a note (required): the unit's supervisors and admins.
// kNotFound when it is not a duty missed before closure (or the case is beyond the actor),
// kConflict when acknowledged already, kInvalidArgument without a note. Audited as
// acknowledged_missed.
core::Status AcknowledgeMissedAs(Services& s, const Actor& actor,
                                 const storage::MissedAcknowledgement& ack);

}  // namespace cf::app

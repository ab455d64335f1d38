#include "app/queue_view.hpp"

#include "app/access.hpp"

namespace cf::app {

core::Result<DueList> DueAs(Services& s, const Actor& actor, const storage::Scope& asked,
                            core::Date as_of, size_t limit) {
  const auto scope = QueueScopeFor(actor.user, asked);
  if (!scope) {
    return core::PermissionDenied(HasRole(actor.user, domain::StaffRole::kOfficer)
                                      ? "officers may see only their own queue"
                                      : "supervisors may see only their own unit's queue");
  }
  auto list = Due(s.cases, s.engine, s.library, *scope, as_of, limit);
  AuditAs(s, actor, "viewed_queue", "", ScopeText(*scope));
  return list;
}

core::Result<std::vector<OfficerLoad>> TeamAs(Services& s, const Actor& actor,
                                              const std::string& unit, core::Date as_of) {
  if (!MayViewTeam(actor.user, unit))
    return core::PermissionDenied("supervisors see only their own unit's team");
  auto load = TeamLoad(s.cases, s.engine, s.library, unit, as_of, &s.accounts);
  AuditAs(s, actor, "viewed_team", "", "unit " + unit);
  return load;
}

core::Result<QueueView> QueueAs(Services& s, const Actor& actor, const std::string& officer,
                                core::Date as_of, size_t limit) {
  const auto scope = QueueScopeFor(actor.user, {officer, ""});
  if (!scope) return core::PermissionDenied("you may see only your own queue");
  QueueView view;
  view.scope = *scope;
  view.due = Due(s.cases, s.engine, s.library, *scope, as_of, limit);
  // Call-backs first on the page: someone is waiting for a call.
  view.call_backs = s.cases.OpenCallBacks(*scope, limit);
  // Messages no retry could deliver: the officer must reach them another way.
  view.undelivered = s.cases.OutboxWithStatus(domain::OutboxStatus::kFailed, *scope, limit);
  if (HasRole(actor.user, domain::StaffRole::kSupervisor))
    view.team = TeamLoad(s.cases, s.engine, s.library, actor.user.unit, as_of, &s.accounts);
  AuditAs(s, actor, "viewed_queue", "", ScopeText(*scope));
  return view;
}

}  // namespace cf::app

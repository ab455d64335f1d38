#include "app/queue_view.hpp"

#include "app/access.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

// The duties missed before closure of a unit: its supervisors, and admins for any unit.
// (Person-level: analysts see them only as compliance figures.)
bool MayReviewMissed(const storage::User& user, const std::string& unit) {
  return MayManageRota(user, unit);
}

// Analysts see the work, not the people: no names, no call-backs or messages (their
// requests and addresses are about a person).
void KeepToRole(const storage::User& user, DueList& list) {
  if (MaySeePeople(user)) return;
  for (auto& item : list.items) item.person_name.clear();
}

}  // namespace

core::Result<DueList> DueAs(Services& s, const Actor& actor, QueueFilter filter) {
  const auto scope = QueueScopeFor(actor.user, filter.scope);
  if (!scope) {
    return core::PermissionDenied(HasRole(actor.user, domain::StaffRole::kOfficer)
                                      ? "officers may see only their own queue"
                                      : "supervisors may see only their own unit's queue");
  }
  filter.scope = *scope;
  auto list = Due(s.cases, s.engine, s.library, filter);
  KeepToRole(actor.user, list);
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

core::Result<QueueView> QueueAs(Services& s, const Actor& actor, QueueFilter filter) {
  const auto scope = QueueScopeFor(actor.user, {filter.scope.officer, ""});
  if (!scope) return core::PermissionDenied("you may see only your own queue");
  filter.scope = *scope;
  QueueView view;
  view.scope = *scope;
  view.due = Due(s.cases, s.engine, s.library, filter);
  KeepToRole(actor.user, view.due);
  if (MaySeePeople(actor.user)) {
    // Call-backs first on the page: someone is waiting for a call.
    view.call_backs = s.cases.OpenCallBacks(*scope, kQueueSideLimit);
    // Messages no retry could deliver: the officer must reach them another way.
    view.undelivered =
        s.cases.CaseMessagesWithStatus(domain::OutboxStatus::kFailed, *scope, kQueueSideLimit);
  }
  if (HasRole(actor.user, domain::StaffRole::kSupervisor)) {
    view.team = TeamLoad(s.cases, s.engine, s.library, actor.user.unit, filter.as_of, &s.accounts);
  }
  AuditAs(s, actor, "viewed_queue", "", ScopeText(*scope));
  return view;
}

int64_t MissedCountFor(Services& s, const Actor& actor) {
  if (!HasRole(actor.user, domain::StaffRole::kSupervisor)) return 0;
  return s.cases.MissedAtClosure({"", actor.user.unit}, 0, 1).total;
}

core::Result<storage::QueuePage> MissedAs(Services& s, const Actor& actor, const std::string& unit,
                                          size_t offset, size_t limit) {
  const std::string& asked = unit.empty() ? actor.user.unit : unit;
  if (asked.empty() || !MayReviewMissed(actor.user, asked))
    return core::PermissionDenied("supervisors review only their own unit's closed cases");
  auto page = s.cases.MissedAtClosure({"", asked}, offset, limit);
  AuditAs(s, actor, "viewed_missed", "", "unit " + asked);
  return page;
}

core::Status AcknowledgeMissedAs(Services& s, const Actor& actor,
                                 const storage::MissedAcknowledgement& asked) {
  const auto c = s.cases.FindCase(asked.crime);
  const bool missed = [&] {
    if (!c || !MayReviewMissed(actor.user, c->unit)) return false;
    for (const auto& r : s.cases.CaseObligations(asked.crime)) {
      if (r.person == asked.person && r.duty == asked.duty && r.instance == asked.instance &&
          !r.settled && r.case_closed)
        return true;
    }
    return false;
  }();
  if (!missed) {
    AuditAs(s, actor, "denied_acknowledge_missed", asked.crime,
            asked.person + " " + asked.duty + " " + std::to_string(asked.instance));
    return core::NotFound("no duty missed before closure of crime " + asked.crime +
                          " matches that person and duty in your unit");
  }
  if (asked.note.find_first_not_of(" \t\r\n") == std::string::npos)
    return core::InvalidArgument("Note: say why the duty was missed and what has been done");
  auto ack = asked;
  ack.by = StaffIdOf(actor.user);
  ack.at = events::FormatInstant(s.Now() / 1000 * 1000);
  storage::Transaction tx(s.cases);
  if (!s.cases.AcknowledgeMissed(ack)) return core::Conflict("that duty was acknowledged already");
  tx.Commit();
  AuditAs(s, actor, "acknowledged_missed", ack.crime,
          ack.person + " " + ack.duty + " " + std::to_string(ack.instance) + ": " + ack.note);
  return {};
}

}  // namespace cf::app

#include "app/staff_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/needs_assessment.hpp"
#include "app/rota.hpp"
#include "auth/credentials.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

core::Error Denied(Services& s, const Actor& actor, const std::string& action,
                   const std::string& crime, std::string message) {
  AuditAs(s, actor, "denied_" + action, crime, "");
  return core::PermissionDenied(std::move(message));
}

}  // namespace

std::string NewStaffEventId() { return "staff:" + auth::NewToken().substr(3, 32); }

std::string StaffIdOf(const storage::User& user) {
  return user.officer.empty() ? user.name : user.officer;
}

std::string ScopeText(const storage::Scope& scope) {
  if (!scope.officer.empty()) return "officer " + scope.officer;
  return scope.unit.empty() ? "force" : "unit " + scope.unit;
}

core::Status StatusOf(const std::vector<std::string>& problems) {
  if (problems.empty()) return {};
  return core::InvalidArgument(fmt::format("{} problem(s): nothing was saved", problems.size()));
}

Actor CommandLineActor(const std::string& name) {
  storage::User user;
  user.name = name;
  user.role = domain::StaffRole::kAdmin;
  return {user, "cli"};
}

void AuditAs(Services& s, const Actor& actor, const std::string& action, const std::string& crime,
             const std::string& detail) {
  s.accounts.Audit({"", actor.user.name, action, crime, "", detail, actor.source});
}

core::Result<storage::CaseRow> CaseFor(Services& s, const Actor& actor, const std::string& crime,
                                       const std::string& action) {
  // A role that sees no case records is refused whatever the reference, so that the answer does
  // not depend on whether the case exists.
  if (!MayViewCases(actor.user))
    return Denied(s, actor, action, crime, "your role does not see case records");
  // Another unit's case answers as a missing one does (the refusal is still audited): nobody
  // learns which references exist outside what they may see.
  auto row = s.cases.FindCase(crime);
  if (row && !MayViewCase(actor.user, *row)) {
    AuditAs(s, actor, "denied_" + action, crime, "");
    row.reset();
  }
  if (!row) return core::NotFound(fmt::format("no case {}", crime));
  return *std::move(row);
}

core::Result<std::vector<SatisfiedDuty>> RecordContactAs(Services& s, const Actor& actor,
                                                         ContactRequest request, bool preview) {
  if (!MayRecordContacts(actor.user))
    return core::PermissionDenied("analysts do not record contacts");
  const auto row = CaseFor(s, actor, request.crime, "contact");
  if (!row) return row.error();
  request.by = actor.user.officer;
  if (preview) return PreviewContact(s.cases, s.engine, s.library, request);
  auto result = RecordContact(s.cases, s.engine, s.library, request);
  if (result) {
    AuditAs(s, actor, "recorded_contact", request.crime,
            fmt::format("{} {} {}", request.person, request.channel, request.outcome));
  }
  return result;
}

core::Result<InboundCallResult> RecordCallAs(Services& s, const Actor& actor, InboundCall call) {
  if (!MayRecordContacts(actor.user)) return core::PermissionDenied("analysts do not record calls");
  const auto row = CaseFor(s, actor, call.crime, "call");
  if (!row) return row.error();
  call.by = StaffIdOf(actor.user);
  // An officer on leave does not call back: their cover does, else their sergeant.
  const CallBackTaker taker = call.answered ? CallBackTaker{} : WhoCallsBack(s, *row);
  call.assigned_to = taker.officer;
  auto result = RecordInboundCall(s.cases, s.engine, s.library, call);
  if (result) {
    result.value().call_back_by = taker.label;
    result.value().why = taker.why;
    AuditAs(s, actor, call.answered ? "answered_call" : "raised_call_back", call.crime,
            call.person + (taker.officer.empty() ? "" : " for " + taker.officer));
  }
  return result;
}

core::Status CompleteCallBackAs(Services& s, const Actor& actor, const std::string& crime,
                                int64_t id, const std::string& outcome) {
  if (!MayRecordContacts(actor.user)) return core::PermissionDenied("analysts do not record calls");
  const auto row = CaseFor(s, actor, crime, "call_back");
  if (!row) return row.error();
  auto status =
      CompleteCallBack(s.cases, crime, id, StaffIdOf(actor.user), s.Now() / 1000 * 1000, outcome);
  if (status) AuditAs(s, actor, "completed_call_back", crime, outcome);
  return status;
}

core::Result<std::vector<storage::CallBack>> OpenCallBacksAs(Services& s, const Actor& actor,
                                                             const storage::Scope& asked,
                                                             size_t limit) {
  const auto scope = QueueScopeFor(actor.user, asked);
  if (!scope) return core::PermissionDenied("call-backs follow the same limits as the work queue");
  if (!MaySeePeople(actor.user))
    return core::PermissionDenied("this role does not see person-level requests");
  auto open = s.cases.OpenCallBacks(*scope, limit);
  AuditAs(s, actor, "viewed_call_backs", "", ScopeText(*scope));
  return open;
}

core::Result<SendResult> QueueMessageAs(Services& s, const Actor& actor, SendRequest request) {
  if (!MayRecordContacts(actor.user))
    return core::PermissionDenied("analysts do not record contacts");
  const auto row = CaseFor(s, actor, request.crime, "message");
  if (!row) return row.error();
  request.by = StaffIdOf(actor.user);
  auto result = QueueMessage(s.cases, s.accounts, s.engine, s.library, request);
  if (!result) return result;
  if (result->kind == SendResult::kSuppressed) {
    AuditAs(s, actor, "message_suppressed", request.crime, request.person + ": " + result->reason);
  } else if (result->kind == SendResult::kQueued) {
    AuditAs(s, actor, "queued_message", request.crime,
            fmt::format("{} {} by {}{}", request.person, request.template_id, request.channel,
                        request.confirmed ? " (confirmed safe)" : ""));
  }
  return result;
}

core::Result<ImportReport> RecordEventsAs(Services& s, const Actor& actor, std::string_view lines,
                                          const std::string& source) {
  if (!MayRecordEvents(actor.user))
    return core::PermissionDenied("recording events through the API needs the admin role");
  ImportOptions options;
  options.source = source;
  options.now = events::FormatInstant(s.Now() / 1000 * 1000);
  options.id_prefix = fmt::format("api:{}:", actor.user.name);
  auto report = ImportJsonLines(s.cases, s.engine, s.library, lines, options);
  if (report.written) {
    AuditAs(s, actor, "recorded_events", "",
            fmt::format("{} new, {} already stored", report.accepted, report.duplicates));
  }
  return report;
}

std::string CaseEventRefusal(const storage::User& user) {
  return HasRole(user, domain::StaffRole::kBureau)
             ? "the re-contact bureau records contacts and agreements, not the investigation"
         : HasRole(user, domain::StaffRole::kWcu)
             ? "a Witness Care Unit records what the court tells it and people's needs and "
               "contacts, not the investigation"
             : "your role does not record events on cases";
}

core::Result<ImportReport> RecordCaseEventAs(Services& s, const Actor& actor,
                                             const std::string& crime, const std::string& line,
                                             CaseEventKind kind, const std::string& what) {
  const auto row = CaseFor(s, actor, crime, "event");
  if (!row) return row.error();
  if (!MayRecordCaseEvent(actor.user, kind))
    return core::PermissionDenied(CaseEventRefusal(actor.user));
  ImportOptions options;
  options.source = "page:" + actor.user.name;
  options.now = events::FormatInstant(s.Now() / 1000 * 1000);
  // A needs assessment is checked for the person it is about, and its screening answers flag
  // them (the answer the reason) in the same import, read and written in one transaction.
  storage::Transaction tx(s.cases);
  std::string lines = line + "\n";
  std::string flagged;
  if (line.find("\"needs.assessed\"") != std::string::npos) {
    const auto file = ParseStoredCase(crime, s.cases.EventBodies(crime));
    if (const auto problems = AssessmentProblems(file, line); !problems.empty()) {
      ImportReport refused;
      refused.lines = 1;
      for (const auto& p : problems) refused.errors.push_back({1, p, line});
      return refused;
    }
    for (const auto& f : ScreeningFlagLines(file, line)) {
      lines += f.line + "\n";
      flagged += (flagged.empty() ? "; flagged " : ", ") + std::string(domain::Name(f.flag));
    }
  }
  auto report = ImportJsonLines(s.cases, s.engine, s.library, lines, options);
  if (!report.written) return report;
  tx.Commit();
  AuditAs(s, actor, "recorded_event", crime, what + flagged);
  return report;
}

std::vector<storage::Unit> WitnessCareUnits(Services& s) {
  std::vector<storage::Unit> out;
  for (auto& u : s.accounts.Units()) {
    if (u.kind == "wcu") out.push_back(std::move(u));
  }
  return out;
}

core::Result<HandOverResult> HandOverToWcuAs(Services& s, const Actor& actor,
                                             const HandOverCommand& command) {
  if (!MayHandOverToWcu(actor.user)) {
    return core::PermissionDenied(
        "handing a case to the Witness Care Unit needs the officer, supervisor or admin role");
  }
  const auto row = CaseFor(s, actor, command.crime, "hand_over");
  if (!row) return row.error();
  const auto units = WitnessCareUnits(s);
  if (std::none_of(units.begin(), units.end(),
                   [&](const storage::Unit& u) { return u.id == command.unit; })) {
    return core::InvalidArgument(
        fmt::format("unit: \"{}\" is not one of the force's Witness Care Units", command.unit));
  }
  HandOverRequest r;
  r.event_id = command.event_id;
  r.crime = command.crime;
  r.unit = command.unit;
  r.override_reason = command.override_reason;
  r.may_override = MayOverrideClosureGate(actor.user);
  r.by = actor.user.officer.empty() ? actor.user.name : actor.user.officer;
  r.at = s.Now() / 1000 * 1000;
  auto result = HandOverToWcu(s.cases, s.engine, s.library, r);
  if (!result) return result;
  if (!result->handed) {
    AuditAs(s, actor, "handover_refused", command.crime,
            fmt::format("{} incomplete needs assessment(s)", result->unassessed.size()));
  } else {
    AuditAs(s, actor, result->overridden ? "handed_to_wcu_override" : "handed_to_wcu",
            command.crime,
            result->overridden ? command.unit + ": " + command.override_reason : command.unit);
  }
  return result;
}

core::Result<CloseResult> CloseCaseAs(Services& s, const Actor& actor,
                                      const CloseCommand& command) {
  if (!MayCloseCases(actor.user))
    return core::PermissionDenied("closing a case needs the officer, supervisor or admin role");
  const auto row = CaseFor(s, actor, command.crime, "close");
  if (!row) return row.error();
  CloseRequest r;
  r.event_id = command.event_id;
  r.crime = command.crime;
  r.outcome = command.outcome;
  r.reason = command.reason;
  r.override_reason = command.override_reason;
  r.internal_note = command.internal_note;
  r.may_override = MayOverrideClosureGate(actor.user);
  r.by = actor.user.officer;
  r.at = s.Now() / 1000 * 1000;
  auto result = CloseCase(s.cases, s.engine, s.library, r);
  if (!result) return result;
  if (!result->closed) {
    AuditAs(s, actor, "close_refused", command.crime,
            fmt::format("{} untold decision(s), {} incomplete needs assessment(s)",
                        result->untold.size(), result->unassessed.size()));
  } else {
    AuditAs(s, actor, result->overridden ? "closed_case_override" : "closed_case", command.crime,
            result->overridden ? command.override_reason : command.outcome);
  }
  return result;
}

core::Status ReassignCasesAs(Services& s, const Actor& actor,
                             const std::vector<std::string>& crimes, const std::string& officer,
                             const std::string& unit) {
  if (!MayReassign(actor.user))
    return core::PermissionDenied("reassigning cases needs the supervisor or admin role");
  if (crimes.empty()) return core::InvalidArgument("tick at least one case to reassign");
  if (officer.empty()) return core::InvalidArgument("choose who the cases go to");
  // Cases go to someone who can work them: the one enabled officer's or supervisor's account
  // with that officer id (whose unit was checked when it was made), and to their unit; a
  // supervisor keeps them within their own unit.
  std::vector<storage::User> holders;
  for (auto& u : s.accounts.Users()) {
    if (u.officer == officer && MayTakeCases(u)) holders.push_back(std::move(u));
  }
  if (holders.empty()) {
    return core::InvalidArgument(
        fmt::format("no officer or supervisor has the officer id \"{}\"", officer));
  }
  if (holders.size() > 1) {
    return core::InvalidArgument(fmt::format(
        "more than one account has the officer id \"{}\": ask an administrator to correct them",
        officer));
  }
  const storage::User& to = holders.front();
  const std::string to_unit = unit.empty() ? to.unit : unit;
  if (to_unit != to.unit)
    return core::InvalidArgument(
        fmt::format("{} is in unit {}, not {}", officer, to.unit, to_unit));
  if (!MayAdminister(actor.user) && to_unit != actor.user.unit) {
    const std::string crime = crimes.size() == 1 ? crimes.front() : "";
    return Denied(
        s, actor, "assign", crime,
        fmt::format("you may reassign cases only to officers of your unit ({})", actor.user.unit));
  }
  std::vector<storage::CaseRow> rows;
  for (const auto& crime : crimes) {
    auto row = CaseFor(s, actor, crime, "assign");
    if (!row) {
      if (crimes.size() == 1) return row.error();
      return core::Error{row.error().code,
                         fmt::format("{}: nothing was reassigned", row.error().message)};
    }
    rows.push_back(std::move(row).value());
  }
  storage::Transaction tx(s.cases);  // all of them or none
  for (const auto& row : rows) {
    const AssignRequest r{NewStaffEventId(), row.crime,          officer,
                          to_unit,           actor.user.officer, s.Now() / 1000 * 1000};
    auto status = AssignCase(s.cases, s.engine, s.library, r);
    if (!status) return status;
  }
  tx.Commit();
  // Audited once the change is committed: nothing is recorded as done unless it was.
  for (const auto& row : rows) {
    AuditAs(s, actor, "reassigned_case", row.crime,
            fmt::format("from {} to {}", row.officer, officer));
  }
  return {};
}

}  // namespace cf::app

// The staff use cases (app/staff_actions.hpp) on the in-memory repositories and a fake clock:
// no SQLite and no server. Each checks the actor's rights, writes the audit record and returns
// an error whose code the HTTP layer maps to a status, so these run in milliseconds.
#include "app/staff_actions.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "app/assessment_editing.hpp"
#include "app/call_backs.hpp"
#include "app/case_derivation.hpp"
#include "app/case_views.hpp"
#include "app/compliance.hpp"
#include "app/force_settings.hpp"
#include "app/import.hpp"
#include "app/letter_actions.hpp"
#include "app/queue_view.hpp"
#include "app/referrals.hpp"
#include "app/rota.hpp"
#include "app/sign_in.hpp"
#include "app/staff_admin.hpp"
#include "assess/report.hpp"
#include "calendar/calendar_loader.hpp"
#include "core/budget.hpp"
#include "core/file_io.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/memory_services.hpp"
#include "support/messages.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using core::ErrorCode;

// Mon 3 Mar 2025 09:00 Europe/London (GMT): 09:00 UTC.
constexpr core::Instant kMonday0900 = 1740992400000;

constexpr const char* kCases =
    R"({"id":"n1","type":"crime.recorded","crime":"N/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"n2","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Nia","family":"Hughes"}}
{"id":"n3","type":"decision.no_charge","crime":"N/1/24","at":"2024-12-05T10:00:00Z","vrr_eligible":true}
{"id":"s1","type":"crime.recorded","crime":"S/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"S1","officer":"PC201"}
{"id":"s2","type":"person.added","crime":"S/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
)";

class StaffActions : public MemoryServicesTest {
 protected:
  StaffActions() : MemoryServicesTest(kMonday0900) {}
  void SetUp() override {
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"officer_n", "officer", "N1", "PC101"},
          std::tuple{"officer_s", "officer", "S1", "PC201"},
          std::tuple{"officer_n2", "officer", "N1", "PC102"},
          std::tuple{"supervisor_n", "supervisor", "N1", "SGT1"},
          std::tuple{"analyst", "analyst", "HQ", "A1"}, std::tuple{"admin", "admin", "HQ", ""}}) {
      ASSERT_TRUE(stores_.accounts->AddUser(StaffUser(name, role, unit, officer)));
    }
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T09:00:00Z";
    ASSERT_TRUE(ImportJsonLines(s_.cases, s_.engine, s_.library, kCases, options).written);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  // The first 50 lines of a queue as asked for: an officer's or a unit's (empty: one's own).
  static QueueFilter View(core::Date as_of, const std::string& officer = "",
                          const std::string& unit = "") {
    QueueFilter f;
    f.scope = {officer, unit};
    f.as_of = as_of;
    return f;
  }
  // The newest audit entry of `user`.
  storage::AuditEntry LastAudit(const std::string& user) {
    const auto log = stores_.accounts->AuditLog(user, "", 1);
    return log.empty() ? storage::AuditEntry{} : log.front();
  }
};

TEST_F(StaffActions, ClosingChecksTheRoleAndUnitThenTheGateAndAuditsEachOutcome) {
  const CloseCommand close{"staff:c1", "N/1/24", "evidential_difficulties", "no prospect", ""};
  const auto other_unit = CloseCaseAs(s_, As("officer_s"), close);
  ASSERT_FALSE(other_unit);
  EXPECT_EQ(other_unit.error().code, ErrorCode::kNotFound) << "another unit's case: as if missing";
  EXPECT_EQ(LastAudit("officer_s").action, "denied_close");
  EXPECT_EQ(CaseFor(s_, As("analyst"), "N/1/24", "view").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CloseCaseAs(s_, As("analyst"), close).error().code, ErrorCode::kPermissionDenied);

  const auto refused = CloseCaseAs(s_, As("officer_n"), close);
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_FALSE(refused->closed);
  ASSERT_EQ(refused->untold.size(), 1u);
  EXPECT_EQ(refused->untold[0].duty, "no_charge");
  EXPECT_EQ(LastAudit("officer_n").action, "close_refused");
  // An officer's override reason does not open the gate; a supervisor's does.
  CloseCommand overriding = close;
  overriding.override_reason = "victim moved abroad";
  EXPECT_FALSE(CloseCaseAs(s_, As("officer_n"), overriding)->closed);
  clock_.Advance(60'000);
  const auto closed = CloseCaseAs(s_, As("supervisor_n"), overriding);
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_TRUE(closed->overridden);
  const auto audit = LastAudit("supervisor_n");
  EXPECT_EQ(audit.action, "closed_case_override");
  EXPECT_EQ(audit.detail, "victim moved abroad");
  EXPECT_EQ(audit.at, "2025-03-03T09:01:00Z") << "stamped by the injected clock";
  EXPECT_EQ(audit.source, "10.0.0.7");
  EXPECT_TRUE(stores_.cases->FindCase("N/1/24")->closed);
  EXPECT_EQ(CloseCaseAs(s_, As("supervisor_n"), overriding).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CloseCaseAs(s_, As("supervisor_n"), {"staff:c9", "X/9", "other", "r", ""}).error().code,
            ErrorCode::kNotFound);
}

TEST_F(StaffActions, ReassigningIsForSupervisorsAndMovesAllTheCasesOrNone) {
  EXPECT_EQ(ReassignCasesAs(s_, As("officer_n"), {"N/1/24"}, "PC102", "").error().code,
            ErrorCode::kPermissionDenied);
  const auto mixed = ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24", "S/1/24"}, "PC102", "");
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kNotFound);
  EXPECT_NE(mixed.error().message.find("S/1/24"), std::string::npos);
  EXPECT_EQ(stores_.cases->FindCase("N/1/24")->officer, "PC101") << "none moved";
  EXPECT_EQ(ReassignCasesAs(s_, As("supervisor_n"), {}, "PC102", "").error().code,
            ErrorCode::kInvalidArgument);
  // Issue 12, class 7: to an officer who exists, in their unit, within a supervisor's own.
  EXPECT_EQ(ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24"}, "PC999", "").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24"}, "PC102", "S1").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24"}, "PC201", "").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(stores_.cases->FindCase("N/1/24")->officer, "PC101") << "none moved";
  ASSERT_TRUE(ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24"}, "PC102", ""));
  EXPECT_EQ(stores_.cases->FindCase("N/1/24")->officer, "PC102");
  const auto audit = LastAudit("supervisor_n");
  EXPECT_EQ(audit.action, "reassigned_case");
  EXPECT_EQ(audit.detail, "from PC101 to PC102");
}

TEST_F(StaffActions, AQueueIsShownToThoseWhoMaySeeItWithItsUndeliveredMessagesAndAudited) {
  // A message no retry could deliver on each unit's case.
  for (const char* crime : {"N/1/24", "S/1/24"})
    stores_.cases->AddOutbox(FailedSms(crime, crime, "2025-03-03T08:00:00Z"));
  const core::Date today = clock_.Today();
  EXPECT_EQ(QueueAs(s_, As("officer_n"), View(today, "PC201")).error().code,
            ErrorCode::kPermissionDenied)
      << "another officer's queue";
  EXPECT_EQ(DueAs(s_, As("supervisor_n"), View(today, "", "S1")).error().code,
            ErrorCode::kPermissionDenied)
      << "another unit's queue";
  EXPECT_EQ(TeamAs(s_, As("officer_n"), "N1", today).error().code, ErrorCode::kPermissionDenied);

  const auto mine = QueueAs(s_, As("officer_n"), View(today));
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->scope.officer, "PC101");
  ASSERT_EQ(mine->undelivered.size(), 1u) << "only their own cases' messages";
  EXPECT_EQ(mine->undelivered[0].crime, "N/1/24");
  EXPECT_FALSE(mine->due.items.empty());
  EXPECT_TRUE(mine->team.empty()) << "an officer has no team";
  EXPECT_EQ(LastAudit("officer_n").action, "viewed_queue");
  EXPECT_EQ(LastAudit("officer_n").detail, "officer PC101");

  const auto team = QueueAs(s_, As("supervisor_n"), View(today));
  ASSERT_TRUE(team);
  EXPECT_EQ(team->scope.unit, "N1");
  ASSERT_EQ(team->team.size(), 1u);
  EXPECT_EQ(team->team[0].officer, "PC101");
  EXPECT_EQ(LastAudit("supervisor_n").detail, "unit N1");

  const auto force = QueueAs(s_, As("admin"), View(today));
  ASSERT_TRUE(force);
  EXPECT_EQ(force->undelivered.size(), 2u) << "an admin sees the force";

  // An analyst sees the force's work but not the people it is for: no names, no messages.
  const auto work = QueueAs(s_, As("analyst"), View(today));
  ASSERT_TRUE(work);
  EXPECT_FALSE(work->due.items.empty());
  EXPECT_TRUE(work->undelivered.empty()) << "a message names and addresses a person";
  EXPECT_TRUE(work->call_backs.empty());
  for (const auto& item : work->due.items) EXPECT_EQ(item.person_name, "") << item.row.crime;
  const auto due = DueAs(s_, As("analyst"), View(today));
  ASSERT_TRUE(due);
  for (const auto& item : due->items) EXPECT_EQ(item.person_name, "") << item.row.crime;
  EXPECT_TRUE(std::any_of(force->due.items.begin(), force->due.items.end(), [](const DueItem& i) {
    return i.person_name == "Nia Hughes";
  })) << "others see the people by name";
}

// Issue 13: compliance for supervisors and analysts, by any one or two groupings, the Code and
// the Witness Charter apart, and the same figures in the CSV and the workbook.
TEST_F(StaffActions, ComplianceIsGivenByTwoGroupingsForEachAudienceAndDownloadedAlike) {
  ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North 1", "North BCU"}));
  const core::Date today = clock_.Today();
  ComplianceRequest r;
  r.from = core::Date::FromYmd(2024, 12, 1);
  r.to = today;
  r.as_of = today;
  r.by = {"unit", "duty"};
  EXPECT_EQ(ComplianceAs(s_, As("officer_n"), r).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("officer_n").action, "denied_compliance");

  auto due = [](const std::vector<ComplianceRow>& rows) {
    int64_t n = 0;
    for (const auto& row : rows) n += row.met + row.met_late + row.overdue + row.not_required;
    return n;
  };
  const auto cells = ComplianceAs(s_, As("analyst"), r);
  ASSERT_TRUE(cells) << cells.error().message;
  ASSERT_FALSE(cells->empty());
  EXPECT_EQ(LastAudit("analyst").action, "viewed_compliance");
  EXPECT_NE(LastAudit("analyst").detail.find("victims by unit x duty"), std::string::npos);
  std::set<std::string> units;
  for (const auto& row : *cells) {
    units.insert(row.group);
    EXPECT_NE(row.group2, "") << "every row names its duty";
  }
  EXPECT_EQ(units, (std::set<std::string>{"N1", "S1"}));

  // A BCU is its units together; a unit with none says so.
  r.by = {"bcu"};
  const auto bcus = ComplianceReport(s_, r);
  ASSERT_TRUE(bcus);
  ASSERT_EQ(bcus->size(), 2u);
  EXPECT_EQ((*bcus)[0].group, "North BCU");
  EXPECT_EQ((*bcus)[1].group, "no BCU");
  EXPECT_EQ(due(*bcus), due(*cells));

  // Victims and witnesses apart add up to all; months cover the same duties.
  r.by = {"month"};
  const auto victims = ComplianceReport(s_, r);
  r.audience = "witnesses";
  const auto witnesses = ComplianceReport(s_, r);
  r.audience = "all";
  const auto all = ComplianceReport(s_, r);
  ASSERT_TRUE(victims && witnesses && all);
  EXPECT_GT(due(*victims), 0);
  EXPECT_EQ(due(*victims) + due(*witnesses), due(*all));
  for (const auto& row : *all) EXPECT_EQ(row.group.size(), 7u) << row.group;  // 2024-12

  for (const auto& bad : {std::vector<std::string>{"unit", "unit"}, {"colour"}, {}}) {
    r.by = bad;
    EXPECT_EQ(ComplianceReport(s_, r).error().code, ErrorCode::kInvalidArgument);
  }

  // The CSV and the workbook hold the same figures as the report.
  r = ComplianceRequest{r.from, r.to, r.as_of, {"unit", "duty"}, {}, "victims"};
  const auto csv = DownloadComplianceAs(s_, As("analyst"), r, "csv");
  const auto xlsx = DownloadComplianceAs(s_, As("analyst"), r, "xlsx");
  ASSERT_TRUE(csv && xlsx);
  EXPECT_EQ(LastAudit("analyst").action, "downloaded_compliance");
  EXPECT_EQ(DownloadComplianceAs(s_, As("analyst"), r, "pdf").error().code,
            ErrorCode::kInvalidArgument);
  const auto lines = core::ParseCsv(csv->body).rows;
  ASSERT_EQ(lines.size(), cells->size() + 1);
  EXPECT_EQ(lines[0][0], "unit");
  EXPECT_EQ(lines[0][1], "duty");
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("cf-compliance-" + std::to_string(::getpid()) + ".xlsx"))
                               .string();
  ASSERT_TRUE(core::WriteFileAtomically(path, xlsx->body));
  const auto book = assess::ReadXlsx(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(book) << book.error().message;
  ASSERT_EQ(book->rows.size(), lines.size());
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& row = (*cells)[i - 1];
    EXPECT_EQ(lines[i][0], row.group);
    EXPECT_EQ(book->rows[i][0], row.group);
    EXPECT_EQ(book->rows[i][1], row.group2);
    EXPECT_EQ(lines[i][2], std::to_string(row.met));
    EXPECT_EQ(book->rows[i][2], std::to_string(row.met)) << "numbers as numbers, read back";
    EXPECT_EQ(book->rows[i][4], std::to_string(row.overdue));
  }
}

// Issue 13: a victim's call-back while the officer in case is on leave goes to the cover
// officer named with the leave, else the sergeant, and the bureau is told who will call.
TEST_F(StaffActions, ACallBackForAnOfficerOnLeaveGoesToTheirCoverElseTheSergeant) {
  const core::Date today = clock_.Today();
  auto away = [&](const std::string& cover) {
    std::vector<std::string> problems;
    const auto added = AddLeaveAs(s_, As("supervisor_n"), "N1",
                                  {"PC101", today.AddDays(-1).ToString(),
                                   today.AddDays(10).ToString(), "annual leave", cover},
                                  problems);
    return problems.empty() ? std::string() : problems[0];
  };
  EXPECT_NE(away("PC201"), "") << "cover from another unit";
  EXPECT_NE(away("PC101"), "") << "nobody covers for themselves";
  ASSERT_EQ(away("PC102"), "");
  const InboundCall asked{"",    "N/1/24", "V1", "Has anyone been arrested?",
                          false, "",       "",   clock_.Now()};
  auto call = [&] { return RecordCallAs(s_, As("admin"), asked); };
  const auto covered = call();
  ASSERT_TRUE(covered) << covered.error().message;
  EXPECT_EQ(covered->call_back_by, "officer_n2 (PC102)");
  EXPECT_NE(covered->why.find("officer_n (PC101) is on leave until"), std::string::npos)
      << covered->why;
  auto open_for = [&](const char* user) {
    const auto q = QueueAs(s_, As(user), View(today));
    return q ? q->call_backs.size() : size_t{999};
  };
  EXPECT_EQ(open_for("officer_n2"), 1u) << "the cover sees it at the top of their queue";
  EXPECT_EQ(open_for("officer_n"), 0u) << "not the officer who is away";
  EXPECT_EQ(stores_.cases->CaseCallBacks("N/1/24").at(0).assigned_to, "PC102");

  // Without cover named: the sergeant.
  for (const auto& l : stores_.accounts->LeaveFrom("PC101", today))
    ASSERT_TRUE(stores_.accounts->DeleteLeave(l.id, ""));
  ASSERT_EQ(away(""), "");
  const auto sergeant = call();
  ASSERT_TRUE(sergeant);
  EXPECT_EQ(sergeant->call_back_by, "supervisor_n (SGT1)");
  EXPECT_NE(sergeant->why.find("their sergeant supervisor_n (SGT1) will call back"),
            std::string::npos);
  // Back at work: the officer in case, as before.
  for (const auto& l : stores_.accounts->LeaveFrom("PC101", today))
    ASSERT_TRUE(stores_.accounts->DeleteLeave(l.id, ""));
  const auto back = call();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->why, "");
  EXPECT_EQ(stores_.cases->CaseCallBacks("N/1/24").front().assigned_to, "");
}

// Issue 13: a duty left unmet when its case closed is no longer the officer's to do; the
// sergeant reviews it, acknowledges it with a note (audited), and compliance still counts it.
TEST_F(StaffActions, DutiesMissedBeforeClosureLeaveTheQueueForTheSergeantsReview) {
  ImportOptions options;
  options.source = "test";
  options.now = "2025-03-03T09:00:00Z";
  ASSERT_TRUE(
      ImportJsonLines(
          s_.cases, s_.engine, s_.library,
          R"({"id":"n4","type":"case.closed","crime":"N/1/24","at":"2024-12-06T10:00:00Z","outcome":"evidential_difficulties","reason":"no prospect"})"
          "\n",
          options)
          .written);
  const core::Date today = clock_.Today();
  const auto mine = QueueAs(s_, As("officer_n"), View(today));
  ASSERT_TRUE(mine);
  for (const auto& i : mine->due.items) EXPECT_NE(i.row.crime, "N/1/24") << i.row.duty;
  EXPECT_EQ(mine->due.lines, 0);

  EXPECT_EQ(MissedAs(s_, As("officer_n"), "", 0, 50).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(MissedAs(s_, As("analyst"), "N1", 0, 50).error().code, ErrorCode::kPermissionDenied)
      << "person-level: analysts see compliance figures only";
  const auto missed = MissedAs(s_, As("supervisor_n"), "", 0, 50);
  ASSERT_TRUE(missed);
  ASSERT_GE(missed->total, 1);
  EXPECT_EQ(MissedCountFor(s_, As("supervisor_n")), missed->total);
  const auto found = std::find_if(missed->lines.begin(), missed->lines.end(),
                                  [](const auto& l) { return l.row.duty == "no_charge"; });
  ASSERT_NE(found, missed->lines.end()) << "the decision not to charge was never explained";
  const auto row = found->row;
  EXPECT_EQ(LastAudit("supervisor_n").action, "viewed_missed");

  storage::MissedAcknowledgement ack{row.crime, row.person, row.duty, row.instance, "  ", "", ""};
  EXPECT_EQ(AcknowledgeMissedAs(s_, As("supervisor_n"), ack).error().code,
            ErrorCode::kInvalidArgument)
      << "a note is required";
  ack.note = "PC101 moved to CID; victim written to on 6 Mar";
  EXPECT_EQ(AcknowledgeMissedAs(s_, As("officer_n"), ack).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(LastAudit("officer_n").action, "denied_acknowledge_missed");
  auto wrong = ack;
  wrong.duty = "arrest";
  EXPECT_EQ(AcknowledgeMissedAs(s_, As("supervisor_n"), wrong).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(AcknowledgeMissedAs(s_, As("supervisor_n"), ack));
  EXPECT_EQ(AcknowledgeMissedAs(s_, As("supervisor_n"), ack).error().code, ErrorCode::kConflict);
  const auto audit = LastAudit("supervisor_n");
  EXPECT_EQ(audit.action, "acknowledged_missed");
  EXPECT_EQ(audit.crime, "N/1/24");
  EXPECT_NE(audit.detail.find("victim written to"), std::string::npos) << audit.detail;
  EXPECT_EQ(MissedCountFor(s_, As("supervisor_n")), missed->total - 1);
  const auto kept = stores_.cases->MissedAcknowledgementOf(row.crime, row.person, row.duty, 1);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->by, "SGT1");
  EXPECT_EQ(kept->at, "2025-03-03T09:00:00Z");
  // Compliance still counts it overdue.
  int64_t overdue = 0;
  for (const auto& c : stores_.cases->Compliance(core::Date::FromYmd(2024, 12, 1), today, today,
                                                 "duty", {"no_charge"}))
    overdue += c.status == "overdue" ? c.count : 0;
  EXPECT_EQ(overdue, 1);
}

TEST_F(StaffActions, SettingsChangeForAdminsOnlyAllOrNoneAndEachChangeIsAudited) {
  std::vector<std::string> problems;
  EXPECT_EQ(ChangeSettingsAs(s_, As("supervisor_n"), {{"force_name", "X"}}, problems).error().code,
            ErrorCode::kPermissionDenied);
  const auto bad = ChangeSettingsAs(
      s_, As("admin"), {{"force_name", "Westshire Police"}, {"contacts_count", "eventually"}},
      problems);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("eventually"), std::string::npos) << problems[0];
  EXPECT_EQ(SettingValue(s_.cases, "force_name"), "Police") << "none changed";
  EXPECT_NE(LastAudit("admin").action, "changed_setting");
  problems.clear();
  const auto good = ChangeSettingsAs(
      s_, As("admin"), {{"force_name", "Westshire Police"}, {"contacts_count", "delivered"}},
      problems);
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(*good, 1u) << "contacts_count was already 'delivered'";
  EXPECT_EQ(SettingValue(s_.cases, "force_name"), "Westshire Police");
  EXPECT_EQ(LastAudit("admin").detail, "force_name = Westshire Police");
  ASSERT_TRUE(ChangeSettingsAs(s_, CommandLineActor(), {{"contacts_count", "sent"}}, problems));
  EXPECT_EQ(LastAudit("cli").source, "cli");
}

TEST_F(StaffActions, TheRotaIsKeptByTheUnitsSupervisorValidatedAndAudited) {
  std::vector<std::string> problems;
  const app::ShiftRequest other_unit{"S1", "officer_s", "2025-03-04", "07:00", "17:00"};
  EXPECT_EQ(AddShiftAs(s_, As("supervisor_n"), other_unit, problems).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("supervisor_n").action, "denied_rota");
  EXPECT_EQ(ViewRotaAs(s_, As("officer_n"), "N1", clock_.Today()).error().code,
            ErrorCode::kPermissionDenied)
      << "officers do not keep the rota";

  const app::ShiftRequest bad{"N1", "officer_s", "4 March", "07:00", "23:30"};
  EXPECT_EQ(AddShiftAs(s_, As("supervisor_n"), bad, problems).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(problems, (std::vector<std::string>{"Who: choose someone in unit N1",
                                                "Date: enter the date as YYYY-MM-DD",
                                                "Ends: a shift can be at most 16 hours"}));
  problems.clear();
  ASSERT_TRUE(AddShiftAs(s_, As("supervisor_n"),
                         {"N1", "officer_n", "2025-03-04", "22:00", "07:00"}, problems));
  EXPECT_EQ(LastAudit("supervisor_n").detail, "officer_n: 2025-03-04T22:00 to 2025-03-05T07:00");
  const auto rota = ViewRotaAs(s_, As("supervisor_n"), "N1", clock_.Today());
  ASSERT_TRUE(rota);
  ASSERT_EQ(rota->shifts.size(), 1u);
  EXPECT_EQ(LastAudit("supervisor_n").action, "viewed_rota");

  EXPECT_EQ(
      AddLeaveAs(s_, As("supervisor_n"), "N1", {"PC101", "2025-03-10", "2025-03-07", ""}, problems)
          .error()
          .code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(problems.back(), "Last day away: cannot be before the first day away");
  problems.clear();
  ASSERT_TRUE(AddLeaveAs(s_, As("supervisor_n"), "N1", {"PC101", "2025-03-10", "2025-03-14", ""},
                         problems));
  EXPECT_EQ(LastAudit("supervisor_n").action, "added_leave");

  // Issue 12, class 1: the rota reaches a year either side of today for shifts, five for leave
  // (to the day), and a leave reason is a short field.
  const core::Date today = clock_.Today();
  auto day = [&](int offset) { return today.AddDays(offset).ToString(); };
  for (const int offset : {-367, 367}) {
    problems.clear();
    EXPECT_FALSE(AddShiftAs(s_, As("supervisor_n"),
                            {"N1", "officer_n", day(offset), "07:00", "17:00"}, problems))
        << offset;
    ASSERT_EQ(problems.size(), 1u) << offset;
    EXPECT_EQ(problems[0].rfind("Date: enter a date from " + today.AddDays(-366).ToLongString(), 0),
              0u)
        << problems[0];
  }
  for (const int offset : {-366, 366}) {
    problems.clear();
    EXPECT_TRUE(AddShiftAs(s_, As("supervisor_n"),
                           {"N1", "officer_n", day(offset), "07:00", "17:00"}, problems))
        << offset;
  }
  problems.clear();
  EXPECT_FALSE(AddLeaveAs(s_, As("supervisor_n"), "N1",
                          {"PC101", day(-5 * 366 - 1), day(-5 * 366), ""}, problems));
  EXPECT_EQ(problems, (std::vector<std::string>{"First day away: enter a date from " +
                                                today.AddDays(-5 * 366).ToLongString() + " to " +
                                                today.AddDays(5 * 366).ToLongString()}));
  problems.clear();
  EXPECT_TRUE(AddLeaveAs(s_, As("supervisor_n"), "N1", {"PC101", day(-5 * 366), day(5 * 366), ""},
                         problems));
  problems.clear();
  EXPECT_FALSE(AddLeaveAs(s_, As("supervisor_n"), "N1",
                          {"PC101", day(1), day(2), std::string(501, 'x')}, problems));
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "Reason: the reason is 501 characters long; it may be at most 500"}));
  EXPECT_EQ(RemoveShiftAs(s_, As("supervisor_n"), "N1", rota->shifts[0].id + 100).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(RemoveShiftAs(s_, As("supervisor_n"), "N1", rota->shifts[0].id));
  EXPECT_EQ(LastAudit("supervisor_n").action, "removed_shift");
}

TEST_F(StaffActions, AccountsAndUnitsAreKeptByAdminsValidatedAndAuditedWithoutPasswords) {
  std::vector<std::string> problems;
  EXPECT_EQ(AddUnitAs(s_, As("supervisor_n"), {"N2", "North 2", "North"}, problems).error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(AddUnitAs(s_, As("admin"), {"N2", "North 2", "North"}, problems));
  EXPECT_EQ(AddUnitAs(s_, As("admin"), {"N2", "again", ""}, problems).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(problems, std::vector<std::string>{"Unit code: N2 already exists"});
  problems.clear();

  StaffAccount pc;
  pc.name = "pc300";
  pc.role = "officer";
  pc.unit = "N2";
  EXPECT_FALSE(AddUserAs(s_, As("admin"), pc, app::PreparePassword("short"), problems));
  EXPECT_EQ(problems.size(), 2u) << "no officer id; a short password";
  EXPECT_FALSE(stores_.accounts->FindUser("pc300"));
  problems.clear();
  pc.officer = "PC300";
  ASSERT_TRUE(
      AddUserAs(s_, As("admin"), pc, app::PreparePassword("a long enough password"), problems));
  EXPECT_EQ(LastAudit("admin").detail, "pc300 (officer, unit N2)");

  StaffAccount admin_change;
  admin_change.name = "admin";
  admin_change.role = "admin";
  admin_change.unit = "HQ";
  admin_change.officer = "ADM";
  admin_change.disabled = true;
  EXPECT_FALSE(UpdateUserAs(s_, As("admin"), admin_change, app::PreparePassword(""), problems));
  EXPECT_EQ(problems.back(),
            "You cannot take away your own admin access: ask another administrator");
  problems.clear();
  pc.role = "supervisor";
  ASSERT_TRUE(
      UpdateUserAs(s_, As("admin"), pc, app::PreparePassword("another long password"), problems));
  EXPECT_EQ(stores_.accounts->FindUser("pc300")->role, domain::StaffRole::kSupervisor);
  const auto audit = LastAudit("admin");
  EXPECT_EQ(audit.action, "changed_user");
  EXPECT_EQ(audit.detail.find("another long password"), std::string::npos);
  EXPECT_NE(audit.detail.find("new password"), std::string::npos);
  pc.name = "nobody";
  EXPECT_EQ(UpdateUserAs(s_, As("admin"), pc, app::PreparePassword(""), problems).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(SaveTemplateAs(s_, As("admin"), "no_such_template", "en", "", false).error().code,
            ErrorCode::kNotFound);
}

TEST_F(StaffActions, AContactIsPreviewedWithoutTraceThenRecordedAndAudited) {
  ContactRequest contact;
  contact.event_id = "staff:k1";
  contact.crime = "N/1/24";
  contact.person = "V1";
  contact.channel = "phone";
  contact.outcome = "spoke";
  contact.at = clock_.Now();
  EXPECT_EQ(RecordContactAs(s_, As("analyst"), contact, false).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(RecordContactAs(s_, As("officer_s"), contact, false).error().code,
            ErrorCode::kNotFound);
  const auto events = stores_.cases->EventCount();
  const auto preview = RecordContactAs(s_, As("officer_n"), contact, true);
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_FALSE(preview->empty());
  EXPECT_EQ(stores_.cases->EventCount(), events) << "a preview records nothing";
  EXPECT_NE(LastAudit("officer_n").action, "recorded_contact");
  const auto recorded = RecordContactAs(s_, As("officer_n"), contact, false);
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->size(), preview->size());
  EXPECT_EQ(stores_.cases->EventCount(), events + 1);
  const auto stored = nlohmann::json::parse(stores_.cases->EventBodies("N/1/24").back());
  EXPECT_EQ(stored["at"], "2025-03-03T09:00:00Z");
  EXPECT_EQ(stored["by"], "PC101") << "recorded as the actor, whatever the request said";
  EXPECT_EQ(LastAudit("officer_n").action, "recorded_contact");
}

TEST_F(StaffActions, SupervisorsAssessTheirOwnBcuAndEveryStepIsAudited) {
  ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North 1", "North"}));
  ASSERT_TRUE(stores_.accounts->AddUnit({"S1", "South 1", "South"}));
  EXPECT_EQ(EditableScopes(s_, As("supervisor_n")), std::vector<std::string>{"North"});
  EXPECT_EQ(MayViewAssessmentsAs(s_, As("officer_n")).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("officer_n").action, "denied_assessment");

  assess::Assessment a;
  a.scope = "force";
  a.assessed_on = "2025-03-03";
  a.assessor = "Sergeant N";
  std::vector<std::string> problems;
  EXPECT_EQ(SaveAssessmentAs(s_, As("supervisor_n"), a, 0, problems).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("supervisor_n").detail, "edit force");
  EXPECT_TRUE(stores_.assessments->Assessments("force").empty());

  a.scope = "North";
  a.assessed_on = "3 March";
  EXPECT_EQ(SaveAssessmentAs(s_, As("supervisor_n"), a, 0, problems).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("Date of the assessment:", 0), 0u) << problems[0];
  problems.clear();
  a.assessed_on = "2025-03-03";
  const auto id = SaveAssessmentAs(s_, As("supervisor_n"), a, 0, problems);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(LastAudit("supervisor_n").action, "added_assessment");
  EXPECT_EQ(SaveAssessmentAs(s_, As("analyst"), a, 0, problems).error().code,
            ErrorCode::kInvalidArgument)
      << "one assessment per scope, date and assessor";
  problems.clear();

  ActionRequest action{"", "2.6", "Call every victim weekly", "Sgt N", "2025-01-31", ""};
  const auto added = SaveActionAs(s_, As("supervisor_n"), *id, action);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(LastAudit("supervisor_n").action, "added_action");
  const auto overview = AssessmentOverviewAs(s_, As("analyst"));
  ASSERT_TRUE(overview);
  EXPECT_EQ(LastAudit("analyst").action, "viewed_assessments");
  for (const auto& o : *overview) {
    if (o.scope != "North") continue;
    EXPECT_EQ(o.history.size(), 1u);
    EXPECT_EQ(o.open_actions, 1u);
    EXPECT_EQ(o.overdue_actions, 1u) << "due in January, and today is 3 March";
  }
  action.action_id = std::to_string(*added);
  action.status = "finished";
  EXPECT_EQ(SaveActionAs(s_, As("supervisor_n"), *id, action).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(SaveActionAs(s_, As("officer_s"), *id, action).error().code,
            ErrorCode::kPermissionDenied);

  const auto view = ViewAssessmentAs(s_, As("analyst"), *id, 0);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->may_edit);
  EXPECT_EQ(LastAudit("analyst").action, "viewed_assessment");
  EXPECT_EQ(ViewAssessmentAs(s_, As("analyst"), *id + 100, 0).error().code, ErrorCode::kNotFound);
}

TEST_F(StaffActions, ReadingACaseStaffOrTheAuditLogIsCheckedAndAudited) {
  const auto seen = ViewCaseAs(s_, As("officer_n"), "N/1/24");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->people.size(), 1u);
  EXPECT_FALSE(seen->obligations.empty());
  EXPECT_EQ(LastAudit("officer_n").action, "viewed_case");
  EXPECT_EQ(ViewCasePageAs(s_, As("officer_s"), "N/1/24").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(LastAudit("officer_s").action, "denied_case");
  EXPECT_EQ(ViewCaseAs(s_, As("analyst"), "N/1/24").error().code, ErrorCode::kPermissionDenied);
  const auto page = ViewCasePageAs(s_, As("supervisor_n"), "N/1/24");
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->record.timeline.empty());

  EXPECT_EQ(ListStaffAs(s_, As("supervisor_n")).error().code, ErrorCode::kPermissionDenied);
  const auto staff = ListStaffAs(s_, As("admin"));
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->users.size(), 6u);
  EXPECT_EQ(LastAudit("admin").action, "viewed_staff");
  EXPECT_EQ(ViewStaffMemberAs(s_, As("admin"), "nobody").error().code, ErrorCode::kNotFound);
  storage::AuditQuery query;
  query.user = "officer_n";
  const auto log = SearchAuditAs(s_, As("admin"), query);
  ASSERT_TRUE(log);
  ASSERT_FALSE(log->entries.empty());
  EXPECT_EQ(log->entries.front().action, "viewed_case");
  EXPECT_EQ(LastAudit("admin").action, "searched_audit");
  EXPECT_EQ(AuditActionText("viewed_case"), "Viewed case");
  EXPECT_EQ(AuditActionText("denied_acknowledge_missed"), "Refused: acknowledge missed");
  EXPECT_EQ(AuditActionText("signed_in"), "Signed in");
  EXPECT_EQ(AuditActionText("csrf_rejected"),
            "Form refused: it did not come from this site's page");
  EXPECT_EQ(SearchAuditAs(s_, As("analyst"), {}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(ListReferralsAs(s_, As("officer_n"), std::nullopt, 10).error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(ListReferralsAs(s_, As("admin"), std::nullopt, 10));
  EXPECT_EQ(LastAudit("admin").detail, "all");
}

TEST_F(StaffActions, ALetterIsPreviewedAndPrintedByThoseWhoContactVictims) {
  const LetterRequest letter{"N/1/24", "V1", "acknowledgement", "en", "", kMonday0900};
  EXPECT_EQ(PreviewMessageAs(s_, As("analyst"), letter).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(PreviewMessageAs(s_, As("officer_n"), letter));
  EXPECT_EQ(LastAudit("officer_n").action, "previewed_message");
  const auto pdf = LetterPdfAs(s_, As("officer_n"), letter, true);
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);
  EXPECT_EQ(LastAudit("officer_n").action, "downloaded_letter");
  EXPECT_EQ(LetterPdfAs(s_, As("officer_s"), letter, false).error().code, ErrorCode::kNotFound);
  // The portal's messages carry the person's own link: never previewed or printed by hand.
  for (const char* portal : {"portal_invitation", "portal_alert"}) {
    const LetterRequest by_hand{"N/1/24", "V1", portal, "en", "", kMonday0900};
    EXPECT_EQ(PreviewMessageAs(s_, As("officer_n"), by_hand).error().code,
              ErrorCode::kInvalidArgument)
        << portal;
    EXPECT_EQ(LetterPdfAs(s_, As("officer_n"), by_hand, false).error().code,
              ErrorCode::kInvalidArgument)
        << portal;
  }
}

// Issue 12, class 8: sessions and tokens. A new password ends the old sessions; tokens expire
// and can be revoked; a lock that has run out does not come back after one wrong password; a
// refused sign-in never audits what was typed as the name; expired sessions are deleted.
TEST_F(StaffActions, SessionsAndTokensEndWhenTheyShould) {
  stores_.accounts->AddUnit({"N1", "North 1", "North"});
  std::vector<std::string> problems;
  StaffAccount pc;
  pc.name = "pc400";
  pc.role = "officer";
  pc.unit = "N1";
  pc.officer = "PC400";
  ASSERT_TRUE(
      AddUserAs(s_, As("admin"), pc, app::PreparePassword("the first long password"), problems));
  const auto first = SignIn(s_, "pc400", "the first long password", "10.0.0.9");
  ASSERT_TRUE(first);
  ASSERT_TRUE(SessionFor(s_, *first));
  ASSERT_TRUE(
      UpdateUserAs(s_, As("admin"), pc, app::PreparePassword("a second long password"), problems));
  EXPECT_FALSE(SessionFor(s_, *first)) << "a password reset signs the old sessions out";
  EXPECT_NE(LastAudit("admin").detail.find("1 session ended"), std::string::npos)
      << LastAudit("admin").detail;
  EXPECT_FALSE(SignIn(s_, "pc400", "the first long password", "10.0.0.9"));

  // Five wrong: locked. After the lock has run out, one more wrong password does not relock.
  for (int i = 0; i < kMaxFailedSignIns; ++i) EXPECT_FALSE(SignIn(s_, "pc400", "wrong", "x"));
  EXPECT_TRUE(IsLocked(s_, *stores_.accounts->FindUser("pc400")));
  EXPECT_FALSE(SignIn(s_, "pc400", "a second long password", "x")) << "locked";
  clock_.Advance(int64_t{kLockMinutes} * 60000 + 1000);
  EXPECT_FALSE(SignIn(s_, "pc400", "wrong", "x"));
  EXPECT_FALSE(IsLocked(s_, *stores_.accounts->FindUser("pc400")));
  EXPECT_EQ(stores_.accounts->FindUser("pc400")->failed_logins, 1);
  EXPECT_TRUE(SignIn(s_, "pc400", "a second long password", "x"));

  // What was typed as an unknown name (here, a password) is not audited.
  ASSERT_FALSE(SignIn(s_, "a second long password", "pc400", "10.0.0.9"));
  for (const auto& e : stores_.accounts->AuditLog("", "", 50)) {
    EXPECT_EQ(e.user.find("a second long password"), std::string::npos) << e.action;
    EXPECT_EQ(e.detail.find("a second long password"), std::string::npos) << e.action;
  }

  // Tokens: for admins, 1 to 365 days, expire on the clock, revoked at once.
  EXPECT_EQ(CreateTokenAs(s_, As("officer_n"), "pc400", "laptop").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CreateTokenAs(s_, As("admin"), "pc400", "laptop", 0).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CreateTokenAs(s_, As("admin"), "pc400", "laptop", kMaxTokenDays + 1).error().code,
            ErrorCode::kInvalidArgument);
  const auto short_lived = CreateTokenAs(s_, As("admin"), "pc400", "one day", 1);
  const auto revoked = CreateTokenAs(s_, As("admin"), "pc400", "to revoke");
  ASSERT_TRUE(short_lived && revoked);
  EXPECT_TRUE(UserForApiToken(s_, *short_lived));
  const auto tokens = ListTokensAs(s_, As("admin"));
  ASSERT_TRUE(tokens);
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ(LastAudit("admin").action, "viewed_tokens");
  EXPECT_EQ(RevokeTokenAs(s_, As("officer_n"), tokens->back().id).error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(RevokeTokenAs(s_, As("admin"), tokens->back().id));
  EXPECT_EQ(LastAudit("admin").action, "revoked_token");
  EXPECT_FALSE(UserForApiToken(s_, *revoked));
  EXPECT_EQ(RevokeTokenAs(s_, As("admin"), 999).error().code, ErrorCode::kNotFound);
  clock_.Advance(int64_t{24} * 3600 * 1000 + 1000);
  EXPECT_FALSE(UserForApiToken(s_, *short_lived)) << "expired";

  // Sessions past their expiry are deleted when someone signs in.
  const auto later = SignIn(s_, "pc400", "a second long password", "x");
  ASSERT_TRUE(later);
  clock_.Advance(int64_t{kSessionHours} * 3600 * 1000 + 1000);
  EXPECT_FALSE(SessionFor(s_, *later));
  ASSERT_TRUE(SignIn(s_, "pc400", "a second long password", "x"));
  EXPECT_EQ(stores_.accounts->DeleteExpiredSessions(clock_.NowUtc()), 0u)
      << "the expired ones were deleted at sign-in";
}

// Issue 12, class 1: unbounded work. Long work stops at the request's deadline (or a stop)
// and what it had written is rolled back: a roll-forward stopped part way stores nothing.
TEST_F(StaffActions, UnboundedWorkStopsAtItsDeadlineAndLeavesNothingHalfWritten) {
  const auto before = stores_.cases->CrimesToRollForward({}, s_.Today().AddDays(200));
  ASSERT_FALSE(before.empty());
  {
    const core::ScopedDeadline gone(std::chrono::milliseconds(-1));
    EXPECT_THROW(RollForward(s_.cases, engine_, lib_, {}, s_.Today().AddDays(200)),
                 core::BudgetExceeded);
  }
  EXPECT_EQ(stores_.cases->CrimesToRollForward({}, s_.Today().AddDays(200)), before);
  EXPECT_NO_THROW(core::CheckBudget()) << "the deadline ended with its scope";
  {
    const core::ScopedDeadline outer(std::chrono::hours(1));
    {
      const core::ScopedDeadline inner(std::chrono::milliseconds(-1));
      EXPECT_THROW(core::CheckBudget(), core::BudgetExceeded);
    }
    EXPECT_NO_THROW(core::CheckBudget()) << "the outer deadline is back";
  }
}

}  // namespace
}  // namespace cf::app

// Issue 17's Witness Care Unit over the in-memory stores and a fake clock: the handover after
// charge behind the needs assessment gate (and a sergeant's audited override), the unit's
// duties moving from the officer's queue to the unit's, what the unit's staff may see and
// record, compliance by unit, and a letter signed by the unit.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "app/access.hpp"
#include "app/case_record.hpp"
#include "app/compliance.hpp"
#include "app/import.hpp"
#include "app/letters.hpp"
#include "app/queue_view.hpp"
#include "app/staff_actions.hpp"
#include "support/memory_services.hpp"
#include "support/needs_lines.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

// C/1: a victim and a witness, the suspect charged on Monday 3 March 2025. C/2: another case of
// the same unit, never charged.
constexpr const char* kCases =
    R"({"id":"c1","type":"crime.recorded","crime":"C/1","at":"2025-03-03T09:00:00Z","crime_type":"Robbery","unit":"N1","officer":"PC101"}
{"id":"c2","type":"person.added","crime":"C/1","at":"2025-03-03T09:00:00Z","person":"V1","role":"victim","name":{"title":"Ms","given":"Grace","family":"Okafor"},"contact":{"address":"1 High Street, Worcester","postcode":"WR1 1AA"}}
{"id":"c3","type":"person.added","crime":"C/1","at":"2025-03-03T09:00:00Z","person":"W1","role":"witness","name":{"given":"Amir","family":"Hassan"}}
{"id":"c4","type":"suspect.charged","crime":"C/1","at":"2025-03-03T10:00:00Z","suspect":"S1","charges":"robbery"}
{"id":"d1","type":"crime.recorded","crime":"C/2","at":"2025-03-03T09:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
)";

// Every question answered for `person`: a complete assessment.
std::string Assessment(const std::string& id, const std::string& person) {
  return CompleteAssessment(id, "C/1", "2025-03-04T09:00:00Z", person);
}

class WitnessCare : public MemoryServicesTest {
 protected:
  WitnessCare() : MemoryServicesTest(*core::ParseRfc3339("2025-03-05T09:00:00Z")) {}
  void SetUp() override {
    ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North response team 1", "North BCU"}));
    ASSERT_TRUE(stores_.accounts->AddUnit({"WCU1", "West Witness Care Unit", "", "wcu"}));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("officer_n", "officer", "N1", "PC101")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("sgt_n", "supervisor", "N1", "PS201")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("wcu_a", "wcu", "WCU1", "")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("bureau", "bureau", "N1", "")));
    Import(kCases);
  }
  void Import(const std::string& lines) {
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-05T09:00:00Z";
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines + "\n", options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  core::Result<HandOverResult> HandOver(const std::string& who, const std::string& crime,
                                        const std::string& unit,
                                        const std::string& override_reason = "") {
    return HandOverToWcuAs(s_, As(who), {"staff:h-" + who + crime, crime, unit, override_reason});
  }
  // The open duties of `scope` (an officer's or a unit's), as "person duty".
  std::vector<std::string> Open(const storage::Scope& scope) {
    std::vector<std::string> out;
    for (const auto& o :
         s_.cases.OpenObligations(scope, core::Date::Parse("2025-03-05").value(), 100))
      out.push_back(o.person + " " + o.duty);
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(WitnessCare, AHandoverWaitsForTheNeedsAssessmentsUnlessASergeantOverrides) {
  auto refused = HandOver("officer_n", "C/1", "WCU1");
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_FALSE(refused->handed);
  ASSERT_EQ(refused->unassessed.size(), 2u) << "the victim and the witness";
  EXPECT_EQ(s_.cases.FindCase("C/1")->wcu_unit, "");
  EXPECT_EQ(stores_.accounts->AuditLog("officer_n", "C/1", 1).front().action, "handover_refused");

  // An officer cannot override; a sergeant can, with a reason, audited.
  refused = HandOver("officer_n", "C/1", "WCU1", "trial is close");
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->handed);
  const auto overridden = HandOver("sgt_n", "C/1", "WCU1", "the first hearing is tomorrow");
  ASSERT_TRUE(overridden) << overridden.error().message;
  EXPECT_TRUE(overridden->handed);
  EXPECT_TRUE(overridden->overridden);
  const auto audit = stores_.accounts->AuditLog("sgt_n", "C/1", 1).front();
  EXPECT_EQ(audit.action, "handed_to_wcu_override");
  EXPECT_EQ(audit.detail, "WCU1: the first hearing is tomorrow");
  EXPECT_EQ(s_.cases.FindCase("C/1")->wcu_unit, "WCU1");
  EXPECT_EQ(s_.cases.FindCase("C/1")->officer, "PC101") << "the officer stays in case";
}

TEST_F(WitnessCare, AHandoverNeedsAChargeAWitnessCareUnitAndAnOfficersRole) {
  Import(Assessment("n1", "V1") + "\n" + Assessment("n2", "W1"));
  auto no_charge = HandOver("officer_n", "C/2", "WCU1");
  ASSERT_FALSE(no_charge);
  EXPECT_NE(no_charge.error().message.find("no charge recorded"), std::string::npos);
  auto not_wcu = HandOver("officer_n", "C/1", "N1");
  ASSERT_FALSE(not_wcu);
  EXPECT_NE(not_wcu.error().message.find("not one of the force's Witness Care Units"),
            std::string::npos);
  for (const char* who : {"wcu_a", "bureau"}) {
    const auto denied = HandOver(who, "C/1", "WCU1");
    ASSERT_FALSE(denied) << who;
    EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied) << who;
  }
  const auto handed = HandOver("officer_n", "C/1", "WCU1");
  ASSERT_TRUE(handed) << handed.error().message;
  EXPECT_TRUE(handed->handed);
  EXPECT_FALSE(handed->overridden);
  EXPECT_EQ(stores_.accounts->AuditLog("officer_n", "C/1", 1).front().action, "handed_to_wcu");
  const auto again = HandOver("officer_n", "C/1", "WCU1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  ASSERT_TRUE(stores_.accounts->AddUnit({"WCU2", "East Witness Care Unit", "", "wcu"}));
  const auto elsewhere = HandOver("sgt_n", "C/1", "WCU2", "moving it");
  ASSERT_FALSE(elsewhere) << "not to another unit either: its duties would move with it";
  EXPECT_EQ(elsewhere.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(s_.cases.FindCase("C/1")->wcu_unit, "WCU1");
}

TEST_F(WitnessCare, ClosingTheInvestigationLeavesTheUnitsDutiesInItsQueue) {
  Import(Assessment("n1", "V1") + "\n" + Assessment("n2", "W1"));
  ASSERT_TRUE(HandOver("officer_n", "C/1", "WCU1")->handed);
  Import(
      R"({"id":"h1","type":"wcu.hearing_received","crime":"C/1","at":"2025-03-04T16:00:00Z","court":"Worcester Crown Court","hearing_at":"2025-04-14T09:30:00Z"})");
  Import(
      R"({"id":"cl","type":"case.closed","crime":"C/1","at":"2025-03-05T08:00:00Z","outcome":"charged","reason":"charged"})");
  EXPECT_EQ(Open({"", "WCU1"}),
            (std::vector<std::string>{"V1 hearing_details", "W1 hearing_details"}))
      << "the court stage goes on";
  for (const auto& line : Open({"PC101", ""}))
    EXPECT_EQ(line.find("hearing_details"), std::string::npos) << line;
}

TEST_F(WitnessCare, TheEvidenceAndSpecialMeasuresDutiesAreOwedToThePersonNamed) {
  Import(
      R"({"id":"ev","type":"wcu.evidence_required","crime":"C/1","at":"2025-03-04T16:00:00Z","person":"W1","court":"Worcester Crown Court","hearing_at":"2025-04-14T09:30:00Z","plea":"not_guilty"})");
  Import(
      R"({"id":"sm","type":"wcu.special_measures_decided","crime":"C/1","at":"2025-03-04T17:00:00Z","person":"V1","decision":"granted","measures":["screens"]})");
  std::vector<std::string> owed;
  for (const auto& o : s_.cases.CaseObligations("C/1")) {
    if (o.duty == "give_evidence" || o.duty == "special_measures")
      owed.push_back(o.person + " " + o.duty);
  }
  std::sort(owed.begin(), owed.end());
  EXPECT_EQ(owed, (std::vector<std::string>{"V1 special_measures", "W1 give_evidence"}));
}

TEST_F(WitnessCare, TheUnitsDutiesMoveFromTheOfficersQueueToTheUnitsOnHandover) {
  Import(
      R"({"id":"h1","type":"wcu.hearing_received","crime":"C/1","at":"2025-03-04T16:00:00Z","court":"Worcester Crown Court","hearing_at":"2025-04-14T09:30:00Z"})");
  // Before the handover the officer in case owes them.
  const std::vector<std::string> hearing = {"V1 hearing_details", "W1 hearing_details"};
  auto officer = Open({"PC101", ""});
  for (const auto& h : hearing) EXPECT_TRUE(std::count(officer.begin(), officer.end(), h)) << h;
  EXPECT_TRUE(Open({"", "WCU1"}).empty());

  Import(Assessment("n1", "V1") + "\n" + Assessment("n2", "W1"));
  ASSERT_TRUE(HandOver("officer_n", "C/1", "WCU1")->handed);
  officer = Open({"PC101", ""});
  for (const auto& h : hearing)
    EXPECT_FALSE(std::count(officer.begin(), officer.end(), h)) << h << " left the officer";
  EXPECT_TRUE(std::count(officer.begin(), officer.end(), "V1 charge")) << "the officer's own";
  EXPECT_EQ(Open({"", "WCU1"}), hearing);
  for (const auto& o : s_.cases.CaseObligations("C/1")) {
    if (o.duty != "hearing_details") continue;
    EXPECT_EQ(o.officer, "");
    EXPECT_EQ(o.deadline.ToString(), "2025-03-05") << "1 working day from the unit's receipt";
  }

  // The unit's queue, as its staff see it; the officer's queue no longer lists them.
  QueueFilter filter;
  filter.as_of = core::Date::Parse("2025-03-05").value();
  const auto queue = QueueAs(s_, As("wcu_a"), filter);
  ASSERT_TRUE(queue) << queue.error().message;
  EXPECT_EQ(queue->scope.unit, "WCU1");
  EXPECT_EQ(queue->due.items.size(), 2u);
  filter.scope.unit = "N1";
  EXPECT_FALSE(DueAs(s_, As("wcu_a"), filter)) << "not another unit's queue";

  // Compliance counts them for the unit, like any unit.
  ComplianceRequest request;
  request.from = core::Date::Parse("2025-03-01").value();
  request.to = core::Date::Parse("2025-03-31").value();
  request.as_of = core::Date::Parse("2025-03-06").value();
  request.by = {"unit"};
  request.audience = "all";
  request.duties = {"hearing_details"};
  const auto rows = ComplianceReport(s_, request);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().group, "WCU1");
  EXPECT_EQ(rows->front().overdue, 2);
}

TEST_F(WitnessCare, TheUnitsStaffSeeOnlyTheCasesHandedToItAndRecordNoInvestigation) {
  Import(Assessment("n1", "V1") + "\n" + Assessment("n2", "W1"));
  const auto wcu = As("wcu_a").user;
  EXPECT_FALSE(MayViewCase(wcu, *s_.cases.FindCase("C/1"))) << "not before the handover";
  ASSERT_TRUE(HandOver("officer_n", "C/1", "WCU1")->handed);
  EXPECT_TRUE(MayViewCase(wcu, *s_.cases.FindCase("C/1")));
  EXPECT_FALSE(MayViewCase(wcu, *s_.cases.FindCase("C/2")));
  EXPECT_TRUE(MayViewCase(As("officer_n").user, *s_.cases.FindCase("C/1")));
  EXPECT_TRUE(MayRecordCaseEvent(wcu, CaseEventKind::kCourt));
  EXPECT_TRUE(MayRecordCaseEvent(wcu, CaseEventKind::kPerson));
  EXPECT_FALSE(MayRecordCaseEvent(wcu, CaseEventKind::kInvestigative));
  EXPECT_FALSE(MayRecordCaseEvent(As("bureau").user, CaseEventKind::kCourt));

  const std::string result =
      R"({"id":"r1","type":"wcu.court_result_received","crime":"C/1","at":"2025-03-05T09:00:00Z","result":"convicted","sentence":"two years in prison"})";
  const auto recorded = RecordCaseEventAs(s_, As("wcu_a"), "C/1", result, CaseEventKind::kCourt,
                                          "wcu.court_result_received");
  ASSERT_TRUE(recorded) << recorded.error().message;
  EXPECT_TRUE(recorded->written);
  const auto arrest = RecordCaseEventAs(
      s_, As("wcu_a"), "C/1",
      R"({"id":"x1","type":"suspect.arrested","crime":"C/1","at":"2025-03-05T09:00:00Z","suspect":"S2"})",
      CaseEventKind::kInvestigative, "suspect.arrested");
  ASSERT_FALSE(arrest);
  EXPECT_EQ(arrest.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_FALSE(RecordCaseEventAs(s_, As("wcu_a"), "C/2", result, CaseEventKind::kCourt, "x"))
      << "a case not handed to the unit";

  // The letter that meets the outcome duty is the unit's, signed by it.
  const auto duty = DutyForLetter(s_.cases, "C/1", "V1", "case_outcome", 1);
  ASSERT_TRUE(duty) << duty.error().message;
  EXPECT_EQ(duty->unit, "WCU1");
  LetterRequest request{"C/1", "V1", LetterForDuty("case_outcome"), "", "", clock_.Now()};
  request.trigger_event = duty->trigger_event;
  const auto letter = PrepareLetter(s_.cases, s_.accounts, request);
  ASSERT_TRUE(letter) << letter.error().message;
  EXPECT_EQ(letter->letter.officer_name, "West Witness Care Unit");
  EXPECT_TRUE(letter->letter.from_team) << "no \"while I am away\" for a unit";
  ASSERT_GE(letter->letter.sender.size(), 2u);
  EXPECT_EQ(letter->letter.sender[1], "West Witness Care Unit") << "not the police unit N1";
  std::string text;
  for (const auto& p : letter->message.paragraphs) text += p + "\n";
  EXPECT_NE(text.find("found guilty"), std::string::npos) << text;
  EXPECT_NE(text.find("two years in prison"), std::string::npos) << text;
}

// Item 7: a review asked for after the case closed is still the officer's to do; the CPS
// dropping charges after the case closed as charged likewise (the unit's case or not).
TEST_F(WitnessCare, DutiesStartedAfterTheCaseClosedStayInTheOfficersQueue) {
  Import(
      R"({"id":"x1","type":"person.added","crime":"C/2","at":"2025-03-03T09:00:00Z","person":"V1","role":"victim"}
{"id":"x2","type":"decision.no_charge","crime":"C/2","at":"2025-03-03T12:00:00Z","vrr_eligible":true}
{"id":"x3","type":"case.closed","crime":"C/2","at":"2025-03-03T13:00:00Z","outcome":"evidential_difficulties","reason":"no evidence"}
{"id":"x4","type":"vrr.requested","crime":"C/2","at":"2025-03-04T10:00:00Z","person":"V1","decision_by":"police"}
{"id":"x5","type":"case.closed","crime":"C/1","at":"2025-03-03T14:00:00Z","outcome":"charged","reason":"charged"}
{"id":"x6","type":"cps.charge_altered","crime":"C/1","at":"2025-03-04T11:00:00Z","change":"dropped","reason":"the witness withdrew"})");
  const auto open = Open({"PC101", ""});
  for (const char* line : {"V1 vrr_acknowledgement", "V1 vrr_outcome", "V1 charge_altered"})
    EXPECT_TRUE(std::count(open.begin(), open.end(), line)) << line;
  EXPECT_FALSE(std::count(open.begin(), open.end(), "V1 no_charge"))
      << "started before the closure: the sergeant's missed list, not the queue";
  EXPECT_FALSE(std::count(open.begin(), open.end(), "W1 charge_altered"))
      << "a witness is owed the Code's duties to victims only";
}

TEST_F(WitnessCare, TheReaderChecksTheUnitsEvents) {
  ImportOptions options;
  options.source = "test";
  options.now = "2025-03-05T09:00:00Z";
  for (
      const auto& [line, expected] : std::vector<std::pair<std::string, std::string>>{
          {R"({"id":"b1","type":"wcu.bail_outcome_received","crime":"C/1","at":"2025-03-05T09:00:00Z","outcome":"let_off"})",
           "unknown value \"let_off\""},
          {R"({"id":"b2","type":"wcu.hearing_received","crime":"C/1","at":"2025-03-05T09:00:00Z","court":"Worcester","hearing_at":"next Tuesday"})",
           "must be an RFC 3339 date and time"},
          {R"({"id":"b3","type":"case.handed_to_wcu","crime":"C/1","at":"2025-03-05T09:00:00Z"})",
           "field \"unit\" is required"},
          {R"({"id":"b4","type":"wcu.special_measures_decided","crime":"C/1","at":"2025-03-05T09:00:00Z","decision":"refused","measures":["screens"]})",
           "a refusal allows none"},
          {R"({"id":"b5","type":"wcu.special_measures_decided","crime":"C/1","at":"2025-03-05T09:00:00Z","decision":"granted","measures":["a_sofa"]})",
           "field \"measures[0]\": unknown value \"a_sofa\""},
          {R"({"id":"b6","type":"wcu.evidence_required","crime":"C/1","at":"2025-03-05T09:00:00Z","court":"Worcester","hearing_at":"2999-01-01T10:00:00Z"})",
           "from 2000 to 2100"},
          {R"({"id":"b7","type":"wcu.court_result_received","crime":"C/1","at":"2025-03-05T09:00:00Z","result":"convicted","sentence":")" +
               std::string(2001, 'x') + R"("})",
           "field \"sentence\" is 2001 characters long; at most 2000"},
          {R"({"id":"b8","type":"vrr.requested","crime":"C/1","at":"2025-03-05T09:00:00Z","person":"V9","decision_by":"police"})",
           "person \"V9\" has not been added"},
          {R"({"id":"b9","type":"cps.charge_altered","crime":"C/1","at":"2025-03-05T09:00:00Z","change":"lost"})",
           "unknown value \"lost\""}}) {
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, line + "\n", options);
    EXPECT_FALSE(report.written) << line;
    ASSERT_EQ(report.errors.size(), 1u) << line;
    EXPECT_NE(report.errors[0].message.find(expected), std::string::npos)
        << report.errors[0].message;
  }
}

TEST_F(WitnessCare, AHearingOnADateSomeoneAskedToAvoidIsFlaggedForTheUnit) {
  // Grace asked to avoid Mon 14 Apr 2025 (and 2 May); Amir nothing.
  Import(
      R"({"id":"n9","type":"needs.assessed","crime":"C/1","at":"2025-03-04T09:00:00Z","person":"V1","dates_to_avoid":["2025-04-14","2025-05-02"]})");
  auto clashes = [&] {
    return ReadCaseRecord(s_.cases, s_.engine, s_.library, "C/1",
                          core::Date::Parse("2025-03-05").value())
        ->hearing_clashes;
  };
  EXPECT_TRUE(clashes().empty());
  // The trial (London time: 10:30 on the 14th) and a witness-only call on 2 May.
  Import(
      R"({"id":"h1","type":"wcu.hearing_received","crime":"C/1","at":"2025-03-04T16:00:00Z","court":"Worcester Crown Court","hearing_at":"2025-04-14T09:30:00Z","hearing":"trial"}
{"id":"h2","type":"wcu.evidence_required","crime":"C/1","at":"2025-03-04T16:00:00Z","court":"Worcester Crown Court","hearing_at":"2025-05-02T09:30:00Z","person":"W1"})");
  EXPECT_EQ(clashes(),
            std::vector<std::string>{
                "Ms Grace Okafor (V1) asked to avoid Mon 14 Apr 2025, the day of the "
                "trial at Worcester Crown Court: tell the CPS, so that the court can "
                "consider it"})
      << "2 May is Amir's hearing alone";
  // Once the day has passed, it is not said.
  EXPECT_TRUE(ReadCaseRecord(s_.cases, s_.engine, s_.library, "C/1",
                             core::Date::Parse("2025-04-15").value())
                  ->hearing_clashes.empty());
}

}  // namespace
}  // namespace cf::app

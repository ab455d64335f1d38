// Issue 17's needs assessment (app/needs_assessment.hpp) over the in-memory stores and a fake
// clock: what a complete MG11 assessment answers, screening answers that flag the person with
// their reason, the checks on the form's answers, the closure gate for a case closed as
// charged (and a supervisor's audited override), and the completion rate in `compliance`.
#include "app/needs_assessment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "app/case_record.hpp"
#include "app/compliance.hpp"
#include "app/import.hpp"
#include "app/staff_actions.hpp"
#include "http/event_forms.hpp"
#include "support/memory_services.hpp"
#include "support/needs_lines.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

// A/1: a victim, a witness and a business contact; the suspect charged on 26 February and the
// victim and business told the next day, so that only the needs assessments stand between it and
// closing.
constexpr const char* kCases =
    R"({"id":"a1","type":"crime.recorded","crime":"A/1","at":"2025-02-24T10:00:00Z","crime_type":"Robbery","unit":"N1","officer":"PC101"}
{"id":"a2","type":"person.added","crime":"A/1","at":"2025-02-24T10:00:00Z","person":"V1","role":"victim","name":{"given":"Grace","family":"Okafor"}}
{"id":"a3","type":"person.added","crime":"A/1","at":"2025-02-24T10:00:00Z","person":"W1","role":"witness","name":{"given":"Amir","family":"Hassan"}}
{"id":"a4","type":"person.added","crime":"A/1","at":"2025-02-24T10:00:00Z","person":"B1","role":"business_contact"}
{"id":"a5","type":"suspect.charged","crime":"A/1","at":"2025-02-26T10:00:00Z","suspect":"S1","charges":"robbery"}
{"id":"a6","type":"contact.made","crime":"A/1","at":"2025-02-27T10:00:00Z","person":"V1","channel":"phone","outcome":"spoke"}
{"id":"a7","type":"contact.made","crime":"A/1","at":"2025-02-27T10:00:00Z","person":"B1","channel":"phone","outcome":"spoke"}
)";

// Every question answered "no" for `person`, as the form records it; `extra` replaces fields.
std::string Assessment(const std::string& id, const std::string& person, json extra = {}) {
  return CompleteAssessment(id, "A/1", "2025-03-03T09:00:00Z", person, extra);
}

class NeedsAssessment : public MemoryServicesTest {
 protected:
  NeedsAssessment() : MemoryServicesTest(*core::ParseRfc3339("2025-03-03T09:00:00Z")) {}
  void SetUp() override {
    for (const auto& [name, role] :
         {std::pair{"officer_n", "officer"}, std::pair{"supervisor_n", "supervisor"},
          std::pair{"analyst", "analyst"}}) {
      ASSERT_TRUE(stores_.accounts->AddUser(
          StaffUser(name, role, role == std::string("analyst") ? "HQ" : "N1",
                    role == std::string("officer") ? "PC101" : std::string("X") + name)));
    }
    Import(kCases);
  }
  void Import(const std::string& lines) {
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T09:00:00Z";
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines + "\n", options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  std::vector<AssessmentStatus> Statuses() {
    return NeedsAssessments("A/1", s_.cases.EventBodies("A/1"));
  }
  const PersonRecord& Person(const CaseRecord& record, const std::string& id) {
    return *std::find_if(record.people.begin(), record.people.end(),
                         [&](const PersonRecord& p) { return p.person == id; });
  }
};

TEST_F(NeedsAssessment, IsCompleteOnlyWhenEveryQuestionIsAnsweredOverOneOrMoreVisits) {
  auto statuses = Statuses();
  ASSERT_EQ(statuses.size(), 2u) << "victims and witnesses only, not the business contact";
  EXPECT_EQ(statuses[0].person, "V1");
  EXPECT_EQ(statuses[0].name, "Grace Okafor");
  EXPECT_FALSE(statuses[0].assessed);
  EXPECT_EQ(statuses[0].missing.size(), ScreeningQuestions().size() + 6) << "everything";
  EXPECT_EQ(statuses[1].missing.size(), ScreeningQuestions().size() + 5) << "no VPS: a witness";

  // The first visit leaves the personal statement and the dates to avoid unasked.
  Import(Assessment("n1", "V1", {{"vps_offered", nullptr}, {"none", nullptr}}));
  statuses = Statuses();
  EXPECT_TRUE(statuses[0].assessed);
  EXPECT_EQ(statuses[0].missing,
            (std::vector<std::string>{"dates to avoid (or none)",
                                      "whether a Victim Personal Statement was offered"}));
  // The second answers them; what the first answered stays answered.
  Import(json({{"id", "n2"},
               {"type", "needs.assessed"},
               {"crime", "A/1"},
               {"at", "2025-03-03T09:30:00Z"},
               {"person", "V1"},
               {"vps_offered", false},
               {"dates_to_avoid", {"2025-04-14"}}})
             .dump());
  statuses = Statuses();
  EXPECT_TRUE(statuses[0].Complete());
  EXPECT_FALSE(statuses[1].Complete());
  Import(Assessment("n3", "W1",
                    {{"interpreter_needed", nullptr}, {"interpreter_language", "Polish"}}));
  EXPECT_TRUE(Statuses()[1].Complete()) << "an interpreter's language answers the question";

  // The case page shows it, and the answers of both visits.
  const auto record =
      ReadCaseRecord(s_.cases, s_.engine, s_.library, "A/1", core::Date::FromYmd(2025, 3, 3));
  ASSERT_TRUE(record);
  const auto& v1 = Person(*record, "V1");
  EXPECT_TRUE(v1.assessed_on_mg11);
  EXPECT_TRUE(v1.still_to_ask.empty());
  EXPECT_FALSE(Person(*record, "B1").assessed_on_mg11);
  auto shown = [&](const char* label) {
    for (const auto& n : v1.needs)
      if (n.label == label) return n.value;
    return std::string("(absent)");
  };
  EXPECT_EQ(shown("Preferred contact"), "phone");
  EXPECT_EQ(shown("Victim Personal Statement offered"), "no");
  EXPECT_EQ(shown("Screening: no"),
            "mental health, learning disability or communication, physical disability or "
            "illness, fear or distress, targeted repeatedly");
}

TEST_F(NeedsAssessment, ALaterAnswerReplacesWhatItContradicts) {
  Import(
      Assessment("n1", "W1", {{"interpreter_needed", true}, {"interpreter_language", "Polish"}}));
  EXPECT_TRUE(Statuses()[1].Complete());
  // None to avoid, then a date; an interpreter, then none; special measures, then none.
  Import(Assessment("n2", "W1",
                    {{"none", nullptr},
                     {"dates_to_avoid", {"2025-04-14"}},
                     {"interpreter_needed", false},
                     {"special_measures_needed", true},
                     {"special_measures", {"screens"}}}));
  Import(json({{"id", "n3"},
               {"type", "needs.assessed"},
               {"crime", "A/1"},
               {"at", "2025-03-03T10:00:00Z"},
               {"person", "W1"},
               {"special_measures_needed", false}})
             .dump());
  const auto record =
      ReadCaseRecord(s_.cases, s_.engine, s_.library, "A/1", core::Date::FromYmd(2025, 3, 3));
  ASSERT_TRUE(record);
  std::map<std::string, std::string> shown;
  for (const auto& n : Person(*record, "W1").needs) shown[n.label] = n.value;
  EXPECT_EQ(shown["Dates to avoid"], "14 Apr 2025");
  EXPECT_EQ(shown["Interpreter needed"], "no");
  EXPECT_FALSE(shown.count("Interpreter")) << "Polish is no longer needed";
  EXPECT_EQ(shown["Special measures needed"], "no");
  EXPECT_FALSE(shown.count("Special measures"));
  EXPECT_TRUE(Statuses()[1].Complete());
}

TEST_F(NeedsAssessment, AnImportedInterpreterWithoutALanguageIsNotComplete) {
  Import(Assessment("n1", "W1", {{"interpreter_needed", true}}));
  EXPECT_EQ(Statuses()[1].missing,
            std::vector<std::string>{"which language their interpreter needs"});
}

TEST_F(NeedsAssessment, AScreeningYesFlagsThePersonWithItsReasonAndGivesThemTheEnhancedService) {
  const std::string line = Assessment("staff:n1", "W1",
                                      {{"screening",
                                        {{"mental_health", true},
                                         {"learning_or_communication", true},
                                         {"fear_or_distress", true}}}});
  const auto report = RecordCaseEventAs(s_, As("officer_n"), "A/1", line, CaseEventKind::kPerson,
                                        "needs.assessed W1");
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->written) << report->errors[0].message;
  EXPECT_EQ(report->accepted, 3u) << "the assessment and two flags (vulnerable once)";
  std::vector<json> flags;
  for (const auto& body : s_.cases.EventBodies("A/1")) {
    const json e = json::parse(body);
    if (e["type"] == "person.flagged") flags.push_back(e);
  }
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0]["person"], "W1");
  EXPECT_EQ(flags[0]["flag"], "vulnerable");
  EXPECT_EQ(flags[0]["reason"], "needs assessment: has a mental health condition");
  EXPECT_EQ(flags[0]["by"], "PC101");
  EXPECT_EQ(flags[1]["flag"], "intimidated");
  const auto record =
      ReadCaseRecord(s_.cases, s_.engine, s_.library, "A/1", core::Date::FromYmd(2025, 3, 3));
  ASSERT_TRUE(record);
  const auto& w1 = Person(*record, "W1");
  EXPECT_FALSE(w1.enhanced.empty()) << "the engine reads the flags";
  EXPECT_NE(std::find(w1.flags.begin(), w1.flags.end(), "vulnerable"), w1.flags.end());

  // Asked again, a yes already flagged is not flagged twice.
  const auto again =
      RecordCaseEventAs(s_, As("officer_n"), "A/1",
                        Assessment("staff:n2", "W1", {{"screening", {{"mental_health", true}}}}),
                        CaseEventKind::kPerson, "again");
  ASSERT_TRUE(again && again->written);
  EXPECT_EQ(again->accepted, 1u);
  EXPECT_EQ(stores_.accounts->AuditLog("officer_n", "A/1", 2)[1].detail,
            "needs.assessed W1; flagged vulnerable, intimidated");

  // A flag removed since is recorded again by a new yes.
  Import(
      R"({"id":"u1","type":"person.unflagged","crime":"A/1","at":"2025-03-03T09:10:00Z","person":"W1","flag":"intimidated","reason":"moved away"})");
  const auto third =
      RecordCaseEventAs(s_, As("officer_n"), "A/1",
                        Assessment("staff:n3", "W1", {{"screening", {{"fear_or_distress", true}}}}),
                        CaseEventKind::kPerson, "third");
  ASSERT_TRUE(third && third->written);
  EXPECT_EQ(third->accepted, 2u);
}

TEST_F(NeedsAssessment, TheFormsAnswersAreCheckedForThePersonTheyAreAbout) {
  auto refused = RecordCaseEventAs(s_, As("officer_n"), "A/1",
                                   Assessment("staff:n1", "V1", {{"vps_offered", nullptr}}),
                                   CaseEventKind::kPerson, "needs.assessed V1");
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->written);
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].message,
            "field \"vps_offered\": answer yes or no (they are a victim)");
  refused = RecordCaseEventAs(s_, As("officer_n"), "A/1",
                              Assessment("staff:n1", "W1", {{"interpreter_needed", true}}),
                              CaseEventKind::kPerson, "needs.assessed W1");
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->written);
  EXPECT_EQ(refused->errors[0].message,
            "field \"interpreter_language\": say which language they need");
  EXPECT_TRUE(Statuses()[0].missing.size() > 0) << "nothing was stored";

  // The form: dates to avoid as people write them, or none; a wrong date says which.
  const http::EventForm& form = *http::FindEventForm("needs.assessed");
  std::map<std::string, std::string> answers = {{"person", "W1"},
                                                {"preferred_contact", "phone"},
                                                {"willing_to_attend_court", "yes"},
                                                {"special_measures_needed", "no"},
                                                {"interpreter_needed", "no"},
                                                {"dates_to_avoid", "14/04/2025, 2025-05-01"}};
  for (const auto& q : ScreeningQuestions()) answers[std::string("screening.") + q.field] = "no";
  core::LondonDates london;
  auto line = http::EventLine(form, answers, "A/1", "staff:x", "PC101", s_.Now(), london);
  ASSERT_TRUE(line) << line.error().message;
  EXPECT_EQ(json::parse(*line)["dates_to_avoid"], json({"2025-04-14", "2025-05-01"}));
  EXPECT_EQ(json::parse(*line)["screening"]["fear_or_distress"], false);
  answers["dates_to_avoid"] = "None";
  line = http::EventLine(form, answers, "A/1", "staff:x", "PC101", s_.Now(), london);
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line)["none"], true);
  EXPECT_FALSE(json::parse(*line).contains("dates_to_avoid"));
  answers["dates_to_avoid"] = "14/04/2025, 31/02/2025";
  line = http::EventLine(form, answers, "A/1", "staff:x", "PC101", s_.Now(), london);
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().message,
            "Dates to avoid: \"31/02/2025\" is not a date. Enter dates as DD/MM/YYYY, separated "
            "by commas, or none");
  answers.erase("screening.fear_or_distress");
  answers["dates_to_avoid"] = "none";
  line = http::EventLine(form, answers, "A/1", "staff:x", "PC101", s_.Now(), london);
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().message.find("afraid or distressed"), std::string::npos)
      << "every screening question must be answered: " << line.error().message;
}

TEST_F(NeedsAssessment, ClosingAsChargedWaitsForTheAssessmentsUnlessASupervisorOverrides) {
  const CloseCommand close{"staff:c1", "A/1", "charged", "charged, sent to court", ""};
  const auto refused = CloseCaseAs(s_, As("officer_n"), close);
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_FALSE(refused->closed);
  EXPECT_TRUE(refused->untold.empty())
      << "the victim was told of the charge: " << refused->untold[0].person << " "
      << refused->untold[0].duty;
  ASSERT_EQ(refused->unassessed.size(), 2u);
  EXPECT_EQ(refused->unassessed[0].name, "Grace Okafor");
  EXPECT_EQ(stores_.accounts->AuditLog("officer_n", "A/1", 1).front().detail,
            "0 untold decision(s), 2 incomplete needs assessment(s)");
  CloseCommand with_reason = close;
  with_reason.override_reason = "court date soon";
  EXPECT_FALSE(CloseCaseAs(s_, As("officer_n"), with_reason)->closed)
      << "an officer's override reason opens nothing";

  // With both assessed, the officer closes it.
  Import(Assessment("n1", "V1") + "\n" + Assessment("n2", "W1"));
  const auto closed = CloseCaseAs(s_, As("officer_n"), close);
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_FALSE(closed->overridden);
}

TEST_F(NeedsAssessment, OtherOutcomesAreNotHeldUpByTheAssessments) {
  const auto closed =
      CloseCaseAs(s_, As("officer_n"), {"staff:c1", "A/1", "victim_withdrew", "withdrew", ""});
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_TRUE(closed->unassessed.empty());
}

TEST_F(NeedsAssessment, ASupervisorMayCloseAsChargedWithAReasonAndItIsAudited) {
  CloseCommand close{"staff:c1", "A/1", "charged", "charged", "the witness has left the country"};
  const auto closed = CloseCaseAs(s_, As("supervisor_n"), close);
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_TRUE(closed->overridden);
  const auto audit = stores_.accounts->AuditLog("supervisor_n", "A/1", 1).front();
  EXPECT_EQ(audit.action, "closed_case_override");
  EXPECT_EQ(audit.detail, "the witness has left the country");
  bool recorded = false;
  for (const auto& body : s_.cases.EventBodies("A/1")) {
    const json e = json::parse(body);
    if (e["type"] == "case.closed")
      recorded = e["gate_override"] == "the witness has left the country";
  }
  EXPECT_TRUE(recorded) << "the override is on the case's record";
}

TEST_F(NeedsAssessment, TheCompletionRateIsAComplianceMeasure) {
  ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North 1", "North BCU"}));
  Import(
      R"({"id":"b1","type":"crime.recorded","crime":"B/1","at":"2025-02-25T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC102"}
{"id":"b2","type":"person.added","crime":"B/1","at":"2025-02-25T10:00:00Z","person":"V1","role":"victim"}
{"id":"c1","type":"crime.recorded","crime":"C/1","at":"2025-01-10T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC102"}
{"id":"c2","type":"person.added","crime":"C/1","at":"2025-01-10T10:00:00Z","person":"V1","role":"victim"})");
  Import(Assessment("n1", "V1"));
  ComplianceRequest r;
  r.from = core::Date::FromYmd(2025, 2, 1);
  r.to = core::Date::FromYmd(2025, 2, 28);
  r.as_of = r.to;
  r.by = {"officer"};
  const auto rows = AssessmentCompletion(s_, r);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u) << "C/1 was recorded in January";
  EXPECT_EQ((*rows)[0].group, "PC101");
  EXPECT_EQ((*rows)[0].complete, 1);
  EXPECT_EQ((*rows)[0].incomplete, 1);
  EXPECT_DOUBLE_EQ(*(*rows)[0].rate, 0.5);
  EXPECT_EQ((*rows)[1].group, "PC102");
  EXPECT_EQ((*rows)[1].complete, 0);
  EXPECT_EQ(AssessmentCompletionCsv(r, *rows),
            "officer,complete,not_complete,completion_rate,ci95_low,ci95_high\n"
            "PC101,1,1,0.5000,0.0945,0.9055\n"
            "PC102,0,1,0.0000,0.0000,0.7935\n");
  r.by = {"duty"};
  EXPECT_EQ(AssessmentCompletion(s_, r).error().message,
            "by: needs assessments are not grouped by duty");
  // Seen and downloaded by those who may see compliance, audited.
  r.by = {"unit"};
  EXPECT_EQ(AssessmentCompletionAs(s_, As("officer_n"), r).error().code,
            core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(AssessmentCompletionAs(s_, As("analyst"), r));
  EXPECT_EQ(stores_.accounts->AuditLog("analyst", "", 1).front().detail,
            "needs assessments by unit, cases recorded 2025-02-01 to 2025-02-28");
  const auto file = DownloadAssessmentCompletionAs(s_, As("analyst"), r, "csv");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->filename, "needs-assessments-2025-02-01-to-2025-02-28.csv");
  EXPECT_EQ(DownloadAssessmentCompletionAs(s_, As("analyst"), r, "xlsx").error().code,
            core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cf::app

// Quality call-backs (app/quality_calls.hpp) and dip-sample actions (app/dip_sampling.hpp) on
// the in-memory repositories and a fake clock: who is put on a supervisor's call list and who
// never is, one list per supervisor and week, nobody listed twice, a call's answers stored as a
// survey response linked to the case, comments routed to the unit, an action raised on the
// self-assessment's plan from a review, and the officer's digest of findings, sent through a
// real SMTP server (aiosmtpd).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/digests.hpp"
#include "app/dip_sampling.hpp"
#include "app/force_settings.hpp"
#include "app/import.hpp"
#include "app/measures.hpp"
#include "app/outbox.hpp"
#include "app/quality_calls.hpp"
#include "app/survey.hpp"
#include "calendar/calendar_loader.hpp"
#include "core/utf8.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/memory_services.hpp"
#include "support/smtp_sink.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using core::ErrorCode;

// Mon 3 Mar 2025 09:00 Europe/London (GMT).
constexpr core::Instant kMonday0900 = 1740992400000;
const core::Date kWeek = core::Date::FromYmd(2025, 3, 3);

// Q/1 and Q/2 are recorded six and eight weeks before the week; Q/3 two weeks before (too
// recent to ask about). On Q/1 only V1 may be called; on Q/2 (domestic abuse: its victims are
// enhanced) only V2, who chose to be phoned.
constexpr const char* kCases =
    R"({"id":"a1","type":"crime.recorded","crime":"Q/1","at":"2025-01-20T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"a2","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"V1","role":"victim","name":{"given":"Nia","family":"Hughes"},"contact":{"phone_mobile":"07700 900001"},"ethnicity":"W1"}
{"id":"a3","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"V2","role":"victim","date_of_birth":"2012-05-01","contact":{"phone_mobile":"07700 900002"}}
{"id":"a4","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"V3","role":"victim","contact":{"phone_mobile":"07700 900003"}}
{"id":"a5","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"V4","role":"victim","contact":{"phone_mobile":"07700 900004"}}
{"id":"a6","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"V5","role":"victim"}
{"id":"a7","type":"person.added","crime":"Q/1","at":"2025-01-20T10:00:00Z","person":"W1","role":"witness","contact":{"phone_mobile":"07700 900006"}}
{"id":"a8","type":"contract.agreed","crime":"Q/1","at":"2025-01-21T10:00:00Z","person":"V3","wants_updates":false}
{"id":"a9","type":"contract.agreed","crime":"Q/1","at":"2025-01-21T10:00:00Z","person":"V4","wants_updates":true,"channel":"phone","safe_to_contact":{"phone":false}}
{"id":"b1","type":"crime.recorded","crime":"Q/2","at":"2025-01-06T10:00:00Z","crime_type":"Violence and sexual offences","unit":"N1","officer":"PC101","flags":["domestic_abuse"]}
{"id":"b2","type":"person.added","crime":"Q/2","at":"2025-01-06T10:00:00Z","person":"V1","role":"victim","contact":{"phone_mobile":"07700 900011"}}
{"id":"b3","type":"person.added","crime":"Q/2","at":"2025-01-06T10:00:00Z","person":"V2","role":"victim","contact":{"phone_home":"01632 960012"}}
{"id":"b4","type":"contract.agreed","crime":"Q/2","at":"2025-01-07T10:00:00Z","person":"V2","wants_updates":true,"channel":"phone","safe_to_contact":{"phone":true}}
{"id":"c1","type":"crime.recorded","crime":"Q/3","at":"2025-02-17T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"c2","type":"person.added","crime":"Q/3","at":"2025-02-17T10:00:00Z","person":"V1","role":"victim","contact":{"phone_mobile":"07700 900021"}}
)";

class Quality : public MemoryServicesTest {
 protected:
  Quality() : MemoryServicesTest(kMonday0900) {}
  void SetUp() override {
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"officer_n", "officer", "N1", "PC101"},
          std::tuple{"supervisor_n", "supervisor", "N1", "SGT1"},
          std::tuple{"supervisor_n2", "supervisor", "N1", "SGT2"},
          std::tuple{"supervisor_s", "supervisor", "S1", "SGT3"},
          std::tuple{"analyst", "analyst", "HQ", "A1"}, std::tuple{"admin", "admin", "HQ", ""}}) {
      ASSERT_TRUE(stores_.accounts->AddUser(StaffUser(name, role, unit, officer)));
    }
    ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North 1", "North BCU"}));
    Import(kCases, "2025-03-03T09:00:00Z");
    s_.cases.SetSetting("quality_calls_per_week", "5");
  }
  // Events imported as of `now`.
  void Import(const std::string& lines, const std::string& now) {
    ImportOptions options;
    options.source = "test";
    options.now = now;
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines, options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  storage::AuditEntry LastAudit(const std::string& user) {
    const auto log = stores_.accounts->AuditLog(user, "", 1);
    return log.empty() ? storage::AuditEntry{} : log.front();
  }
  static QualityCallAnswers Answered() {
    QualityCallAnswers a;
    a.outcome = "answered";
    a.stages = {"1", "2", "5", "0", "3"};
    a.diagnostics = {{"knew_who_to_contact", "yes"}, {"kept_informed_without_asking", "no"}};
    a.comments = "Nobody rang me back for a week.";
    return a;
  }
};

TEST_F(Quality, AListLeavesOutEveryoneWhoMustNotBeCalledAndSaysWhy) {
  EXPECT_EQ(WeekOf(core::Date::FromYmd(2025, 3, 9)), kWeek);  // a Sunday: the week's Monday
  EXPECT_EQ(WeekOf(kWeek), kWeek);
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn) << drawn.error().message;
  ASSERT_EQ(drawn->targets.size(), 2u);
  std::set<std::pair<std::string, std::string>> listed;
  for (const auto& t : drawn->targets) listed.insert({t.call.crime, t.call.person});
  EXPECT_EQ(listed, (std::set<std::pair<std::string, std::string>>{{"Q/1", "V1"}, {"Q/2", "V2"}}));
  EXPECT_EQ(drawn->left_out,
            (std::map<std::string, size_t>{{"under 16", 1},
                                           {"opted out of updates", 1},
                                           {"phone marked unsafe", 1},
                                           {"no phone number", 1},
                                           {"enhanced, not agreed to be phoned", 1}}));
  for (const auto& t : drawn->targets) {
    EXPECT_FALSE(t.phone.empty());
    EXPECT_EQ(t.call.status, "to_call");
    EXPECT_EQ(t.officer, "PC101");
  }
  EXPECT_EQ(drawn->list.size, 5);
  EXPECT_EQ(drawn->list.supervisor, "SGT1");
  EXPECT_EQ(LastAudit("supervisor_n").action, "drew_quality_calls");

  // Asked again, the same list; another supervisor of the unit gets nobody already listed.
  const auto again = DrawCallListAs(s_, As("supervisor_n"), kWeek, 8);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->list.id, drawn->list.id);
  EXPECT_EQ(again->list.seed, 7u);
  const auto other = DrawCallListAs(s_, As("supervisor_n2"), kWeek);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->targets.empty());
  EXPECT_EQ(other->left_out.at("listed before"), 2u);
  const auto shown = CallListAs(s_, As("supervisor_n"), kWeek.AddDays(3));
  ASSERT_TRUE(shown && *shown);
  EXPECT_EQ((*shown)->list.id, drawn->list.id);
  EXPECT_FALSE(*CallListAs(s_, As("supervisor_n"), kWeek.AddDays(7)));
}

TEST_F(Quality, OnlySupervisorsDrawTheirOwnListsOfTheForcesSize) {
  EXPECT_EQ(DrawCallListAs(s_, As("officer_n"), kWeek).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("officer_n").action, "denied_quality_calls");
  EXPECT_EQ(DrawCallListAs(s_, As("admin"), kWeek).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(DrawCallListAs(s_, As("supervisor_n"), kWeek.AddDays(1)).error().code,
            ErrorCode::kInvalidArgument);
  s_.cases.SetSetting("quality_calls_per_week", "1");
  const auto one = DrawCallListAs(s_, As("supervisor_n"), kWeek, 3);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->targets.size(), 1u);
  s_.cases.SetSetting("quality_calls_per_week", "0");
  EXPECT_EQ(DrawCallListAs(s_, As("supervisor_n2"), kWeek).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(Quality, AnAnsweredCallIsASurveyResponseLinkedToTheCase) {
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  const int64_t list = drawn->list.id;
  int at_q1 = 0;
  for (const auto& t : drawn->targets)
    if (t.call.crime == "Q/1") at_q1 = t.position;
  ASSERT_GT(at_q1, 0);

  std::vector<std::string> problems;
  QualityCallAnswers blank;
  EXPECT_FALSE(RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, blank, problems));
  EXPECT_EQ(problems.size(), 1u) << "the outcome is chosen";
  problems.clear();
  QualityCallAnswers unanswered;
  unanswered.outcome = "answered";
  unanswered.stages[4] = "9";
  unanswered.diagnostics["told_arrest"] = "maybe";
  EXPECT_FALSE(RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, unanswered, problems));
  EXPECT_EQ(problems.size(), 6u) << "four stages unanswered, one off the scale, one diagnostic";
  EXPECT_TRUE(s_.quality.SurveyResponses(kWeek, kWeek).empty()) << "nothing stored";

  problems.clear();
  EXPECT_EQ(
      RecordQualityCallAs(s_, As("supervisor_n2"), list, at_q1, Answered(), problems).error().code,
      ErrorCode::kPermissionDenied);
  QualityCallAnswers no_answer;
  no_answer.outcome = "no_answer";
  const auto tried = RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, no_answer, problems);
  ASSERT_TRUE(tried) << tried.error().message;
  EXPECT_EQ(tried->status, "no_answer");
  EXPECT_EQ(tried->attempts, 1);

  const auto answered =
      RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, Answered(), problems);
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_EQ(answered->attempts, 2);
  EXPECT_EQ(answered->response_id, fmt::format("call-{}-{}", list, at_q1));
  const auto responses = s_.quality.SurveyResponses(kWeek, kWeek);
  ASSERT_EQ(responses.size(), 1u);
  const auto& r = responses[0];
  EXPECT_EQ(r.source, "call_back");
  EXPECT_EQ(r.crime, "Q/1");
  EXPECT_EQ(r.person, "V1");
  EXPECT_EQ(r.crime_type, "Burglary");
  EXPECT_EQ(r.unit, "N1");
  EXPECT_EQ(r.bcu, "North BCU");
  EXPECT_EQ(r.ethnic_group, "W1");
  EXPECT_EQ(r.white, std::optional<bool>(true));
  EXPECT_EQ(r.stages, (std::array<int, 5>{1, 2, 5, 0, 3}));
  EXPECT_EQ(nlohmann::json::parse(r.diagnostics),
            nlohmann::json({{"knew_who_to_contact", 1}, {"kept_informed_without_asking", 0}}));
  EXPECT_EQ(r.comments, "Nobody rang me back for a week.");
  EXPECT_EQ(SatisfiedWith(r, "follow_up"), std::optional<bool>(false));
  EXPECT_EQ(LastAudit("supervisor_n").action, "recorded_quality_call");
  EXPECT_EQ(LastAudit("supervisor_n").crime, "Q/1");

  // Answered is final but for correcting the answers; declined is final.
  EXPECT_FALSE(RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, no_answer, problems));
  problems.clear();
  auto corrected = Answered();
  corrected.stages[2] = "2";
  ASSERT_TRUE(RecordQualityCallAs(s_, As("supervisor_n"), list, at_q1, corrected, problems));
  EXPECT_EQ(s_.quality.SurveyResponses(kWeek, kWeek).at(0).stages[2], 2);
  const int other = 3 - at_q1;
  QualityCallAnswers declined;
  declined.outcome = "declined";
  ASSERT_TRUE(RecordQualityCallAs(s_, As("supervisor_n"), list, other, declined, problems));
  EXPECT_FALSE(RecordQualityCallAs(s_, As("supervisor_n"), list, other, Answered(), problems));
  EXPECT_EQ(RecordQualityCallAs(s_, As("supervisor_n"), list, 3, declined, problems).error().code,
            ErrorCode::kNotFound);
}

TEST_F(Quality, CommentsGoToTheUnitsSupervisorsAndAnalystsOnly) {
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  std::vector<std::string> problems;
  for (const auto& t : drawn->targets) {
    auto answers = Answered();
    if (t.call.crime == "Q/2") answers.comments.clear();  // answered without a comment
    ASSERT_TRUE(
        RecordQualityCallAs(s_, As("supervisor_n"), drawn->list.id, t.position, answers, problems));
  }
  EXPECT_EQ(s_.quality.SurveyResponses(kWeek, kWeek).size(), 2u);
  const auto own = CommentsAs(s_, As("supervisor_n"), "N1", kWeek, kWeek);
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 1u) << "only responses with a comment";
  EXPECT_EQ(own->at(0).crime, "Q/1");
  EXPECT_EQ(LastAudit("supervisor_n").action, "viewed_survey_comments");
  EXPECT_EQ(RecentCommentCount(s_, "N1"), 1u);
  EXPECT_EQ(RecentCommentCount(s_, "S1"), 0u);
  EXPECT_TRUE(CommentsAs(s_, As("analyst"), "", kWeek, kWeek));
  EXPECT_EQ(CommentsAs(s_, As("analyst"), "S1", kWeek, kWeek)->size(), 0u);
  for (const auto& [who, unit] : {std::pair{"supervisor_s", "N1"}, std::pair{"supervisor_n", ""},
                                  std::pair{"officer_n", "N1"}}) {
    const auto refused = CommentsAs(s_, As(who), unit, kWeek, kWeek);
    ASSERT_FALSE(refused) << who;
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(LastAudit(who).action, "denied_survey_comments");
  }
}

TEST_F(Quality, ADateOfBirthCorrectedLaterStillKeepsAChildOffTheList) {
  Import(
      R"({"id":"a11","type":"person.details_changed","crime":"Q/1","at":"2025-02-01T10:00:00Z","person":"V1","date_of_birth":"2013-04-01"})"
      "\n",
      "2025-03-03T09:00:00Z");
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  ASSERT_EQ(drawn->targets.size(), 1u);
  EXPECT_EQ(drawn->targets[0].call.crime, "Q/2") << "Q/1's V1 is 11";
  EXPECT_EQ(drawn->left_out.at("under 16"), 2u);
  // Only this week's list is drawn.
  EXPECT_EQ(DrawCallListAs(s_, As("supervisor_n2"), kWeek.AddDays(7)).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(DrawCallListAs(s_, As("supervisor_n2"), kWeek.AddDays(-7)).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(Quality, CorrectingAnAnsweredCallKeepsTheDayItWasAnswered) {
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  std::vector<std::string> problems;
  ASSERT_TRUE(RecordQualityCallAs(s_, As("supervisor_n"), drawn->list.id, 1, Answered(), problems));
  clock_.Advance(40LL * 86400 * 1000);  // in April
  auto corrected = Answered();
  corrected.stages[0] = "7";
  const auto again =
      RecordQualityCallAs(s_, As("supervisor_n"), drawn->list.id, 1, corrected, problems);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->attempts, 1) << "a correction is not another call";
  const auto held = s_.quality.SurveyResponses(kWeek, kWeek.AddDays(60));
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].interviewed_on, kWeek);
  EXPECT_EQ(held[0].stages[0], 7);
  EXPECT_EQ(core::TruncateCharacters("ŵŵŵ", 2), "ŵŵ") << "never half a character";
  EXPECT_EQ(core::TruncateCharacters("ab", 5), "ab");
}

TEST_F(Quality, APhoneMarkedUnsafeAfterTheDrawIsNeverShownOrCalled) {
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  Import(
      R"({"id":"a10","type":"contract.agreed","crime":"Q/1","at":"2025-03-03T09:30:00Z","person":"V1","wants_updates":true,"channel":"letter","safe_to_contact":{"phone":false}})"
      "\n",
      "2025-03-03T10:00:00Z");
  const auto shown = CallListAs(s_, As("supervisor_n"), kWeek);
  ASSERT_TRUE(shown && *shown);
  int at_q1 = 0;
  for (const auto& t : (*shown)->targets)
    if (t.call.crime == "Q/1") {
      at_q1 = t.position;
      EXPECT_TRUE(t.phone.empty());
    }
  std::vector<std::string> problems;
  EXPECT_FALSE(
      RecordQualityCallAs(s_, As("supervisor_n"), (*shown)->list.id, at_q1, Answered(), problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("Do not call"), std::string::npos);
}

TEST_F(Quality, AReviewsFindingsBecomeAnActionOnTheBcusPlan) {
  const auto sample = DrawDipSample(s_, As("supervisor_n"), {"N1", "2025-01", 2, 11});
  ASSERT_TRUE(sample) << sample.error().message;
  DipSampleReviewRequest review{sample->id, "Q/1", {}, "No update for five weeks."};
  for (const auto& item : DipSampleRubric()) review.answers[item.key] = "yes";
  review.answers["updates"] = "no";
  std::vector<std::string> problems;
  ASSERT_TRUE(ReviewDipSampleCaseAs(s_, As("supervisor_n"), review, problems)) << problems[0];

  ActionRequest request;
  request.action = "Brief the team on monthly updates";
  request.owner = "Sgt Jones";
  request.due = "2025-04-01";
  EXPECT_EQ(
      RaiseActionFromReviewAs(s_, As("supervisor_s"), sample->id, "Q/1", request).error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(
      RaiseActionFromReviewAs(s_, As("supervisor_n"), sample->id, "Q/2", request).error().code,
      ErrorCode::kNotFound)
      << "a case not reviewed";
  auto unowned = request;
  unowned.owner.clear();
  const auto refused = RaiseActionFromReviewAs(s_, As("supervisor_n"), sample->id, "Q/1", unowned);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("owner"), std::string::npos);
  EXPECT_TRUE(s_.assessments.Actions("North BCU").empty()) << "nothing stored";

  const auto raised = RaiseActionFromReviewAs(s_, As("supervisor_n"), sample->id, "Q/1", request);
  ASSERT_TRUE(raised) << raised.error().message;
  const auto plan = s_.assessments.Actions("North BCU");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].id, *raised);
  EXPECT_EQ(plan[0].indicator, "6.1");
  EXPECT_EQ(plan[0].status, "not_started");
  EXPECT_EQ(plan[0].action, fmt::format("Brief the team on monthly updates (from the dip-sample "
                                        "review of Q/1, sample {})",
                                        sample->id));
  EXPECT_EQ(LastAudit("supervisor_n").action, "raised_action_from_review");
  EXPECT_EQ(LastAudit("supervisor_n").crime, "Q/1");
}

TEST_F(Quality, FindingsReachTheOfficerInADailyDigestAtTheirShiftsStartAndNeverOnLeave) {
  auto officer = *stores_.accounts->FindUser("officer_n");
  officer.full_name = "Sarah Ahmed";
  officer.email = "sarah.ahmed@police.example";
  ASSERT_TRUE(stores_.accounts->UpdateUser(officer));
  auto sergeant = *stores_.accounts->FindUser("supervisor_n");
  sergeant.full_name = "Tom Jones";
  sergeant.collar = "PS 2001";
  ASSERT_TRUE(stores_.accounts->UpdateUser(sergeant));
  const auto at = [](const char* rfc3339) { return *core::ParseRfc3339(rfc3339); };
  const auto sample = DrawDipSample(s_, As("supervisor_n"), {"N1", "2025-01", 2, 11});
  ASSERT_TRUE(sample) << sample.error().message;
  const auto review = [&](const std::string& crime, const std::string& updates,
                          const std::string& findings) {
    DipSampleReviewRequest r{sample->id, crime, {}, findings};
    for (const auto& item : DipSampleRubric()) r.answers[item.key] = "yes";
    r.answers["updates"] = updates;
    std::vector<std::string> problems;
    ASSERT_TRUE(ReviewDipSampleCaseAs(s_, As("supervisor_n"), r, problems)) << problems[0];
  };
  const auto outbox = [&] {
    return s_.cases.OutboxWithStatus(domain::OutboxStatus::kCreated, {}, 100);
  };

  s_.cases.SetSetting("staff_url", "https://cf.police.example/");
  // Monday: a review at 06:00; the officer's shift starts at 10:00, and the digest waits for it.
  clock_.Set(at("2025-03-03T06:00:00Z"));
  review("Q/1", "no", "No update for five weeks <b>at all</b>.");
  ASSERT_NO_THROW(stores_.accounts->AddShifts(
      {{0, "officer_n", "2025-03-03T10:00", "2025-03-03T18:00"}}, "supervisor_n"));
  clock_.Set(at("2025-03-03T07:30:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u) << "not before the shift starts";
  clock_.Set(at("2025-03-03T10:05:00Z"));
  auto run = SendFindingsDigests(s_);
  EXPECT_EQ(run.sent, 1u);
  EXPECT_EQ(run.reviews, 1u);
  auto queued = outbox();
  ASSERT_EQ(queued.size(), 1u);
  const auto first = queued[0];
  EXPECT_EQ(first.recipient, "sarah.ahmed@police.example");
  EXPECT_EQ(first.template_id, "findings_digest");
  EXPECT_EQ(first.crime, "");
  EXPECT_EQ(first.subject, "1 of your cases was reviewed in a dip sample");
  EXPECT_NE(first.body_text.find("Hello Sarah Ahmed,"), std::string::npos);
  EXPECT_NE(
      first.body_text.find("Q/1: 86% of the checks met. Reviewed by Tom Jones (PS 2001) on 3 Mar "
                           "2025."),
      std::string::npos)
      << first.body_text;
  EXPECT_NE(first.body_text.find("To improve: Updates on time, and of good quality (not done)."),
            std::string::npos);
  EXPECT_NE(first.body_text.find("Findings: No update for five weeks <b>at all</b>."),
            std::string::npos);
  EXPECT_NE(first.body_text.find("https://cf.police.example/cases/Q%2F1"), std::string::npos);
  EXPECT_NE(first.body_html.find("&lt;b&gt;at all&lt;/b&gt;"), std::string::npos) << "escaped";
  EXPECT_EQ(first.body_html.find("<b>"), std::string::npos);
  EXPECT_EQ(LastAudit("digests").action, "sent_findings_digest");

  // A second review the same day waits for tomorrow: one digest a day.
  clock_.Set(at("2025-03-03T11:00:00Z"));
  review("Q/2", "partly", "One update two days late.");
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u);
  EXPECT_EQ(outbox().size(), 1u);

  // Tuesday and Wednesday on leave: nothing is sent, the findings wait.
  ASSERT_NO_THROW(stores_.accounts->AddLeave(
      {"PC101", core::Date::FromYmd(2025, 3, 4), core::Date::FromYmd(2025, 3, 5), "Annual leave"},
      "supervisor_n"));
  clock_.Set(at("2025-03-04T09:00:00Z"));
  run = SendFindingsDigests(s_);
  EXPECT_EQ(run.sent, 0u);
  EXPECT_EQ(run.on_leave, 1u);

  // Thursday, back, no shift on the rota: from 07:00, only what is new since the last digest.
  clock_.Set(at("2025-03-06T06:59:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u);
  clock_.Set(at("2025-03-06T07:00:00Z"));
  run = SendFindingsDigests(s_);
  EXPECT_EQ(run.sent, 1u);
  EXPECT_EQ(run.reviews, 1u);
  queued = outbox();
  ASSERT_EQ(queued.size(), 2u);
  const auto second = queued[1];
  EXPECT_NE(second.body_text.find("Q/2: 93% of the checks met."), std::string::npos)
      << second.body_text;
  EXPECT_NE(second.body_text.find("(partly)"), std::string::npos);
  EXPECT_NE(second.body_text.find("Findings: One update two days late."), std::string::npos);
  EXPECT_EQ(second.body_text.find("Q/1"), std::string::npos) << "sent already";
  clock_.Set(at("2025-03-07T08:00:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u) << "nothing new";

  // Sent over SMTP, as any email; being for staff, it tells no victim anything.
  const size_t events_before = static_cast<size_t>(s_.cases.EventCount());
  SmtpSink sink(FreePort(), ::testing::TempDir() + "cf_digest_" + std::to_string(::getpid()));
  DispatchOptions options;
  options.smtp.url = sink.url();
  options.smtp.timeout_seconds = 5;
  const auto sent =
      DispatchOutbox(s_.cases, s_.engine, s_.library, options, [this] { return clock_.Now(); });
  EXPECT_EQ(sent.sent, 2u);
  EXPECT_EQ(sink.Stored(), 2u);
  const std::string mail = sink.Read(second.idempotency_key);
  EXPECT_NE(mail.find("To: <sarah.ahmed@police.example>"), std::string::npos) << mail;
  EXPECT_EQ(static_cast<size_t>(s_.cases.EventCount()), events_before) << "no contact recorded";
  EXPECT_TRUE(outbox().empty());

  // A night shift: the digest goes at 22:00, and not again at midnight on the same shift.
  ASSERT_NO_THROW(stores_.accounts->AddShifts(
      {{0, "officer_n", "2025-03-10T22:00", "2025-03-11T06:00"}}, "supervisor_n"));
  clock_.Set(at("2025-03-10T08:00:00Z"));
  review("Q/1", "yes", "");
  clock_.Set(at("2025-03-10T21:00:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u) << "before the night shift";
  clock_.Set(at("2025-03-10T22:01:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 1u);
  clock_.Set(at("2025-03-11T00:05:00Z"));
  review("Q/2", "yes", "");
  clock_.Set(at("2025-03-11T00:10:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 0u) << "the shift began yesterday: from 07:00";
  clock_.Set(at("2025-03-11T07:00:00Z"));
  EXPECT_EQ(SendFindingsDigests(s_).sent, 1u);

  // An officer without an email address is counted, never sent to.
  officer.email.clear();
  ASSERT_TRUE(stores_.accounts->UpdateUser(officer));
  clock_.Set(at("2025-03-12T08:00:00Z"));
  review("Q/1", "partly", "Still no needs assessment.");
  run = SendFindingsDigests(s_);
  EXPECT_EQ(run.sent, 0u);
  EXPECT_EQ(run.no_email, 1u);
}

TEST_F(Quality, MeasuresAreRolledUpByMonthAndUnitAndReadByBcu) {
  const auto drawn = DrawCallListAs(s_, As("supervisor_n"), kWeek, 7);
  ASSERT_TRUE(drawn);
  std::vector<std::string> problems;
  ASSERT_TRUE(RecordQualityCallAs(s_, As("supervisor_n"), drawn->list.id, 1, Answered(), problems));
  const auto sample = DrawDipSample(s_, As("supervisor_n"), {"N1", "2025-01", 2, 11});
  ASSERT_TRUE(sample);
  DipSampleReviewRequest review{sample->id, sample->cases[0].crime, {}, "Late."};
  for (const auto& item : DipSampleRubric()) review.answers[item.key] = "yes";
  review.answers["updates"] = "partly";
  ASSERT_TRUE(ReviewDipSampleCaseAs(s_, As("supervisor_n"), review, problems));

  EXPECT_EQ(RefreshMeasures(s_, "2025-03", "2025-01").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RefreshMeasures(s_, "2023-01", "2025-03").error().code, ErrorCode::kInvalidArgument)
      << "more than 24 months";
  const auto stored = RefreshMeasures(s_, "2025-01", "2025-03");
  ASSERT_TRUE(stored) << stored.error().message;
  std::map<std::string, std::pair<double, double>> held;  // month|measure -> counts of N1
  for (const auto& r : s_.quality.Measures("2025-01", "2025-03"))
    if (r.unit == "N1") held[r.month + "|" + r.measure] = {r.numerator, r.denominator};
  // Q/1's five victims and Q/2's two, recorded in January: none flagged, none assessed.
  EXPECT_EQ(held["2025-01|vi_identified"], std::pair(0.0, 7.0));
  EXPECT_EQ(held["2025-01|needs_assessed"], std::pair(0.0, 7.0));
  // The call in March: kept informed 5 (dissatisfied), whole experience 3 (satisfied).
  EXPECT_EQ(held["2025-03|satisfaction_follow_up"], std::pair(0.0, 1.0));
  EXPECT_EQ(held["2025-03|satisfaction_whole_experience"], std::pair(1.0, 1.0));
  EXPECT_FALSE(held.contains("2025-03|satisfaction_treatment")) << "don't know is not counted";
  const int score = RubricScore(review.answers);
  EXPECT_EQ(held["2025-03|dip_sample_score"], std::pair(double(score), 100.0));
  EXPECT_TRUE(held.contains("2025-01|code_on_time") || held.contains("2025-02|code_on_time"));
  EXPECT_EQ(s_.quality.MeasuresRefreshedAt("2025-02"), "2025-03-03T09:00:00Z");

  const auto by_bcu = MeasuresAs(s_, As("supervisor_n"), "vi_identified", "bcu", "2025-03", 3);
  ASSERT_TRUE(by_bcu) << by_bcu.error().message;
  EXPECT_EQ(by_bcu->months, (std::vector<std::string>{"2025-01", "2025-02", "2025-03"}));
  ASSERT_EQ(by_bcu->series.size(), 1u);
  EXPECT_EQ(by_bcu->series[0].group, "North BCU");
  EXPECT_EQ(by_bcu->series[0].Rate(0), std::optional(0.0));
  EXPECT_EQ(by_bcu->series[0].denominator[1], 1) << "Q/3's victim, recorded in February";
  EXPECT_FALSE(by_bcu->series[0].Rate(2)) << "no case recorded in March";
  EXPECT_EQ(LastAudit("supervisor_n").action, "viewed_measures");
  EXPECT_EQ(MeasuresAs(s_, As("officer_n"), "vi_identified", "bcu", "2025-03").error().code,
            ErrorCode::kPermissionDenied);
  // Satisfaction by unit and month can tell one victim's answers: analysts and admins only.
  EXPECT_EQ(
      MeasuresAs(s_, As("supervisor_n"), "satisfaction_follow_up", "unit", "2025-03").error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_TRUE(MeasuresAs(s_, As("analyst"), "satisfaction_follow_up", "unit", "2025-03"));
  const auto sergeants = MeasuresFileAs(s_, As("supervisor_n"), "unit", "2025-03", "csv", 3);
  ASSERT_TRUE(sergeants);
  EXPECT_EQ(sergeants->body.find("satisfaction_"), std::string::npos);
  EXPECT_EQ(MeasuresAs(s_, As("analyst"), "no_such", "bcu", "2025-03").error().code,
            ErrorCode::kInvalidArgument);
  const auto csv = MeasuresFileAs(s_, As("analyst"), "force", "2025-03", "csv", 3);
  ASSERT_TRUE(csv);
  EXPECT_NE(csv->body.find("2025-01,Force,vi_identified,0,7,0.0000\r\n"), std::string::npos)
      << csv->body;
  const auto xlsx = MeasuresFileAs(s_, As("analyst"), "force", "2025-03", "xlsx", 3);
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK") << "a zip: an Excel workbook";
  EXPECT_EQ(xlsx->filename, "measures-force-to-2025-03.xlsx");
  const auto pdf = MeasuresFileAs(s_, As("analyst"), "bcu", "2025-03", "pdf");
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->filename, "measures-bcu-2025-03.pdf");
  EXPECT_EQ(MeasuresFileAs(s_, As("analyst"), "force", "2025-03", "doc").error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cf::app

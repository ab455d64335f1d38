// Issue 17's casework use cases over the in-memory stores and a fake clock: local policies'
// reminder days on the queue, and the digests that take each officer's shift and each
// sergeant's team's red items to them by email (sent through a real SMTP server, aiosmtpd),
// never to anyone on leave.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "app/digests.hpp"
#include "app/drafts.hpp"
#include "app/force_settings.hpp"
#include "app/import.hpp"
#include "app/outbox.hpp"
#include "app/work_queue.hpp"
#include "support/memory_services.hpp"
#include "support/smtp_sink.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

// Under West Mercia's policy (first update by day 7, reminder on day 5): C/1, recorded on
// Wednesday 26 February 2025, has its first update due on 5 March and its reminder on 3 March;
// C/2, recorded in January, is long overdue (red).
constexpr const char* kCases =
    R"({"id":"a1","type":"crime.recorded","crime":"C/1","at":"2025-02-26T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"a2","type":"person.added","crime":"C/1","at":"2025-02-26T10:00:00Z","person":"V1","role":"victim","name":{"given":"Grace","family":"Okafor"}}
{"id":"a3","type":"referral.opted_out","crime":"C/1","at":"2025-02-26T10:00:00Z","person":"V1"}
{"id":"a4","type":"information.given","crime":"C/1","at":"2025-02-26T10:00:00Z","person":"V1","item":"victims_of_crime_leaflet"}
{"id":"b1","type":"crime.recorded","crime":"C/2","at":"2025-01-06T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"b2","type":"person.added","crime":"C/2","at":"2025-01-06T10:00:00Z","person":"V1","role":"victim","name":{"given":"Amir","family":"Hassan"}}
)";

class Casework : public MemoryServicesTest {
 protected:
  Casework() : MemoryServicesTest(*core::ParseRfc3339("2025-03-03T06:00:00Z")) {}
  void SetUp() override {
    auto officer = StaffUser("officer_n", "officer", "N1", "PC101");
    officer.full_name = "Sarah Ahmed";
    officer.collar = "PC 101";
    officer.email = "sarah.ahmed@police.example";
    ASSERT_TRUE(stores_.accounts->AddUser(officer));
    auto sergeant = StaffUser("supervisor_n", "supervisor", "N1", "SGT1");
    sergeant.full_name = "Tom Jones";
    sergeant.collar = "PS 2001";
    sergeant.email = "tom.jones@police.example";
    ASSERT_TRUE(stores_.accounts->AddUser(sergeant));
    s_.cases.SetSetting("policy", "west-mercia");
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T06:00:00Z";
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, kCases, options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  void At(const char* rfc3339) { clock_.Set(*core::ParseRfc3339(rfc3339)); }
  std::vector<storage::OutboxMessage> Queued() {
    return s_.cases.OutboxWithStatus(domain::OutboxStatus::kCreated, {}, 100);
  }
};

TEST_F(Casework, APolicysReminderDayShowsOnTheQueueBeforeTheDeadline) {
  const auto list = Due(s_.cases, s_.engine, s_.library, storage::Scope{"PC101", ""},
                        core::Date::FromYmd(2025, 3, 3), 0);
  bool reminded = false;
  for (const auto& i : list.items) {
    if (i.row.crime != "C/1" || i.row.duty != "periodic_update") continue;
    EXPECT_EQ(i.row.remind_on, core::Date::FromYmd(2025, 3, 3));
    EXPECT_EQ(i.row.deadline, core::Date::FromYmd(2025, 3, 5));
    reminded = IsReminder(i, core::Date::FromYmd(2025, 3, 3));
    EXPECT_FALSE(IsReminder(i, core::Date::FromYmd(2025, 3, 2))) << "not before its day";
    EXPECT_NE(DueListJson(list, core::Date::FromYmd(2025, 3, 3)).find(R"("reminder":true)"),
              std::string::npos);
  }
  EXPECT_TRUE(reminded);
}

TEST_F(Casework, EachShiftStartsWithADigestOfWhatFallsDueInItAndNoneOnLeave) {
  s_.cases.SetSetting("staff_url", "https://cf.police.example");
  ASSERT_NO_THROW(
      stores_.accounts->AddShifts({{0, "officer_n", "2025-03-03T10:00", "2025-03-03T18:00"},
                                   {0, "officer_n", "2025-03-04T07:00", "2025-03-04T15:00"},
                                   {0, "officer_n", "2025-03-05T22:00", "2025-03-06T06:00"}},
                                  "supervisor_n"));
  At("2025-03-03T09:59:00Z");
  EXPECT_EQ(SendShiftDigests(s_).sent, 0u) << "not before the shift starts";
  At("2025-03-03T10:05:00Z");
  auto run = SendShiftDigests(s_);
  ASSERT_EQ(run.sent, 1u);
  auto queued = Queued();
  ASSERT_EQ(queued.size(), 1u);
  const auto digest = queued[0];
  EXPECT_EQ(digest.template_id, "shift_digest");
  EXPECT_EQ(digest.recipient, "sarah.ahmed@police.example");
  EXPECT_EQ(digest.crime, "");
  EXPECT_EQ(digest.subject,
            fmt::format("Your shift: {} overdue, {} to do in all", run.items - 1, run.items));
  const std::string& text = digest.body_text;
  EXPECT_NE(text.find("Your shift starts at 10am on Monday 3 March 2025 and ends at 6pm."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Reminder: C/1, V1: "), std::string::npos) << text;
  EXPECT_NE(text.find("(due Wednesday 5 March 2025)"), std::string::npos) << text;
  EXPECT_NE(text.find("Overdue by "), std::string::npos) << text;
  EXPECT_NE(text.find("C/2, V1"), std::string::npos) << text;
  EXPECT_NE(text.find("https://cf.police.example/"), std::string::npos);
  EXPECT_EQ(text.find("Okafor"), std::string::npos) << "no victim's name in an email";
  EXPECT_EQ(text.find("Hassan"), std::string::npos) << "no victim's name in an email";
  EXPECT_EQ(stores_.accounts->AuditLog("digests", "", 1).front().action, "sent_shift_digest");
  At("2025-03-03T12:00:00Z");
  EXPECT_EQ(SendShiftDigests(s_).sent, 0u) << "one digest a shift";

  // Tuesday's shift, on leave: nothing.
  ASSERT_NO_THROW(stores_.accounts->AddLeave(
      {"PC101", core::Date::FromYmd(2025, 3, 4), core::Date::FromYmd(2025, 3, 4), "Annual leave"},
      "supervisor_n"));
  At("2025-03-04T07:30:00Z");
  run = SendShiftDigests(s_);
  EXPECT_EQ(run.sent, 0u);
  EXPECT_EQ(run.on_leave, 1u);
  // Wednesday's night shift: its digest at 22:00, covering what falls due by Thursday.
  At("2025-03-05T21:00:00Z");
  EXPECT_EQ(SendShiftDigests(s_).sent, 0u);
  At("2025-03-05T22:00:00Z");
  EXPECT_EQ(SendShiftDigests(s_).sent, 1u);
  queued = Queued();
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_NE(queued[1].body_text.find("starts at 10pm on Wednesday 5 March 2025 and ends at 6am"),
            std::string::npos)
      << queued[1].body_text;
  At("2025-03-06T00:30:00Z");
  EXPECT_EQ(SendShiftDigests(s_).sent, 0u) << "the night shift began yesterday";

  // Sent over SMTP as any email; for staff, it records no contact with a victim.
  const auto events = s_.cases.EventCount();
  SmtpSink sink(FreePort(), ::testing::TempDir() + "cf_shift_" + std::to_string(::getpid()));
  DispatchOptions options;
  options.smtp.url = sink.url();
  options.smtp.timeout_seconds = 5;
  EXPECT_EQ(
      DispatchOutbox(s_.cases, s_.engine, s_.library, options, [this] { return clock_.Now(); })
          .sent,
      2u);
  EXPECT_EQ(sink.Stored(), 2u);
  const std::string mail = sink.Read(digest.idempotency_key);
  EXPECT_NE(mail.find("To: <sarah.ahmed@police.example>"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Your shift:"), std::string::npos) << mail;
  EXPECT_EQ(s_.cases.EventCount(), events) << "no contact recorded";
}

TEST_F(Casework, EachSergeantHasADailyDigestOfTheTeamsRedItems) {
  At("2025-03-03T06:59:00Z");
  EXPECT_EQ(SendTeamDigests(s_).sent, 0u) << "from 07:00 without a shift";
  At("2025-03-03T07:00:00Z");
  auto run = SendTeamDigests(s_);
  ASSERT_EQ(run.sent, 1u);
  const auto queued = Queued();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].template_id, "team_digest");
  EXPECT_EQ(queued[0].recipient, "tom.jones@police.example");
  EXPECT_EQ(queued[0].subject,
            fmt::format("Your team: {} red item{}", run.items, run.items == 1 ? "" : "s"));
  const std::string& text = queued[0].body_text;
  EXPECT_NE(text.find("your team (unit N1) has"), std::string::npos) << text;
  EXPECT_NE(text.find("Sarah Ahmed (PC 101): "), std::string::npos) << text;
  EXPECT_NE(text.find("C/2, V1"), std::string::npos) << text;
  EXPECT_EQ(text.find("C/1"), std::string::npos) << "C/1 is not red" << text;
  EXPECT_EQ(text.find("Hassan"), std::string::npos) << "no victim's name in an email";
  At("2025-03-03T15:00:00Z");
  EXPECT_EQ(SendTeamDigests(s_).sent, 0u) << "one a day";
  // The sergeant on leave: nothing.
  ASSERT_NO_THROW(stores_.accounts->AddLeave(
      {"SGT1", core::Date::FromYmd(2025, 3, 4), core::Date::FromYmd(2025, 3, 4), "Course"},
      "supervisor_n"));
  At("2025-03-04T08:00:00Z");
  run = SendTeamDigests(s_);
  EXPECT_EQ(run.sent, 0u);
  EXPECT_EQ(run.on_leave, 1u);
  At("2025-03-05T08:00:00Z");
  EXPECT_EQ(SendTeamDigests(s_).sent, 1u) << "back";
}

// D/1: an arrest on 28 February. V1 agreed email, V4 asked (on the MG11) to be phoned and has a
// mobile, V2 is intimidated and agreed text messages, V3 has only an address.
constexpr const char* kDraftCase =
    R"({"id":"d1","type":"crime.recorded","crime":"D/1","at":"2025-02-26T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"d2","type":"person.added","crime":"D/1","at":"2025-02-26T10:00:00Z","person":"V1","role":"victim","name":{"given":"Ana","family":"Silva"},"contact":{"email":"ana@example.org","phone_mobile":"07700 900001"}}
{"id":"d3","type":"person.added","crime":"D/1","at":"2025-02-26T10:00:00Z","person":"V4","role":"victim","name":{"given":"Ben","family":"Cole"},"contact":{"phone_mobile":"07700 900002"}}
{"id":"d4","type":"person.added","crime":"D/1","at":"2025-02-26T10:00:00Z","person":"V2","role":"victim","flags":["intimidated"],"name":{"given":"Cara","family":"Dunn"},"contact":{"phone_mobile":"07700 900003"}}
{"id":"d5","type":"person.added","crime":"D/1","at":"2025-02-26T10:00:00Z","person":"V3","role":"victim","name":{"given":"Dev","family":"Rao"},"contact":{"address":"1 High Street, Leeds","postcode":"LS1 1AA"}}
{"id":"d6","type":"contract.agreed","crime":"D/1","at":"2025-02-26T11:00:00Z","person":"V1","wants_updates":true,"channel":"email"}
{"id":"d7","type":"needs.assessed","crime":"D/1","at":"2025-02-26T11:00:00Z","person":"V4","preferred_contact":"phone"}
{"id":"d8","type":"contract.agreed","crime":"D/1","at":"2025-02-26T11:00:00Z","person":"V2","wants_updates":true,"channel":"sms"}
{"id":"d9","type":"suspect.arrested","crime":"D/1","at":"2025-02-28T10:00:00Z","suspect":"S1"}
)";

TEST_F(Casework, ADraftMeetsTheDutyInThePersonsOwnChannel) {
  ImportOptions options;
  options.source = "test";
  options.now = "2025-03-03T06:00:00Z";
  ASSERT_TRUE(ImportJsonLines(s_.cases, s_.engine, s_.library, kDraftCase, options).written);
  const auto bodies = s_.cases.EventBodies("D/1");
  auto v1 = DraftFor("D/1", bodies, "V1", "arrest");
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->template_id, "arrest");
  EXPECT_EQ(v1->channel, "email");
  EXPECT_EQ(v1->why, "their contact agreement asks for email");
  const auto v4 = DraftFor("D/1", bodies, "V4", "arrest");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->channel, "sms") << "what is on record";
  EXPECT_EQ(v4->prefers, "phone") << "said before sending";
  EXPECT_EQ(DraftFor("D/1", bodies, "V3", "arrest")->channel, "letter");
  EXPECT_EQ(DraftFor("D/1", bodies, "V1", "released_nfa")->template_id, "no_further_action");
  EXPECT_EQ(DraftFor("D/1", bodies, "V1", "periodic_update")->template_id, "periodic_update");
  EXPECT_EQ(DraftFor("D/1", bodies, "V1", "vps_offered").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(DraftFor("D/1", bodies, "X9", "arrest").error().code, core::ErrorCode::kNotFound);
}

TEST_F(Casework, AForcesPolicySendsNamedDutiesWithoutReviewOnceAndNeverPastTheSafetyGate) {
  ImportOptions options;
  options.source = "test";
  options.now = "2025-03-03T06:00:00Z";
  ASSERT_TRUE(ImportJsonLines(s_.cases, s_.engine, s_.library, kDraftCase, options).written);
  EXPECT_EQ(SendDraftsByPolicy(s_).sent, 0u) << "off by default";
  // Admins set it; a policy that names no duty or channel is refused, nothing changed.
  ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("admin", "admin", "HQ", "")));
  const Actor admin{*stores_.accounts->FindUser("admin"), "10.0.0.1"};
  std::vector<std::string> problems;
  EXPECT_FALSE(ChangeSettingsAs(s_, admin, {{"auto_send", "arrest"}}, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "Sent without review: \"arrest\": give the channel after a colon: email, sms or "
            "letter");
  problems.clear();
  EXPECT_FALSE(ChangeSettingsAs(s_, admin, {{"auto_send", "arest:sms"}}, problems));
  problems.clear();
  ASSERT_TRUE(ChangeSettingsAs(s_, admin, {{"auto_send", "arrest:sms, bail:email"}}, problems));

  auto run = SendDraftsByPolicy(s_);
  EXPECT_EQ(run.sent, 1u) << "V4: text messages are their channel";
  EXPECT_EQ(run.held, 1u) << "V2 is intimidated: an officer confirms each message";
  EXPECT_EQ(run.other, 2u) << "V1 by email, V3 by letter: for the officer to check";
  const auto queued = Queued();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].person, "V4");
  EXPECT_EQ(queued[0].channel, "sms");
  EXPECT_EQ(queued[0].template_id, "arrest");
  EXPECT_EQ(queued[0].created_by, "auto-send");
  const auto audit = stores_.accounts->AuditLog("auto-send", "D/1", 1);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "auto_sent_message");
  EXPECT_EQ(audit[0].person, "V4");
  run = SendDraftsByPolicy(s_);
  EXPECT_EQ(run.sent, 0u) << "once: it waits in the outbox to be delivered";
  EXPECT_EQ(Queued().size(), 1u);
}

}  // namespace
}  // namespace cf::app

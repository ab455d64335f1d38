// The portal's way in (app/portal.hpp) on the in-memory repositories and a fake clock:
// invitations, accepting one, signing in and out, lockout and revocation, each audited.
#include "app/portal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "app/address_throttle.hpp"
#include "app/call_backs.hpp"
#include "app/import.hpp"
#include "app/outbox.hpp"
#include "app/portal_alerts.hpp"
#include "app/portal_words.hpp"
#include "app/staff_admin.hpp"
#include "auth/credentials.hpp"
#include "calendar/calendar_loader.hpp"
#include "http/pages.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/memory_services.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using core::ErrorCode;

constexpr core::Instant kMonday0900 = 1740992400000;  // Mon 3 Mar 2025 09:00 UTC
constexpr int64_t kMinute = int64_t{60} * 1000;

constexpr const char* kCases =
    R"({"id":"n1","type":"crime.recorded","crime":"N/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"n2","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"given":"Nia","family":"Hughes"}}
{"id":"n3","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","name":{"given":"Owen","family":"Hughes"}}
{"id":"n4","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"B1","role":"business_contact","name":{"given":"Shop","family":"Manager"}}
{"id":"s1","type":"crime.recorded","crime":"S/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"S1","officer":"PC201"}
{"id":"s2","type":"person.added","crime":"S/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
)";

class Portal : public MemoryServicesTest {
 protected:
  Portal() : MemoryServicesTest(kMonday0900) {}
  void SetUp() override {
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"officer_n", "officer", "N1", "PC101"},
          std::tuple{"officer_s", "officer", "S1", "PC201"},
          std::tuple{"analyst", "analyst", "HQ", "A1"}}) {
      ASSERT_TRUE(stores_.accounts->AddUser(StaffUser(name, role, unit, officer)));
    }
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T09:00:00Z";
    ASSERT_TRUE(ImportJsonLines(s_.cases, s_.engine, s_.library, kCases, options).written);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  // More events, imported as of `now`.
  void Import(const std::string& lines, const std::string& now = "2025-03-03T09:00:00Z") {
    ImportOptions options;
    options.source = "test";
    options.now = now;
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines, options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  storage::AuditEntry LastAudit(const std::string& user) {
    const auto log = stores_.accounts->AuditLog(user, "", 1);
    return log.empty() ? storage::AuditEntry{} : log.front();
  }
  // Invites the person and accepts with `password`: the session's token.
  std::string Enrol(const std::string& crime, const std::string& person,
                    const std::string& password) {
    const auto link = InviteToPortal(s_, As("officer_n"), crime, person);
    EXPECT_TRUE(link) << link.error().message;
    const auto p = PreparePassword(password);
    auto session = AcceptInvitation(s_, link->token, p.hash, p.length, true, "192.0.2.1");
    EXPECT_TRUE(session) << session.error().message;
    return session ? *session : "";
  }
};

TEST_F(Portal, AnInvitationIsForACasesVictimOrWitnessAndOnlyFromWhoMayRecordContacts) {
  EXPECT_EQ(InviteToPortal(s_, As("officer_s"), "N/1/24", "V1").error().code, ErrorCode::kNotFound)
      << "another unit's case answers as a missing one";
  EXPECT_EQ(InviteToPortal(s_, As("analyst"), "N/1/24", "V1").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(InviteToPortal(s_, As("officer_n"), "N/1/24", "V9").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(InviteToPortal(s_, As("officer_n"), "N/1/24", "B1").error().code, ErrorCode::kConflict)
      << "a business contact";
  const auto link = InviteToPortal(s_, As("officer_n"), "N/1/24", "V1");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->expires_at, "2025-03-10T09:00:00Z");
  const auto audit = LastAudit("officer_n");
  EXPECT_EQ(audit.action, "portal_invited");
  EXPECT_EQ(audit.crime, "N/1/24");
  EXPECT_EQ(audit.person, "V1");
  const auto open = OpenInvitation(s_, link->token);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->person, "V1");
  EXPECT_NE(open->token_hash, link->token) << "only the hash is stored";
}

TEST_F(Portal, AnInvitationGoesThroughTheOutboxOnTheirSafeChannelOrIsHandedOver) {
  Import(
      R"({"id":"n5","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"W1","role":"witness","name":{"family":"Evans"},"language":"Welsh","contact":{"email":"evans@example.org","phone_mobile":"07700900123"}}
{"id":"n6","type":"contract.agreed","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"W1","wants_updates":true,"channel":"email","safe_to_contact":{"email":false}}
{"id":"n7","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"W2","role":"witness","flags":["intimidated"],"contact":{"email":"w2@example.org"}}
)");
  // The agreed channel (email) is not safe: the next one with an address, in Welsh.
  const auto sms = InviteToPortal(s_, As("officer_n"), "N/1/24", "W1");
  ASSERT_TRUE(sms) << sms.error().message;
  EXPECT_EQ(sms->channel, "sms");
  const auto m = s_.cases.Outbox(sms->outbox_id);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->template_id, "portal_invitation");
  EXPECT_EQ(m->recipient, "07700900123");
  EXPECT_EQ(m->lang, "cy");
  EXPECT_NE(m->body_text.find(sms->url), std::string::npos) << m->body_text;
  EXPECT_NE(m->body_text.find("erbyn 9yb ar Dydd Llun 10 Mawrth 2025"), std::string::npos)
      << m->body_text;
  EXPECT_EQ(LastAudit("officer_n").detail, "sent by sms");
  // An intimidated witness: the gate holds it, so nothing is queued and the officer is told.
  const auto held = InviteToPortal(s_, As("officer_n"), "N/1/24", "W2");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->channel, "");
  EXPECT_EQ(held->outbox_id, 0);
  EXPECT_EQ(held->not_sent, "W2 is flagged intimidated: an officer must confirm each message.");
  EXPECT_TRUE(OpenInvitation(s_, held->token)) << "the link still works, handed over";
  // Nobody to send to: no address at all.
  const auto none = InviteToPortal(s_, As("officer_n"), "N/1/24", "V2");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->channel, "");
  EXPECT_NE(none->not_sent.find("no email address, mobile number or postal address"),
            std::string::npos);
  EXPECT_EQ(s_.cases.CaseOutbox("N/1/24").size(), 1u);
}

TEST_F(Portal, ALinkIsUsedOnceAndALaterOneOrItsAgeEndsIt) {
  const auto first = InviteToPortal(s_, As("officer_n"), "N/1/24", "V1");
  const auto second = InviteToPortal(s_, As("officer_n"), "N/1/24", "V1");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(OpenInvitation(s_, first->token)) << "re-inviting ends the earlier link";
  const auto p = PreparePassword("three remembered words");
  EXPECT_EQ(AcceptInvitation(s_, first->token, p.hash, p.length, true, "x").error().code,
            ErrorCode::kNotFound);
  // A short password or two that differ are refused and leave the link open.
  const auto short_one = PreparePassword("short");
  EXPECT_EQ(
      AcceptInvitation(s_, second->token, short_one.hash, short_one.length, true, "x").error().code,
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(AcceptInvitation(s_, second->token, p.hash, p.length, false, "x").error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(AcceptInvitation(s_, second->token, p.hash, p.length, true, "x"));
  EXPECT_EQ(AcceptInvitation(s_, second->token, p.hash, p.length, true, "x").error().code,
            ErrorCode::kNotFound)
      << "used";
  const auto third = InviteToPortal(s_, As("officer_n"), "N/1/24", "V2");
  ASSERT_TRUE(third);
  clock_.Advance(int64_t{7} * 24 * 60 * kMinute);
  EXPECT_FALSE(OpenInvitation(s_, third->token)) << "a week old";
  EXPECT_FALSE(OpenInvitation(s_, "cf_not-a-token"));
}

TEST_F(Portal, EachPersonOfACaseSignsInToTheirOwnAccount) {
  const std::string v1 = Enrol("N/1/24", "V1", "nia's own password");
  const std::string v2 = Enrol("N/1/24", "V2", "owen's own password");
  const auto s1 = PortalSessionFor(s_, v1);
  ASSERT_TRUE(s1);
  EXPECT_EQ(s1->account.person, "V1");
  const auto signed_in = PortalSignIn(s_, "N/1/24", "owen's own password", "192.0.2.2");
  ASSERT_TRUE(signed_in);
  const auto s2 = PortalSessionFor(s_, *signed_in);
  ASSERT_TRUE(s2);
  EXPECT_EQ(s2->account.person, "V2");
  EXPECT_EQ(s2->account.crime, "N/1/24");
  EXPECT_EQ(PortalSignIn(s_, "S/1/24", "owen's own password", "x").error().code,
            ErrorCode::kUnauthenticated)
      << "a password opens its own case only";
  const auto audit = LastAudit("portal");
  EXPECT_EQ(audit.action, "portal_sign_in_failed");
  EXPECT_EQ(audit.crime, "") << "an unknown reference is not written down";
}

TEST_F(Portal, EveryRefusalSaysTheSameAndWrongPasswordsLockTheCaseWithBackOff) {
  Enrol("N/1/24", "V1", "nia's own password");
  const auto unknown = PortalSignIn(s_, "N/9/99", "nia's own password", "x");
  const auto wrong = PortalSignIn(s_, "N/1/24", "a wrong password", "x");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "a wrong password", "x"));
  EXPECT_EQ(LastAudit("portal").detail, "wrong password");
  EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "a wrong password", "x"));
  EXPECT_EQ(LastAudit("portal").detail, "wrong password; locked");
  const auto locked = PortalSignIn(s_, "N/1/24", "nia's own password", "x");
  ASSERT_FALSE(locked) << "the right password while locked";
  EXPECT_EQ(locked.error().message, wrong.error().message);
  EXPECT_EQ(LastAudit("portal").action, "portal_sign_in_refused");
  clock_.Advance(15 * kMinute);
  // The lock has run out; five more wrong ones lock it for twice as long.
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "a wrong password", "x"));
  clock_.Advance(29 * kMinute);
  EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "nia's own password", "x"));
  clock_.Advance(1 * kMinute);
  ASSERT_TRUE(PortalSignIn(s_, "N/1/24", "nia's own password", "x"));
  EXPECT_EQ(stores_.portal->FindAccount("N/1/24", "V1")->failed_sign_ins, 0);
}

TEST_F(Portal, OnePersonOfACaseCannotKeepGuessingAnothersPassword) {
  Enrol("N/1/24", "V1", "nia's own password");
  Enrol("N/1/24", "V2", "owen's own password");
  // Owen tries four guesses at Nia's, then signs in as himself: only his count starts again.
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "nia's guessed pw", "x"));
  ASSERT_TRUE(PortalSignIn(s_, "N/1/24", "owen's own password", "x"));
  EXPECT_EQ(stores_.portal->FindAccount("N/1/24", "V1")->failed_sign_ins, 4);
  EXPECT_EQ(stores_.portal->FindAccount("N/1/24", "V2")->failed_sign_ins, 0);
  EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "nia's guessed pw", "x"));
  EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "owen's own password", "x"))
      << "the fifth wrong guess locked the case's accounts, his too";
}

TEST_F(Portal, TwoPeopleWithOnePasswordAreNeitherSignedInAsTheOther) {
  Enrol("N/1/24", "V1", "the same password");
  Enrol("N/1/24", "V2", "the same password");
  const auto r = PortalSignIn(s_, "N/1/24", "the same password", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(LastAudit("portal").detail,
            "two accounts of the case have this password: invite one again");
  EXPECT_EQ(stores_.portal->FindAccount("N/1/24", "V1")->failed_sign_ins, 0);
}

TEST_F(Portal, ASessionEndsWhenIdleOrSignedOutEverywhere) {
  const std::string first = Enrol("N/1/24", "V1", "nia's own password");
  clock_.Advance(29 * kMinute);
  ASSERT_TRUE(PortalSessionFor(s_, first)) << "used: the idle time starts again";
  clock_.Advance(29 * kMinute);
  ASSERT_TRUE(PortalSessionFor(s_, first));
  clock_.Advance(31 * kMinute);
  EXPECT_FALSE(PortalSessionFor(s_, first)) << "idle for 31 minutes";
  // The idle session is deleted; the used invitation stays for kPortalSpentDays.
  EXPECT_EQ(TidyPortal(s_), 1u);
  EXPECT_EQ(TidyPortal(s_), 0u);
  clock_.Advance(int64_t{kPortalSpentDays} * 24 * 60 * kMinute);
  EXPECT_EQ(TidyPortal(s_), 1u) << "the invitation, used a month ago";

  const auto a = PortalSignIn(s_, "N/1/24", "nia's own password", "x");
  const auto b = PortalSignIn(s_, "N/1/24", "nia's own password", "x");
  ASSERT_TRUE(a && b);
  PortalSignOut(s_, *a, /*everywhere=*/false, "x");
  EXPECT_FALSE(PortalSessionFor(s_, *a));
  EXPECT_TRUE(PortalSessionFor(s_, *b));
  const auto c = PortalSignIn(s_, "N/1/24", "nia's own password", "x");
  ASSERT_TRUE(c);
  PortalSignOut(s_, *c, /*everywhere=*/true, "x");
  EXPECT_FALSE(PortalSessionFor(s_, *b));
  EXPECT_FALSE(PortalSessionFor(s_, *c));
  EXPECT_EQ(LastAudit("portal").action, "portal_signed_out_everywhere");
  EXPECT_FALSE(PortalSessionFor(s_, "cf_made-up"));
}

TEST_F(Portal, RevokingEndsTheAccountItsSessionsAndItsLinksUntilANewInvitation) {
  const std::string session = Enrol("N/1/24", "V1", "nia's own password");
  const auto link = InviteToPortal(s_, As("officer_n"), "N/1/24", "V1");
  ASSERT_TRUE(link);
  EXPECT_EQ(RevokePortalAccess(s_, As("officer_s"), "N/1/24", "V1").error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(RevokePortalAccess(s_, As("officer_n"), "N/1/24", "V1"));
  EXPECT_EQ(LastAudit("officer_n").action, "portal_revoked");
  EXPECT_FALSE(PortalSessionFor(s_, session));
  EXPECT_FALSE(OpenInvitation(s_, link->token));
  EXPECT_FALSE(PortalSignIn(s_, "N/1/24", "nia's own password", "x"));
  EXPECT_EQ(RevokePortalAccess(s_, As("officer_n"), "N/1/24", "V1").error().code,
            ErrorCode::kNotFound)
      << "nothing left to end";
  Enrol("N/1/24", "V1", "a brand new password");
  EXPECT_TRUE(PortalSignIn(s_, "N/1/24", "a brand new password", "x"));
}

TEST_F(Portal, ThePersonSeesAnAllowListOfTheirCaseInPlainWordsAndNoNameOrNote) {
  constexpr const char* kMore =
      R"({"id":"n5","type":"suspect.arrested","crime":"N/1/24","at":"2024-12-03T10:00:00Z","suspect":"Darren Vexley"}
{"id":"n6","type":"suspect.bailed","crime":"N/1/24","at":"2024-12-04T10:00:00Z","suspect":"Darren Vexley","conditions":"not to contact Nia Hughes","return_date":"2025-01-10"}
{"id":"n7","type":"contact.made","crime":"N/1/24","at":"2024-12-04T11:00:00Z","person":"V1","channel":"phone","outcome":"spoke","summary":"internal note: neighbour suspects Darren"}
{"id":"n8","type":"court.hearing_set","crime":"N/1/24","at":"2024-12-05T10:00:00Z","court":"Leeds Magistrates' Court","hearing_at":"2025-01-20T09:30:00Z"}
{"id":"n9","type":"case.closed","crime":"N/1/24","at":"2024-12-06T10:00:00Z","outcome":"evidential_difficulties","reason":"DS Smith: victim unreliable"}
)";
  Import(kMore);
  storage::PortalAccount nia;
  nia.crime = "N/1/24";
  nia.person = "V1";
  const auto status = PortalStatusOf(s_, nia);
  ASSERT_TRUE(status);
  std::string all = status->crime + status->crime_type + status->now + status->officer_name;
  std::vector<std::string> words;
  for (const auto& m : status->milestones) {
    words.push_back(m.text);
    all += m.text;
  }
  // NOLINTBEGIN(bugprone-suspicious-missing-comma): sentences split over lines
  EXPECT_EQ(words, (std::vector<std::string>{
                       "We recorded the crime.", "Someone was arrested.",
                       "The person arrested was released on bail, with conditions. Your officer "
                       "will tell you about any conditions that protect you.",
                       "A court hearing was set on Monday 20 January 2025 at 09:30 at Leeds "
                       "Magistrates' Court.",
                       "The case is closed: there was not enough evidence to take it to court."}));
  // NOLINTEND(bugprone-suspicious-missing-comma)
  EXPECT_EQ(status->now, words.back());
  EXPECT_TRUE(status->closed);
  EXPECT_FALSE(status->witness);
  for (const char* secret : {"Darren", "Vexley", "internal note", "unreliable", "Owen"})
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;

  // Staff see the same page for a person of a case they may see, and the view is audited.
  EXPECT_EQ(PortalViewAs(s_, As("officer_s"), "N/1/24", "V1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(PortalViewAs(s_, As("officer_n"), "N/1/24", "V7").error().code, ErrorCode::kNotFound);
  const auto seen = PortalViewAs(s_, As("officer_n"), "N/1/24", "V1");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->milestones.size(), status->milestones.size());
  EXPECT_EQ(LastAudit("officer_n").action, "portal_view");
}

TEST_F(Portal, AWelshReaderSeesTheirCaseAndIsAnsweredInWelsh) {
  Import(
      R"({"id":"w1","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"W1","role":"victim","name":{"family":"Evans"},"language":"Cymraeg"}
{"id":"w2","type":"suspect.arrested","crime":"N/1/24","at":"2024-12-03T10:00:00Z","suspect":"Darren Vexley"}
{"id":"w3","type":"court.hearing_set","crime":"N/1/24","at":"2024-12-05T10:00:00Z","court":"Llys Ynadon Caerdydd","hearing_at":"2025-01-20T09:30:00Z"}
)");
  EXPECT_EQ(PortalRecordedLanguage(s_, "N/1/24", "W1"), "cy");
  EXPECT_EQ(PortalRecordedLanguage(s_, "N/1/24", "V1"), "") << "none recorded";
  storage::PortalAccount evans;
  evans.crime = "N/1/24";
  evans.person = "W1";
  const auto status = PortalStatusOf(s_, evans, "cy");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->lang, "cy");
  EXPECT_EQ(status->crime_type, "Byrgleriaeth");
  EXPECT_EQ(status->responder, "eich swyddog") << "the officer's profile has no name";
  std::vector<std::string> words;
  for (const auto& m : status->milestones) words.push_back(m.text);
  EXPECT_EQ(words, (std::vector<std::string>{
                       "Gwnaethon ni gofnodi'r drosedd.", "Cafodd rhywun ei arestio.",
                       "Cafodd gwrandawiad llys ei drefnu ar gyfer Dydd Llun 20 Ionawr 2025 am "
                       "09:30 yn Llys Ynadon Caerdydd."}));
  // The same case in English for whoever reads it so.
  EXPECT_EQ(PortalStatusOf(s_, evans)->milestones.at(1).text, "Someone was arrested.");
  // No language chosen: their recorded one, else the browser's (the fallback).
  EXPECT_EQ(PortalStatusOf(s_, evans, "", "en")->lang, "cy");
  storage::PortalAccount nia;
  nia.crime = "N/1/24";
  nia.person = "V1";
  EXPECT_EQ(PortalStatusOf(s_, nia, "", "cy")->lang, "cy");
  EXPECT_EQ(PortalStatusOf(s_, nia, "", "en")->lang, "en");
  // Recorded as letters read it: trimmed, and gone once removed.
  Import(
      R"({"id":"w4","type":"person.details_changed","crime":"N/1/24","at":"2024-12-07T10:00:00Z","person":"V1","language":" Welsh "}
{"id":"w5","type":"person.details_changed","crime":"N/1/24","at":"2024-12-07T10:00:00Z","person":"W1","remove":["language"]}
)");
  EXPECT_EQ(PortalRecordedLanguage(s_, "N/1/24", "V1"), "cy");
  EXPECT_EQ(PortalRecordedLanguage(s_, "N/1/24", "W1"), "");
  EXPECT_EQ(PortalStatusOf(s_, evans, "", "en")->lang, "en");
  // What is wrong with what they sent is said in Welsh too.
  const auto problems = ContactChoiceProblems({"", 7, "", {}}, {}, "cy");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].second, "Dewiswch sut hoffech chi i ni roi'r wybodaeth ddiweddaraf i chi");
  const auto refused = AskFromPortal(s_, evans, PortalAsk::kMessage, " ", "192.0.2.1", "cy");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "Ysgrifennwch eich neges");
  EXPECT_EQ(PortalAskDoing(PortalAsk::kCallBack, "cy"), "eich ffonio'n ôl");
  // And an alert's news.
  EXPECT_EQ(
      PortalNewsOf(
          R"({"type":"case.closed","crime":"N/1/24","at":"2024-12-06T10:00:00Z","outcome":"no_suspect"})",
          false, "cy"),
      "Mae'r achos wedi cau: doedden ni ddim yn gallu dod o hyd i bwy a'i gwnaeth.");
}

// The holes a text leaves: {name} for the code, {{name}} for the page.
std::set<std::string> HolesOf(const std::string& text) {
  std::set<std::string> holes;
  for (size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    const size_t close = text.find('}', at);
    if (close == std::string::npos) break;
    holes.insert(text.substr(at, close - at + 1));
    at = close;
  }
  return holes;
}

TEST(PortalWords, EnglishAndWelshHaveTheSameKeysAndHolesAndEveryPageIsWholeInBoth) {
  const auto keys = PortalWordKeys("en");
  ASSERT_GT(keys.size(), 150u);
  EXPECT_EQ(PortalWordKeys("cy"), keys);
  for (const auto& key : keys) {
    const std::string& en = PortalWords("en", key);
    const std::string& cy = PortalWords("cy", key);
    EXPECT_EQ(HolesOf(cy), HolesOf(en)) << key;
    EXPECT_EQ(cy.find("<a ") == std::string::npos, en.find("<a ") == std::string::npos) << key;
    // Each is translated, but for a line of holes alone.
    if (key != "sent.item") {
      EXPECT_NE(cy, en) << key << " is not in Welsh";
    }
  }
  for (const char* page : {"portal_layout", "portal_sign_in", "portal_invitation", "portal_problem",
                           "portal_status"}) {
    for (const char* lang : {"en", "cy"}) {
      const std::string& text = http::PortalTemplate(page, lang);
      EXPECT_EQ(text.find("[["), std::string::npos) << page << " " << lang;
      EXPECT_EQ(text.find("]]"), std::string::npos) << page << " " << lang;
    }
  }
  // Words inside an attribute may not end it.
  for (const char* lang : {"en", "cy"})
    EXPECT_EQ(PortalWords(lang, "layout.languages").find('"'), std::string::npos);
  EXPECT_NE(http::PortalTemplate("portal_status", "cy").find("Beth sydd wedi digwydd"),
            std::string::npos);
  EXPECT_NE(http::PortalTemplate("portal_status", "en").find("What has happened"),
            std::string::npos);
}

TEST(PortalWords, HolesAreFilledTheLanguageIsReadAndAnUnknownKeyIsRefused) {
  EXPECT_EQ(PortalSay("en", "ask.too_long", {{"limit", "1000"}}),
            "Your message must be 1000 characters or fewer");
  EXPECT_EQ(PortalSay("cy", "ask.too_long", {{"limit", "1000"}}),
            "Rhaid i'ch neges fod yn 1000 o nodau neu lai");
  EXPECT_EQ(PortalSay("en", "case.caption", {{"crime", "not this"}}), "Crime reference {{crime}}")
      << "a page's own holes are the page's";
  EXPECT_EQ(PortalSay("en", "officer.shift", {{"date", "{to}"}, {"from", "07:00"}, {"to", "x"}}),
            "{to}, 07:00 to x")
      << "a value is not read for holes";
  EXPECT_THROW(PortalWords("en", "no.such"), std::logic_error);
  EXPECT_EQ(PortalWords("fr", "case.title"), "Your case") << "any other language is English";
  for (const char* welsh : {"cy", "Welsh", "CYMRAEG"}) EXPECT_EQ(PortalLanguage(welsh), "cy");
  for (const char* other : {"", "English", "Polish", "cym"}) EXPECT_EQ(PortalLanguage(other), "en");
  EXPECT_EQ(PortalCrimeType("cy", "Burglary"), "Byrgleriaeth");
  EXPECT_EQ(PortalCrimeType("cy", "Fraud"), "Fraud") << "not one of data.police.uk's: as recorded";
  EXPECT_EQ(PortalCrimeType("en", "Burglary"), "Burglary");
}

TEST_F(Portal, AskingForACallBackPutsItOnTheOfficersQueueInTheirWords) {
  const auto account = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  EXPECT_EQ(
      AskFromPortal(s_, account, PortalAsk::kUpdate, std::string(1001, 'a'), "x").error().code,
      ErrorCode::kInvalidArgument);
  const auto asked =
      AskFromPortal(s_, account, PortalAsk::kCallBack, "Has anyone been caught?", "192.0.2.9");
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->who, "your officer") << "the officer in case, whose profile has no name";
  const auto open = stores_.cases->OpenCallBacks({"PC101", ""}, 10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, asked->call_back);
  EXPECT_EQ(open[0].person, "V1");
  EXPECT_EQ(open[0].raised_by, "portal");
  EXPECT_EQ(open[0].request, "Please call me back (asked on the portal): Has anyone been caught?");
  const auto audit = LastAudit("portal");
  EXPECT_EQ(audit.action, "portal_asked_call_back");
  EXPECT_EQ(audit.person, "V1");
  EXPECT_EQ(audit.source, "192.0.2.9");
}

TEST_F(Portal, AMessageIsDueOnTheQueueByForcePolicyAndTheReplyShowsInTheirThread) {
  const auto account = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  EXPECT_EQ(AskFromPortal(s_, account, PortalAsk::kMessage, "  ", "x").error().message,
            "Write your message");
  const auto asked = AskFromPortal(s_, account, PortalAsk::kMessage,
                                   "Will I have to go to court? <b>Please</b> tell me.", "x");
  ASSERT_TRUE(asked) << asked.error().message;
  const auto open = stores_.cases->OpenCallBacks({"PC101", ""}, 10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, "message");
  EXPECT_EQ(open[0].request,
            "A message on the portal: Will I have to go to court? <b>Please</b> tell me.");
  EXPECT_EQ(LastAudit("portal").action, "portal_asked_message");
  // Due the next working day, or as the force's policy says.
  EXPECT_EQ(CallBackDue(s_.calendar, CallBackWorkingDays(s_.cases), open[0].raised_at),
            *core::Date::Parse("2025-03-04"));
  stores_.cases->SetSetting("call_back_working_days", "5");
  EXPECT_EQ(CallBackDue(s_.calendar, CallBackWorkingDays(s_.cases), open[0].raised_at),
            *core::Date::Parse("2025-03-10"));
  stores_.cases->SetSetting("call_back_working_days", "0");
  EXPECT_EQ(CallBackDue(s_.calendar, CallBackWorkingDays(s_.cases), open[0].raised_at),
            *core::Date::Parse("2025-03-03"));

  // Replies: from whoever records contacts on the case, to a person who uses the portal.
  EXPECT_EQ(ReplyInPortal(s_, As("analyst"), "N/1/24", "V1", "Yes").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ReplyInPortal(s_, As("officer_s"), "N/1/24", "V1", "Yes").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(ReplyInPortal(s_, As("officer_n"), "N/1/24", "V2", "Yes").error().code,
            ErrorCode::kConflict)
      << "V2 has no account";
  EXPECT_EQ(ReplyInPortal(s_, As("officer_n"), "N/1/24", "V1", " ").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReplyInPortal(s_, As("officer_n"), "N/1/24", "V1", std::string(1001, 'a')).error().code,
            ErrorCode::kInvalidArgument);
  clock_.Advance(60 * kMinute);
  auto met = [&] {
    std::vector<std::string> out;
    for (const auto& o : s_.cases.CaseObligations("N/1/24")) {
      if (o.person == "V1" && o.met_at) out.push_back(o.duty);
    }
    return out;
  };
  const auto met_before = met();
  ASSERT_TRUE(ReplyInPortal(s_, As("officer_n"), "N/1/24", "V1",
                            "You may have to. I will tell you as soon as a date is set."));
  auto met_after = met();
  std::erase(met_after, "periodic_update");
  EXPECT_EQ(met_after, met_before) << "a reply is an update, and meets no other duty";
  EXPECT_NE(met().size(), met_before.size()) << "the update is met";
  EXPECT_TRUE(stores_.cases->OpenCallBacks({"PC101", ""}, 10).empty()) << "answered";
  EXPECT_EQ(stores_.cases->CaseCallBacks("N/1/24")[0].outcome, "Replied in the portal");
  const auto audit = LastAudit("officer_n");
  EXPECT_EQ(audit.action, "portal_replied");
  EXPECT_EQ(audit.person, "V1");
  EXPECT_NE(audit.detail.find("not told: no email address, mobile number or postal address"),
            std::string::npos)
      << audit.detail;
  // A contact with V1 on the portal: it informs them.
  bool contact = false;
  for (const auto& body : stores_.cases->EventBodies("N/1/24")) {
    contact |= body.find(R"("type":"contact.made")") != std::string::npos &&
               body.find(R"("channel":"portal")") != std::string::npos &&
               body.find(R"("person":"V1")") != std::string::npos;
  }
  EXPECT_TRUE(contact);
  // With the portal's address set and an email address held, they are told a reply waits.
  stores_.cases->SetSetting("portal_url", "https://track.example.police.uk/");
  Import(
      R"({"id":"n10","type":"person.details_changed","crime":"N/1/24","at":"2025-03-03T09:00:00Z","person":"V1","contact":{"email":"nia@example.org"}})");
  ASSERT_TRUE(ReplyInPortal(s_, As("officer_n"), "N/1/24", "V1", "And a date is now set."));
  EXPECT_NE(LastAudit("officer_n").detail.find("they were told"), std::string::npos);
  std::vector<storage::OutboxMessage> told;
  for (const auto& o : s_.cases.CaseOutbox("N/1/24")) {
    if (o.person == "V1" && o.template_id == "portal_alert") told.push_back(o);
  }
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].channel, "email");
  EXPECT_NE(told[0].body_text.find("Your officer has replied to your message."), std::string::npos);
  EXPECT_NE(told[0].body_text.find("https://track.example.police.uk/sign-in"), std::string::npos);
  EXPECT_EQ(told[0].body_text.find("And a date is now set."), std::string::npos)
      << "what the reply says is read in the portal, not sent";
  const auto status = PortalStatusOf(s_, account);
  ASSERT_TRUE(status);
  ASSERT_EQ(status->thread.size(), 3u);
  EXPECT_TRUE(status->thread[0].from_person);
  EXPECT_EQ(status->thread[0].body, "Will I have to go to court? <b>Please</b> tell me.");
  EXPECT_FALSE(status->thread[1].from_person);
  EXPECT_EQ(status->thread[1].author_name, "")
      << "officer_n's profile has no name, and their sign-in name is never shown: the page "
         "says \"Your officer's team\" in the reader's language";
  // V2's page shows none of V1's thread.
  storage::PortalAccount v2;
  v2.crime = "N/1/24";
  v2.person = "V2";
  EXPECT_TRUE(PortalStatusOf(s_, v2)->thread.empty());
}

TEST_F(Portal, AnUnknownReferenceAWrongPasswordAndALockedAccountTakeTheSameTime) {
  // Enumeration by timing: each refusal checks three Argon2id hashes whatever the cause. Taken
  // in turn (so that the machine's noise falls on all three alike), 20 tries each; the medians
  // must agree within a quarter. One check instead of three would differ threefold, so 20 tell
  // them apart (40 took 80 s of CI's time on two cores, for 360 Argon2id hashes).
  Enrol("N/1/24", "V1", "nia's own password");
  const int64_t locked = stores_.portal->SetPassword(
      "S/1/24", "V1", auth::HashPassword("sam's own password"), "2025-03-03T09:00:00Z");
  const int64_t open = stores_.portal->FindAccount("N/1/24", "V1")->id;
  std::vector<double> unknown, wrong, held;
  auto timed = [&](const std::string& crime, std::vector<double>& into) -> std::string {
    const auto start = std::chrono::steady_clock::now();
    const auto r = PortalSignIn(s_, crime, "not anybody's password", "x");
    into.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return r ? "signed in" : r.error().message;
  };
  for (int i = 0; i < 20; ++i) {
    stores_.portal->SetSignInFailures(open, 0, "");  // never locks: each try a wrong password
    stores_.portal->SetSignInFailures(locked, 5, "2099-01-01T00:00:00Z");
    const std::string a = timed("Z/404/99", unknown);
    const std::string b = timed("N/1/24", wrong);
    const std::string c = timed("S/1/24", held);
    ASSERT_EQ(a, b);
    ASSERT_EQ(b, c);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double m_unknown = median(unknown), m_wrong = median(wrong), m_held = median(held);
  const double low = std::min({m_unknown, m_wrong, m_held});
  const double high = std::max({m_unknown, m_wrong, m_held});
  EXPECT_LT(high / low, 1.25) << "medians: unknown " << m_unknown << " s, wrong " << m_wrong
                              << " s, locked " << m_held << " s";
}

TEST_F(Portal, StoppingUpdatesAndStartingThemAgainChangesTheDuties) {
  const auto account = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  auto status = PortalStatusOf(s_, account);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->wants_updates);
  ASSERT_TRUE(status->next_update) << "a periodic update is owed";
  EXPECT_GE(*status->next_update, clock_.Today()) << "the next one, not a past one";
  ASSERT_TRUE(SetUpdatesWanted(s_, account, false, "192.0.2.5"));
  status = PortalStatusOf(s_, account);
  EXPECT_FALSE(status->wants_updates);
  EXPECT_FALSE(status->next_update) << "opted out: no update is owed";
  EXPECT_TRUE(status->update_late) << "the updates missed before stay missed";
  EXPECT_EQ(LastAudit("portal").action, "portal_updates_stopped");
  const auto bodies = stores_.cases->EventBodies("N/1/24");
  EXPECT_NE(bodies.back().find("\"by\":\"portal\""), std::string::npos) << bodies.back();
  EXPECT_NE(bodies.back().find("\"wants_updates\":false"), std::string::npos);
  ASSERT_TRUE(SetUpdatesWanted(s_, account, true, "192.0.2.5"));
  status = PortalStatusOf(s_, account);
  EXPECT_TRUE(status->wants_updates);
  EXPECT_TRUE(status->next_update);
  EXPECT_EQ(LastAudit("portal").action, "portal_updates_wanted");
}

TEST_F(Portal, ThePersonSeesTheirOfficersNextShiftsAndWhoLooksAfterThemWhileTheyAreAway) {
  auto officer = *stores_.accounts->FindUser("officer_n");  // PC101, the case's officer
  officer.full_name = "Sarah Ahmed";
  officer.collar = "PC 1003";
  ASSERT_TRUE(stores_.accounts->UpdateUser(officer));
  auto cover = StaffUser("tjones", "officer", "N1", "PC105");
  cover.full_name = "Tom Jones";
  cover.collar = "PC 1005";
  ASSERT_TRUE(stores_.accounts->AddUser(cover));
  stores_.accounts->AddShifts({{0, "officer_n", "2025-03-03T07:00", "2025-03-03T17:00"},
                               {0, "officer_n", "2025-03-04T07:00", "2025-03-04T17:00"},
                               {0, "officer_n", "2025-03-05T14:00", "2025-03-05T23:00"},
                               {0, "officer_n", "2025-03-06T07:00", "2025-03-06T17:00"}},
                              "admin");
  storage::PortalAccount nia;
  nia.crime = "N/1/24";
  nia.person = "V1";
  auto status = PortalStatusOf(s_, nia);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->officer_name, "PC 1003 Sarah Ahmed");
  EXPECT_EQ(status->officer_shifts,
            (std::vector<std::string>{"Monday 3 March 2025, 07:00 to 17:00",
                                      "Tuesday 4 March 2025, 07:00 to 17:00",
                                      "Wednesday 5 March 2025, 14:00 to 23:00"}));
  EXPECT_FALSE(status->officer_away_until);
  EXPECT_EQ(status->responder, "PC 1003 Sarah Ahmed");
  // On leave, with a colleague covering: the leave's reason is never said.
  stores_.accounts->AddLeave({"PC101", *core::Date::Parse("2025-03-03"),
                              *core::Date::Parse("2025-03-07"), "sick: flu", 0, "PC105"},
                             "admin");
  status = PortalStatusOf(s_, nia);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->officer_away_until, core::Date::Parse("2025-03-07"));
  EXPECT_EQ(status->responder, "PC 1005 Tom Jones");
}

// The body's portal link ("/alert/<token>"): the token.
std::string AlertToken(const std::string& body) {
  const auto at = body.find("/alert/");
  if (at == std::string::npos) return "";
  const auto end = body.find_first_of(" \n<", at);
  return body.substr(at + 7, end - at - 7);
}

TEST_F(Portal, AKeyEventAlertsEachEnrolledPersonOwedADutyOnceAndOpeningItMeetsTheDuty) {
  Import(
      R"({"id":"a1","type":"crime.recorded","crime":"A/1/25","at":"2025-03-01T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"a2","type":"person.added","crime":"A/1/25","at":"2025-03-01T10:00:00Z","person":"V1","role":"victim","flags":["vulnerable"],"contact":{"email":"v1@example.org"}}
{"id":"a3","type":"person.added","crime":"A/1/25","at":"2025-03-01T10:00:00Z","person":"V2","role":"victim","flags":["intimidated"],"contact":{"email":"v2@example.org"}}
{"id":"a4","type":"person.added","crime":"A/1/25","at":"2025-03-01T10:00:00Z","person":"V3","role":"victim","contact":{"email":"v3@example.org"}}
)",
      "2025-03-03T09:00:00Z");
  EXPECT_EQ(SendPortalAlerts(s_).events, 0u) << "the first run starts at the log's end";
  const auto v1 = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("A/1/25", "V1", "argon", "2025-03-03T09:00:00Z"));
  const auto v2 = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("A/1/25", "V2", "argon", "2025-03-03T09:00:00Z"));
  // An arrest at 09:00 on a Monday: V1 alerted at once, V2 held by the safety gate, V3 (not
  // enrolled) not alerted.
  Import(
      R"({"id":"a5","type":"suspect.arrested","crime":"A/1/25","at":"2025-03-03T08:30:00Z","suspect":"S1"}
)",
      "2025-03-03T09:00:00Z");
  auto first = SendPortalAlerts(s_);
  EXPECT_EQ(first.events, 1u);
  EXPECT_EQ(first.sent, 1u);
  EXPECT_EQ(first.held, 1u);
  const auto held = LastAudit("portal");
  EXPECT_EQ(held.action, "portal_alert_held");
  EXPECT_EQ(held.person, "V2");
  EXPECT_NE(held.detail.find("flagged intimidated"), std::string::npos) << held.detail;
  EXPECT_EQ(SendPortalAlerts(s_).sent, 0u) << "each event once";
  const std::string position = *s_.cases.Setting("portal_alerts_after");
  s_.cases.SetSetting("portal_alerts_after", "0");  // as if a round were run again
  EXPECT_EQ(SendPortalAlerts(s_).sent, 0u) << "each person once per event";
  EXPECT_EQ(*s_.cases.Setting("portal_alerts_after"), position);
  const auto outbox = s_.cases.CaseOutbox("A/1/25");
  ASSERT_EQ(outbox.size(), 1u);
  const auto& m = outbox[0];
  EXPECT_EQ(m.template_id, "portal_alert");
  EXPECT_EQ(m.person, "V1");
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.next_attempt_at, "2025-03-03T09:00:00Z") << "not in quiet hours";
  EXPECT_NE(m.body_text.find("Someone was arrested."), std::string::npos) << m.body_text;
  EXPECT_EQ(m.body_text.find("S1"), std::string::npos);
  const std::string token = AlertToken(m.body_text);
  ASSERT_FALSE(token.empty()) << m.body_text;

  // Opening it: only by the person it was for, once; it meets the arrest duty.
  EXPECT_FALSE(*OpenPortalAlert(s_, v2, token, "x")) << "another person's alert";
  EXPECT_FALSE(*OpenPortalAlert(s_, v1, "cf_nonsense", "x"));
  auto arrest_met = [&] {
    for (const auto& o : s_.cases.CaseObligations("A/1/25")) {
      if (o.person == "V1" && o.duty == "arrest") return o.met_at.has_value();
    }
    return false;
  };
  EXPECT_FALSE(arrest_met());
  EXPECT_TRUE(*OpenPortalAlert(s_, v1, token, "x"));
  EXPECT_TRUE(arrest_met());
  EXPECT_EQ(LastAudit("portal").action, "portal_alert_opened");
  EXPECT_FALSE(*OpenPortalAlert(s_, v1, token, "x")) << "opened once";
  EXPECT_FALSE(*OpenPortalAlert(s_, v1, "cf_nonsense", "x"));
  EXPECT_EQ(LastAudit("portal").action, "portal_alert_refused");

  // At 22:00 a charge waits for the end of quiet hours; a release on bail does not.
  clock_.Advance(13 * 60 * kMinute);
  Import(
      R"({"id":"a6","type":"suspect.charged","crime":"A/1/25","at":"2025-03-03T21:55:00Z","suspect":"S1","charges":"burglary"}
{"id":"a7","type":"suspect.bailed","crime":"A/1/25","at":"2025-03-03T21:56:00Z","suspect":"S1","conditions":"not to contact","return_date":"2025-04-01"}
)",
      "2025-03-03T22:00:00Z");
  EXPECT_EQ(SendPortalAlerts(s_).sent, 2u);
  std::vector<std::string> next;
  for (const auto& o : s_.cases.CaseOutbox("A/1/25")) {
    if (o.body_text.find("Someone was charged.") != std::string::npos)
      next.push_back("charge " + o.next_attempt_at);
    if (o.body_text.find("released on bail") != std::string::npos)
      next.push_back("bail " + o.next_attempt_at);
  }
  std::sort(next.begin(), next.end());
  EXPECT_EQ(next,
            (std::vector<std::string>{"bail 2025-03-03T22:00:00Z", "charge 2025-03-04T08:00:00Z"}));
  for (auto o : s_.cases.CaseOutbox("A/1/25")) {
    EXPECT_EQ(o.body_text.find("not to contact"), std::string::npos) << "staff's words";
    // Delivered at once (the dispatcher's part, here by hand).
    o.status = domain::OutboxStatus::kDelivered;
    o.updated_at = "2025-03-03T22:00:00Z";
    s_.cases.UpdateOutbox(o);
  }

  // V1 is enhanced (vulnerable): alerts unopened by the end of the next working day become a
  // call-back for the officer.
  EXPECT_EQ(SendPortalAlerts(s_).tasks, 0u);
  clock_.Advance(36 * 60 * kMinute);  // Wednesday 10:00
  const auto later = SendPortalAlerts(s_);
  EXPECT_EQ(later.tasks, 2u);
  const auto calls = stores_.cases->OpenCallBacks({"PC101", ""}, 10);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_NE(calls[0].request.find("was not opened within a working day"), std::string::npos);
  EXPECT_EQ(SendPortalAlerts(s_).tasks, 0u) << "once";
}

TEST_F(Portal, OpeningABailAlertLeavesTheConditionsToTheOfficer) {
  Import(
      R"({"id":"b1","type":"crime.recorded","crime":"B/1/25","at":"2025-03-01T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"b2","type":"person.added","crime":"B/1/25","at":"2025-03-01T10:00:00Z","person":"V1","role":"victim","contact":{"email":"v1@example.org"}}
)");
  SendPortalAlerts(s_);  // from here on
  const auto v1 = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("B/1/25", "V1", "argon", "2025-03-03T09:00:00Z"));
  Import(
      R"({"id":"b3","type":"suspect.bailed","crime":"B/1/25","at":"2025-03-03T08:00:00Z","suspect":"S1","conditions":"not to go to Elm Road","return_date":"2025-04-01"}
)");
  ASSERT_EQ(SendPortalAlerts(s_).sent, 1u);
  const auto m = s_.cases.CaseOutbox("B/1/25").at(0);
  EXPECT_EQ(m.body_text.find("Elm Road"), std::string::npos);
  ASSERT_TRUE(*OpenPortalAlert(s_, v1, AlertToken(m.body_text), "x"));
  bool bail = false;
  for (const auto& o : s_.cases.CaseObligations("B/1/25")) {
    if (o.duty == "bail") {
      bail = true;
      EXPECT_FALSE(o.met_at.has_value()) << "the officer tells the conditions";
    }
  }
  EXPECT_TRUE(bail);
}

TEST_F(Portal, APersonChoosesHowAndHowOftenToHearAndWhichWaysAreNotSafe) {
  const auto account = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  using Problems = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(ContactChoiceProblems({"", 0, std::string(101, 'a'), {"pigeon"}}),
            (Problems{{"channel", "Choose how you would like us to keep you updated"},
                      {"frequency", "Choose how often you would like an update"},
                      {"times", "Times that suit you must be 100 characters or fewer"},
                      {"unsafe", "Choose from the ways listed"}}));
  EXPECT_EQ(ContactChoiceProblems({"letter", 14, "", {"letter"}}).at(0).first, "channel")
      << "a way marked not safe cannot be the way to update them";
  EXPECT_TRUE(ContactChoiceProblems({"email", 7, std::string(100, 'w'), {}}).empty());
  std::string welsh;
  for (int i = 0; i < 100; ++i) welsh += "ŵ";
  EXPECT_TRUE(ContactChoiceProblems({"email", 7, welsh, {}}).empty()) << "100 characters";
  EXPECT_EQ(ContactChoiceProblems({"email", 7, welsh + "ŵ", {}}).size(), 1u) << "101";
  EXPECT_EQ(SetContactChoice(s_, account, {"email", 5, "", {}}, "x").error().code,
            ErrorCode::kInvalidArgument);
  const auto first =
      SetContactChoice(s_, account, {"sms", 14, "after 6pm", {"letter", "phone"}}, "x");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->empty());
  const auto status = PortalStatusOf(s_, account);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->contact.channel, "sms");
  EXPECT_EQ(status->contact.frequency_days, 14);
  EXPECT_EQ(status->contact.times, "after 6pm");
  EXPECT_EQ(status->contact.unsafe, (std::set<std::string>{"letter", "phone"}));
  EXPECT_TRUE(status->wants_updates);
  EXPECT_EQ(LastAudit("portal").action, "portal_contact_changed");
  // The outbox's safety gate now refuses a letter to them.
  const auto letter =
      PrepareLetter(s_.cases, s_.accounts, {"N/1/24", "V1", "periodic_update", "en", "", 0});
  ASSERT_TRUE(letter);
  EXPECT_TRUE(letter->LettersUnsafe());
  // Stopping updates keeps what they chose.
  ASSERT_TRUE(SetUpdatesWanted(s_, account, false, "x"));
  EXPECT_EQ(PortalStatusOf(s_, account)->contact.channel, "sms");
  // Whoever is signed in cannot make a way safe again: it stays not safe, cannot be chosen,
  // and asking for it raises a call-back for the officer to check.
  EXPECT_EQ(ContactChoiceProblems({"letter", 14, "", {}}, {"letter"}).at(0).first, "channel");
  EXPECT_EQ(SetContactChoice(s_, account, {"letter", 14, "", {}}, "x").error().code,
            ErrorCode::kInvalidArgument);
  const auto again = SetContactChoice(s_, account, {"email", 7, "", {}}, "x");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, (std::vector<std::string>{"phone", "letter"}));
  EXPECT_EQ(PortalStatusOf(s_, account)->contact.unsafe,
            (std::set<std::string>{"letter", "phone"}));
  EXPECT_EQ(PortalStatusOf(s_, account)->contact.channel, "email");
  const auto calls = stores_.cases->OpenCallBacks({"PC101", ""}, 10);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_NE(calls[0].request.find("contacted again by phone, letter"), std::string::npos)
      << calls[0].request;
  EXPECT_EQ(LastAudit("portal").action, "portal_asked_safe_again");
}

TEST_F(Portal, AVictimMayAskForAReviewWhereTheDecisionAllowsItAndForLettersTheyCanRead) {
  const auto account = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  EXPECT_FALSE(PortalStatusOf(s_, account)->may_ask_review);
  EXPECT_EQ(AskFromPortal(s_, account, PortalAsk::kReview, "", "x").error().code,
            ErrorCode::kInvalidArgument)
      << "no decision to review";
  Import(
      R"({"id":"d1","type":"decision.no_charge","crime":"N/1/24","at":"2025-03-01T10:00:00Z","vrr_eligible":true,"reason":"not enough evidence"}
)");
  EXPECT_TRUE(PortalStatusOf(s_, account)->may_ask_review);
  ASSERT_TRUE(AskFromPortal(s_, account, PortalAsk::kReview, "I think they did it", "x"));
  // The request starts the review's duties, owed to this victim, and is not offered twice.
  std::vector<std::string> review_duties;
  for (const auto& o : stores_.cases->CaseObligations("N/1/24")) {
    if (o.duty.rfind("vrr_", 0) == 0) review_duties.push_back(o.person + " " + o.duty);
  }
  EXPECT_EQ(review_duties, (std::vector<std::string>{"V1 vrr_acknowledgement", "V1 vrr_outcome"}));
  EXPECT_FALSE(PortalStatusOf(s_, account)->may_ask_review) << "asked once";
  EXPECT_EQ(AskFromPortal(s_, account, PortalAsk::kLanguage, " ", "x").error().message,
            "Say which language you would like");
  ASSERT_TRUE(AskFromPortal(s_, account, PortalAsk::kLanguage, "Polish", "x"));
  std::string long_welsh;
  for (int i = 0; i < 1000; ++i) long_welsh += "ŷ";
  EXPECT_TRUE(AskFromPortal(s_, account, PortalAsk::kLanguage, long_welsh, "x"))
      << "1,000 characters of 2 bytes each";
  EXPECT_FALSE(AskFromPortal(s_, account, PortalAsk::kLanguage, long_welsh + "ŷ", "x"));
  ASSERT_TRUE(AskFromPortal(s_, account, PortalAsk::kLargePrint, "", "x"));
  std::vector<std::string> kinds;
  for (const auto& c : stores_.cases->OpenCallBacks({"PC101", ""}, 10)) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"review", "language", "language", "large_print"}));
  EXPECT_EQ(stores_.cases->OpenCallBacks({"PC101", ""}, 10)[0].request,
            "Please review the decision not to charge (the Victims' Right to Review) (asked on "
            "the portal): I think they did it");
  for (const auto ask :
       {PortalAsk::kCallBack, PortalAsk::kUpdate, PortalAsk::kMessage, PortalAsk::kReview,
        PortalAsk::kLargePrint, PortalAsk::kEasyRead, PortalAsk::kLanguage}) {
    EXPECT_EQ(ParsePortalAsk(PortalAskKind(ask)), ask);
  }
  EXPECT_FALSE(ParsePortalAsk("delete_case"));
  // A later charge ends it.
  Import(
      R"({"id":"d2","type":"suspect.charged","crime":"N/1/24","at":"2025-03-02T10:00:00Z","suspect":"S1","charges":"theft"}
)");
  EXPECT_FALSE(PortalStatusOf(s_, account)->may_ask_review);
}

TEST_F(Portal, APersonDownloadsTheLettersSentToThemAndNoOneElses) {
  Import(
      R"({"id":"l1","type":"person.details_changed","crime":"N/1/24","at":"2025-03-01T10:00:00Z","person":"V1","contact":{"address":"2 Oak Road, Leeds","postcode":"LS1 1AA"}}
{"id":"l2","type":"person.details_changed","crime":"N/1/24","at":"2025-03-01T10:00:00Z","person":"V2","contact":{"address":"4 Oak Road, Leeds","postcode":"LS1 1AA"}}
)");
  const auto v1 = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V1", "argon", "2025-03-03T09:00:00Z"));
  const auto v2 = *stores_.portal->FindAccount(
      stores_.portal->SetPassword("N/1/24", "V2", "argon", "2025-03-03T09:00:00Z"));
  const auto queued = QueueMessage(
      s_.cases, s_.accounts, s_.engine, s_.library,
      {"N/1/24", "V1", "periodic_update", "letter", "en", "", "officer_n", false, "", s_.Now()});
  ASSERT_TRUE(queued) << queued.error().message;
  const int64_t id = queued->outbox_id;
  EXPECT_EQ(PortalLetter(s_, v1, id, false, "x").error().code, ErrorCode::kNotFound)
      << "not posted yet";
  auto m = *s_.cases.Outbox(id);
  m.status = domain::OutboxStatus::kDelivered;
  s_.cases.UpdateOutbox(m);
  const auto pdf = PortalLetter(s_, v1, id, true, "x");
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_EQ(LastAudit("portal").action, "portal_letter_downloaded");
  EXPECT_EQ(PortalLetter(s_, v2, id, false, "x").error().code, ErrorCode::kNotFound)
      << "another person's letter";
  EXPECT_EQ(PortalLetter(s_, v1, id + 1000, false, "x").error().code, ErrorCode::kNotFound);
  const auto status = PortalStatusOf(s_, v1);
  ASSERT_EQ(status->messages.size(), 1u);
  EXPECT_EQ(status->messages[0].id, id);
  EXPECT_TRUE(PortalStatusOf(s_, v2)->messages.empty());
}

// The throttle counts in the store (the database every portal server shares, issue 18).
TEST(AddressThrottle, TwentyFailuresInAQuarterOfAnHourStopAnAddressUntilTheyAge) {
  auto stores = storage::OpenMemoryStores();
  auto& one = *stores.portal;
  const core::Instant t0 = kMonday0900;
  for (int64_t i = 0; i < kAddressMaxFailures; ++i) {
    EXPECT_TRUE(AddressAllowed(one, "192.0.2.1", t0 + i * kMinute / 2));
    AddressFailed(one, "192.0.2.1", t0 + i * kMinute / 2);
  }
  EXPECT_FALSE(AddressAllowed(one, "192.0.2.1", t0 + 10 * kMinute));
  EXPECT_TRUE(AddressAllowed(one, "192.0.2.2", t0 + 10 * kMinute)) << "another address";
  // The first failure falls out of the window 15 minutes after it: one more try.
  EXPECT_TRUE(AddressAllowed(one, "192.0.2.1", t0 + 15 * kMinute + 1));
  AddressFailed(one, "192.0.2.1", t0 + 15 * kMinute + 1);
  EXPECT_FALSE(AddressAllowed(one, "192.0.2.1", t0 + 15 * kMinute + 2));
  EXPECT_EQ(ForgetAgedAddressFailures(one, t0 + 20 * kMinute), 11U)
      << "the tidy forgets those that have aged: the first eleven, half a minute apart";
  EXPECT_EQ(one.AddressFailuresSince("192.0.2.1", "0"), 10) << "the other ten are kept";
  EXPECT_TRUE(AddressAllowed(one, "192.0.2.1", t0 + 40 * kMinute)) << "all of them aged";
}

}  // namespace
}  // namespace cf::app

// Referrals to organisations other than Victim Support (issue 17, item 7): the force's list,
// kept by admins; a person's consent to each organisation on its own, never taken as consent
// to another or to Victim Support; each organisation's feed sending only its own referrals,
// once; and Victim Support's system seeing and reporting on none but its own.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "app/case_derivation.hpp"
#include "app/case_record.hpp"
#include "app/import.hpp"
#include "app/messaging_config.hpp"
#include "app/organisations.hpp"
#include "app/referrals.hpp"
#include "app/staff_actions.hpp"
#include "support/child_server.hpp"
#include "support/memory_services.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

// Recorded Mon 3 Mar 2025. O/1 is domestic abuse: a Victim Support referral needs consent.
constexpr const char* kCases =
    R"({"id":"o1-1","type":"crime.recorded","crime":"O/1","at":"2025-03-03T10:00:00Z","crime_type":"Violence and sexual offences","unit":"N1","officer":"PC101","flags":["domestic_abuse"]}
{"id":"o1-2","type":"person.added","crime":"O/1","at":"2025-03-03T10:00:00Z","person":"V1","role":"victim","name":{"given":"Ann","family":"Lee"},"contact":{"email":"ann@example.org","postcode":"LS1 1AA"}}
{"id":"o1-3","type":"suspect.arrested","crime":"O/1","at":"2025-03-03T12:00:00Z","suspect":"S-HIDDEN"}
{"id":"o2-1","type":"crime.recorded","crime":"O/2","at":"2025-03-03T10:00:00Z","crime_type":"Violence and sexual offences","unit":"N1","officer":"PC101","flags":["domestic_abuse"]}
{"id":"o2-2","type":"person.added","crime":"O/2","at":"2025-03-03T10:00:00Z","person":"V1","role":"victim","name":{"family":"Ray"},"contact":{"email":"ray@example.org"}}
{"id":"o2-3","type":"referral.consented","crime":"O/2","at":"2025-03-03T11:00:00Z","person":"V1"})";

class OtherReferrals : public MemoryServicesTest {
 protected:
  OtherReferrals() : MemoryServicesTest(*core::ParseRfc3339("2025-03-05T09:00:00Z")) {}
  void SetUp() override {
    ASSERT_TRUE(stores_.accounts->AddUnit({"N1", "North response team 1", "North BCU"}));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("officer_n", "officer", "N1", "PC101")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("bureau", "bureau", "N1", "")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("analyst", "analyst", "", "")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("admin", "admin", "", "")));
    ASSERT_TRUE(stores_.accounts->AddUser(StaffUser("vs", "partner", "", "")));
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-05T09:00:00Z";
    const auto report =
        ImportJsonLines(s_.cases, s_.engine, s_.library, std::string(kCases) + "\n", options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
    std::vector<std::string> problems;
    for (const auto& [id, name] : {std::pair{"womens_aid", "Women's Aid"},
                                   std::pair{"citizens_advice", "Citizens Advice"}}) {
      ASSERT_TRUE(SaveOrganisationAs(s_, As("admin"), {id, name, "Support", true, ""}, problems));
    }
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  core::Result<ImportReport> Choose(const std::string& who, const std::string& crime,
                                    const std::string& organisation, bool consented) {
    return RecordReferralChoiceAs(s_, As(who), {crime, "V1", organisation, consented});
  }
  std::vector<std::string> Due(const std::string& organisation) {
    std::vector<std::string> out;
    for (const auto& r : organisation == kVictimSupport
                             ? DueReferrals(s_.cases, s_.accounts, 100)
                             : DueOrganisationReferrals(s_.cases, s_.accounts, organisation, 100))
      out.push_back(r.crime + " " + r.person);
    return out;
  }
  bool ReferSupportOpen(const std::string& crime) {
    const auto all = s_.cases.CaseObligations(crime);
    return std::any_of(all.begin(), all.end(), [](const storage::ObligationRow& o) {
      return o.duty == "refer_support" && !o.met_at && !o.not_required_on;
    });
  }
};

TEST_F(OtherReferrals, AdminsListOrganisationsAndEachFieldIsChecked) {
  std::vector<std::string> problems;
  const auto denied =
      SaveOrganisationAs(s_, As("officer_n"), {"local", "Local", "", true, ""}, problems);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
  const auto bad = SaveOrganisationAs(
      s_, As("admin"), {"Womens Aid", "", std::string(201, 'x'), true, ""}, problems);
  ASSERT_FALSE(bad);
  ASSERT_EQ(problems.size(), 3u) << "the id, the name and what it offers";
  EXPECT_NE(problems[0].find("\"Womens Aid\" is not another organisation's id"), std::string::npos);
  problems.clear();
  EXPECT_FALSE(
      SaveOrganisationAs(s_, As("admin"), {"victim_support", "VS", "", true, ""}, problems))
      << "Victim Support is the Code's referral, not a listed organisation";
  problems.clear();
  const auto same = SaveOrganisationAs(
      s_, As("admin"), {"womens_aid", "Women's Aid", "Support", true, ""}, problems);
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same) << "nothing changed";
  const auto withdrawn = SaveOrganisationAs(
      s_, As("admin"), {"citizens_advice", "Citizens Advice", "Support", false, ""}, problems);
  ASSERT_TRUE(withdrawn);
  EXPECT_TRUE(*withdrawn);
  const auto audit = stores_.accounts->AuditLog("admin", "", 1).front();
  EXPECT_EQ(audit.action, "saved_organisation");
  EXPECT_EQ(audit.detail, "citizens_advice: Citizens Advice (withdrawn)");
  const auto offered = OrganisationsOffered(s_.cases);
  ASSERT_EQ(offered.size(), 1u) << "a withdrawn organisation is not offered";
  EXPECT_EQ(offered[0].id, "womens_aid");
  EXPECT_EQ(s_.cases.Organisations().size(), 2u) << "but stays listed";
}

TEST_F(OtherReferrals, ConsentToOneOrganisationIsNeverConsentToAnotherOrToVictimSupport) {
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", true));
  EXPECT_EQ(Due("womens_aid"), std::vector<std::string>{"O/1 V1"});
  EXPECT_TRUE(Due("citizens_advice").empty());
  EXPECT_EQ(Due(std::string(kVictimSupport)), std::vector<std::string>{"O/2 V1"})
      << "O/1's victim has not agreed to Victim Support";
  EXPECT_FALSE(ReferSupportOpen("O/1")) << "no consent to Victim Support: no duty";
  // And saying no to another organisation does not settle the Victim Support duty.
  ASSERT_TRUE(Choose("officer_n", "O/2", "womens_aid", false));
  EXPECT_TRUE(ReferSupportOpen("O/2"));
  EXPECT_EQ(Due(std::string(kVictimSupport)), std::vector<std::string>{"O/2 V1"});
  // A later no to Women's Aid stops O/1's referral before it goes.
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", false));
  EXPECT_TRUE(Due("womens_aid").empty());
  const auto audit = stores_.accounts->AuditLog("officer_n", "O/1", 1).front();
  EXPECT_EQ(audit.action, "recorded_event");
  EXPECT_EQ(audit.detail, "referral.opted_out V1 womens_aid");
}

TEST_F(OtherReferrals, WhoMayRecordAChoiceAndOfWhom) {
  EXPECT_TRUE(Choose("bureau", "O/1", "womens_aid", true)) << "the bureau records consent";
  const auto analyst = Choose("analyst", "O/1", "womens_aid", true);
  ASSERT_FALSE(analyst);
  EXPECT_EQ(analyst.error().code, core::ErrorCode::kPermissionDenied);
  const auto unknown = Choose("officer_n", "O/1", "samaritans", true);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("\"samaritans\" is not one the force refers to"),
            std::string::npos);
  const auto nobody =
      RecordReferralChoiceAs(s_, As("officer_n"), {"O/1", "W9", "womens_aid", true});
  ASSERT_FALSE(nobody);
  EXPECT_NE(nobody.error().message.find("\"W9\" is not on case O/1"), std::string::npos);
  const auto missing = Choose("officer_n", "O/404", "womens_aid", true);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  const auto analyst_missing = Choose("analyst", "O/404", "womens_aid", true);
  ASSERT_FALSE(analyst_missing);
  EXPECT_EQ(analyst_missing.error().code, core::ErrorCode::kPermissionDenied)
      << "the role is refused whatever the case";
  const auto none = Choose("officer_n", "O/1", "", true);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "Organisation: choose one");
  // Withdrawn: no new consent, but a person may still say no.
  std::vector<std::string> problems;
  ASSERT_TRUE(SaveOrganisationAs(s_, As("admin"),
                                 {"citizens_advice", "Citizens Advice", "", false, ""}, problems));
  EXPECT_FALSE(Choose("officer_n", "O/1", "citizens_advice", true));
  EXPECT_TRUE(Choose("officer_n", "O/1", "citizens_advice", false));
}

TEST_F(OtherReferrals, EachOrganisationsFeedSendsOnlyItsOwnAndOnlyOnce) {
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", true));
  ASSERT_TRUE(Choose("officer_n", "O/2", "citizens_advice", true));
  const auto dir = std::filesystem::path(::testing::TempDir()) / "other-referrals";
  std::filesystem::remove_all(dir);
  const auto run = ExportReferrals(s_.cases, s_.accounts, s_.engine, s_.library, "womens_aid",
                                   dir.string(), "csv", "test", s_.Now());
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->sent, 1u);
  EXPECT_EQ(std::filesystem::path(run->where).filename().string().rfind("referrals-womens_aid-", 0),
            0u);
  std::ifstream in(run->where);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("O/1|V1|to:womens_aid,O/1,"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("ann@example.org"), std::string::npos);
  EXPECT_EQ(text.str().find("O/2"), std::string::npos) << "Citizens Advice's is not in it";
  EXPECT_EQ(text.str().find("S-HIDDEN"), std::string::npos) << "never a suspect";
  const auto again = ExportReferrals(s_.cases, s_.accounts, s_.engine, s_.library, "womens_aid",
                                     dir.string(), "csv", "test", s_.Now());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sent, 0u) << "sent once";

  const auto row = s_.cases.Referral("O/1|V1|to:womens_aid");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->organisation, "womens_aid");
  EXPECT_TRUE(s_.cases.EventHash("referral:O/1|V1|to:womens_aid")) << "a referral.sent, to it";
  EXPECT_FALSE(ReferSupportOpen("O/1")) << "and it meets no Victim Support duty";
  EXPECT_EQ(Due("citizens_advice"), std::vector<std::string>{"O/2 V1"});

  // Victim Support's system neither sees nor reports on another organisation's referral.
  const auto seen = ListReferralsAs(s_, As("vs"), std::nullopt, 100);
  ASSERT_TRUE(seen);
  EXPECT_TRUE(seen->empty());
  const auto all = ListReferralsAs(s_, As("admin"), std::nullopt, 100);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
  std::vector<ReferralUpdateProblem> problems;
  const std::vector<ReferralUpdate> update = {
      {"O/1|V1|to:womens_aid", domain::ReferralStatus::kAccepted, "2025-03-05T09:00:00Z", ""}};
  EXPECT_FALSE(ApplyReferralUpdates(s_.cases, s_.accounts, update, "api:vs", s_.Now(),
                                    std::string(kVictimSupport), problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("is not a referral we sent"), std::string::npos);
  problems.clear();
  const auto applied =
      ApplyReferralUpdates(s_.cases, s_.accounts, update, "cli", s_.Now(), "", problems);
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 1u) << "an admin's file may";

  // The case page says what became of it, by the organisation's name.
  const auto record = ReadCaseRecord(s_.cases, s_.engine, s_.library, "O/1", s_.Today());
  ASSERT_TRUE(record);
  ASSERT_EQ(record->people[0].other_referrals.size(), 1u);
  EXPECT_EQ(record->people[0].other_referrals[0],
            "Women's Aid: agreed on Wed 5 Mar 2025; referred on Wed 5 Mar 2025 by file transfer: "
            "accepted on Wed 5 Mar 2025");
  EXPECT_TRUE(record->people[0].referrals.empty()) << "nothing under Victim Support";
  const auto titled =
      std::any_of(record->timeline.begin(), record->timeline.end(), [](const TimelineEntry& t) {
        return t.title == "Ann Lee agreed to a referral to Women's Aid";
      });
  EXPECT_TRUE(titled);
}

TEST_F(OtherReferrals, AWithdrawnOrganisationIsSentNoOneAndConsentingAgainSendsNothingTwice) {
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", true));
  std::vector<std::string> problems;
  ASSERT_TRUE(
      SaveOrganisationAs(s_, As("admin"), {"womens_aid", "Women's Aid", "", false, ""}, problems));
  EXPECT_TRUE(Due("womens_aid").empty()) << "withdrawn: the consent waits, unsent";
  const auto record = ReadCaseRecord(s_.cases, s_.engine, s_.library, "O/1", s_.Today());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->people[0].other_referrals.at(0),
            "Women's Aid (withdrawn): agreed on Wed 5 Mar 2025");
  ASSERT_TRUE(
      SaveOrganisationAs(s_, As("admin"), {"womens_aid", "Women's Aid", "", true, ""}, problems));
  EXPECT_EQ(Due("womens_aid"), std::vector<std::string>{"O/1 V1"}) << "listed again";
  const auto dir = std::filesystem::path(::testing::TempDir()) / "withdrawn-referrals";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(ExportReferrals(s_.cases, s_.accounts, s_.engine, s_.library, "womens_aid",
                              dir.string(), "csv", "test", s_.Now()));
  // No, then yes again: Women's Aid already has the referral; it is not sent again.
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", false));
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", true));
  EXPECT_TRUE(Due("womens_aid").empty());
  // Sent again by hand (the organisation lost the file): named for it, nothing recorded.
  std::vector<std::string> left_out;
  const auto resend = ReferralsToResend(
      s_.cases, s_.accounts, s_.cases.Referrals(std::nullopt, "womens_aid", 10), left_out);
  ASSERT_EQ(resend.size(), 1u);
  ReferralFeed feed;
  feed.folder = dir.string();
  const auto resent = ResendReferrals(s_.accounts, resend, feed, "test", s_.Now());
  ASSERT_TRUE(resent) << resent.error().message;
  EXPECT_EQ(std::filesystem::path(resent->where)
                .filename()
                .string()
                .rfind("referrals-womens_aid-resent-", 0),
            0u);
  EXPECT_EQ(s_.cases.Referrals(std::nullopt, "", 10).size(), 1u);
}

TEST_F(OtherReferrals, AnOrganisationsPushCarriesItsOwnTokenFromTheEnvironment) {
  ASSERT_TRUE(Choose("officer_n", "O/1", "womens_aid", true));
  const int port = FreePort();
  const std::string dir = ::testing::TempDir() + "cf_org_sink_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  const auto config = ParseMessagingConfig(
      fmt::format("[referrals.to.womens_aid]\npush_url = \"http://127.0.0.1:{}/in\"\n", port),
      "cf.toml", [](const char* name) {
        return std::string(name) == "CF_REFERRAL_TOKEN_WOMENS_AID" ? "wa-token" : "";
      });
  ASSERT_TRUE(config) << config.error().message;
  {
    ChildServer up("http_sink.py", {std::to_string(port), dir, "201"}, dir);
    const auto pushed = RunReferralFeed(s_.cases, s_.accounts, s_.engine, s_.library, "womens_aid",
                                        config->FeedTo("womens_aid"), "worker", s_.Now());
    ASSERT_TRUE(pushed) << pushed.error().message;
    EXPECT_EQ(pushed->sent, 1u);
  }
  std::ifstream headers(dir + "/1.headers");
  const std::string h((std::istreambuf_iterator<char>(headers)), {});
  EXPECT_NE(h.find("Authorization: Bearer wa-token"), std::string::npos) << h;
  std::ifstream body(dir + "/1.json");
  const auto sent = nlohmann::json::parse(body);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["referral_key"], "O/1|V1|to:womens_aid");
  EXPECT_EQ(s_.cases.Referral("O/1|V1|to:womens_aid")->status, domain::ReferralStatus::kReceived);
  std::filesystem::remove_all(dir);
}

TEST_F(OtherReferrals, TheReaderChecksWhoAReferralIsTo) {
  ImportOptions options;
  options.source = "test";
  options.now = "2025-03-05T09:00:00Z";
  const auto bad = ImportJsonLines(
      s_.cases, s_.engine, s_.library,
      R"({"id":"x1","type":"referral.consented","crime":"O/1","at":"2025-03-04T10:00:00Z","person":"V1","to":"Women's Aid"})"
      "\n",
      options);
  ASSERT_FALSE(bad.written);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].message.find("field \"to\": \"Women's Aid\" is not an organisation's id"),
            std::string::npos)
      << bad.errors[0].message;
  // Naming Victim Support is as naming no one: consent to Victim Support, so the duty opens.
  const auto named = ImportJsonLines(
      s_.cases, s_.engine, s_.library,
      R"({"id":"x2","type":"referral.consented","crime":"O/1","at":"2025-03-04T10:00:00Z","person":"V1","to":"victim_support"})"
      "\n",
      options);
  ASSERT_TRUE(named.written);
  EXPECT_TRUE(ReferSupportOpen("O/1"));
  const auto empty = ImportJsonLines(
      s_.cases, s_.engine, s_.library,
      R"({"id":"x3","type":"referral.opted_out","crime":"O/1","at":"2025-03-04T10:00:00Z","person":"V1","to":""})"
      "\n",
      options);
  ASSERT_FALSE(empty.written);
  EXPECT_NE(empty.errors[0].message.find("field \"to\" is empty"), std::string::npos);
  // A log stored before `to` was checked still reads: as Victim Support's, as it counted then.
  const auto file = ParseStoredCase(
      "O/9",
      {R"({"id":"s1","type":"crime.recorded","crime":"O/9","at":"2025-03-03T10:00:00Z","crime_type":"Burglary"})",
       R"({"id":"s2","type":"person.added","crime":"O/9","at":"2025-03-03T10:00:00Z","person":"V1","role":"victim"})",
       R"({"id":"s3","type":"referral.consented","crime":"O/9","at":"2025-03-03T11:00:00Z","person":"V1","to":"Victim Support"})"});
  EXPECT_EQ(file.events.back().referral_to, "");
}

}  // namespace
}  // namespace cf::app

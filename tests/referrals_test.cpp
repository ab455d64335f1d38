// The Victim Support referral feed: who is due under the rule set's consent rules, what the
// referral carries (and what it must not), recording it as the referral.sent that meets the
// duty, never sending anyone twice, and pushing to an HTTP endpoint on loopback.
#include "app/referrals.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/london_time.hpp"
#include "notify/http_post.hpp"
#include "support/child_server.hpp"
#include "support/store_fixture.hpp"

namespace cf::app {
namespace {

// Code 2020; recorded Mon 2 Dec 2024, so referral is due Wed 4 Dec.
constexpr const char* kCases =
    R"({"id":"r1-1","type":"crime.recorded","crime":"R/1","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"r1-2","type":"person.added","crime":"R/1","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"title":"Ms","given":"Ann","family":"Lee"},"contact":{"phone_mobile":"07700 900001","email":"ann@example.org","address":"1 Elm Street","postcode":"LS1 1AA"}}
{"id":"r1-3","type":"contract.agreed","crime":"R/1","at":"2024-12-02T11:00:00Z","person":"V1","wants_updates":true,"safe_to_contact":{"phone":false}}
{"id":"r1-4","type":"suspect.arrested","crime":"R/1","at":"2024-12-03T10:00:00Z","suspect":"S-HIDDEN"}
{"id":"r2-1","type":"crime.recorded","crime":"R/2","at":"2024-12-02T10:00:00Z","crime_type":"Violence and sexual offences","unit":"N1","officer":"PC1","flags":["domestic_abuse"]}
{"id":"r2-2","type":"person.added","crime":"R/2","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"family":"Ray"}}
{"id":"r2-3","type":"person.added","crime":"R/2","at":"2024-12-02T10:00:00Z","person":"V2","role":"victim","name":{"family":"Cole"},"contact":{"email":"cole@example.org"}}
{"id":"r2-4","type":"referral.consented","crime":"R/2","at":"2024-12-03T10:00:00Z","person":"V2"}
{"id":"r3-1","type":"crime.recorded","crime":"R/3","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC1"}
{"id":"r3-2","type":"person.added","crime":"R/3","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim","name":{"family":"Dale"}}
{"id":"r3-3","type":"referral.opted_out","crime":"R/3","at":"2024-12-20T10:00:00Z","person":"V1"}
)";

class Referrals : public StoreWithOfficerTest {
 protected:
  void SetUp() override {
    StoreWithOfficerTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(Import(kCases).written);
  }
  core::Instant now_ = *core::ParseRfc3339("2024-12-23T09:00:00Z");
};

TEST_F(Referrals, OnlyThoseOwedAndNotOptedOutAreDue) {
  const auto due = DueReferrals(*store_, *accounts_, 100);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].crime, "R/1");
  EXPECT_EQ(due[0].person, "V1");
  EXPECT_FALSE(due[0].consented);
  EXPECT_EQ(due[1].crime, "R/2") << "domestic abuse: only the victim who consented";
  EXPECT_EQ(due[1].person, "V2");
  EXPECT_TRUE(due[1].consented);
  EXPECT_TRUE(due[1].enhanced);
  // R/3's victim opted out (after the deadline): not referred.
}

TEST_F(Referrals, AReferralCarriesOnlyWhatIsNeededAndSafe) {
  const auto due = DueReferrals(*store_, *accounts_, 100);
  const auto& r = due[0];
  EXPECT_EQ(r.family_name, "Lee");
  EXPECT_EQ(r.email, "ann@example.org");
  EXPECT_EQ(r.phone, "") << "the contact agreement says phoning is not safe";
  EXPECT_EQ(r.postcode, "LS1 1AA");
  EXPECT_EQ(r.officer, "PC 1001 Sarah Ahmed");
  const std::string csv = ReferralsCsv(due);
  EXPECT_EQ(csv.substr(0, csv.find('\r')),
            "referral_key,crime,crime_type,recorded_on,person,role,title,given_name,family_name,"
            "phone,email,address,"
            "postcode,language,interpreter_language,preferred_contact,enhanced,consented,due,"
            "officer,officer_phone");
  EXPECT_EQ(csv.find("S-HIDDEN"), std::string::npos) << "never a suspect";
  const auto json = nlohmann::json::parse(ReferralsJson(due));
  EXPECT_EQ(json[1]["name"]["family"], "Cole");
  EXPECT_EQ(json[1]["consented"], true);
}

TEST_F(Referrals, SendingMeetsTheDutyAndNobodyIsSentTwice) {
  const auto due = DueReferrals(*store_, *accounts_, 100);
  EXPECT_EQ(RecordReferralsSent(*store_, engine_, lib_, due, "file:/drop/a.csv",
                                domain::ReferralStatus::kSent, now_),
            2u);
  EXPECT_EQ(RecordReferralsSent(*store_, engine_, lib_, due, "file:/drop/b.csv",
                                domain::ReferralStatus::kSent, now_),
            0u)
      << "keys already recorded";
  EXPECT_TRUE(DueReferrals(*store_, *accounts_, 100).empty());
  bool met = false;
  for (const auto& o : store_->CaseObligations("R/1"))
    met |= o.duty == "refer_support" && o.met_at.has_value();
  EXPECT_TRUE(met) << "the referral.sent event meets refer_support";
  EXPECT_TRUE(store_->EventHash("referral:" + due[0].key));
}

TEST_F(Referrals, APushIsRecordedAsReceivedOnlyWhenTheEndpointTakesIt) {
  const int port = FreePort();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/referrals";
  const std::string dir = ::testing::TempDir() + "cf_http_sink_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  {
    ChildServer down("http_sink.py", {std::to_string(port), dir, "503"}, dir);
    const auto refused = PushReferrals(*store_, *accounts_, engine_, lib_, "victim_support", url,
                                       "vs-token", "test", now_);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("HTTP 503: nothing recorded"), std::string::npos);
    EXPECT_EQ(DueReferrals(*store_, *accounts_, 100).size(), 2u) << "still due";
  }
  std::filesystem::remove_all(dir);
  {
    ChildServer up("http_sink.py", {std::to_string(port), dir, "201"}, dir);
    const auto pushed = PushReferrals(*store_, *accounts_, engine_, lib_, "victim_support", url,
                                      "vs-token", "test", now_);
    ASSERT_TRUE(pushed) << pushed.error().message;
    EXPECT_EQ(pushed->sent, 2u);
    const auto again = PushReferrals(*store_, *accounts_, engine_, lib_, "victim_support", url,
                                     "vs-token", "test", now_);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->sent, 0u) << "nobody twice";
  }
  std::ifstream received(dir + "/1.json");
  EXPECT_EQ(nlohmann::json::parse(received).size(), 2u);
  std::ifstream headers(dir + "/1.headers");
  const std::string h((std::istreambuf_iterator<char>(headers)), {});
  EXPECT_NE(h.find("Idempotency-Key: "), std::string::npos);
  EXPECT_NE(h.find("Authorization: Bearer vs-token"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/2.json")) << "the second run had nothing to send";
  const auto rows = store_->Referrals(std::nullopt, "", 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, domain::ReferralStatus::kReceived);
  EXPECT_EQ(rows[0].sent_by, "http:" + url);
  std::filesystem::remove_all(dir);
}

TEST_F(Referrals, AFileDropAppearsWholeAndIsRecordedAsSent) {
  const std::string dir = ::testing::TempDir() + "cf_drop_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  const auto run = ExportReferrals(*store_, *accounts_, engine_, lib_, "victim_support", dir,
                                   "json", "test", now_);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->sent, 2u);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".json") << entry.path() << ": no .partial left behind";
  }
  EXPECT_EQ(files, 1u);
  std::ifstream in(run->where);
  EXPECT_EQ(nlohmann::json::parse(in).size(), 2u);
  EXPECT_EQ(store_->CaseReferrals("R/1").at(0).status, domain::ReferralStatus::kSent);
  const auto again = ExportReferrals(*store_, *accounts_, engine_, lib_, "victim_support", dir,
                                     "json", "test", now_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sent, 0u);
  EXPECT_TRUE(again->where.empty()) << "no empty file dropped";
  std::filesystem::remove_all(dir);
}

TEST_F(Referrals, ALostFileCanBeSentAgainWithTheSameKeysAndNothingNewRecorded) {
  const std::string dir = ::testing::TempDir() + "cf_resend_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(ExportReferrals(*store_, *accounts_, engine_, lib_, "victim_support", dir, "csv",
                              "test", now_));
  const auto sent = store_->Referrals(std::nullopt, "", 10);
  const size_t events = store_->EventBodies("R/2").size();
  // R/2's victim opts out after the referral went: a resend leaves them out.
  ASSERT_TRUE(
      Import(
          R"({"id":"r2-9","type":"referral.opted_out","crime":"R/2","at":"2024-12-20T10:00:00Z","person":"V2"})")
          .written);
  std::vector<std::string> left_out;
  const auto again = ReferralsToResend(*store_, *accounts_, sent, left_out);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].key, "R/1|V1|r1-1");
  ASSERT_EQ(left_out.size(), 1u);
  EXPECT_EQ(left_out[0], "R/2|V2|r2-4: opted out since it was sent");
  ReferralFeed to;
  to.folder = dir;
  const auto run = ResendReferrals(*accounts_, again, to, "test", now_);
  ASSERT_TRUE(run) << run.error().message;
  std::ifstream in(run->where);
  const std::string csv((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(csv.find("R/1|V1|r1-1,R/1,Burglary"), std::string::npos) << csv;
  EXPECT_NE(run->where.find("referrals-resent-"), std::string::npos);
  EXPECT_EQ(store_->EventBodies("R/2").size(), events + 1)
      << "only the opt-out: a resend records nothing";
  EXPECT_EQ(store_->Referrals(std::nullopt, "", 10).size(), 2u);
  std::filesystem::remove_all(dir);
}

TEST_F(Referrals, VictimSupportsStatusesAreCheckedThenAppliedAllOrNothing) {
  const core::Instant kNow = *core::ParseRfc3339("2025-01-06T09:00:00Z");
  const auto due = DueReferrals(*store_, *accounts_, 100);
  ASSERT_EQ(RecordReferralsSent(*store_, engine_, lib_, due, "file:/drop/a.csv",
                                domain::ReferralStatus::kSent, now_),
            2u);
  const std::string k1 = due[0].key, k2 = due[1].key;

  auto bad = ParseReferralUpdatesCsv("referral_key,status,at,note\r\n" + k1 +
                                     ",acepted,2024-12-24T10:00:00Z,\r\n" + k2 +
                                     ",accepted,yesterday,\r\n");
  ASSERT_EQ(bad.problems.size(), 2u);
  EXPECT_EQ(bad.problems[0].line, 2u);
  EXPECT_EQ(bad.problems[0].field, "status");
  EXPECT_EQ(bad.problems[1].line, 3u);
  EXPECT_EQ(bad.problems[1].field, "at");
  EXPECT_EQ(ParseReferralUpdatesCsv("key,status\n").problems.size(), 2u)
      << "referral_key and at missing";

  // An unknown key stops the lot, even beside a good update.
  auto unknown = ParseReferralUpdatesJson(R"([{"referral_key":")" + k1 +
                                          R"(","status":"accepted","at":"2024-12-24T10:00:00Z"},
      {"referral_key":"R/9|V1|x","status":"accepted","at":"2024-12-24T10:00:00Z"}])");
  ASSERT_TRUE(unknown.problems.empty());
  std::vector<ReferralUpdateProblem> problems;
  EXPECT_FALSE(
      ApplyReferralUpdates(*store_, *accounts_, unknown.updates, "test", kNow, "", problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 2u);
  EXPECT_EQ(problems[0].field, "referral_key");
  EXPECT_EQ(store_->Referral(k1)->status, domain::ReferralStatus::kSent) << "nothing applied";

  const std::string csv =
      "referral_key,status,at,note\n\"" + k1 +
      "\",contacted,2024-12-27T15:00:00Z,\"Spoke to Ms Lee, support agreed\"\n" + k2 +
      ",accepted,2024-12-24T10:00:00Z,\n";
  auto good = ParseReferralUpdatesCsv(csv);
  ASSERT_TRUE(good.problems.empty()) << good.problems[0].message;
  problems.clear();
  const auto applied =
      ApplyReferralUpdates(*store_, *accounts_, good.updates, "test", kNow, "", problems);
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 2u);
  EXPECT_EQ(store_->Referral(k1)->status, domain::ReferralStatus::kContacted);
  EXPECT_EQ(store_->Referral(k1)->note, "Spoke to Ms Lee, support agreed");
  EXPECT_EQ(store_->Referral(k1)->status_at, "2024-12-27T15:00:00Z");
  const auto repeated =
      ApplyReferralUpdates(*store_, *accounts_, good.updates, "test", kNow, "", problems);
  EXPECT_EQ(*repeated, 0u) << "the same file twice changes nothing";

  // Older news than the status held is not applied.
  auto stale = ParseReferralUpdatesJson(R"({"referral_key":")" + k1 +
                                        R"(","status":"accepted","at":"2024-12-24T09:00:00Z"})");
  EXPECT_EQ(*ApplyReferralUpdates(*store_, *accounts_, stale.updates, "test", kNow, "", problems),
            0u);
  EXPECT_EQ(store_->Referral(k1)->status, domain::ReferralStatus::kContacted);

  // Issue 12, class 7: a status from the future is refused, not held as the latest word.
  auto future = ParseReferralUpdatesJson(R"({"referral_key":")" + k1 +
                                         R"(","status":"closed","at":"2031-01-01T00:00:00Z"})");
  ASSERT_TRUE(future.problems.empty());
  problems.clear();
  EXPECT_FALSE(
      ApplyReferralUpdates(*store_, *accounts_, future.updates, "test", kNow, "", problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "at");
  EXPECT_NE(problems[0].message.find("is in the future"), std::string::npos);
  EXPECT_EQ(store_->Referral(k1)->status, domain::ReferralStatus::kContacted);
}

}  // namespace
}  // namespace cf::app

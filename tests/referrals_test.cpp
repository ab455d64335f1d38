// The Victim Support referral feed: who is due under the rule set's consent rules, what the
// referral carries (and what it must not), recording it as the referral.sent that meets the
// duty, never sending anyone twice, and pushing to an HTTP endpoint on loopback.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/referrals.hpp"
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
            "referral_key,crime,crime_type,recorded_on,person,role,title,given_name,family_name,phone,email,address,"
            "postcode,language,interpreter_language,preferred_contact,enhanced,consented,due,officer,officer_phone");
  EXPECT_EQ(csv.find("S-HIDDEN"), std::string::npos) << "never a suspect";
  const auto json = nlohmann::json::parse(ReferralsJson(due));
  EXPECT_EQ(json[1]["name"]["family"], "Cole");
  EXPECT_EQ(json[1]["consented"], true);
}

TEST_F(Referrals, SendingMeetsTheDutyAndNobodyIsSentTwice) {
  const auto due = DueReferrals(*store_, *accounts_, 100);
  EXPECT_EQ(RecordReferralsSent(*store_, engine_, lib_, due, "file:/drop/a.csv", now_), 2u);
  EXPECT_EQ(RecordReferralsSent(*store_, engine_, lib_, due, "file:/drop/b.csv", now_), 0u) << "keys already recorded";
  EXPECT_TRUE(DueReferrals(*store_, *accounts_, 100).empty());
  bool met = false;
  for (const auto& o : store_->CaseObligations("R/1")) met |= o.duty == "refer_support" && !o.met_at.empty();
  EXPECT_TRUE(met) << "the referral.sent event meets refer_support";
  EXPECT_TRUE(store_->EventHash("referral:" + due[0].key));
}

TEST_F(Referrals, APushReachesTheEndpointWithAnIdempotencyKey) {
  const int port = 26000 + static_cast<int>(::getpid() % 4000);
  const std::string dir = ::testing::TempDir() + "cf_http_sink_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  auto server = std::make_unique<ChildServer>("http_sink.py", std::vector<std::string>{std::to_string(port), dir, "201"}, dir);
  const auto body = ReferralsJson(DueReferrals(*store_, *accounts_, 100));
  const auto reply = notify::PostJson("http://127.0.0.1:" + std::to_string(port) + "/referrals", body,
                                      {"Idempotency-Key: abc123"});
  server.reset();
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 201);
  std::ifstream received(dir + "/1.json");
  const auto sent = nlohmann::json::parse(received);
  EXPECT_EQ(sent.size(), 2u);
  std::ifstream headers(dir + "/1.headers");
  const std::string h((std::istreambuf_iterator<char>(headers)), {});
  EXPECT_NE(h.find("Idempotency-Key: abc123"), std::string::npos);
  std::filesystem::remove_all(dir);
  const auto refused = notify::PostJson("http://127.0.0.1:1/", "{}", {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("POST http://127.0.0.1:1/"), std::string::npos);
}

}  // namespace
}  // namespace cf::app

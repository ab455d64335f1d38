// The messaging settings file: what it may hold, errors that name the line, and secrets kept
// out of it.
#include "app/messaging_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cf::app {
namespace {

Environment Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) {
    const auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

TEST(MessagingConfig, ReadsEverySectionAndTakesSecretsFromTheEnvironment) {
  const auto c = ParseMessagingConfig(R"(
[smtp]
url = "smtps://mail.force.example:465"
from = "updates@force.example"
user = "citizenfocus"

[notify]
base_url = "https://api.notifications.service.gov.uk"
email_template = "e-1"
sms_template = "s-1"
letters = true
postage = "first"

[referrals]
push_url = "https://referrals.victimsupport.example/v1"

[schedule]
dispatch = "30s"
refresh = "5m"
referrals = "1h"
)",
                                      "cf.toml",
                                      Env({{"CF_SMTP_PASSWORD", "pw"},
                                           {"CF_NOTIFY_API_KEY", "key"},
                                           {"CF_REFERRAL_TOKEN", "tok"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->dispatch.smtp.url, "smtps://mail.force.example:465");
  EXPECT_EQ(c->dispatch.smtp.user, "citizenfocus");
  EXPECT_EQ(c->dispatch.smtp.password, "pw");
  EXPECT_EQ(c->dispatch.from, "updates@force.example");
  EXPECT_EQ(c->dispatch.notify.api_key, "key");
  EXPECT_TRUE(c->dispatch.notify.SendsLetters());
  EXPECT_EQ(c->dispatch.notify.postage, "first");
  EXPECT_EQ(c->referrals.push_url, "https://referrals.victimsupport.example/v1");
  EXPECT_EQ(c->referrals.token, "tok");
  EXPECT_EQ(c->schedule.dispatch, 30);
  EXPECT_EQ(c->schedule.refresh, 300);
  EXPECT_EQ(c->schedule.referrals, 3600);
}

TEST(MessagingConfig, AnEmptyFileGivesTheDefaults) {
  const auto c = ParseMessagingConfig("", "cf.toml", Env({}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->dispatch.smtp.url, "smtp://127.0.0.1:25");
  EXPECT_FALSE(c->dispatch.notify.enabled());
  EXPECT_FALSE(c->referrals.enabled());
  EXPECT_EQ(c->schedule.dispatch, 60);
  EXPECT_EQ(c->retention.portal, 12);
  EXPECT_EQ(c->retention.messages, 72);
  EXPECT_EQ(c->retention.case_details, 72);
}

TEST(MessagingConfig, RetentionRulesAreMonthsPerKind) {
  const auto c =
      ParseMessagingConfig("[retention]\nportal = 6\ncase_details = 1200\n", "cf.toml", Env({}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->retention.portal, 6);
  EXPECT_EQ(c->retention.messages, 72) << "the default";
  EXPECT_EQ(c->retention.case_details, 1200);
}

void ExpectError(const std::string& text, const std::string& expected) {
  const auto c = ParseMessagingConfig(text, "cf.toml", Env({}));
  ASSERT_FALSE(c) << text;
  EXPECT_EQ(c.error().message, expected);
}

TEST(MessagingConfig, MistakesNameTheLineAndWhatIsWrong) {
  ExpectError("[smtp]\nurl = \"smtp://x\"\npassword = \"hunter2\"\n",
              "cf.toml:3: [smtp] password: secrets are not kept in the file; set CF_SMTP_PASSWORD "
              "in the environment");
  ExpectError("[notify]\napi_key = \"k\"\n",
              "cf.toml:2: [notify] api_key: secrets are not kept in the file; set "
              "CF_NOTIFY_API_KEY in the environment");
  ExpectError("[smtp]\nhost = \"x\"\n",
              "cf.toml:2: [smtp]: unknown key \"host\" (allowed: from, url, user)");
  ExpectError("[mail]\n",
              "cf.toml:1: unknown section [mail] (allowed: smtp, notify, referrals, schedule, "
              "retention)");
  ExpectError("[retention]\ncase_details = 0\n",
              "cf.toml:2: [retention] case_details: give the months kept after a case closes, 1 "
              "to 1200");
  ExpectError("[retention]\nportal = \"1y\"\n",
              "cf.toml:2: [retention] portal: give the months kept after a case closes, 1 to 1200");
  ExpectError("[retention]\nyears = 6\n",
              "cf.toml:2: [retention]: unknown key \"years\" (allowed: case_details, messages, "
              "portal)");
  ExpectError(
      "[schedule]\ndispatch = \"often\"\n",
      "cf.toml:2: [schedule] dispatch: give seconds or \"30s\", \"5m\", \"1h\" (0 turns it off)");
  ExpectError("[referrals]\nformat = \"xml\"\n",
              "cf.toml:2: [referrals] format: \"xml\" is not csv or json");
  ExpectError("[notify]\nletters = \"yes\"\n",
              "cf.toml:2: [notify] letters: must be true or false");
  ExpectError("[referrals]\nfolder = \"/drop\"\npush_url = \"https://x\"\n",
              "cf.toml:3: [referrals]: give folder (file drop) or push_url (HTTP push), not both");
  ExpectError("[notify]\nbase_url = \"https://x\"\n",
              "cf.toml: [notify] base_url is set but CF_NOTIFY_API_KEY is not");
  const auto syntax = ParseMessagingConfig("[smtp\n", "cf.toml", Env({}));
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().message.rfind("cf.toml:1: ", 0), 0u) << syntax.error().message;
}

TEST(MessagingConfig, EachOtherOrganisationHasItsOwnFeedAndToken) {
  const auto c = ParseMessagingConfig(R"(
[referrals]
folder = "/var/spool/cf/victim-support"

[referrals.to.womens_aid]
push_url = "https://referrals.womensaid.example/v1"

[referrals.to.citizens_advice]
folder = "/var/spool/cf/citizens-advice"
format = "json"
)",
                                      "cf.toml", Env({{"CF_REFERRAL_TOKEN_WOMENS_AID", "wa-tok"}}));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->FeedTo("victim_support").folder, "/var/spool/cf/victim-support");
  EXPECT_EQ(c->FeedTo("womens_aid").push_url, "https://referrals.womensaid.example/v1");
  EXPECT_EQ(c->FeedTo("womens_aid").token, "wa-tok");
  EXPECT_EQ(c->FeedTo("citizens_advice").format, "json");
  EXPECT_EQ(c->FeedTo("citizens_advice").token, "");
  EXPECT_FALSE(c->FeedTo("samaritans").enabled()) << "none given: its referrals wait";

  auto error = [](const std::string& text) {
    const auto r = ParseMessagingConfig(text, "cf.toml", Env({}));
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(error("[referrals.to.womens_aid]\ntoken = \"x\"\n"),
            "cf.toml:2: [referrals.to.womens_aid] token: secrets are not kept in the file; set "
            "CF_REFERRAL_TOKEN_WOMENS_AID in the environment");
  EXPECT_EQ(error("[referrals.to.\"Womens Aid\"]\nfolder = \"/x\"\n"),
            "cf.toml:1: [referrals.to.Womens Aid]: \"Womens Aid\" is not another organisation's "
            "id (lower-case letters, digits and _: womens_aid)");
  EXPECT_EQ(error("[referrals.to.womens_aid]\nfolder = \"/x\"\npush_url = \"https://x\"\n"),
            "cf.toml:3: [referrals.to.womens_aid]: give folder (file drop) or push_url (HTTP "
            "push), not both");
}

TEST(MessagingConfig, IntervalsInSecondsMinutesOrHours) {
  EXPECT_EQ(ParseInterval("90"), 90);
  EXPECT_EQ(ParseInterval("30s"), 30);
  EXPECT_EQ(ParseInterval("5m"), 300);
  EXPECT_EQ(ParseInterval("2h"), 7200);
  EXPECT_EQ(ParseInterval("0"), 0);
  EXPECT_FALSE(ParseInterval(""));
  EXPECT_FALSE(ParseInterval("m"));
  EXPECT_FALSE(ParseInterval("-5m"));
  EXPECT_FALSE(ParseInterval("1d"));
}

TEST(MessagingConfig, AMissingFileIsNamed) {
  const auto c = LoadMessagingConfig("/nonexistent/cf.toml", Env({}));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "/nonexistent/cf.toml: cannot read the configuration file");
}

}  // namespace
}  // namespace cf::app

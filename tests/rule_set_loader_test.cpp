// Rule sets are data: the shipped ones load, and a malformed or inconsistent file is
// rejected with a message that names the file, line and key.
#include "rules/rule_set_loader.hpp"

#include <gtest/gtest.h>

namespace cf::rules {
namespace {

const RuleLibrary& Lib() {
  static const RuleLibrary lib = RuleLibrary::BuiltIn().value();
  return lib;
}

TEST(BuiltInRules, EveryRuleSetAndPolicyLoads) {
  for (const char* id : {"code-2006", "code-2015", "code-2020", "witness-charter-2013"}) {
    const RuleSet* rs = Lib().FindRuleSet(id);
    ASSERT_NE(rs, nullptr) << id;
    for (const auto& d : rs->duties) EXPECT_FALSE(d.source.empty()) << id << " " << d.id;
  }
  for (const char* id : {"west-mercia", "hertfordshire", "dorset"})
    EXPECT_NE(Lib().FindPolicy(id), nullptr) << id;
}

TEST(BuiltInRules, DutiesPerRuleSetFollowTheCode) {
  auto ids = [](const char* rs) {
    std::string out;
    for (const auto& d : Lib().FindRuleSet(rs)->duties) out += d.id + " ";
    return out;
  };
  EXPECT_EQ(
      ids("code-2006"),
      "not_investigated refer_support information_leaflet arrest released_nfa bail bail_changed "
      "charge out_of_court_disposal no_charge closure charge_altered ");
  EXPECT_EQ(
      ids("code-2015"),
      "not_investigated refer_support information_leaflet arrest interview released_nfa bail "
      "bail_changed charge out_of_court_disposal no_charge closure first_hearing charge_altered "
      "vrr_acknowledgement vrr_outcome ");
  EXPECT_EQ(
      ids("code-2020"),
      "not_investigated refer_support information_leaflet arrest interview released_nfa bail "
      "bail_changed released_under_investigation charge out_of_court_disposal no_charge closure "
      "first_hearing charge_altered vrr_acknowledgement vrr_outcome ");
  EXPECT_EQ(ids("witness-charter-2013"), "charge bail out_of_court_disposal no_charge closure ");
  EXPECT_EQ(Lib().FindRuleSet("code-2020")->FindDuty("first_hearing")->standard_working_days, 1);
  EXPECT_EQ(Lib().FindRuleSet("code-2015")->FindDuty("first_hearing")->standard_working_days, 5);
}

TEST(BuiltInRules, TheCodeInForceFollowsTheRecordingDate) {
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2006, 4, 2)), nullptr);
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2006, 4, 3))->id, "code-2006");
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2015, 11, 15))->id, "code-2006");
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2015, 11, 16))->id, "code-2015");
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2021, 3, 31))->id, "code-2015");
  EXPECT_EQ(Lib().CodeInForce(core::Date::FromYmd(2021, 4, 1))->id, "code-2020");
  const auto ids = [](core::Date date, const char* code) {
    std::string out;
    for (const auto* rs : Lib().ChartersInForce(date, Lib().FindRuleSet(code))) out += rs->id + " ";
    return out;
  };
  EXPECT_EQ(ids(core::Date::FromYmd(2013, 11, 30), "code-2006"), "");
  EXPECT_EQ(ids(core::Date::FromYmd(2013, 12, 1), "code-2006"),
            "witness-care-charter-2013 witness-charter-2013 ");
  // The Witness Care Unit's duties to victims go with the Code 2020 only.
  EXPECT_EQ(ids(core::Date::FromYmd(2021, 4, 1), "code-2015"),
            "witness-care-charter-2013 witness-charter-2013 ");
  EXPECT_EQ(ids(core::Date::FromYmd(2021, 4, 1), "code-2020"),
            "witness-care-2020 witness-care-charter-2013 witness-charter-2013 ");
}

constexpr const char* kMinimal = R"(id = "test"
title = "Test"
kind = "code"
in_force = 2020-01-01
source = "test"
owed_roles = ["victim"]

[[duty]]
id = "arrest"
trigger = ["suspect.arrested"]
standard_working_days = 5
enhanced_working_days = 1
source = "s"
message = "m"
)";

TEST(RuleSetLoader, AMinimalRuleSetLoads) {
  const auto rs = ParseRuleSet(kMinimal, "test.toml");
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  EXPECT_EQ(rs->duties.size(), 1u);
}

struct BadRuleSet {
  const char* name;
  std::string from;
  std::string to;
  const char* expected_message;  // a fragment the error must contain
};

class RejectsBadRuleSets : public ::testing::TestWithParam<BadRuleSet> {};

TEST_P(RejectsBadRuleSets, WithAPreciseMessage) {
  const auto& c = GetParam();
  std::string text = kMinimal;
  const size_t at = text.find(c.from);
  ASSERT_NE(at, std::string::npos) << c.name;
  text.replace(at, c.from.size(), c.to);
  const auto rs = ParseRuleSet(text, "bad.toml");
  ASSERT_FALSE(rs.ok()) << c.name;
  EXPECT_NE(rs.error().message.find("bad.toml"), std::string::npos) << rs.error().message;
  EXPECT_NE(rs.error().message.find(c.expected_message), std::string::npos) << rs.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RejectsBadRuleSets,
    ::testing::Values(
        BadRuleSet{"syntax", "id = \"test\"", "id = ", "bad.toml:1"},
        BadRuleSet{"unknown key", "message = \"m\"", "message = \"m\"\ndeadline = 3",
                   "unknown key \"deadline\""},
        BadRuleSet{"unknown duty", "id = \"arrest\"", "id = \"arest\"", "unknown duty id"},
        BadRuleSet{"unknown trigger", "suspect.arrested", "suspect.arested",
                   "unknown value \"suspect.arested\""},
        BadRuleSet{"enhanced longer", "enhanced_working_days = 1", "enhanced_working_days = 7",
                   "longer than the standard"},
        BadRuleSet{"zero days", "standard_working_days = 5", "standard_working_days = 0",
                   "positive whole number"},
        BadRuleSet{"hours not whole days", "enhanced_working_days = 1", "enhanced_hours = 12",
                   "multiple of 24"},
        BadRuleSet{"both days and hours", "enhanced_working_days = 1",
                   "enhanced_working_days = 1\nenhanced_hours = 24", "exactly one"},
        BadRuleSet{"duplicate duty", "message = \"m\"\n",
                   "message = \"m\"\n[[duty]]\nid = \"arrest\"\ntrigger = "
                   "[\"suspect.arrested\"]\nstandard_working_days = 5\nenhanced_working_days = "
                   "1\nsource = \"s\"\nmessage = \"m\"\n",
                   "defined twice"},
        BadRuleSet{"representative owed", "owed_roles = [\"victim\"]",
                   "owed_roles = [\"parent_guardian\"]", "representative"},
        BadRuleSet{"unknown role", "owed_roles = [\"victim\"]", "owed_roles = [\"victm\"]",
                   "unknown value \"victm\""},
        BadRuleSet{"bad date", "in_force = 2020-01-01", "in_force = \"soon\"", "in_force"},
        BadRuleSet{"missing source", "source = \"s\"\n", "", "\"source\" is required"},
        BadRuleSet{"bad kind", "kind = \"code\"", "kind = \"law\"", "kind must be"},
        BadRuleSet{"code with a code", "kind = \"code\"", "kind = \"code\"\nwith_code = \"x\"",
                   "a Code has no \"with_code\""},
        BadRuleSet{"bad owed_to", "trigger = [\"suspect.arrested\"]",
                   "trigger = [\"suspect.arrested\"]\nowed_to = \"victims\"",
                   "owed_to must be everyone or named_person"}),
    [](const auto& info) {
      std::string name = info.param.name;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(RuleSetLoader, ExclusionsMustNameACategoryOfTheRuleSet) {
  std::string text = kMinimal;
  text += R"(
[[duty]]
id = "refer_support"
kind = "referral"
standard_working_days = 2
enhanced_working_days = 2
excluded_crime_types = ["Vehicle crime"]
exclusion_lifted_by_categories = ["vulnerable"]
source = "s"
message = "m"
)";
  const auto rs = ParseRuleSet(text, "bad.toml");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.error().message.find("not an [[enhanced]] category"), std::string::npos)
      << rs.error().message;
}

TEST(PolicyLoader, RejectsReminderAfterTheDeadlineAndEmptyPolicies) {
  const auto late = ParsePolicy(R"(id = "p"
title = "t"
source = "s"
[periodic_update.standard]
every = { days = 28, remind_on_day = 30 }
)",
                                "p.toml");
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("remind_on_day"), std::string::npos) << late.error().message;
  const auto empty = ParsePolicy("id = \"p\"\ntitle = \"t\"\nsource = \"s\"\n", "p.toml");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("changes nothing"), std::string::npos);
}

}  // namespace
}  // namespace cf::rules

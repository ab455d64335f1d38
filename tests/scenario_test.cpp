// Runs every scenario in tests/scenarios/*.scn through the real reader and engine, and
// compares the complete set of obligations with the scenario's expectations.
#include "support/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "rules/engine.hpp"

namespace cf::testing {
namespace {

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CF_TESTS_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".scn") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Scenarios, ThereAreScenarioFiles) { EXPECT_GE(ScenarioFiles().size(), 4u); }

class ScenarioFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioFile, EveryScenarioProducesExactlyItsExpectations) {
  const auto lib = rules::RuleLibrary::BuiltIn().value();
  rules::ObligationEngine engine(lib, calendar::EnglandAndWales());
  const auto scenarios = ParseScenarios(GetParam());
  ASSERT_FALSE(scenarios.empty());
  for (const auto& s : scenarios) {
    SCOPED_TRACE(s.where + " " + s.name);
    ASSERT_FALSE(s.as_of.empty()) << "no as-of";
    events::EventReader reader;
    reader.ReadText(s.events);
    for (const auto& e : reader.errors())
      ADD_FAILURE() << "event line " << e.line << ": " << e.message;
    auto cases = reader.TakeCases();
    ASSERT_EQ(cases.size(), 1u);
    rules::Selection sel;
    if (!s.ruleset.empty()) sel.rule_set = lib.FindRuleSet(s.ruleset);
    if (!s.policy.empty()) sel.policy = lib.FindPolicy(s.policy);
    ASSERT_TRUE(s.ruleset.empty() || sel.rule_set) << s.ruleset;
    ASSERT_TRUE(s.policy.empty() || sel.policy) << s.policy;
    const auto result = engine.Compute(cases[0], sel, *core::Date::Parse(s.as_of));
    ASSERT_TRUE(result.ok()) << result.error().message;
    std::vector<std::string> actual;
    for (const auto& o : *result) {
      actual.push_back(CanonicalRow(std::string(o.person), std::string(o.DutyId()), o.instance,
                                    o.trigger_date.ToString(), o.deadline.ToString(), o.enhanced,
                                    std::string(rules::Name(o.status)),
                                    o.met_at ? o.met_at->ToString() : ""));
    }
    auto expected = s.expected;
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> missing, unexpected;
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                        std::back_inserter(missing));
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                        std::back_inserter(unexpected));
    for (const auto& m : missing) ADD_FAILURE() << "expected but not produced: " << m;
    for (const auto& u : unexpected) ADD_FAILURE() << "produced but not expected: " << u;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioFile, ::testing::ValuesIn(ScenarioFiles()),
                         [](const auto& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ScenarioLanguage, AWrongWeekdayIsCaught) {
  const std::string path = ::testing::TempDir() + "/bad.scn";
  {
    std::ofstream out(path);
    out << "scenario bad\nas-of Mon 2024-12-03\n";
  }
  try {
    ParseScenarios(path);
    FAIL() << "accepted a wrong weekday";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("is a Tue, not a Mon"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cf::testing

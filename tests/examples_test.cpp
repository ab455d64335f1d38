// The worked examples (tests/examples, copied from the shared domain examples): the engine
// must produce exactly the expected rows under each rule set, through the real reader.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "rules/engine.hpp"
#include "support/case_builder.hpp"

namespace cf::rules {
namespace {

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class WorkedExamples : public ::testing::TestWithParam<const char*> {};

TEST_P(WorkedExamples, MatchExactly) {
  const std::string dir = std::string(CF_TESTS_DIR) + "/examples/";
  std::string text;
  ASSERT_TRUE(events::ReadAll(dir + "cases.jsonl", text));
  events::EventReader reader;
  reader.ReadText(text);
  ASSERT_TRUE(reader.errors().empty());
  const auto cases = reader.TakeCases();
  const auto lib = RuleLibrary::BuiltIn().value();
  ObligationEngine engine(lib, calendar::EnglandAndWales());
  Selection s;
  s.rule_set = lib.FindRuleSet(GetParam());
  std::vector<std::string> actual;
  for (const auto& c : cases) {
    for (const auto& o : engine.Compute(c, s, testing::D("2025-03-31")).value()) {
      actual.push_back(fmt::format(
          "{},{},{},{},{},{},{},{},{},{}", c.crime, o.person, o.DutyId(), o.instance,
          o.trigger ? o.trigger->id : "", o.trigger_date.ToString(), o.deadline.ToString(),
          o.enhanced ? "true" : "false", Name(o.status), o.met_at ? o.met_at->ToString() : ""));
    }
  }
  auto expected = ReadLines(dir + "expected-" + GetParam() + "-as-of-2025-03-31.csv");
  expected.erase(expected.begin());  // header
  std::sort(actual.begin(), actual.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(actual, expected);
}

INSTANTIATE_TEST_SUITE_P(RuleSets, WorkedExamples,
                         ::testing::Values("code-2006", "code-2015", "code-2020"));

}  // namespace
}  // namespace cf::rules

// The synthetic force: deterministic, valid under the reader, and realistic in its mix.
#include <gtest/gtest.h>

#include "calendar/calendar_loader.hpp"
#include "events/jsonl_reader.hpp"
#include "events/jsonl_writer.hpp"
#include "rules/engine.hpp"
#include "synth/force_generator.hpp"

namespace cf::synth {
namespace {

std::string Generate(uint64_t seed, size_t crimes) {
  ForceSpec spec;
  spec.seed = seed;
  spec.crimes = crimes;
  ForceGenerator g(spec);
  SyntheticCase c;
  std::string text;
  while (g.Next(c)) {
    for (size_t i = 0; i < c.file.events.size(); ++i) {
      text += events::ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]) + "\n";
    }
  }
  return text;
}

TEST(ForceGenerator, SameSeedSameForceDifferentSeedDifferentForce) {
  EXPECT_EQ(Generate(7, 200), Generate(7, 200));
  EXPECT_NE(Generate(7, 200), Generate(8, 200));
}

TEST(ForceGenerator, EveryEventPassesTheReaderAndTheMixIsRealistic) {
  events::EventReader reader;
  reader.ReadText(Generate(42, 3000));
  ASSERT_TRUE(reader.errors().empty())
      << reader.errors()[0].line << ": " << reader.errors()[0].message;
  const auto cases = reader.TakeCases();
  ASSERT_EQ(cases.size(), 3000u);
  const auto lib = rules::RuleLibrary::BuiltIn().value();
  rules::ObligationEngine engine(lib, calendar::EnglandAndWales());
  size_t owed_people = 0, enhanced_people = 0, met = 0, late = 0, overdue = 0, arrests = 0,
         closures = 0;
  for (const auto& c : cases) {
    for (const auto& e : c.events) {
      arrests += e.type == domain::EventType::kSuspectArrested;
      closures += e.type == domain::EventType::kCaseClosed;
    }
    const auto all = engine.Compute(c, {}, core::Date::FromYmd(2024, 12, 31));
    ASSERT_TRUE(all.ok()) << c.crime << ": " << all.error().message;
    std::vector<std::string_view> seen;
    for (const auto& o : *all) {
      met += o.status == rules::ObligationStatus::kMet;
      late += o.status == rules::ObligationStatus::kMetLate;
      overdue += o.status == rules::ObligationStatus::kOverdue;
      if (o.duty == nullptr || o.duty->id != "information_leaflet") continue;
      ++owed_people;
      enhanced_people += o.enhanced;
    }
  }
  const double enhanced_share =
      static_cast<double>(enhanced_people) / static_cast<double>(owed_people);
  EXPECT_GE(enhanced_share, 0.15);
  EXPECT_LE(enhanced_share, 0.25);
  EXPECT_GT(arrests, 300u);
  EXPECT_GT(closures, 1500u);
  EXPECT_GT(met, late);
  EXPECT_GT(late, 0u);
  EXPECT_GT(overdue, 0u);
}

}  // namespace
}  // namespace cf::synth

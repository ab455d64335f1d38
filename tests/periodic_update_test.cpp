// Periodic updates beyond the scenarios: reminders from local policy, explanations.
#include <gtest/gtest.h>

#include "calendar/calendar_loader.hpp"
#include "rules/explain.hpp"
#include "support/case_builder.hpp"

namespace cf::rules {
namespace {

using testing::CaseBuilder;
using testing::D;

const RuleLibrary& Lib() {
  static const RuleLibrary lib = RuleLibrary::BuiltIn().value();
  return lib;
}

TEST(LocalPolicyReminders, WestMerciaRemindsOnDayFiveAndTwentyOneUntilUpdated) {
  CaseBuilder b;
  b.Recorded("2025-03-03 09:00");
  b.Person("2025-03-03 09:00", "V1");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  Selection s{Lib().FindRuleSet("code-2020"), Lib().FindPolicy("west-mercia")};
  auto all = engine.Compute(b.file(), s, D("2025-03-05")).value();
  const Obligation* first = nullptr;
  for (const auto& o : all) {
    if (o.DutyId() == "periodic_update") first = &o;
  }
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->deadline.ToString(), "2025-03-10");
  ASSERT_TRUE(first->remind_on);
  EXPECT_EQ(first->remind_on->ToString(), "2025-03-08");

  b.Contact("2025-03-07 10:00", "V1");
  all = engine.Compute(b.file(), s, D("2025-03-07")).value();
  int periodic = 0;
  for (const auto& o : all) {
    if (o.DutyId() != "periodic_update") continue;
    if (++periodic == 1) {
      EXPECT_FALSE(o.remind_on) << "no reminder once updated";
    } else {
      ASSERT_TRUE(o.remind_on);
      EXPECT_EQ(o.remind_on->ToString(), "2025-03-28");  // day 21 after 7 Mar
      EXPECT_EQ(o.deadline.ToString(), "2025-04-04");
    }
  }
  EXPECT_EQ(periodic, 2);
}

TEST(Explain, NamesTheSkippedHolidaysAndTheSatisfyingContact) {
  CaseBuilder b;
  b.Recorded("2024-12-23 10:15");
  b.Person("2024-12-23 10:15", "V1");
  b.Add(domain::EventType::kSuspectArrested, "2024-12-24 23:30Z");
  b.Contact("2025-01-03 11:00", "V1");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  Selection s{Lib().FindRuleSet("code-2020"), nullptr};
  const auto all = engine.Compute(b.file(), s, D("2025-03-31")).value();
  const Obligation* arrest = nullptr;
  for (const auto& o : all) {
    if (o.DutyId() == "arrest") arrest = &o;
  }
  ASSERT_NE(arrest, nullptr);
  const std::string text = Explain(engine, b.file(), *arrest, D("2025-03-31"));
  for (const char* expected :
       {"Code 2020, Right 6", "Day 0 is Tue 24 Dec 2024",
        "Wed 25 Dec 2024: skipped, bank holiday (Christmas Day)",
        "Sat 28 Dec 2024: skipped, weekend", "Fri 3 Jan 2025: working day 5 of 5",
        "Deadline: Fri 3 Jan 2025", "Status as of Mon 31 Mar 2025: met", "event e4"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  }
}

TEST(Explain, SaysWhyAPersonIsEnhanced) {
  CaseBuilder b;
  auto& rec = b.Recorded("2025-01-06 10:00");
  rec.offence_date = D("2025-01-05");
  b.Person("2025-01-06 10:00", "V1").date_of_birth = D("2008-01-06");
  b.Add(domain::EventType::kSuspectArrested, "2025-01-07 10:00");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  const auto all =
      engine.Compute(b.file(), {Lib().FindRuleSet("code-2020"), nullptr}, D("2025-01-31")).value();
  for (const auto& o : all) {
    if (o.DutyId() != "arrest") continue;
    const std::string text = Explain(engine, b.file(), o, D("2025-01-31"));
    EXPECT_NE(text.find("under 18 on 2025-01-05 (born 2008-01-06)"), std::string::npos) << text;
    return;
  }
  FAIL() << "no arrest obligation";
}

}  // namespace
}  // namespace cf::rules

// Every duty under every rule set, standard and enhanced, and the rules of who is owed what.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "calendar/calendar_loader.hpp"
#include "rules/engine.hpp"
#include "support/case_builder.hpp"

namespace cf::rules {
namespace {

using domain::Bit;
using domain::ContactOutcome;
using domain::CrimeFlag;
using domain::EventType;
using domain::PersonFlag;
using domain::Role;
using testing::CaseBuilder;
using testing::D;

const RuleLibrary& Lib() {
  static const RuleLibrary lib = RuleLibrary::BuiltIn().value();
  return lib;
}

std::vector<Obligation> Compute(const domain::CaseFile& file, const char* ruleset,
                                const char* as_of, const char* policy = nullptr) {
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  Selection s;
  s.rule_set = ruleset ? Lib().FindRuleSet(ruleset) : nullptr;
  s.policy = policy ? Lib().FindPolicy(policy) : nullptr;
  auto result = engine.Compute(file, s, D(as_of));
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : std::vector<Obligation>{};
}

std::vector<const Obligation*> Find(const std::vector<Obligation>& all, std::string_view duty,
                                    std::string_view person = "V1") {
  std::vector<const Obligation*> out;
  for (const auto& o : all) {
    if (o.DutyId() == duty && o.person == person) out.push_back(&o);
  }
  return out;
}

// Deadlines from victims-code.md section 3, written out here (not read from the rule
// files) so that a wrong rule file fails this test. 0: the duty does not exist.
struct DutyRow {
  const char* duty;
  EventType trigger;
  int std_2006, enh_2006, std_2015, enh_2015, std_2020, enh_2020;
};
constexpr DutyRow kDuties[] = {
    {"not_investigated", EventType::kInvestigationNotPursued, 5, 1, 5, 1, 5, 1},
    {"arrest", EventType::kSuspectArrested, 5, 1, 5, 1, 5, 1},
    {"interview", EventType::kSuspectInterviewed, 0, 0, 5, 1, 5, 1},
    {"released_nfa", EventType::kSuspectReleasedNfa, 5, 1, 5, 1, 5, 1},
    {"bail", EventType::kSuspectBailed, 5, 1, 5, 1, 5, 1},
    {"bail_changed", EventType::kSuspectBailChanged, 5, 1, 5, 1, 5, 1},
    {"released_under_investigation", EventType::kSuspectReleasedUnderInvestigation, 0, 0, 0, 0, 5,
     1},
    {"charge", EventType::kSuspectCharged, 5, 1, 5, 1, 5, 1},
    {"out_of_court_disposal", EventType::kSuspectOutOfCourtDisposal, 5, 1, 5, 1, 5, 1},
    {"no_charge", EventType::kDecisionNoCharge, 5, 1, 5, 1, 5, 1},
    {"closure", EventType::kCaseClosed, 5, 1, 5, 1, 5, 1},
    {"first_hearing", EventType::kCourtHearingSet, 0, 0, 5, 1, 1, 1},
};

// Working days after Tue 3 Dec 2024 (no holidays until Christmas).
const char* DeadlineAfterTue3Dec(int n) {
  switch (n) {
    case 1:
      return "2024-12-04";  // Wed
    case 2:
      return "2024-12-05";  // Thu
    case 5:
      return "2024-12-10";  // Tue
  }
  return "?";
}

struct RuleSetColumn {
  const char* id;
  int DutyRow::*standard;
  int DutyRow::*enhanced;
};
constexpr RuleSetColumn kColumns[] = {
    {"code-2006", &DutyRow::std_2006, &DutyRow::enh_2006},
    {"code-2015", &DutyRow::std_2015, &DutyRow::enh_2015},
    {"code-2020", &DutyRow::std_2020, &DutyRow::enh_2020},
};

TEST(EveryDutyUnderEveryRuleSet, StandardAndEnhancedDeadlines) {
  for (const auto& column : kColumns) {
    for (const auto& row : kDuties) {
      for (const bool enhanced : {false, true}) {
        SCOPED_TRACE(
            fmt::format("{} {} {}", column.id, row.duty, enhanced ? "enhanced" : "standard"));
        CaseBuilder b;
        b.Recorded("2024-12-02 09:00");
        auto& v = b.Person("2024-12-02 09:00", "V1");
        if (enhanced) v.person_flags = Bit(PersonFlag::kVulnerable);
        b.Add(row.trigger, "2024-12-03 10:00");
        const auto all = Compute(b.file(), column.id, "2024-12-31");
        const auto found = Find(all, row.duty);
        const int days = enhanced ? row.*column.enhanced : row.*column.standard;
        if (days == 0) {
          EXPECT_TRUE(found.empty());
          continue;
        }
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0]->deadline.ToString(), DeadlineAfterTue3Dec(days));
        EXPECT_EQ(found[0]->enhanced, enhanced);
        EXPECT_EQ(found[0]->trigger_date.ToString(), "2024-12-03");
        EXPECT_EQ(found[0]->status, ObligationStatus::kOverdue);
      }
    }
  }
}

TEST(EveryDutyUnderEveryRuleSet, ReferralAndLeafletFromThePersonsStart) {
  for (const auto& column : kColumns) {
    for (const bool enhanced : {false, true}) {
      SCOPED_TRACE(fmt::format("{} {}", column.id, enhanced));
      CaseBuilder b;
      b.Recorded("2024-12-03 09:00");
      auto& v = b.Person("2024-12-03 09:00", "V1");
      if (enhanced) v.person_flags = Bit(PersonFlag::kIntimidated);
      const auto all = Compute(b.file(), column.id, "2024-12-31");
      ASSERT_EQ(Find(all, "refer_support").size(), 1u);
      EXPECT_EQ(Find(all, "refer_support")[0]->deadline.ToString(), "2024-12-05");
      EXPECT_EQ(Find(all, "refer_support")[0]->enhanced, enhanced);
      ASSERT_EQ(Find(all, "information_leaflet").size(), 1u);
      EXPECT_EQ(Find(all, "information_leaflet")[0]->deadline.ToString(), "2024-12-10");
    }
  }
}

// Witness Charter 2013 defaults [U]: 5 working days, 1 for a vulnerable or intimidated witness.
TEST(EveryDutyUnderEveryRuleSet, WitnessCharterStandardAndEnhanced) {
  const std::set<std::string> charter = {"charge", "bail", "out_of_court_disposal", "no_charge",
                                         "closure"};
  for (const auto& row : kDuties) {
    for (const bool enhanced : {false, true}) {
      SCOPED_TRACE(fmt::format("witness {} {}", row.duty, enhanced ? "enhanced" : "standard"));
      CaseBuilder b;
      b.Recorded("2024-12-02 09:00");
      auto& w = b.Person("2024-12-02 09:00", "W1", Role::kWitness);
      if (enhanced) w.person_flags = Bit(PersonFlag::kIntimidated);
      b.Add(row.trigger, "2024-12-03 10:00");
      const auto all = Compute(b.file(), "witness-charter-2013", "2024-12-31");
      const auto found = Find(all, row.duty, "W1");
      if (!charter.count(row.duty)) {
        EXPECT_TRUE(found.empty());
        continue;
      }
      ASSERT_EQ(found.size(), 1u);
      EXPECT_EQ(found[0]->deadline.ToString(), DeadlineAfterTue3Dec(enhanced ? 1 : 5));
      EXPECT_EQ(found[0]->enhanced, enhanced);
    }
  }
}

TEST(WitnessCharter, OwesWitnessesOnlyItsOwnDutiesAlongsideTheCode) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Person("2024-12-02 09:30", "W1", Role::kWitness);
  auto& w2 = b.Person("2024-12-02 09:30", "W2", Role::kWitness);
  w2.date_of_birth = D("2010-01-01");  // under 18: a vulnerable witness
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  b.Add(EventType::kSuspectCharged, "2024-12-03 12:00");
  const auto all = Compute(b.file(), nullptr, "2024-12-31");
  EXPECT_TRUE(Find(all, "arrest", "W1").empty());
  EXPECT_TRUE(Find(all, "refer_support", "W1").empty());
  EXPECT_TRUE(Find(all, "periodic_update", "W1").empty());
  ASSERT_EQ(Find(all, "charge", "W1").size(), 1u);
  EXPECT_EQ(Find(all, "charge", "W1")[0]->rule_set->id, "witness-charter-2013");
  EXPECT_EQ(Find(all, "charge", "W1")[0]->deadline.ToString(), "2024-12-10");
  EXPECT_EQ(Find(all, "charge", "W2")[0]->deadline.ToString(), "2024-12-04");
  EXPECT_EQ(Find(all, "charge", "V1")[0]->rule_set->id, "code-2020");
}

TEST(EnhancedCategories, MostSeriousCrimeDiffersBetween2006And2020) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00", "Violence and sexual offences", Bit(CrimeFlag::kDomesticAbuse));
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  EXPECT_TRUE(Find(Compute(b.file(), "code-2020", "2024-12-31"), "arrest")[0]->enhanced);
  EXPECT_TRUE(Find(Compute(b.file(), "code-2015", "2024-12-31"), "arrest")[0]->enhanced);
  EXPECT_FALSE(Find(Compute(b.file(), "code-2006", "2024-12-31"), "arrest")[0]->enhanced);
}

TEST(EnhancedCategories, AgeIsTakenOnTheOffenceDate) {
  for (const auto& [dob, ruleset, enhanced] :
       std::vector<std::tuple<const char*, const char*, bool>>{
           {"2006-12-02", "code-2020", true},      // 17 on the offence date
           {"2006-11-30", "code-2020", false},     // 18 two days before
           {"2007-12-02", "code-2006", true},      // 16: under 17
           {"2006-12-02", "code-2006", false}}) {  // 17: not under 17
    SCOPED_TRACE(fmt::format("{} {}", dob, ruleset));
    CaseBuilder b;
    auto& rec = b.Recorded("2025-01-06 09:00");
    rec.offence_date = D("2024-12-01");
    b.Person("2025-01-06 09:00", "V1").date_of_birth = D(dob);
    b.Add(EventType::kSuspectArrested, "2025-01-07 10:00");
    EXPECT_EQ(Find(Compute(b.file(), ruleset, "2025-01-31"), "arrest")[0]->enhanced, enhanced);
  }
}

TEST(EnhancedCategories, FlagsCountOnlyWhenInForceAtTheTrigger) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  auto& flag = b.Add(EventType::kPersonFlagged, "2024-12-03 11:00");
  flag.person = "V1";
  flag.person_flags = Bit(PersonFlag::kVulnerable);
  b.Add(EventType::kSuspectBailed, "2024-12-03 12:00");
  auto& unflag = b.Add(EventType::kPersonUnflagged, "2024-12-04 09:00");
  unflag.person = "V1";
  unflag.person_flags = Bit(PersonFlag::kVulnerable);
  b.Add(EventType::kSuspectCharged, "2024-12-05 09:00");
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  EXPECT_FALSE(Find(all, "arrest")[0]->enhanced);
  EXPECT_TRUE(Find(all, "bail")[0]->enhanced);
  EXPECT_FALSE(Find(all, "charge")[0]->enhanced);
}

TEST(Satisfaction, LeftMessagesDoNotCountAndCoversMustMatch) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  b.Add(EventType::kSuspectBailed, "2024-12-03 12:00");
  b.Contact("2024-12-04 09:00", "V1", ContactOutcome::kLeftMessage);
  b.Contact("2024-12-05 09:00", "V1", ContactOutcome::kSpoke,
            domain::DutyMask{1} << *domain::ParseDutyId("bail"));
  b.Contact("2024-12-12 09:00", "V1", ContactOutcome::kSmsSent);
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  EXPECT_EQ(Find(all, "bail")[0]->status, ObligationStatus::kMet);
  EXPECT_EQ(Find(all, "bail")[0]->met_at->ToString(), "2024-12-05");
  EXPECT_EQ(Find(all, "arrest")[0]->status, ObligationStatus::kMetLate);
  EXPECT_EQ(Find(all, "arrest")[0]->met_at->ToString(), "2024-12-12");
}

TEST(Satisfaction, AContactBeforeTheTriggerDoesNotCount) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Contact("2024-12-03 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  EXPECT_EQ(Find(Compute(b.file(), "code-2020", "2024-12-31"), "arrest")[0]->status,
            ObligationStatus::kOverdue);
}

TEST(Entitlement, RepresentativesAreOwedNothingButTheirContactsCount) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1").date_of_birth = D("2012-01-01");
  b.Person("2024-12-02 09:05", "G1", Role::kParentGuardian).represents = "V1";
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  b.Contact("2024-12-03 15:00", "G1");
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  for (const auto& o : all) EXPECT_NE(o.person, "G1");
  EXPECT_EQ(Find(all, "arrest")[0]->status, ObligationStatus::kMet);
}

TEST(Entitlement, PeopleAddedAfterTheTriggerAreNotOwedIt) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  b.Person("2024-12-04 09:00", "V1");
  b.Add(EventType::kSuspectCharged, "2024-12-05 10:00");
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  EXPECT_TRUE(Find(all, "arrest").empty());
  EXPECT_EQ(Find(all, "charge").size(), 1u);
  EXPECT_EQ(Find(all, "refer_support")[0]->trigger_date.ToString(),
            "2024-12-04");  // start: person.added
}

TEST(Referral, ConsentIsNeededForDomesticAbuseAndBereavedRelatives) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00", "Violence and sexual offences", Bit(CrimeFlag::kDomesticAbuse));
  b.Person("2024-12-02 09:00", "V1");
  EXPECT_TRUE(Find(Compute(b.file(), "code-2020", "2024-12-31"), "refer_support").empty());
  EXPECT_EQ(Find(Compute(b.file(), "code-2006", "2024-12-31"), "refer_support").size(), 1u);
  b.Add(EventType::kReferralConsented, "2024-12-05 09:00").person = "V1";
  b.Add(EventType::kReferralConsented, "2024-12-09 09:00").person =
      "V1";  // later consents add nothing
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  ASSERT_EQ(Find(all, "refer_support").size(), 1u);
  EXPECT_EQ(Find(all, "refer_support")[0]->deadline.ToString(), "2024-12-09");
}

TEST(Referral, VehicleCrimeIsExcludedIn2006UnlessRepeatVulnerableOrHate) {
  auto owed = [](uint32_t person_flags, uint32_t crime_flags, const char* dob) {
    CaseBuilder b;
    b.Recorded("2024-12-02 09:00", "Vehicle crime", crime_flags);
    auto& v = b.Person("2024-12-02 09:00", "V1");
    v.person_flags = person_flags;
    if (dob) v.date_of_birth = D(dob);
    return !Find(Compute(b.file(), "code-2006", "2024-12-31"), "refer_support").empty();
  };
  EXPECT_FALSE(owed(0, 0, nullptr));
  EXPECT_TRUE(owed(Bit(PersonFlag::kRepeatVictim), 0, nullptr));
  EXPECT_TRUE(owed(Bit(PersonFlag::kVulnerable), 0, nullptr));
  EXPECT_TRUE(owed(0, Bit(CrimeFlag::kHateCrime), nullptr));
  EXPECT_TRUE(owed(0, 0, "2009-01-01"));   // 15: under 17
  EXPECT_FALSE(owed(0, 0, "2007-06-01"));  // 17
}

TEST(Referral, OptOutByTheDeadlineMakesItNotRequiredUnlessAlreadyMet) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kReferralOptedOut, "2024-12-04 09:00").person = "V1";
  EXPECT_EQ(Find(Compute(b.file(), "code-2020", "2024-12-31"), "refer_support")[0]->status,
            ObligationStatus::kNotRequired);
  CaseBuilder late;
  late.Recorded("2024-12-02 09:00");
  late.Person("2024-12-02 09:00", "V1");
  late.Add(EventType::kReferralOptedOut, "2024-12-06 09:00").person = "V1";  // after Wed 4 Dec
  EXPECT_EQ(Find(Compute(late.file(), "code-2020", "2024-12-31"), "refer_support")[0]->status,
            ObligationStatus::kOverdue);
  CaseBuilder met;
  met.Recorded("2024-12-02 09:00");
  met.Person("2024-12-02 09:00", "V1");
  met.Add(EventType::kReferralSent, "2024-12-03 09:00").person = "V1";
  met.Add(EventType::kReferralOptedOut, "2024-12-04 09:00").person = "V1";
  EXPECT_EQ(Find(Compute(met.file(), "code-2020", "2024-12-31"), "refer_support")[0]->status,
            ObligationStatus::kMet);
}

TEST(OptOut, EventDutiesBecomeNotRequiredButReferralAndLeafletStay) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Contract("2024-12-02 10:00", "V1", false);
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  EXPECT_EQ(Find(all, "arrest")[0]->status, ObligationStatus::kNotRequired);
  EXPECT_EQ(Find(all, "arrest")[0]->reason, NotRequiredReason::kOptedOutOfUpdates);
  EXPECT_EQ(Find(all, "refer_support")[0]->status, ObligationStatus::kOverdue);
  EXPECT_EQ(Find(all, "information_leaflet")[0]->status, ObligationStatus::kOverdue);
}

TEST(Leaflet, NeedsAssessmentWithLeafletGivenSatisfiesIt) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  auto& needs = b.Add(EventType::kNeedsAssessed, "2024-12-04 09:00");
  needs.person = "V1";
  needs.leaflet_given = true;
  EXPECT_EQ(Find(Compute(b.file(), "code-2020", "2024-12-31"), "information_leaflet")[0]->status,
            ObligationStatus::kMet);
}

TEST(Closure, ChargedOutcomeOwesNoClosureDuty) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Closed("2024-12-03 09:00", domain::CaseOutcome::kCharged);
  EXPECT_TRUE(Find(Compute(b.file(), "code-2020", "2024-12-31"), "closure").empty());
}

TEST(AsOf, EventsAfterTheDateDoNotExistYet) {
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  b.Contact("2024-12-06 10:00", "V1");
  const auto before = Compute(b.file(), "code-2020", "2024-12-02");
  EXPECT_TRUE(Find(before, "arrest").empty());
  const auto open = Compute(b.file(), "code-2020", "2024-12-05");
  EXPECT_EQ(Find(open, "arrest")[0]->status, ObligationStatus::kOpen);
  EXPECT_EQ(Find(Compute(b.file(), "code-2020", "2024-12-06"), "arrest")[0]->status,
            ObligationStatus::kMet);
  EXPECT_TRUE(Compute(b.file(), "code-2020", "2024-12-01").empty());
}

TEST(Clock, AnEventBeforeTheRecordingCountsAsHappeningAtIt) {
  CaseBuilder b;
  b.Recorded("2024-12-03 09:00");
  b.Person("2024-12-03 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-02 22:00");  // before recording
  const auto all = Compute(b.file(), "code-2020", "2024-12-31");
  EXPECT_EQ(Find(all, "arrest")[0]->trigger_date.ToString(), "2024-12-03");
}

TEST(Errors, WorkingDaysPastTheCalendarAreAnErrorForTheCase) {
  CaseBuilder b;
  b.Recorded("2027-12-30 09:00");
  b.Person("2027-12-30 09:00", "V1");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  const auto result = engine.Compute(b.file(), {}, D("2028-01-31"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("past the holiday data"), std::string::npos)
      << result.error().message;
}

TEST(Errors, NoCodeInForceBefore2006) {
  CaseBuilder b;
  b.Recorded("2006-03-01 09:00");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  const auto result = engine.Compute(b.file(), {}, D("2006-12-31"));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("--ruleset"), std::string::npos);
}

TEST(LocalPolicy, DutyOverridesOnlyEverShorten) {
  auto policy = ParsePolicy(R"(id = "strict"
title = "t"
source = "s"
[duty.arrest]
standard_working_days = 3
enhanced_working_days = 2
)",
                            "strict.toml");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  CaseBuilder b;
  b.Recorded("2024-12-02 09:00");
  b.Person("2024-12-02 09:00", "V1");
  b.Add(EventType::kSuspectArrested, "2024-12-03 10:00");
  ObligationEngine engine(Lib(), calendar::EnglandAndWales());
  Selection s{Lib().FindRuleSet("code-2020"), &*policy};
  const auto all = engine.Compute(b.file(), s, D("2024-12-31")).value();
  EXPECT_EQ(Find(all, "arrest")[0]->deadline.ToString(), "2024-12-06");  // 3 working days
  EXPECT_TRUE(Find(all, "arrest")[0]->policy_shortened);
}

}  // namespace
}  // namespace cf::rules

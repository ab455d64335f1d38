// The staff use cases (app/staff_actions.hpp) on the in-memory repositories and a fake clock:
// no SQLite and no server. Each checks the actor's rights, writes the audit record and returns
// an error whose code the HTTP layer maps to a status, so these run in milliseconds.
#include "app/staff_actions.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/import.hpp"
#include "calendar/calendar_loader.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/users.hpp"

namespace cf::app {
namespace {

using core::ErrorCode;

// Mon 3 Mar 2025 09:00 Europe/London (GMT): 09:00 UTC.
constexpr core::Instant kMonday0900 = 1740992400000;

constexpr const char* kCases =
    R"({"id":"n1","type":"crime.recorded","crime":"N/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Burglary","unit":"N1","officer":"PC101"}
{"id":"n2","type":"person.added","crime":"N/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
{"id":"n3","type":"decision.no_charge","crime":"N/1/24","at":"2024-12-05T10:00:00Z","vrr_eligible":true}
{"id":"s1","type":"crime.recorded","crime":"S/1/24","at":"2024-12-02T10:00:00Z","crime_type":"Robbery","unit":"S1","officer":"PC201"}
{"id":"s2","type":"person.added","crime":"S/1/24","at":"2024-12-02T10:00:00Z","person":"V1","role":"victim"}
)";

class StaffActions : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, role, unit, officer] :
         {std::tuple{"officer_n", "officer", "N1", "PC101"},
          std::tuple{"officer_s", "officer", "S1", "PC201"},
          std::tuple{"supervisor_n", "supervisor", "N1", "SGT1"},
          std::tuple{"analyst", "analyst", "HQ", "A1"}}) {
      ASSERT_TRUE(stores_.accounts->AddUser(StaffUser(name, role, unit, officer)));
    }
    ImportOptions options;
    options.source = "test";
    options.now = "2025-03-03T09:00:00Z";
    ASSERT_TRUE(ImportJsonLines(s_.cases, s_.engine, s_.library, kCases, options).written);
  }
  Actor As(const std::string& name) { return {*stores_.accounts->FindUser(name), "10.0.0.7"}; }
  // The newest audit entry of `user`.
  storage::AuditEntry LastAudit(const std::string& user) {
    const auto log = stores_.accounts->AuditLog(user, "", 1);
    return log.empty() ? storage::AuditEntry{} : log.front();
  }

  core::FakeClock clock_{kMonday0900};
  const rules::RuleLibrary lib_ = rules::RuleLibrary::BuiltIn().value();
  storage::MemoryStores stores_ = storage::OpenMemoryStores(clock_);
  Services s_{clock_,         calendar::EnglandAndWales(), lib_,
              *stores_.cases, *stores_.accounts,           *stores_.assessments};
};

TEST_F(StaffActions, ClosingChecksTheRoleAndUnitThenTheGateAndAuditsEachOutcome) {
  const CloseCommand close{"staff:c1", "N/1/24", "evidential_difficulties", "no prospect", ""};
  const auto other_unit = CloseCaseAs(s_, As("officer_s"), close);
  ASSERT_FALSE(other_unit);
  EXPECT_EQ(other_unit.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit("officer_s").action, "denied_close");
  EXPECT_EQ(CaseFor(s_, As("analyst"), "N/1/24", "view").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(CloseCaseAs(s_, As("analyst"), close).error().code, ErrorCode::kPermissionDenied);

  const auto refused = CloseCaseAs(s_, As("officer_n"), close);
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_FALSE(refused->closed);
  ASSERT_EQ(refused->untold.size(), 1u);
  EXPECT_EQ(refused->untold[0].duty, "no_charge");
  EXPECT_EQ(LastAudit("officer_n").action, "close_refused");
  // An officer's override reason does not open the gate; a supervisor's does.
  CloseCommand overriding = close;
  overriding.override_reason = "victim moved abroad";
  EXPECT_FALSE(CloseCaseAs(s_, As("officer_n"), overriding)->closed);
  clock_.Advance(60'000);
  const auto closed = CloseCaseAs(s_, As("supervisor_n"), overriding);
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->closed);
  EXPECT_TRUE(closed->overridden);
  const auto audit = LastAudit("supervisor_n");
  EXPECT_EQ(audit.action, "closed_case_override");
  EXPECT_EQ(audit.detail, "victim moved abroad");
  EXPECT_EQ(audit.at, "2025-03-03T09:01:00Z") << "stamped by the injected clock";
  EXPECT_EQ(audit.source, "10.0.0.7");
  EXPECT_TRUE(stores_.cases->FindCase("N/1/24")->closed);
  EXPECT_EQ(CloseCaseAs(s_, As("supervisor_n"), overriding).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CloseCaseAs(s_, As("supervisor_n"), {"staff:c9", "X/9", "other", "r", ""}).error().code,
            ErrorCode::kNotFound);
}

TEST_F(StaffActions, ReassigningIsForSupervisorsAndMovesAllTheCasesOrNone) {
  EXPECT_EQ(ReassignCasesAs(s_, As("officer_n"), {"N/1/24"}, "PC102", "").error().code,
            ErrorCode::kPermissionDenied);
  const auto mixed = ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24", "S/1/24"}, "PC102", "");
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(mixed.error().message.find("S/1/24"), std::string::npos);
  EXPECT_EQ(stores_.cases->FindCase("N/1/24")->officer, "PC101") << "none moved";
  EXPECT_EQ(ReassignCasesAs(s_, As("supervisor_n"), {}, "PC102", "").error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(ReassignCasesAs(s_, As("supervisor_n"), {"N/1/24"}, "PC102", ""));
  EXPECT_EQ(stores_.cases->FindCase("N/1/24")->officer, "PC102");
  const auto audit = LastAudit("supervisor_n");
  EXPECT_EQ(audit.action, "reassigned_case");
  EXPECT_EQ(audit.detail, "from PC101 to PC102");
}

TEST_F(StaffActions, AContactIsPreviewedWithoutTraceThenRecordedAndAudited) {
  ContactRequest contact;
  contact.event_id = "staff:k1";
  contact.crime = "N/1/24";
  contact.person = "V1";
  contact.channel = "phone";
  contact.outcome = "spoke";
  contact.at = clock_.Now();
  EXPECT_EQ(RecordContactAs(s_, As("analyst"), contact, false).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(RecordContactAs(s_, As("officer_s"), contact, false).error().code,
            ErrorCode::kPermissionDenied);
  const auto events = stores_.cases->EventCount();
  const auto preview = RecordContactAs(s_, As("officer_n"), contact, true);
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_FALSE(preview->empty());
  EXPECT_EQ(stores_.cases->EventCount(), events) << "a preview records nothing";
  EXPECT_NE(LastAudit("officer_n").action, "recorded_contact");
  const auto recorded = RecordContactAs(s_, As("officer_n"), contact, false);
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->size(), preview->size());
  EXPECT_EQ(stores_.cases->EventCount(), events + 1);
  const auto stored = nlohmann::json::parse(stores_.cases->EventBodies("N/1/24").back());
  EXPECT_EQ(stored["at"], "2025-03-03T09:00:00Z");
  EXPECT_EQ(stored["by"], "PC101") << "recorded as the actor, whatever the request said";
  EXPECT_EQ(LastAudit("officer_n").action, "recorded_contact");
}

}  // namespace
}  // namespace cf::app

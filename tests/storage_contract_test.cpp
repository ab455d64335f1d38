// The repository contract: every backend of the case, account and assessment stores must
// pass these. Each suite runs on SQLite, on PostgreSQL (a schema per test on the server
// CF_TEST_POSTGRESQL names: tests/support/postgresql.hpp) and on the in-memory fakes that
// use-case tests use (src/storage/memory). None is SQLite's alone: the one test that reopens a
// store asks only that a reopened store has every migration, which a new in-memory store has
// too.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include "core/clock.hpp"
#include "rules/status.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/audit_chain.hpp"
#include "storage/case_store.hpp"
#include "storage/memory/memory_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/sqlite/group_commit.hpp"
#include "support/case_builder.hpp"
#include "support/messages.hpp"
#include "support/postgresql.hpp"

namespace cf::storage {
namespace {

using core::Date;
using testing::D;

struct Backend {
  std::string name;
  std::function<std::unique_ptr<CaseStore>(const std::string& dir)> open;
};

// A failing test names its backend.
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

// A fresh folder per test for a backend's files.
struct TestFolder {
  TestFolder() {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TestFolder() { std::filesystem::remove_all(path); }
  const std::string path = ::testing::TempDir() + "cf_contract_" + std::to_string(::getpid()) +
                           "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
};

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    CF_REQUIRE_POSTGRESQL_FOR(GetParam().name);
    dir_ = folder_.path;
    store_ = GetParam().open(dir_);
  }
  void TearDown() override { store_.reset(); }
  TestFolder folder_;

  ObligationRow Row(const std::string& crime, int n, const std::string& deadline,
                    bool settled = false, const std::string& officer = "PC1",
                    const std::string& duty = "arrest") {
    ObligationRow r;
    r.crime = crime;
    r.n = n;
    r.person = "V1";
    r.duty = duty;
    r.rule_set = "code-2020";
    r.trigger_event = "e1";
    r.trigger_date = D("2024-12-02");
    r.deadline = D(deadline);
    r.settled = settled;
    r.officer = officer;
    r.unit = officer == "PC1" ? "N1" : "S1";
    r.crime_type = "Burglary";
    return r;
  }
  CaseRow Case(const std::string& crime, const std::string& officer = "PC1",
               const std::string& last = "2024-12-02", const std::string& as_of = "2024-12-02") {
    return {crime,    "Burglary",      officer == "PC1" ? "N1" : "S1",
            officer,  D("2024-12-02"), D(last),
            D(as_of), "code-2020",     false,
            "",       std::nullopt};
  }

  std::string dir_;
  std::unique_ptr<CaseStore> store_;
};

const std::vector<int> kAllMigrations = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12,
                                         13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                                         25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35};

CallBack Raise(const std::string& crime, const std::string& person, const std::string& request,
               const std::string& at) {
  CallBack c;
  c.crime = crime;
  c.person = person;
  c.request = request;
  c.raised_by = "bureau";
  c.raised_at = at;
  return c;
}

ReferralRow Referral(const std::string& key, const std::string& crime, const std::string& sent_by,
                     domain::ReferralStatus status, const std::string& at) {
  ReferralRow r;
  r.key = key;
  r.crime = crime;
  r.person = "V1";
  r.sent_by = sent_by;
  r.status = status;
  r.created_at = at;
  return r;
}

TEST_P(StoreContract, MigrationsAreRecordedAndAppliedOnce) {
  EXPECT_EQ(store_->AppliedMigrations(), kAllMigrations);
  store_->Migrate();
  EXPECT_EQ(store_->AppliedMigrations(), kAllMigrations);
  store_.reset();
  store_ = GetParam().open(dir_);  // reopening an existing store
  EXPECT_EQ(store_->AppliedMigrations(), kAllMigrations);
}

TEST_P(StoreContract, EventsAreAppendedAndReadBackInLogOrder) {
  store_->Begin();
  const auto import_id = store_->StartImport("test", "2024-12-02T10:00:00Z");
  store_->AppendEvent({"b", "C/1", "crime.recorded", "2024-12-02T10:00:00Z", "h2", "{\"n\":2}"},
                      import_id);
  store_->AppendEvent({"a", "C/1", "person.added", "2024-12-01T10:00:00Z", "h1", "{\"n\":1}"},
                      import_id);
  store_->AppendEvent({"c", "C/2", "crime.recorded", "2024-12-02T10:00:00Z", "h3", "{\"n\":3}"},
                      import_id);
  store_->AppendEvent({"d", "C/0", "crime.recorded", "2024-12-02T10:00:00Z", "h4", "{\"n\":4}"},
                      import_id);
  store_->Commit();
  EXPECT_EQ(store_->EventBodies("C/1"), (std::vector<std::string>{"{\"n\":2}", "{\"n\":1}"}));
  EXPECT_EQ(store_->EventHash("a"), "h1");
  EXPECT_FALSE(store_->EventHash("zzz"));
  EXPECT_EQ(store_->EventCount(), 4);
  std::vector<std::string> crimes;
  store_->ForEachCase([&](const std::string& crime, const std::vector<std::string>& bodies) {
    crimes.push_back(crime + ":" + std::to_string(bodies.size()));
  });
  EXPECT_EQ(crimes, (std::vector<std::string>{"C/1:2", "C/2:1", "C/0:1"}))
      << "in the order the log first names them";
}

TEST_P(StoreContract, AnEventIdIsStoredOnce) {
  store_->Begin();
  const auto import_id = store_->StartImport("test", "t");
  store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, import_id);
  EXPECT_THROW(store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, import_id),
               StorageError);
  store_->Rollback();
}

TEST_P(StoreContract, RollbackLeavesNothingBehind) {
  {
    Transaction tx(*store_);
    const auto import_id = store_->StartImport("test", "t");
    store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, import_id);
    store_->ReplaceCase(Case("C/1"),
                        {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel",
                          "mrs ann patel 07700900123 ann@example.org"}},
                        {Row("C/1", 1, "2024-12-09")});
  }  // not committed
  EXPECT_EQ(store_->EventCount(), 0);
  EXPECT_FALSE(store_->CrimeExists("C/1"));
}

TEST_P(StoreContract, AnObligationIsTheCasesItIsStoredWith) {
  store_->Begin();
  store_->ReplaceCase(Case("C/2"), {}, {});
  store_->ReplaceCase(Case("C/3"), {{"V1", domain::Role::kVictim, "", "Zoe Adams", ""}},
                      {Row("C/3", 1, "2024-12-09")});
  EXPECT_THROW(store_->ReplaceCase(Case("C/1"), {}, {Row("C/2", 1, "2024-12-09")}), StorageError);
  // Refused before anything of the stored case is touched, even with the write kept.
  EXPECT_THROW(store_->ReplaceCase(Case("C/3"), {}, {Row("C/2", 1, "2024-12-09")}), StorageError);
  store_->Commit();
  EXPECT_FALSE(store_->CrimeExists("C/1"));
  EXPECT_TRUE(store_->CaseObligations("C/2").empty());
  EXPECT_EQ(store_->CaseObligations("C/3").size(), 1u);
  EXPECT_EQ(store_->CasePeople("C/3").size(), 1u);
}

TEST_P(StoreContract, ANestedTransactionRollsBackOnlyItsOwnWork) {
  Transaction outer(*store_);
  const auto import_id = store_->StartImport("test", "t");
  store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, import_id);
  {
    Transaction inner(*store_);
    store_->AppendEvent({"b", "C/1", "person.added", "t", "h", "{}"}, import_id);
  }  // inner not committed
  {
    Transaction inner(*store_);
    store_->AppendEvent({"c", "C/1", "contact.made", "t", "h", "{}"}, import_id);
    inner.Commit();
  }
  outer.Commit();
  EXPECT_EQ(store_->EventCount(), 2);
  EXPECT_FALSE(store_->EventHash("b"));
  EXPECT_TRUE(store_->EventHash("c"));
}

TEST_P(StoreContract, RollbackPutsBackWhatItReplacedChangedOrCleared) {
  store_->SetSetting("ruleset", "code-2020");
  store_->RecordReferral(Referral("C/1|V1|e1", "C/1", "file:/d/a.csv",
                                  domain::ReferralStatus::kSent, "2024-12-03T09:00:00Z"));
  store_->Begin();
  store_->ReplaceCase(Case("C/1"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel", "mrs ann patel"}},
                      {Row("C/1", 1, "2024-12-09"), Row("C/1", 2, "2024-12-10")});
  store_->Commit();
  {
    Transaction outer(*store_);
    store_->SetSetting("ruleset", "code-2015");
    {
      Transaction inner(*store_);
      store_->ReplaceCase(Case("C/1", "PC2"), {}, {Row("C/1", 1, "2024-12-11", false, "PC2")});
      store_->SetReferralStatus("C/1|V1|e1", domain::ReferralStatus::kAccepted,
                                "2024-12-06T10:00:00Z", "worker");
      store_->ClearDerived();
    }  // inner not committed
    EXPECT_EQ(store_->FindCase("C/1")->officer, "PC1");
    EXPECT_EQ(store_->Setting("ruleset"), "code-2015") << "the outer change stands";
  }  // outer not committed
  EXPECT_EQ(store_->Setting("ruleset"), "code-2020");
  EXPECT_EQ(store_->Referral("C/1|V1|e1")->status, domain::ReferralStatus::kSent);
  EXPECT_TRUE(store_->PersonExists("C/1", "V1"));
  const auto rows = store_->CaseObligations("C/1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].deadline, D("2024-12-09"));
  EXPECT_EQ(rows[0].officer, "PC1");
  EXPECT_EQ(store_->OpenObligations({"PC1", ""}, Date::FromYmd(2024, 12, 5), 0).size(), 2u);
}

TEST_P(StoreContract, ACallBackKeepsWhatWasAskedFor) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {});
  store_->Commit();
  store_->AddCallBack(Raise("C/1", "V1", "any news?", "2024-12-03T10:00:00Z"));
  auto message = Raise("C/1", "V1", "a message", "2024-12-03T11:00:00Z");
  message.kind = "message";
  store_->AddCallBack(message);
  const auto open = store_->OpenCallBacks({}, 10);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].kind, "call_back") << "unsaid is a call back";
  EXPECT_EQ(open[1].kind, "message");
  EXPECT_EQ(store_->CaseCallBacks("C/1")[0].kind, "message");
}

TEST_P(StoreContract, CallBacksFollowTheCasesOfficerAndCloseOnceDone) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {});
  store_->ReplaceCase(Case("C/2", "PC2"), {}, {});
  store_->Commit();
  const int64_t first =
      store_->AddCallBack(Raise("C/1", "V1", "any news?", "2024-12-03T10:00:00Z"));
  const int64_t second =
      store_->AddCallBack(Raise("C/1", "W1", "when is court?", "2024-12-02T09:00:00Z"));
  store_->AddCallBack(Raise("C/2", "V1", "is he still on bail?", "2024-12-04T09:00:00Z"));
  EXPECT_NE(first, second);
  auto mine = store_->OpenCallBacks({"PC1", ""}, 10);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].request, "when is court?") << "oldest first";
  EXPECT_EQ(mine[0].officer, "PC1");
  EXPECT_EQ(store_->OpenCallBacks({"", "S1"}, 10).size(), 1u);
  EXPECT_EQ(store_->OpenCallBacks({}, 10).size(), 3u);
  EXPECT_EQ(store_->OpenCallBacks({}, 1).size(), 1u);
  // Reassigning the case moves its call-backs with it.
  store_->Begin();
  store_->ReplaceCase(Case("C/1", "PC2"), {}, {});
  store_->Commit();
  EXPECT_TRUE(store_->OpenCallBacks({"PC1", ""}, 10).empty());
  EXPECT_EQ(store_->OpenCallBacks({"PC2", ""}, 10).size(), 3u);
  // Done by id (only on its own crime), or every open one for a person.
  EXPECT_EQ(
      store_->CompleteCallBacks("C/2", first, "", "PC2", "2024-12-05T10:00:00Z", "wrong crime"), 0);
  EXPECT_EQ(store_->CompleteCallBacks("C/1", first, "", "PC2", "2024-12-05T10:00:00Z", "rang back"),
            1);
  EXPECT_EQ(store_->CompleteCallBacks("C/1", first, "", "PC2", "2024-12-05T11:00:00Z", "again"), 0)
      << "already done";
  EXPECT_EQ(
      store_->CompleteCallBacks("C/1", 0, "W1", "PC2", "2024-12-05T12:00:00Z", "contact recorded"),
      1);
  const auto all = store_->CaseCallBacks("C/1");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].request, "any news?") << "newest first";
  EXPECT_EQ(all[0].done_by, "PC2");
  EXPECT_EQ(all[0].outcome, "rang back");
  EXPECT_EQ(all[1].outcome, "contact recorded");
  EXPECT_EQ(store_->OpenCallBacks({"PC2", ""}, 10).size(), 1u);
}

TEST_P(StoreContract, ReplaceCaseReplacesEverythingDerived) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel",
                        "mrs ann patel 07700900123 ann@example.org"},
                       {"G1", domain::Role::kParentGuardian, "V1", "", ""}},
                      {Row("C/1", 1, "2024-12-09"), Row("C/1", 2, "2024-12-10")});
  store_->Commit();
  EXPECT_TRUE(store_->CrimeExists("C/1"));
  EXPECT_TRUE(store_->PersonExists("C/1", "G1"));
  EXPECT_EQ(store_->CaseObligations("C/1").size(), 2u);
  store_->Begin();
  store_->ReplaceCase(Case("C/1", "PC2"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel",
                        "mrs ann patel 07700900123 ann@example.org"}},
                      {Row("C/1", 1, "2024-12-11", false, "PC2")});
  store_->Commit();
  EXPECT_FALSE(store_->PersonExists("C/1", "G1"));
  const auto rows = store_->CaseObligations("C/1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].deadline, D("2024-12-11"));
  EXPECT_EQ(rows[0].officer, "PC2");
  EXPECT_EQ(store_->FindCase("C/1")->officer, "PC2");
  EXPECT_EQ(store_->CaseCount(), 1);
}

// Issue 13: the queue is live work only, one line per person's updates, filtered, sorted and
// paged in the store, alike in every backend.
TEST_P(StoreContract, TheQueueIsLiveWorkOneLinePerPersonsUpdatesFilteredSortedAndPaged) {
  auto update = [&](const std::string& crime, int n, const std::string& person,
                    const std::string& deadline, bool line) {
    auto r = Row(crime, n, deadline, false, "PC1", "periodic_update");
    r.person = person;
    r.queue_line = line;
    return r;
  };
  auto closed = Case("C/9");
  closed.closed = true;
  auto missed = Row("C/9", 1, "2024-12-01");
  missed.case_closed = true;
  auto enhanced = Row("C/2", 1, "2024-12-06", false, "PC1", "needs_assessment");
  enhanced.enhanced = true;
  enhanced.crime_type = "Robbery";
  store_->Begin();
  store_->ReplaceCase(
      Case("C/1"),
      {{"V1", domain::Role::kVictim, "", "Zoe Adams", ""},
       {"V2", domain::Role::kVictim, "", "Amir Bell", ""}},
      {update("C/1", 1, "V1", "2024-12-04", true), update("C/1", 2, "V1", "2024-12-24", false),
       update("C/1", 3, "V1", "2025-01-14", false), Row("C/1", 4, "2024-12-10"),
       update("C/1", 5, "V2", "2024-12-09", true)});
  store_->ReplaceCase(Case("C/2"), {}, {enhanced});
  store_->ReplaceCase(closed, {}, {missed});
  store_->Commit();
  QueueQuery q;
  q.scope = {"PC1", ""};
  q.as_of = D("2024-12-05");
  const auto all = store_->Queue(q);
  // The closed case's duty is not a line; V1's three updates are one line.
  ASSERT_EQ(all.total, 4);
  ASSERT_EQ(all.lines.size(), 4u);
  EXPECT_EQ(all.lines[0].row.deadline, D("2024-12-04"));
  EXPECT_EQ(all.lines[0].more_updates, 2);
  EXPECT_EQ(all.lines[0].person_name, "Zoe Adams");
  EXPECT_EQ(all.lines[1].row.duty, "needs_assessment");
  EXPECT_EQ(all.lines[2].row.person, "V2");
  EXPECT_EQ(all.lines[2].more_updates, 0);
  EXPECT_EQ(all.lines[3].row.n, 4);
  // Pages: the total is of every page.
  q.limit = 3;
  q.offset = 3;
  const auto last = store_->Queue(q);
  EXPECT_EQ(last.total, 4);
  ASSERT_EQ(last.lines.size(), 1u);
  EXPECT_EQ(last.lines[0].row.n, 4);
  // Sorted by person's name, then by crime.
  q.offset = 0;
  q.limit = 0;
  q.sort = QueueSort::kPerson;
  const auto by_name = store_->Queue(q);
  ASSERT_EQ(by_name.lines.size(), 4u);
  EXPECT_EQ(by_name.lines[0].row.crime, "C/2");  // no name sorts first
  EXPECT_EQ(by_name.lines[1].person_name, "Amir Bell");
  q.sort = QueueSort::kCrime;
  EXPECT_EQ(store_->Queue(q).lines[3].row.crime, "C/2");
  // Filters: deadline range, duty, crime type, enhanced.
  q.sort = QueueSort::kDeadline;
  q.due_after = D("2024-12-04");
  q.due_by = D("2024-12-09");
  EXPECT_EQ(store_->Queue(q).total, 2);
  q.due_after.reset();
  q.due_by.reset();
  q.duty = "periodic_update";
  EXPECT_EQ(store_->Queue(q).total, 2);
  q.duty.clear();
  q.crime_type = "Robbery";
  EXPECT_EQ(store_->Queue(q).total, 1);
  q.crime_type.clear();
  q.enhanced_only = true;
  EXPECT_EQ(store_->Queue(q).total, 1);
  EXPECT_EQ(store_->OpenCrimeTypes({"PC1", ""}), (std::vector<std::string>{"Burglary", "Robbery"}));
  EXPECT_TRUE(store_->OpenCrimeTypes({"PC2", ""}).empty());
  // Counts leave the closed case out too.
  EXPECT_EQ(store_->CountOpen({"PC1", ""}, D("2024-12-05"), D("2024-12-01")).total, 6);
  EXPECT_EQ(store_->OpenObligations({"PC1", ""}, D("2024-12-05"), 0).size(), 6u);
}

TEST_P(StoreContract, DutiesMissedBeforeClosureListUntilAcknowledgedAndTheAcknowledgementLasts) {
  auto closed = Case("C/9");
  closed.closed = true;
  auto first = Row("C/9", 1, "2024-12-03");
  auto second = Row("C/9", 2, "2024-12-01");
  first.case_closed = second.case_closed = true;
  second.duty = "needs_assessment";
  store_->Begin();
  store_->ReplaceCase(closed, {{"V1", domain::Role::kVictim, "", "Zoe Adams", ""}},
                      {first, second, Row("C/9", 3, "2024-12-02", true)});
  store_->ReplaceCase(Case("C/1"), {}, {Row("C/1", 1, "2024-12-01")});
  store_->Commit();
  auto page = store_->MissedAtClosure({"", "N1"}, 0, 50);
  ASSERT_EQ(page.total, 2);
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].row.duty, "needs_assessment");  // earliest deadline first
  EXPECT_EQ(page.lines[0].person_name, "Zoe Adams");
  EXPECT_EQ(store_->MissedAtClosure({"", "S1"}, 0, 50).total, 0);
  EXPECT_EQ(store_->MissedAtClosure({"", "N1"}, 1, 50).lines.size(), 1u);

  const MissedAcknowledgement ack{"C/9",
                                  "V1",
                                  "needs_assessment",
                                  1,
                                  "Officer moved; victim told by letter",
                                  "SGT1",
                                  "2024-12-05T10:00:00Z"};
  store_->Begin();
  EXPECT_TRUE(store_->AcknowledgeMissed(ack));
  EXPECT_FALSE(store_->AcknowledgeMissed(ack));  // once
  store_->Commit();
  // Recomputing the case does not bring it back.
  store_->Begin();
  store_->ReplaceCase(closed, {}, {first, second});
  store_->Commit();
  page = store_->MissedAtClosure({"", "N1"}, 0, 50);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.lines[0].row.duty, "arrest");
  const auto kept = store_->MissedAcknowledgementOf("C/9", "V1", "needs_assessment", 1);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->note, "Officer moved; victim told by letter");
  EXPECT_EQ(kept->by, "SGT1");
  EXPECT_FALSE(store_->MissedAcknowledgementOf("C/9", "V1", "arrest", 1).has_value());
}

TEST_P(StoreContract, OpenObligationsAreScopedFilteredAndMostUrgentFirst) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {},
                      {Row("C/1", 1, "2024-12-10"), Row("C/1", 2, "2024-12-04"),
                       Row("C/1", 3, "2024-12-01", true)});
  store_->ReplaceCase(Case("C/2", "PC2"), {}, {Row("C/2", 1, "2024-12-03", false, "PC2")});
  auto future = Row("C/2", 2, "2024-12-20", false, "PC2");
  future.trigger_date = D("2024-12-15");  // does not exist yet on 2024-12-05
  store_->ReplaceCase(Case("C/3", "PC2"), {}, {});
  store_->Commit();
  store_->Begin();
  store_->ReplaceCase(Case("C/2", "PC2"), {}, {Row("C/2", 1, "2024-12-03", false, "PC2"), future});
  store_->Commit();
  const auto all = store_->OpenObligations({}, Date::FromYmd(2024, 12, 5), 0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].deadline, D("2024-12-03"));
  EXPECT_EQ(all[1].deadline, D("2024-12-04"));
  EXPECT_EQ(all[2].deadline, D("2024-12-10"));
  EXPECT_EQ(store_->OpenObligations({"PC1", ""}, Date::FromYmd(2024, 12, 5), 0).size(), 2u);
  EXPECT_EQ(store_->OpenObligations({"", "S1"}, Date::FromYmd(2024, 12, 5), 0).size(), 1u);
  EXPECT_EQ(store_->OpenObligations({}, Date::FromYmd(2024, 12, 5), 1).size(), 1u);
  EXPECT_EQ(store_->OpenObligations({"PC1", "N1"}, Date::FromYmd(2024, 12, 5), 0).size(), 2u);
  EXPECT_TRUE(store_->OpenObligations({"PC2", "N1"}, Date::FromYmd(2024, 12, 5), 0).empty());
  const auto by_officer =
      store_->CountOpenByOfficer("N1", Date::FromYmd(2024, 12, 5), Date::FromYmd(2024, 12, 3));
  ASSERT_EQ(by_officer.size(), 1u);
  EXPECT_EQ(by_officer[0].officer, "PC1");
  EXPECT_EQ(by_officer[0].counts.total, 2);
  EXPECT_EQ(by_officer[0].counts.due_by_as_of, 1);
  const auto counts = store_->CountOpen({}, Date::FromYmd(2024, 12, 5), Date::FromYmd(2024, 12, 3));
  EXPECT_EQ(counts.total, 3);
  EXPECT_EQ(counts.due_by_red_until, 1);
  EXPECT_EQ(counts.due_by_as_of, 2);
  EXPECT_EQ(
      store_->CountOpen({"PC2", ""}, Date::FromYmd(2024, 12, 5), Date::FromYmd(2024, 12, 3)).total,
      1);
  EXPECT_EQ(store_->CountOpen({}, Date::FromYmd(2024, 12, 16), Date::FromYmd(2024, 12, 3)).total,
            4);
}

TEST_P(StoreContract, FindsCasesNewerThanADayAndCasesToBringForward) {
  auto stale = Case("C/1", "PC1", "2024-12-02", "2024-12-02");
  stale.stale_after = D("2024-12-30");
  store_->Begin();
  store_->ReplaceCase(stale, {}, {Row("C/1", 1, "2024-12-30", false, "PC1", "periodic_update")});
  store_->ReplaceCase(Case("C/2", "PC1", "2024-12-20", "2024-12-20"), {},
                      {Row("C/2", 1, "2024-12-10")});
  store_->Commit();
  EXPECT_EQ(store_->CrimesWithEventsAfter({}, Date::FromYmd(2024, 12, 10)),
            std::vector<std::string>{"C/2"});
  EXPECT_TRUE(store_->CrimesToRollForward({}, Date::FromYmd(2024, 12, 30)).empty());
  EXPECT_EQ(store_->CrimesToRollForward({}, Date::FromYmd(2024, 12, 31)),
            std::vector<std::string>{"C/1"});
  EXPECT_TRUE(store_->CrimesToRollForward({"PC9", ""}, Date::FromYmd(2024, 12, 31)).empty());
}

TEST_P(StoreContract, ComplianceCountsByGroupAndStatusAsOfADay) {
  auto met = Row("C/1", 1, "2024-12-09", true);
  met.met_at = D("2024-12-05");
  auto late = Row("C/1", 2, "2024-12-09", true, "PC1", "bail");
  late.met_at = D("2024-12-12");
  auto nr = Row("C/1", 3, "2024-12-09", true);
  nr.not_required = "opted_out_of_updates";
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {},
                      {met, late, nr, Row("C/1", 4, "2024-12-09"), Row("C/1", 5, "2024-12-31")});
  store_->Commit();
  const auto counts = store_->Compliance(Date::FromYmd(2024, 12, 1), Date::FromYmd(2024, 12, 31),
                                         Date::FromYmd(2024, 12, 20), "duty", {});
  std::map<std::string, int64_t> by;
  for (const auto& c : counts) by[c.group + "/" + c.status] = c.count;
  EXPECT_EQ(by["arrest/met"], 1);
  EXPECT_EQ(by["bail/met_late"], 1);
  EXPECT_EQ(by["arrest/not_required"], 1);
  EXPECT_EQ(by["arrest/overdue"], 1);
  EXPECT_EQ(by["arrest/open"], 1);
  const auto earlier = store_->Compliance(Date::FromYmd(2024, 12, 1), Date::FromYmd(2024, 12, 31),
                                          Date::FromYmd(2024, 12, 10), "force", {"bail"});
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(earlier[0].status, "overdue");  // met late on the 12th: not yet known on the 10th
}

TEST_P(StoreContract, ComplianceCountsByTwoGroupingsMonthsAndRuleSets) {
  auto met = Row("C/1", 1, "2024-12-09", true);
  met.met_at = D("2024-12-05");
  auto charter = Row("C/1", 2, "2025-01-09", false, "PC2", "charge");
  charter.rule_set = "witness-charter-2013";
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {met, charter, Row("C/1", 3, "2025-01-10", false, "PC2")});
  store_->Commit();
  ComplianceQuery q{D("2024-12-01"), D("2025-01-31"), D("2025-01-20"), {"unit", "month"}, {}, {}};
  std::map<std::string, int64_t> by;
  for (const auto& c : store_->Compliance(q))
    by[c.group + "/" + c.group2 + "/" + c.status] = c.count;
  EXPECT_EQ(by, (std::map<std::string, int64_t>{{"N1/2024-12/met", 1}, {"S1/2025-01/overdue", 2}}));
  q.group_by = {"duty"};
  q.rule_sets = {"witness-charter-2013"};
  const auto charters = store_->Compliance(q);
  ASSERT_EQ(charters.size(), 1u);
  EXPECT_EQ(charters[0].group, "charge");
  EXPECT_EQ(charters[0].group2, "") << "one grouping";
  EXPECT_EQ(charters[0].count, 1);
  q.group_by = {"force", "colour"};
  EXPECT_THROW(store_->Compliance(q), std::invalid_argument);
  q.group_by = {};
  EXPECT_THROW(store_->Compliance(q), std::invalid_argument);
}

TEST_P(StoreContract, AnObligationKeepsSinceWhenItIsNotRequired) {
  auto nr = Row("C/1", 1, "2024-12-09", true);
  nr.not_required = "case_closed";
  nr.not_required_on = D("2024-12-06");
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {nr, Row("C/1", 2, "2024-12-10")});
  store_->Commit();
  const auto rows = store_->CaseObligations("C/1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].not_required, "case_closed");
  EXPECT_EQ(rows[0].not_required_on, D("2024-12-06"));
  EXPECT_EQ(rows[1].not_required, "");
  EXPECT_EQ(rows[1].not_required_on, std::nullopt) << "not required from no day: stored as NULL";
}

// Regression: a row knew why it was not required but not since when, so asked about an
// earlier day the counts already called it not required.
TEST_P(StoreContract, ComplianceCountsANotRequiredObligationOnlyFromItsDay) {
  auto closed = Row("C/1", 1, "2024-12-09", true);
  closed.not_required = "case_closed";
  closed.not_required_on = D("2024-12-06");
  auto opted_out = Row("C/1", 2, "2024-12-09", true, "PC1", "bail");
  opted_out.not_required = "opted_out_of_updates";
  opted_out.not_required_on = D("2024-12-09");  // on the deadline day: open until then
  auto before_0016 = Row("C/1", 3, "2024-12-09", true, "PC1", "charge");
  before_0016.not_required = "opted_out_of_updates";  // no day: not required on every day
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {closed, opted_out, before_0016});
  store_->Commit();
  auto counts_on = [&](Date as_of) {
    std::map<std::string, std::string> by_duty;
    for (const auto& c : store_->Compliance(Date::FromYmd(2024, 12, 1), Date::FromYmd(2024, 12, 31),
                                            as_of, "duty", {})) {
      EXPECT_EQ(c.count, 1);
      by_duty[c.group] = c.status;
    }
    return by_duty;
  };
  const std::map<std::string, std::string> thu_5 = {
      {"arrest", "open"}, {"bail", "open"}, {"charge", "not_required"}};
  const std::map<std::string, std::string> fri_6 = {
      {"arrest", "not_required"}, {"bail", "open"}, {"charge", "not_required"}};
  const std::map<std::string, std::string> mon_9 = {
      {"arrest", "not_required"}, {"bail", "not_required"}, {"charge", "not_required"}};
  EXPECT_EQ(counts_on(Date::FromYmd(2024, 12, 5)), thu_5);
  EXPECT_EQ(counts_on(Date::FromYmd(2024, 12, 6)), fri_6);
  EXPECT_EQ(counts_on(Date::FromYmd(2024, 12, 9)), mon_9);
}

// The counts are rules::StatusOn, the one status rule, on every key day around one deadline
// (Mon 9 Dec 2024) for every way an obligation can be met and stop being required.
TEST_P(StoreContract, ComplianceAgreesWithTheStatusRuleOnEveryKeyDay) {
  const std::vector<std::string> met_on = {"", "2024-12-05", "2024-12-09", "2024-12-12"};
  struct NotRequired {
    std::string reason, on;
  };
  const std::vector<NotRequired> not_required = {{"", ""},
                                                 {"opted_out_of_updates", ""},
                                                 {"case_closed", "2024-12-06"},
                                                 {"case_closed", "2024-12-10"}};
  std::vector<ObligationRow> rows;
  for (const auto& met : met_on) {
    for (const auto& nr : not_required) {
      const int n = static_cast<int>(rows.size()) + 1;
      auto row = Row("C/1", n, "2024-12-09", true, "PC1", fmt::format("d{:02}", n));
      row.met_at = Date::Parse(met);
      row.not_required = nr.reason;
      row.not_required_on = Date::Parse(nr.on);
      rows.push_back(row);
    }
  }
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, rows);
  store_->Commit();
  const Date deadline = Date::FromYmd(2024, 12, 9);
  // Wed 4, Thu 5, Fri 6, Sun 8, Mon 9, Tue 10, Thu 12, Fri 13 Dec 2024.
  for (const int day : {4, 5, 6, 8, 9, 10, 12, 13}) {
    const Date as_of = Date::FromYmd(2024, 12, day);
    std::map<std::string, std::string> got;
    for (const auto& c : store_->Compliance(Date::FromYmd(2024, 12, 1), Date::FromYmd(2024, 12, 31),
                                            as_of, "duty", {})) {
      EXPECT_EQ(c.count, 1);
      got[c.group] = c.status;
    }
    std::map<std::string, std::string> want;
    for (const auto& r : rows) {
      const bool applies =
          !r.not_required.empty() && (!r.not_required_on || *r.not_required_on <= as_of);
      want[r.duty] = std::string(rules::Name(rules::StatusOn(deadline, r.met_at, applies, as_of)));
    }
    EXPECT_EQ(got, want) << "as of " << as_of.ToString();
  }
}

TEST_P(StoreContract, CasePeopleComeBackInTheOrderAdded) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel", "mrs ann patel"},
                       {"G1", domain::Role::kParentGuardian, "V1", "", ""}},
                      {});
  store_->Commit();
  const auto people = store_->CasePeople("C/1");
  ASSERT_EQ(people.size(), 2u);
  EXPECT_EQ(people[0].person, "V1");
  EXPECT_EQ(people[0].display_name, "Mrs Ann Patel");
  EXPECT_EQ(people[1].represents, "V1");
  EXPECT_TRUE(store_->CasePeople("C/9").empty());
}

TEST_P(StoreContract, SearchFindsCasesByReferenceNamePhoneAndEmail) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel",
                        "mrs ann patel 07700900123 ann@example.org"}},
                      {});
  store_->ReplaceCase(Case("C/2"),
                      {{"V1", domain::Role::kVictim, "", "Mr Sam 100% Okoro", "mr sam 100% okoro"}},
                      {});
  store_->Commit();
  EXPECT_EQ(store_->SearchCases("C/2", 10), std::vector<std::string>{"C/2"});
  EXPECT_EQ(store_->SearchCases("PATEL", 10), std::vector<std::string>{"C/1"});
  EXPECT_EQ(store_->SearchCases("07700 900 123", 10), std::vector<std::string>{"C/1"});
  EXPECT_EQ(store_->SearchCases("ann@example", 10), std::vector<std::string>{"C/1"});
  EXPECT_EQ(store_->SearchCases("100%", 10), std::vector<std::string>{"C/2"}) << "% is literal";
  EXPECT_TRUE(store_->SearchCases("nobody", 10).empty());
}

// Issue 13: the bureau types what the caller says: a name with a postcode or a date of birth,
// a postcode with or without its space. Every word must match one person.
TEST_P(StoreContract, SearchTakesSeveralTermsAndPostcodesWithOrWithoutTheSpace) {
  store_->Begin();
  store_->ReplaceCase(
      Case("C/1"),
      {{"V1", domain::Role::kVictim, "", "Grace Okafor", "grace okafor ll55 4ty 12031985 19850312",
        Date::FromYmd(1985, 3, 12), "LL55 4TY"},
       {"W1", domain::Role::kWitness, "", "Tom Reed", "tom reed cf10 1aa"}},
      {});
  store_->ReplaceCase(
      Case("C/2"), {{"V1", domain::Role::kVictim, "", "Grace Okafor", "grace okafor m1 1ae"}}, {});
  store_->Commit();
  using V = std::vector<std::string>;
  EXPECT_EQ(store_->SearchCases("Okafor LL55 4TY", 10), V{"C/1"});
  EXPECT_EQ(store_->SearchCases("LL554TY", 10), V{"C/1"});
  EXPECT_EQ(store_->SearchCases("ll55 4ty", 10), V{"C/1"});
  EXPECT_EQ(store_->SearchCases("Okafor 12/03/1985", 10), V{"C/1"});
  EXPECT_EQ(store_->SearchCases("grace okafor", 10), (V{"C/1", "C/2"}));
  EXPECT_TRUE(store_->SearchCases("Okafor CF10", 10).empty()) << "every term, one person";
  EXPECT_TRUE(store_->SearchCases("   ", 10).empty());
  const auto people = store_->CasePeople("C/1");
  EXPECT_EQ(people[0].date_of_birth, Date::FromYmd(1985, 3, 12));
  EXPECT_EQ(people[0].postcode, "LL55 4TY");
  EXPECT_FALSE(people[1].date_of_birth);
}

TEST_P(StoreContract, SettingsRoundTrip) {
  EXPECT_FALSE(store_->Setting("ruleset"));
  store_->SetSetting("ruleset", "code-2006");
  store_->SetSetting("ruleset", "code-2015");
  EXPECT_EQ(store_->Setting("ruleset"), "code-2015");
}

TEST_P(StoreContract, ReferralsAreRecordedOnceAndCarryVictimSupportsLatestWord) {
  EXPECT_TRUE(store_->RecordReferral(Referral(
      "C/1|V1|e1", "C/1", "file:/d/a.csv", domain::ReferralStatus::kSent, "2024-12-03T09:00:00Z")));
  EXPECT_FALSE(store_->RecordReferral(Referral(
      "C/1|V1|e1", "C/1", "http:x", domain::ReferralStatus::kReceived, "2024-12-04T09:00:00Z")))
      << "a key is recorded once; the first stands";
  EXPECT_TRUE(store_->RecordReferral(Referral(
      "C/2|V1|e9", "C/2", "http:x", domain::ReferralStatus::kReceived, "2024-12-05T09:00:00Z")));
  auto other = Referral("C/2|V1|to:womens_aid", "C/2", "file:/w/b.csv",
                        domain::ReferralStatus::kSent, "2024-12-04T09:00:00Z");
  other.organisation = "womens_aid";
  EXPECT_TRUE(store_->RecordReferral(other));
  EXPECT_TRUE(store_->ReferralSent("C/1|V1|e1"));
  const auto r = store_->Referral("C/1|V1|e1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sent_by, "file:/d/a.csv");
  EXPECT_EQ(r->organisation, "victim_support");
  EXPECT_EQ(r->status, domain::ReferralStatus::kSent);
  EXPECT_EQ(r->status_at, "2024-12-03T09:00:00Z");
  store_->SetReferralStatus("C/1|V1|e1", domain::ReferralStatus::kAccepted, "2024-12-06T10:00:00Z",
                            "worker assigned");
  EXPECT_EQ(store_->Referral("C/1|V1|e1")->note, "worker assigned");
  EXPECT_EQ(store_->CaseReferrals("C/1").size(), 1u);
  EXPECT_EQ(store_->Referrals(domain::ReferralStatus::kAccepted, "", 10).size(), 1u);
  const auto all = store_->Referrals(std::nullopt, "", 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "C/2|V1|e9") << "newest first";
  const auto theirs = store_->Referrals(std::nullopt, "womens_aid", 10);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].organisation, "womens_aid");
  EXPECT_EQ(store_->Referrals(std::nullopt, "victim_support", 10).size(), 2u);
  EXPECT_FALSE(store_->Referral("C/9|V1|x"));
}

TEST_P(StoreContract, OrganisationsAreSavedByIdAndWithdrawnNotDeleted) {
  EXPECT_TRUE(store_->Organisations().empty());
  store_->SaveOrganisation({"womens_aid", "Womens Aid", "Support", true, "2024-12-01T09:00:00Z"});
  store_->SaveOrganisation(
      {"citizens_advice", "Citizens Advice", "", true, "2024-12-01T09:00:00Z"});
  store_->SaveOrganisation({"womens_aid", "Women's Aid", "Support", false, "2024-12-02T09:00:00Z"});
  const auto all = store_->Organisations();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "citizens_advice") << "by id";
  EXPECT_EQ(all[1].name, "Women's Aid");
  EXPECT_FALSE(all[1].active);
  EXPECT_EQ(all[1].updated_at, "2024-12-02T09:00:00Z");
}

TEST_P(StoreContract, CasesWithAConsentStillToSendAreFoundFromTheLog) {
  store_->Begin();
  const auto import_id = store_->StartImport("test", "t");
  store_->AppendEvent({"a", "C/1", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V1"})"},
                      import_id);
  store_->AppendEvent({"b", "C/2", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V1","to":"victim_support"})"},
                      import_id);
  store_->AppendEvent({"c", "C/3", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V1","to":"womens_aid"})"},
                      import_id);
  store_->AppendEvent({"d", "C/4", "referral.opted_out", "t", "h",
                       R"({"type":"referral.opted_out","person":"V1","to":"womens_aid"})"},
                      import_id);
  store_->AppendEvent({"e", "C/3", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V2","to":"citizens_advice"})"},
                      import_id);
  store_->AppendEvent({"f", "C/5", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V1","to":"womens_aid"})"},
                      import_id);
  store_->AppendEvent({"g", "C/4", "referral.consented", "t", "h",
                       R"({"type":"referral.consented","person":"V1","to":"womens_aid"})"},
                      import_id);
  store_->Commit();
  EXPECT_EQ(store_->CrimesWithConsentsTo("womens_aid"),
            (std::vector<std::string>{"C/3", "C/5", "C/4"}))
      << "in the order first consented on";
  EXPECT_EQ(store_->CrimesWithConsentsTo("citizens_advice"), std::vector<std::string>{"C/3"});
  auto sent = Referral("C/5|V1|to:womens_aid", "C/5", "file:/w/a.csv",
                       domain::ReferralStatus::kSent, "2024-12-04T09:00:00Z");
  sent.organisation = "womens_aid";
  store_->RecordReferral(sent);
  EXPECT_EQ(store_->CrimesWithConsentsTo("womens_aid"), (std::vector<std::string>{"C/3", "C/4"}))
      << "not once sent";
}

TEST_P(StoreContract, ClearingDerivedDataKeepsTheLog) {
  store_->Begin();
  const auto import_id = store_->StartImport("test", "t");
  store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, import_id);
  store_->ReplaceCase(Case("C/1"),
                      {{"V1", domain::Role::kVictim, "", "Mrs Ann Patel",
                        "mrs ann patel 07700900123 ann@example.org"}},
                      {Row("C/1", 1, "2024-12-09")});
  store_->Commit();
  store_->Begin();
  store_->ClearDerived();
  store_->Commit();
  EXPECT_FALSE(store_->CrimeExists("C/1"));
  EXPECT_FALSE(store_->PersonExists("C/1", "V1"));
  EXPECT_TRUE(store_->CaseObligations("C/1").empty());
  EXPECT_EQ(store_->EventCount(), 1);
}

TEST_P(StoreContract, AnEventBelongsToAnImport) {
  EXPECT_THROW(store_->AppendEvent({"a", "C/1", "crime.recorded", "t", "h", "{}"}, 42),
               StorageError);
  EXPECT_EQ(store_->EventCount(), 0);
}

TEST_P(StoreContract, ACaseListsEachPersonAndObligationOnce) {
  store_->Begin();
  EXPECT_THROW(store_->ReplaceCase(Case("C/1"),
                                   {{"V1", domain::Role::kVictim, "", "", ""},
                                    {"V1", domain::Role::kVictim, "", "", ""}},
                                   {}),
               StorageError);
  store_->Rollback();
  store_->Begin();
  EXPECT_THROW(store_->ReplaceCase(Case("C/1"), {},
                                   {Row("C/1", 1, "2024-12-09"), Row("C/1", 1, "2024-12-10")}),
               StorageError);
  store_->Rollback();
  EXPECT_FALSE(store_->CrimeExists("C/1"));
}

TEST_P(StoreContract, OpenObligationsOfADutyAreEarliestDeadlineFirstAcrossTheForce) {
  store_->Begin();
  store_->ReplaceCase(
      Case("C/1"), {},
      {Row("C/1", 1, "2024-12-20", false, "PC1", "periodic_update"),
       Row("C/1", 2, "2024-12-01", true, "PC1", "periodic_update"), Row("C/1", 3, "2024-12-02")});
  store_->ReplaceCase(Case("C/2", "PC2"), {},
                      {Row("C/2", 1, "2024-12-05", false, "PC2", "periodic_update")});
  store_->Commit();
  const auto rows = store_->OpenObligationsOfDuty("periodic_update", 10);
  ASSERT_EQ(rows.size(), 2u) << "settled and other duties left out";
  EXPECT_EQ(rows[0].crime, "C/2");
  EXPECT_EQ(rows[1].deadline, D("2024-12-20"));
  EXPECT_EQ(store_->OpenObligationsOfDuty("periodic_update", 1).size(), 1u);
}

// An email to V1 of `crime` with idempotency `key`, due at `due`.
OutboxMessage Email(const std::string& key, const std::string& crime, const std::string& due) {
  OutboxMessage m;
  m.idempotency_key = key;
  m.crime = crime;
  m.person = "V1";
  m.channel = "email";
  m.recipient = "ann@example.org";
  m.template_id = "update";
  m.lang = "en";
  m.subject = "Your case";
  m.body_text = "first";
  m.status = domain::OutboxStatus::kCreated;
  m.next_attempt_at = due;
  m.created_by = "PC1";
  m.created_at = "2024-12-03T08:00:00Z";
  return m;
}

TEST_P(StoreContract, TheOutboxStoresAMessageOnceAndHandsOutWhatIsDue) {
  const auto message = Email;
  const int64_t first = store_->AddOutbox(message("k1", "C/1", "2024-12-03T09:00:00Z"));
  auto again = message("k1", "C/1", "2024-12-03T09:00:00Z");
  again.body_text = "second";
  EXPECT_EQ(store_->AddOutbox(again), first) << "an idempotency key is stored once";
  EXPECT_EQ(store_->Outbox(first)->body_text, "first");
  EXPECT_EQ(store_->Outbox(first)->updated_at, "2024-12-03T08:00:00Z");
  store_->ReplaceOutboxBody(first, "first, secret removed", "<p>removed</p>");
  EXPECT_EQ(store_->Outbox(first)->body_text, "first, secret removed");
  EXPECT_EQ(store_->Outbox(first)->body_html, "<p>removed</p>");
  EXPECT_EQ(store_->Outbox(first)->subject, "Your case") << "nothing else changes";
  const int64_t later = store_->AddOutbox(message("k2", "C/1", "2024-12-03T10:00:00Z"));
  const int64_t other = store_->AddOutbox(message("k3", "C/2", "2024-12-03T08:30:00Z"));
  {
    const auto counts = store_->CountOutbox();  // for GET /metrics
    EXPECT_EQ(counts.size(), static_cast<size_t>(domain::kOutboxStatusCount)) << "every status";
    EXPECT_EQ(counts.at(domain::OutboxStatus::kCreated), 3);
    EXPECT_EQ(counts.at(domain::OutboxStatus::kFailed), 0);
  }
  auto ids = [](const std::vector<OutboxMessage>& messages) {
    std::vector<int64_t> out;
    for (const auto& m : messages) out.push_back(m.id);
    return out;
  };
  auto sending = *store_->Outbox(first);
  sending.status = domain::OutboxStatus::kSending;
  sending.attempts = 1;
  sending.updated_at = "2024-12-03T09:00:01Z";
  sending.provider_id = "notify-1";
  store_->UpdateOutbox(sending);
  const auto stored = store_->Outbox(first);
  EXPECT_EQ(stored->status, domain::OutboxStatus::kSending);
  EXPECT_EQ(stored->attempts, 1);
  EXPECT_EQ(stored->provider_id, "notify-1");
  EXPECT_EQ(stored->updated_at, "2024-12-03T09:00:01Z");
  EXPECT_EQ(ids(store_->OutboxWithStatus(domain::OutboxStatus::kSending, {}, 10)),
            std::vector<int64_t>{first});
  EXPECT_EQ(ids(store_->CaseOutbox("C/1")), (std::vector<int64_t>{later, first})) << "newest first";
  EXPECT_FALSE(store_->Outbox(other + 100));
}

// Workers claim messages (issue 18): a due message is claimed once, with the claim and its
// lease stored; a claim whose lease has ended with no provider's answer is taken again by
// another worker, a live one never; letters only when the provider posts them.
TEST_P(StoreContract, MessagesAreClaimedOnceAndAnExpiredClaimIsTakenAgain) {
  auto message = [](const std::string& key, const std::string& channel, const std::string& due) {
    OutboxMessage m;
    m.idempotency_key = key;
    m.crime = "C/1";
    m.person = "V1";
    m.channel = channel;
    m.recipient = "ann@example.org";
    m.template_id = "update";
    m.lang = "en";
    m.status = domain::OutboxStatus::kCreated;
    m.next_attempt_at = due;
    m.created_by = "PC1";
    m.created_at = "2024-12-03T08:00:00Z";
    return m;
  };
  auto ids = [](const std::vector<OutboxMessage>& messages) {
    std::vector<int64_t> out;
    for (const auto& m : messages) out.push_back(m.id);
    return out;
  };
  const int64_t a = store_->AddOutbox(message("k1", "email", "2024-12-03T09:00:00Z"));
  const int64_t letter = store_->AddOutbox(message("k2", "letter", "2024-12-03T09:00:00Z"));
  const int64_t b = store_->AddOutbox(message("k3", "sms", "2024-12-03T09:00:00Z"));
  const int64_t later = store_->AddOutbox(message("k4", "email", "2024-12-03T10:00:00Z"));
  const std::string now = "2024-12-03T09:00:00Z";
  const std::string lease = "2024-12-03T09:05:00Z";
  const auto first = store_->ClaimOutbox("w1", now, lease, 1, false);
  ASSERT_EQ(ids(first), std::vector<int64_t>{a});
  EXPECT_EQ(first[0].status, domain::OutboxStatus::kSending);
  EXPECT_EQ(first[0].claimed_by, "w1");
  EXPECT_EQ(first[0].lease_until, lease);
  EXPECT_EQ(store_->Outbox(a)->claimed_by, "w1") << "the claim is stored";
  EXPECT_EQ(ids(store_->ClaimOutbox("w2", now, lease, 10, false)), std::vector<int64_t>{b})
      << "another worker takes the rest: not the claimed one, not a letter, not a later one";
  EXPECT_TRUE(store_->ClaimOutbox("w3", now, lease, 10, false).empty());
  EXPECT_EQ(ids(store_->ClaimOutbox("w3", now, lease, 10, true)), std::vector<int64_t>{letter});
  EXPECT_TRUE(
      store_->ReclaimOutbox("w3", "2024-12-03T09:04:59Z", "2024-12-03T09:10:00Z", 10).empty())
      << "a live claim is not taken";
  auto accepted = *store_->Outbox(b);
  accepted.provider_id = "notify-1";  // Notify has it: RefreshOutbox's, not a dispatcher's
  store_->UpdateOutbox(accepted);
  const auto taken =
      store_->ReclaimOutbox("w3", "2024-12-03T09:05:01Z", "2024-12-03T09:10:00Z", 10);
  EXPECT_EQ(ids(taken), (std::vector<int64_t>{a, letter})) << "expired, and no provider's answer";
  EXPECT_EQ(store_->Outbox(a)->claimed_by, "w3");
  EXPECT_EQ(store_->Outbox(a)->lease_until, "2024-12-03T09:10:00Z");
  EXPECT_EQ(ids(store_->ClaimOutbox("w1", "2024-12-03T10:00:00Z", lease, 10, false)),
            std::vector<int64_t>{later});
}

// A job's lease (issue 18): one holder at a time; its own lease renewed; another's taken only
// once it has ended; released, free at once.
TEST_P(StoreContract, AJobsLeaseHasOneHolderUntilItEnds) {
  EXPECT_TRUE(store_->TakeLease("digests", "w1", "2024-12-03T09:00:00Z", "2024-12-03T09:15:00Z"));
  EXPECT_FALSE(store_->TakeLease("digests", "w2", "2024-12-03T09:10:00Z", "2024-12-03T09:25:00Z"));
  EXPECT_TRUE(store_->TakeLease("referrals", "w2", "2024-12-03T09:10:00Z", "2024-12-03T09:25:00Z"))
      << "each job its own";
  EXPECT_TRUE(store_->TakeLease("digests", "w1", "2024-12-03T09:14:00Z", "2024-12-03T09:30:00Z"))
      << "renewed by its holder";
  EXPECT_FALSE(store_->TakeLease("digests", "w2", "2024-12-03T09:20:00Z", "2024-12-03T09:35:00Z"));
  EXPECT_TRUE(store_->TakeLease("digests", "w2", "2024-12-03T09:30:01Z", "2024-12-03T09:45:00Z"))
      << "taken over once ended";
  store_->ReleaseLease("digests", "w1");  // not its holder now: nothing happens
  EXPECT_FALSE(store_->TakeLease("digests", "w1", "2024-12-03T09:31:00Z", "2024-12-03T09:46:00Z"));
  store_->ReleaseLease("digests", "w2");
  EXPECT_TRUE(store_->TakeLease("digests", "w1", "2024-12-03T09:31:00Z", "2024-12-03T09:46:00Z"));
}

TEST_P(StoreContract, MessagesOfAStatusAreScopedToTheCasesOfAnOfficerOrAUnit) {
  store_->Begin();
  store_->ReplaceCase(Case("C/1"), {}, {});
  store_->ReplaceCase(Case("C/2", "PC2"), {}, {});
  store_->Commit();
  auto failed = [](const std::string& key, const std::string& crime) {
    return FailedSms(key, crime, "2024-12-03T09:00:00Z");
  };
  const int64_t mine = store_->AddOutbox(failed("k1", "C/1"));
  const int64_t theirs = store_->AddOutbox(failed("k2", "C/2"));
  auto waiting = failed("k3", "C/1");
  waiting.status = domain::OutboxStatus::kCreated;
  store_->AddOutbox(waiting);
  auto ids = [](const std::vector<OutboxMessage>& messages) {
    std::vector<int64_t> out;
    for (const auto& m : messages) out.push_back(m.id);
    return out;
  };
  using S = domain::OutboxStatus;
  EXPECT_EQ(ids(store_->OutboxWithStatus(S::kFailed, {}, 10)),
            (std::vector<int64_t>{mine, theirs}));
  EXPECT_EQ(ids(store_->OutboxWithStatus(S::kFailed, {"PC1", ""}, 10)), std::vector<int64_t>{mine});
  EXPECT_EQ(ids(store_->OutboxWithStatus(S::kFailed, {"", "S1"}, 10)),
            std::vector<int64_t>{theirs});
  EXPECT_TRUE(store_->OutboxWithStatus(S::kFailed, {"PC2", "N1"}, 10).empty());
  {  // A digest to staff has no case: every message has it, no case's message list does.
    OutboxMessage digest;
    digest.idempotency_key = "digest-1";
    digest.person = "staff:sahmed";
    digest.channel = "email";
    digest.template_id = "findings_digest";
    digest.status = S::kFailed;
    const int64_t id = store_->AddOutbox(digest);
    EXPECT_EQ(ids(store_->OutboxWithStatus(S::kFailed, {}, 10)).back(), id);
    const auto cases = ids(store_->CaseMessagesWithStatus(S::kFailed, {}, 10));
    EXPECT_EQ(std::count(cases.begin(), cases.end(), id), 0);
    EXPECT_EQ(cases.size() + 1, store_->OutboxWithStatus(S::kFailed, {}, 10).size());
    EXPECT_EQ(ids(store_->CaseMessagesWithStatus(S::kFailed, {"PC1", ""}, 10)),
              std::vector<int64_t>{mine});
  }
  // The case's officer now, not when the message was sent.
  store_->Begin();
  store_->ReplaceCase(Case("C/1", "PC2"), {}, {});
  store_->Commit();
  EXPECT_EQ(ids(store_->OutboxWithStatus(S::kFailed, {"PC2", ""}, 10)),
            (std::vector<int64_t>{mine, theirs}));
}

// Issue 19: retention. Closed cases are found with their latest closing; purges are recorded
// once per case and kind; each Purge* removes what it says and counts what it changed.
TEST_P(StoreContract, RetentionFindsClosedCasesAndPurgesWhatItSays) {
  store_->Begin();
  const auto import_id = store_->StartImport("test", "2020-01-01T00:00:00Z");
  store_->AppendEvent({"c1", "C/1", "crime.recorded", "2020-01-01T09:00:00Z", "h1",
                       R"({"id":"c1","name":"Ann Patel"})"},
                      import_id);
  store_->AppendEvent({"x1", "C/1", "case.closed", "2020-02-01T09:00:00Z", "h2", R"({"id":"x1"})"},
                      import_id);
  store_->AppendEvent({"x2", "C/1", "case.closed", "2020-03-01T09:00:00Z", "h3", R"({"id":"x2"})"},
                      import_id);
  store_->AppendEvent({"c2", "C/2", "crime.recorded", "2020-01-01T09:00:00Z", "h4", "{}"},
                      import_id);
  store_->AppendEvent({"y1", "C/2", "case.closed", "2020-02-01T09:00:00Z", "h5", "{}"}, import_id);
  auto closed = Case("C/1");
  closed.closed = true;
  store_->ReplaceCase(closed, {}, {});
  store_->ReplaceCase(Case("C/2"), {}, {});  // closed, then reopened: open now
  store_->AddCallBack(Raise("C/1", "V1", "Ann asked about her bike", "2020-01-02T09:00:00Z"));
  store_->AddCallBack(Raise("C/2", "V1", "keep this", "2020-01-02T09:00:00Z"));
  OutboxMessage m = Email("k1", "C/1", "2020-01-02T09:00:00Z");
  m.body_text = "Dear Ann";
  m.body_html = "<p>Dear Ann</p>";
  const int64_t message = store_->AddOutbox(m);
  store_->Commit();

  const auto cases = store_->ClosedCases();
  ASSERT_EQ(cases.size(), 1u) << "C/2 is open";
  EXPECT_EQ(cases[0].crime, "C/1");
  EXPECT_EQ(cases[0].closed_at, "2020-03-01T09:00:00Z") << "the latest closing";
  EXPECT_EQ(cases[0].last_event_on, D("2024-12-02")) << "the case row's";
  const int64_t last_seq = cases[0].last_seq;
  EXPECT_GT(last_seq, 0);
  ASSERT_TRUE(store_->ClosedCaseOf("C/1"));
  EXPECT_EQ(store_->ClosedCaseOf("C/1")->last_seq, last_seq);
  EXPECT_FALSE(store_->ClosedCaseOf("C/2")) << "open";
  EXPECT_FALSE(store_->ClosedCaseOf("C/9"));

  store_->Begin();
  EXPECT_EQ(store_->PurgeMessages("C/1"), 1);
  EXPECT_EQ(store_->PurgeMessages("C/1"), 0) << "nothing left to remove";
  const StoredEvent redacted{"c1", "C/1", "crime.recorded", "", "purged", R"({"id":"c1"})"};
  EXPECT_EQ(store_->PurgeCaseDetails("C/1", {redacted}), 2) << "one event, one call-back";
  const StoredEvent other{"c2", "C/1", "crime.recorded", "", "purged", "not C/1's"};
  EXPECT_THROW(store_->PurgeCaseDetails("C/1", {other}), StorageError) << "another case's event";
  store_->RecordPurge(
      {"C/1", RetainedKind::kCaseDetails, "2020-02-01T09:00:00Z", "2026-01-01T00:00:00Z", 2, 1});
  store_->RecordPurge({"C/1", RetainedKind::kCaseDetails, "2020-03-01T09:00:00Z",
                       "2026-01-02T00:00:00Z", 3, last_seq});
  store_->RecordPurge({"C/1", RetainedKind::kMessages, "2020-03-01T09:00:00Z",
                       "2026-01-02T00:00:00Z", 1, last_seq});
  store_->Commit();

  const auto sent = store_->Outbox(message);
  EXPECT_EQ(sent->recipient, "");
  EXPECT_EQ(sent->body_text, "");
  EXPECT_EQ(sent->body_html, "");
  EXPECT_EQ(sent->subject, "");
  EXPECT_EQ(sent->channel, "email") << "that it was sent, and how, stays";
  EXPECT_EQ(sent->status, domain::OutboxStatus::kSuppressed) << "it has nowhere left to go";
  EXPECT_EQ(store_->EventBodies("C/1")[0], R"({"id":"c1"})");
  EXPECT_EQ(store_->EventHash("c1"), "purged") << "the hash goes with what it was of";
  EXPECT_EQ(store_->EventHash("c2"), "h4");
  EXPECT_EQ(store_->EventBodies("C/2")[0], "{}") << "another case's event is not touched";
  EXPECT_EQ(store_->CaseCallBacks("C/1")[0].request, "");
  EXPECT_EQ(store_->CaseCallBacks("C/2")[0].request, "keep this");
  const auto purges = store_->Purges();
  ASSERT_EQ(purges.size(), 2u) << "one per case and kind";
  EXPECT_EQ(purges[0].kind, RetainedKind::kCaseDetails);
  EXPECT_EQ(purges[0].closed_at, "2020-03-01T09:00:00Z") << "the later closing's replaces it";
  EXPECT_EQ(purges[0].records, 3);
  EXPECT_EQ(purges[0].through_seq, last_seq);
  EXPECT_EQ(purges[1].kind, RetainedKind::kMessages);

  store_->Begin();
  const StoredEvent closing{"x1", "C/1", "case.closed", "", "purged", "{}"};
  EXPECT_EQ(store_->PurgeCaseDetails("C/1", {closing}), 1);
  store_->Rollback();
  EXPECT_EQ(store_->EventBodies("C/1")[1], R"({"id":"x1"})") << "a rollback undoes a purge";
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContract,
    ::testing::Values(Backend{"sqlite",
                              [](const std::string& dir) {
                                return OpenSqliteStore(dir + "/store.db");
                              }},
                      Backend{"postgresql",
                              [](const std::string& dir) {
                                return std::move(OpenStores(cf::testing::PostgresqlSchemaUrl(dir),
                                                            core::SystemClock::Instance())
                                                     .cases);
                              }},
                      Backend{"memory", [](const std::string&) { return OpenMemoryStore(); }}),
    [](const auto& info) { return info.param.name; });

// The store keeps states as their wire names; one this version does not know (written by a
// newer version, or by hand) is reported, never read as some other state.
TEST(SqliteStore, AStateThisVersionDoesNotKnowIsAnErrorNotAGuess) {
  TestFolder folder;
  const std::string path = folder.path + "/store.db";
  auto store = OpenSqliteStore(path);
  store->RecordReferral(Referral("C/1|V1|e1", "C/1", "file:/d/a.csv", domain::ReferralStatus::kSent,
                                 "2024-12-03T09:00:00Z"));
  ASSERT_EQ(store->Referral("C/1|V1|e1")->status, domain::ReferralStatus::kSent);
  const std::string sql = "UPDATE referrals SET status = 'escalated'";
  ASSERT_EQ(std::system(("sqlite3 -batch '" + path + "' \"" + sql + "\"").c_str()), 0);
  EXPECT_THROW(store->Referral("C/1|V1|e1"), StorageError);
}

// Days are kept as YYYY-MM-DD and read back as dates; anything else in a date column (written
// by hand, or by another program) is reported, never read as some day.
TEST(SqliteStore, ADateColumnThatIsNotADateIsAnError) {
  TestFolder folder;
  const std::string path = folder.path + "/store.db";
  auto store = OpenSqliteStore(path);
  ObligationRow row;
  row.crime = "C/1";
  row.n = 1;
  row.person = "V1";
  row.duty = "arrest";
  row.rule_set = "code-2020";
  row.trigger_date = D("2024-12-02");
  row.deadline = D("2024-12-09");
  row.met_at = D("2024-12-05");
  store->Begin();
  store->ReplaceCase({"C/1", "Burglary", "N1", "PC1", D("2024-12-02"), D("2024-12-02"),
                      D("2024-12-02"), "code-2020", false, "", std::nullopt},
                     {}, {row});
  store->Commit();
  ASSERT_EQ(store->CaseObligations("C/1").at(0).met_at, D("2024-12-05"));
  const std::string sql = "UPDATE obligations SET deadline = '9 Dec 2024'";
  ASSERT_EQ(std::system(("sqlite3 -batch '" + path + "' \"" + sql + "\"").c_str()), 0);
  EXPECT_THROW(store->CaseObligations("C/1"), StorageError);
}

// The assessment repository contract, for every backend.
struct AssessmentBackend {
  std::string name;
  std::function<std::unique_ptr<AssessmentStore>(const std::string& dir)> open;
};

void PrintTo(const AssessmentBackend& b, std::ostream* os) { *os << b.name; }

class AssessmentContract : public ::testing::TestWithParam<AssessmentBackend> {
 protected:
  void SetUp() override {
    CF_REQUIRE_POSTGRESQL_FOR(GetParam().name);
    store_ = GetParam().open(folder_.path);
  }
  void TearDown() override { store_.reset(); }
  TestFolder folder_;
  static assess::Assessment Sample(const std::string& scope, const std::string& on) {
    assess::Assessment a;
    a.scope = scope;
    a.assessed_on = on;
    a.assessor = "Supt K Lee";
    a.notes = "Annual review";
    a.scores["1.1"] = {
        3, "Profile from the 2025 survey", {"https://intranet/profile", "Report 2025/14"}};
    a.scores["2.6"] = {std::nullopt, "Not discussed", {}};
    a.scores["4.1"] = {0, "", {}};
    return a;
  }
  std::unique_ptr<AssessmentStore> store_;
};

TEST_P(AssessmentContract, AssessmentsRoundTripWithUnscoredIndicatorsAndLinks) {
  const int64_t id = store_->AddAssessment(Sample("force", "2026-11-27"), "analyst1");
  const auto a = store_->FindAssessment(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->id, id);
  EXPECT_EQ(a->assessor, "Supt K Lee");
  EXPECT_EQ(a->scores.size(), 3u);
  EXPECT_EQ(a->scores.at("1.1").score, 3);
  EXPECT_EQ(a->scores.at("1.1").evidence,
            (std::vector<std::string>{"https://intranet/profile", "Report 2025/14"}));
  EXPECT_FALSE(a->scores.at("2.6").score) << "not scored is not zero";
  EXPECT_EQ(a->scores.at("4.1").score, 0);
  auto changed = *a;
  changed.scores.erase("4.1");
  changed.scores["2.6"].score = 2;
  store_->UpdateAssessment(changed);
  const auto b = store_->FindAssessment(id);
  EXPECT_EQ(b->scores.size(), 2u);
  EXPECT_EQ(b->scores.at("2.6").score, 2);
  EXPECT_FALSE(store_->FindAssessment(id + 100));
}

TEST_P(AssessmentContract, HistoryIsNewestFirstPerScopeAndOnePerScopeDateAndAssessor) {
  const int64_t older = store_->AddAssessment(Sample("force", "2025-11-27"), "a");
  const int64_t newer = store_->AddAssessment(Sample("force", "2026-11-27"), "a");
  store_->AddAssessment(Sample("North BCU", "2026-06-01"), "a");
  const auto force = store_->Assessments("force");
  ASSERT_EQ(force.size(), 2u);
  EXPECT_EQ(force[0].id, newer);
  EXPECT_EQ(store_->Assessments("").size(), 3u);
  EXPECT_EQ(store_->FindAssessmentId("force", "2025-11-27", "Supt K Lee"), older);
  EXPECT_FALSE(store_->FindAssessmentId("force", "2025-11-27", "Someone else"));
  EXPECT_ANY_THROW(store_->AddAssessment(Sample("force", "2025-11-27"), "b"));
  EXPECT_EQ(store_->Assessments("").size(), 3u) << "the refused write left nothing behind";
}

TEST_P(AssessmentContract, ActionPlansByScopeAndDueDate) {
  PlanAction p{0,
               "force",
               "2.6",
               "Name a single point of contact on every crime",
               "DI Shah",
               "2027-03-31",
               "not_started",
               "analyst1",
               "",
               ""};
  const int64_t later = store_->AddAction(p);
  p.due = "2027-01-31";
  p.indicator = "6.1";
  const int64_t sooner = store_->AddAction(p);
  p.scope = "North BCU";
  store_->AddAction(p);
  const auto force = store_->Actions("force");
  ASSERT_EQ(force.size(), 2u);
  EXPECT_EQ(force[0].id, sooner);
  auto a = *store_->FindAction(later);
  a.status = "in_progress";
  store_->UpdateAction(a);
  EXPECT_EQ(store_->FindAction(later)->status, "in_progress");
  EXPECT_EQ(store_->Actions("").size(), 3u);
}

TEST_P(AssessmentContract, ScoresAreZeroToFourAndAnActionHasAKnownStatus) {
  auto a = Sample("force", "2026-11-27");
  a.scores["3.1"] = {5, "", {}};
  EXPECT_THROW(store_->AddAssessment(a, "a"), StorageError);
  EXPECT_TRUE(store_->Assessments("").empty());
  PlanAction p;
  p.scope = "force";
  p.indicator = "2.6";
  p.action = "Audit the contact plans";
  p.owner = "DI Shah";
  p.due = "2027-03-31";
  p.status = "someday";
  p.created_by = "analyst1";
  EXPECT_THROW(store_->AddAction(p), StorageError);
  EXPECT_TRUE(store_->Actions("").empty());
}

INSTANTIATE_TEST_SUITE_P(
    Backends, AssessmentContract,
    ::testing::Values(
        AssessmentBackend{
            "sqlite",
            [](const std::string& dir) { return OpenSqliteAssessmentStore(dir + "/store.db"); }},
        AssessmentBackend{"postgresql",
                          [](const std::string& dir) {
                            return std::move(OpenStores(cf::testing::PostgresqlSchemaUrl(dir),
                                                        core::SystemClock::Instance())
                                                 .assessments);
                          }},
        AssessmentBackend{"memory",
                          [](const std::string&) { return OpenMemoryAssessmentStore(); }}),
    [](const auto& info) { return info.param.name; });

// Mon 3 Mar 2025 09:15 Europe/London (GMT): what the stores stamp in the tests below.
constexpr const char* kNow = "2025-03-03T09:15:00Z";

struct StoresBackend {
  std::string name;
  std::function<Stores(const std::string& dir, const core::Clock& clock)> open;
};

const StoresBackend kSqliteStores{"sqlite", [](const std::string& dir, const core::Clock& clock) {
                                    auto s = OpenSqliteStores(dir + "/store.db", clock);
                                    return Stores{std::move(s.cases), std::move(s.accounts),
                                                  std::move(s.assessments), std::move(s.portal),
                                                  std::move(s.quality)};
                                  }};
const StoresBackend kPostgresqlStores{
    "postgresql", [](const std::string& dir, const core::Clock& clock) {
      return OpenStores(cf::testing::PostgresqlSchemaUrl(dir), clock);
    }};
const StoresBackend kMemoryStores{"memory", [](const std::string&, const core::Clock& clock) {
                                    auto s = OpenMemoryStores(clock);
                                    return Stores{std::move(s.cases), std::move(s.accounts),
                                                  std::move(s.assessments), std::move(s.portal),
                                                  std::move(s.quality)};
                                  }};

void PrintTo(const StoresBackend& b, std::ostream* os) { *os << b.name; }

class StoresContract : public ::testing::TestWithParam<StoresBackend> {
 protected:
  void SetUp() override {
    CF_REQUIRE_POSTGRESQL_FOR(GetParam().name);
    stores_ = GetParam().open(folder_.path, clock_);
    accounts_ = stores_.accounts.get();
  }
  void TearDown() override { stores_ = {}; }

  static User Staff(const std::string& name, const std::string& unit, const std::string& officer,
                    const std::string& role = "officer") {
    User u;
    u.name = name;
    u.role = *domain::ParseStaffRole(role);
    u.unit = unit;
    u.officer = officer;
    u.password_hash = "hash-" + name;
    return u;
  }
  int64_t IdOf(const std::string& name) { return accounts_->FindUser(name)->id; }
  static std::vector<std::string> Names(const std::vector<User>& users) {
    std::vector<std::string> out;
    for (const auto& u : users) out.push_back(u.name);
    return out;
  }

  TestFolder folder_;
  core::FakeClock clock_{*core::ParseRfc3339(kNow)};
  Stores stores_;
  AccountStore* accounts_ = nullptr;
};

TEST_P(StoresContract, UsersAreFoundByNameOrOfficerAndListedByUnitThenName) {
  auto sarah = Staff("sahmed", "N1", "PC1");
  sarah.full_name = "Sarah Ahmed";
  sarah.collar = "PC 1003";
  EXPECT_TRUE(accounts_->AddUser(sarah));
  EXPECT_FALSE(accounts_->AddUser(Staff("sahmed", "S1", "PC9"))) << "the name is taken";
  EXPECT_TRUE(accounts_->AddUser(Staff("bjones", "N1", "PC2")));
  EXPECT_TRUE(accounts_->AddUser(Staff("achen", "S1", "PC3")));
  EXPECT_TRUE(accounts_->AddUser(Staff("zsup", "N1", "PC1", "supervisor")));
  const auto found = accounts_->FindUser("sahmed");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->unit, "N1");
  EXPECT_EQ(found->full_name, "Sarah Ahmed");
  EXPECT_EQ(found->collar, "PC 1003");
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(found->failed_logins, 0);
  EXPECT_FALSE(accounts_->FindUser("nobody"));
  EXPECT_EQ(Names(accounts_->Users()),
            (std::vector<std::string>{"bjones", "sahmed", "zsup", "achen"}));
  EXPECT_EQ(Names(accounts_->UsersInUnit("N1")),
            (std::vector<std::string>{"bjones", "sahmed", "zsup"}));
  EXPECT_EQ(accounts_->UserForOfficer("PC1")->name, "sahmed") << "the first account added";
  EXPECT_FALSE(accounts_->UserForOfficer("PC9"));

  auto moved = *found;
  moved.unit = "S1";
  moved.role = domain::StaffRole::kSupervisor;
  moved.phone = "01632 960001";
  EXPECT_TRUE(accounts_->UpdateUser(moved));
  EXPECT_EQ(accounts_->FindUser("sahmed")->unit, "S1");
  EXPECT_EQ(accounts_->FindUser("sahmed")->phone, "01632 960001");
  moved.id = 999;
  EXPECT_FALSE(accounts_->UpdateUser(moved));

  accounts_->SetLoginFailures(found->id, 5, "2025-03-03T09:30:00Z");
  EXPECT_EQ(accounts_->FindUser("sahmed")->failed_logins, 5);
  EXPECT_EQ(accounts_->FindUser("sahmed")->locked_until, "2025-03-03T09:30:00Z");
  accounts_->SetPassword(found->id, "new-hash");
  const auto reset = accounts_->FindUser("sahmed");
  EXPECT_EQ(reset->password_hash, "new-hash");
  EXPECT_EQ(reset->failed_logins, 0);
  EXPECT_EQ(reset->locked_until, "");
}

TEST_P(StoresContract, TokensAndSessionsServeOnlyLiveAccounts) {
  accounts_->AddUser(Staff("sahmed", "N1", "PC1"));
  const int64_t id = IdOf("sahmed");
  const std::string kLater = "2025-06-01T00:00:00Z";
  accounts_->AddToken("token-1", id, "laptop", kLater);
  EXPECT_EQ(accounts_->UserForToken("token-1", kNow)->name, "sahmed");
  EXPECT_FALSE(accounts_->UserForToken("token-1", kLater)) << "expired";
  EXPECT_FALSE(accounts_->UserForToken("token-2", kNow));
  EXPECT_THROW(accounts_->AddToken("token-1", id, "again", kLater), StorageError);
  EXPECT_THROW(accounts_->AddToken("token-3", id + 100, "no such user", kLater), StorageError);

  accounts_->AddToken("token-4", id, "server", kLater);
  const auto tokens = accounts_->Tokens();
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].label, "laptop");
  EXPECT_EQ(tokens[0].user, "sahmed");
  EXPECT_EQ(tokens[0].expires_at, kLater);
  EXPECT_FALSE(tokens[0].revoked);
  EXPECT_TRUE(accounts_->RevokeToken(tokens[1].id));
  EXPECT_FALSE(accounts_->RevokeToken(tokens[1].id + 100)) << "no such token";
  EXPECT_FALSE(accounts_->RevokeToken(tokens[1].id)) << "revoked already";
  EXPECT_FALSE(accounts_->UserForToken("token-4", kNow)) << "revoked";
  EXPECT_TRUE(accounts_->Tokens()[1].revoked);
  EXPECT_TRUE(accounts_->UserForToken("token-1", kNow)) << "the other token lives";

  accounts_->CreateSession("session-1", id, "csrf-1", "2025-03-03T17:15:00Z");
  EXPECT_EQ(accounts_->FindSession("session-1", kNow)->csrf, "csrf-1");
  EXPECT_EQ(accounts_->FindSession("session-1", kNow)->user.name, "sahmed");
  EXPECT_FALSE(accounts_->FindSession("session-1", "2025-03-03T17:15:00Z")) << "expired";
  accounts_->CreateSession("session-2", id, "csrf-2", "2025-03-03T17:15:00Z");
  accounts_->DeleteSession("session-2");
  EXPECT_FALSE(accounts_->FindSession("session-2", kNow));

  auto disabled = *accounts_->FindUser("sahmed");
  disabled.disabled = true;
  accounts_->UpdateUser(disabled);
  EXPECT_FALSE(accounts_->UserForToken("token-1", kNow));
  EXPECT_FALSE(accounts_->FindSession("session-1", kNow));
}

TEST_P(StoresContract, SessionsEndForOneUserOrWhenExpired) {
  accounts_->AddUser(Staff("sahmed", "N1", "PC1"));
  accounts_->AddUser(Staff("jbloggs", "N1", "PC2"));
  const int64_t a = IdOf("sahmed");
  const int64_t b = IdOf("jbloggs");
  accounts_->CreateSession("a-1", a, "c", "2025-03-03T17:15:00Z");
  accounts_->CreateSession("a-2", a, "c", "2025-03-03T18:15:00Z");
  accounts_->CreateSession("b-1", b, "c", "2025-03-03T10:00:00Z");
  accounts_->CreateSession("b-2", b, "c", "2025-03-04T10:00:00Z");
  EXPECT_EQ(accounts_->DeleteSessionsOf(a), 2u);
  EXPECT_FALSE(accounts_->FindSession("a-2", kNow));
  EXPECT_TRUE(accounts_->FindSession("b-2", kNow));
  EXPECT_EQ(accounts_->DeleteExpiredSessions("2025-03-03T10:00:00Z"), 1u) << "b-1, at its expiry";
  EXPECT_EQ(accounts_->DeleteExpiredSessions("2025-03-03T10:00:00Z"), 0u);
  EXPECT_TRUE(accounts_->FindSession("b-2", kNow));
}

TEST_P(StoresContract, UnitsShiftsAndLeaveAreSeenByUnit) {
  EXPECT_TRUE(accounts_->AddUnit({"S1", "South response 1", "South"}));
  EXPECT_TRUE(accounts_->AddUnit({"N1", "North response 1", "North"}));
  EXPECT_FALSE(accounts_->AddUnit({"N1", "Another", "North"})) << "the id is taken";
  const auto units = accounts_->Units();
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].id, "N1");
  EXPECT_EQ(units[0].name, "North response 1");

  accounts_->AddUser(Staff("sahmed", "N1", "PC1"));
  accounts_->AddUser(Staff("bjones", "N1", "PC2"));
  accounts_->AddUser(Staff("achen", "S1", "PC3"));
  accounts_->AddShifts({{0, "sahmed", "2026-11-27T07:00", "2026-11-27T17:00"},
                        {0, "bjones", "2026-11-27T07:00", "2026-11-27T15:00"},
                        {0, "sahmed", "2026-11-28T07:00", "2026-11-28T17:00"},
                        {0, "achen", "2026-11-27T07:00", "2026-11-27T17:00"}},
                       "sup");
  const auto day = accounts_->ShiftsInUnit("N1", "2026-11-27T00:00", "2026-11-28T00:00");
  ASSERT_EQ(day.size(), 2u);
  EXPECT_EQ(day[0].user, "bjones") << "by start, then name";
  EXPECT_EQ(day[1].user, "sahmed");
  EXPECT_EQ(accounts_->NextShifts("sahmed", "2026-11-27T16:00", 10).size(), 2u);
  const auto next = accounts_->NextShifts("sahmed", "2026-11-27T17:00", 10);
  ASSERT_EQ(next.size(), 1u) << "a shift ending now is over";
  EXPECT_EQ(next[0].starts_at, "2026-11-28T07:00");
  EXPECT_EQ(accounts_->NextShifts("sahmed", "2026-11-27T16:00", 1)[0].starts_at,
            "2026-11-27T07:00");
  const auto south = accounts_->ShiftsInUnit("S1", "2026-11-27T00:00", "2026-11-28T00:00");
  ASSERT_EQ(south.size(), 1u);
  EXPECT_FALSE(accounts_->DeleteShift(south[0].id, "N1")) << "not a shift in N1";
  EXPECT_TRUE(accounts_->DeleteShift(south[0].id, "S1"));
  EXPECT_FALSE(accounts_->DeleteShift(south[0].id, ""));

  accounts_->AddLeave({"PC1", D("2026-12-01"), D("2026-12-05"), "annual leave", 0}, "sup");
  accounts_->AddLeave({"PC3", D("2026-11-20"), D("2026-11-30"), "", 0}, "sup");
  accounts_->AddLeave({"PC2", D("2026-11-25"), D("2026-11-26"), "course", 0}, "sup");
  EXPECT_EQ(accounts_->LeaveFrom("PC1", D("2026-12-05")).size(), 1u) << "the last day counts";
  EXPECT_TRUE(accounts_->LeaveFrom("PC1", D("2026-12-06")).empty());
  const auto north = accounts_->LeaveInUnit("N1", D("2026-11-01"));
  ASSERT_EQ(north.size(), 2u);
  EXPECT_EQ(north[0].officer, "PC2") << "earliest first";
  EXPECT_EQ(north[1].reason, "annual leave");
  EXPECT_EQ(accounts_->LeaveInUnit("N1", D("2026-11-27")).size(), 1u);
  EXPECT_FALSE(accounts_->DeleteLeave(north[1].id, "S1"));
  EXPECT_TRUE(accounts_->DeleteLeave(north[1].id, "N1"));
  EXPECT_TRUE(accounts_->LeaveFrom("PC1", D("2026-11-01")).empty());
}

TEST_P(StoresContract, TemplatesKeepEveryVersionNewestFirst) {
  EXPECT_TRUE(accounts_->TemplateVersions("update", "en").empty());
  EXPECT_EQ(accounts_->SaveTemplate("update", "en", "one", "admin"), 1);
  EXPECT_EQ(accounts_->SaveTemplate("update", "en", "two", "admin"), 2);
  EXPECT_EQ(accounts_->SaveTemplate("update", "cy", "un", "admin"), 1);
  const auto versions = accounts_->TemplateVersions("update", "en");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 2);
  EXPECT_EQ(versions[0].text, "two");
  EXPECT_EQ(versions[0].created_at, kNow) << "stamped by the store's clock";
}

TEST_P(StoresContract, TheAuditLogIsNewestFirstAndStampedByTheClock) {
  accounts_->Audit({"", "sahmed", "viewed_case", "C/1", "", "", "10.0.0.1"});
  accounts_->Audit({"2025-03-01T10:00:00Z", "sahmed", "viewed_queue", "", "", "", ""});
  clock_.Advance(60'000);
  accounts_->Audit({"", "bjones", "viewed_case", "C/1", "V1", "", ""});
  accounts_->Audit({"", "sahmed", "viewed_case", "C/2", "", "", ""});
  const auto all = accounts_->AuditLog("", "", 10);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].crime, "C/2");
  EXPECT_EQ(all[0].at, "2025-03-03T09:16:00Z");
  EXPECT_EQ(all[3].at, kNow);
  EXPECT_EQ(all[3].source, "10.0.0.1");
  EXPECT_EQ(accounts_->AuditLog("sahmed", "", 10).size(), 3u);
  EXPECT_EQ(accounts_->AuditLog("", "C/1", 10).size(), 2u);
  EXPECT_EQ(accounts_->AuditLog("sahmed", "C/1", 10).size(), 1u);
  EXPECT_EQ(accounts_->AuditLog("", "", 2).size(), 2u);
  EXPECT_EQ(accounts_->AuditActionCounts("sahmed", "2025-03-02"),
            (std::map<std::string, int64_t>{{"viewed_case", 2}}));
  EXPECT_EQ(accounts_->AuditActionCounts("sahmed", "2025-03-01"),
            (std::map<std::string, int64_t>{{"viewed_case", 2}, {"viewed_queue", 1}}));
}

TEST_P(StoresContract, EachAuditRecordIsChainedToTheOneBeforeIt) {
  EXPECT_TRUE(accounts_->VerifyAuditChain().Whole());
  EXPECT_EQ(accounts_->VerifyAuditChain().records, 0);
  EXPECT_EQ(accounts_->VerifyAuditChain().head, kAuditChainStart);
  accounts_->Audit({"", "sahmed", "viewed_case", "C/1", "", "", "10.0.0.1"});
  clock_.Advance(60'000);
  accounts_->Audit({"", "bjones", "viewed_case", "C/1", "V1", "a \"quoted\" detail", ""});
  accounts_->Audit({"", "sahmed", "viewed_queue", "", "", "", ""});
  const auto check = accounts_->VerifyAuditChain();
  EXPECT_TRUE(check.Whole());
  EXPECT_EQ(check.records, 3);
  EXPECT_LT(check.first_id, check.last_id);
  // The chain is the same function of the stored records on every backend.
  auto stored = accounts_->AuditLog("", "", 10);
  ASSERT_EQ(stored.size(), 3u);
  std::string head = kAuditChainStart;
  for (auto it = stored.rbegin(); it != stored.rend(); ++it) head = AuditChainHash(head, *it);
  EXPECT_EQ(check.head, head);
  EXPECT_EQ(head.size(), 64u);
  // Any field, changed, changes the hash.
  auto changed = stored[0];
  changed.detail = "x";
  EXPECT_NE(AuditChainHash(kAuditChainStart, changed), AuditChainHash(kAuditChainStart, stored[0]));
  // Fields are told apart: moving text from one to the next changes the hash.
  const AuditEntry a{"t", "ab", "c", "", "", "", ""};
  const AuditEntry b{"t", "a", "bc", "", "", "", ""};
  EXPECT_NE(AuditChainHash(kAuditChainStart, a), AuditChainHash(kAuditChainStart, b));
}

TEST_P(StoresContract, TheAuditLogIsSearchedAPageAtATimeWithItsTotal) {
  for (int i = 0; i < 7; ++i) {
    accounts_->Audit(
        {"", i % 2 == 0 ? "sahmed" : "bjones", "viewed_case", fmt::format("C/{}", i), "", "", ""});
    clock_.Advance(3'600'000);  // an hour apart: 09:15, 10:15, ... 15:15 on 3 March
  }
  AuditQuery q;
  q.limit = 3;
  auto page = accounts_->SearchAudit(q);
  EXPECT_EQ(page.total, 7);
  ASSERT_EQ(page.entries.size(), 3u);
  EXPECT_EQ(page.entries[0].crime, "C/6") << "newest first";
  q.offset = 6;
  page = accounts_->SearchAudit(q);
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries[0].crime, "C/0") << "the last page holds the oldest";
  // The whole log's total is counted on from where it was: records added since are in it, and a
  // record undone with its transaction is not (on PostgreSQL it leaves a gap in the numbers).
  accounts_->Audit({"", "bjones", "viewed_case", "C/7", "", "", ""});
  stores_.cases->Begin();
  accounts_->Audit({"", "bjones", "viewed_case", "C/undone", "", "", ""});
  stores_.cases->Rollback();
  accounts_->Audit({"", "sahmed", "viewed_case", "C/8", "", "", ""});
  q.offset = 0;
  page = accounts_->SearchAudit(q);
  EXPECT_EQ(page.total, 9);
  ASSERT_EQ(page.entries.size(), 3u);
  EXPECT_EQ(page.entries[0].crime, "C/8");
  q = {};
  q.user = "sahmed";
  EXPECT_EQ(accounts_->SearchAudit(q).total, 5);
  q.from = "2025-03-03T11:15:00Z";   // at or after: C/2 is in
  q.until = "2025-03-03T15:15:00Z";  // before: C/6 is not
  page = accounts_->SearchAudit(q);
  EXPECT_EQ(page.total, 2) << "C/2 at 11:15 and C/4 at 13:15, not C/6 at 15:15";
  ASSERT_EQ(page.entries.size(), 2u);
  EXPECT_EQ(page.entries[0].crime, "C/4");
  q = {};
  q.crime = "C/5";
  EXPECT_EQ(accounts_->SearchAudit(q).total, 1);
  q.offset = 5;
  EXPECT_TRUE(accounts_->SearchAudit(q).entries.empty()) << "past the end: nothing, total kept";
  EXPECT_EQ(accounts_->SearchAudit(q).total, 1);
}

TEST_P(StoresContract, TheStoresOfOneDatabaseShareItsTransactions) {
  PlanAction p;
  p.scope = "force";
  p.indicator = "2.6";
  p.action = "Audit the contact plans";
  p.owner = "DI Shah";
  p.due = "2027-03-31";
  p.status = "not_started";
  p.created_by = "analyst1";
  assess::Assessment a;
  a.scope = "force";
  a.assessed_on = "2026-11-27";
  a.assessor = "Supt K Lee";
  stores_.cases->Begin();
  accounts_->Audit({"", "sahmed", "viewed_case", "C/1", "", "", ""});
  stores_.assessments->AddAction(p);
  stores_.cases->Rollback();
  EXPECT_TRUE(accounts_->AuditLog("", "", 10).empty());
  EXPECT_TRUE(stores_.assessments->Actions("").empty());

  stores_.cases->Begin();
  const int64_t id = stores_.assessments->AddAction(p);
  stores_.assessments->AddAssessment(a, "analyst1");
  EXPECT_THROW(stores_.assessments->AddAssessment(a, "analyst1"), StorageError);
  stores_.cases->Commit();
  EXPECT_EQ(stores_.assessments->Assessments("").size(), 1u)
      << "the refused write undid only itself";
  EXPECT_EQ(stores_.assessments->FindAction(id)->created_at, kNow);
}

// The server's threads each write audit records through a connection of their own; records
// written outside a transaction commit together, and each writer returns once its own is in.
TEST(AuditGroupCommitTest, EveryThreadsRecordsAreCommittedOnceAndTransactionsKeepTheirOwn) {
  TestFolder folder;
  core::FakeClock clock(*core::ParseRfc3339(kNow));
  const auto shared = ShareWriting(folder.path + "/store.db", clock);
  constexpr int kThreads = 4;
  constexpr int kEach = 150;
  std::vector<Stores> stores;
  for (int t = 0; t < kThreads; ++t)
    stores.push_back(OpenSqliteStores(folder.path + "/store.db", clock, shared));
  // A connection of each thread's own, outside the group, to see what has been committed.
  std::vector<Stores> readers;
  for (int t = 0; t < kThreads; ++t)
    readers.push_back(OpenSqliteStores(folder.path + "/store.db", clock));
  AuditQuery all;
  all.limit = 0;
  EXPECT_EQ(stores[0].accounts->SearchAudit(all).total, 0) << "counted before any record";
  std::vector<std::thread> threads;
  std::atomic<int> seen_late{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& accounts = *stores[static_cast<size_t>(t)].accounts;
      auto& reader = *readers[static_cast<size_t>(t)].accounts;
      for (int i = 0; i < kEach; ++i) {
        const std::string user = fmt::format("t{}", t);
        accounts.Audit({"", user, "viewed_case", fmt::format("C/{}", i), "", "", ""});
        AuditQuery mine;
        mine.user = user;
        mine.crime = fmt::format("C/{}", i);
        if (reader.SearchAudit(mine).total != 1) ++seen_late;  // returned before its commit
        if (i % 50 == 0) {  // one inside a transaction that is undone: it goes with it
          stores[static_cast<size_t>(t)].cases->Begin();
          accounts.Audit({"", user, "undone", "", "", "", ""});
          stores[static_cast<size_t>(t)].cases->Rollback();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen_late.load(), 0) << "every Audit returned only once its record was committed";
  auto& reader = *stores[0].accounts;
  EXPECT_EQ(reader.SearchAudit(all).total, kThreads * kEach)
      << "counted on from before: every connection's records, none of those undone";
  for (int t = 0; t < kThreads; ++t) {
    all.user = fmt::format("t{}", t);
    EXPECT_EQ(reader.SearchAudit(all).total, kEach) << all.user;
  }
  EXPECT_EQ(shared->audit.Committed().writes, static_cast<uint64_t>(kThreads * kEach));
}

// Records that arrive while a commit is waiting for the file's write lock are committed
// together by the next leader; a write that fails fails its whole commit, and nothing of it
// is kept.
TEST(AuditGroupCommitTest, WaitingRecordsShareOneCommitAndAFailedCommitKeepsNothing) {
  TestFolder folder;
  core::FakeClock clock(*core::ParseRfc3339(kNow));
  const std::string path = folder.path + "/store.db";
  const auto shared = ShareWriting(path, clock);
  std::vector<Stores> stores;
  for (int t = 0; t < 3; ++t) stores.push_back(OpenSqliteStores(path, clock, shared));
  auto blocker = OpenSqliteStores(path, clock);
  blocker.cases->Begin();  // holds the write lock: the first leader waits for it
  blocker.cases->SetSetting("held", "yes");
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    stores[0].accounts->Audit({"", "first", "viewed_case", "", "", "", ""});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the first leads, and waits
  for (size_t t = 1; t < 3; ++t) {
    threads.emplace_back([&, t] {
      stores[t].accounts->Audit({"", fmt::format("next{}", t), "viewed_case", "", "", "", ""});
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both queue behind it
  blocker.cases->Commit();
  for (auto& t : threads) t.join();
  const auto counts = shared->audit.Committed();
  EXPECT_EQ(counts.writes, 3u);
  EXPECT_EQ(counts.commits, 2u) << "the two that waited were committed together";

  sqlite::Connection conn(path, clock);
  EXPECT_THROW(shared->audit.Commit(conn,
                                    [](sql::Connection& c) {
                                      c.Exec(
                                          "INSERT INTO audit_log (at, user_name, action) VALUES "
                                          "('2025-03-03T09:15:00Z', 'half', 'viewed_case')");
                                      throw StorageError("the next write of the commit failed");
                                    }),
               StorageError);
  AuditQuery half;
  half.user = "half";
  EXPECT_EQ(stores[0].accounts->SearchAudit(half).total, 0) << "rolled back whole";
  stores[0].accounts->Audit({"", "after", "viewed_case", "", "", "", ""});
  EXPECT_EQ(shared->audit.Committed().writes, 4u) << "the group goes on after a failure";
}

TEST_P(StoresContract, APortalInvitationIsUsedOnceAndALaterOneEndsTheEarlier) {
  auto& portal = *stores_.portal;
  portal.AddInvitation({"h1", "C/1", "V1", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  portal.AddInvitation({"h2", "C/1", "V2", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  EXPECT_THROW(portal.AddInvitation({"h1", "C/2", "V1", "pc1", kNow, "2025-03-10T09:15:00Z", ""}),
               StorageError);
  const auto found = portal.FindInvitation("h1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->crime, "C/1");
  EXPECT_EQ(found->person, "V1");
  EXPECT_EQ(found->expires_at, "2025-03-10T09:15:00Z");
  EXPECT_EQ(found->ended_at, "");
  EXPECT_FALSE(portal.FindInvitation("h9"));
  EXPECT_TRUE(portal.EndInvitation("h1", "2025-03-04T10:00:00Z"));
  EXPECT_FALSE(portal.EndInvitation("h1", "2025-03-04T11:00:00Z")) << "a link is used once";
  EXPECT_EQ(portal.FindInvitation("h1")->ended_at, "2025-03-04T10:00:00Z");
  // Re-inviting V2 ends the open link of V2 only.
  portal.AddInvitation({"h3", "C/1", "V2", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  EXPECT_EQ(portal.EndInvitationsOf("C/1", "V2", "2025-03-05T09:00:00Z"), 2u);
  EXPECT_EQ(portal.EndInvitationsOf("C/1", "V2", "2025-03-05T09:00:00Z"), 0u);
  EXPECT_EQ(portal.FindInvitation("h1")->ended_at, "2025-03-04T10:00:00Z");
  EXPECT_EQ(portal.FindInvitation("h3")->ended_at, "2025-03-05T09:00:00Z");
}

TEST_P(StoresContract, APortalAccountIsOnePerPersonPerCaseAndARevokedOneSignsInNoMore) {
  auto& portal = *stores_.portal;
  const int64_t v1 = portal.SetPassword("C/1", "V1", "argon-1", kNow);
  const int64_t v2 = portal.SetPassword("C/1", "V2", "argon-2", kNow);
  const int64_t other = portal.SetPassword("C/2", "V1", "argon-3", kNow);
  EXPECT_NE(v1, v2);
  EXPECT_NE(v1, other);
  std::vector<std::string> people;
  for (const auto& a : portal.AccountsOf("C/1")) people.push_back(a.person);
  EXPECT_EQ(people, (std::vector<std::string>{"V1", "V2"}));
  EXPECT_TRUE(portal.AccountsOf("C/3").empty());

  portal.SetSignInFailures(v1, 5, "2025-03-03T09:30:00Z");
  auto held = portal.FindAccount("C/1", "V1");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->failed_sign_ins, 5);
  EXPECT_EQ(held->locked_until, "2025-03-03T09:30:00Z");
  portal.CreatePortalSession("s1", v1, "csrf-1", kNow, "2025-03-03T21:15:00Z");
  portal.CreatePortalSession("s2", v1, "csrf-2", kNow, "2025-03-03T21:15:00Z");
  portal.CreatePortalSession("s3", v2, "csrf-3", kNow, "2025-03-03T21:15:00Z");
  EXPECT_TRUE(portal.RevokeAccount(v1, "2025-03-03T10:00:00Z"));
  EXPECT_FALSE(portal.RevokeAccount(v1, "2025-03-03T10:00:00Z"));
  EXPECT_FALSE(portal.FindPortalSession("s1", kNow, "2025-03-03T09:00:00Z"))
      << "a revoked account's sessions end with it";
  EXPECT_TRUE(portal.FindPortalSession("s3", kNow, "2025-03-03T09:00:00Z"));

  // A new password (a new invitation accepted): the same account, usable again, unlocked.
  EXPECT_EQ(portal.SetPassword("C/1", "V1", "argon-4", "2025-03-04T09:00:00Z"), v1);
  held = portal.FindAccount(v1);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->password_hash, "argon-4");
  EXPECT_EQ(held->failed_sign_ins, 0);
  EXPECT_EQ(held->locked_until, "");
  EXPECT_EQ(held->revoked_at, "");
  EXPECT_EQ(held->created_at, kNow);
  EXPECT_EQ(portal.DeletePortalSessionsOf(v1), 2u);
  EXPECT_FALSE(portal.FindAccount(999));
}

TEST_P(StoresContract, WhatThePortalCanNoLongerUseIsDeletedAndNothingElse) {
  auto& portal = *stores_.portal;
  const int64_t v1 = portal.SetPassword("C/1", "V1", "argon-1", kNow);  // kNow: 09:15 on the 3rd
  portal.CreatePortalSession("past", v1, "c1", kNow, "2025-03-03T10:00:00Z");
  portal.CreatePortalSession("idle", v1, "c2", kNow, "2025-03-03T21:15:00Z");
  portal.CreatePortalSession("live", v1, "c3", kNow, "2025-03-03T21:15:00Z");
  portal.TouchPortalSession("live", "2025-03-03T10:50:00Z");
  portal.AddInvitation({"used-long-ago", "C/1", "V1", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  EXPECT_TRUE(portal.EndInvitation("used-long-ago", "2025-03-04T10:00:00Z"));
  portal.AddInvitation({"used-lately", "C/1", "V2", "pc1", kNow, "2025-04-08T09:15:00Z", ""});
  EXPECT_TRUE(portal.EndInvitation("used-lately", "2025-04-01T10:00:00Z"));
  portal.AddInvitation({"expired", "C/1", "V3", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  portal.AddInvitation({"open", "C/1", "V4", "pc1", kNow, "2025-04-20T09:15:00Z", ""});
  // At 11:00, idle since 10:30 too long, links ended or expired before 1 April too old: the
  // session past its end and the idle one go, and the link used on the 4th and the expired one.
  EXPECT_EQ(portal.DeleteSpentPortalRecords("2025-03-03T11:00:00Z", "2025-03-03T10:30:00Z",
                                            "2025-04-01T00:00:00Z"),
            4u);
  // Asked as of 09:30 (when both were live), neither is there.
  EXPECT_FALSE(portal.FindPortalSession("past", "2025-03-03T09:30:00Z", "2025-03-03T09:00:00Z"));
  EXPECT_FALSE(portal.FindPortalSession("idle", "2025-03-03T09:30:00Z", "2025-03-03T09:00:00Z"));
  EXPECT_TRUE(portal.FindPortalSession("live", "2025-03-03T11:00:00Z", "2025-03-03T10:30:00Z"));
  EXPECT_FALSE(portal.FindInvitation("used-long-ago"));
  EXPECT_FALSE(portal.FindInvitation("expired"));
  EXPECT_TRUE(portal.FindInvitation("used-lately"));
  EXPECT_TRUE(portal.FindInvitation("open"));
  EXPECT_TRUE(portal.FindAccount(v1)) << "accounts are kept";
  EXPECT_EQ(portal.DeleteSpentPortalRecords("2025-03-03T11:00:00Z", "2025-03-03T10:30:00Z",
                                            "2025-04-01T00:00:00Z"),
            0u);
}

TEST_P(StoresContract, APortalSessionEndsWhenItExpiresOrLiesIdle) {
  auto& portal = *stores_.portal;
  const int64_t v1 = portal.SetPassword("C/1", "V1", "argon-1", kNow);
  portal.CreatePortalSession("s1", v1, "csrf-1", kNow, "2025-03-03T21:15:00Z");
  EXPECT_THROW(portal.CreatePortalSession("s1", v1, "csrf-2", kNow, "2025-03-03T21:15:00Z"),
               StorageError);
  auto found = portal.FindPortalSession("s1", "2025-03-03T09:20:00Z", "2025-03-03T09:00:00Z");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account.person, "V1");
  EXPECT_EQ(found->csrf, "csrf-1");
  EXPECT_EQ(found->last_seen_at, kNow);
  // Idle since before 09:15 counts; idle since 09:15 or later does not.
  EXPECT_FALSE(portal.FindPortalSession("s1", "2025-03-03T09:50:00Z", kNow));
  portal.TouchPortalSession("s1", "2025-03-03T09:40:00Z");
  EXPECT_TRUE(portal.FindPortalSession("s1", "2025-03-03T09:50:00Z", kNow));
  EXPECT_FALSE(portal.FindPortalSession("s1", "2025-03-03T21:15:00Z", "2025-03-03T09:00:00Z"))
      << "expired";
  EXPECT_FALSE(portal.FindPortalSession("s9", kNow, "2025-03-03T09:00:00Z"));
  portal.DeletePortalSession("s1");
  EXPECT_FALSE(portal.FindPortalSession("s1", "2025-03-03T09:20:00Z", "2025-03-03T09:00:00Z"));
}

TEST_P(StoresContract, APortalThreadIsEachPersonsOwnOldestFirstAndTheNewestKept) {
  auto& portal = *stores_.portal;
  for (int i = 1; i <= 4; ++i) {
    portal.AddPortalMessage({0, "C/1", "V1", i % 2 == 1, i % 2 == 1 ? "" : "pc1",
                             i % 2 == 1 ? "" : "PC 1 Ann Lee", "message " + std::to_string(i),
                             kNow});
  }
  portal.AddPortalMessage({0, "C/1", "V2", true, "", "", "another person's", kNow});
  portal.AddPortalMessage({0, "C/2", "V1", true, "", "", "another case's", kNow});
  const auto all = portal.PortalMessages("C/1", "V1", 10);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].body, "message 1");
  EXPECT_TRUE(all[0].from_person);
  EXPECT_EQ(all[1].author, "pc1");
  EXPECT_EQ(all[1].author_name, "PC 1 Ann Lee");
  EXPECT_FALSE(all[1].from_person);
  EXPECT_LT(all[0].id, all[1].id);
  const auto newest = portal.PortalMessages("C/1", "V1", 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].body, "message 3");
  EXPECT_EQ(newest[1].body, "message 4");
  EXPECT_TRUE(portal.PortalMessages("C/9", "V1", 10).empty());
}

// Issue 19: a purge of a case's portal ends its access and removes its words, and nothing of
// another case's.
TEST_P(StoresContract, APortalPurgeEndsTheCasesAccessAndRemovesItsWords) {
  auto& portal = *stores_.portal;
  for (const char* crime : {"C/1", "C/2"}) {
    portal.AddInvitation(
        {std::string("h-") + crime, crime, "V1", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
    const int64_t account = portal.SetPassword(crime, "V1", "argon", kNow);
    portal.CreatePortalSession(std::string("s-") + crime, account, "csrf", kNow,
                               "2025-03-03T21:15:00Z");
    portal.AddPortalMessage({0, crime, "V1", false, "pc1", "PC 1 Ann Lee", "Ring me", kNow});
    portal.AddPortalAlert(
        {0, std::string("t-") + crime, crime, "V1", "e1", "arrest", true, 0, "", kNow, "", ""});
  }
  stores_.cases->Begin();
  EXPECT_EQ(stores_.cases->PurgePortal("C/1"), 5) << "session, account, invitation, alert, message";
  EXPECT_EQ(stores_.cases->PurgePortal("C/1"), 0) << "nothing left";
  stores_.cases->Commit();
  EXPECT_FALSE(portal.FindInvitation("h-C/1"));
  EXPECT_FALSE(portal.FindAccount("C/1", "V1"));
  EXPECT_FALSE(portal.FindPortalSession("s-C/1", kNow, "2025-03-03T09:00:00Z"));
  EXPECT_FALSE(portal.FindPortalAlert("t-C/1")) << "its link no longer opens";
  const auto thread = portal.PortalMessages("C/1", "V1", 10);
  ASSERT_EQ(thread.size(), 1u) << "that a message was sent, and when, stays";
  EXPECT_EQ(thread[0].body, "");
  EXPECT_EQ(thread[0].author_name, "");
  EXPECT_TRUE(portal.FindInvitation("h-C/2"));
  EXPECT_TRUE(portal.FindAccount("C/2", "V1"));
  EXPECT_TRUE(portal.FindPortalSession("s-C/2", kNow, "2025-03-03T09:00:00Z"));
  EXPECT_TRUE(portal.FindPortalAlert("t-C/2"));
  EXPECT_EQ(portal.PortalMessages("C/2", "V1", 10).at(0).body, "Ring me");
}

TEST_P(StoresContract, APortalAlertIsOnePerPersonEventAndDutyOpenedOnceAndTaskedOnce) {
  auto& portal = *stores_.portal;
  PortalAlert a{0, "t1", "C/1", "V1", "e1", "arrest", true, 7, "", "2025-03-03T09:00:00Z", "", ""};
  const int64_t id = portal.AddPortalAlert(a);
  EXPECT_GT(id, 0);
  a.token_hash = "t2";
  EXPECT_EQ(portal.AddPortalAlert(a), 0) << "the same person, event and duty";
  PortalAlert held{
      0,  "t3", "C/1", "V2", "e1", "arrest", true, 0, "flagged intimidated", "2025-03-03T09:00:00Z",
      "", ""};
  EXPECT_GT(portal.AddPortalAlert(held), 0);
  const auto found = portal.FindPortalAlert("t1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->outbox_id, 7);
  EXPECT_TRUE(found->enhanced);
  EXPECT_EQ(portal.FindPortalAlert("t3")->outbox_id, 0) << "not sent";
  EXPECT_FALSE(portal.FindPortalAlert("t9"));
  // Unopened: sent (not held) enhanced alerts created before the time asked about.
  EXPECT_TRUE(portal.UnopenedPortalAlerts("2025-03-03T09:00:00Z", 10).empty());
  ASSERT_EQ(portal.UnopenedPortalAlerts("2025-03-04T09:00:00Z", 10).size(), 1u);
  portal.MarkPortalAlertTask(id, "2025-03-05T09:00:00Z");
  EXPECT_TRUE(portal.UnopenedPortalAlerts("2025-03-06T09:00:00Z", 10).empty());
  EXPECT_TRUE(portal.MarkPortalAlertOpened(id, "2025-03-05T10:00:00Z"));
  EXPECT_FALSE(portal.MarkPortalAlertOpened(id, "2025-03-05T11:00:00Z")) << "once";
  EXPECT_EQ(portal.FindPortalAlert("t1")->opened_at, "2025-03-05T10:00:00Z");
}

TEST_P(StoresContract, TheLogIsFollowedFromAPositionInOrder) {
  auto& cases = *stores_.cases;
  const int64_t import_id = cases.StartImport("test", kNow);
  for (int i = 1; i <= 3; ++i) {
    const std::string crime = i == 2 ? "C/2" : "C/1";
    if (!cases.CrimeExists(crime)) {
      CaseRow row;
      row.crime = crime;
      cases.AddCase(row, {}, {});
    }
    cases.AppendEvent(
        {"e" + std::to_string(i), crime, i == 1 ? "crime.recorded" : "suspect.arrested", kNow,
         "h" + std::to_string(i), "{}"},
        import_id);
  }
  const int64_t end = cases.ApproxEventCount();
  const auto all = cases.EventsAfter(0, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, "e1");
  EXPECT_EQ(all[1].crime, "C/2");
  EXPECT_EQ(all[2].type, "suspect.arrested");
  EXPECT_EQ(all[2].seq, end);
  EXPECT_LT(all[0].seq, all[1].seq);
  const auto rest = cases.EventsAfter(all[0].seq, 1);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, "e2");
  EXPECT_TRUE(cases.EventsAfter(end, 10).empty());
}

TEST_P(StoresContract, PortalWritesShareTheCaseStoresTransaction) {
  stores_.cases->Begin();
  stores_.portal->SetPassword("C/1", "V1", "argon-1", kNow);
  stores_.portal->AddInvitation({"h1", "C/1", "V1", "pc1", kNow, "2025-03-10T09:15:00Z", ""});
  stores_.cases->Rollback();
  EXPECT_FALSE(stores_.portal->FindAccount("C/1", "V1"));
  EXPECT_FALSE(stores_.portal->FindInvitation("h1"));
}

SurveyResponse Response(const std::string& id, const std::string& day, int whole) {
  SurveyResponse r;
  r.id = id;
  r.source = "import";
  r.interviewed_on = D(day);
  r.crime = "C/1";
  r.crime_type = "Burglary";
  r.unit = "N1";
  r.bcu = "North";
  r.ethnic_group = "White British";
  r.white = true;
  r.stages = {1, 2, 3, 0, whole};
  r.diagnostics = R"({"knew_who_to_contact":1})";
  r.stored_by = "analyst";
  r.stored_at = kNow;
  return r;
}

TEST_P(StoresContract, SurveyResponsesAreAddedReplacedOrLeftAsTheyAreByTheirId) {
  auto& q = *stores_.quality;
  auto a = Response("R2", "2025-02-03", 1);
  auto b = Response("R1", "2025-02-03", 6);
  b.white.reset();
  b.ethnic_group = "";
  const auto first = q.PutSurveyResponses({a, b, Response("R3", "2025-01-31", 2)});
  EXPECT_EQ(first.added, 3u);
  a.stages[4] = 7;
  const auto again = q.PutSurveyResponses({a, b});
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.replaced, 1u);
  EXPECT_EQ(again.unchanged, 1u);
  const auto feb = q.SurveyResponses(D("2025-02-01"), D("2025-02-28"));
  ASSERT_EQ(feb.size(), 2u);
  EXPECT_EQ(feb[0].id, "R1");  // a day's responses by id
  EXPECT_FALSE(feb[0].white.has_value());
  EXPECT_EQ(feb[1].stages, (std::array<int, 5>{1, 2, 3, 0, 7}));
  EXPECT_EQ(feb[1].diagnostics, R"({"knew_who_to_contact":1})");
  EXPECT_EQ(q.SurveyResponses(D("2025-01-01"), D("2025-02-28")).front().id, "R3");
}

TEST_P(StoresContract, DipSamplesKeepTheirCasesInOrderAndEachSeedOnce) {
  auto& q = *stores_.quality;
  DipSample d{0, "N1", "2025-02", 42, 2, "sgt", kNow, {}};
  d.cases = {{"C/9", "random", "", 1, "PC1", "Burglary"},
             {"C/2", "risk", "enhanced,overdue", 4.5, "PC2", "Robbery"}};
  d.risks_as_of = "2025-02-28";
  const int64_t id = q.AddDipSample(d);
  EXPECT_GT(id, 0);
  EXPECT_THROW(q.AddDipSample(d), StorageError);
  d.seed = 43;
  d.cases.pop_back();
  q.AddDipSample(d);
  const auto held = q.DipSamples("N1", "2025-02");
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].id, id);
  EXPECT_EQ(held[0].seed, 42u);
  EXPECT_EQ(held[0].risks_as_of, "2025-02-28");
  ASSERT_EQ(held[0].cases.size(), 2u);
  EXPECT_EQ(held[0].cases[1].crime, "C/2");
  EXPECT_EQ(held[0].cases[1].reasons, "enhanced,overdue");
  EXPECT_DOUBLE_EQ(held[0].cases[1].weight, 4.5);
  EXPECT_EQ(held[1].cases.size(), 1u);
  EXPECT_TRUE(q.DipSamples("N1", "2025-03").empty());
}

TEST_P(StoresContract, DipSampleReviewsAreReplacedAndFoundBySampleAndOfficer) {
  auto& q = *stores_.quality;
  DipSample d{0, "N1", "2025-02", 42, 2, "sgt", kNow, {}};
  d.cases = {{"C/1", "random", "", 1, "PC1", "Burglary"}, {"C/2", "risk", "closed", 2, "PC2", ""}};
  const int64_t id = q.AddDipSample(d);
  EXPECT_EQ(q.FindDipSample(id)->cases.size(), 2u);
  EXPECT_FALSE(q.FindDipSample(id + 100));
  DipSampleReview r{id,
                    "C/2",
                    "PC2",
                    "N1",
                    R"({"updates":"no"})",
                    50,
                    "Late update",
                    "SGT1",
                    "2025-03-03T09:00:00Z"};
  q.PutDipSampleReview(r);
  q.PutDipSampleReview({id, "C/1", "PC1", "N1", "{}", 100, "", "SGT1", "2025-03-01T09:00:00Z"});
  r.score = 75;
  r.reviewed_at = "2025-03-04T09:00:00Z";
  q.PutDipSampleReview(r);  // reviewed again: replaced
  const auto of_sample = q.DipSampleReviews(id);
  ASSERT_EQ(of_sample.size(), 2u);
  EXPECT_EQ(of_sample[0].crime, "C/1");
  EXPECT_EQ(of_sample[1].score, 75);
  const auto recent = q.ReviewsSince("2025-03-02", "");
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].findings, "Late update");
  EXPECT_EQ(q.ReviewsSince("2025-01-01", "PC1").size(), 1u);
  EXPECT_EQ(q.ReviewsSince("2025-01-01", "").front().crime, "C/2");  // newest first
  EXPECT_THROW(q.PutDipSampleReview({id + 100, "C/1", "PC1", "N1", "{}", 1, "", "S", kNow}),
               StorageError);
}

TEST_P(StoresContract, CallListsAreOnePerSupervisorAndWeekWithTheirCallsInOrder) {
  auto& q = *stores_.quality;
  QualityCallList l{0, "SGT1", "N1", D("2025-03-03"), 7, 2, kNow, {}};
  l.calls = {{"C/9", "P1"}, {"C/2", "P2"}};
  const int64_t id = q.AddCallList(l);
  EXPECT_GT(id, 0);
  EXPECT_THROW(q.AddCallList(l), StorageError);
  l.supervisor = "SGT2";
  l.calls = {{"C/3", "P1"}};
  const int64_t other = q.AddCallList(l);
  EXPECT_NE(other, id);

  const auto held = q.FindCallList("SGT1", D("2025-03-03"));
  ASSERT_TRUE(held);
  EXPECT_EQ(held->id, id);
  EXPECT_EQ(held->seed, 7u);
  EXPECT_EQ(held->week, D("2025-03-03"));
  ASSERT_EQ(held->calls.size(), 2u);
  EXPECT_EQ(held->calls[1].crime, "C/2");
  EXPECT_EQ(held->calls[1].status, "to_call");
  EXPECT_FALSE(q.FindCallList("SGT1", D("2025-03-10")));
  EXPECT_FALSE(q.FindCallListById(other + 100));

  EXPECT_TRUE(q.EverListedForCall("C/2", "P2"));
  EXPECT_FALSE(q.EverListedForCall("C/2", "P1"));
  q.UpdateQualityCall(id, 2, {"C/2", "P2", "answered", 2, kNow, "call-1-2"});
  const auto after = q.FindCallListById(id);
  EXPECT_EQ(after->calls[1].status, "answered");
  EXPECT_EQ(after->calls[1].attempts, 2);
  EXPECT_EQ(after->calls[1].response_id, "call-1-2");
  EXPECT_EQ(after->calls[0].status, "to_call");  // the other call untouched
  EXPECT_THROW(q.UpdateQualityCall(id, 3, {"C/2", "P2"}), StorageError);
  EXPECT_THROW(q.UpdateQualityCall(other + 100, 1, {"C/2", "P2"}), StorageError);
}

TEST_P(StoresContract, MeasureRollupsAreReplacedMonthByMonth) {
  auto& q = *stores_.quality;
  EXPECT_EQ(q.MeasuresRefreshedAt("2025-01"), "");
  q.ReplaceMeasures({"2025-01", "2025-02"},
                    {{"2025-01", "N1", "referral", 3, 4},
                     {"2025-01", "N2", "referral", 1, 2},
                     {"2025-02", "N1", "referral", 5, 5}},
                    "2025-03-01T00:00:00Z");
  q.ReplaceMeasures({"2025-01"}, {{"2025-01", "N1", "leaflet", 2, 3}}, "2025-03-02T00:00:00Z");
  const auto held = q.Measures("2025-01", "2025-12");
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].measure, "leaflet") << "January's rows replaced whole";
  EXPECT_DOUBLE_EQ(held[0].numerator, 2);
  EXPECT_DOUBLE_EQ(held[0].denominator, 3);
  EXPECT_EQ(held[1].month, "2025-02") << "February's kept";
  EXPECT_EQ(q.Measures("2025-02", "2025-02").size(), 1u);
  EXPECT_EQ(q.MeasuresRefreshedAt("2025-01"), "2025-03-02T00:00:00Z");
  EXPECT_EQ(q.MeasuresRefreshedAt("2025-02"), "2025-03-01T00:00:00Z");
  EXPECT_THROW(
      q.ReplaceMeasures({"2025-03"},
                        {{"2025-03", "N1", "leaflet", 1, 1}, {"2025-03", "N1", "leaflet", 1, 1}},
                        "2025-03-03T00:00:00Z"),
      StorageError);
}

TEST_P(StoresContract, RepeatVictimSuggestionsAreReplacedWholeAndDecisionsKept) {
  auto& q = *stores_.quality;
  EXPECT_EQ(q.RepeatVictimsFoundAt(), "");
  q.ReplaceRepeatVictimMatches({{"A/1", "V1", "B/1", "V1", 0.9, "same name, same phone number"},
                                {"A/1", "V2", "C/1", "V1", 0.95, "same name, same date of birth"},
                                {"B/1", "V1", "C/1", "V2", 0.85, "same name, same address"}},
                               "2025-03-01T00:00:00Z");
  auto a = q.RepeatVictimMatches("A/1");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].crime_b, "C/1") << "highest score first";
  EXPECT_DOUBLE_EQ(a[0].score, 0.95);
  EXPECT_EQ(q.RepeatVictimMatches("C/1").size(), 2u) << "on either side";
  q.ReplaceRepeatVictimMatches({{"A/1", "V1", "B/1", "V1", 0.9, "same name, same phone number"}},
                               "2025-03-02T00:00:00Z");
  EXPECT_EQ(q.RepeatVictimMatches("A/1").size(), 1u);
  EXPECT_TRUE(q.RepeatVictimMatches("C/1").empty()) << "replaced whole";
  EXPECT_EQ(q.RepeatVictimsFoundAt(), "2025-03-02T00:00:00Z");

  q.PutRepeatVictimDecision({"A/1", "V1", "B/1", "V1", true, 0.9, "same name", "SGT1",
                             "2025-03-02T10:00:00Z", "Checked"});
  q.PutRepeatVictimDecision({"A/1", "V1", "B/1", "V1", false, 0.9, "same name", "SGT2",
                             "2025-03-02T11:00:00Z", "Two people"});
  const auto decided = q.RepeatVictimDecisions("B/1");
  ASSERT_EQ(decided.size(), 1u) << "the later decision replaces the earlier";
  EXPECT_FALSE(decided[0].same_person);
  EXPECT_EQ(decided[0].decided_by, "SGT2");
  EXPECT_EQ(decided[0].reason, "Two people");
  EXPECT_TRUE(q.RepeatVictimDecisions("C/1").empty());
}

TEST_P(StoresContract, CasesRecordedAreAUnitsInADateRangeByReference) {
  auto& cases = *stores_.cases;
  for (const auto& [crime, unit, day] :
       {std::tuple{"C/3", "N1", "2025-02-10"}, std::tuple{"C/1", "N1", "2025-02-01"},
        std::tuple{"C/2", "S1", "2025-02-05"}, std::tuple{"C/4", "N1", "2025-03-01"}}) {
    CaseRow row{crime,  "Burglary",  unit,  "PC1", D(day),      D(day),
                D(day), "code-2020", false, "",    std::nullopt};
    cases.ReplaceCase(row, {}, {});
  }
  std::vector<std::string> got;
  for (const auto& c : cases.CasesRecorded("N1", D("2025-02-01"), D("2025-02-28")))
    got.push_back(c.crime);
  EXPECT_EQ(got, (std::vector<std::string>{"C/1", "C/3"}));
}

TEST_P(StoresContract, QualityWritesShareTheCaseStoresTransaction) {
  stores_.cases->Begin();
  EXPECT_EQ(stores_.quality->PutSurveyResponses({Response("R1", "2025-02-03", 1)}).added, 1u);
  stores_.quality->AddDipSample({0, "N1", "2025-02", 1, 1, "sgt", kNow, {}});
  stores_.cases->Rollback();
  EXPECT_TRUE(stores_.quality->SurveyResponses(D("2025-01-01"), D("2025-12-31")).empty());
  EXPECT_TRUE(stores_.quality->DipSamples("N1", "2025-02").empty());
}

TEST_P(StoresContract, DigestsRecordWhereEachStoppedOncePerUserKindAndThrough) {
  EXPECT_FALSE(accounts_->LastDigest("sahmed", "findings"));
  accounts_->AddDigest({"sahmed", "findings", "2025-03-03T10:00:00Z", D("2025-03-03"), 7});
  accounts_->AddDigest({"sahmed", "findings", "2025-03-06T09:00:00Z", D("2025-03-06"), 9});
  accounts_->AddDigest({"bjones", "findings", "2025-03-07T09:00:00Z", D("2025-03-07"), 10});
  const auto last = accounts_->LastDigest("sahmed", "findings");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->through, "2025-03-06T09:00:00Z");
  EXPECT_EQ(last->sent_on, D("2025-03-06"));
  EXPECT_EQ(last->outbox_id, 9);
  EXPECT_FALSE(accounts_->LastDigest("sahmed", "shift"));
  EXPECT_THROW(
      accounts_->AddDigest({"sahmed", "findings", "2025-03-06T09:00:00Z", D("2025-03-07"), 11}),
      StorageError);
  // In the case store's transaction, with the outbox message it records.
  stores_.cases->Begin();
  accounts_->AddDigest({"sahmed", "findings", "2025-03-10T09:00:00Z", D("2025-03-10"), 12});
  stores_.cases->Rollback();
  EXPECT_EQ(accounts_->LastDigest("sahmed", "findings")->outbox_id, 9);
}

// Failed portal sign-ins per address, which every portal server on a database counts together
// (migration 0033): counted after a time, forgotten up to a time.
TEST_P(StoresContract, FailedSignInsAreCountedPerAddressAndForgottenOnceAged) {
  auto& portal = *stores_.portal;
  portal.RecordAddressFailure("192.0.2.1", "2025-03-03T09:00:00.000Z");
  portal.RecordAddressFailure("192.0.2.1", "2025-03-03T09:05:00.000Z");
  portal.RecordAddressFailure("192.0.2.2", "2025-03-03T09:06:00.000Z");
  portal.RecordAddressFailure("192.0.2.1", "2025-03-03T09:10:00.500Z");
  EXPECT_EQ(portal.AddressFailuresSince("192.0.2.1", "2025-03-03T08:55:00.000Z"), 3);
  EXPECT_EQ(portal.AddressFailuresSince("192.0.2.1", "2025-03-03T09:00:00.000Z"), 2)
      << "after, not at";
  EXPECT_EQ(portal.AddressFailuresSince("192.0.2.3", "2025-03-03T08:55:00.000Z"), 0);
  EXPECT_EQ(portal.ForgetAddressFailures("2025-03-03T09:06:00.000Z"), 3U) << "at or before";
  EXPECT_EQ(portal.AddressFailuresSince("192.0.2.1", "2025-03-03T08:55:00.000Z"), 1);
  EXPECT_EQ(portal.AddressFailuresSince("192.0.2.2", "2025-03-03T08:55:00.000Z"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoresContract,
                         ::testing::Values(kSqliteStores, kPostgresqlStores, kMemoryStores),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace cf::storage

#pragma once
// A fresh store per test, with the built-in rule library, the England and Wales calendar, and
// an import helper: an SQLite file (removed afterwards), or with CF_TEST_BACKEND=postgresql a
// schema of its own on CF_TEST_POSTGRESQL (support/postgresql.hpp; tests/CMakeLists.txt runs
// the suites built on this fixture a second time so).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "app/import.hpp"
#include "calendar/calendar_loader.hpp"
#include "storage/account_store.hpp"
#include "storage/case_store.hpp"
#include "support/postgresql.hpp"

namespace cf::app {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "cf_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    Remove();
    CF_SKIP_WITHOUT_TEST_BACKEND();
    db_ = cf::testing::TestDb(path_);
    store_ = cf::testing::OpenTestStore(db_);
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  ImportReport Import(std::string_view text, bool skip = false) {
    ImportOptions options;
    options.source = "test";
    // Events may be dated up to a year after their import: the tests' cases run to 2026.
    options.now = "2026-11-30T00:00:00Z";
    options.skip_invalid = skip;
    return ImportJsonLines(*store_, engine_, lib_, text, options);
  }

  std::string path_;
  std::string db_;  // the --db value: path_, or the schema's URL on PostgreSQL
  std::unique_ptr<storage::CaseStore> store_;
  const rules::RuleLibrary lib_ = rules::RuleLibrary::BuiltIn().value();
  const rules::ObligationEngine engine_{lib_, calendar::EnglandAndWales()};
};

// The store, plus an account store on the same file with officer PC1 (pc1, Sarah Ahmed,
// PC 1001) for letters and messages.
class StoreWithOfficerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    accounts_ = cf::testing::OpenTestAccounts(db_);
    ASSERT_TRUE(accounts_->AddUser({0, "pc1", domain::StaffRole::kOfficer, "N1", "PC1", "x", 0, "",
                                    false, "Sarah Ahmed", "PC 1001", "01632 960001",
                                    "sarah.ahmed@police.example"}));
  }
  void TearDown() override {
    accounts_.reset();
    StoreTest::TearDown();
  }

  std::unique_ptr<storage::AccountStore> accounts_;
};

}  // namespace cf::app

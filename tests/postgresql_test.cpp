// The PostgreSQL backend's own promises (issue 18), beyond the repository contract it shares
// with SQLite (storage_contract_test):
// - Migrations per dialect: SQLite's numbered migrations (src/storage/migrations) and
//   PostgreSQL's (src/storage/migrations/postgresql) leave the same tables, columns, keys and
//   indexes, read back from each database's own catalog. Types are compared by kind (INTEGER
//   and BIGINT are both integers); everything else must match exactly.
// - A connection the server drops (a restart, an administrator's kill) is opened again.
// - A statement that runs too long is stopped and reported.
#include "support/postgresql.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "storage/account_store.hpp"
#include "storage/case_store.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/sql/catalog.hpp"
#include "storage/sqlite/connection.hpp"

namespace cf::storage {
namespace {

const char* KindName(sql::ColumnKind k) {
  switch (k) {
    case sql::ColumnKind::kInteger:
      return "integer";
    case sql::ColumnKind::kReal:
      return "real";
    case sql::ColumnKind::kText:
      return "text";
  }
  return "?";
}

// One line per fact, so that a difference names the table and what differs.
std::set<std::string> Describe(sql::Connection& conn) {
  std::set<std::string> out;
  for (const auto& t : sql::ReadCatalog(conn)) {
    out.insert(fmt::format("table {}", t.name));
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const auto& c = t.columns[i];
      out.insert(fmt::format("column {}.{} #{} {}{}{}{}", t.name, c.name, i, KindName(c.kind),
                             c.not_null ? " not null" : "", c.generated ? " generated" : "",
                             c.default_value.empty() ? "" : " default " + c.default_value));
    }
    out.insert(fmt::format("primary key {} ({})", t.name, fmt::join(t.primary_key, ", ")));
    for (const auto& i : t.indexes) {
      out.insert(fmt::format("index {} {} ({}){}{}", t.name, i.name, fmt::join(i.columns, ", "),
                             i.unique ? " unique" : "", i.partial ? " partial" : ""));
    }
    for (const auto& f : t.foreign_keys) {
      out.insert(fmt::format("foreign key {} ({}) -> {} ({}){}", t.name, fmt::join(f.columns, ", "),
                             f.table, fmt::join(f.references, ", "),
                             f.cascade ? " on delete cascade" : ""));
    }
  }
  return out;
}

std::string Missing(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  for (const auto& line : a)
    if (b.count(line) == 0) out += "  " + line + "\n";
  return out;
}

TEST(StorageSchema, BothDialectsMigrateToTheSameTablesColumnsKeysAndIndexes) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string path = ::testing::TempDir() + "cf_schema_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  sqlite::Connection sqlite(path);
  postgresql::Connection postgresql(cf::testing::PostgresqlSchemaUrl("storage_schema_test"));
  const auto a = Describe(sqlite);
  const auto b = Describe(postgresql);
  EXPECT_GT(a.size(), 300U) << "the catalog was not read";
  EXPECT_EQ(a, b) << "only in SQLite:\n"
                  << Missing(a, b) << "only in PostgreSQL:\n"
                  << Missing(b, a);
  EXPECT_EQ(sqlite.AppliedMigrations(), postgresql.AppliedMigrations());
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// The catalog is read, not assumed: a column added on one side only is a difference.
TEST(StorageSchema, ADifferenceIsFound) {
  const std::string path =
      ::testing::TempDir() + "cf_schema_diff_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  {
    sqlite::Connection before(path);
    const auto a = Describe(before);
    before.Exec("ALTER TABLE settings ADD COLUMN note TEXT NOT NULL DEFAULT ''");
    before.Exec("CREATE INDEX settings_by_value ON settings (value) WHERE value <> ''");
    const auto b = Describe(before);
    EXPECT_EQ(Missing(b, a),
              "  column settings.note #2 text not null default ''\n"
              "  index settings settings_by_value (value) partial\n");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// The server ends the store's connection between two requests, as a restart does; the next
// read and write go through on a new connection, and nothing committed is lost.
TEST(Postgresql, AConnectionTheServerDroppedIsOpenedAgain) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string key = "reconnect";
  auto stores = OpenStores(cf::testing::PostgresqlSchemaUrl(key), core::SystemClock::Instance());
  ASSERT_TRUE(stores.accounts->AddUser({0, "pc1", domain::StaffRole::kOfficer, "N1", "PC1", "x", 0,
                                        "", false, "Sarah Ahmed", "PC 1001", "", ""}));
  const std::string kill = fmt::format(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}'",
      cf::testing::PostgresqlSchemaName(key));
  cf::testing::PostgresqlExec(kill);
  ASSERT_TRUE(stores.accounts->FindUser("pc1").has_value()) << "read after the drop";
  cf::testing::PostgresqlExec(kill);
  EXPECT_TRUE(stores.accounts->AddUser({0, "pc2", domain::StaffRole::kOfficer, "N1", "PC2", "x", 0,
                                        "", false, "Tom Lee", "PC 1002", "", ""}))
      << "write after the drop";
  EXPECT_TRUE(stores.accounts->FindUser("pc2").has_value());
}

// A statement run more than once is prepared on the server once (the second run), and runs
// prepared from then on; a NULL where its number goes runs unprepared; and after the server
// drops the connection it is prepared again on the new one.
TEST(Postgresql, AStatementRunAgainIsPreparedOnceAndAgainAfterADroppedConnection) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string key = "prepared";
  postgresql::Connection conn(cf::testing::PostgresqlSchemaUrl(key));
  conn.Exec("CREATE TABLE notes (id bigint, note text)");
  const std::string insert = "INSERT INTO notes (id, note) VALUES (?, ?)";
  auto prepared = [&conn] {
    auto& s = conn.Stmt(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO notes%'");
    EXPECT_TRUE(s.Step());
    const int64_t n = s.Int(0);
    s.Reset();
    return n;
  };
  conn.Stmt(insert).Bind(1).Bind("first").Run();
  EXPECT_EQ(prepared(), 0) << "a statement run once is not prepared";
  for (int id = 2; id <= 5; ++id) conn.Stmt(insert).Bind(id).Bind("again").Run();
  EXPECT_EQ(prepared(), 1) << "prepared once, on its second run";
  conn.Stmt(insert).BindNull().Bind("no id").Run();
  conn.Stmt(insert).Bind(6).Bind("after the null").Run();
  cf::testing::PostgresqlExec(fmt::format(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}'",
      cf::testing::PostgresqlSchemaName(key)));
  conn.Stmt(insert).Bind(7).Bind("on the new connection").Run();
  EXPECT_EQ(prepared(), 1) << "prepared again on the new connection";
  auto& rows = conn.Stmt("SELECT count(*), count(id), sum(id) FROM notes");
  ASSERT_TRUE(rows.Step());
  EXPECT_EQ(rows.Int(0), 8);
  EXPECT_EQ(rows.Int(1), 7);
  EXPECT_EQ(rows.Int(2), 28);
  rows.Reset();
}

// Inside a transaction a dropped connection takes the transaction with it: the write fails,
// nothing of it is kept, and the store works again after the rollback.
TEST(Postgresql, ATransactionCutOffByADroppedConnectionFailsWhole) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string key = "reconnect_in_transaction";
  auto stores = OpenStores(cf::testing::PostgresqlSchemaUrl(key), core::SystemClock::Instance());
  auto& cases = *stores.cases;
  cases.Begin();
  cases.SetSetting("half", "written");
  cf::testing::PostgresqlExec(fmt::format(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}'",
      cf::testing::PostgresqlSchemaName(key)));
  EXPECT_THROW(cases.SetSetting("other", "half"), StorageError);
  cases.Rollback();
  EXPECT_FALSE(cases.Setting("half").has_value());
  cases.SetSetting("after", "yes");
  EXPECT_EQ(cases.Setting("after"), "yes");
}

// A bulk run (an import's first load, a recompute) gathers the planner's statistics for the
// tables it fills, in its own transaction, rather than leave a big store planning as if empty
// until autovacuum comes by (docs/postgresql.md).
TEST(Postgresql, ABulkRunGathersThePlannersStatistics) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string url = cf::testing::PostgresqlSchemaUrl("bulk_analyze");
  auto stores = OpenStores(url, core::SystemClock::Instance());
  const std::string analysed =
      "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname "
      "IN ('crimes', 'events', 'cases', 'people', 'obligations') AND last_analyze IS NOT NULL";
  ASSERT_EQ(cf::testing::PsqlRows(url, analysed), "0|\n");
  stores.cases->Begin();
  stores.cases->SuspendDerivedIndexes();
  stores.cases->RestoreDerivedIndexes();
  stores.cases->Commit();
  EXPECT_EQ(cf::testing::PsqlRows(url, analysed), "5|\n");
}

// Every statement has a time limit (statement_timeout, 30 s by default; the URL may set its
// own): one that runs past it is cancelled and the error says so.
TEST(Postgresql, AStatementPastItsTimeLimitIsStoppedAndSaysSo) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  cf::testing::PostgresqlSchemaUrl("timeout");  // makes the schema
  const std::string base = cf::testing::PostgresqlUrl();
  postgresql::Connection conn(
      base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
      cf::testing::PostgresqlSchemaName("timeout") + "%20-cstatement_timeout%3D200");
  try {
    conn.Exec("SELECT pg_sleep(5)");
    FAIL() << "the statement was not stopped";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("time limit"), std::string::npos) << e.what();
  }
  conn.Exec("SELECT 1");  // the connection is still good
}

// Each store has its own write lock: a writer holding one store's keeps a second writer of the
// same store waiting (here past a 300 ms limit), and a writer of another store in the same
// database (another schema) does not wait at all.
TEST(Postgresql, AWriterWaitsForItsOwnStoresWriteLockOnlyNotAnotherSchemas) {
  CF_REQUIRE_POSTGRESQL_FOR("postgresql");
  const std::string base = cf::testing::PostgresqlUrl();
  auto url = [&](const std::string& key) {
    postgresql::Connection migrate(cf::testing::PostgresqlSchemaUrl(key));  // a store there
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           cf::testing::PostgresqlSchemaName(key) + "%20-cstatement_timeout%3D300";
  };
  postgresql::Connection holder(url("write_lock_a"));
  holder.BeginWrite();
  postgresql::Connection same_store(url("write_lock_a"));
  try {
    same_store.BeginWrite();
    FAIL() << "a second writer of the same store did not wait";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("time limit"), std::string::npos) << e.what();
  }
  postgresql::Connection other_store(url("write_lock_b"));
  other_store.BeginWrite();
  other_store.Exec("COMMIT");
  holder.Exec("COMMIT");
}

// A URL's password never reaches a message.
TEST(Postgresql, APasswordInTheUrlIsNeverShown) {
  EXPECT_EQ(postgresql::Connection::Redacted("postgresql://cf:s3cret@db.example:5432/cf"),
            "postgresql://cf:***@db.example:5432/cf");
  EXPECT_EQ(
      postgresql::Connection::Redacted("postgresql://cf@db/cf?password=s3cret&sslmode=require"),
      "postgresql://cf@db/cf?password=***&sslmode=require");
  try {
    postgresql::Connection conn("postgresql://cf:s3cret@127.0.0.1:1/cf?connect_timeout=2");
    FAIL() << "connected to nothing";
  } catch (const StorageError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cf::storage

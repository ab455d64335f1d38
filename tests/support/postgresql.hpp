#pragma once
// The PostgreSQL server the tests run against: CF_TEST_POSTGRESQL names it (a libpq URL;
// scripts/test starts a throwaway cluster on loopback with scripts/pg-cluster and sets it).
// Each test gets a schema of its own on that server, chosen through the URL's search_path, so
// that tests run side by side on one database without seeing each other's tables.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::testing {

// The server's URL, or empty when CF_TEST_POSTGRESQL is not set.
inline std::string PostgresqlUrl() {
  const char* url = std::getenv("CF_TEST_POSTGRESQL");
  return url == nullptr ? std::string() : std::string(url);
}

// Runs SQL on the server as the tests' user. Throws with the server's message.
inline void PostgresqlExec(const std::string& sql) {
  PGconn* conn = PQconnectdb(PostgresqlUrl().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("CF_TEST_POSTGRESQL: " + message);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string message = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("PostgreSQL: " + message + " in: " + sql);
}

// The schema PostgresqlSchemaUrl gives `key`; its connections carry it as application_name.
inline std::string PostgresqlSchemaName(const std::string& key) {
  return "t" + std::to_string(::getpid()) + "_" + std::to_string(std::hash<std::string>{}(key));
}

// The URL of a schema of its own for `key` (a test's folder, say): emptied the first time this
// process asks for it (every time when `fresh`), kept as it is when asked again (a test that
// reopens its store). Its connections are named after the schema (application_name), so that
// a test can find them in pg_stat_activity.
inline std::string PostgresqlSchemaUrl(const std::string& key, bool fresh = false) {
  static std::mutex mutex;
  static std::set<std::string> made;
  const std::string schema = PostgresqlSchemaName(key);
  {
    const std::lock_guard lock(mutex);
    if (made.insert(schema).second || fresh)
      PostgresqlExec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  }
  const std::string base = PostgresqlUrl();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema + "&application_name=" + schema;
}

// For a test parameterised by backend: skips a PostgreSQL run when no server is named, saying
// why (scripts/test always names one, so CI runs every PostgreSQL case).
#define CF_REQUIRE_POSTGRESQL_FOR(backend_name)                                            \
  do {                                                                                     \
    if (std::string(backend_name) == "postgresql" && cf::testing::PostgresqlUrl().empty()) \
      GTEST_SKIP() << "CF_TEST_POSTGRESQL is not set: no PostgreSQL server to run on "     \
                      "(scripts/test starts one)";                                         \
  } while (0)

// --- suites that run on either backend ---
// In a suite's SetUp (or test): skips a PostgreSQL run (CF_TEST_BACKEND=postgresql) when no
// server is named. ctest's SKIP_REGULAR_EXPRESSION for the *_on_postgresql runs matches the
// message.
#define CF_SKIP_WITHOUT_TEST_BACKEND()                                                       \
  do {                                                                                       \
    if (cf::testing::OnPostgresql() && cf::testing::PostgresqlUrl().empty())                 \
      GTEST_SKIP() << "CF_TEST_BACKEND=postgresql without CF_TEST_POSTGRESQL (scripts/test " \
                      "sets it)";                                                            \
  } while (0)

// CF_TEST_BACKEND=postgresql moves a suite's store from its SQLite file to a schema of its own
// on the server CF_TEST_POSTGRESQL names (tests/CMakeLists.txt runs chosen suites a second
// time so); otherwise the suite runs on SQLite as it always did.
inline bool OnPostgresql() {
  const char* backend = std::getenv("CF_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

// The --db value for a new, empty store the suite would keep at `sqlite_path` (a fixture that
// removes its file first: on PostgreSQL the schema is emptied each time).
inline std::string TestDb(const std::string& sqlite_path) {
  if (!OnPostgresql()) return sqlite_path;
  if (PostgresqlUrl().empty())
    throw std::runtime_error("CF_TEST_BACKEND=postgresql needs CF_TEST_POSTGRESQL");
  return PostgresqlSchemaUrl(sqlite_path, /*fresh=*/true);
}

// The case store and the account store at a TestDb value (a file or a server).
inline std::unique_ptr<storage::CaseStore> OpenTestStore(const std::string& db) {
  if (!storage::IsPostgresqlUrl(db)) return storage::OpenSqliteStore(db);
  return std::move(storage::OpenStores(db, core::SystemClock::Instance()).cases);
}
inline std::unique_ptr<storage::AccountStore> OpenTestAccounts(const std::string& db) {
  if (!storage::IsPostgresqlUrl(db)) return storage::OpenSqliteAccountStore(db);
  return std::move(storage::OpenStores(db, core::SystemClock::Instance()).accounts);
}
inline std::unique_ptr<storage::AssessmentStore> OpenTestAssessments(const std::string& db) {
  if (!storage::IsPostgresqlUrl(db)) return storage::OpenSqliteAssessmentStore(db);
  return std::move(storage::OpenStores(db, core::SystemClock::Instance()).assessments);
}

// The rows `sql` gives on the PostgreSQL store at `url` (a TestDb value), read by psql, a fresh
// process, as the SQLite suites read their files with sqlite3: a line a row, each column
// followed by '|', NULL as "NULL".
inline std::string PsqlRows(const std::string& url, const std::string& sql) {
  char script[] = "/tmp/cf_psql_XXXXXX";
  const int fd = ::mkstemp(script);
  if (fd < 0) throw std::runtime_error("PsqlRows: no temporary file");
  const bool written = ::write(fd, sql.data(), sql.size()) == static_cast<ssize_t>(sql.size());
  ::close(fd);
  std::string text;
  int status = -1;
  if (written) {
    // The URL holds no quote: tests make it from CF_TEST_POSTGRESQL and a schema name.
    const std::string command =
        "psql -X -q -A -t -v ON_ERROR_STOP=1 -P null=NULL -d '" + url + "' -f " + script + " 2>&1";
    if (FILE* p = ::popen(command.c_str(), "r"); p != nullptr) {
      char buf[4096];
      while (std::fgets(buf, sizeof buf, p) != nullptr) text += buf;
      status = ::pclose(p);
    }
  }
  ::unlink(script);
  if (!written) throw std::runtime_error("PsqlRows: could not write the script");
  if (status != 0)
    throw std::runtime_error("psql (status " + std::to_string(status) + "): " + text +
                             " in: " + sql);
  std::string out;
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    out += text.substr(at, end - at) + "|\n";
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

}  // namespace cf::testing

#pragma once
// Internal to cf_storage: a PostgreSQL connection (libpq) behind sql::Connection, so that the
// same SQL stores run on a server a region's IT already runs (issue 18, docs/postgresql.md).
//
// - `?` parameters become $1, $2, ... once per statement (cached per connection by its SQL),
//   and run with its parameters as text: integers and reals typed, text left for the server to
//   infer from the column it meets. A cached statement's first run is parsed and planned with
//   it (PQexecParams, one round trip); from its second, the server keeps it prepared for the
//   connection's life (PQprepare once, then PQexecPrepared), so an import's thousands of the
//   same INSERT are not parsed and planned thousands of times.
// - Results are read whole: a statement's rows stay readable while others run, as SQLite's do.
// - Every statement has a time limit (statement_timeout, 30 s unless the URL's options say
//   otherwise), and a connection the server dropped (a restart) is opened again before the
//   next statement outside a transaction; inside one, the error reaches the caller.
// Thread-compatible: one connection per thread (OpenStores opens one per server thread).

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sql/connection.hpp"

namespace cf::storage::postgresql {

class Connection;

class Statement final : public sql::Statement {
 public:
  Statement(Connection& conn, std::string sql, int params);
  ~Statement() override;

  Statement& Reset() override;
  Statement& BindText(std::string_view v) override;
  Statement& BindInt(int64_t v) override;
  Statement& BindReal(double v) override;
  Statement& BindNull() override;
  bool Step() override;
  std::string Text(int col) const override;
  int64_t Int(int col) const override;
  double Real(int col) const override;
  bool IsNull(int col) const override;
  std::string ColumnName(int col) const override;

 private:
  friend class Connection;
  void Bound(std::optional<std::string> value, unsigned type);
  Connection& conn_;
  std::string sql_;  // with $n parameters
  int params_;
  std::vector<std::optional<std::string>> values_;
  std::vector<unsigned> types_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  bool ran_ = false;
  // Stmt's cached statements only (Prepare's belong to their caller, and may be one-offs): how
  // often run (up to 2), and the server-side statement made for them on which connection and
  // with which parameter types (a NULL where a number usually goes runs unprepared).
  bool cached_ = false;
  int runs_ = 0;
  std::string prepared_name_;
  uint64_t prepared_session_ = 0;
  std::vector<unsigned> prepared_types_;
};

class Connection final : public sql::Connection {
 public:
  // Connects (a libpq URL or key=value string) and applies pending migrations. Throws
  // StorageError naming the server, never the password.
  explicit Connection(const std::string& url,
                      const core::Clock& clock = core::SystemClock::Instance());
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgresql; }
  void Exec(const std::string& sql) override;
  sql::Statement& Stmt(const std::string& sql) override;
  std::unique_ptr<sql::Statement> Prepare(const std::string& sql) override;
  void EndReads() override {}
  int64_t Changes() override { return changes_; }
  int64_t LastInsertId() override;
  bool InTransaction() override;
  // A writing transaction takes the store's one write lock (a transaction-scoped advisory
  // lock) first, as SQLite's BEGIN IMMEDIATE does: the stores derive a case from its log and
  // replace what they had, which two writers at once could otherwise interleave. Reads, and
  // single statements outside a transaction (claims, leases), and audit records do not wait.
  void BeginWrite() override { Exec("BEGIN; " + StoreLock(kWriteLock)); }
  void LockAuditChain() override { Exec(StoreLock(kAuditChainLock)); }
  // READ COMMITTED whatever the server's default: the last hash is read after the lock is held.
  void BeginAuditWrite() override {
    Exec("BEGIN ISOLATION LEVEL READ COMMITTED; " + StoreLock(kAuditChainLock));
  }
  void LockMigrations() override { Exec(StoreLock(kMigrationLock)); }
  // The store's advisory locks: the write lock, the audit chain's, and the one migrations
  // take.
  static constexpr int kWriteLock = 74120001;
  static constexpr int kAuditChainLock = 74120002;
  static constexpr int kMigrationLock = 74120018;
  // The statement that takes the store's lock `key` until the transaction ends. Advisory locks
  // belong to the database, and one database may hold a store per schema (the URL's
  // search_path: a region's forces, the tests' stores): the schema is the lock's second key,
  // so one store's long import never holds up another's writes.
  static std::string StoreLock(int key) {
    return "SELECT pg_advisory_xact_lock(" + std::to_string(key) +
           ", hashtext(coalesce(current_schema(), '')))";
  }
  void Migrate() override;

  // The URL with any password replaced by "***", for messages and logs.
  static std::string Redacted(const std::string& url);

 private:
  friend class Statement;
  void Connect();
  // Runs a statement's SQL with its parameters; returns the result (caller frees it).
  PGresult* Run(Statement& s);
  [[noreturn]] void Fail(PGresult* result, const std::string& sql);
  // True when the connection is gone and nothing of a transaction would be lost by reopening.
  bool ReopenIfLost();

  // The name of the server-side statement for `s` on this connection, prepared on its second
  // run; nullptr to run it unprepared.
  const std::string* PreparedFor(Statement& s);

  std::string url_;
  PGconn* conn_ = nullptr;
  uint64_t session_ = 0;   // one more for every connection opened: prepared statements die with it
  uint64_t prepared_ = 0;  // names of prepared statements, "cf1", "cf2", ...
  int64_t changes_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// "postgresql://" or "postgres://": the --db value names a server, not an SQLite file.
bool IsUrl(std::string_view db);

}  // namespace cf::storage::postgresql

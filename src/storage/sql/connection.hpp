#pragma once
// Internal to cf_storage: a connection to an SQL database and its prepared statements, as the
// SQL stores (src/storage/sql) use them, whichever database is underneath: the embedded SQLite
// file (storage/sqlite/connection.hpp) or a PostgreSQL server (storage/postgresql/
// connection.hpp). The stores' SQL is written once for both: `?` parameters, TEXT ISO dates,
// INTEGER booleans, ON CONFLICT upserts; where the two differ the store asks dialect().
// Thread-compatible: one connection per thread.

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/vocabulary.hpp"
#include "storage/case_store.hpp"

namespace cf::storage::sql {

enum class Dialect { kSqlite, kPostgresql };

// A prepared statement: bind the parameters in order, then Step through the rows.
class Statement {
 public:
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Ready to bind again. Also ends the statement's read: call it after reading fewer rows than
  // the query has (on SQLite the connection would keep an old snapshot).
  virtual Statement& Reset() = 0;
  virtual Statement& BindText(std::string_view v) = 0;
  virtual Statement& BindInt(int64_t v) = 0;
  virtual Statement& BindReal(double v) = 0;
  virtual Statement& BindNull() = 0;
  // True while there is a row. The first call runs the statement.
  virtual bool Step() = 0;
  virtual std::string Text(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Real(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  virtual std::string ColumnName(int col) const = 0;

  Statement& Bind(const std::string& v) { return BindText(v); }
  // Empty text is stored as NULL.
  Statement& BindOrNull(const std::string& v) { return v.empty() ? BindNull() : BindText(v); }
  Statement& Bind(int64_t v) { return BindInt(v); }
  // A row id, with 0 (no row) stored as NULL.
  Statement& BindIdOrNull(int64_t v) { return v == 0 ? BindNull() : BindInt(v); }
  Statement& Bind(int v) { return BindInt(v); }
  Statement& Bind(double v) { return BindReal(v); }
  Statement& Bind(bool v) { return BindInt(v ? 1 : 0); }
  // A day is stored as its ISO text, YYYY-MM-DD, so that text order is date order.
  Statement& Bind(core::Date v) { return BindText(v.ToString()); }
  // No day is stored as NULL.
  Statement& Bind(const std::optional<core::Date>& v) { return v ? Bind(*v) : BindNull(); }
  // A vocabulary value (domain/vocabulary.hpp) is stored as its wire name.
  template <typename E>
  requires std::is_enum_v<E> Statement& Bind(E v) { return BindText(domain::Name(v)); }

  void Run() {
    while (Step()) {
    }
  }
  // A column holding a vocabulary wire name, read with its Parse function. A name this build
  // does not know means the store was written by something else: StorageError.
  template <typename E>
  E Enum(int col, std::optional<E> (*parse)(std::string_view)) const {
    const std::string text = Text(col);
    if (const auto v = parse(text)) return *v;
    throw StorageError(fmt::format("store: \"{}\" in column {} is not a value this version knows",
                                   text, ColumnName(col)));
  }
  // A column holding a day (YYYY-MM-DD). Anything else means the store was written by something
  // else: StorageError.
  core::Date Day(int col) const {
    const std::string text = Text(col);
    if (const auto d = core::Date::Parse(text)) return *d;
    throw StorageError(fmt::format("store: \"{}\" in column {} is not a date (YYYY-MM-DD)", text,
                                   ColumnName(col)));
  }
  // As Day; NULL is no day.
  std::optional<core::Date> OptionalDay(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Day(col);
  }

 protected:
  Statement() = default;
};

class Connection {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;
  // Runs SQL text with no parameters (one or more statements). Throws StorageError.
  virtual void Exec(const std::string& sql) = 0;
  // The cached prepared statement for `sql`, reset and ready to bind.
  virtual Statement& Stmt(const std::string& sql) = 0;
  // A statement of its own, not cached: for SQL built at run time in many shapes.
  virtual std::unique_ptr<Statement> Prepare(const std::string& sql) = 0;
  // Resets every cached statement still reading (see CaseStore::EndReads).
  virtual void EndReads() = 0;
  // Rows inserted, changed or deleted by the last statement run.
  virtual int64_t Changes() = 0;
  // The id the last INSERT into a table with a generated id gave its row.
  virtual int64_t LastInsertId() = 0;
  // True between BeginWrite (or BEGIN) and its COMMIT or ROLLBACK.
  virtual bool InTransaction() = 0;
  // Starts a transaction that will write: on SQLite it takes the write lock at once
  // (BEGIN IMMEDIATE), so that two writers queue rather than one failing at its first write.
  virtual void BeginWrite() = 0;
  // The audit log's hash chain takes one writer at a time, so that each record is chained to
  // the one committed before it (storage/audit_chain.hpp). Inside a writing transaction,
  // LockAuditChain waits for any other; BeginAuditWrite starts a transaction that only adds to
  // the audit log. SQLite's write lock already excludes other writers; PostgreSQL takes an
  // advisory lock of the chain's own, so that audit records never wait for the write lock.
  virtual void LockAuditChain() {}
  virtual void BeginAuditWrite() { BeginWrite(); }
  // Inside a migration's transaction, waits for any other process migrating the same store, so
  // that two opening a new store at once migrate it once. SQLite's write lock already does.
  virtual void LockMigrations() {}
  // The migrations this store has applied, in order.
  std::vector<int> AppliedMigrations();
  // Applies the pending migrations of this dialect, each in its own transaction.
  virtual void Migrate() = 0;
  // Now on the injected clock, UTC, RFC 3339 to the second.
  std::string NowUtc() const { return clock_.NowUtc(); }
  const core::Clock& clock() const { return clock_; }

 protected:
  explicit Connection(const core::Clock& clock) : clock_(clock) {}
  // Applies the embedded migrations under `dir` (src/storage/migrations/ or a dialect's
  // folder), each in a transaction begun with BeginWrite.
  void MigrateFrom(std::string_view dir);

 private:
  const core::Clock& clock_;
};

// Chains every audit record in id order (storage/audit_chain.hpp): run once, by migration 0034's
// step, in its transaction, for the records kept from before the chain began.
void ChainAuditRecordsOnce(Connection& conn);

// INSERT INTO `table` (`columns`) VALUES (?, ...) ON CONFLICT (`keys`) DO UPDATE SET each other
// column: a row is put whole, whether or not one with its key was there (both dialects).
// `columns` and `keys` are comma-separated names, the keys among the columns.
std::string Upsert(std::string_view table, std::string_view columns, std::string_view keys);

// The SQL for a JSON text field of a TEXT column holding an object: json_extract on SQLite,
// ->> on PostgreSQL.
std::string JsonField(Dialect dialect, std::string_view column, std::string_view key);

}  // namespace cf::storage::sql

#pragma once
// Internal to cf_storage: an SQLite connection with the project's settings (WAL, foreign
// keys, busy timeout), prepared statements cached per connection, and the migrations
// (src/storage/migrations, compiled in) applied and recorded on open. Thread-compatible.

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/budget.hpp"
#include "core/clock.hpp"
#include "core/date.hpp"
#include "domain/vocabulary.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::storage::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK) {
      throw StorageError(fmt::format("SQLite prepare failed: {} in: {}", sqlite3_errmsg(db), sql));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Also ends the statement's read: call it after reading fewer rows than the query has,
  // or the connection keeps an old snapshot and later writes fail with SQLITE_BUSY.
  Statement& Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    next_ = 1;
    return *this;
  }
  Statement& Bind(const std::string& v) {
    Check(
        sqlite3_bind_text(stmt_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  // Empty text is stored as NULL.
  Statement& BindOrNull(const std::string& v) {
    if (v.empty()) {
      Check(sqlite3_bind_null(stmt_, next_++));
      return *this;
    }
    return Bind(v);
  }
  Statement& Bind(int64_t v) {
    Check(sqlite3_bind_int64(stmt_, next_++, v));
    return *this;
  }
  // A row id, with 0 (no row) stored as NULL.
  Statement& BindIdOrNull(int64_t v) {
    if (v == 0) {
      Check(sqlite3_bind_null(stmt_, next_++));
      return *this;
    }
    return Bind(v);
  }
  Statement& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Statement& Bind(double v) {
    Check(sqlite3_bind_double(stmt_, next_++, v));
    return *this;
  }
  Statement& Bind(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  // A day is stored as its ISO text, YYYY-MM-DD, so that text order is date order.
  Statement& Bind(core::Date v) { return Bind(v.ToString()); }
  // No day is stored as NULL.
  Statement& Bind(const std::optional<core::Date>& v) {
    if (v) return Bind(*v);
    Check(sqlite3_bind_null(stmt_, next_++));
    return *this;
  }
  // A vocabulary value (domain/vocabulary.hpp) is stored as its wire name.
  template <typename E>
  requires std::is_enum_v<E> Statement& Bind(E v) { return Bind(std::string(domain::Name(v))); }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_INTERRUPT) core::CheckBudget();  // throws BudgetExceeded: time or a stop
    throw StorageError(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  void Run() {
    while (Step()) {
    }
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  // A column holding a vocabulary wire name, read with its Parse function. A name this build
  // does not know means the file was written by something else: StorageError.
  template <typename E>
  E Enum(int col, std::optional<E> (*parse)(std::string_view)) const {
    const std::string text = Text(col);
    if (const auto v = parse(text)) return *v;
    throw StorageError(fmt::format("SQLite: \"{}\" in column {} is not a value this version knows",
                                   text, sqlite3_column_name(stmt_, col)));
  }
  // A column holding a day (YYYY-MM-DD). Anything else means the file was written by something
  // else: StorageError.
  core::Date Day(int col) const {
    const std::string text = Text(col);
    if (const auto d = core::Date::Parse(text)) return *d;
    throw StorageError(fmt::format("SQLite: \"{}\" in column {} is not a date (YYYY-MM-DD)", text,
                                   sqlite3_column_name(stmt_, col)));
  }
  // As Day; NULL is no day.
  std::optional<core::Date> OptionalDay(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Day(col);
  }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) throw StorageError(fmt::format("SQLite bind: {}", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int next_ = 1;
};

class Connection {
 public:
  // Opens (creating) the file and applies pending migrations. Throws StorageError.
  // `clock` stamps the rows the stores write (sessions, audit, templates, assessments).
  explicit Connection(const std::string& path,
                      const core::Clock& clock = core::SystemClock::Instance());
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(const std::string& sql);
  // The cached prepared statement for `sql`, reset and ready to bind.
  Statement& Stmt(const std::string& sql);
  // Resets every cached statement still reading (see CaseStore::EndReads).
  void EndReads();
  sqlite3* db() { return db_; }
  std::vector<int> AppliedMigrations();
  void Migrate();
  // Now on the injected clock, UTC, RFC 3339 to the second.
  std::string NowUtc() const { return clock_.NowUtc(); }

 private:
  const core::Clock& clock_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace cf::storage::sqlite

namespace cf::storage {

// The stores over a connection others share too (see OpenSqliteStores).
std::unique_ptr<CaseStore> OpenSqliteStoreOn(std::shared_ptr<sqlite::Connection> conn);
// `shared` may be null: each audit record commits on its own.
std::unique_ptr<AccountStore> OpenSqliteAccountStoreOn(std::shared_ptr<sqlite::Connection> conn,
                                                       std::shared_ptr<SharedWriting> shared);
std::unique_ptr<AssessmentStore> OpenSqliteAssessmentStoreOn(
    std::shared_ptr<sqlite::Connection> conn);
std::unique_ptr<PortalStore> OpenSqlitePortalStoreOn(std::shared_ptr<sqlite::Connection> conn);
std::unique_ptr<QualityStore> OpenSqliteQualityStoreOn(std::shared_ptr<sqlite::Connection> conn);

}  // namespace cf::storage

#pragma once
// Internal to cf_storage: an SQLite connection behind sql::Connection, with the project's
// settings (WAL, foreign keys, busy timeout), prepared statements cached per connection, and
// the migrations (src/storage/migrations, compiled in) applied and recorded on open.
// Thread-compatible.

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
#include "storage/sql/connection.hpp"

namespace cf::storage::sqlite {

class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK) {
      throw StorageError(fmt::format("SQLite prepare failed: {} in: {}", sqlite3_errmsg(db), sql));
    }
  }
  ~Statement() override { sqlite3_finalize(stmt_); }

  Statement& Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    next_ = 1;
    return *this;
  }
  Statement& BindText(std::string_view v) override {
    Check(
        sqlite3_bind_text(stmt_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& BindInt(int64_t v) override {
    Check(sqlite3_bind_int64(stmt_, next_++, v));
    return *this;
  }
  Statement& BindReal(double v) override {
    Check(sqlite3_bind_double(stmt_, next_++, v));
    return *this;
  }
  Statement& BindNull() override {
    Check(sqlite3_bind_null(stmt_, next_++));
    return *this;
  }
  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_INTERRUPT) core::CheckBudget();  // throws BudgetExceeded: time or a stop
    throw StorageError(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  std::string Text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const override { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string ColumnName(int col) const override { return sqlite3_column_name(stmt_, col); }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) throw StorageError(fmt::format("SQLite bind: {}", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int next_ = 1;
};

class Connection final : public sql::Connection {
 public:
  // Opens (creating) the file and applies pending migrations (unless `migrate` is false: a
  // backup reads a store as it is). Throws StorageError.
  // `clock` stamps the rows the stores write (sessions, audit, templates, assessments).
  explicit Connection(const std::string& path,
                      const core::Clock& clock = core::SystemClock::Instance(),
                      bool migrate = true);
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  void Exec(const std::string& sql) override;
  sql::Statement& Stmt(const std::string& sql) override;
  std::unique_ptr<sql::Statement> Prepare(const std::string& sql) override {
    return std::make_unique<Statement>(db_, sql);
  }
  // Ends every read, and reports the page cache's size (see ReportCacheUse).
  void EndReads() override;
  int64_t Changes() override { return sqlite3_changes(db_); }
  int64_t LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  bool InTransaction() override { return sqlite3_get_autocommit(db_) == 0; }
  void BeginWrite() override { Exec("BEGIN IMMEDIATE"); }
  void Migrate() override { MigrateFrom("src/storage/migrations/"); }
  // SQLite's own handle, for what only its C API does (the online backup: storage/backup.cpp).
  sqlite3* handle() { return db_; }

 private:
  // Brings this connection's share of the process's citizenfocus_sqlite_page_cache_bytes gauge
  // (GET /metrics) up to date. Called by the thread using the connection, so never while
  // another uses it.
  void ReportCacheUse(int bytes);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  int cache_reported_ = 0;  // bytes of this connection's page cache in the gauge
};

}  // namespace cf::storage::sqlite

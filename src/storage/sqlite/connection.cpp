#include "storage/sqlite/connection.hpp"

#include <fmt/format.h>

#include "core/budget.hpp"
#include "core/metrics.hpp"

namespace cf::storage::sqlite {
namespace {

constexpr std::string_view kPageCacheGauge = "citizenfocus_sqlite_page_cache_bytes";
constexpr std::string_view kPageCacheHelp =
    "Memory held by this process's SQLite page caches (each connection's up to its cache_size), "
    "as of each connection's last request.";

}  // namespace

Connection::Connection(const std::string& path, const core::Clock& clock, bool migrate)
    : sql::Connection(clock) {
  // Without memory statistics (which nothing reads) SQLite takes no process-wide lock on every
  // allocation. Only possible before SQLite's first use; later (a test opened a database
  // itself first) it is refused and changes nothing.
  static const int kNoMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kNoMemoryStatistics;
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StorageError(fmt::format("cannot open database {}: {}", path, message));
  }
  sqlite3_busy_timeout(db_, 10000);
  // Long statements stop when the request's time is up or the process is stopping
  // (core/budget.hpp): SQLite interrupts them, and Step turns that into BudgetExceeded.
  sqlite3_progress_handler(
      db_, 10000, [](void*) -> int { return core::BudgetSpent() ? 1 : 0; }, nullptr);
  Exec("PRAGMA journal_mode = WAL");
  Exec("PRAGMA synchronous = NORMAL");  // WAL + NORMAL: durable at checkpoints, never corrupt
  Exec("PRAGMA foreign_keys = ON");
  Exec("PRAGMA cache_size = -65536");
  // No memory-mapped reads (mmap_size 0): a commit by any connection makes every other one
  // drop its whole mapping at its next read, so a server whose every view is audited paid an
  // munmap and fresh page faults per request. Measured with it off (bench/web_bench.sh,
  // portal_bench.sh): pages 2 to 4 times the throughput; store_bench builds as fast with a
  // seventh of the peak memory, and due queries within a millisecond.
  Exec("PRAGMA mmap_size = 0");
  // The gauge is there from the first connection, before any request has ended.
  core::metrics::Registry::Global().Adjust(kPageCacheGauge, kPageCacheHelp, {}, 0);
  if (migrate) Migrate();
}

Connection::~Connection() {
  try {
    ReportCacheUse(0);
  } catch (const std::exception&) {  // out of memory for the registry: the gauge stays high
  }
  statements_.clear();
  sqlite3_close(db_);
}

void Connection::Exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    if (rc == SQLITE_INTERRUPT) core::CheckBudget();  // throws BudgetExceeded: time or a stop
    throw StorageError(fmt::format("SQLite: {} (in: {})", message, sql.substr(0, 80)));
  }
}

sql::Statement& Connection::Stmt(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end())
    it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
  return it->second->Reset();
}

void Connection::EndReads() {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db_, s)) {
    if (sqlite3_stmt_busy(s) != 0) sqlite3_reset(s);
  }
  // Once per request on a server's connection: what its pages hold now. SQLite counts this
  // without its memory statistics (switched off above).
  int used = 0;
  int highest = 0;
  if (sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, 0) == SQLITE_OK)
    ReportCacheUse(used);
}

void Connection::ReportCacheUse(int bytes) {
  if (bytes == cache_reported_) return;
  core::metrics::Registry::Global().Adjust(kPageCacheGauge, kPageCacheHelp, {},
                                           static_cast<double>(bytes - cache_reported_));
  cache_reported_ = bytes;
}

}  // namespace cf::storage::sqlite

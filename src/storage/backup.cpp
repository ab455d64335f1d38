#include "storage/backup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "storage/account_store.hpp"
#include "storage/case_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace cf::storage {
namespace {

namespace fs = std::filesystem;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void RefuseUrl(const std::string& db, const char* what) {
  if (IsPostgresqlUrl(db)) {
    throw StorageError(fmt::format(
        "{}: {} is a PostgreSQL server; back it up and restore it with PostgreSQL's own tools "
        "(pg_dump, or base backups with WAL archiving: docs/postgresql.md)",
        what, RedactedDb(db)));
  }
}

// Copies every page of `from`'s main database into `to`'s, in one step: one read transaction
// on `from` (the one it has open, if any) and one write transaction on `to`.
void CopyPages(sqlite3* from, sqlite3* to, const std::string& to_name) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (b == nullptr)
    throw StorageError(fmt::format("cannot copy into {}: {}", to_name, sqlite3_errmsg(to)));
  const int step = sqlite3_backup_step(b, -1);
  const int finish = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    throw StorageError(fmt::format("cannot copy into {}: {}", to_name,
                                   sqlite3_errstr(step != SQLITE_DONE ? step : finish)));
  }
}

// A raw handle on a file, for copying pages: read-only for a backup being read (it is never
// changed, not even migrated), read-write and created for one being written.
struct RawDb {
  RawDb(const std::string& path, bool write) : name(path) {
    const int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw StorageError(fmt::format("cannot open {}: {}", path, message));
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~RawDb() { sqlite3_close(db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  std::string name;
  sqlite3* db = nullptr;
};

// SQLite's integrity and foreign key checks of an open store; throws naming what failed.
void CheckIntegrity(sql::Connection& conn, const std::string& name) {
  auto& integrity = conn.Stmt("PRAGMA integrity_check");
  const std::string result = integrity.Step() ? integrity.Text(0) : "no answer";
  integrity.Reset();
  if (result != "ok")
    throw StorageError(
        fmt::format("{} is damaged: SQLite's integrity check says {}", name, result));
  auto& keys = conn.Stmt("PRAGMA foreign_key_check");
  const bool orphans = keys.Step();
  const std::string table = orphans ? keys.Text(0) : "";
  keys.Reset();
  if (orphans)
    throw StorageError(
        fmt::format("{} is damaged: rows of {} refer to rows it lacks", name, table));
}

// Fills target_* from `found` and throws, naming the first table, unless every table is the same.
void Compare(std::vector<TableCopy>& tables, const std::vector<TableCopy>& found,
             const std::string& name) {
  for (auto& t : tables) {
    for (const auto& f : found) {
      if (f.table != t.table) continue;
      t.target_rows = f.source_rows;
      t.target_checksum = f.source_checksum;
    }
    if (!t.same()) {
      throw StorageError(fmt::format(
          "{} does not hold what was copied: table {} has {} rows (checksum {}), not {} ({})", name,
          t.table, t.target_rows, t.target_checksum, t.source_rows, t.source_checksum));
    }
  }
  if (found.size() != tables.size())
    throw StorageError(fmt::format("{} has {} tables, not {}", name, found.size(), tables.size()));
}

int64_t Rows(const std::vector<TableCopy>& tables) {
  int64_t rows = 0;
  for (const auto& t : tables) rows += t.source_rows;
  return rows;
}

// Makes a finished file durable: its data, then its name in its folder.
void Sync(const std::string& path) {
  for (const auto& p : {path, fs::absolute(path).parent_path().string()}) {
    const int fd = ::open(p.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      throw StorageError(fmt::format("cannot sync {} to disk", p));
    }
    ::close(fd);
  }
}

// A new file only its owner and group may read: a backup holds everything the store holds.
void CreatePrivately(const std::string& path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0640);
  if (fd < 0)
    throw StorageError(fmt::format("backup: cannot create {}: {}", path, std::strerror(errno)));
  ::close(fd);
}

// Throws unless `db` is a Citizen Focus store: an SQLite database with migrations recorded.
void RequireStore(const RawDb& db) {
  sqlite3_stmt* s = nullptr;
  int64_t migrations = -1;
  if (sqlite3_prepare_v2(db.db, "SELECT count(*) FROM schema_migrations", -1, &s, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    migrations = sqlite3_column_int64(s, 0);
  }
  const std::string problem = migrations < 0 ? sqlite3_errmsg(db.db) : "no migrations recorded";
  sqlite3_finalize(s);
  if (migrations <= 0) {
    throw StorageError(fmt::format(
        "restore: {} is not a Citizen Focus store ({}); nothing was changed", db.name, problem));
  }
}

void RemoveFile(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ignored);
}

}  // namespace

BackupReport BackupStore(const std::string& db, const std::string& to, const core::Clock& clock) {
  RefuseUrl(db, "backup");
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_regular_file(db, ec)) throw StorageError(fmt::format("backup: no store at {}", db));
  if (fs::exists(to, ec))
    throw StorageError(
        fmt::format("backup: {} exists already; a backup never replaces a file", to));
  const std::string partial = to + ".partial";
  RemoveFile(partial);
  BackupReport report;
  report.file = to;
  try {
    sqlite::Connection source(db, clock, /*migrate=*/false);  // the store as it is
    // One read transaction: the checksums and the pages copied are of the same moment.
    source.Exec("BEGIN");
    try {
      report.tables = ChecksumTables(source);
      CreatePrivately(partial);
      RawDb copy(partial, true);
      CopyPages(source.handle(), copy.db, partial);
      source.Exec("COMMIT");
    } catch (...) {
      source.Exec("ROLLBACK");
      throw;
    }
    {
      sqlite::Connection check(partial, clock, /*migrate=*/false);
      CheckIntegrity(check, partial);
      Compare(report.tables, ChecksumTables(check), partial);
      // One file, with nothing left in a write-ahead log beside it.
      check.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
      auto& mode = check.Stmt("PRAGMA journal_mode = DELETE");
      const std::string now = mode.Step() ? mode.Text(0) : "";
      mode.Reset();
      if (now != "delete")
        throw StorageError(fmt::format("{}: its write-ahead log could not be folded in", partial));
    }
    Sync(partial);
    // Never over a file that appeared meanwhile.
    if (renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0) {
      throw StorageError(
          fmt::format("backup: cannot name the backup {}: {}", to, std::strerror(errno)));
    }
    Sync(to);
  } catch (...) {
    RemoveFile(partial);
    throw;
  }
  report.rows = Rows(report.tables);
  report.bytes = static_cast<int64_t>(fs::file_size(to, ec));
  report.seconds = SecondsSince(start);
  return report;
}

RestoreReport RestoreStore(const std::string& from, const std::string& db,
                           const core::Clock& clock) {
  RefuseUrl(db, "restore");
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_regular_file(from, ec))
    throw StorageError(fmt::format("restore: no backup at {}", from));
  // The backup is copied aside and checked there: it is never written to, not even migrated.
  const std::string staged = db + ".restoring";
  RemoveFile(staged);
  RestoreReport report;
  try {
    {
      RawDb backup(from, false);
      RequireStore(backup);
      CreatePrivately(staged);
      RawDb copy(staged, true);
      CopyPages(backup.db, copy.db, staged);
    }
    sqlite::Connection checked(staged, clock);  // migrated to this version if older
    CheckIntegrity(checked, from);
    sqlite::Connection newest(":memory:", clock);
    const auto known = newest.AppliedMigrations();
    for (const int v : checked.AppliedMigrations()) {
      if (std::find(known.begin(), known.end(), v) == known.end()) {
        throw StorageError(fmt::format(
            "restore: {} was made by a newer version of Citizen Focus (its migration {} is not "
            "one this version knows); restore it with that version",
            from, v));
      }
    }
    report.tables = ChecksumTables(checked);
    // What the store held is kept beside it before it is replaced.
    if (fs::is_regular_file(db, ec) && fs::file_size(db, ec) > 0) {
      const std::string stamp = clock.NowUtc();  // 2026-12-03T16:20:00Z
      std::string compact;
      for (const char c : stamp)
        if (c != '-' && c != ':') compact += c;
      report.kept_as = fmt::format("{}.before-restore-{}", db, compact);
      BackupStore(db, report.kept_as, clock);
    }
    {
      sqlite::Connection target(db, clock);
      CopyPages(checked.handle(), target.handle(), db);
      Compare(report.tables, ChecksumTables(target), db);
    }
  } catch (...) {
    RemoveFile(staged);
    throw;
  }
  RemoveFile(staged);
  report.rows = Rows(report.tables);
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace cf::storage

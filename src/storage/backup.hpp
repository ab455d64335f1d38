#pragma once
// Backups of an SQLite store, and restoring one (`citizenfocus backup` and `restore`,
// docs/operations.md). A backup is online: it is read in one read transaction, so it holds the
// store as one moment left it (an import under way is in it whole or not at all) while the
// server and the worker go on writing. It is written beside its name and renamed into place only
// once verified: SQLite's integrity check, and every table's row count and checksum equal to the
// store's at that same moment. A PostgreSQL store is backed up with the server's own tools
// (docs/postgresql.md).

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/copy.hpp"

namespace cf::storage {

struct BackupReport {
  std::string file;
  std::vector<TableCopy> tables;  // source_* as read; target_* as found in the copy
  int64_t rows = 0;
  int64_t bytes = 0;
  double seconds = 0;
};

// Copies the store at `db` to a new file `to` and verifies it. Throws StorageError (nothing is
// left at `to`) when `db` is not an SQLite store that exists, when `to` exists already, or when
// the copy cannot be written or is not the store's.
BackupReport BackupStore(const std::string& db, const std::string& to,
                         const core::Clock& clock = core::SystemClock::Instance());

struct RestoreReport {
  std::string kept_as;  // where the store as it was before is kept ("" when there was none)
  std::vector<TableCopy> tables;
  int64_t rows = 0;
  double seconds = 0;
};

// Replaces the store at `db` (created if missing) with the backup `from`, after checking the
// backup (SQLite's integrity check; a store this version can open, migrated to it if older).
// A store with anything in it is first backed up beside itself (kept_as), so nothing is lost.
// The replacement is one transaction: a restore that fails leaves the store as it was. Throws
// StorageError saying what was wrong.
RestoreReport RestoreStore(const std::string& from, const std::string& db,
                           const core::Clock& clock = core::SystemClock::Instance());

}  // namespace cf::storage

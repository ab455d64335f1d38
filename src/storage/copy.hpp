#pragma once
// Moving a force's store whole from one database to another (issue 18): SQLite to
// PostgreSQL and back (`citizenfocus migrate-db`, docs/postgresql.md).
//
// Both stores are opened and migrated to this version first, so that they have the same
// tables. Every table is copied in the order its foreign keys need, in batches ordered by its
// primary key, each batch committed on its own, with rows already in the target left as they
// are: a copy that stopped part way (a dropped connection, Ctrl-C) is finished by running it
// again with `resume`. Then every table is verified: its rows counted and checksummed on both
// sides (an order-free sum of a BLAKE2b hash of each row's values), so that a copy that lost,
// added or changed any row says which table.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace cf::storage {

struct CopyOptions {
  // Copy into a target that already holds rows (finishing an earlier copy). Without it a
  // target with any row is refused and nothing is written.
  bool resume = false;
  size_t batch = 2000;  // rows per transaction
  // Told after each batch: the table, rows read from it so far and its row count.
  std::function<void(const std::string& table, int64_t done, int64_t total)> progress;
};

struct TableCopy {
  std::string table;
  int64_t source_rows = 0;
  int64_t copied = 0;  // rows this run wrote (the rest were there already)
  int64_t target_rows = 0;
  std::string source_checksum;  // hex
  std::string target_checksum;
  bool same() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct CopyReport {
  std::vector<TableCopy> tables;
  bool verified() const {
    for (const auto& t : tables)
      if (!t.same()) return false;
    return true;
  }
};

// Copies the store at `from` into the store at `to` (each an SQLite path or a postgresql://
// URL) and verifies it. Throws StorageError for a store that cannot be opened, for a target
// that holds rows without `resume` (naming a table and its count), and for any failed write
// (batches committed before it stay: run again with `resume`).
CopyReport CopyStore(const std::string& from, const std::string& to, const CopyOptions& options,
                     const core::Clock& clock = core::SystemClock::Instance());

// Counts and checksums every table of one store, as CopyStore verifies them (source_* filled).
std::vector<TableCopy> ChecksumStore(const std::string& db,
                                     const core::Clock& clock = core::SystemClock::Instance());
namespace sql {
class Connection;
}
// The same over an open connection, reading in whatever transaction it has open.
std::vector<TableCopy> ChecksumTables(sql::Connection& conn);

}  // namespace cf::storage

// The one place that knows which database a --db value names (issue 18): the SQLite file
// (storage/sqlite) or a PostgreSQL server (storage/postgresql), and opens the SQL stores
// (storage/sql) over a connection to it.
#include <memory>

#include "storage/account_store.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/sql/stores.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/group_commit.hpp"

namespace cf::storage {
namespace {

Stores OpenOn(const std::shared_ptr<sql::Connection>& conn, std::shared_ptr<SharedWriting> shared) {
  Stores stores;
  stores.cases = OpenSqlCaseStoreOn(conn);
  stores.accounts = OpenSqlAccountStoreOn(conn, std::move(shared));
  stores.assessments = OpenSqlAssessmentStoreOn(conn);
  stores.portal = OpenSqlPortalStoreOn(conn);
  stores.quality = OpenSqlQualityStoreOn(conn);
  return stores;
}

}  // namespace

std::shared_ptr<sql::Connection> OpenConnection(const std::string& db, const core::Clock& clock) {
  if (IsPostgresqlUrl(db)) return std::make_shared<postgresql::Connection>(db, clock);
  return std::make_shared<sqlite::Connection>(db, clock);
}

bool IsPostgresqlUrl(std::string_view db) { return postgresql::IsUrl(db); }

std::string RedactedDb(const std::string& db) {
  return IsPostgresqlUrl(db) ? postgresql::Connection::Redacted(db) : db;
}

std::shared_ptr<SharedWriting> ShareWriting(const std::string& db, const core::Clock& clock) {
  if (IsPostgresqlUrl(db)) return nullptr;  // the server commits concurrent writers itself
  return std::make_shared<SharedWriting>(db, clock);
}

Stores OpenSqliteStores(const std::string& path, const core::Clock& clock,
                        std::shared_ptr<SharedWriting> shared) {
  auto conn = std::make_shared<sqlite::Connection>(path, clock);
  if (shared) {
    conn->Exec("PRAGMA wal_autocheckpoint = 0");  // the SharedWriting's thread does
    // A server's connection keeps SQLite's default page cache (2 MB), not the 64 MiB an import
    // or a recompute wants. Its cache is emptied whenever another connection has committed since
    // its last read, and every request commits an audit record, so a page is rarely used twice;
    // but a request that reads a large index (the audit page counted the whole audit log, before
    // it counted on from the last record counted) filled the cache to the size of that index
    // before it was freed, and those freed pages stayed with the allocator: in the soak benchmark
    // the server's resident memory stepped up as the audit log grew (39 MB to 113 MB in half an
    // hour) while its allocated bytes did not.
    conn->Exec("PRAGMA cache_size = -2000");
  }
  return OpenOn(conn, std::move(shared));
}

Stores OpenStores(const std::string& db, const core::Clock& clock,
                  std::shared_ptr<SharedWriting> shared) {
  if (!IsPostgresqlUrl(db)) return OpenSqliteStores(db, clock, std::move(shared));
  return OpenOn(OpenConnection(db, clock), nullptr);
}

std::unique_ptr<CaseStore> OpenSqliteStore(const std::string& path) {
  return OpenSqlCaseStoreOn(std::make_shared<sqlite::Connection>(path));
}

std::unique_ptr<AccountStore> OpenSqliteAccountStore(const std::string& path) {
  return OpenSqlAccountStoreOn(std::make_shared<sqlite::Connection>(path), nullptr);
}

std::unique_ptr<AssessmentStore> OpenSqliteAssessmentStore(const std::string& path) {
  return OpenSqlAssessmentStoreOn(std::make_shared<sqlite::Connection>(path));
}

}  // namespace cf::storage

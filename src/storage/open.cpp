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
  if (shared) conn->Exec("PRAGMA wal_autocheckpoint = 0");  // the SharedWriting's thread does
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

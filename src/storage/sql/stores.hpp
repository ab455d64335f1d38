#pragma once
// Internal to cf_storage: the SQL stores (src/storage/sql) over a connection that others share
// too, whichever database it is (see OpenStores in storage/account_store.hpp).

#include <memory>

#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"
#include "storage/sql/connection.hpp"

namespace cf::storage {

// A connection to `db`: a PostgreSQL server for a postgresql:// URL, else an SQLite file
// (created if missing), its migrations applied. Throws StorageError.
std::shared_ptr<sql::Connection> OpenConnection(const std::string& db, const core::Clock& clock);

std::unique_ptr<CaseStore> OpenSqlCaseStoreOn(std::shared_ptr<sql::Connection> conn);
// `shared` may be null: each audit record commits on its own.
std::unique_ptr<AccountStore> OpenSqlAccountStoreOn(std::shared_ptr<sql::Connection> conn,
                                                    std::shared_ptr<SharedWriting> shared);
std::unique_ptr<AssessmentStore> OpenSqlAssessmentStoreOn(std::shared_ptr<sql::Connection> conn);
std::unique_ptr<PortalStore> OpenSqlPortalStoreOn(std::shared_ptr<sql::Connection> conn);
std::unique_ptr<QualityStore> OpenSqlQualityStoreOn(std::shared_ptr<sql::Connection> conn);

}  // namespace cf::storage

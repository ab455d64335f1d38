#include "storage/memory/state.hpp"

#include <set>
#include <string_view>

#include "core/embedded.hpp"
#include "storage/memory/memory_store.hpp"

namespace cf::storage::memory {

void Journal::Commit() {
  if (marks_.empty()) throw StorageError("cannot commit: no transaction is open");
  marks_.pop_back();
  if (marks_.empty()) undo_.clear();  // the outermost: nothing can undo it now
}

void Journal::Rollback() {
  if (marks_.empty()) throw StorageError("cannot roll back: no transaction is open");
  const size_t mark = marks_.back();
  marks_.pop_back();
  while (undo_.size() > mark) {
    auto undo = std::move(undo_.back());
    undo_.pop_back();
    undo();
  }
}

Shared::Shared(const core::Clock& clock) : clock_(clock) {
  for (const int version : KnownMigrations()) state_.migrations.Put(version, true);
}

const std::vector<int>& Shared::KnownMigrations() {
  // Numbered as the SQL stores number SQLite's (sql::Connection::MigrateFrom): the file name's
  // first four digits; PostgreSQL's twins, in a folder of their own, have the same numbers.
  static const std::vector<int> kMigrations = [] {
    constexpr std::string_view kDir = "src/storage/migrations/";
    std::set<int> versions;
    for (const auto& f : core::EmbeddedFiles()) {
      const std::string_view path = f.path;
      if (!path.starts_with(kDir) || path.substr(kDir.size()).find('/') != std::string_view::npos)
        continue;
      versions.insert(std::stoi(std::string(path.substr(kDir.size(), 4))));
    }
    return std::vector<int>(versions.begin(), versions.end());
  }();
  return kMigrations;
}

}  // namespace cf::storage::memory

namespace cf::storage {

std::unique_ptr<CaseStore> OpenMemoryStore(const core::Clock& clock) {
  return memory::OpenCaseStoreOn(std::make_shared<memory::Shared>(clock));
}

std::unique_ptr<AccountStore> OpenMemoryAccountStore(const core::Clock& clock) {
  return memory::OpenAccountStoreOn(std::make_shared<memory::Shared>(clock));
}

std::unique_ptr<AssessmentStore> OpenMemoryAssessmentStore(const core::Clock& clock) {
  return memory::OpenAssessmentStoreOn(std::make_shared<memory::Shared>(clock));
}

MemoryStores OpenMemoryStores(const core::Clock& clock) {
  auto shared = std::make_shared<memory::Shared>(clock);
  return {memory::OpenCaseStoreOn(shared), memory::OpenAccountStoreOn(shared),
          memory::OpenAssessmentStoreOn(shared), memory::OpenPortalStoreOn(shared),
          memory::OpenQualityStoreOn(shared)};
}

}  // namespace cf::storage

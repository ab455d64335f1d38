#pragma once
// In-memory fakes of the three repositories, for use-case tests that need neither SQLite
// nor a server. They pass the same contract suite (tests/storage_contract_test.cpp) as the
// SQLite backend and give the same answers to the same calls: the same orderings, filters,
// limits, idempotent writes and compliance counts, and a StorageError where SQLite would
// refuse a write (an event id twice, an unknown import, a second assessment for one scope,
// date and assessor, a score outside 0-4). Nothing survives the process.
//
// Transactions work: Begin/Commit/Rollback nest as savepoints do, and a rolled-back unit of
// work leaves nothing behind. A write that throws leaves nothing behind either.
// Thread-compatible, like the SQLite stores: one store (or bundle) per thread.

#include <memory>

#include "core/clock.hpp"
#include "storage/account_store.hpp"
#include "storage/assessment_store.hpp"
#include "storage/case_store.hpp"
#include "storage/portal_store.hpp"
#include "storage/quality_store.hpp"

namespace cf::storage {

// Each opens its own empty store with every migration recorded as applied, as a new SQLite
// file would be. `clock` stamps what the stores write (sessions, the audit log, templates,
// assessments, actions) and must outlive the store.
std::unique_ptr<CaseStore> OpenMemoryStore(
    const core::Clock& clock = core::SystemClock::Instance());
std::unique_ptr<AccountStore> OpenMemoryAccountStore(
    const core::Clock& clock = core::SystemClock::Instance());
std::unique_ptr<AssessmentStore> OpenMemoryAssessmentStore(
    const core::Clock& clock = core::SystemClock::Instance());

// The three stores over one state, as Stores are over one file: a transaction begun
// on `cases` takes account and assessment writes with it, and a rollback undoes them too.
struct MemoryStores {
  std::unique_ptr<CaseStore> cases;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<AssessmentStore> assessments;
  std::unique_ptr<PortalStore> portal;
  std::unique_ptr<QualityStore> quality;
};
MemoryStores OpenMemoryStores(const core::Clock& clock = core::SystemClock::Instance());

}  // namespace cf::storage

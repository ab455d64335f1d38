#pragma once
// Importing events into the store (use case). Idempotent: an event already stored with the
// same content is skipped. Atomic per call: everything is written in one transaction, and a
// file with any bad line writes nothing unless the caller asked to skip bad lines. Killing
// the process at any moment leaves the store as it was before, or with the whole file.

#include <functional>
#include <string>
#include <vector>

#include "events/jsonl_reader.hpp"
#include "rules/engine.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct ImportOptions {
  std::string source;         // file name, recorded with the import
  std::string now;            // RFC 3339 time of the import, for the record
  bool skip_invalid = false;  // import the good lines; report the bad ones
  // Called now and then with (phase, done, total); phase is "checking", "storing" or "deriving".
  std::function<void(const char* phase, size_t done, size_t total)> progress;
  // Put before every event id read (e.g. "api:nflow:"), so that ids a client chose cannot
  // collide with the force's own: the same event sent again still gets the same id.
  std::string id_prefix;
};

struct ImportReport {
  size_t lines = 0;
  size_t accepted = 0;
  size_t duplicates = 0;
  std::vector<events::LineError> errors;
  size_t cases = 0;        // cases whose derived data was rebuilt
  size_t obligations = 0;  // obligations now stored for them
  bool written = false;    // false: bad lines and no skip_invalid, nothing stored
};

// Lets the reader see what is already stored.
class StoreCatalog final : public events::Catalog {
 public:
  explicit StoreCatalog(storage::CaseStore& store) : store_(store) {}
  std::optional<std::string> StoredHash(const std::string& id) override {
    return store_.EventHash(id);
  }
  bool StoredCrime(const std::string& crime) override { return store_.CrimeExists(crime); }
  bool StoredPerson(const std::string& crime, const std::string& person) override {
    return store_.PersonExists(crime, person);
  }

 private:
  storage::CaseStore& store_;
};

// Imports JSON Lines text (events.md).
ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::string_view text,
                             const ImportOptions& options);

// Stores what `reader` accepted (the reader must have been built with a StoreCatalog over
// `store` and keep_bodies) and rebuilds the affected cases, committing `tx`, which must have
// been open while the reader checked against the store (so nothing changed in between).
ImportReport StoreAccepted(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library, events::EventReader& reader,
                           const ImportOptions& options, storage::Transaction& tx);

// Rebuilds all derived data from the log under `selection` (and records it as the store's
// selection), in one transaction. Cases are parsed and derived on `threads` threads while this
// one reads the log and writes each case in the log's order: the store is the same whatever
// the number (0: all on this thread). Returns the number of cases.
size_t Recompute(storage::CaseStore& store, const rules::ObligationEngine& engine,
                 const rules::Selection& selection,
                 const std::function<void(size_t done)>& progress = {}, unsigned threads = 1);

}  // namespace cf::app

#pragma once
// Importing events into the store (use case). Idempotent: an event already stored with the
// same content is skipped. Atomic per call: everything is written in one transaction, and a
// file with any bad line writes nothing unless the caller asked to skip bad lines. Killing
// the process at any moment leaves the store as it was before, or with the whole file.
//
// Every import streams: lines are checked and their events appended to the log a batch at a
// time (memory grows with the crimes and people known, not the lines), then the cases they touched
// are derived from the log, on worker threads while this one writes. The bulk path, for a first
// load or an input at least as large as the log, drops the derived tables' secondary indexes first
// and builds them once at the end, inside the same transaction; both paths store the same rows.

#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bloom_filter.hpp"
#include "events/jsonl_reader.hpp"
#include "rules/engine.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct ImportOptions {
  std::string source;         // file name, recorded with the import
  std::string now;            // RFC 3339 time of the import, for the record
  bool skip_invalid = false;  // import the good lines; report the bad ones
  // Called now and then with (phase, done, total); phase is "checking" (bytes; total 0 when
  // unknown) or "deriving" (cases).
  std::function<void(const char* phase, size_t done, size_t total)> progress;
  // Put before every event id read (e.g. "api:nflow:"), so that ids a client chose cannot
  // collide with the force's own: the same event sent again still gets the same id.
  std::string id_prefix;
  // The bulk path (true), the incremental one (false), or chosen (nullopt): bulk when the log
  // held no events, or this input adds at least as many as it held.
  std::optional<bool> bulk;
  // Threads deriving cases while this one writes (0: all on this one).
  unsigned threads = 0;
};

struct ImportReport {
  size_t lines = 0;
  size_t accepted = 0;
  size_t duplicates = 0;
  std::vector<events::LineError> errors;
  size_t cases = 0;        // cases whose derived data was rebuilt
  size_t obligations = 0;  // obligations now stored for them
  bool written = false;    // false: bad lines and no skip_invalid, nothing stored
  bool bulk = false;       // the path taken
};

// Lets the reader see what is already stored.
class StoreCatalog final : public events::Catalog {
 public:
  explicit StoreCatalog(storage::CaseStore& store) : store_(store) {}
  // The log held no events when this import began, and it will add about `expected` events:
  // from now on an id is looked up in the log only if NoteAppended may have been told of it,
  // which spares a lookup per line of a first load.
  void StartFirstLoad(size_t expected) { appended_.emplace(expected); }
  void NoteAppended(std::string_view id) {
    if (appended_) appended_->Add(id);
  }
  std::optional<std::string> StoredHash(const std::string& id) override {
    if (appended_ && !appended_->MayContain(id)) return std::nullopt;
    return store_.EventHash(id);
  }
  bool StoredCrime(const std::string& crime) override { return store_.CrimeExists(crime); }
  bool StoredPerson(const std::string& crime, const std::string& person) override {
    return store_.PersonExists(crime, person);
  }

 private:
  storage::CaseStore& store_;
  std::optional<core::BloomFilter> appended_;
};

// Imports JSON Lines text (events.md).
ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::string_view text,
                             const ImportOptions& options);
// `in` could not be read to its end (nothing is stored).
struct InputReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Imports JSON Lines read from `in` to its end, a batch at a time (a file larger than memory).
// Throws InputReadError when `in` cannot be read.
ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::FILE* in,
                             const ImportOptions& options);

// One import's writing, for importers that check lines themselves (data.police.uk): open it
// inside `tx` before the reader checks anything against the store, hand it the reader's
// accepted lines now and then (Append), and Finish.
class ImportWriter {
 public:
  // `reader` must have been built with `catalog` (over `store`), keep_bodies, streaming.
  // `input_bytes`: the size of what is read, if known (0: not), to size the catalog's filter.
  ImportWriter(storage::CaseStore& store, StoreCatalog& catalog, events::EventReader& reader,
               const ImportOptions& options, size_t input_bytes);
  // Appends the lines accepted since the last call to the log.
  void Append();
  // Appends the rest; unless refused (bad lines, no skip_invalid: nothing is written), derives
  // every case touched from the log and commits `tx`.
  ImportReport Finish(const rules::ObligationEngine& engine, const rules::RuleLibrary& library,
                      storage::Transaction& tx);

 private:
  storage::CaseStore& store_;
  StoreCatalog& catalog_;
  events::EventReader& reader_;
  const ImportOptions& options_;
  int64_t events_before_;  // about how many events the log held
  int64_t import_id_;
  size_t appended_ = 0;
};

// Rebuilds all derived data from the log under `selection` (and records it as the store's
// selection), in one transaction. Cases are parsed and derived on `threads` threads while this
// one reads the log and writes each case in the log's order: the store is the same whatever
// the number (0: all on this thread). `bulk` (the default) builds the derived indexes once at
// the end; false keeps them and writes through them. Returns the number of cases.
size_t Recompute(storage::CaseStore& store, const rules::ObligationEngine& engine,
                 const rules::Selection& selection,
                 const std::function<void(size_t done)>& progress = {}, unsigned threads = 1,
                 bool bulk = true);

}  // namespace cf::app

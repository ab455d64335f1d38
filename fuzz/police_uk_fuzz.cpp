// Fuzzes the data.police.uk import (app::ImportPoliceUk) into the SQLite store, in memory: the
// input is a street-level file, then (after the first form feed, if any) an outcomes file. Each
// input runs in a transaction that is rolled back after it, so every input starts from an empty
// store without paying for the migrations again. Beyond "no crash", it asserts what
// police_uk.hpp and import.hpp promise:
// - atomic by default: a file with any bad line writes nothing; one without writes every
//   event it accepted;
// - idempotent: importing the same file again accepts no new event;
// - with skip_invalid, the good lines are written even when some are bad.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/police_uk.hpp"
#include "calendar/calendar_loader.hpp"
#include "fuzz_check.hpp"
#include "rules/rule_set_loader.hpp"
#include "storage/case_store.hpp"

namespace {

using cf::app::ImportOptions;
using cf::app::PoliceUkFile;

struct Engine {
  const cf::rules::RuleLibrary library = cf::rules::RuleLibrary::BuiltIn().value();
  const cf::rules::ObligationEngine engine{library, cf::calendar::EnglandAndWales()};
};

const Engine& TheEngine() {
  static const Engine e;
  return e;
}

cf::storage::CaseStore& TheStore() {
  static const auto store = cf::storage::OpenSqliteStore(":memory:");
  return *store;
}

void ImportTwice(cf::storage::CaseStore& store, PoliceUkFile kind, std::string_view csv) {
  const Engine& e = TheEngine();
  ImportOptions options;
  options.source = "fuzz.csv";
  options.now = "2026-01-01T00:00:00Z";
  for (const bool skip_invalid : {false, true}) {
    options.skip_invalid = skip_invalid;
    const int64_t before = store.EventCount();
    const auto first = ImportPoliceUk(store, e.engine, e.library, kind, csv, options);
    const auto& r = first.import;
    CF_FUZZ_CHECK(r.written == (r.errors.empty() || skip_invalid));
    CF_FUZZ_CHECK(store.EventCount() - before == (r.written ? int64_t(r.accepted) : 0));
    if (!r.written) continue;
    const auto again = ImportPoliceUk(store, e.engine, e.library, kind, csv, options);
    CF_FUZZ_CHECK(again.import.accepted == 0);
    CF_FUZZ_CHECK(again.crimes == 0);
    CF_FUZZ_CHECK(store.EventCount() - before == int64_t(r.accepted));
    if (r.errors.empty()) break;  // the same again with skip_invalid would add nothing
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\f');
  cf::storage::CaseStore& store = TheStore();
  cf::storage::Transaction everything(store);  // rolled back
  CF_FUZZ_CHECK(store.EventCount() == 0);
  ImportTwice(store, PoliceUkFile::kStreet, input.substr(0, split));
  if (split != std::string_view::npos) {
    ImportTwice(store, PoliceUkFile::kOutcomes, input.substr(split + 1));
  }
  return 0;
}

#include "app/import.hpp"

#include <unordered_set>

#include "app/case_derivation.hpp"
#include "core/budget.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"

namespace cf::app {

ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::string_view text,
                             const ImportOptions& options) {
  storage::Transaction tx(store);
  StoreCatalog catalog(store);
  events::EventReader reader(&catalog, /*keep_bodies=*/true);
  reader.SetIdPrefix(options.id_prefix);
  if (const auto now = core::ParseRfc3339(options.now))
    reader.SetLatestDay(core::LondonDates().DateOf(*now).AddDays(core::kDaysAhead));
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (line_number % 256 == 0) core::CheckBudget();  // a stop or the request's time, rolled back
    reader.ReadLine(text.substr(pos, end - pos), ++line_number);
    pos = end + 1;
    if (options.progress && line_number % 4096 == 0) options.progress("checking", pos, text.size());
  }
  return StoreAccepted(store, engine, library, reader, options, tx);
}

ImportReport StoreAccepted(storage::CaseStore& store, const rules::ObligationEngine& engine,
                           const rules::RuleLibrary& library, events::EventReader& reader,
                           const ImportOptions& options, storage::Transaction& tx) {
  ImportReport report;
  report.lines = reader.summary().lines;
  report.accepted = reader.summary().events;
  report.duplicates = reader.summary().duplicates;
  report.errors = reader.errors();
  if (!report.errors.empty() && !options.skip_invalid) return report;

  const rules::Selection selection = StoredSelection(store, library);
  const int64_t import_id = store.StartImport(options.source, options.now);
  const auto& accepted = reader.accepted();
  for (size_t i = 0; i < accepted.size(); ++i) {
    const auto& a = accepted[i];
    store.AppendEvent({a.id, a.crime, a.type, a.at, a.hash, a.body}, import_id);
    if (options.progress && i % 4096 == 0) options.progress("storing", i, accepted.size());
  }
  const std::unordered_set<std::string> stored(reader.stored_crimes().begin(),
                                               reader.stored_crimes().end());
  auto cases = reader.TakeCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    auto& file = cases[i];
    if (file.events.empty()) continue;  // only duplicates of stored events
    if (stored.count(file.crime)) file = ParseStoredCase(file.crime, store.EventBodies(file.crime));
    const auto derived = DeriveCase(file, engine, selection, ComputeAsOf(file));
    store.ReplaceCase(derived.row, derived.people, derived.obligations);
    ++report.cases;
    report.obligations += derived.obligations.size();
    if (options.progress && i % 1024 == 0) options.progress("deriving", i, cases.size());
  }
  store.FinishImport(import_id, static_cast<int64_t>(report.lines),
                     static_cast<int64_t>(report.accepted), static_cast<int64_t>(report.duplicates),
                     static_cast<int64_t>(report.errors.size()), options.now);
  tx.Commit();
  report.written = true;
  return report;
}

size_t Recompute(storage::CaseStore& store, const rules::ObligationEngine& engine,
                 const rules::Selection& selection,
                 const std::function<void(size_t done)>& progress) {
  storage::Transaction tx(store);
  store.SetSetting("ruleset", selection.rule_set != nullptr ? selection.rule_set->id : "");
  store.SetSetting("policy", selection.policy != nullptr ? selection.policy->id : "");
  store.ClearDerived();
  size_t n = 0;
  store.ForEachCase([&](const std::string& crime, const std::vector<std::string>& bodies) {
    const auto file = ParseStoredCase(crime, bodies);
    const auto derived = DeriveCase(file, engine, selection, ComputeAsOf(file));
    store.ReplaceCase(derived.row, derived.people, derived.obligations);
    ++n;
    if (progress && n % 1024 == 0) progress(n);
  });
  tx.Commit();
  return n;
}

}  // namespace cf::app

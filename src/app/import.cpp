#include "app/import.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
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

namespace {

// Parsing a stored case and deriving it, for Recompute's workers: touches nothing shared but
// the engine and its rules, which are immutable.
struct DerivationJob {
  std::string crime;
  std::vector<std::string> bodies;
  std::optional<DerivedCase> derived{};
  std::exception_ptr failure{};
  bool done = false;
};

void Derive(DerivationJob& job, const rules::ObligationEngine& engine,
            const rules::Selection& selection) {
  try {
    const auto file = ParseStoredCase(job.crime, job.bodies);
    job.derived = DeriveCase(file, engine, selection, ComputeAsOf(file));
  } catch (...) {
    job.failure = std::current_exception();
  }
}

// Workers that derive cases handed to them, while the caller reads and writes the store.
class DerivationWorkers {
 public:
  DerivationWorkers(const rules::ObligationEngine& engine, const rules::Selection& selection,
                    unsigned threads)
      : engine_(engine), selection_(selection) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  // Stops: what is being derived is finished, what waits is dropped.
  ~DerivationWorkers() {
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
      todo_.clear();
    }
    wanted_.notify_all();
    for (auto& t : threads_) t.join();
  }
  DerivationWorkers(const DerivationWorkers&) = delete;
  DerivationWorkers& operator=(const DerivationWorkers&) = delete;

  void Add(DerivationJob* job) {
    {
      const std::lock_guard lock(mutex_);
      todo_.push_back(job);
    }
    wanted_.notify_one();
  }
  // Waits until `job` is derived (or failed).
  void Wait(const DerivationJob& job) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return job.done; });
  }

 private:
  void Work() {
    std::unique_lock lock(mutex_);
    while (true) {
      wanted_.wait(lock, [&] { return closing_ || !todo_.empty(); });
      if (todo_.empty()) return;  // closing, and nothing left
      DerivationJob* job = todo_.front();
      todo_.pop_front();
      lock.unlock();
      Derive(*job, engine_, selection_);
      lock.lock();
      job->done = true;
      done_.notify_all();
    }
  }

  const rules::ObligationEngine& engine_;
  const rules::Selection& selection_;
  std::mutex mutex_;
  std::condition_variable wanted_;
  std::condition_variable done_;
  std::deque<DerivationJob*> todo_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

size_t Recompute(storage::CaseStore& store, const rules::ObligationEngine& engine,
                 const rules::Selection& selection,
                 const std::function<void(size_t done)>& progress, unsigned threads) {
  storage::Transaction tx(store);
  store.SetSetting("ruleset", selection.rule_set != nullptr ? selection.rule_set->id : "");
  store.SetSetting("policy", selection.policy != nullptr ? selection.policy->id : "");
  store.ClearDerived();
  size_t n = 0;
  // This thread reads the log and writes each case as it comes back, in the log's order (so
  // the store is the same whatever the number of threads); the workers parse and derive. At
  // most kWindow cases are in hand at once, which bounds the memory.
  constexpr size_t kWindow = 512;
  std::deque<std::unique_ptr<DerivationJob>> window;
  // No workers: each case is derived here as it is read (the benchmark's baseline).
  std::optional<DerivationWorkers> workers;
  if (threads > 0) workers.emplace(engine, selection, threads);
  auto write_oldest = [&] {
    DerivationJob& job = *window.front();
    if (workers) workers->Wait(job);
    if (job.failure) std::rethrow_exception(job.failure);
    store.ReplaceCase(job.derived->row, job.derived->people, job.derived->obligations);
    window.pop_front();
    ++n;
    if (progress && n % 1024 == 0) progress(n);
  };
  store.ForEachCase([&](const std::string& crime, const std::vector<std::string>& bodies) {
    window.push_back(std::make_unique<DerivationJob>(DerivationJob{crime, bodies}));
    if (!workers) {
      Derive(*window.back(), engine, selection);
      write_oldest();
      return;
    }
    workers->Add(window.back().get());
    if (window.size() >= kWindow) write_oldest();
  });
  while (!window.empty()) write_oldest();
  tx.Commit();
  return n;
}

}  // namespace cf::app

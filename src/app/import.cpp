#include "app/import.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "app/case_derivation.hpp"
#include "core/budget.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"

namespace cf::app {

namespace {

// A piece of work for Workers, run on whichever thread takes it. Run must not throw.
class Job {
 public:
  virtual ~Job() = default;
  virtual void Run() = 0;

 private:
  friend class Workers;
  bool done_ = false;  // guarded by the Workers' mutex
};

// Threads that run the jobs handed to them, oldest first, while the caller takes their results
// in the order it handed them (Wait), doing a job itself when no thread has started it.
class Workers {
 public:
  explicit Workers(unsigned threads) {
    try {
      for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
    } catch (...) {
      Stop();  // the threads that did start
      throw;
    }
  }
  // Stops: what is running is finished, what waits is dropped.
  ~Workers() { Stop(); }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  void Add(Job* job) {
    bool wake = false;
    {
      const std::lock_guard lock(mutex_);
      todo_.push_back(job);
      wake = idle_ > 0;
    }
    if (wake) wanted_.notify_one();  // a wake-up costs a system call: only when one sleeps
  }
  // Returns when `job` has run: here if no thread has taken it yet, so that the caller's thread
  // helps rather than waits when the workers are behind.
  void Wait(Job& job) {
    std::unique_lock lock(mutex_);
    if (const auto it = std::find(todo_.begin(), todo_.end(), &job); it != todo_.end()) {
      todo_.erase(it);
      lock.unlock();
      job.Run();
      return;
    }
    ++waiting_;
    done_.wait(lock, [&] { return job.done_; });
    --waiting_;
  }

 private:
  void Stop() {
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
      todo_.clear();
    }
    wanted_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void Work() {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      wanted_.wait(lock, [&] { return closing_ || !todo_.empty(); });
      --idle_;
      if (todo_.empty()) return;  // closing, and nothing left
      Job* job = todo_.front();
      todo_.pop_front();
      lock.unlock();
      job->Run();
      lock.lock();
      job->done_ = true;
      if (waiting_ > 0) done_.notify_all();  // a wake-up costs a system call: only when wanted
    }
  }

  std::mutex mutex_;
  std::condition_variable wanted_;
  std::condition_variable done_;
  std::deque<Job*> todo_;
  int waiting_ = 0;  // callers in Wait
  int idle_ = 0;     // threads waiting for work
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

// Parsing stored cases and deriving them, a few at a time (a job per case would spend a good
// part of the time handing work over): touches nothing shared but the engine and its rules,
// which are immutable.
class DerivationJob final : public Job {
 public:
  DerivationJob(const rules::ObligationEngine& engine, const rules::Selection& selection)
      : engine_(engine), selection_(selection) {}
  void Add(const std::string& crime, std::vector<std::string>&& bodies) {
    cases_.push_back({crime, std::move(bodies), std::nullopt, nullptr});
  }
  size_t size() const { return cases_.size(); }
  void Run() override {
    for (auto& c : cases_) {
      try {
        const auto file = ParseStoredCase(c.crime, c.bodies);
        c.derived = DeriveCase(file, engine_, selection_, ComputeAsOf(file));
      } catch (...) {
        c.failure = std::current_exception();
      }
      c.bodies = {};
    }
  }
  // Case `i` derived; rethrows what deriving it threw.
  const DerivedCase& Result(size_t i) const {
    if (cases_[i].failure) std::rethrow_exception(cases_[i].failure);
    return *cases_[i].derived;
  }

 private:
  struct Case {
    std::string crime;
    std::vector<std::string> bodies;
    std::optional<DerivedCase> derived;
    std::exception_ptr failure;
  };
  const rules::ObligationEngine& engine_;
  const rules::Selection& selection_;
  std::vector<Case> cases_;
};

// Where cases come from: calls its argument with each crime and its bodies in log order.
using events::ParsedLine;

using CaseFeed = std::function<void(
    const std::function<void(const std::string& crime, std::vector<std::string>& bodies)>&)>;

struct DerivedCount {
  size_t cases = 0;
  size_t obligations = 0;
};

// Derives the cases `feed` gives on `threads` workers (0: here) while this thread writes each,
// in the feed's order, so that the store is the same whatever the number of threads. At most
// kWindow cases are in hand at once, which bounds the memory.
DerivedCount DeriveInOrder(const rules::ObligationEngine& engine, const rules::Selection& selection,
                           unsigned threads, const CaseFeed& feed,
                           const std::function<void(const DerivedCase&)>& write,
                           const std::function<void(size_t done)>& progress) {
  constexpr size_t kJobCases = 16;
  constexpr size_t kJobsInHand = 32;  // 512 cases
  DerivedCount count;
  // Declared before the workers, so that they stop before the jobs they may be running go.
  std::deque<std::unique_ptr<DerivationJob>> window;
  std::optional<Workers> workers;
  if (threads > 0) workers.emplace(threads);
  auto write_oldest = [&] {
    DerivationJob& job = *window.front();
    if (workers) {
      workers->Wait(job);
    } else {
      job.Run();
    }
    for (size_t i = 0; i < job.size(); ++i) {
      const DerivedCase& derived = job.Result(i);
      write(derived);
      ++count.cases;
      count.obligations += derived.obligations.size();
      if (progress && count.cases % 1024 == 0) progress(count.cases);
    }
    window.pop_front();
  };
  auto job = std::make_unique<DerivationJob>(engine, selection);
  auto hand_over = [&] {
    window.push_back(std::move(job));
    if (workers) workers->Add(window.back().get());
    if (!workers || window.size() >= kJobsInHand) write_oldest();
    job = std::make_unique<DerivationJob>(engine, selection);
  };
  feed([&](const std::string& crime, std::vector<std::string>& bodies) {
    job->Add(crime, std::move(bodies));
    if (job->size() == kJobCases) hand_over();
  });
  if (job->size() > 0) hand_over();
  while (!window.empty()) write_oldest();
  return count;
}

// Lines to import, and how far through them the reading is (for progress).
class LineSource {
 public:
  virtual ~LineSource() = default;
  // The next line (without its newline) and its whole length: a line longer than
  // kEventLineBytes is given cut to that (its length says how long it was). False at the end.
  virtual bool Next(std::string_view& line, size_t& length) = 0;
  virtual size_t done() const = 0;
  virtual size_t total() const = 0;  // 0: unknown
};

class TextLines final : public LineSource {
 public:
  explicit TextLines(std::string_view text) : text_(text) {}
  bool Next(std::string_view& line, size_t& length) override {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    length = line.size();
    pos_ = end + 1;
    return true;
  }
  size_t done() const override { return std::min(pos_, text_.size()); }
  size_t total() const override { return text_.size(); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// A stream read a block at a time: memory stays at a block and one line, whatever its size.
class StreamLines final : public LineSource {
 public:
  explicit StreamLines(std::FILE* in) : in_(in) {
    struct stat st {};
    if (::fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
      total_ = static_cast<size_t>(st.st_size);
  }
  bool Next(std::string_view& line, size_t& length) override {
    while (true) {
      const size_t nl = buffer_.find('\n', pos_);
      if (nl != std::string::npos || (eof_ && (pos_ < buffer_.size() || skipped_ > 0))) {
        const size_t end = nl == std::string::npos ? buffer_.size() : nl;
        length = skipped_ + (end - pos_);
        line = skipped_ > 0 ? std::string_view(long_start_)
                            : std::string_view(buffer_).substr(pos_, end - pos_);
        skipped_ = 0;
        pos_ = nl == std::string::npos ? end : end + 1;
        done_ += length + (nl == std::string::npos ? 0 : 1);
        return true;
      }
      if (eof_) return false;
      buffer_.erase(0, pos_);
      pos_ = 0;
      if (buffer_.size() > core::kEventLineBytes) {
        // Too long to be an event: keep its start for the error, and drop the rest unread.
        if (skipped_ == 0) long_start_ = buffer_.substr(0, 200);
        skipped_ += buffer_.size();
        buffer_.clear();
      }
      const size_t had = buffer_.size();
      buffer_.resize(had + kBlock);
      const size_t n = std::fread(buffer_.data() + had, 1, kBlock, in_);
      buffer_.resize(had + n);
      if (n < kBlock) {
        if (std::ferror(in_) != 0)
          throw InputReadError(fmt::format("cannot read on: {}", std::strerror(errno)));
        eof_ = true;
      }
    }
  }
  size_t done() const override { return done_; }
  size_t total() const override { return total_; }

 private:
  static constexpr size_t kBlock = 1 << 20;
  std::FILE* in_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  size_t skipped_ = 0;      // bytes of an over-long line already dropped
  std::string long_start_;  // that line's first bytes
  size_t done_ = 0;
  size_t total_ = 0;
};

// Lines copied out of their source, parsed on whichever thread takes the job.
class ParseJob final : public Job {
 public:
  ParseJob(const events::EventReader& reader, size_t first_line)
      : reader_(reader), first_line_(first_line) {}
  void Add(std::string_view line, size_t length) {
    spans_.push_back({text_.size(), line.size(), length});
    text_.append(line);
  }
  size_t size() const { return spans_.size(); }
  size_t first_line() const { return first_line_; }
  std::string_view Line(size_t i) const {
    return std::string_view(text_).substr(spans_[i].offset, spans_[i].size);
  }
  // The line's whole length: more than Line(i).size() when it was cut (too long to be read).
  size_t Length(size_t i) const { return spans_[i].length; }
  ParsedLine& Parsed(size_t i) { return parsed_[i]; }
  void Run() override {
    try {
      core::LondonDates london;  // its own: a LondonDates caches as it goes
      parsed_.resize(spans_.size());
      for (size_t i = 0; i < spans_.size(); ++i) {
        if (Length(i) == Line(i).size())
          parsed_[i] = reader_.Parse(Line(i), first_line_ + i, london);
      }
    } catch (...) {  // out of memory, say: rethrown where the job is taken
      failure_ = std::current_exception();
    }
  }
  // Rethrows what parsing threw.
  void Check() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  struct Span {
    size_t offset;
    size_t size;
    size_t length;
  };
  const events::EventReader& reader_;
  size_t first_line_;
  std::string text_;
  std::vector<Span> spans_;
  std::vector<ParsedLine> parsed_;
  std::exception_ptr failure_;
};

ImportReport ImportLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                         const rules::RuleLibrary& library, LineSource& lines,
                         const ImportOptions& options) {
  storage::Transaction tx(store);
  StoreCatalog catalog(store);
  events::EventReader reader(&catalog, /*keep_bodies=*/true);
  reader.SetStreaming();
  reader.SetIdPrefix(options.id_prefix);
  if (const auto now = core::ParseRfc3339(options.now))
    reader.SetLatestDay(core::LondonDates().DateOf(*now).AddDays(core::kDaysAhead));
  ImportWriter writer(store, catalog, reader, options, lines.total());
  // Lines are parsed a job at a time on the workers (or here, with none), and taken here in
  // order: the reference checks, and the appending of each batch to the log before the next
  // is taken, so that a repeat of one of its lines later in the input is found there.
  constexpr size_t kJobLines = 1024;
  constexpr size_t kJobsInHand = 8;
  constexpr size_t kBatchLines = 16384;
  std::deque<std::unique_ptr<ParseJob>> window;  // before the workers: they stop first
  std::optional<Workers> workers;
  if (options.threads > 0) workers.emplace(options.threads);
  auto take_oldest = [&] {
    ParseJob& job = *window.front();
    if (workers) {
      workers->Wait(job);
    } else {
      job.Run();
    }
    job.Check();
    for (size_t i = 0; i < job.size(); ++i) {
      const size_t n = job.first_line() + i;
      if (n % 256 == 0) core::CheckBudget();  // a stop or the request's time, rolled back
      if (job.Length(i) > job.Line(i).size()) {
        reader.RejectTooLong(n, job.Length(i), job.Line(i));
      } else {
        reader.Take(std::move(job.Parsed(i)), job.Line(i), n);
      }
      if (n % kBatchLines == 0) {
        writer.Append();
        if (options.progress) options.progress("checking", lines.done(), lines.total());
      }
    }
    window.pop_front();
  };
  size_t line_number = 0;
  auto job = std::make_unique<ParseJob>(reader, 1);
  std::string_view line;
  size_t length = 0;
  auto hand_over = [&] {
    window.push_back(std::move(job));
    if (workers) workers->Add(window.back().get());
    if (!workers || window.size() >= kJobsInHand) take_oldest();
    job = std::make_unique<ParseJob>(reader, line_number + 1);
  };
  while (lines.Next(line, length)) {
    ++line_number;
    // A line too long to be an event is refused by its length: only its start is held.
    job->Add(length > core::kEventLineBytes ? line.substr(0, 200) : line, length);
    if (job->size() == kJobLines) hand_over();
  }
  if (job->size() > 0) hand_over();
  while (!window.empty()) take_oldest();
  return writer.Finish(engine, library, tx);
}

}  // namespace

ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::string_view text,
                             const ImportOptions& options) {
  TextLines lines(text);
  return ImportLines(store, engine, library, lines, options);
}

ImportReport ImportJsonLines(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, std::FILE* in,
                             const ImportOptions& options) {
  StreamLines lines(in);
  return ImportLines(store, engine, library, lines, options);
}

ImportWriter::ImportWriter(storage::CaseStore& store, StoreCatalog& catalog,
                           events::EventReader& reader, const ImportOptions& options,
                           size_t input_bytes)
    : store_(store),
      catalog_(catalog),
      reader_(reader),
      options_(options),
      events_before_(store.ApproxEventCount()),
      import_id_(store.StartImport(options.source, options.now)) {
  // No event is shorter than about 64 bytes, so this many at most.
  if (events_before_ == 0 && input_bytes > 0) catalog_.StartFirstLoad(input_bytes / 64);
}

void ImportWriter::Append() {
  auto lines = reader_.TakeAccepted();
  for (auto& a : lines) {
    catalog_.NoteAppended(a.id);
    store_.AppendEvent({std::move(a.id), std::move(a.crime), std::move(a.type), std::move(a.at),
                        std::move(a.hash), std::move(a.body)},
                       import_id_);
  }
  appended_ += lines.size();
}

ImportReport ImportWriter::Finish(const rules::ObligationEngine& engine,
                                  const rules::RuleLibrary& library, storage::Transaction& tx) {
  Append();
  ImportReport report;
  report.lines = reader_.summary().lines;
  report.accepted = reader_.summary().events;
  report.duplicates = reader_.summary().duplicates;
  report.errors = reader_.errors();
  if (!report.errors.empty() && !options_.skip_invalid) return report;  // `tx` rolls back

  const bool first_load = events_before_ == 0;
  report.bulk =
      options_.bulk.value_or(first_load || static_cast<int64_t>(appended_) >= events_before_);
  const rules::Selection selection = StoredSelection(store_, library);
  if (report.bulk) store_.SuspendDerivedIndexes();
  const std::vector<std::string> crimes = reader_.TouchedCrimes();
  CaseFeed feed;
  if (first_load) {
    // Every case in the log is new: read them all at once, in the index's order.
    feed = [&](const auto& fn) { store_.ForEachCase(fn); };
  } else {
    feed = [&](const auto& fn) {
      for (const auto& crime : crimes) {
        auto bodies = store_.EventBodies(crime);
        fn(crime, bodies);
      }
    };
  }
  const auto derived = DeriveInOrder(
      engine, selection, options_.threads, feed,
      [&](const DerivedCase& c) {
        if (first_load) {
          store_.AddCase(c.row, c.people, c.obligations);
        } else {
          store_.ReplaceCase(c.row, c.people, c.obligations);
        }
      },
      [&](size_t done) {
        if (options_.progress) options_.progress("deriving", done, crimes.size());
      });
  if (report.bulk) store_.RestoreDerivedIndexes();
  report.cases = derived.cases;
  report.obligations = derived.obligations;
  store_.FinishImport(import_id_, static_cast<int64_t>(report.lines),
                      static_cast<int64_t>(report.accepted),
                      static_cast<int64_t>(report.duplicates),
                      static_cast<int64_t>(report.errors.size()), options_.now);
  tx.Commit();
  report.written = true;
  return report;
}

size_t Recompute(storage::CaseStore& store, const rules::ObligationEngine& engine,
                 const rules::Selection& selection,
                 const std::function<void(size_t done)>& progress, unsigned threads, bool bulk) {
  storage::Transaction tx(store);
  store.SetSetting("ruleset", selection.rule_set != nullptr ? selection.rule_set->id : "");
  store.SetSetting("policy", selection.policy != nullptr ? selection.policy->id : "");
  if (bulk) store.SuspendDerivedIndexes();  // before clearing: nothing to delete from them either
  store.ClearDerived();
  const auto derived = DeriveInOrder(
      engine, selection, threads, [&](const auto& fn) { store.ForEachCase(fn); },
      [&](const DerivedCase& c) { store.AddCase(c.row, c.people, c.obligations); }, progress);
  if (bulk) store.RestoreDerivedIndexes();
  tx.Commit();
  return derived.cases;
}

}  // namespace cf::app

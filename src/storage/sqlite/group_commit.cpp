#include "storage/sqlite/group_commit.hpp"

#include <sqlite3.h>

#include <chrono>
#include <iostream>
#include <utility>

#include "core/metrics.hpp"

namespace cf::storage {

void AuditGroupCommit::Commit(sql::Connection& conn, Write write) {
  Pending mine{std::move(write)};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&mine);
  while (!mine.done) {
    if (leading_) {
      committed_.wait(lock);
      continue;
    }
    leading_ = true;
    std::vector<Pending*> batch;
    batch.swap(waiting_);
    lock.unlock();
    std::exception_ptr failure;
    try {
      conn.BeginWrite();
      try {
        for (Pending* p : batch) p->write(conn);
        conn.Exec("COMMIT");
      } catch (...) {
        failure = std::current_exception();
        try {
          conn.Exec("ROLLBACK");
        } catch (...) {  // NOLINT(bugprone-empty-catch): the write's failure is the one to report
        }
      }
    } catch (...) {
      failure = std::current_exception();  // BEGIN failed: nothing was written
    }
    lock.lock();
    for (Pending* p : batch) {
      p->failure = failure;
      p->done = true;
    }
    if (!failure) {
      ++counts_.commits;
      counts_.writes += batch.size();
    }
    leading_ = false;
    committed_.notify_all();
  }
  if (mine.failure) std::rethrow_exception(mine.failure);
}

AuditGroupCommit::Counts AuditGroupCommit::Committed() {
  std::lock_guard lock(mutex_);
  return counts_;
}

SharedWriting::SharedWriting(const std::string& path, const core::Clock& clock)
    : checkpoints_(path, clock) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) {
      lock.unlock();
      try {
        // PASSIVE: copies what no reader still needs, never waits for one, blocks no writer.
        auto& passive = checkpoints_.Stmt("PRAGMA wal_checkpoint(PASSIVE)");
        const int64_t frames = passive.Step() ? passive.Int(1) : 0;
        passive.Reset();
        // Under steady load some reader always holds an older snapshot, so a passive checkpoint
        // never copies the last frames and the WAL is never started again from its beginning:
        // it grows without end (the soak benchmark found 300 MB in a minute). Past the limit,
        // TRUNCATE waits (as the busy timeout allows) for the readers of the moment to finish,
        // holding new writers meanwhile, copies everything and empties the file.
        // New writers wait while it does, so it waits for readers a quarter of a second at
        // most, and tries again at the next turn.
        if (frames > kTruncateFrames) {
          const auto started = std::chrono::steady_clock::now();
          sqlite3_busy_timeout(checkpoints_.handle(), 250);
          bool busy = false;
          try {
            auto& truncate = checkpoints_.Stmt("PRAGMA wal_checkpoint(TRUNCATE)");
            busy = truncate.Step() && truncate.Int(0) != 0;
            truncate.Reset();
          } catch (const std::exception&) {
            sqlite3_busy_timeout(checkpoints_.handle(), kBusyMilliseconds);
            throw;
          }
          sqlite3_busy_timeout(checkpoints_.handle(), kBusyMilliseconds);
          const auto now = std::chrono::steady_clock::now();
          // How long writers were held, and whether readers kept the WAL from being emptied.
          auto& metrics = core::metrics::Registry::Global();
          metrics.Observe("citizenfocus_wal_truncate_seconds",
                          "Checkpoints that try to empty a WAL grown past 64 MB: how long each "
                          "took (new writes wait meanwhile).",
                          {}, std::chrono::duration<double>(now - started).count());
          metrics.Count("citizenfocus_wal_truncations_total",
                        "Those checkpoints, by outcome: emptied, or busy (readers kept the WAL "
                        "from being emptied; tried again half a second later).",
                        {{"outcome", busy ? "busy" : "emptied"}});
          if (busy && now - last_busy_report_ > std::chrono::minutes(1)) {
            last_busy_report_ = now;
            std::cerr << "WAL checkpoint: readers kept the WAL (" << frames * 4 / 1024
                      << " MB) from being emptied; trying again\n";
          }
        }
      } catch (const std::exception& e) {
        std::cerr << "WAL checkpoint failed (tried again shortly): " << e.what() << "\n";
      }
      lock.lock();
    }
  });
}

SharedWriting::~SharedWriting() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

}  // namespace cf::storage

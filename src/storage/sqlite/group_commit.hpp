#pragma once
// Internal to cf_storage: group commit for writes that several connections to one file make
// outside any transaction of their own (the server's audit records of views, one per request,
// from each of its threads). Each writer waits until its own write is committed; whichever
// writer arrives while no commit is under way leads: it takes every write waiting, runs them in
// one transaction on its own connection and commits once, then wakes the others. So concurrent
// requests share a commit instead of queueing for the file's one write lock, and no request is
// answered before its record is committed. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace cf::storage {

class AuditGroupCommit {
 public:
  using Write = std::function<void(sql::Connection&)>;

  // Runs `write` in a committed transaction, with any others waiting, on the connection of
  // whichever caller leads (`conn` when it is this one). Returns once that transaction has
  // committed; throws what the transaction threw (every write in it failed: nothing of it was
  // kept). REQUIRES: `conn` is outside a transaction.
  void Commit(sql::Connection& conn, Write write);

  // Transactions and writes committed so far (the benchmark reports how writes were grouped).
  struct Counts {
    uint64_t commits = 0;
    uint64_t writes = 0;
  };
  Counts Committed();

 private:
  struct Pending {
    Write write;
    bool done = false;
    std::exception_ptr failure{};
  };
  std::mutex mutex_;
  std::condition_variable committed_;
  std::vector<Pending*> waiting_;
  bool leading_ = false;
  Counts counts_;
};

// What the connections one server process opens to a file share (see OpenStores): the
// audit group commit, and a thread of its own, on a connection of its own, that checkpoints
// the WAL every half second (the serving connections never do: a checkpoint after a commit
// would hold that request while pages are copied and synced).
class SharedWriting {
 public:
  SharedWriting(const std::string& path, const core::Clock& clock);
  ~SharedWriting();  // stops the checkpoints
  SharedWriting(const SharedWriting&) = delete;
  SharedWriting& operator=(const SharedWriting&) = delete;

  AuditGroupCommit audit;

 private:
  // WAL frames (pages of 4 KiB) past which a checkpoint waits for readers and empties the WAL.
  static constexpr int64_t kTruncateFrames = 16384;
  static constexpr int kBusyMilliseconds = 10000;  // as every connection's (sqlite/connection.cpp)

  sqlite::Connection checkpoints_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
  std::chrono::steady_clock::time_point last_busy_report_{};
};

}  // namespace cf::storage

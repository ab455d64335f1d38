#pragma once
// How long work may run. A request runs under a deadline (ScopedDeadline, set by the HTTP
// boundary); long loops call CheckBudget(), which throws BudgetExceeded once the deadline has
// passed or the process has been asked to stop (RequestStop, from a signal), so that one
// request cannot hold the server, and shutdown does not wait for long work. What the work
// wrote is in a transaction the exception rolls back.

#include <chrono>
#include <stdexcept>
#include <string>

namespace cf::core {

struct BudgetExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
  bool stopping = false;  // the process is shutting down, rather than the time being up
};

// Asks every long loop to stop. Safe to call from a signal handler.
void RequestStop() noexcept;
bool StopRequested() noexcept;

// The calling thread's work must end by now + `limit` while this lives (nested: the sooner
// wins; the previous deadline is restored after).
class ScopedDeadline {
 public:
  explicit ScopedDeadline(std::chrono::milliseconds limit);
  ~ScopedDeadline();
  ScopedDeadline(const ScopedDeadline&) = delete;
  ScopedDeadline& operator=(const ScopedDeadline&) = delete;

 private:
  std::chrono::steady_clock::time_point previous_;
};

// Whether the thread's deadline has passed or a stop was requested. Never throws: for
// callbacks from C (SQLite's progress handler, which then interrupts the statement).
bool BudgetSpent() noexcept;

// Throws BudgetExceeded when the thread's deadline has passed or a stop was requested.
// Cheap (a clock read): call it once per case, line or row in loops over many.
void CheckBudget();

}  // namespace cf::core

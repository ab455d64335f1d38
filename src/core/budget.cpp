#include "core/budget.hpp"

#include <atomic>

namespace cf::core {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::atomic<bool> stop_requested{false};
// No deadline: the end of time.
thread_local SteadyClock::time_point deadline = SteadyClock::time_point::max();

}  // namespace

void RequestStop() noexcept { stop_requested.store(true, std::memory_order_relaxed); }
bool StopRequested() noexcept { return stop_requested.load(std::memory_order_relaxed); }

ScopedDeadline::ScopedDeadline(std::chrono::milliseconds limit) : previous_(deadline) {
  deadline = std::min(deadline, SteadyClock::now() + limit);
}

ScopedDeadline::~ScopedDeadline() { deadline = previous_; }

bool BudgetSpent() noexcept {
  return StopRequested() ||
         (deadline != SteadyClock::time_point::max() && SteadyClock::now() > deadline);
}

void CheckBudget() {
  if (!BudgetSpent()) return;
  const bool stopping = StopRequested();
  BudgetExceeded e(stopping ? "the service is stopping"
                            : "the request took longer than the time allowed");
  e.stopping = stopping;
  throw e;
}

}  // namespace cf::core

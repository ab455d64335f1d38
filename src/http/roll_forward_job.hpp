#pragma once
// Internal to http/: the server's job that stores each day's state. Reads never write (see
// app/work_queue.hpp), so the server brings the store forward itself: at start, then hourly.

#include <fmt/format.h>

#include <asio.hpp>
#include <chrono>
#include <iostream>

#include "app/case_derivation.hpp"
#include "app/services.hpp"
#include "core/metrics.hpp"
#include "http/request_metrics.hpp"

namespace cf::http {

// The job that stores each day's state: cases whose periodic updates were stored before today
// are brought forward, at start and then hourly, so that reads (which never write) find the
// day already computed. A failure is logged and the next run tries again.
class RollForwardJob {
 public:
  RollForwardJob(asio::io_context& io, app::Services& s) : timer_(io), s_(s) {}
  void Run() {
    try {
      const auto start = std::chrono::steady_clock::now();
      const size_t n = app::RollForward(s_.cases, s_.engine, s_.library, {}, s_.Today());
      auto& metrics = core::metrics::Registry::Global();
      metrics.Count("citizenfocus_cases_rolled_forward_total",
                    "Cases whose periodic updates the server brought forward to the day.", {},
                    static_cast<double>(n));
      metrics.Observe(
          "citizenfocus_roll_forward_seconds",
          "How long each hourly roll-forward of the cases took.", {},
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (n > 0)
        LogLine("info", fmt::format("brought {} case(s) forward to {}", n, s_.Today().ToString()));
    } catch (const std::exception& e) {
      LogLine("error",
              fmt::format("roll-forward job failed (tried again in an hour): {}", e.what()));
    }
    s_.cases.EndReads();  // no snapshot kept for an hour: the WAL's checkpoints would wait on it
    timer_.expires_after(std::chrono::hours(1));
    timer_.async_wait([this](const asio::error_code& ec) {
      if (!ec) Run();
    });
  }
  void Stop() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
  app::Services& s_;
};

}  // namespace cf::http

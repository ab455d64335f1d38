#pragma once
// Internal to http/: work too slow for a serving thread (checking a password with
// Argon2id takes a tenth of a second and 64 MiB), done on a worker thread of its own while the
// server goes on answering other requests. The work must touch nothing the server's thread
// uses (the store above all); its result comes back to the server's thread, which writes it
// and answers. At most kMaxPending jobs wait: beyond that the caller is told to try again, so
// a flood of sign-ins costs bounded memory and time.

#include <asio.hpp>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <utility>

namespace cf::http {

class Offload {
 public:
  static constexpr size_t kMaxPending = 32;

  // `after` runs on the server's thread after each then() (the server ends its reads there).
  explicit Offload(asio::io_context& server, std::function<void()> after = {})
      : server_(server), after_(std::move(after)), pool_(1) {}
  ~Offload() { pool_.join(); }
  Offload(const Offload&) = delete;
  Offload& operator=(const Offload&) = delete;

  // Runs work() on the worker, then then(result) on the server's thread: result is a
  // std::optional of what work() returned, empty when it threw (Argon2id could not have its
  // memory, say; the reason is logged), so that a failure is answered rather than ending the
  // process. False, with nothing run, when kMaxPending jobs are waiting already.
  template <typename Work, typename Then>
  bool Run(Work work, Then then) {
    if (pending_.fetch_add(1) >= kMaxPending) {
      pending_.fetch_sub(1);
      return false;
    }
    asio::post(pool_, [this, work = std::move(work), then = std::move(then)]() mutable {
      std::optional<decltype(work())> result;
      try {
        result = work();
      } catch (const std::exception& e) {
        std::cerr << "offloaded work failed: " << e.what() << "\n";
      }
      pending_.fetch_sub(1);
      asio::post(server_, [this, then = std::move(then), result = std::move(result)]() mutable {
        then(std::move(result));
        if (after_) after_();
      });
    });
    return true;
  }

 private:
  asio::io_context& server_;
  std::function<void()> after_;
  asio::thread_pool pool_;
  std::atomic<size_t> pending_{0};
};

}  // namespace cf::http

// Serving: the server on the process's own thread and as many more as asked for, until a signal
// (Serve), or on a thread of its own for tests (BackgroundServer), with the roll-forward job
// beside it.
#include <malloc.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/budget.hpp"
#include "core/limits.hpp"
#include "core/metrics.hpp"
#include "http/portal.hpp"
#include "http/roll_forward_job.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"

namespace cf::http {
namespace {

struct Traits : restinio::default_single_thread_traits_t {
  using request_handler_t = restinio::default_request_handler_t;
  // At most kMaxConnections at once (more wait to be accepted): with the parser's body cap,
  // what all of them can make the server hold is bounded.
  // NOLINTNEXTLINE(readability-identifier-naming): the name RESTinio looks for
  static constexpr bool use_connection_count_limiter = true;
};

// The route table behind one check the router does not make: a path whose percent-encoding is
// malformed ("/cases/N%zz") is answered 400, where the router would fail and drop the
// connection.
restinio::default_request_handler_t Guarded(std::unique_ptr<router_t> routes,
                                            app::Services& services) {
  std::shared_ptr<router_t> router = std::move(routes);
  return [router, &services](restinio::request_handle_t req) {
    RequestArrived(req);
    if (!restinio::utils::try_unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
            req->header().path())) {
      return SendProblem(req, BadRequest("the address is not valid percent-encoding"));
    }
    const auto status = (*router)(std::move(req));
    // A read left open would keep its snapshot until this thread's next request, and while
    // it lasts no checkpoint can empty the WAL.
    services.cases.EndReads();
    return status;
  };
}

// What the HTTP parser accepts before any route sees a request: the largest body any route
// takes (routes set their own, lower, limits and answer 413), and sizes for the URL and
// headers far above any the service sends or needs. Beyond these the connection is closed.
restinio::incoming_http_msg_limits_t MessageLimits() {
  return restinio::incoming_http_msg_limits_t{}
      .max_url_size(size_t{8} * 1024)
      .max_field_name_size(1024)
      .max_field_value_size(size_t{16} * 1024)
      .max_field_count(100)
      .max_body_size(core::kLargestBodyBytes);
}

// A server's settings on `address`:`port` over `routes`, its port shared or not.
restinio::server_settings_t<Traits> Settings(const std::string& address, uint16_t port,
                                             std::unique_ptr<router_t> routes,
                                             app::Services& services, bool share_port) {
  auto settings = restinio::server_settings_t<Traits>{}
                      .address(address)
                      .port(port)
                      .incoming_http_msg_limits(MessageLimits())
                      .max_parallel_connections(core::kMaxConnections)
                      .request_handler(Guarded(std::move(routes), services));
  if (share_port) {
    // Every serving thread listens on the one port; the kernel spreads new connections over
    // them. Only sockets of the same user may share it.
    settings.acceptor_options_setter([](restinio::acceptor_options_t& o) {
      o.set_option(asio::socket_base::reuse_address(true));
      o.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    });
  }
  return settings;
}

// What a serving thread serves: the staff app, or the victim and witness portal.
enum class Site { kStaff, kPortal };

// One serving thread: its own event loop, services (so its own database connection), handlers
// and listener.
struct Worker {
  Worker(Site site, const std::string& address, uint16_t port, app::Services& services,
         bool share_port)
      : offload(ioctx, [&services] { services.cases.EndReads(); }) {
    std::unique_ptr<router_t> routes;
    if (site == Site::kPortal) {
      portal.emplace(services, offload);
      routes = PortalRoutes(services, *portal);
    } else {
      staff.emplace(services, offload);
      routes = Routes(services, *staff);
    }
    server = std::make_unique<restinio::http_server_t<Traits>>(
        restinio::external_io_context(ioctx),
        Settings(address, port, std::move(routes), services, share_port));
  }
  asio::io_context ioctx;  // first made, last gone: the others use it
  Offload offload;
  std::optional<Handlers> staff;  // one of the two, as the site is
  std::optional<PortalHandlers> portal;
  std::unique_ptr<restinio::http_server_t<Traits>> server;  // first gone
};

// Refuses a port something already listens on. The serving threads share theirs with
// SO_REUSEPORT, which would otherwise let a second server of the same user bind it too and
// silently take some of the connections; a socket without SO_REUSEPORT cannot bind a port in
// use, so this one tells.
void CheckPortFree(const std::string& address, uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(address, std::to_string(port));
  if (endpoints.empty()) throw std::runtime_error("no address for " + address);
  const asio::ip::tcp::endpoint endpoint = *endpoints.begin();
  asio::ip::tcp::acceptor probe(io);
  probe.open(endpoint.protocol());
  probe.set_option(asio::socket_base::reuse_address(true));
  asio::error_code ec;
  probe.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", address, port, ec.message()));
  }
}

// Gives freed memory back to the system every 10 s. glibc gives back on its own only what is
// freed at the top of its heaps; memory freed below a block still in use (a large page's
// buffers, a report's rows) it keeps for reuse. malloc_trim releases every whole free page in
// every arena. It took about 2 ms a run in the soak benchmark, on the signal thread, which does
// nothing else, so no request waits on it. It is not what kept the server's memory level there:
// that was the page caches' size (storage/open.cpp).
class ReturnFreedMemory {
 public:
  explicit ReturnFreedMemory(asio::io_context& io) : timer_(io) {}
  // The first in 10 s, and every 10 s after until the io_context stops.
  void Schedule() {
    timer_.expires_after(std::chrono::seconds(10));
    timer_.async_wait([this](const asio::error_code& ec) {
      if (ec) return;
      const auto start = std::chrono::steady_clock::now();
      malloc_trim(0);
      core::metrics::Registry::Global().Observe(
          "citizenfocus_memory_trim_seconds",
          "Giving freed memory back to the system (every 10 s, beside the requests).", {},
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      Schedule();
    });
  }

 private:
  asio::steady_timer timer_;
};

}  // namespace

void Serve(const ServerOptions& options, app::Services& services, const OpenServices& more) {
  const unsigned threads = std::max(1U, options.threads);
  const bool portal = !options.public_address.empty();
  if ((threads > 1 || portal) && !more)
    throw std::logic_error("Serve: more than one thread needs OpenServices");
  if (threads > 1) CheckPortFree(options.address, options.port);
  std::vector<std::shared_ptr<app::Services>> opened;  // the other threads' services
  std::vector<std::unique_ptr<Worker>> workers;
  workers.push_back(
      std::make_unique<Worker>(Site::kStaff, options.address, options.port, services, threads > 1));
  for (unsigned i = 1; i < threads; ++i) {
    opened.push_back(more());
    workers.push_back(std::make_unique<Worker>(Site::kStaff, options.address, options.port,
                                               *opened.back(), true));
  }
  if (portal) {
    // The portal on as many threads again, each with a connection and Argon2id worker of its
    // own, sharing the portal's port among themselves and never the staff app's.
    if (threads > 1) CheckPortFree(options.public_address, options.public_port);
    for (unsigned i = 0; i < threads; ++i) {
      opened.push_back(more());
      workers.push_back(std::make_unique<Worker>(Site::kPortal, options.public_address,
                                                 options.public_port, *opened.back(), threads > 1));
    }
  }
  RollForwardJob roll_forward(workers.front()->ioctx, services);
  roll_forward.Run();

  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto stop_all = [&] {
    core::RequestStop();
    asio::post(workers.front()->ioctx, [&] { roll_forward.Stop(); });
    for (auto& w : workers) {
      asio::post(w->ioctx, [&w = *w, &failure_mutex, &failure] {
        w.server->close_async([&w] { w.ioctx.stop(); },
                              [&w, &failure_mutex, &failure](std::exception_ptr e) {
                                const std::lock_guard lock(failure_mutex);
                                if (!failure) failure = std::move(e);
                                w.ioctx.stop();
                              });
      });
    }
  };
  // Signals are waited for on a thread of their own, so that a stop is seen while a long
  // request holds a serving thread: it asks long work to end (core::RequestStop), and each
  // server closes as soon as its request has been answered.
  asio::io_context signal_io;
  asio::signal_set stop_signals(signal_io, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (!ec) stop_all();
  });
  ReturnFreedMemory return_freed_memory(signal_io);
  return_freed_memory.Schedule();
  std::thread signal_thread([&] { signal_io.run(); });
  struct JoinSignals {
    asio::io_context& io;
    std::thread& thread;
    ~JoinSignals() {
      io.stop();
      thread.join();
    }
  } join_signals{signal_io, signal_thread};

  std::atomic<unsigned> listening{0};
  for (auto& w : workers) {
    w->server->open_async(
        [&] {
          if (++listening != workers.size()) return;
          LogLine("info",
                  fmt::format("Citizen Focus listening on http://{}:{} with {} thread(s) (store "
                              "{}){}; Ctrl-C stops it",
                              options.address, options.port, threads, options.db_path,
                              portal ? fmt::format("; the portal on http://{}:{} with as many",
                                                   options.public_address, options.public_port)
                                     : ""));
        },
        [&](std::exception_ptr e) {
          {
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::move(e);
          }
          stop_all();
        });
  }
  // A thread whose loop throws stops them all; the failure is what Serve throws.
  auto run = [&](Worker& w) {
    try {
      w.ioctx.run();
    } catch (...) {
      {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
      stop_all();
    }
  };
  std::vector<std::thread> others;
  struct JoinOthers {
    std::vector<std::thread>& threads;
    ~JoinOthers() {
      for (auto& t : threads) t.join();
    }
  } join_others{others};
  for (size_t i = 1; i < workers.size(); ++i)
    others.emplace_back([&run, &w = *workers[i]] { run(w); });
  run(*workers.front());
  for (auto& t : others) t.join();
  others.clear();
  const std::lock_guard lock(failure_mutex);
  if (failure) std::rethrow_exception(failure);
}

struct BackgroundServer::Impl {
  Impl(const ServerOptions& options, app::Services& services)
      : worker(Site::kStaff, options.address, options.port, services, false) {}
  Worker worker;
  std::thread thread;
};

BackgroundServer::BackgroundServer(const ServerOptions& options, app::Services& services)
    : impl_(std::make_unique<Impl>(options, services)) {
  auto& w = impl_->worker;
  std::promise<std::exception_ptr> opened;
  w.server->open_async([&] { opened.set_value(nullptr); },
                       [&](const std::exception_ptr& e) { opened.set_value(e); });
  impl_->thread = std::thread([&w] { w.ioctx.run(); });
  if (auto failure = opened.get_future().get()) {
    w.ioctx.stop();
    impl_->thread.join();
    std::rethrow_exception(failure);
  }
}

BackgroundServer::~BackgroundServer() {
  auto& w = impl_->worker;
  asio::post(w.ioctx, [&w] {
    w.server->close_async([&w] { w.ioctx.stop(); },
                          [&w](const std::exception_ptr&) { w.ioctx.stop(); });
  });
  impl_->thread.join();
}

}  // namespace cf::http

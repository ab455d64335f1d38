// Serving: the server on the process's own thread until a signal (Serve), or on a thread of
// its own for tests (BackgroundServer), with the roll-forward job beside it.
#include <csignal>
#include <future>
#include <thread>

#include "core/budget.hpp"
#include "core/limits.hpp"
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
restinio::default_request_handler_t Guarded(std::unique_ptr<router_t> routes) {
  std::shared_ptr<router_t> router = std::move(routes);
  return [router](restinio::request_handle_t req) {
    if (!restinio::utils::try_unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
            req->header().path())) {
      return SendProblem(req, BadRequest("the address is not valid percent-encoding"));
    }
    return (*router)(std::move(req));
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

}  // namespace

void Serve(const ServerOptions& options, app::Services& services) {
  asio::io_context ioctx;
  Offload offload(ioctx);
  Handlers handlers(services, offload);
  RollForwardJob roll_forward(ioctx, services);
  roll_forward.Run();
  restinio::http_server_t<Traits> server{restinio::external_io_context(ioctx),
                                         restinio::server_settings_t<Traits>{}
                                             .address(options.address)
                                             .port(options.port)
                                             .incoming_http_msg_limits(MessageLimits())
                                             .max_parallel_connections(core::kMaxConnections)
                                             .request_handler(Guarded(Routes(services, handlers)))};
  std::exception_ptr failure;
  // Signals are waited for on a thread of their own, so that a stop is seen while a long
  // request holds the server's thread: it asks long work to end (core::RequestStop), and the
  // server closes as soon as that request has been answered.
  asio::io_context signal_io;
  asio::signal_set stop_signals(signal_io, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    core::RequestStop();
    asio::post(ioctx, [&] {
      roll_forward.Stop();
      server.close_async([&] { ioctx.stop(); },
                         [&](std::exception_ptr e) { failure = std::move(e); });
    });
  });
  std::thread signal_thread([&] { signal_io.run(); });
  struct JoinSignals {
    asio::io_context& io;
    std::thread& thread;
    ~JoinSignals() {
      io.stop();
      thread.join();
    }
  } join_signals{signal_io, signal_thread};
  server.open_async(
      [&] {
        std::cout << fmt::format(
                         "Citizen Focus listening on http://{}:{} (store {}); Ctrl-C stops it\n",
                         options.address, options.port, options.db_path)
                  << std::flush;
      },
      [&](std::exception_ptr e) {
        failure = std::move(e);
        ioctx.stop();
      });
  ioctx.run();
  if (failure) std::rethrow_exception(failure);
}

struct BackgroundServer::Impl {
  Impl(const ServerOptions& options, app::Services& services)
      : offload(ioctx),
        handlers(services, offload),
        server(restinio::external_io_context(ioctx),
               restinio::server_settings_t<Traits>{}
                   .address(options.address)
                   .port(options.port)
                   .incoming_http_msg_limits(MessageLimits())
                   .max_parallel_connections(core::kMaxConnections)
                   .request_handler(Guarded(Routes(services, handlers)))) {}
  asio::io_context ioctx;  // first made, last gone: the others use it
  Offload offload;
  Handlers handlers;
  restinio::http_server_t<Traits> server;
  std::thread thread;
};

BackgroundServer::BackgroundServer(const ServerOptions& options, app::Services& services)
    : impl_(std::make_unique<Impl>(options, services)) {
  std::promise<std::exception_ptr> opened;
  impl_->server.open_async([&] { opened.set_value(nullptr); },
                           [&](const std::exception_ptr& e) { opened.set_value(e); });
  impl_->thread = std::thread([this] { impl_->ioctx.run(); });
  if (auto failure = opened.get_future().get()) {
    impl_->ioctx.stop();
    impl_->thread.join();
    std::rethrow_exception(failure);
  }
}

BackgroundServer::~BackgroundServer() {
  asio::post(impl_->ioctx, [this] {
    impl_->server.close_async([this] { impl_->ioctx.stop(); },
                              [this](const std::exception_ptr&) { impl_->ioctx.stop(); });
  });
  impl_->thread.join();
}

}  // namespace cf::http

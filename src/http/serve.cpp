// Serving: the server on the process's own thread until a signal (Serve), or on a thread of
// its own for tests (BackgroundServer), with the roll-forward job beside it.
#include <csignal>
#include <future>
#include <thread>

#include "http/roll_forward_job.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"

namespace cf::http {
namespace {

struct Traits : restinio::default_single_thread_traits_t {
  using request_handler_t = router_t;
};

}  // namespace

void Serve(const ServerOptions& options, app::Services& services) {
  Handlers handlers(services);
  asio::io_context ioctx;
  RollForwardJob roll_forward(ioctx, services);
  roll_forward.Run();
  restinio::http_server_t<Traits> server{restinio::external_io_context(ioctx),
                                         restinio::server_settings_t<Traits>{}
                                             .address(options.address)
                                             .port(options.port)
                                             .request_handler(Routes(services, handlers))};
  std::exception_ptr failure;
  asio::signal_set stop_signals(ioctx, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    roll_forward.Stop();
    server.close_async([&] { ioctx.stop(); },
                       [&](std::exception_ptr e) { failure = std::move(e); });
  });
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
      : handlers(services),
        server(restinio::external_io_context(ioctx),
               restinio::server_settings_t<Traits>{}
                   .address(options.address)
                   .port(options.port)
                   .request_handler(Routes(services, handlers))) {}
  Handlers handlers;
  asio::io_context ioctx;
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

#pragma once
// The HTTP server (RESTinio): thin handlers over the app layer. Today it serves the JSON
// API (/api/v1) with bearer tokens, problem+json errors (RFC 7807) and an audit record of
// every view and change of a case, the staff pages, and /healthz. Several threads, each with
// its own services and so its own database connection.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/services.hpp"

namespace cf::http {

struct ServerOptions {
  std::string db_path;
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  // Threads serving requests (serve --threads), each with services of its own: one slow
  // request holds only its own thread.
  unsigned threads = 1;
  // The victim and witness portal's address (serve --public-listen), served by as many threads
  // again as the staff app's; empty: no portal.
  std::string public_address;
  uint16_t public_port = 0;
};

// Opens the services of one more serving thread: the same clock, calendar and rules over a
// database connection of its own (the composition root knows how). The pointer keeps what it
// opened alive.
using OpenServices = std::function<std::shared_ptr<app::Services>()>;

// Serves until SIGINT or SIGTERM, on `services` (built by the composition root; its clock
// dates and stamps everything) and, for each thread beyond the first, services from `more`
// (needed when options.threads > 1). The threads share the port (SO_REUSEPORT): the kernel
// spreads connections over them. `options.db_path` is only named in the start-up line.
// Throws on a port it cannot bind.
void Serve(const ServerOptions& options, app::Services& services, const OpenServices& more = {});

// The same server on a thread of its own, for tests in one process (in-memory stores, a fake
// clock): listening once constructed, stopped by the destructor. While it runs, only its
// thread may touch `services`: the caller waits for each answer before reading the stores.
class BackgroundServer {
 public:
  BackgroundServer(const ServerOptions& options, app::Services& services);
  ~BackgroundServer();
  BackgroundServer(const BackgroundServer&) = delete;
  BackgroundServer& operator=(const BackgroundServer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cf::http

#pragma once
// The HTTP server (RESTinio): thin handlers over the app layer. Today it serves the JSON
// API (/api/v1) with bearer tokens, problem+json errors (RFC 7807) and an audit record of
// every view and change of a case, and /healthz. One thread, one database connection.

#include <cstdint>
#include <functional>
#include <string>

#include "calendar/working_day_calendar.hpp"
#include "rules/rule_set_loader.hpp"

namespace cf::http {

struct ServerOptions {
  std::string db_path;
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
};

// Serves until SIGINT or SIGTERM. `today` gives the London date for default as-of days.
// Throws on a port it cannot bind or a store it cannot open.
void Serve(const ServerOptions& options, const rules::RuleLibrary& library,
           const calendar::WorkingDayCalendar& calendar, std::function<core::Date()> today);

}  // namespace cf::http

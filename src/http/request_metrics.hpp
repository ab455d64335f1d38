#pragma once
// Every request, counted and timed for GET /metrics (core/metrics.hpp) and, with
// `serve --log-format json`, logged as one JSON line: from its arrival (the server's first look,
// serve.cpp) through the route that took it (the route table, server.cpp and portal.cpp) to its
// answer (NewResponse, problem.cpp). Each request gets its id here: the one its log line, its
// X-Request-Id header and any error page show. Thread-safe.

#include <cstdint>
#include <restinio/all.hpp>
#include <string>
#include <string_view>

namespace cf::http {

enum class LogFormat { kText, kJson };
// Text (the default): no line per request (the reverse proxy keeps the access log). JSON: a
// line per request on standard output: time, id, method, route (the pattern, never the path,
// which may hold a crime reference or a search), status and milliseconds.
void SetLogFormat(LogFormat format);
LogFormat CurrentLogFormat();

// A line of the server's log: as it is (text; errors to standard error), or as one JSON object
// with the time, level, message and request id (when not 0) on standard output.
void LogLine(std::string_view level, std::string_view message, uint64_t request_id = 0);

// Starts timing `req` and gives it its id.
void RequestArrived(const restinio::request_handle_t& req);
// `route` is the label (RouteLabel) of the pattern that took `req`.
void RequestRouted(const restinio::request_handle_t& req, std::string_view route);
// The route label of `req` ("unmatched" before a route takes it, or when it was not timed).
std::string RequestRoute(const restinio::request_handle_t& req);
// The id of `req` (a new one for a request that did not arrive through the server: tests).
uint64_t RequestId(const restinio::request_handle_t& req);
// Counts and times `req`'s answer, logs it, and returns its id (0 when it was not timed).
uint64_t RequestAnswered(const restinio::request_handle_t& req, int status);

// A route pattern as a metric's label: each parameter's pattern dropped,
// "/cases/:crime(.+)/contacts" as "/cases/:crime/contacts".
std::string RouteLabel(std::string_view pattern);

}  // namespace cf::http

#pragma once
// How a request ends when it fails: RFC 7807 problem details, and the one table from the
// app layer's error codes (core::ErrorCode) to HTTP statuses. Handlers return a use case's
// error with ProblemFor; the request boundary (handler_base.hpp) turns a thrown Problem into
// the answer, and anything else into a 500 that names only the request id.

#include <exception>
#include <nlohmann/json.hpp>
#include <restinio/all.hpp>
#include <string>

#include "core/result.hpp"
#include "http/request_metrics.hpp"

namespace cf::http {

using nlohmann::json;
using restinio::request_handle_t;
using restinio::request_handling_status_t;

// The route table: RESTinio's express router, each route telling request_metrics.hpp its
// pattern when it takes a request (the label of its metrics and log lines).
class Router : public restinio::router::express_router_t<> {
  using Base = restinio::router::express_router_t<>;

 public:
  template <typename Handler>
  void http_get(std::string_view route, Handler&& handler) {
    Base::http_get(route, Named(route, std::forward<Handler>(handler)));
  }
  template <typename Handler>
  void http_post(std::string_view route, Handler&& handler) {
    Base::http_post(route, Named(route, std::forward<Handler>(handler)));
  }

 private:
  template <typename Handler>
  static auto Named(std::string_view route, Handler handler) {
    return [label = RouteLabel(route), handler = std::move(handler)](
               request_handle_t req, restinio::router::route_params_t params) mutable {
      RequestRouted(req, label);
      return handler(std::move(req), std::move(params));
    };
  }
};
using router_t = Router;

// An error the request ends with. Thrown by handlers, caught at the request boundary.
struct Problem : std::exception {
  Problem(restinio::http_status_line_t status_in, std::string title_in, std::string detail_in,
          json errors_in = json::array())
      : status(std::move(status_in)),
        title(std::move(title_in)),
        detail(std::move(detail_in)),
        errors(std::move(errors_in)) {}
  const char* what() const noexcept override { return detail.c_str(); }

  restinio::http_status_line_t status;
  std::string title;
  std::string detail;
  json errors = json::array();
};

// The HTTP status for each error code: the one place this is decided.
//   kInvalidArgument 422, kOutOfRange 422, kNotFound 404, kConflict 409,
//   kPermissionDenied 403, kUnauthenticated 401.
restinio::http_status_line_t HttpStatusFor(core::ErrorCode code);
// A use case's error as the problem the request ends with, titled for what was not done
// ("Case not closed"); a refusal is titled "Not allowed" and a missing thing "Not found".
Problem ProblemFor(const core::Error& error, std::string title, json errors = json::array());

Problem Unauthorized();
Problem Forbidden(std::string detail);
Problem BadRequest(std::string detail, json errors = json::array());
Problem NotFound(std::string detail);
// 413: a body over the route's limit of `limit` bytes.
Problem PayloadTooLarge(size_t limit);
// 503: the service cannot do it now (too busy, stopping, out of time); try again.
Problem ServiceUnavailable(std::string title, std::string detail);

// Every response starts here, with the headers each one carries: nosniff, no referrer, and a
// content security policy that forbids framing and other origins.
using response_builder_t = restinio::response_builder_t<restinio::restinio_controlled_output_t>;
response_builder_t NewResponse(const request_handle_t& req,
                               restinio::http_status_line_t status = restinio::status_ok());

request_handling_status_t Send(const request_handle_t& req, restinio::http_status_line_t status,
                               const std::string& content_type, std::string body);
request_handling_status_t SendJson(const request_handle_t& req, const json& body);
request_handling_status_t SendProblem(const request_handle_t& req, const Problem& p);
// A query parameter, or "" when absent.
std::string Query(const request_handle_t& req, const char* name);

}  // namespace cf::http

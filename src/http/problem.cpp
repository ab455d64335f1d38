#include "http/problem.hpp"

#include <fmt/format.h>

namespace cf::http {

restinio::http_status_line_t HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kOutOfRange:
      return restinio::status_unprocessable_entity();
    case core::ErrorCode::kNotFound:
      return restinio::status_not_found();
    case core::ErrorCode::kConflict:
      return restinio::status_conflict();
    case core::ErrorCode::kPermissionDenied:
      return restinio::status_forbidden();
    case core::ErrorCode::kUnauthenticated:
      return restinio::status_unauthorized();
  }
  return restinio::status_internal_server_error();
}

Problem ProblemFor(const core::Error& error, std::string title, json errors) {
  // Refusals and missing things read the same whatever was being done.
  if (error.code == core::ErrorCode::kPermissionDenied) title = "Not allowed";
  if (error.code == core::ErrorCode::kNotFound) title = "Not found";
  return {HttpStatusFor(error.code), std::move(title), error.message, std::move(errors)};
}

Problem Unauthorized() {
  return {restinio::status_unauthorized(), "Not signed in",
          "Send an API token as 'Authorization: Bearer <token>' (citizenfocus token create)."};
}
Problem Forbidden(std::string detail) {
  return ProblemFor(core::PermissionDenied(std::move(detail)), "Not allowed");
}
Problem BadRequest(std::string detail, json errors) {
  return {restinio::status_bad_request(), "Invalid request", std::move(detail), std::move(errors)};
}
Problem PayloadTooLarge(size_t limit) {
  return {restinio::status_payload_too_large(), "Too large",
          fmt::format("The body is larger than this address accepts ({} bytes at most).", limit)};
}
Problem ServiceUnavailable(std::string title, std::string detail) {
  return {restinio::status_service_unavailable(), std::move(title), std::move(detail)};
}
Problem NotFound(std::string detail) {
  return ProblemFor(core::NotFound(std::move(detail)), "Not found");
}

response_builder_t NewResponse(const request_handle_t& req, restinio::http_status_line_t status) {
  const uint64_t id = RequestAnswered(req, static_cast<int>(status.status_code().raw_code()));
  auto r = req->create_response(std::move(status));
  if (id != 0) r.append_header("X-Request-Id", std::to_string(id));
  r.append_header("X-Content-Type-Options", "nosniff")
      .append_header("X-Frame-Options", "DENY")
      .append_header("Content-Security-Policy",
                     "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
      .append_header("Referrer-Policy", "no-referrer");
  return r;
}

request_handling_status_t Send(const request_handle_t& req, restinio::http_status_line_t status,
                               const std::string& content_type, std::string body) {
  return NewResponse(req, std::move(status))
      .append_header(restinio::http_field::content_type, content_type)
      .append_header("Cache-Control", "no-store")
      .set_body(std::move(body))
      .done();
}

request_handling_status_t SendJson(const request_handle_t& req, const json& body) {
  return Send(req, restinio::status_ok(), "application/json", body.dump());
}

request_handling_status_t SendProblem(const request_handle_t& req, const Problem& p) {
  json body = {{"type", "about:blank"},
               {"title", p.title},
               {"status", p.status.status_code().raw_code()},
               {"detail", p.detail}};
  if (!p.errors.empty()) body["errors"] = p.errors;
  return Send(req, p.status, "application/problem+json", body.dump());
}

std::string Query(const request_handle_t& req, const char* name) {
  // A malformed query ("%zz") is the caller's mistake, answered 400, not a server error.
  const auto qp = restinio::try_parse_query<restinio::parse_query_traits::restinio_defaults>(
      req->header().query());
  if (!qp) throw BadRequest("the address's query string is not valid percent-encoding");
  return qp->has(name) ? restinio::cast_to<std::string>((*qp)[name]) : std::string();
}

}  // namespace cf::http

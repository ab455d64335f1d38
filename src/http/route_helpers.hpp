#pragma once
// Internal to http/: how server.cpp's route table hands a request to a handler, through one
// of the three boundaries (see handler_base.hpp).

#include <functional>
#include <type_traits>

#include "core/limits.hpp"
#include "http/handler_base.hpp"

namespace cf::http::routes {

using Req = request_handle_t;
using Reply = request_handling_status_t;

// Calls a handler (a method or a lambda given the handler object) that takes (rc, req) or
// (rc, req, params).
template <typename H, typename M>
Reply Call(H& h, M m, RequestContext& rc, const Req& req, const Params& params) {
  if constexpr (std::is_invocable_v<M, H&, RequestContext&, const Req&, const Params&>) {
    return std::invoke(m, h, rc, req, params);
  } else {
    return std::invoke(m, h, rc, req);
  }
}

// Each route has a body limit (core/limits.hpp): a larger body is answered 413 before any
// handler reads it. The HTTP parser's own cap (kLargestBodyBytes) stops one larger still.
inline void CheckBodySize(const Req& req, size_t max_body) {
  if (req->body().size() > max_body) throw PayloadTooLarge(max_body);
}

// A form route's body, read as its handlers read it (ParseForm, whatever the Content-Type
// says), has each field held to its length before any handler sees it. A file upload
// (multipart) carries no such fields.
inline void CheckFormFields(const Req& req) {
  const auto type = req->header().opt_value_of(restinio::http_field::content_type);
  if (type && restinio::impl::is_equal_caseless(type->substr(0, 19), "multipart/form-data")) {
    return;
  }
  for (const auto& [name, value] : ParseForm(req->body())) {
    if (const auto long_field = FieldTooLong(name, value)) throw BadRequest(*long_field);
  }
}

// The JSON API: the token's user, then the handler.
template <typename H, typename M>
auto ApiRoute(H& h, M m, size_t max_body = core::kApiBodyBytes) {
  return [&h, m, max_body](const Req& req, const Params& params) {
    return h.Api(req, [&](RequestContext& rc) {
      CheckBodySize(req, max_body);
      return Call(h, m, rc, req, params);
    });
  };
}
// A form post (the handler checks the session and CSRF token) or a page that handles
// signing in itself.
template <typename H, typename M>
auto FormRoute(H& h, M m, size_t max_body = core::kFormBodyBytes) {
  return [&h, m, max_body](const Req& req, const Params& params) {
    return h.Html(req, [&](RequestContext& rc) {
      CheckBodySize(req, max_body);
      CheckFormFields(req);
      return Call(h, m, rc, req, params);
    });
  };
}
// A signed-in page: to /login without a session; `fn(h, rc, req, params)` checks the role.
template <typename H, typename F>
auto PageRoute(H& h, F fn) {
  return [&h, fn](const Req& req, const Params& params) {
    return h.Html(req, [&](RequestContext& rc) {
      CheckBodySize(req, core::kFormBodyBytes);
      CheckFormFields(req);
      return h.SignedIn(rc, req) ? fn(h, rc, req, params) : HandlerBase::Redirect(req, "/login");
    });
  };
}

inline std::string Param(const Params& params, const char* name) {
  return restinio::cast_to<std::string>(params[name]);
}
inline int64_t IdParam(const Params& params) { return restinio::cast_to<int64_t>(params["id"]); }

}  // namespace cf::http::routes

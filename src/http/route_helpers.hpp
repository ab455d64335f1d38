#pragma once
// Internal to http/: how server.cpp's route table hands a request to a handler, through one
// of the three boundaries (see handler_base.hpp).

#include <functional>
#include <type_traits>

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

// The JSON API: the token's user, then the handler.
template <typename H, typename M>
auto ApiRoute(H& h, M m) {
  return [&h, m](const Req& req, const Params& params) {
    return h.Api(req, [&](RequestContext& rc) { return Call(h, m, rc, req, params); });
  };
}
// A form post (the handler checks the session and CSRF token) or a page that handles
// signing in itself.
template <typename H, typename M>
auto FormRoute(H& h, M m) {
  return [&h, m](const Req& req, const Params& params) {
    return h.Html(req, [&](RequestContext& rc) { return Call(h, m, rc, req, params); });
  };
}
// A signed-in page: to /login without a session; `fn(h, rc, req, params)` checks the role.
template <typename H, typename F>
auto PageRoute(H& h, F fn) {
  return [&h, fn](const Req& req, const Params& params) {
    return h.Html(req, [&](RequestContext& rc) {
      return h.SignedIn(rc, req) ? fn(h, rc, req, params) : HandlerBase::Redirect(req, "/login");
    });
  };
}

inline std::string Param(const Params& params, const char* name) {
  return restinio::cast_to<std::string>(params[name]);
}
inline int64_t IdParam(const Params& params) { return restinio::cast_to<int64_t>(params["id"]); }

}  // namespace cf::http::routes

#pragma once
// What one request carries through its handler: its id (in logs and error pages), where it
// came from, and who is asking. Made fresh by the request boundary (HandlerBase::Api or
// HandlerBase::Html) for every request and never kept after it, so nothing of one request's
// user, session or CSRF token can reach another's answer.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/account_store.hpp"

namespace cf::http {

struct RequestContext {
  uint64_t id = 0;
  std::string source;                 // the client's address, for the audit log
  std::optional<storage::User> user;  // set once authenticated (token or session)
  std::optional<storage::AccountStore::Session> session;  // pages only: the signed-in session
};

}  // namespace cf::http

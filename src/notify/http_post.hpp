#pragma once
// A JSON POST over HTTP(S) with libcurl, for pushing to partners' APIs (Victim Support).

#include <string>
#include <vector>

#include "core/result.hpp"

namespace cf::notify {

struct HttpReply {
  long status = 0;
  std::string body;
};

// Errors: the request could not be made (the message names the URL and why). Any HTTP
// status is a reply; the caller decides what it means.
core::Result<HttpReply> PostJson(const std::string& url, const std::string& json,
                                 const std::vector<std::string>& headers,
                                 long timeout_seconds = 30);

// A GET, for reading a status back.
core::Result<HttpReply> GetJson(const std::string& url, const std::vector<std::string>& headers,
                                long timeout_seconds = 30);

}  // namespace cf::notify

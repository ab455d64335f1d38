#pragma once
// Sends a message over SMTP with libcurl (smtp:// or smtps://, optional user and password).

#include <string>

#include "core/result.hpp"

namespace cf::notify {

struct SmtpServer {
  std::string url;   // e.g. smtp://127.0.0.1:2525
  std::string user;  // empty: no authentication
  std::string password;
  long timeout_seconds = 30;
};

// Errors: kInvalidArgument with libcurl's message (connection refused, rejected recipient...).
core::Status SendSmtp(const SmtpServer& server, const std::string& from, const std::string& to,
                      const std::string& rfc5322);

}  // namespace cf::notify

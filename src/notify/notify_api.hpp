#pragma once
// GOV.UK Notify's API (and compatible services): email and text messages through
// POST /v2/notifications/{email,sms} with a JWT (HS256, iss = service id, iat = now) made
// from the API key, and each message's status through GET /v2/notifications/{id}. The text
// is ours: a Notify template with ((subject)) and ((body)) placeholders carries it.

#include <map>
#include <string>

#include "core/result.hpp"

namespace cf::notify {

struct NotifyConfig {
  std::string base_url;        // e.g. https://api.notifications.service.gov.uk
  std::string api_key;         // "name-<service id>-<secret>"; never logged
  std::string email_template;  // Notify template ids
  std::string sms_template;
  bool enabled() const { return !base_url.empty() && !api_key.empty(); }
};

// The bearer token for `api_key` at `now_seconds`. Errors: a key not in Notify's format.
core::Result<std::string> NotifyJwt(const std::string& api_key, int64_t now_seconds);

struct NotifyOutcome {
  std::string id;  // Notify's id for the message
};

// Sends one message ("email" or "sms"). Errors carry Notify's message: kConflict when Notify
// refused it for good (a 4xx other than 429: retrying will not change it), otherwise
// kInvalidArgument (no answer, 429, 5xx: try again later).
core::Result<NotifyOutcome> NotifySend(const NotifyConfig& config, const std::string& channel,
                                       const std::string& recipient, const std::map<std::string, std::string>& fields,
                                       const std::string& reference, int64_t now_seconds);

// "created", "sending", "delivered", "permanent-failure", "temporary-failure", "technical-failure".
core::Result<std::string> NotifyStatus(const NotifyConfig& config, const std::string& id, int64_t now_seconds);

}  // namespace cf::notify

#pragma once
// GOV.UK Notify's API (and compatible services): email and text messages through
// POST /v2/notifications/{email,sms} with a JWT (HS256, iss = service id, iat = now) made
// from the API key, and each message's status through GET /v2/notifications/{id}. The text
// is ours: a Notify template with ((subject)) and ((body)) placeholders carries it. Letters
// go as our own PDF through POST /v2/notifications/letter (Notify's precompiled letters),
// which Notify prints and posts.

#include <map>
#include <string>

#include "core/result.hpp"

namespace cf::notify {

struct NotifyConfig {
  std::string base_url;        // e.g. https://api.notifications.service.gov.uk
  std::string api_key;         // "name-<service id>-<secret>"; never logged
  std::string email_template;  // Notify template ids
  std::string sms_template;
  bool letters = false;            // letters go to Notify to print and post, not to our print run
  std::string postage = "second";  // first or second class
  bool enabled() const { return !base_url.empty() && !api_key.empty(); }
  bool SendsLetters() const { return enabled() && letters; }
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
                                       const std::string& recipient,
                                       const std::map<std::string, std::string>& fields,
                                       const std::string& reference, int64_t now_seconds);

// Sends one letter: `pdf` is the whole letter (A4, address in the window position).
// Errors as NotifySend.
core::Result<NotifyOutcome> NotifySendLetter(const NotifyConfig& config, const std::string& pdf,
                                             const std::string& reference, int64_t now_seconds);

// "created", "sending", "delivered", "permanent-failure", "temporary-failure", "technical-failure";
// for letters "accepted", "received" (printed and posted), "validation-failed", "cancelled".
core::Result<std::string> NotifyStatus(const NotifyConfig& config, const std::string& id,
                                       int64_t now_seconds);

}  // namespace cf::notify

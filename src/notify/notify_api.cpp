#include "notify/notify_api.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/limits.hpp"
#include "notify/email.hpp"
#include "notify/http_post.hpp"

namespace cf::notify {
namespace {

using nlohmann::json;

std::string Base64Url(std::string_view data) {
  std::string b = Base64(data);
  for (char& c : b) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

// A reply's JSON; discarded when it is not JSON or nests deeper than any reply of Notify's.
json ParseReply(const std::string& body) {
  if (core::JsonTooDeep(body)) return json(json::value_t::discarded);
  return json::parse(body, nullptr, false);
}

std::string ErrorOf(const HttpReply& reply) {
  const auto j = ParseReply(reply.body);
  if (j.is_object() && j.contains("errors") && j["errors"].is_array() && !j["errors"].empty() &&
      j["errors"][0].is_object() && j["errors"][0].contains("message") &&
      j["errors"][0]["message"].is_string()) {
    return j["errors"][0]["message"].get<std::string>().substr(0, 200);
  }
  return reply.body.substr(0, 200);
}

// POST /v2/notifications/{kind}: Notify's id, or its error (kConflict when refused for good).
core::Result<NotifyOutcome> Post(const NotifyConfig& config, const std::string& kind,
                                 const json& body, const std::string& token) {
  const auto reply = PostJson(fmt::format("{}/v2/notifications/{}", config.base_url, kind),
                              body.dump(), {"Authorization: Bearer " + token});
  if (!reply) return reply.error();
  if (reply->status == 201) {
    const auto j = ParseReply(reply->body);
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string())
      return core::InvalidArgument("Notify: a reply without an id");
    return NotifyOutcome{j["id"].get<std::string>()};
  }
  const std::string error = fmt::format("Notify HTTP {}: {}", reply->status, ErrorOf(*reply));
  const bool permanent = reply->status >= 400 && reply->status < 500 && reply->status != 429;
  return permanent ? core::Conflict(error) : core::InvalidArgument(error);
}

}  // namespace

core::Result<std::string> NotifyJwt(const std::string& api_key, int64_t now_seconds) {
  // name-<service id: 36>-<secret: 36>
  if (api_key.size() < 74 || api_key[api_key.size() - 37] != '-' ||
      api_key[api_key.size() - 74] != '-') {
    return core::InvalidArgument(
        "the Notify API key is not in the form name-<service id>-<secret key>");
  }
  if (sodium_init() < 0) return core::InvalidArgument("libsodium could not start");
  const std::string secret = api_key.substr(api_key.size() - 36);
  const std::string service = api_key.substr(api_key.size() - 73, 36);
  const std::string signing = Base64Url(R"({"alg":"HS256","typ":"JWT"})") + "." +
                              Base64Url(json{{"iss", service}, {"iat", now_seconds}}.dump());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signing.data()),
                                signing.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return signing + "." +
         Base64Url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

core::Result<NotifyOutcome> NotifySend(const NotifyConfig& config, const std::string& channel,
                                       const std::string& recipient,
                                       const std::map<std::string, std::string>& fields,
                                       const std::string& reference, int64_t now_seconds) {
  const auto token = NotifyJwt(config.api_key, now_seconds);
  if (!token) return token.error();
  json body = {{"reference", reference}, {"personalisation", fields}};
  if (channel == "email") {
    body["email_address"] = recipient;
    body["template_id"] = config.email_template;
  } else if (channel == "sms") {
    body["phone_number"] = recipient;
    body["template_id"] = config.sms_template;
  } else {
    return core::InvalidArgument(fmt::format("Notify: no {} channel here", channel));
  }
  return Post(config, channel, body, *token);
}

core::Result<NotifyOutcome> NotifySendLetter(const NotifyConfig& config, const std::string& pdf,
                                             const std::string& reference, int64_t now_seconds) {
  const auto token = NotifyJwt(config.api_key, now_seconds);
  if (!token) return token.error();
  const json body = {
      {"reference", reference}, {"content", Base64(pdf)}, {"postage", config.postage}};
  return Post(config, "letter", body, *token);
}

core::Result<std::string> NotifyStatus(const NotifyConfig& config, const std::string& id,
                                       int64_t now_seconds) {
  const auto token = NotifyJwt(config.api_key, now_seconds);
  if (!token) return token.error();
  const auto reply = GetJson(fmt::format("{}/v2/notifications/{}", config.base_url, id),
                             {"Authorization: Bearer " + *token});
  if (!reply) return reply.error();
  if (reply->status != 200)
    return core::InvalidArgument(fmt::format("Notify HTTP {}: {}", reply->status, ErrorOf(*reply)));
  const auto j = ParseReply(reply->body);
  if (!j.is_object() || !j.contains("status") || !j["status"].is_string())
    return core::InvalidArgument("Notify: a reply without a status");
  return j["status"].get<std::string>();
}

}  // namespace cf::notify

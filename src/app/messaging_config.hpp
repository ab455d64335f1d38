#pragma once
// A force's messaging settings, from a TOML file (docs/letters.md has an annotated example,
// data/config/citizenfocus.example.toml):
//
//   [smtp]      url, from, user                    email over SMTP
//   [notify]    base_url, email_template, sms_template, letters, postage   GOV.UK Notify
//   [referrals] folder, format (csv|json), push_url                        Victim Support feed
//   [referrals.to.ID] folder, format, push_url          another organisation's (ID: womens_aid)
//   [schedule]  dispatch, refresh, referrals       how often the worker runs each ("30s", "5m",
//   "1h")
//   [retention] portal, messages, case_details     months each kind of personal data is kept
//   after a case closes (app/retention.hpp)
//
// Secrets never live in the file (it is copied, backed up and shown on screens): the SMTP
// password, the Notify API key and the referral endpoint's token come from the environment
// (CF_SMTP_PASSWORD, CF_NOTIFY_API_KEY, CF_REFERRAL_TOKEN, and CF_REFERRAL_TOKEN_WOMENS_AID
// for [referrals.to.womens_aid]), and a file holding one of those keys is refused.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "app/outbox.hpp"
#include "app/referrals.hpp"
#include "app/retention.hpp"
#include "core/result.hpp"

namespace cf::app {

struct Schedule {  // seconds between runs; 0 never
  int dispatch = 60;
  int refresh = 300;
  int referrals = 3600;
};

struct MessagingConfig {
  DispatchOptions dispatch;
  ReferralFeed referrals;                                  // Victim Support's
  std::map<std::string, ReferralFeed> organisation_feeds;  // [referrals.to.ID], by ID
  Schedule schedule;
  RetentionRules retention;

  // Where referrals to `organisation` go: Victim Support's feed, or its [referrals.to.ID]
  // (not enabled() when the file gives it none: its referrals wait).
  ReferralFeed FeedTo(const std::string& organisation) const;
};

using Environment = std::function<std::string(const char* name)>;  // "" when unset
std::string ProcessEnvironment(const char* name);

// The settings in `text` (read from `origin`, named in errors with the line), secrets from
// `env`. Errors: TOML syntax, an unknown section or key, a bad value, a secret in the file.
core::Result<MessagingConfig> ParseMessagingConfig(std::string_view text, const std::string& origin,
                                                   const Environment& env);
// The same from a file. Errors also: the file cannot be read.
core::Result<MessagingConfig> LoadMessagingConfig(const std::string& path, const Environment& env);
// No file: defaults, with the secrets (and CF_SMTP_URL, CF_NOTIFY_URL) from `env`.
MessagingConfig DefaultMessagingConfig(const Environment& env);

// "90", "30s", "5m", "1h" as seconds; nullopt when malformed.
std::optional<int> ParseInterval(std::string_view text);

}  // namespace cf::app

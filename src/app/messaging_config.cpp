#include "app/messaging_config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cf::app {
namespace {

struct ConfigError {
  std::string message;
};

class ConfigReader {
 public:
  explicit ConfigReader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void Fail(const toml::node& node, const std::string& what) const {
    const auto line = node.source().begin.line;
    throw ConfigError{line > 0 ? fmt::format("{}:{}: {}", origin_, line, what)
                               : fmt::format("{}: {}", origin_, what)};
  }

  // The table `name` (empty when absent), refusing keys outside `allowed` and secrets.
  const toml::table* Section(const toml::table& root, const std::string& name,
                             const std::set<std::string>& allowed,
                             const std::map<std::string, std::string>& secrets = {}) const {
    const auto* node = root.get(name);
    return node == nullptr ? nullptr : Table(*node, name, allowed, secrets);
  }

  // `node`, the table [name], refusing keys outside `allowed` and secrets.
  const toml::table* Table(const toml::node& node, const std::string& name,
                           const std::set<std::string>& allowed,
                           const std::map<std::string, std::string>& secrets = {}) const {
    const auto* t = node.as_table();
    if (t == nullptr) Fail(node, fmt::format("[{}] must be a table", name));
    for (const auto& [key, value] : *t) {
      const std::string k(key.str());
      if (const auto s = secrets.find(k); s != secrets.end()) {
        Fail(value,
             fmt::format("[{}] {}: secrets are not kept in the file; set {} in the environment",
                         name, k, s->second));
      }
      if (!allowed.count(k)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Fail(value, fmt::format("[{}]: unknown key \"{}\" (allowed: {})", name, k, list));
      }
    }
    return t;
  }

  void Text(const toml::table* t, const char* section, const char* key, std::string& out) const {
    if (t == nullptr || t->get(key) == nullptr) return;
    const auto v = t->get(key)->value<std::string>();
    if (!v) Fail(*t->get(key), fmt::format("[{}] {}: must be a string", section, key));
    out = *v;
  }

  void Choice(const toml::table* t, const char* section, const char* key,
              std::initializer_list<const char*> allowed, std::string& out) const {
    std::string v = out;
    Text(t, section, key, v);
    for (const char* a : allowed) {
      if (v == a) {
        out = v;
        return;
      }
    }
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : " or ") + std::string(a);
    Fail(*t->get(key), fmt::format("[{}] {}: \"{}\" is not {}", section, key, v, list));
  }

  // A referral feed's folder, format and push_url: one of folder and push_url, not both.
  void Feed(const toml::table* t, const char* section, ReferralFeed& feed) const {
    Text(t, section, "folder", feed.folder);
    Choice(t, section, "format", {"csv", "json"}, feed.format);
    Text(t, section, "push_url", feed.push_url);
    if (!feed.folder.empty() && !feed.push_url.empty()) {
      Fail(*t->get("push_url"),
           fmt::format("[{}]: give folder (file drop) or push_url (HTTP push), not both", section));
    }
  }

  void Flag(const toml::table* t, const char* section, const char* key, bool& out) const {
    if (t == nullptr || t->get(key) == nullptr) return;
    const auto v = t->get(key)->value<bool>();
    if (!v) Fail(*t->get(key), fmt::format("[{}] {}: must be true or false", section, key));
    out = *v;
  }

  void Interval(const toml::table* t, const char* key, int& out) const {
    if (t == nullptr || t->get(key) == nullptr) return;
    const auto& node = *t->get(key);
    std::optional<int> v;
    if (const auto s = node.value<std::string>()) v = ParseInterval(*s);
    if (const auto* i = node.as_integer();
        i != nullptr && i->get() >= 0 && i->get() <= int64_t{86400} * 7) {
      v = static_cast<int>(i->get());
    }
    if (!v)
      Fail(node,
           fmt::format("[schedule] {}: give seconds or \"30s\", \"5m\", \"1h\" (0 turns it off)",
                       key));
    out = *v;
  }

  // Months a kind of personal data is kept after a case closes: 1 to 1200 (a hundred years).
  void Months(const toml::table* t, const char* key, int& out) const {
    if (t == nullptr || t->get(key) == nullptr) return;
    const auto* i = t->get(key)->as_integer();
    if (i == nullptr || i->get() < 1 || i->get() > 1200) {
      Fail(*t->get(key),
           fmt::format("[retention] {}: give the months kept after a case closes, 1 to 1200", key));
    }
    out = static_cast<int>(i->get());
  }

 private:
  std::string origin_;
};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void Secrets(MessagingConfig& c, const Environment& env) {
  c.dispatch.smtp.password = env("CF_SMTP_PASSWORD");
  c.dispatch.notify.api_key = env("CF_NOTIFY_API_KEY");
  c.referrals.token = env("CF_REFERRAL_TOKEN");
}

}  // namespace

std::string ProcessEnvironment(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

std::optional<int> ParseInterval(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int unit = 1;
  if (text.back() == 's' || text.back() == 'm' || text.back() == 'h') {
    unit = text.back() == 's' ? 1 : text.back() == 'm' ? 60 : 3600;
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 6) return std::nullopt;
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n * unit;
}

ReferralFeed MessagingConfig::FeedTo(const std::string& organisation) const {
  if (organisation == kVictimSupport) return referrals;
  const auto it = organisation_feeds.find(organisation);
  return it == organisation_feeds.end() ? ReferralFeed{} : it->second;
}

MessagingConfig DefaultMessagingConfig(const Environment& env) {
  MessagingConfig c;
  c.dispatch.smtp.url = env("CF_SMTP_URL").empty() ? "smtp://127.0.0.1:25" : env("CF_SMTP_URL");
  c.dispatch.notify.base_url = env("CF_NOTIFY_URL");
  Secrets(c, env);
  return c;
}

core::Result<MessagingConfig> ParseMessagingConfig(std::string_view text, const std::string& origin,
                                                   const Environment& env) {
  MessagingConfig c = DefaultMessagingConfig(env);
  try {
    const toml::table root = toml::parse(text, origin);
    const ConfigReader r(origin);
    for (const auto& [key, node] : root) {
      static const std::set<std::string> kSections = {"smtp", "notify", "referrals", "schedule",
                                                      "retention"};
      if (!kSections.count(std::string(key.str()))) {
        r.Fail(node,
               fmt::format(
                   "unknown section [{}] (allowed: smtp, notify, referrals, schedule, retention)",
                   key.str()));
      }
    }
    const auto* smtp =
        r.Section(root, "smtp", {"url", "from", "user"}, {{"password", "CF_SMTP_PASSWORD"}});
    r.Text(smtp, "smtp", "url", c.dispatch.smtp.url);
    r.Text(smtp, "smtp", "from", c.dispatch.from);
    r.Text(smtp, "smtp", "user", c.dispatch.smtp.user);
    const auto* notify = r.Section(
        root, "notify", {"base_url", "email_template", "sms_template", "letters", "postage"},
        {{"api_key", "CF_NOTIFY_API_KEY"}, {"key", "CF_NOTIFY_API_KEY"}});
    r.Text(notify, "notify", "base_url", c.dispatch.notify.base_url);
    r.Text(notify, "notify", "email_template", c.dispatch.notify.email_template);
    r.Text(notify, "notify", "sms_template", c.dispatch.notify.sms_template);
    r.Flag(notify, "notify", "letters", c.dispatch.notify.letters);
    r.Choice(notify, "notify", "postage", {"first", "second"}, c.dispatch.notify.postage);
    const auto* referrals = r.Section(root, "referrals", {"folder", "format", "push_url", "to"},
                                      {{"token", "CF_REFERRAL_TOKEN"}});
    r.Feed(referrals, "referrals", c.referrals);
    if (const auto* to = referrals != nullptr ? referrals->get("to") : nullptr) {
      if (to->as_table() == nullptr) r.Fail(*to, "[referrals.to] must be a table of organisations");
      for (const auto& [key, node] : *to->as_table()) {
        const std::string id(key.str());
        const std::string section = "referrals.to." + id;
        if (!domain::IsOrganisationId(id) || id == kVictimSupport) {
          r.Fail(node, fmt::format("[{}]: \"{}\" is not another organisation's id (lower-case "
                                   "letters, digits and _: womens_aid)",
                                   section, id));
        }
        const std::string secret = "CF_REFERRAL_TOKEN_" + Upper(id);
        ReferralFeed feed;
        r.Feed(r.Table(node, section, {"folder", "format", "push_url"}, {{"token", secret}}),
               section.c_str(), feed);
        feed.token = env(secret.c_str());
        c.organisation_feeds[id] = feed;
      }
    }
    const auto* schedule =
        r.Section(root, "schedule", {"dispatch", "refresh", "referrals", "claim_lease"});
    r.Interval(schedule, "dispatch", c.schedule.dispatch);
    r.Interval(schedule, "refresh", c.schedule.refresh);
    r.Interval(schedule, "referrals", c.schedule.referrals);
    r.Interval(schedule, "claim_lease", c.dispatch.lease_seconds);
    if (c.dispatch.lease_seconds < 5) {
      r.Fail(*schedule->get("claim_lease"),
             "[schedule] claim_lease: at least \"5s\" (how long a worker's claim on a message "
             "lasts before another may send it)");
    }
    const auto* retention = r.Section(root, "retention", {"portal", "messages", "case_details"});
    c.retention.from_file = retention != nullptr;
    r.Months(retention, "portal", c.retention.portal);
    r.Months(retention, "messages", c.retention.messages);
    r.Months(retention, "case_details", c.retention.case_details);
    if (!c.dispatch.notify.base_url.empty() && c.dispatch.notify.api_key.empty()) {
      return core::InvalidArgument(
          fmt::format("{}: [notify] base_url is set but CF_NOTIFY_API_KEY is not", origin));
    }
  } catch (const toml::parse_error& e) {
    return core::InvalidArgument(
        fmt::format("{}:{}: {}", origin, e.source().begin.line, std::string(e.description())));
  } catch (const ConfigError& e) {
    return core::InvalidArgument(e.message);
  }
  return c;
}

core::Result<MessagingConfig> LoadMessagingConfig(const std::string& path, const Environment& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::NotFound(fmt::format("{}: cannot read the configuration file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseMessagingConfig(text.str(), path, env);
}

}  // namespace cf::app

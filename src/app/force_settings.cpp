#include "app/force_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "app/access.hpp"
#include "app/drafts.hpp"

namespace cf::app {
namespace {

const SettingSpec* Find(const std::string& key) {
  for (const auto& s : ForceSettings()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

// Validates and stores. Errors name the setting and what is allowed.
core::Status ChangeSetting(storage::CaseStore& store, const std::string& key,
                           const std::string& value) {
  const SettingSpec* spec = Find(key);
  if (spec == nullptr) {
    std::string keys;
    for (const auto& s : ForceSettings()) keys += (keys.empty() ? "" : ", ") + s.key;
    return core::InvalidArgument(fmt::format("\"{}\" is not a setting (settings: {})", key, keys));
  }
  if (!spec->choices.empty() &&
      std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end()) {
    std::string allowed;
    for (const auto& c : spec->choices) allowed += (allowed.empty() ? "" : " or ") + c;
    return core::InvalidArgument(fmt::format("{}: \"{}\" is not {}", spec->label, value, allowed));
  }
  if (spec->choices.empty() && (value.empty() || value.size() > 200)) {
    return core::InvalidArgument(fmt::format("{}: give 1 to 200 characters", spec->label));
  }
  if (spec->check != nullptr) {
    if (const std::string wrong = spec->check(value); !wrong.empty())
      return core::InvalidArgument(fmt::format("{}: {}", spec->label, wrong));
  }
  store.SetSetting(key, value);
  return {};
}

std::string CheckAutoSend(const std::string& value) {
  const auto parsed = ParseAutoSend(value);
  return parsed ? std::string() : parsed.error().message;
}

}  // namespace

const std::vector<SettingSpec>& ForceSettings() {
  static const std::vector<SettingSpec> kSettings = {
      {"force_name",
       "Force name",
       "As it appears at the top of letters and as the sender of emails",
       {},
       {},
       "Police"},
      {"force_address",
       "Force address",
       "The postal address at the top of every letter, its lines separated by commas; until "
       "it is set, letters carry the force's name and phone number only",
       {},
       {},
       ""},
      {"force_phone",
       "Force phone number",
       "The number on every letter, and the one to call while the officer is away when their "
       "unit has no sergeant with a direct line",
       {},
       {},
       "101"},
      {"contacts_count",
       "When a message counts as telling the person",
       "A duty to inform is met by a letter, email or text message only at this point",
       {"delivered", "sent"},
       {"When it is delivered (or posted, for letters)", "As soon as it is sent"},
       "delivered"},
      {"portal_url",
       "The portal's address",
       "Where victims and witnesses reach the portal (serve --public-listen), as their "
       "invitation links begin",
       {},
       {},
       "http://localhost:8081"},
      {"staff_url",
       "The staff app's address",
       "Where staff reach this app (serve --listen), as the links in their digests begin; "
       "until it is set, digests carry no links",
       {},
       {},
       ""},
      {"quiet_hours",
       "Quiet hours",
       "When the portal's alerts by email and text message wait until morning (London time)",
       {"21:00-08:00", "22:00-07:00", "20:00-09:00", "none"},
       {"21:00 to 08:00", "22:00 to 07:00", "20:00 to 09:00", "None: send at any hour"},
       "21:00-08:00"},
      {"alerts_that_may_not_wait",
       "Alerts that may not wait",
       "Whether an alert that the suspect has been released (on bail, under investigation or "
       "with no further action) goes at once, even in quiet hours",
       {"safety", "none"},
       {"Releases go at once", "Every alert waits for the end of quiet hours"},
       "safety"},
      {"call_back_working_days",
       "Answering requests",
       "How soon a victim or witness's request for a call back or an update, or their portal "
       "message, must be answered: the queue shows it due by then",
       {"0", "1", "2", "3", "5"},
       {"The same day", "Within 1 working day", "Within 2 working days", "Within 3 working days",
        "Within 5 working days"},
       "1"},
      {"dip_sample_size",
       "Dip samples",
       "How many of a unit's cases a month its supervisors review (the guide's Dyfed-Powys "
       "samples 20 a division): half drawn at random, half weighted towards risk",
       {"5", "10", "20", "30", "40"},
       {"5 cases a month", "10 cases a month", "20 cases a month", "30 cases a month",
        "40 cases a month"},
       "20"},
      {"auto_send",
       "Sent without review",
       "Duties whose standard message goes without an officer checking it, on the channel "
       "named, when that is the person's channel: none, or duty:channel pairs separated by "
       "commas (arrest:sms, bail:email). Messages the safety gate holds are still checked.",
       {},
       {},
       "none",
       CheckAutoSend},
      {"quality_calls_per_week",
       "Quality call-backs",
       "How many victims each supervisor phones a week to ask about the service they had (the "
       "guide's Dorset sergeants phone one), drawn from the unit's cases of 4 to 13 weeks ago",
       {"0", "1", "2", "3", "5", "10"},
       {"None", "1 a week", "2 a week", "3 a week", "5 a week", "10 a week"},
       "1"},
  };
  return kSettings;
}

std::string SettingValue(storage::SettingsRepository& store, const std::string& key) {
  const SettingSpec* spec = Find(key);
  if (spec == nullptr) throw std::logic_error("unknown setting " + key);
  return store.Setting(key).value_or(spec->default_value);
}

core::Result<size_t> ChangeSettingsAs(Services& s, const Actor& actor,
                                      const std::map<std::string, std::string>& values,
                                      std::vector<std::string>& problems) {
  if (!MayAdminister(actor.user)) return core::PermissionDenied("settings are for admins");
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& [key, value] : values) {
    if (Find(key) != nullptr && value == SettingValue(s.cases, key)) continue;
    changes.emplace_back(key, value);
  }
  {
    storage::Transaction tx(s.cases);
    for (const auto& [key, value] : changes) {
      const auto changed = ChangeSetting(s.cases, key, value);
      if (!changed) problems.push_back(changed.error().message);
    }
    if (!problems.empty()) {
      return core::InvalidArgument(
          fmt::format("{} problem(s): no setting was changed", problems.size()));
    }
    tx.Commit();
  }
  for (const auto& [key, value] : changes)
    AuditAs(s, actor, "changed_setting", "", fmt::format("{} = {}", key, value));
  return changes.size();
}

}  // namespace cf::app

#include "app/force_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace cf::app {
namespace {

const SettingSpec* Find(const std::string& key) {
  for (const auto& s : ForceSettings()) {
    if (s.key == key) return &s;
  }
  return nullptr;
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
      {"contacts_count",
       "When a message counts as telling the person",
       "A duty to inform is met by a letter, email or text message only at this point",
       {"delivered", "sent"},
       {"When it is delivered (or posted, for letters)", "As soon as it is sent"},
       "delivered"},
  };
  return kSettings;
}

std::string SettingValue(storage::CaseStore& store, const std::string& key) {
  const SettingSpec* spec = Find(key);
  if (spec == nullptr) throw std::logic_error("unknown setting " + key);
  return store.Setting(key).value_or(spec->default_value);
}

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
  if (spec->choices.empty() && (value.empty() || value.size() > 100)) {
    return core::InvalidArgument(fmt::format("{}: give 1 to 100 characters", spec->label));
  }
  store.SetSetting(key, value);
  return {};
}

}  // namespace cf::app

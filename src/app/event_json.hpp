#pragma once
// Internal to cf_app: reading fields of stored event bodies (events.md) that the engine's
// typed events do not carry, for letters and referrals.

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace cf::app {

// A string field, or "" when absent or not a string.
inline std::string StringField(const nlohmann::json& event, const char* key) {
  const auto it = event.find(key);
  return it != event.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The channels a contract.agreed marks unsafe (safe_to_contact.<channel>: false).
inline std::set<std::string> UnsafeChannels(const nlohmann::json& contract) {
  std::set<std::string> out;
  if (const auto safe = contract.find("safe_to_contact");
      safe != contract.end() && safe->is_object()) {
    for (const auto& [channel, ok] : safe->items()) {
      if (ok.is_boolean() && !ok.get<bool>()) out.insert(channel);
    }
  }
  return out;
}

}  // namespace cf::app

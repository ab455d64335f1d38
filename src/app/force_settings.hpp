#pragma once
// A force's own choices, kept in the store: what its letters are signed with, whether a
// message counts as informing the person when it is sent or only when it is delivered, and
// the portal's address for invitation links.
// Admins change them at /admin/settings or with `citizenfocus settings set`.

#include <map>
#include <string>
#include <vector>

#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct SettingSpec {
  std::string key;
  std::string label;  // as on the admin page
  std::string hint;
  std::vector<std::string> choices;  // empty: free text
  std::vector<std::string> choice_labels;
  std::string default_value;
  // Free text checked further (nullptr: any 1 to 200 characters): a message saying what is
  // wrong, or "" when it is right.
  std::string (*check)(const std::string& value) = nullptr;
};

const std::vector<SettingSpec>& ForceSettings();

// The value in force (the default when none is stored). Throws for an unknown key.
std::string SettingValue(storage::SettingsRepository& store, const std::string& key);

// Changes the settings in `values` (by key; those not given, or given unchanged, stay) as an
// admin (kPermissionDenied otherwise), all or none: kInvalidArgument with one problem per
// setting in `problems` (naming the setting and what is allowed) and nothing changed. Each change
// is audited as changed_setting. Returns how many changed.
core::Result<size_t> ChangeSettingsAs(Services& s, const Actor& actor,
                                      const std::map<std::string, std::string>& values,
                                      std::vector<std::string>& problems);

}  // namespace cf::app

#pragma once
// A force's own choices, kept in the store: what its letters are signed with, and whether a
// message counts as informing the person when it is sent or only when it is delivered.
// Admins change them at /admin/settings or with `citizenfocus settings set`.

#include <string>
#include <vector>

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
};

const std::vector<SettingSpec>& ForceSettings();

// The value in force (the default when none is stored). Throws for an unknown key.
std::string SettingValue(storage::CaseStore& store, const std::string& key);

// Validates and stores. Errors name the setting and what is allowed.
core::Status ChangeSetting(storage::CaseStore& store, const std::string& key,
                           const std::string& value);

}  // namespace cf::app

#pragma once
// Loads rule sets and policy overlays from TOML. A malformed or inconsistent file is
// rejected whole, with a message naming the file, line and key: unknown keys, unknown
// names (duty ids, event types, roles, flags), non-positive or inconsistent deadlines
// (an enhanced deadline longer than the standard one), duplicate duties.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/rule_set.hpp"

namespace cf::rules {

core::Result<RuleSet> ParseRuleSet(std::string_view toml_text, std::string_view origin);
core::Result<Policy> ParsePolicy(std::string_view toml_text, std::string_view origin);

// Every rule set and policy known to a run: the built-in ones, then any files given, which
// replace a built-in of the same id.
class RuleLibrary {
 public:
  // Loads the rule sets and policies compiled into the binary.
  static core::Result<RuleLibrary> BuiltIn();

  // Adds or replaces from a file (a rule set if it has `owed_roles`, else a policy).
  core::Status LoadFile(const std::string& path);

  const RuleSet* FindRuleSet(std::string_view id) const;
  const Policy* FindPolicy(std::string_view id) const;
  // The Code in force on `date` (latest in_force on or before it), or nullptr.
  const RuleSet* CodeInForce(Date date) const;
  // Charters and the Witness Care Unit's rule sets in force on `date`, applied alongside
  // `code`; those that belong to one Code (`with_code`) only alongside that one.
  std::vector<const RuleSet*> ChartersInForce(Date date, const RuleSet* code) const;
  std::vector<std::string> RuleSetIds() const;
  std::vector<std::string> PolicyIds() const;

 private:
  std::map<std::string, RuleSet, std::less<>> rule_sets_;
  std::map<std::string, Policy, std::less<>> policies_;
};

}  // namespace cf::rules

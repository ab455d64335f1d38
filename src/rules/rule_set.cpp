#include "rules/rule_set.hpp"

namespace cf::rules {

const Duty* RuleSet::FindDuty(std::string_view duty_id) const {
  for (const auto& d : duties) {
    if (d.id == duty_id) return &d;
  }
  return nullptr;
}

}  // namespace cf::rules

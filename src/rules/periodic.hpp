#pragma once
// Internal to cf_rules: periodic updates ("keeping people updated", victims-code.md
// section 4) for one person, in runs of instances.

#include <vector>

#include "core/result.hpp"
#include "rules/case_view.hpp"
#include "rules/engine.hpp"

namespace cf::rules {

// Appends the person's periodic_update instances as of `as_of`.
// REQUIRES: rs.periodic
void ComputePeriodicUpdates(const RuleSet& rs, const Policy* policy, const CaseView& c,
                            const PersonView& p, Date as_of, std::vector<Obligation>& out);

// Shared with event duties: has the person opted out of updates at the end of `d`?
// Returns the contract.agreed that says so, or nullptr. If so and `since` is given, sets it
// to the date the opt-out began: the first of the contracts saying wants_updates: false
// since the last one saying true (a later opt-out repeats it, it does not restart it).
const Event* OptedOutAtEnd(const PersonView& p, Date d, Date* since = nullptr);

}  // namespace cf::rules

#pragma once
// Internal to cf_rules: which enhanced categories a person is in at a moment, and why
// (victims-code.md section 2).

#include <string>
#include <vector>

#include "rules/case_view.hpp"
#include "rules/rule_set.hpp"

namespace cf::rules {

// Person flags in force: person.added flags, then person.flagged / person.unflagged up to
// the cutoff (by instant, or by whole London date when `by_date`).
uint32_t PersonFlagsAt(const PersonView& p, Instant t, Date d, bool by_date);

// Bit i set when rs.enhanced[i] applies to `p` at instant `t`.
uint32_t CategoriesAt(const RuleSet& rs, const CaseView& c, const PersonView& p, Instant t, Date d,
                      bool by_date);

// One line per category in `mask`, saying why ("vulnerable victim: under 17 on 2007-01-31").
std::vector<std::string> CategoryReasons(const RuleSet& rs, const CaseView& c, const PersonView& p,
                                         uint32_t mask, Instant t);

}  // namespace cf::rules

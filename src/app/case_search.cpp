#include "app/case_search.hpp"

#include <fmt/format.h>

#include "app/access.hpp"

namespace cf::app {

core::Result<FoundCases> SearchCasesAs(Services& s, const Actor& actor, const std::string& text,
                                       size_t limit) {
  if (!MaySeePeople(actor.user))
    return core::PermissionDenied("this role does not search person-level records");
  FoundCases found_cases;
  auto& out = found_cases.cases;
  // Matches the actor may not see are passed over, so ask for more than will be shown.
  const size_t asked = 4 * limit;
  const auto matches = s.cases.SearchCases(text, asked + 1);
  found_cases.more = matches.size() > asked;
  for (const auto& crime : matches) {
    const auto row = s.cases.FindCase(crime);
    if (!row || !MayViewCase(actor.user, *row)) continue;
    if (out.size() == limit) {  // one more the actor may see: enough to say so
      found_cases.more = true;
      break;
    }
    FoundCase found{*row, "", {}};
    for (auto& p : s.cases.CasePeople(crime)) {
      if (p.display_name.empty()) continue;
      found.names += (found.names.empty() ? "" : "; ") + p.display_name + " (" +
                     std::string(domain::Name(p.role)) + ")";
      p.search_text.clear();  // what it holds is shown in its own fields
      found.people.push_back(std::move(p));
    }
    out.push_back(std::move(found));
  }
  AuditAs(s, actor, "searched", "",
          fmt::format("\"{}\": {} found{}", text, out.size(), found_cases.more ? " (more)" : ""));
  return found_cases;
}

}  // namespace cf::app

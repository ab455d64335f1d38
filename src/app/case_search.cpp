#include "app/case_search.hpp"

#include <fmt/format.h>

#include "app/access.hpp"

namespace cf::app {

core::Result<std::vector<FoundCase>> SearchCasesAs(Services& s, const Actor& actor,
                                                   const std::string& text, size_t limit) {
  if (!MaySeePeople(actor.user))
    return core::PermissionDenied("this role does not search person-level records");
  std::vector<FoundCase> out;
  // Matches the actor may not see are passed over, so ask for more than will be shown.
  for (const auto& crime : s.cases.SearchCases(text, 4 * limit)) {
    if (out.size() >= limit) break;
    const auto row = s.cases.FindCase(crime);
    if (!row || !MayViewCase(actor.user, *row)) continue;
    FoundCase found{*row, ""};
    for (const auto& p : s.cases.CasePeople(crime)) {
      if (!p.display_name.empty())
        found.names += (found.names.empty() ? "" : "; ") + p.display_name + " (" +
                       std::string(domain::Name(p.role)) + ")";
    }
    out.push_back(std::move(found));
  }
  AuditAs(s, actor, "searched", "", fmt::format("\"{}\": {} found", text, out.size()));
  return out;
}

}  // namespace cf::app

#include "app/organisations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/access.hpp"
#include "app/referrals.hpp"
#include "core/utf8.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {

core::Result<bool> SaveOrganisationAs(Services& s, const Actor& actor,
                                      storage::OrganisationRow organisation,
                                      std::vector<std::string>& problems) {
  if (!MayAdminister(actor.user))
    return core::PermissionDenied("listing organisations needs the admin role");
  if (!domain::IsOrganisationId(organisation.id) || organisation.id == kVictimSupport) {
    problems.push_back(fmt::format(
        "Id: \"{}\" is not another organisation's id: 1 to 40 lower-case letters, digits and _, "
        "starting with a letter (womens_aid)",
        organisation.id));
  }
  const size_t name = core::CharacterCount(organisation.name);
  if (name == 0 || name > 100) problems.push_back("Name: give 1 to 100 characters");
  if (core::CharacterCount(organisation.offers) > 200)
    problems.push_back("What it offers: at most 200 characters");
  if (auto status = StatusOf(problems); !status) return status.error();
  const auto listed = s.cases.Organisations();
  const auto held = std::find_if(listed.begin(), listed.end(),
                                 [&](const auto& o) { return o.id == organisation.id; });
  if (held != listed.end() && held->name == organisation.name &&
      held->offers == organisation.offers && held->active == organisation.active)
    return false;
  organisation.updated_at = events::FormatInstant(s.Now() / 1000 * 1000);
  s.cases.SaveOrganisation(organisation);
  AuditAs(s, actor, "saved_organisation", "",
          fmt::format("{}: {}{}", organisation.id, organisation.name,
                      organisation.active ? "" : " (withdrawn)"));
  return true;
}

std::vector<storage::OrganisationRow> OrganisationsOffered(storage::CaseStore& store) {
  auto all = store.Organisations();
  std::erase_if(all, [](const auto& o) { return !o.active; });
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return all;
}

core::Result<ImportReport> RecordReferralChoiceAs(Services& s, const Actor& actor,
                                                  const ReferralChoice& choice) {
  if (!MayRecordCaseEvent(actor.user, CaseEventKind::kPerson))
    return core::PermissionDenied(CaseEventRefusal(actor.user));
  if (const auto row = CaseFor(s, actor, choice.crime, "event"); !row) return row.error();
  if (choice.organisation.empty()) return core::InvalidArgument("Organisation: choose one");
  const auto listed = s.cases.Organisations();
  const auto organisation = std::find_if(listed.begin(), listed.end(), [&](const auto& o) {
    return o.id == choice.organisation && (o.active || !choice.consented);
  });
  if (organisation == listed.end()) {
    return core::InvalidArgument(
        fmt::format("organisation: \"{}\" is not one the force refers to", choice.organisation));
  }
  const auto people = s.cases.CasePeople(choice.crime);
  if (std::none_of(people.begin(), people.end(),
                   [&](const auto& p) { return p.person == choice.person; })) {
    return core::InvalidArgument(
        fmt::format("person: \"{}\" is not on case {}", choice.person, choice.crime));
  }
  const std::string type = choice.consented ? "referral.consented" : "referral.opted_out";
  const nlohmann::json line = {
      {"id", NewStaffEventId()},    {"type", type},
      {"crime", choice.crime},      {"at", events::FormatInstant(s.Now() / 1000 * 1000)},
      {"person", choice.person},    {"to", choice.organisation},
      {"by", StaffIdOf(actor.user)}};
  return RecordCaseEventAs(s, actor, choice.crime, line.dump(), CaseEventKind::kPerson,
                           fmt::format("{} {} {}", type, choice.person, choice.organisation));
}

}  // namespace cf::app

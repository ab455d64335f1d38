#pragma once
// Referrals to organisations other than Victim Support (Women's Aid, Citizens Advice, local
// services): the force lists them (admins, at /admin/organisations or with `citizenfocus
// organisations save`), and an officer records, for each person, whether they agree to be
// referred to each one. Consent to one organisation is never consent to another, nor to Victim
// Support; no Code duty stands behind these referrals, so they have no deadline. The feed
// (app/referrals.hpp) sends each consented referral once, to that organisation's own feed.

#include <string>
#include <vector>

#include "app/import.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

// Adds or changes an organisation (by its id) as an admin (kPermissionDenied otherwise).
// kInvalidArgument with one problem per field in `problems` and nothing saved: the id's shape
// (and not victim_support), a name of 1 to 100 characters, what it offers up to 200. Returns
// whether anything changed; a change is audited as saved_organisation.
core::Result<bool> SaveOrganisationAs(Services& s, const Actor& actor,
                                      storage::OrganisationRow organisation,
                                      std::vector<std::string>& problems);

// The organisations offered on a case's page: those listed and not withdrawn, by name.
std::vector<storage::OrganisationRow> OrganisationsOffered(storage::CaseStore& store);

struct ReferralChoice {
  std::string crime;
  std::string person;
  std::string organisation;  // a listed organisation's id
  bool consented = false;    // false: they do not want to be referred to it
};

// Records a person's choice (referral.consented or referral.opted_out, `to` the organisation)
// on a case the actor may see, if they may record what is about a person (kPermissionDenied
// first, whatever the case): through RecordCaseEventAs, audited as recorded_event.
// kInvalidArgument: no organisation chosen, the person is not on the case, or the organisation
// is not listed (consent to a withdrawn one is refused; an opt-out is not).
core::Result<ImportReport> RecordReferralChoiceAs(Services& s, const Actor& actor,
                                                  const ReferralChoice& choice);

}  // namespace cf::app

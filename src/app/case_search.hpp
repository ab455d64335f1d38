#pragma once
// Finding a case by its reference or by a person on it (name, phone, email, postcode), for the
// roles that see people (app::MaySeePeople), among the cases each may see. Audited as searched.

#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

struct FoundCase {
  storage::CaseRow row;
  std::string names;  // "Ann Smith (victim); ..." for the people on it with a name
  std::vector<storage::PersonRow> people;  // those with a name, with birth date and postcode
};

struct FoundCases {
  std::vector<FoundCase> cases;  // at most the limit asked for
  // More cases matched than are listed, or may have: the store's matches were cut before
  // those the actor may not see were passed over.
  bool more = false;
};

// At most `limit` cases matching `text` (as CaseStore::SearchCases: several words, each must
// match one person) that the actor may see.
// kPermissionDenied for roles that do not see people. Audited as searched, with the number
// listed.
core::Result<FoundCases> SearchCasesAs(Services& s, const Actor& actor, const std::string& text,
                                       size_t limit);

}  // namespace cf::app

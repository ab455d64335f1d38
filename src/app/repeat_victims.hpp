#pragma once
// Repeat victims (issue 17): victims on different crimes who look like one person, suggested
// with the evidence for each match and a score, for a supervisor to confirm or reject. Never
// merged: a suggestion changes nothing on either case.
//
// Each victim's details as corrected (app::CurrentDetails) are normalised: the name in lower
// case with letters only, the date of birth, each phone number's digits (+44 and 0044 read as
// 0, a "(0)" after them dropped), the email in lower case, the postcode without spaces, and the
// address's first line with the postcode. Pairs that share any of these are scored by the evidence
// they share:
// - the same name and date of birth 0.95; the same name and a phone 0.9; the same name and
//   address 0.85; the same name and email 0.85; the same surname, date of birth and a contact
//   0.85; the same name and postcode 0.6; the same surname and date of birth 0.6; a contact
//   with nothing else 0.3;
// - each further piece of evidence closes half the remaining gap to 1;
// - dates of birth that differ, or first names or surnames that differ, make them two people
//   (a household shares its phone, email and address): the score falls to a tenth.
// A phone number, email or address held by more than kSharedContact people (by name: one
// person on many crimes is one) is a switchboard, a refuge or a care home: it is no evidence.
// Victims on one crime are never paired.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

inline constexpr double kRepeatVictimMinScore = 0.8;
inline constexpr size_t kSharedContact = 5;

struct VictimRef {
  std::string crime;
  std::string person;
};

struct RepeatVictimMatch {
  VictimRef a;  // the earlier crime (by reference), then person
  VictimRef b;
  double score = 0;
  std::vector<std::string> evidence;  // "same name and date of birth", "same mobile phone"
};

// The suggested matches scoring at least `min_score`, highest first, then by crime and person.
std::vector<RepeatVictimMatch> SuggestRepeatVictims(Services& s,
                                                    double min_score = kRepeatVictimMinScore);

// Finds the suggestions across the force and stores them in place of the last set, in one
// transaction, for the case page, the queue and the bureau (the worker runs it hourly; the
// CLI's `repeat-victims --store` on demand). Returns how many were stored.
size_t RefreshRepeatVictims(Services& s);

// One victim of a case matched with a victim on another crime: as suggested by the latest
// refresh, and as a supervisor decided (a decided pair stays, whatever later refreshes find).
struct RepeatVictimLink {
  VictimRef other;
  std::optional<core::Date> other_recorded;  // when the other crime was recorded
  double score = 0;
  std::string evidence;
  std::optional<storage::RepeatVictimDecision> decision;  // none: a suggestion
  bool Rejected() const { return decision && !decision->same_person; }
};
struct RepeatVictimOf {
  std::string person;
  std::vector<RepeatVictimLink> links;  // highest score first; rejected ones last
  // This crime and the other crimes (of links not rejected) recorded in the 12 months up to
  // the day this one was: "repeat victim: 3 crimes in 12 months" when 2 or more.
  int crimes_in_year = 1;
};
// The victims of `crime` with suggested or decided matches, by person.
std::vector<RepeatVictimOf> RepeatVictimsOn(Services& s, const std::string& crime);
// The people of `crime` with a match not rejected, each true when a supervisor confirmed one
// (the queue's "Repeat victim" tag; "Possible repeat victim" until then).
std::map<std::string, bool> RepeatVictimPeople(Services& s, const std::string& crime);

// A supervisor's decision that `x` and `y`, victims of two cases they may both see, are one
// person (`same_person`) or two. The pair must have been suggested: kNotFound otherwise (and
// for a case the actor may not see); kConflict when it was decided already (a decision is
// final: it may have flagged both people); kPermissionDenied for a role that may not decide;
// kInvalidArgument for a reason over 500 characters. Confirming flags both people repeat_victim in
// their cases' logs (person.flagged, which lifts the 2006 Code's exclusions) unless already
// flagged; nothing is merged. Audited as confirmed_repeat_victim or rejected_repeat_victim.
core::Status DecideRepeatVictimAs(Services& s, const Actor& actor, const VictimRef& x,
                                  const VictimRef& y, bool same_person, const std::string& reason);

}  // namespace cf::app

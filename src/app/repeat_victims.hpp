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
#include <string>
#include <vector>

#include "app/services.hpp"

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

}  // namespace cf::app

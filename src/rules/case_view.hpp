#pragma once
// Internal to cf_rules: one case's events put in the order the rules read them. Events are
// sorted by the moment they count as happening (an event before its crime's recording, or
// before its person was added, counts as happening then), ties in input order, and events
// dated after the as-of date are left out.

#include <string_view>
#include <vector>

#include "domain/case_file.hpp"

namespace cf::rules {

using core::Date;
using core::Instant;
using domain::CaseFile;
using domain::Event;

struct Item {
  const Event* e;
  Instant t;  // effective instant
  Date d;     // effective London date
};

struct PersonView {
  std::string_view id;
  domain::Role role = domain::Role::kVictim;
  const Item* added = nullptr;
  int represents = -1;                // index of the person represented, or -1
  std::vector<const Item*> own;       // events whose `person` is this person
  std::vector<const Item*> contacts;  // contact.made with this person or their representative
  // The person's start: the later of person.added and crime.recorded (a tie is the crime).
  const Item* start = nullptr;
};

struct CaseView {
  const CaseFile* file = nullptr;
  std::vector<Item> items;
  const Item* recorded = nullptr;
  std::vector<PersonView> persons;
  std::vector<const Item*> closures;  // case.closed and case.reopened, in order

  int FindPerson(std::string_view id) const;
  // The date ages are counted on: the offence date, else the recording date.
  Date AgeDate() const;
};

// REQUIRES: file passed validation; `view` must not outlive `file`.
void BuildCaseView(const CaseFile& file, Date as_of, CaseView& view);

}  // namespace cf::rules

#pragma once
// A person's descriptive details (name, date of birth, address, phones, email, language,
// format), as person.added gives them and person.details_changed corrects them, and what the
// staff screens and the bureau's search make of them. Never read by the engine's rules.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace cf::domain {

struct PersonDetails {
  // Each: nullopt when the event does not give it; on a change, "" removes what was held.
  std::optional<std::string> title, given, family;
  std::optional<std::string> address, postcode, phone_home, phone_work, phone_mobile, email;
  std::optional<std::string> language;
  std::optional<std::string> format;  // standard, large_print or easy_read
  std::optional<core::Date> date_of_birth;
};

// A detail held as text, by its name in events.md.
struct DetailField {
  std::string_view name;
  std::optional<std::string> PersonDetails::*slot;
};
// The contact fields of person.added and person.details_changed ("contact": {...}).
std::span<const DetailField> ContactFields();
std::span<const std::string_view> ContactFieldNames();
// What person.details_changed's "remove" may name: the contact fields, then language.
std::span<const DetailField> RemovableDetails();
std::span<const std::string_view> RemovableDetailNames();
// The formats a letter may take.
std::span<const std::string_view> LetterFormatNames();

// `change` laid over `held`: each detail it gives replaces what was held.
void Overlay(PersonDetails& held, const PersonDetails& change);

// "Title Given Family", for staff screens.
std::string DisplayName(const PersonDetails& d);
// Lower-case name, phone numbers (digits only), email, postcode and date of birth (as
// ddmmyyyy and yyyymmdd) for the bureau's search.
std::string SearchText(const PersonDetails& d);

}  // namespace cf::domain

#include "domain/person_details.hpp"

#include <fmt/format.h>

#include <cctype>

namespace cf::domain {
namespace {

using P = PersonDetails;
constexpr DetailField kRemovable[] = {
    {"address", &P::address},           {"postcode", &P::postcode},
    {"phone_home", &P::phone_home},     {"phone_work", &P::phone_work},
    {"phone_mobile", &P::phone_mobile}, {"email", &P::email},
    {"language", &P::language}};
constexpr size_t kContactCount = 6;  // kRemovable's first six
constexpr std::string_view kRemovableNames[] = {
    "address", "postcode", "phone_home", "phone_work", "phone_mobile", "email", "language"};
constexpr std::string_view kFormats[] = {"standard", "large_print", "easy_read"};

}  // namespace

std::span<const DetailField> ContactFields() {
  return std::span<const DetailField>(kRemovable).first(kContactCount);
}
std::span<const std::string_view> ContactFieldNames() {
  return std::span<const std::string_view>(kRemovableNames).first(kContactCount);
}
std::span<const DetailField> RemovableDetails() { return kRemovable; }
std::span<const std::string_view> RemovableDetailNames() { return kRemovableNames; }
std::span<const std::string_view> LetterFormatNames() { return kFormats; }

void Overlay(PersonDetails& held, const PersonDetails& change) {
  for (const auto slot :
       {&P::title, &P::given, &P::family, &P::address, &P::postcode, &P::phone_home, &P::phone_work,
        &P::phone_mobile, &P::email, &P::language, &P::format}) {
    if (change.*slot) held.*slot = change.*slot;
  }
  if (change.date_of_birth) held.date_of_birth = change.date_of_birth;
}

std::string DisplayName(const PersonDetails& d) {
  std::string out;
  for (const auto* part : {&d.title, &d.given, &d.family}) {
    if (*part && !(*part)->empty()) out += (out.empty() ? "" : " ") + **part;
  }
  return out;
}

std::string SearchText(const PersonDetails& d) {
  std::string search = DisplayName(d);
  for (const auto* phone : {&d.phone_home, &d.phone_work, &d.phone_mobile}) {
    std::string digits;
    for (const char c : phone->value_or("")) {
      if (c >= '0' && c <= '9') digits += c;
    }
    if (!digits.empty()) search += " " + digits;
  }
  for (const auto* text : {&d.email, &d.postcode}) {
    if (*text && !(*text)->empty()) search += " " + **text;
  }
  // A date of birth is searched by its digits either way round: 12/03/1985 or 1985-03-12.
  if (d.date_of_birth) {
    const auto ymd = d.date_of_birth->ToYmd();
    search += fmt::format(" {:02}{:02}{:04} {:04}{:02}{:02}", ymd.day, ymd.month, ymd.year,
                          ymd.year, ymd.month, ymd.day);
  }
  for (char& c : search) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return search;
}

}  // namespace cf::domain

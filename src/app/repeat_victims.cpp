#include "app/repeat_victims.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "app/case_derivation.hpp"

namespace cf::app {
namespace {

struct Victim {
  VictimRef ref;
  std::string given, family, name;  // letters only, lower case; name: "given family"
  std::optional<core::Date> dob;
  std::vector<std::string> phones;  // digits, a leading +44 read as 0
  std::string email;                // lower case
  std::string postcode;             // upper case, no spaces
  std::string address;              // the first line's letters and digits, with the postcode
};

std::string LettersOnly(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c))
      out += static_cast<char>(std::tolower(c));
    else if (c >= 0x80)
      out += ch;  // a letter of another alphabet, byte by byte
  }
  return out;
}

std::string Phone(std::string_view text) {
  std::string digits;
  for (const char c : text)
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  // +44 and 0044, with or without the "(0)" some write after them, read as 0.
  if (digits.starts_with("0044")) digits.erase(0, 2);
  if (digits.starts_with("44") && digits.size() >= 12) {
    digits.erase(0, digits[2] == '0' ? 3 : 2);
    digits.insert(digits.begin(), '0');
  }
  return digits.size() >= 10 ? digits : "";
}

std::string Postcode(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string AddressKey(std::string_view address, const std::string& postcode) {
  const std::string_view first = address.substr(0, address.find(','));
  std::string line;
  for (const char c : first)
    if (std::isalnum(static_cast<unsigned char>(c)))
      line += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (line.empty()) return "";
  // Without a postcode, the rest of the address (the town) stands in for it.
  return line + "|" + (postcode.empty() ? LettersOnly(address.substr(first.size())) : postcode);
}

Victim VictimOf(const std::string& crime, const std::string& person,
                const domain::PersonDetails& d) {
  Victim v;
  v.ref = {crime, person};
  v.given = LettersOnly(d.given.value_or(""));
  v.family = LettersOnly(d.family.value_or(""));
  if (!v.given.empty() && !v.family.empty()) v.name = v.given + " " + v.family;
  v.dob = d.date_of_birth;
  for (const auto* phone : {&d.phone_mobile, &d.phone_home, &d.phone_work}) {
    const std::string p = Phone(phone->value_or(""));
    if (!p.empty() && std::find(v.phones.begin(), v.phones.end(), p) == v.phones.end())
      v.phones.push_back(p);
  }
  for (const char c : d.email.value_or(""))
    v.email += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  v.postcode = Postcode(d.postcode.value_or(""));
  v.address = AddressKey(d.address.value_or(""), v.postcode);
  return v;
}

std::vector<Victim> Victims(Services& s) {
  std::vector<Victim> out;
  for (const auto& crime : s.cases.CrimesWithEventsAfter({}, core::Date::FromYmd(1900, 1, 1))) {
    const auto file = ParseStoredCase(crime, s.cases.EventBodies(crime));
    for (const auto& e : file.events) {
      if (e.type != domain::EventType::kPersonAdded || e.role != domain::Role::kVictim) continue;
      const auto details = CurrentDetails(file, e.person);
      if (details) out.push_back(VictimOf(crime, e.person, *details));
    }
  }
  return out;
}

// What two victims share, scored (see the header).
std::optional<RepeatVictimMatch> Score(const Victim& x, const Victim& y,
                                       const std::set<std::string>& shared) {
  const bool same_name = !x.name.empty() && x.name == y.name;
  const bool same_family = !x.family.empty() && x.family == y.family;
  const bool same_dob = x.dob && y.dob && *x.dob == *y.dob;
  const bool dob_differs = x.dob && y.dob && *x.dob != *y.dob;
  const bool name_differs = (!x.given.empty() && !y.given.empty() && x.given != y.given) ||
                            (!x.family.empty() && !y.family.empty() && x.family != y.family);
  bool phone = false;
  for (const auto& p : x.phones)
    phone |=
        !shared.count("p:" + p) && std::find(y.phones.begin(), y.phones.end(), p) != y.phones.end();
  const bool email = !x.email.empty() && x.email == y.email && !shared.count("e:" + x.email);
  const bool address =
      !x.address.empty() && x.address == y.address && !shared.count("a:" + x.address);
  const bool postcode = !x.postcode.empty() && x.postcode == y.postcode;
  const bool contact = phone || email || address;

  // The strongest rule that applies, and how many pieces of evidence it takes.
  struct Rule {
    bool applies;
    double base;
    int used;
  };
  const Rule rules[] = {{same_name && same_dob, 0.95, 2},
                        {same_name && phone, 0.9, 2},
                        {same_name && (address || email), 0.85, 2},
                        {same_family && same_dob && contact, 0.85, 3},
                        {(same_name && postcode) || (same_family && same_dob), 0.6, 2},
                        {contact, 0.3, 1}};
  const Rule* rule =
      std::find_if(std::begin(rules), std::end(rules), [](const Rule& r) { return r.applies; });
  if (rule == std::end(rules)) return std::nullopt;
  const double base = rule->base;
  const int used = rule->used;

  RepeatVictimMatch m;
  if (same_name)
    m.evidence.emplace_back("same name");
  else if (same_family)
    m.evidence.emplace_back("same surname");
  if (same_dob) m.evidence.emplace_back("same date of birth");
  if (phone) m.evidence.emplace_back("same phone number");
  if (email) m.evidence.emplace_back("same email address");
  if (address)
    m.evidence.emplace_back("same address");
  else if (postcode)
    m.evidence.emplace_back("same postcode");
  double score = base;
  for (int extra = static_cast<int>(m.evidence.size()) - used; extra > 0; --extra)
    score = 1 - (1 - score) / 2;
  if (dob_differs) m.evidence.emplace_back("but dates of birth differ");
  if (name_differs) m.evidence.emplace_back("but names differ");
  if (dob_differs || name_differs) score /= 10;
  m.score = std::round(score * 1000) / 1000;
  const bool x_first = std::tie(x.ref.crime, x.ref.person) < std::tie(y.ref.crime, y.ref.person);
  m.a = x_first ? x.ref : y.ref;
  m.b = x_first ? y.ref : x.ref;
  return m;
}

}  // namespace

std::vector<RepeatVictimMatch> SuggestRepeatVictims(Services& s, double min_score) {
  const auto victims = Victims(s);
  // Blocks: victims sharing a key are compared; no other pair can score.
  std::unordered_map<std::string, std::vector<size_t>> blocks;
  for (size_t i = 0; i < victims.size(); ++i) {
    const Victim& v = victims[i];
    if (!v.name.empty() && v.dob) blocks["nd:" + v.name + v.dob->ToString()].push_back(i);
    if (!v.family.empty() && v.dob) blocks["fd:" + v.family + v.dob->ToString()].push_back(i);
    if (!v.name.empty() && !v.postcode.empty()) blocks["np:" + v.name + v.postcode].push_back(i);
    for (const auto& p : v.phones) blocks["p:" + p].push_back(i);
    if (!v.email.empty()) blocks["e:" + v.email].push_back(i);
    if (!v.address.empty()) blocks["a:" + v.address].push_back(i);
  }
  std::set<std::string> shared;  // contacts too common to tell anyone apart
  std::set<std::pair<size_t, size_t>> pairs;
  for (const auto& [key, members] : blocks) {
    const bool contact_key = key[0] == 'p' || key[0] == 'e' || key[0] == 'a';
    if (contact_key && members.size() > kSharedContact) {
      // Held by many people, not by one person on many crimes: who they are by name.
      std::set<std::string> people;
      for (const size_t i : members)
        people.insert(victims[i].name.empty() ? victims[i].family : victims[i].name);
      if (people.size() > kSharedContact) {
        shared.insert(key);
        continue;
      }
    }
    if (members.size() > 200) continue;  // a name and date of birth this common says nothing
    for (size_t i = 0; i < members.size(); ++i)
      for (size_t j = i + 1; j < members.size(); ++j)
        if (victims[members[i]].ref.crime != victims[members[j]].ref.crime)
          pairs.emplace(members[i], members[j]);
  }
  std::vector<RepeatVictimMatch> out;
  for (const auto& [i, j] : pairs) {
    auto m = Score(victims[i], victims[j], shared);
    if (m && m->score >= min_score) out.push_back(std::move(*m));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return std::tie(y.score, x.a.crime, x.a.person, x.b.crime, x.b.person) <
           std::tie(x.score, y.a.crime, y.a.person, y.b.crime, y.b.person);
  });
  return out;
}

}  // namespace cf::app

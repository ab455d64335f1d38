#include "app/repeat_victims.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/import.hpp"
#include "events/jsonl_writer.hpp"

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

namespace cf::app {
namespace {

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Whether `person` on `crime` is flagged repeat_victim already.
bool FlaggedRepeat(Services& s, const std::string& crime, const std::string& person) {
  const auto flags = PersonFlags(ParseStoredCase(crime, s.cases.EventBodies(crime)), person);
  return (flags.value_or(0) & domain::Bit(domain::PersonFlag::kRepeatVictim)) != 0;
}

}  // namespace

size_t RefreshRepeatVictims(Services& s) {
  std::vector<storage::RepeatVictimMatchRow> rows;
  for (const auto& m : SuggestRepeatVictims(s))
    rows.push_back({m.a.crime, m.a.person, m.b.crime, m.b.person, m.score, Joined(m.evidence)});
  storage::Transaction tx(s.cases);
  s.quality.ReplaceRepeatVictimMatches(rows, s.clock.NowUtc());
  tx.Commit();
  return rows.size();
}

std::vector<RepeatVictimOf> RepeatVictimsOn(Services& s, const std::string& crime) {
  std::map<std::string, std::map<std::pair<std::string, std::string>, RepeatVictimLink>> by_person;
  auto link_of = [&](const std::string& ca, const std::string& pa, const std::string& cb,
                     const std::string& pb) -> RepeatVictimLink& {
    const bool mine = ca == crime;
    auto& link = by_person[mine ? pa : pb][mine ? std::pair(cb, pb) : std::pair(ca, pa)];
    link.other = mine ? VictimRef{cb, pb} : VictimRef{ca, pa};
    return link;
  };
  for (const auto& m : s.quality.RepeatVictimMatches(crime)) {
    auto& link = link_of(m.crime_a, m.person_a, m.crime_b, m.person_b);
    link.score = m.score;
    link.evidence = m.evidence;
  }
  for (const auto& d : s.quality.RepeatVictimDecisions(crime)) {
    auto& link = link_of(d.crime_a, d.person_a, d.crime_b, d.person_b);
    if (link.evidence.empty()) {
      link.score = d.score;
      link.evidence = d.evidence;
    }
    link.decision = d;
  }
  // The 12 months up to the day this crime was recorded (none for a case not stored).
  const auto row = s.cases.FindCase(crime);
  const core::Date year_to = row ? row->recorded_on : core::Date::FromDays(0);
  const core::Date year_from = row ? year_to.AddDays(-365) : year_to.AddDays(1);
  std::vector<RepeatVictimOf> out;
  for (auto& [person, links] : by_person) {
    RepeatVictimOf v;
    v.person = person;
    std::set<std::string> in_year;
    for (auto& [key, link] : links) {
      if (const auto other = s.cases.FindCase(link.other.crime))
        link.other_recorded = other->recorded_on;
      if (!link.Rejected() && link.other_recorded && *link.other_recorded <= year_to &&
          *link.other_recorded > year_from)
        in_year.insert(link.other.crime);
      v.links.push_back(std::move(link));
    }
    v.crimes_in_year = 1 + static_cast<int>(in_year.size());
    std::stable_sort(v.links.begin(), v.links.end(), [](const auto& x, const auto& y) {
      return std::pair(x.Rejected(), -x.score) < std::pair(y.Rejected(), -y.score);
    });
    out.push_back(std::move(v));
  }
  return out;
}

std::map<std::string, bool> RepeatVictimPeople(Services& s, const std::string& crime) {
  std::map<std::string, bool> people;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> decided;
  for (const auto& d : s.quality.RepeatVictimDecisions(crime)) {
    decided.insert({d.crime_a, d.person_a, d.crime_b, d.person_b});
    if (d.same_person) people[d.crime_a == crime ? d.person_a : d.person_b] = true;
  }
  for (const auto& m : s.quality.RepeatVictimMatches(crime)) {
    if (decided.count({m.crime_a, m.person_a, m.crime_b, m.person_b})) continue;
    people.try_emplace(m.crime_a == crime ? m.person_a : m.person_b, false);
  }
  return people;
}

core::Status DecideRepeatVictimAs(Services& s, const Actor& actor, const VictimRef& x,
                                  const VictimRef& y, bool same_person, const std::string& reason) {
  if (!MayDecideRepeatVictims(actor.user))
    return core::PermissionDenied("only supervisors and admins confirm or reject repeat victims");
  if (reason.size() > 500) return core::InvalidArgument("reason: at most 500 characters");
  for (const auto* crime : {&x.crime, &y.crime}) {
    if (auto row = CaseFor(s, actor, *crime, "decide_repeat_victim"); !row) return row.error();
  }
  const bool x_first = std::tie(x.crime, x.person) < std::tie(y.crime, y.person);
  const VictimRef& a = x_first ? x : y;
  const VictimRef& b = x_first ? y : x;
  storage::RepeatVictimDecision d{a.crime,          a.person, b.crime, b.person,
                                  same_person,      0,        "",      StaffIdOf(actor.user),
                                  s.clock.NowUtc(), reason};
  bool known = false;
  for (const auto& m : s.quality.RepeatVictimMatches(x.crime)) {
    if (m.crime_a == a.crime && m.person_a == a.person && m.crime_b == b.crime &&
        m.person_b == b.person) {
      d.score = m.score;
      d.evidence = m.evidence;
      known = true;
    }
  }
  for (const auto& old : s.quality.RepeatVictimDecisions(x.crime)) {
    if (old.crime_a == a.crime && old.person_a == a.person && old.crime_b == b.crime &&
        old.person_b == b.person) {
      return core::Conflict(fmt::format(
          "{} on {} and {} on {} were decided already ({}, by {})", x.person, x.crime, y.person,
          y.crime, old.same_person ? "the same person" : "two people", old.decided_by));
    }
  }
  if (!known) {
    return core::NotFound(fmt::format("{} on {} and {} on {} are not a suggested match", x.person,
                                      x.crime, y.person, y.crime));
  }
  // Confirmed: both flagged repeat_victim, in their cases' logs, unless they are already.
  if (same_person) {
    std::string lines;
    for (const auto& [self, other] : {std::pair(a, b), std::pair(b, a)}) {
      if (FlaggedRepeat(s, self.crime, self.person)) continue;
      lines +=
          nlohmann::json{
              {"id", fmt::format("repeat:{}:{}:{}:{}:{}", a.crime, a.person, b.crime, b.person,
                                 self.crime == a.crime && self.person == a.person ? "a" : "b")},
              {"type", "person.flagged"},
              {"crime", self.crime},
              {"at", events::FormatInstant(s.Now() / 1000 * 1000)},
              {"person", self.person},
              {"flag", "repeat_victim"},
              {"reason", fmt::format("the same person as {} on crime {}, "
                                     "confirmed by {}",
                                     other.person, other.crime, StaffIdOf(actor.user))}}
              .dump() +
          "\n";
    }
    if (!lines.empty()) {
      ImportOptions options;
      options.source = "repeat_victims";
      options.now = events::FormatInstant(s.Now());
      const auto report = ImportJsonLines(s.cases, s.engine, s.library, lines, options);
      if (!report.written) {
        return core::InvalidArgument(fmt::format(
            "the repeat_victim flag could not be recorded: {}",
            report.errors.empty() ? std::string("not written") : report.errors[0].message));
      }
    }
  }
  {
    storage::Transaction tx(s.cases);
    s.quality.PutRepeatVictimDecision(d);
    tx.Commit();
  }
  AuditAs(s, actor, same_person ? "confirmed_repeat_victim" : "rejected_repeat_victim", x.crime,
          fmt::format("{} and {} on {}{}", x.person, y.person, y.crime,
                      reason.empty() ? "" : ": " + reason));
  return {};
}

}  // namespace cf::app

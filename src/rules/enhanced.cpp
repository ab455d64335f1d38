#include "rules/enhanced.hpp"

#include <fmt/format.h>

namespace cf::rules {

uint32_t PersonFlagsAt(const PersonView& p, Instant t, Date d, bool by_date) {
  uint32_t flags = p.added->e->person_flags;
  for (const Item* item : p.own) {
    if (by_date ? item->d > d : item->t > t) break;
    if (item->e->type == domain::EventType::kPersonFlagged) flags |= item->e->person_flags;
    if (item->e->type == domain::EventType::kPersonUnflagged) flags &= ~item->e->person_flags;
  }
  return flags;
}

namespace {

bool UnderAge(const CaseView& c, const PersonView& p, int age) {
  const auto& dob = p.added->e->date_of_birth;
  return age > 0 && dob && core::AgeOn(*dob, c.AgeDate()) < age;
}

}  // namespace

uint32_t CategoriesAt(const RuleSet& rs, const CaseView& c, const PersonView& p, Instant t, Date d,
                      bool by_date) {
  const uint32_t person_flags = PersonFlagsAt(p, t, d, by_date);
  const uint32_t crime_flags = c.recorded->e->crime_flags;
  uint32_t mask = 0;
  for (size_t i = 0; i < rs.enhanced.size(); ++i) {
    const auto& cat = rs.enhanced[i];
    if ((cat.roles & domain::Bit(p.role)) || (cat.crime_flags & crime_flags) ||
        (cat.person_flags & person_flags) || UnderAge(c, p, cat.under_age)) {
      mask |= 1u << i;
    }
  }
  return mask;
}

std::vector<std::string> CategoryReasons(const RuleSet& rs, const CaseView& c, const PersonView& p,
                                         uint32_t mask, Instant t) {
  std::vector<std::string> out;
  const uint32_t person_flags = PersonFlagsAt(p, t, Date{}, false);
  const uint32_t crime_flags = c.recorded->e->crime_flags;
  for (size_t i = 0; i < rs.enhanced.size(); ++i) {
    if (!(mask & (1u << i))) continue;
    const auto& cat = rs.enhanced[i];
    std::vector<std::string> why;
    if (cat.roles & domain::Bit(p.role))
      why.push_back(fmt::format("role {}", domain::Name(p.role)));
    for (int f = 0; f < domain::kCrimeFlagCount; ++f) {
      if (cat.crime_flags & crime_flags & (1u << f)) {
        why.push_back(
            fmt::format("crime flagged {}", domain::Name(static_cast<domain::CrimeFlag>(f))));
      }
    }
    for (int f = 0; f < domain::kPersonFlagCount; ++f) {
      if (cat.person_flags & person_flags & (1u << f)) {
        why.push_back(fmt::format("flagged {}", domain::Name(static_cast<domain::PersonFlag>(f))));
      }
    }
    if (UnderAge(c, p, cat.under_age)) {
      why.push_back(fmt::format("under {} on {} (born {})", cat.under_age, c.AgeDate().ToString(),
                                p.added->e->date_of_birth->ToString()));
    }
    std::string joined;
    for (const auto& w : why) joined += (joined.empty() ? "" : ", ") + w;
    out.push_back(fmt::format("{}: {} [{}]", cat.label, joined, cat.source));
  }
  return out;
}

}  // namespace cf::rules

#include "synth/force_generator.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cf::synth {
namespace {

using domain::CaseOutcome;
using domain::Channel;
using domain::ContactOutcome;
using domain::CrimeFlag;
using domain::Event;
using domain::EventType;
using domain::PersonFlag;
using domain::Role;

constexpr int64_t kHour = int64_t{3600} * 1000;
constexpr int64_t kDay = 24 * kHour;

// data.police.uk categories with shares of recorded crime (England and Wales, rounded).
struct CrimeTypeShare {
  const char* name;
  int per_mille;
  bool has_victim;
};
constexpr CrimeTypeShare kCrimeTypes[] = {
    {"Violence and sexual offences", 330, true},
    {"Other theft", 100, true},
    {"Criminal damage and arson", 95, true},
    {"Public order", 90, false},
    {"Shoplifting", 90, true},
    {"Vehicle crime", 80, true},
    {"Burglary", 65, true},
    {"Drugs", 35, false},
    {"Other crime", 25, true},
    {"Robbery", 20, true},
    {"Theft from the person", 20, true},
    {"Bicycle theft", 20, true},
    {"Possession of weapons", 30, false},
};

constexpr const char* kTitles[] = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Mx"};
constexpr const char* kGiven[] = {"Ann",   "Tom",   "Priya", "Sam",    "Jo",    "Lee",
                                  "Aisha", "Owen",  "Zofia", "Dafydd", "Grace", "Imran",
                                  "Chloe", "Kwame", "Megan", "Tariq"};
constexpr const char* kFamily[] = {"Patel", "Reed",  "Okoro", "Wong",   "Jones", "Evans",
                                   "Khan",  "Smith", "Nowak", "Hughes", "Ali",   "Davies",
                                   "Brown", "Lewis", "Begum", "Taylor"};
constexpr const char* kUnits[] = {"N1", "N2", "S1", "S2", "E1", "W1", "W2", "C1"};
// Made-up addresses in real-format postcodes: a street, and a town with its outward code.
constexpr const char* kStreets[] = {
    "Mill Lane", "High Street",     "Church Road",      "Station Road", "Park Avenue",
    "Bryn Road", "Victoria Street", "Heol y Frenhines", "Ash Grove",    "Chapel Street"};
struct Town {
  const char* name;
  const char* outward;
};
constexpr Town kTowns[] = {{"Caernarfon", "LL55"}, {"Bangor", "LL57"},   {"Wrexham", "LL11"},
                           {"Cardiff", "CF10"},    {"Swansea", "SA1"},   {"Newport", "NP20"},
                           {"Chester", "CH1"},     {"Manchester", "M1"}, {"Leeds", "LS2"},
                           {"Birmingham", "B15"}};
// The letters an inward code may end with (not C, I, K, M, O or V).
constexpr std::string_view kInwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class CaseBuilder {
 public:
  CaseBuilder(std::string crime, core::Instant horizon)
      : crime_(std::move(crime)), horizon_(horizon) {}

  Event& Add(EventType type, core::Instant at, std::string extras = {}) {
    Event e;
    e.id = fmt::format("{}-{}", crime_, events_.size() + 1);
    e.type = type;
    e.at = at;
    events_.push_back({std::move(e), std::move(extras), order_++});
    return events_.back().event;
  }

  // Orders the events by time (creation order on ties), drops what lies past the horizon,
  // and numbers them.
  void Finish(SyntheticCase& out, core::LondonDates& london) {
    // Nothing happens before the crime is recorded, or to a person before they are added.
    const core::Instant recorded = events_.front().event.at;
    for (auto& p : events_) {
      p.event.at = std::max(p.event.at, recorded);
      if (p.event.person.empty() || p.event.type == EventType::kPersonAdded) continue;
      for (const auto& q : events_) {
        if (q.event.type == EventType::kPersonAdded && q.event.person == p.event.person) {
          p.event.at = std::max(p.event.at, q.event.at);
        }
      }
    }
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Pending& a, const Pending& b) { return a.event.at < b.event.at; });
    out.file.crime = crime_;
    out.file.events.clear();
    out.extras.clear();
    for (auto& p : events_) {
      if (p.event.at > horizon_) continue;
      p.event.date = london.DateOf(p.event.at);
      p.event.line = static_cast<int>(out.file.events.size()) + 1;
      out.file.events.push_back(std::move(p.event));
      out.extras.push_back(std::move(p.extras));
    }
  }

 private:
  struct Pending {
    Event event;
    std::string extras;
    int order;
  };
  std::string crime_;
  core::Instant horizon_;
  std::vector<Pending> events_;
  int order_ = 0;
};

}  // namespace

ForceGenerator::ForceGenerator(const ForceSpec& spec) : spec_(spec), rng_(spec.seed) {
  spec_.units = std::clamp(spec_.units, 1, 999);
  spec_.officers_per_unit = std::max(1, spec_.officers_per_unit);
}

// Named units for small forces (demos), numbered ones beyond.
namespace {
std::string UnitCode(int unit) {
  return unit < static_cast<int>(std::size(kUnits)) ? kUnits[unit] : fmt::format("U{:03}", unit);
}
}  // namespace

std::vector<std::string> ForceGenerator::Units() const {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(spec_.units));
  for (int u = 0; u < spec_.units; ++u) out.push_back(UnitCode(u));
  return out;
}

std::string ForceGenerator::OfficerOf(int unit, int index) const {
  return spec_.units <= static_cast<int>(std::size(kUnits)) && spec_.officers_per_unit <= 100
             ? fmt::format("PC{}", 1000 + unit * 100 + index)
             : fmt::format("{}-{:03}", UnitCode(unit), index);
}

bool ForceGenerator::Next(SyntheticCase& out) {
  if (produced_ >= spec_.crimes) return false;
  static thread_local core::LondonDates london;
  const size_t serial = ++produced_;
  const int32_t span = std::max(1, spec_.to.days() - spec_.from.days() + 1);
  const core::Date recorded_date = spec_.from.AddDays(static_cast<int32_t>(Below(span)));
  const core::Instant horizon = (static_cast<int64_t>(spec_.to.days()) + 1) * kDay - kHour - 1;
  const core::Instant recorded = static_cast<int64_t>(recorded_date.days()) * kDay +
                                 static_cast<int64_t>(7 + Below(14)) * kHour +
                                 static_cast<int64_t>(Below(60)) * 60000;
  const int unit = static_cast<int>(Below(spec_.units));
  const int officer_index = static_cast<int>(Below(spec_.officers_per_unit));
  const std::string officer = OfficerOf(unit, officer_index);
  CaseBuilder b(fmt::format("{}/{:07}/{:02}", 10 + unit, serial, recorded_date.year() % 100),
                horizon);

  // Crime type and flags.
  int roll = static_cast<int>(Below(1000));
  const CrimeTypeShare* type = &kCrimeTypes[0];
  for (const auto& t : kCrimeTypes) {
    if (roll < t.per_mille) {
      type = &t;
      break;
    }
    roll -= t.per_mille;
  }
  const std::string_view type_name = type->name;
  const bool violence = type_name == "Violence and sexual offences";
  Event& rec = b.Add(EventType::kCrimeRecorded, recorded);
  rec.crime_type = type->name;
  rec.unit = UnitCode(unit);
  rec.officer = officer;
  if (violence) {
    if (Chance(0.25)) rec.crime_flags |= domain::Bit(CrimeFlag::kDomesticAbuse);
    if (Chance(0.07)) rec.crime_flags |= domain::Bit(CrimeFlag::kSexualOffence);
    if (Chance(0.03)) rec.crime_flags |= domain::Bit(CrimeFlag::kGbhWithIntent);
    if (Chance(0.05)) rec.crime_flags |= domain::Bit(CrimeFlag::kHarassmentStalking);
  }
  if ((violence || type_name == "Public order" || type_name == "Criminal damage and arson") &&
      Chance(0.03)) {
    rec.crime_flags |= domain::Bit(CrimeFlag::kHateCrime);
  }
  if (Chance(0.8)) rec.offence_date = recorded_date.AddDays(-static_cast<int32_t>(Below(4)));
  const uint32_t crime_flags = rec.crime_flags;

  // People.
  struct Person {
    std::string id;
    Role role;
    bool minor;
  };
  std::vector<Person> people;
  auto add_person = [&](std::string id, Role role, core::Instant at,
                        const std::string& represents) {
    const int age = role == Role::kBusinessContact ? 30 + static_cast<int>(Below(30))
                    : Chance(0.04)                 ? 10 + static_cast<int>(Below(8))
                                                   : 18 + static_cast<int>(Below(70));
    const auto dob = recorded_date.AddDays(-age * 365 - static_cast<int32_t>(Below(365)));
    const char* title =
        age < 18 ? (Chance(0.5) ? "Miss" : "Mr") : kTitles[Below(std::size(kTitles))];
    const char* given = kGiven[Below(std::size(kGiven))];
    const char* family = kFamily[Below(std::size(kFamily))];
    // Most people have an address, a mobile and an email; some lack one or more of them.
    std::string contact;
    auto put = [&](const char* key, const std::string& value) {
      contact += fmt::format("{}{}:{}", contact.empty() ? "" : ",", Quote(key), Quote(value));
    };
    if (Chance(0.9)) {
      const Town& town = kTowns[Below(std::size(kTowns))];
      put("address", fmt::format("{} {}, {}", 1 + Below(120), kStreets[Below(std::size(kStreets))],
                                 town.name));
      put("postcode", fmt::format("{} {}{}{}", town.outward, Below(10),
                                  kInwardLetters[Below(kInwardLetters.size())],
                                  kInwardLetters[Below(kInwardLetters.size())]));
    }
    if (Chance(0.9)) put("phone_mobile", fmt::format("07700 9{:05}", Below(100000)));
    if (Chance(0.7)) put("email", fmt::format("{}.{}@example.org", given, family));
    const std::string extras =
        fmt::format(R"("name":{{"title":{},"given":{},"family":{}}},"contact":{{{}}})",
                    Quote(title), Quote(given), Quote(family), contact);
    Event& e = b.Add(EventType::kPersonAdded, at, extras);
    e.person = id;
    e.role = role;
    e.represents = represents;
    e.date_of_birth = dob;
    if (role == Role::kVictim) {
      if (Chance(0.05)) e.person_flags |= domain::Bit(PersonFlag::kVulnerable);
      if (Chance(0.03)) e.person_flags |= domain::Bit(PersonFlag::kIntimidated);
      if (Chance(0.06)) e.person_flags |= domain::Bit(PersonFlag::kRepeatVictim);
      if (Chance(0.01)) e.person_flags |= domain::Bit(PersonFlag::kPersistentlyTargeted);
    }
    people.push_back({std::move(id), role, age < 18});
  };
  if (type->has_victim) {
    const Role role = type_name == "Shoplifting" ? Role::kBusinessContact : Role::kVictim;
    add_person("V1", role, recorded, "");
    if (role == Role::kVictim && Chance(0.05)) add_person("V2", Role::kVictim, recorded, "");
  }
  if (Chance(type->has_victim ? 0.2 : 0.5)) add_person("W1", Role::kWitness, recorded + kHour, "");
  const size_t principal = people.size();
  for (size_t i = 0; i < principal; ++i) {
    if (people[i].minor && people[i].role == Role::kVictim) {
      add_person(fmt::format("G{}", i + 1), Role::kParentGuardian, recorded + 2 * kHour,
                 people[i].id);
    }
  }

  // Case timeline.
  // This officer's habits: most are diligent, about one in ten struggles.
  const bool struggling = (unit * 7 + officer_index * 3) % 10 == 9;
  const double diligence = (struggling ? 0.5 : 0.86) + static_cast<double>(Below(13)) / 100.0;
  auto working_hours = [&](core::Instant day_start_plus) {
    return day_start_plus - day_start_plus % kDay + static_cast<int64_t>(8 + Below(10)) * kHour;
  };
  std::vector<std::pair<core::Instant, domain::DutyIndex>> to_tell;  // (when, duty)
  const auto duty = [](std::string_view id) { return *domain::ParseDutyId(id); };
  const bool screened_out =
      !violence && type_name != "Burglary" && type_name != "Robbery" && Chance(0.35);
  core::Instant closed_at = 0;
  CaseOutcome outcome = CaseOutcome::kNoSuspect;
  if (screened_out) {
    const core::Instant t = recorded + static_cast<int64_t>(Below(3)) * kDay + kHour;
    b.Add(EventType::kInvestigationNotPursued, t, R"("reason":"no lines of enquiry")");
    to_tell.emplace_back(t, duty("not_investigated"));
    closed_at = t + kHour;
  } else {
    core::Instant t = recorded;
    if (Chance(violence ? 0.45 : 0.2)) {
      t = working_hours(t + static_cast<int64_t>(Below(20)) * kDay);
      b.Add(EventType::kSuspectArrested, t, R"("suspect":"S1")");
      to_tell.emplace_back(t, duty("arrest"));
      if (Chance(0.8)) {
        t += 3 * kHour;
        b.Add(EventType::kSuspectInterviewed, t, R"("suspect":"S1")");
        to_tell.emplace_back(t, duty("interview"));
      }
      const uint64_t next = Below(100);
      t += 2 * kHour;
      if (next < 35) {
        b.Add(EventType::kSuspectBailed, t,
              R"("suspect":"S1","conditions":"not to contact the victim")");
        to_tell.emplace_back(t, duty("bail"));
        if (Chance(0.15)) {
          const core::Instant c = working_hours(t + static_cast<int64_t>(7 + Below(20)) * kDay);
          b.Add(EventType::kSuspectBailChanged, c,
                R"("suspect":"S1","conditions":"curfew lifted")");
          to_tell.emplace_back(c, duty("bail_changed"));
        }
        t = working_hours(t + static_cast<int64_t>(20 + Below(60)) * kDay);
      } else if (next < 60) {
        b.Add(EventType::kSuspectReleasedUnderInvestigation, t, R"("suspect":"S1")");
        to_tell.emplace_back(t, duty("released_under_investigation"));
        t = working_hours(t + static_cast<int64_t>(30 + Below(90)) * kDay);
      }
      const uint64_t decision = Below(100);
      if (decision < 45) {
        b.Add(EventType::kSuspectCharged, t, R"("suspect":"S1","charges":"as recorded")");
        to_tell.emplace_back(t, duty("charge"));
        const core::Instant h = t + kDay;
        b.Add(EventType::kCourtHearingSet, h,
              R"("court":"Magistrates' Court","hearing_at":"in 4 weeks")");
        to_tell.emplace_back(h, duty("first_hearing"));
        outcome = CaseOutcome::kCharged;
      } else if (decision < 60) {
        b.Add(EventType::kSuspectOutOfCourtDisposal, t, R"("suspect":"S1","disposal":"caution")");
        to_tell.emplace_back(t, duty("out_of_court_disposal"));
        outcome = CaseOutcome::kOther;
      } else if (decision < 80) {
        Event& e = b.Add(EventType::kDecisionNoCharge, t,
                         R"("suspect":"S1","reason":"insufficient evidence")");
        e.vrr_eligible = true;
        to_tell.emplace_back(t, duty("no_charge"));
        outcome = CaseOutcome::kEvidentialDifficulties;
      } else {
        b.Add(EventType::kSuspectReleasedNfa, t, R"("suspect":"S1")");
        to_tell.emplace_back(t, duty("released_nfa"));
        outcome = CaseOutcome::kEvidentialDifficulties;
      }
      closed_at = t + static_cast<int64_t>(1 + Below(10)) * kDay;
    } else {
      closed_at = recorded + static_cast<int64_t>(10 + Below(120)) * kDay;
      outcome = Chance(0.8) ? CaseOutcome::kNoSuspect : CaseOutcome::kVictimWithdrew;
    }
  }
  if (Chance(0.85)) {
    Event& c = b.Add(EventType::kCaseClosed, closed_at, R"("reason":"investigation complete")");
    c.outcome = outcome;
    if (outcome != CaseOutcome::kCharged) to_tell.emplace_back(closed_at, duty("closure"));
  } else {
    closed_at = 0;
  }

  // What the officer does for each person owed something.
  for (size_t i = 0; i < principal; ++i) {
    const Person& p = people[i];
    std::string contact_as = p.id;
    for (const auto& rep : people) {
      if (rep.role == Role::kParentGuardian && rep.id == fmt::format("G{}", i + 1))
        contact_as = rep.id;
    }
    auto contact = [&](core::Instant at, domain::DutyMask covers, ContactOutcome result,
                       Channel channel) {
      Event& e = b.Add(EventType::kContactMade, at, R"("summary":"update given")");
      e.person = contact_as;
      e.contact_outcome = result;
      e.channel = channel;
      e.covers = covers;
    };
    const core::Instant added =
        recorded + (p.role == Role::kWitness ? kHour : 0) + int64_t{5} * 60000;
    if (p.role != Role::kWitness) {
      if (Chance(0.8)) {
        // Some say a channel is not safe: post read by someone else at home, a shared phone.
        const bool abuse = (crime_flags & domain::Bit(CrimeFlag::kDomesticAbuse)) != 0;
        const char* unsafe = abuse && Chance(0.5)
                                 ? R"("safe_to_contact":{"letter":false,"email":false})"
                             : Chance(0.04) ? R"("safe_to_contact":{"sms":false})"
                                            : "";
        Event& c = b.Add(EventType::kContractAgreed, added, unsafe);
        c.person = p.id;
        c.wants_updates = !Chance(0.06);
        const int freqs[] = {7, 14, 28, 28, 28, 30};
        c.frequency_days = freqs[Below(std::size(freqs))];
      }
      if (Chance(diligence + 0.15)) {
        Event& leaflet = b.Add(EventType::kInformationGiven,
                               working_hours(recorded + static_cast<int64_t>(Below(8)) * kDay));
        leaflet.person = p.id;
        leaflet.item = domain::InfoItem::kVictimsOfCrimeLeaflet;
      }
      const bool consent_needed = crime_flags & (domain::Bit(CrimeFlag::kDomesticAbuse) |
                                                 domain::Bit(CrimeFlag::kSexualOffence));
      core::Instant referral_from = recorded;
      if (consent_needed) {
        referral_from = working_hours(recorded + static_cast<int64_t>(Below(3)) * kDay);
        if (Chance(0.6)) {
          Event& e = b.Add(EventType::kReferralConsented, referral_from);
          e.person = p.id;
        } else {
          referral_from = 0;
        }
      }
      if (referral_from != 0) {
        if (Chance(0.1)) {
          Event& e = b.Add(EventType::kReferralOptedOut, referral_from + kHour);
          e.person = p.id;
        } else if (Chance(diligence + 0.2)) {
          Event& e = b.Add(EventType::kReferralSent,
                           working_hours(referral_from + static_cast<int64_t>(Below(4)) * kDay));
          e.person = p.id;
        }
      }
    }
    // Telling them about each development: most on time, some late, some never.
    for (const auto& [when, d] : to_tell) {
      if (p.role == Role::kWitness &&
          (d == duty("arrest") || d == duty("interview") || d == duty("not_investigated"))) {
        continue;
      }
      if (!Chance(diligence + 0.1)) continue;
      const int64_t delay_days =
          Chance(diligence) ? static_cast<int64_t>(Below(2)) : 3 + static_cast<int64_t>(Below(10));
      core::Instant at = working_hours(when + delay_days * kDay);
      if (at < when) at = when + kHour;
      if (Chance(0.08)) {
        contact(at, 0, Chance(0.5) ? ContactOutcome::kLeftMessage : ContactOutcome::kNoAnswer,
                Channel::kPhone);
        at += kDay;
      }
      contact(at, Chance(0.5) ? domain::DutyMask{1} << d : 0, ContactOutcome::kSpoke,
              Channel::kPhone);
    }
    // Periodic updates while the case is open.
    if (p.role != Role::kWitness) {
      const core::Instant end = closed_at != 0 ? closed_at : horizon;
      const int64_t gap = static_cast<int64_t>(struggling ? 24 + Below(20) : 12 + Below(12)) * kDay;
      for (core::Instant at = recorded + gap; at < end;
           at += gap + static_cast<int64_t>(Below(7)) * kDay) {
        if (!Chance(diligence)) continue;
        const Channel channel = static_cast<Channel>(Below(4));
        const ContactOutcome results[] = {ContactOutcome::kSpoke, ContactOutcome::kSmsSent,
                                          ContactOutcome::kEmailSent, ContactOutcome::kLetterSent};
        contact(working_hours(at), 0, results[static_cast<int>(channel)], channel);
      }
    }
  }
  b.Finish(out, london);
  return true;
}

}  // namespace cf::synth

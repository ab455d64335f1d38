// Repeat victims (app/repeat_victims.hpp) on a generated force with planted repeats: the same
// victims recorded again on new crimes, their details written as people write them (capitals
// and spaces, +44 numbers, postcodes without the space, details missing), beside planted
// households (the same address, phone and email, another person). Precision and recall are
// printed; both must be at least 0.95.
#include "app/repeat_victims.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "app/case_derivation.hpp"
#include "app/import.hpp"
#include "calendar/calendar_loader.hpp"
#include "events/jsonl_writer.hpp"
#include "storage/memory/memory_store.hpp"
#include "support/memory_services.hpp"
#include "synth/force_generator.hpp"

namespace cf::app {
namespace {

using json = nlohmann::json;
using Pair = std::pair<std::pair<std::string, std::string>, std::pair<std::string, std::string>>;

Pair Ordered(const std::pair<std::string, std::string>& x,
             const std::pair<std::string, std::string>& y) {
  return x < y ? Pair{x, y} : Pair{y, x};
}

class RepeatVictims : public MemoryServicesTest {
 protected:
  RepeatVictims() : MemoryServicesTest(*core::ParseRfc3339("2025-01-31T12:00:00Z")) {}
  void Import(const std::string& lines) {
    ImportOptions options;
    options.source = "test";
    options.now = "2025-01-31T12:00:00Z";
    const auto report = ImportJsonLines(s_.cases, s_.engine, s_.library, lines, options);
    ASSERT_TRUE(report.written) << (report.errors.empty() ? "" : report.errors[0].message);
  }
  // A new crime with one victim added with `name` and `extra` (date_of_birth, contact).
  static std::string NewCrime(const std::string& crime, const json& name, const json& extra) {
    json recorded = {{"id", crime + "-r"},       {"type", "crime.recorded"},
                     {"crime", crime},           {"at", "2024-12-20T10:00:00Z"},
                     {"crime_type", "Burglary"}, {"unit", "N1"},
                     {"officer", "PC1"}};
    json added = {{"id", crime + "-v"}, {"type", "person.added"},
                  {"crime", crime},     {"at", "2024-12-20T10:00:00Z"},
                  {"person", "V1"},     {"role", "victim"},
                  {"name", name}};
    for (const auto& [key, value] : extra.items()) added[key] = value;
    return recorded.dump() + "\n" + added.dump() + "\n";
  }
};

TEST_F(RepeatVictims, PlantedRepeatsAreFoundAndHouseholdsAreNotWithPrecisionAndRecallOver95) {
  synth::ForceSpec spec;
  spec.seed = 17;
  spec.crimes = 1500;
  spec.from = core::Date::FromYmd(2024, 1, 1);
  spec.to = core::Date::FromYmd(2024, 11, 30);
  synth::ForceGenerator generator(spec);
  synth::SyntheticCase c;
  std::string lines;
  std::vector<json> victims;  // the generated victims' person.added, as written
  while (generator.Next(c)) {
    for (size_t i = 0; i < c.file.events.size(); ++i) {
      const std::string line = events::ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]);
      lines += line + "\n";
      const json e = json::parse(line);
      if (e["type"] == "person.added" && e["role"] == "victim" && e.contains("date_of_birth"))
        victims.push_back(e);
    }
  }
  ASSERT_NO_FATAL_FAILURE(Import(lines));
  ASSERT_GT(victims.size(), 1000u);

  std::mt19937_64 rng(2026);
  std::shuffle(victims.begin(), victims.end(), rng);
  std::set<Pair> planted;
  std::string more;
  const auto contact = [](const json& v, const char* key) {
    return v.contains("contact") && v["contact"].contains(key)
               ? v["contact"][key].get<std::string>()
               : std::string();
  };
  // 160 repeats, four ways of writing a person again.
  for (size_t k = 0; k < 160; ++k) {
    const json& v = victims[k];
    const std::string crime = fmt::format("RV/{}/24", k);
    const std::string given = v["name"]["given"];
    const std::string family = v["name"]["family"];
    const std::string phone = contact(v, "phone_mobile");
    const std::string address = contact(v, "address"), postcode = contact(v, "postcode");
    json name = v["name"], extra = json::object();
    switch (k % 4) {
      case 0:  // as before
        extra = {{"date_of_birth", v["date_of_birth"]}};
        if (v.contains("contact")) extra["contact"] = v["contact"];
        break;
      case 1: {  // capitals and spaces, and the date of birth only
        std::string upper = family;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        name = {{"given", " " + given + " "}, {"family", upper}};
        extra = {{"date_of_birth", v["date_of_birth"]}};
        break;
      }
      case 2:  // the name and the mobile as +44, no date of birth
        if (phone.starts_with("07")) {
          extra = {{"contact", {{"phone_mobile", "+44 " + phone.substr(1)}}}};
        } else {
          extra = {{"date_of_birth", v["date_of_birth"]}};
        }
        break;
      default:  // the surname, date of birth and address, the postcode without its space
        name = {{"family", family}};
        extra = {{"date_of_birth", v["date_of_birth"]}};
        if (!address.empty()) {
          std::string tight = postcode;
          tight.erase(std::remove(tight.begin(), tight.end(), ' '), tight.end());
          extra["contact"] = {{"address", address}, {"postcode", tight}};
        } else if (!phone.empty()) {
          extra["contact"] = {{"phone_mobile", phone}};
        }
        break;
    }
    more += NewCrime(crime, name, extra);
    planted.insert(
        Ordered({v["crime"].get<std::string>(), v["person"].get<std::string>()}, {crime, "V1"}));
  }
  // 90 households: another person at the same address, phone and email: a partner or child
  // with the surname (born another day, or no date of birth given), or a lodger without it.
  for (size_t k = 160; k < 250; ++k) {
    const json& v = victims[k];
    const std::string family = v["name"]["family"];
    // A first name no one else in the force has ("Bayla", "Cayla", ...), so that two
    // households are never one person on paper either.
    const std::string other =
        std::string(1, static_cast<char>('A' + k % 26)) + "ayl" + static_cast<char>('a' + k / 26);
    json name = {{"given", other},
                 {"family", k % 3 == 2 ? (family == "Okafor" ? "Nowak" : "Okafor") : family}};
    json extra = json::object();
    if (k % 3 == 0)
      extra["date_of_birth"] =
          core::Date::FromYmd(1950, 1, 1).AddDays(static_cast<int>(k)).ToString();
    if (v.contains("contact")) extra["contact"] = v["contact"];
    more += NewCrime(fmt::format("HH/{}/24", k), name, extra);
  }
  ASSERT_NO_FATAL_FAILURE(Import(more));

  const auto matches = SuggestRepeatVictims(s_);
  size_t found = 0;
  for (const auto& m : matches) {
    EXPECT_GE(m.score, kRepeatVictimMinScore);
    EXPECT_FALSE(m.evidence.empty());
    found += planted.count(Ordered({m.a.crime, m.a.person}, {m.b.crime, m.b.person}));
  }
  const double precision =
      matches.empty() ? 0 : static_cast<double>(found) / static_cast<double>(matches.size());
  const double recall = static_cast<double>(found) / static_cast<double>(planted.size());
  std::cout << fmt::format(
      "repeat victims: {} suggested, {} of {} planted found: precision {:.3f}, recall {:.3f}\n",
      matches.size(), found, planted.size(), precision, recall);
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
  for (const auto& m : matches) {
    if (!planted.count(Ordered({m.a.crime, m.a.person}, {m.b.crime, m.b.person}))) {
      std::string evidence;
      for (const auto& e : m.evidence) evidence += e + "; ";
      std::cout << fmt::format("  not planted: {} {} ~ {} {} {:.3f} {}\n", m.a.crime, m.a.person,
                               m.b.crime, m.b.person, m.score, evidence);
    }
  }
}

TEST_F(RepeatVictims, EvidenceIsScoredAndOneHouseholdIsNotOnePerson) {
  const json dob = {{"date_of_birth", "1980-05-01"}};
  ASSERT_NO_FATAL_FAILURE(Import(NewCrime("A/1", {{"given", "Nia"}, {"family", "Hughes"}},
                                          {{"date_of_birth", "1980-05-01"},
                                           {"contact",
                                            {{"phone_mobile", "07700 900123"},
                                             {"email", "nia@example.org"},
                                             {"address", "2 Oak Road, Leeds"},
                                             {"postcode", "LS1 1AA"}}}}) +
                                 NewCrime("A/2", {{"given", "NIA"}, {"family", "hughes"}}, dob) +
                                 NewCrime("A/3", {{"given", "Nia"}, {"family", "Hughes"}},
                                          {{"contact", {{"phone_home", "+44 7700 900123"}}}}) +
                                 NewCrime("A/4", {{"given", "Rhys"}, {"family", "Hughes"}},
                                          {{"date_of_birth", "1978-02-02"},
                                           {"contact",
                                            {{"phone_mobile", "07700 900123"},
                                             {"email", "nia@example.org"},
                                             {"address", "2 Oak Road, Leeds"},
                                             {"postcode", "LS11AA"}}}}) +
                                 NewCrime("A/5", {{"given", "Tom"}, {"family", "Price"}},
                                          {{"contact",
                                            {{"phone_mobile", "07700 900123"},
                                             {"email", "nia@example.org"},
                                             {"address", "2 Oak Road, Leeds"},
                                             {"postcode", "LS1 1AA"}}}}) +
                                 NewCrime("A/6", {{"given", "Nia"}, {"family", "Hughes"}}, dob)));
  // A second victim of A/6, the same person as its first on paper: never paired.
  ASSERT_NO_FATAL_FAILURE(Import(json({{"id", "A/6-w"},
                                       {"type", "person.added"},
                                       {"crime", "A/6"},
                                       {"at", "2024-12-20T10:00:00Z"},
                                       {"person", "V2"},
                                       {"role", "victim"},
                                       {"name", {{"given", "Nia"}, {"family", "Hughes"}}},
                                       {"date_of_birth", "1980-05-01"}})
                                     .dump() +
                                 "\n"));
  const auto matches = SuggestRepeatVictims(s_, 0);
  const auto find = [&](const std::string& a, const std::string& b) -> const RepeatVictimMatch* {
    for (const auto& m : matches)
      if (m.a.crime == a && m.b.crime == b) return &m;
    return nullptr;
  };
  const auto* by_dob = find("A/1", "A/2");
  ASSERT_NE(by_dob, nullptr);
  EXPECT_DOUBLE_EQ(by_dob->score, 0.95);
  EXPECT_EQ(by_dob->evidence, (std::vector<std::string>{"same name", "same date of birth"}));
  const auto* by_phone = find("A/1", "A/3");
  ASSERT_NE(by_phone, nullptr);
  EXPECT_DOUBLE_EQ(by_phone->score, 0.9);
  EXPECT_EQ(by_phone->evidence, (std::vector<std::string>{"same name", "same phone number"}));
  const auto* household = find("A/1", "A/4");
  ASSERT_NE(household, nullptr);
  EXPECT_LT(household->score, 0.1) << "Rhys shares Nia's home, not her identity";
  EXPECT_EQ(household->evidence.back(), "but names differ");
  const auto* lodger = find("A/1", "A/5");
  ASSERT_NE(lodger, nullptr);
  EXPECT_LT(lodger->score, 0.1) << "no date of birth, but another name";
  EXPECT_EQ(find("A/6", "A/6"), nullptr) << "two victims of one crime are never paired";
  for (const auto& m : matches)
    EXPECT_FALSE(m.a.crime == m.b.crime) << m.a.crime << " " << m.a.person << " " << m.b.person;
  // By default only likely matches are suggested, highest first: A/1, A/2 and A/6 (both of its
  // victims) by name and date of birth, five pairs; then A/1 and A/3 by name and phone.
  const auto likely = SuggestRepeatVictims(s_);
  ASSERT_EQ(likely.size(), 6u);
  EXPECT_DOUBLE_EQ(likely[0].score, 0.95);
  EXPECT_EQ(likely.back().b.crime, "A/3");
  EXPECT_DOUBLE_EQ(likely.back().score, 0.9);
}

TEST_F(RepeatVictims, OnePersonOnManyCrimesKeepsTheirPhoneAndAPlus44WithANoughtIsTheirs) {
  std::string lines;
  for (int k = 1; k <= 7; ++k)
    lines +=
        NewCrime(fmt::format("M/{}", k), {{"given", "Ola"}, {"family", "Bello"}},
                 {{"contact", {{"phone_mobile", k == 7 ? "+44 (0)7700 900555" : "07700 900555"}}}});
  ASSERT_NO_FATAL_FAILURE(Import(lines));
  const auto matches = SuggestRepeatVictims(s_);
  EXPECT_EQ(matches.size(), 21u) << "every pair of the seven crimes, by name and phone";
  for (const auto& m : matches) EXPECT_DOUBLE_EQ(m.score, 0.9);
}

TEST_F(RepeatVictims, ShownOnTheCaseAndQueueAndASupervisorConfirmsOrRejects) {
  for (const auto& [name, role, unit, officer] :
       {std::tuple{"officer_n", "officer", "N1", "PC1"},
        std::tuple{"supervisor_n", "supervisor", "N1", "SGT1"}}) {
    storage::User u;
    u.name = name;
    u.role = *domain::ParseStaffRole(role);
    u.unit = unit;
    u.officer = officer;
    ASSERT_TRUE(stores_.accounts->AddUser(u));
  }
  const json grace = {{"given", "Grace"}, {"family", "Okafor"}};
  ASSERT_NO_FATAL_FAILURE(Import(
      NewCrime("R/1", grace, {{"date_of_birth", "1985-03-12"}}) +
      NewCrime("R/2", grace, {{"date_of_birth", "1985-03-12"}}) +
      NewCrime("R/3", {{"given", "Ola"}, {"family", "Bello"}}, {{"date_of_birth", "1990-01-01"}}) +
      NewCrime("R/4", {{"given", "Ola"}, {"family", "Bello"}}, {{"date_of_birth", "1990-01-01"}})));
  EXPECT_TRUE(RepeatVictimsOn(s_, "R/1").empty()) << "nothing until the suggestions are stored";
  EXPECT_EQ(RefreshRepeatVictims(s_), 2u);
  auto on = RepeatVictimsOn(s_, "R/2");
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0].person, "V1");
  EXPECT_EQ(on[0].crimes_in_year, 2) << "R/1, recorded the same day, and R/2";
  ASSERT_EQ(on[0].links.size(), 1u);
  EXPECT_EQ(on[0].links[0].other.crime, "R/1");
  EXPECT_DOUBLE_EQ(on[0].links[0].score, 0.95);
  EXPECT_EQ(on[0].links[0].evidence, "same name, same date of birth");
  EXPECT_FALSE(on[0].links[0].decision);
  EXPECT_EQ(RepeatVictimPeople(s_, "R/1"), (std::map<std::string, bool>{{"V1", false}}))
      << "suggested, not yet confirmed";

  const Actor officer{*stores_.accounts->FindUser("officer_n"), "10.0.0.1"};
  const Actor sergeant{*stores_.accounts->FindUser("supervisor_n"), "10.0.0.2"};
  EXPECT_EQ(DecideRepeatVictimAs(s_, officer, {"R/2", "V1"}, {"R/1", "V1"}, true, "").error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(DecideRepeatVictimAs(s_, sergeant, {"R/2", "V1"}, {"R/3", "V1"}, true, "").error().code,
            core::ErrorCode::kNotFound)
      << "not a suggested pair";
  EXPECT_EQ(
      DecideRepeatVictimAs(s_, sergeant, {"R/2", "V1"}, {"S/404", "V1"}, true, "").error().code,
      core::ErrorCode::kNotFound)
      << "no such case";
  EXPECT_EQ(
      DecideRepeatVictimAs(s_, sergeant, {"R/2", "V1"}, {"R/1", "V1"}, true, std::string(501, 'x'))
          .error()
          .code,
      core::ErrorCode::kInvalidArgument);
  const auto events = s_.cases.EventCount();
  ASSERT_TRUE(DecideRepeatVictimAs(s_, sergeant, {"R/2", "V1"}, {"R/1", "V1"}, true,
                                   "Same address on the PNC"));
  EXPECT_EQ(s_.cases.EventCount(), events + 2) << "both flagged repeat_victim";
  const auto r1 = ParseStoredCase("R/1", s_.cases.EventBodies("R/1"));
  EXPECT_EQ(r1.events.back().type, domain::EventType::kPersonFlagged);
  on = RepeatVictimsOn(s_, "R/1");
  ASSERT_EQ(on.size(), 1u);
  ASSERT_TRUE(on[0].links[0].decision);
  EXPECT_TRUE(on[0].links[0].decision->same_person);
  EXPECT_EQ(on[0].links[0].decision->decided_by, "SGT1");
  EXPECT_EQ(on[0].links[0].decision->reason, "Same address on the PNC");
  EXPECT_EQ(stores_.accounts->AuditLog("supervisor_n", "R/2", 1).front().action,
            "confirmed_repeat_victim");
  EXPECT_EQ(RepeatVictimPeople(s_, "R/2"), (std::map<std::string, bool>{{"V1", true}}));
  // A decision is final: it may have flagged both people.
  EXPECT_EQ(
      DecideRepeatVictimAs(s_, sergeant, {"R/1", "V1"}, {"R/2", "V1"}, false, "").error().code,
      core::ErrorCode::kConflict);
  EXPECT_EQ(s_.cases.EventCount(), events + 2);
  // A rejected pair is no longer a repeat victim, and stays decided when a later refresh no
  // longer finds it.
  ASSERT_TRUE(DecideRepeatVictimAs(s_, sergeant, {"R/4", "V1"}, {"R/3", "V1"}, false,
                                   "Different people: checked with the victim"));
  EXPECT_EQ(s_.cases.EventCount(), events + 2) << "nobody flagged";
  EXPECT_TRUE(RepeatVictimPeople(s_, "R/3").empty());
  storage::Transaction tx(s_.cases);
  s_.quality.ReplaceRepeatVictimMatches({}, "2025-01-31T13:00:00Z");
  tx.Commit();
  on = RepeatVictimsOn(s_, "R/4");
  ASSERT_EQ(on.size(), 1u);
  EXPECT_TRUE(on[0].links[0].Rejected());
  EXPECT_EQ(on[0].crimes_in_year, 1);
  EXPECT_EQ(on[0].links[0].decision->reason, "Different people: checked with the victim");
}

}  // namespace
}  // namespace cf::app

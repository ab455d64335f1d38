// citizenfocus --db PATH demo | leave add
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "app/import.hpp"
#include "app/needs_assessment.hpp"
#include "app/repeat_victims.hpp"
#include "app/rota.hpp"
#include "assess/assessment.hpp"
#include "auth/credentials.hpp"
#include "cli/context.hpp"
#include "core/london_time.hpp"
#include "events/jsonl_writer.hpp"
#include "synth/force_generator.hpp"

namespace cf::cli {
namespace {

// MG11 needs assessments for the demo's victims and witnesses, a day after they were added (or
// an hour, for a case recorded today): about 7 in 10 complete, some begun and not finished, the
// rest not done; now and then a screening "yes", with the flag the form would record.
std::vector<std::string> DemoNeedsAssessments(const domain::CaseFile& file, core::Date today,
                                              std::mt19937& rng) {
  std::uniform_real_distribution<double> chance(0, 1);
  const core::Instant now = static_cast<int64_t>(today.days()) * 86400000LL;
  std::vector<std::string> out;
  for (const auto& e : file.events) {
    if (e.type != domain::EventType::kPersonAdded ||
        (e.role != domain::Role::kVictim && e.role != domain::Role::kWitness))
      continue;
    const double done = chance(rng);
    if (done > 0.85) continue;
    const bool complete = done < 0.70;
    const bool victim = e.role == domain::Role::kVictim;
    core::Instant at = e.at + 86400000LL;
    if (at > now) at = e.at + 3600000LL;
    nlohmann::json screening = nlohmann::json::object();
    bool any_yes = false;
    for (const auto& [q, p] : std::initializer_list<std::pair<const char*, double>>{
             {"mental_health", 0.05},
             {"learning_or_communication", 0.03},
             {"physical_disability", 0.05},
             {"fear_or_distress", victim ? 0.08 : 0.15},
             {"targeted_repeatedly", 0.04}}) {
      const bool yes = chance(rng) < p;
      any_yes |= yes;
      screening[q] = yes;
    }
    static const char* const kChannels[] = {"phone", "phone", "email", "sms", "letter"};
    nlohmann::json a = {{"id", fmt::format("demo-needs-{}-{}", file.crime, e.person)},
                        {"type", "needs.assessed"},
                        {"crime", file.crime},
                        {"at", events::FormatInstant(at)},
                        {"person", e.person},
                        {"by", file.recorded().officer},
                        {"screening", screening},
                        {"preferred_contact", kChannels[rng() % 5]},
                        {"willing_to_attend_court", chance(rng) < 0.85},
                        {"special_measures_needed", any_yes},
                        {"interpreter_needed", false}};
    if (chance(rng) < 0.03) {
      a["interpreter_needed"] = true;
      a["interpreter_language"] = "Polish";
    }
    if (complete) {
      if (chance(rng) < 0.7) {
        a["none"] = true;
      } else {
        a["dates_to_avoid"] = {today.AddDays(30 + static_cast<int>(rng() % 60)).ToString()};
      }
      if (victim) a["vps_offered"] = chance(rng) < 0.9;
    }
    const std::string line = a.dump();
    out.push_back(line);
    for (auto& f : app::ScreeningFlagLines(file, line)) out.push_back(std::move(f.line));
  }
  return out;
}

// The Witness Care Unit's part in the demo: three in four open cases charged at least two days
// ago are handed to the unit the next day; the unit then receives the hearing's details, the bail
// decision and, as time allows, the call to give evidence, the special measures decision and
// the result. It tells each victim and witness of most of these within a day or two; the rest
// are left for its queue.
std::vector<std::string> DemoWitnessCare(const domain::CaseFile& file, core::Date today,
                                         const std::string& unit, std::mt19937& rng) {
  constexpr int64_t kDay = 86400000LL;
  const core::Instant now = static_cast<int64_t>(today.days()) * kDay;
  const domain::Event* charged = nullptr;
  std::vector<std::string> people;
  for (const auto& e : file.events) {
    if (e.type == domain::EventType::kCaseClosed) return {};
    if (e.type == domain::EventType::kSuspectCharged && charged == nullptr) charged = &e;
    if (e.type == domain::EventType::kPersonAdded &&
        (e.role == domain::Role::kVictim || e.role == domain::Role::kWitness))
      people.push_back(e.person);
  }
  if (charged == nullptr || charged->at + 2 * kDay > now) return {};
  std::uniform_real_distribution<double> chance(0, 1);
  if (chance(rng) < 0.25) return {};  // not handed over yet: the officer's to do
  std::vector<std::string> out;
  int n = 0;
  auto add = [&](core::Instant at, nlohmann::json e) {
    e["id"] = fmt::format("demo-wcu-{}-{}", file.crime, ++n);
    e["crime"] = file.crime;
    e["at"] = events::FormatInstant(at);
    out.push_back(e.dump());
  };
  const core::Instant t = charged->at;
  const std::string court = "Demoton Magistrates' Court";
  core::LondonDates london;  // the trial: four weeks on, the next weekday, at 9:30
  core::Date trial = london.DateOf(t).AddDays(28);
  while (trial.IsWeekend()) trial = trial.AddDays(1);
  const std::string hearing_at = events::FormatInstant(london.At(trial, 9 * 60 + 30));
  add(t + kDay, {{"type", "case.handed_to_wcu"}, {"unit", unit}});
  nlohmann::json measures = {{"type", "wcu.special_measures_decided"}, {"decision", "refused"}};
  if (chance(rng) < 0.7) {
    measures["decision"] = "granted";
    measures["measures"] = {"screens"};
  }
  struct Step {
    int64_t day;
    const char* duty;
    nlohmann::json event;
  };
  const Step steps[] = {
      {2,
       "hearing_details",
       {{"type", "wcu.hearing_received"},
        {"court", court},
        {"hearing_at", hearing_at},
        {"hearing", "trial"}}},
      {3,
       "bail_outcome",
       {{"type", "wcu.bail_outcome_received"},
        {"outcome", chance(rng) < 0.8 ? "bail_granted" : "remanded_in_custody"}}},
      {16,
       "give_evidence",
       {{"type", "wcu.evidence_required"},
        {"court", court},
        {"hearing_at", hearing_at},
        {"plea", "not_guilty"}}},
      {21, "special_measures", measures},
      {30,
       "case_outcome",
       {{"type", "wcu.court_result_received"},
        {"result", chance(rng) < 0.75 ? "convicted" : "acquitted"}}},
  };
  for (const auto& step : steps) {
    const core::Instant received = t + step.day * kDay;
    if (received > now) break;
    add(received, step.event);
    for (const auto& person : people) {
      const double told = chance(rng);
      if (told > 0.75) continue;  // not yet: the unit's queue shows it
      const core::Instant at = received + (told < 0.6 ? 3 : 30) * 3600000LL;
      if (at > now) continue;
      add(at, {{"type", "contact.made"},
               {"person", person},
               {"channel", "phone"},
               {"outcome", "spoke"},
               {"covers", {step.duty}},
               {"summary", "Witness Care Unit: told them"},
               {"by", "wcu"}});
    }
  }
  return out;
}

// Victims' Right to Review in the demo: for three in ten eligible decisions not to charge, the
// first victim asks five days later; the officer acknowledges it (mostly) two days on, and the
// review decides within four weeks, told to the victim the next day (mostly).
std::vector<std::string> DemoReviews(const domain::CaseFile& file, core::Date today,
                                     std::mt19937& rng) {
  constexpr int64_t kDay = 86400000LL;
  const core::Instant now = static_cast<int64_t>(today.days()) * kDay;
  const domain::Event* decision = nullptr;
  std::string victim;
  for (const auto& e : file.events) {
    if (e.type == domain::EventType::kDecisionNoCharge && e.vrr_eligible) decision = &e;
    if (e.type == domain::EventType::kPersonAdded && e.role == domain::Role::kVictim &&
        victim.empty())
      victim = e.person;
  }
  std::uniform_real_distribution<double> chance(0, 1);
  if (decision == nullptr || victim.empty() || chance(rng) >= 0.3) return {};
  std::vector<std::string> out;
  int n = 0;
  auto add = [&](int64_t days, nlohmann::json e) {
    const core::Instant at = decision->at + days * kDay;
    if (at > now) return false;
    e["id"] = fmt::format("demo-vrr-{}-{}", file.crime, ++n);
    e["crime"] = file.crime;
    e["at"] = events::FormatInstant(at);
    e["person"] = victim;
    out.push_back(e.dump());
    return true;
  };
  const nlohmann::json told = {
      {"type", "contact.made"}, {"channel", "phone"}, {"outcome", "spoke"}};
  if (!add(5, {{"type", "vrr.requested"}, {"decision_by", "police"}})) return out;
  if (chance(rng) < 0.8) {
    auto e = told;
    e["covers"] = {"vrr_acknowledgement"};
    e["summary"] = "Review request acknowledged";
    add(7, e);
  }
  const bool upheld = chance(rng) < 0.8;
  if (!add(25, {{"type", "vrr.decided"},
                {"outcome", upheld ? "upheld" : "overturned"},
                {"reason", upheld ? "a second officer found no evidence that identifies anyone"
                                  : "the CCTV was not looked at; it will be now"}}))
    return out;
  if (chance(rng) < 0.7) {
    auto e = told;
    e["covers"] = {"vrr_outcome"};
    e["summary"] = "Told the review's decision";
    add(26, e);
  }
  return out;
}

// Referrals to other organisations in the demo: of the first victims of domestic abuse, one in
// two agrees to a referral to Women's Aid and one in ten says no, the day after the crime is
// recorded; of victims of hate crime, one in three agrees to the hate crime service's; of the
// rest, one in twenty agrees to Citizens Advice. The feed is not run: they wait on the case.
std::vector<std::string> DemoOtherReferrals(const domain::CaseFile& file, core::Date today,
                                            std::mt19937& rng) {
  constexpr int64_t kDay = 86400000LL;
  const core::Instant at = file.recorded().at + kDay;
  if (at > static_cast<int64_t>(today.days()) * kDay) return {};
  std::string victim;
  for (const auto& e : file.events) {
    if (e.type == domain::EventType::kPersonAdded && e.role == domain::Role::kVictim) {
      victim = e.person;
      break;
    }
  }
  if (victim.empty()) return {};
  const uint32_t flags = file.recorded().crime_flags;
  std::uniform_real_distribution<double> chance(0, 1);
  const double roll = chance(rng);
  std::string to;
  bool consented = true;
  if (flags & domain::Bit(domain::CrimeFlag::kDomesticAbuse)) {
    to = "womens_aid";
    if (roll >= 0.6) return {};
    consented = roll < 0.5;
  } else if (flags & domain::Bit(domain::CrimeFlag::kHateCrime)) {
    to = "demoshire_hate_crime";
    if (roll >= 1.0 / 3) return {};
  } else {
    to = "citizens_advice";
    if (roll >= 0.05) return {};
  }
  return {nlohmann::json{
      {"id", fmt::format("demo-refer-{}", file.crime)},
      {"type", consented ? "referral.consented" : "referral.opted_out"},
      {"crime", file.crime},
      {"at", events::FormatInstant(at)},
      {"person", victim},
      {"to",
       to}}.dump()};
}

}  // namespace

void AddDemoCommands(CLI::App& app, Context& ctx) {
  auto* demo = app.add_subcommand("demo",
                                  "Build a demo force in the store: six months of cases, six units "
                                  "of ten officers with sergeants, "
                                  "the bureau, a Witness Care Unit, an analyst and an admin, some "
                                  "officers on leave");
  struct Options {
    uint64_t seed = 2024;
    size_t crimes = 3000;
    std::string password = "demo-password-2024";
  };
  auto o = std::make_shared<Options>();
  demo->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  demo->add_option("--crimes", o->crimes, "Crimes over the six months")->capture_default_str();
  demo->add_option("--password", o->password, "Password of every demo account")
      ->capture_default_str();
  demo->callback([&ctx, o] {
    auto& store = ctx.Store();
    auto& accounts = ctx.Accounts();
    if (store.CaseCount() > 0 || accounts.FindUser("admin")) {
      throw InvalidInput{
          fmt::format("{} already holds data; the demo needs an empty store", ctx.DbName())};
    }
    const core::Date today = ctx.Today();
    synth::ForceSpec spec;
    spec.seed = o->seed;
    spec.crimes = o->crimes;
    spec.to = today;
    spec.from = today.AddDays(-182);
    spec.units = 6;
    spec.officers_per_unit = 10;
    synth::ForceGenerator generator(spec);
    std::string text;
    synth::SyntheticCase c;
    // Repeat victims: one case in 25 has as its first victim someone already a victim (their
    // name, date of birth and contact details as before), for supervisors to confirm.
    std::vector<nlohmann::json> victims;
    std::mt19937 needs_rng(static_cast<uint32_t>(o->seed) + 17);
    for (size_t n = 0; generator.Next(c); ++n) {
      bool first_victim = true;
      for (size_t i = 0; i < c.file.events.size(); ++i) {
        std::string line = events::ToJsonLine(c.file.crime, c.file.events[i], c.extras[i]);
        if (first_victim && c.file.events[i].type == domain::EventType::kPersonAdded &&
            c.file.events[i].role == domain::Role::kVictim) {
          first_victim = false;
          auto e = nlohmann::json::parse(line);
          if (n % 25 == 12 && !victims.empty()) {
            const auto& before = victims[(n * 7) % victims.size()];
            for (const char* key : {"name", "date_of_birth", "contact"}) {
              if (before.contains(key))
                e[key] = before[key];
              else
                e.erase(key);
            }
            line = e.dump();
          } else {
            victims.push_back(std::move(e));
          }
        }
        text += line + "\n";
      }
      for (const auto& line : DemoNeedsAssessments(c.file, today, needs_rng)) text += line + "\n";
      for (const auto& line : DemoWitnessCare(c.file, today, "WCU", needs_rng)) text += line + "\n";
      for (const auto& line : DemoReviews(c.file, today, needs_rng)) text += line + "\n";
      for (const auto& line : DemoOtherReferrals(c.file, today, needs_rng)) text += line + "\n";
    }
    const auto& engine = ctx.Engine();
    app::ImportOptions options;
    options.source = "demo";
    options.now = events::FormatInstant(static_cast<int64_t>(today.days()) * 86400000LL);
    const auto report = app::ImportJsonLines(store, engine, ctx.Library(), text, options);
    if (!report.written)
      throw std::logic_error("the demo force did not validate: " + report.errors[0].message);

    const std::string hash =
        auth::HashPassword(o->password);  // one hash: every demo account shares it
    // Staff names victims see in letters; phone numbers in Ofcom's range for drama (01632 960xxx).
    static const char* const kGiven[] = {"Sarah", "James",  "Aisha", "Tom",    "Megan", "Rhys",
                                         "Priya", "Owen",   "Grace", "Daniel", "Ffion", "Imran",
                                         "Chloe", "Gareth", "Zara",  "Liam"};
    static const char* const kFamily[] = {"Ahmed",  "Jones",  "Williams", "Patel",   "Evans",
                                          "Hughes", "Khan",   "Davies",   "Roberts", "Taylor",
                                          "Lewis",  "Morgan", "Walker",   "Price"};
    int staff = 0;
    auto add = [&](const std::string& name, const std::string& role, const std::string& unit,
                   const std::string& officer) {
      const std::string full =
          fmt::format("{} {}", kGiven[staff % 16], kFamily[(staff * 7 + 3) % 14]);
      const std::string collar = role == "officer"      ? "PC " + officer.substr(2)
                                 : role == "supervisor" ? "PS " + std::to_string(200 + staff)
                                                        : "";
      accounts.AddUser({0, name, *domain::ParseStaffRole(role), unit, officer, hash, 0, "", false,
                        full, collar, fmt::format("01632 960{:03}", staff),
                        name + "@police.example"});
      ++staff;
    };
    const auto units = generator.Units();
    auto lower = [](std::string v) {
      for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return v;
    };
    for (int u = 0; u < spec.units; ++u) {
      for (int i = 0; i < spec.officers_per_unit; ++i) {
        const std::string officer = generator.OfficerOf(u, i);
        add(lower(officer), "officer", units[u], officer);
      }
      add("sgt." + lower(units[u]), "supervisor", units[u], "SGT-" + units[u]);
    }
    add("bureau", "bureau", "HQ", "BUREAU");
    add("analyst", "analyst", "HQ", "ANALYST");
    add("admin", "admin", "HQ", "ADMIN");
    add("wcu", "wcu", "WCU", "");
    const std::map<char, std::string> kAreas = {
        {'N', "North"}, {'S', "South"}, {'E', "East"}, {'W', "West"}, {'C', "Central"}};
    for (const auto& unit : units) {
      const auto area = kAreas.find(unit[0]);
      const std::string bcu = area == kAreas.end() ? "County" : area->second;
      accounts.AddUnit(
          {unit, fmt::format("{} response team {}", bcu, unit.substr(1)), bcu + " BCU"});
    }
    accounts.AddUnit(
        {"HQ", "Headquarters: re-contact bureau, performance, IT", "Force headquarters"});
    accounts.AddUnit({"WCU", "Demoshire Witness Care Unit", "Force headquarters", "wcu"});
    // Shifts from a week ago to four weeks ahead: response officers work two earlies, two
    // lates, then four rest days, staggered across the unit; HQ staff work weekdays.
    std::vector<storage::Shift> shifts;
    auto shift = [&](const std::string& user, core::Date day, const char* start, const char* end,
                     bool overnight) {
      shifts.push_back({0, user, day.ToString() + "T" + start,
                        (overnight ? day.AddDays(1) : day).ToString() + "T" + end});
    };
    for (int u = 0; u < spec.units; ++u) {
      for (int i = 0; i <= spec.officers_per_unit; ++i) {  // the last one is the sergeant
        const bool sergeant = i == spec.officers_per_unit;
        const std::string user =
            sergeant ? "sgt." + lower(units[u]) : lower(generator.OfficerOf(u, i));
        for (core::Date d = today.AddDays(-7); d <= today.AddDays(28); d = d.AddDays(1)) {
          const bool away =
              (i == 3 && d >= today.AddDays(-2) && d <= today.AddDays(9)) ||
              (i == 7 && d >= today.AddDays(7) && d <= today.AddDays(13));  // the leave below
          if (away) continue;
          const int phase = ((d.days() + i * 3 + u) % 8 + 8) % 8;
          if (phase < 2)
            shift(user, d, "07:00", "17:00", false);
          else if (phase < 4)
            shift(user, d, "14:00", "00:00", true);
        }
      }
    }
    for (const char* user : {"bureau", "analyst", "admin", "wcu"}) {
      for (core::Date d = today.AddDays(-7); d <= today.AddDays(28); d = d.AddDays(1)) {
        if (!d.IsWeekend()) shift(user, d, "08:00", "16:00", false);
      }
    }
    accounts.AddShifts(shifts, "demo");
    store.SetSetting("force_name", "Demoshire Police");  // the sender on letters
    // The organisations besides Victim Support that the force refers to, with consent.
    const std::string listed_at = events::FormatInstant(ctx.Now() / 1000 * 1000);
    store.SaveOrganisation({"womens_aid", "Women's Aid",
                            "Support for women and children living with domestic abuse", true,
                            listed_at});
    store.SaveOrganisation({"citizens_advice", "Citizens Advice",
                            "Advice on money, housing, work and legal problems after a crime", true,
                            listed_at});
    store.SaveOrganisation({"demoshire_hate_crime", "Demoshire Hate Crime Support",
                            "Local casework and advocacy for victims of hate crime", true,
                            listed_at});
    store.SetSetting("force_address", "Police Headquarters, 1 Example Road, Demoton, DM1 1AA");
    // Two officers of each unit away: one now (covered by a colleague), one from next week.
    for (int u = 0; u < spec.units; ++u) {
      accounts.AddLeave({generator.OfficerOf(u, 3), today.AddDays(-2), today.AddDays(9),
                         "annual leave", 0, generator.OfficerOf(u, 4)},
                        "demo");
      accounts.AddLeave(
          {generator.OfficerOf(u, 7), today.AddDays(7), today.AddDays(13), "training"}, "demo");
    }
    // The force's self-assessments a year apart, improving, one BCU's, and an action plan
    // (seeded, so every demo shows the same).
    {
      std::mt19937 rng(static_cast<uint32_t>(o->seed));
      auto& assessments = ctx.Assessments();
      const auto& framework = assess::BuiltInFramework();
      auto assessment = [&](const std::string& scope, core::Date on, const std::string& assessor,
                            int lift) {
        assess::Assessment a;
        a.scope = scope;
        a.assessed_on = on.ToString();
        a.assessor = assessor;
        for (const auto& c : framework.components) {
          for (const auto& i : c.indicators) {
            const int base = static_cast<int>(rng() % 3);  // 0-2, plus the year's improvement
            a.scores[i.id].score =
                std::min(assess::kMaxScore, base + lift + (c.number == 4 || c.number == 6 ? 1 : 0));
          }
        }
        a.scores["3.1"].note =
            "Citizen Focus prompts officers at the Code deadlines and reports compliance.";
        a.scores["3.1"].evidence = {"Compliance report, last 90 days"};
        return assessments.AddAssessment(a, "demo");
      };
      assessment("force", today.AddDays(-365), "Ch Supt Morgan Hughes", 0);
      assessment("force", today.AddDays(-14), "Ch Supt Morgan Hughes", 1);
      assessment("North BCU", today.AddDays(-30), "Supt Aisha Khan", 1);
      assessments.AddAction({0, "force", "2.6",
                             "Give every victim the name, number and shifts of one officer in case",
                             "DI Owen Davies", today.AddDays(60).ToString(), "in_progress", "demo",
                             "", ""});
      assessments.AddAction(
          {0, "force", "5.1", "Invite Victim Support and victims to speak at probationer training",
           "Insp Grace Price", today.AddDays(-10).ToString(), "not_started", "demo", "", ""});
      assessments.AddAction(
          {0, "force", "6.1", "Sergeants dip-sample five crimes per officer each month",
           "Supt Aisha Khan", today.AddDays(30).ToString(), "done", "demo", "", ""});
    }
    // Victims on several crimes, suggested for supervisors to confirm (the worker keeps it
    // current hourly).
    const size_t repeats = app::RefreshRepeatVictims(ctx.Services());
    std::cout << fmt::format(
        "Demo force in {}: {} crimes, {} events, {} obligations, {} suggested repeat victim "
        "matches; {} units of {} officers.\n",
        ctx.DbName(), report.cases, report.accepted, report.obligations, repeats, spec.units,
        spec.officers_per_unit);
    std::cout << fmt::format(
        "Sign in as pc1003 (officer, unit N1), sgt.n1 (sergeant, N1), bureau, analyst, wcu "
        "(Witness Care Unit) or admin; "
        "every password is {}\n",
        o->password);
  });

  auto* leave = app.add_subcommand("leave", "Officers' leave");
  leave->require_subcommand(1);
  auto* add = leave->add_subcommand(
      "add", "Record an officer's leave (supervisors then see what falls due while away)");
  struct LeaveOptions {
    std::string officer, from, to, reason, cover;
  };
  auto l = std::make_shared<LeaveOptions>();
  add->add_option("--officer", l->officer, "Officer id")->required();
  add->add_option("--from", l->from, "First day away (YYYY-MM-DD)")->required();
  add->add_option("--to", l->to, "Last day away (YYYY-MM-DD)")->required();
  add->add_option("--reason", l->reason, "Annual leave, training, sickness...");
  add->add_option("--cover", l->cover,
                  "Officer id of a colleague in the unit who covers (call-backs go to them)");
  add->callback([&ctx, l] {
    const auto from = ctx.DateOption(l->from, "--from");
    const auto to = ctx.DateOption(l->to, "--to");
    if (to < from) throw UsageError{"--to is before --from"};
    const auto account = ctx.Accounts().UserForOfficer(l->officer);
    if (!account)
      throw InvalidInput{fmt::format("--officer: no account has officer id \"{}\"", l->officer)};
    std::vector<std::string> problems;
    const auto added = app::AddLeaveAs(
        ctx.Services(), app::CommandLineActor(), account->unit,
        {l->officer, from.ToString(), to.ToString(), l->reason, l->cover}, problems);
    if (!added) throw InvalidInput{problems.empty() ? added.error().message : problems[0]};
    std::cout << fmt::format("{} away {} to {}\n", l->officer, from.ToString(), to.ToString());
  });
}

}  // namespace cf::cli

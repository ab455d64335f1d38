#include "app/dip_sampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/force_settings.hpp"
#include "core/seeded_random.hpp"
#include "core/utf8.hpp"

namespace cf::app {
namespace {

using core::Below;
using core::Uniform;

// The risks that make a case more likely to be drawn, as they stood on `as_of`: what was
// recorded, due and met by that day only, so that a later draw as of the same day weighs the
// case alike.
std::vector<std::string> RisksOf(Services& s, const storage::CaseRow& c, core::Date as_of) {
  std::vector<std::string> risks;
  bool enhanced = false, overdue = false;
  for (const auto& o : s.cases.CaseObligations(c.crime)) {
    if (o.trigger_date > as_of) continue;
    enhanced = enhanced || o.enhanced;
    const bool met = o.met_at && *o.met_at <= as_of;
    const bool not_required =
        !o.not_required.empty() && (!o.not_required_on || *o.not_required_on <= as_of);
    overdue = overdue || (!met && !not_required && o.deadline < as_of);
  }
  if (enhanced) risks.emplace_back("enhanced");
  if (overdue) risks.emplace_back("overdue");
  const auto file = ParseStoredCase(c.crime, s.cases.EventBodies(c.crime));
  bool closed = false, no_further_action = false;
  std::map<std::string, uint32_t> person_flags;  // as flagged and unflagged by `as_of`
  for (const auto& e : file.events) {
    if (e.date > as_of) continue;
    if (e.type == domain::EventType::kPersonAdded) person_flags[e.person] = e.person_flags;
    if (e.type == domain::EventType::kPersonFlagged) person_flags[e.person] |= e.person_flags;
    if (e.type == domain::EventType::kPersonUnflagged) person_flags[e.person] &= ~e.person_flags;
    if (e.type == domain::EventType::kDecisionNoCharge) no_further_action = true;
    if (e.type == domain::EventType::kCaseClosed) {
      closed = true;
      if (e.outcome != domain::CaseOutcome::kCharged) no_further_action = true;
    }
  }
  if (closed) risks.emplace_back("closed");
  if (no_further_action) risks.emplace_back("no_further_action");
  if (!file.events.empty() &&
      (file.recorded().crime_flags & (1u << static_cast<unsigned>(domain::CrimeFlag::kHateCrime))))
    risks.emplace_back("hate_crime");
  const uint32_t repeat = domain::Bit(domain::PersonFlag::kRepeatVictim);
  if (std::any_of(person_flags.begin(), person_flags.end(),
                  [repeat](const auto& p) { return (p.second & repeat) != 0; }))
    risks.emplace_back("repeat_victim");
  return risks;
}

}  // namespace

bool MayDipSample(const storage::User& user, const std::string& unit) {
  if (HasRole(user, domain::StaffRole::kSupervisor)) return user.unit == unit;
  return HasRole(user, domain::StaffRole::kAdmin);
}

core::Result<storage::DipSample> DrawDipSample(Services& s, const Actor& actor,
                                               const DipSampleRequest& request) {
  if (!MayDipSample(actor.user, request.unit)) {
    AuditAs(s, actor, "denied_dip_sample", "", fmt::format("unit {}", request.unit));
    return core::PermissionDenied("dip samples are drawn by the unit's supervisors and admins");
  }
  const auto first = core::Date::Parse(request.month + "-01");
  if (request.month.size() != 7 || !first)
    return core::InvalidArgument(
        fmt::format("month: \"{}\" is not a month (YYYY-MM)", request.month));
  const auto units = s.accounts.Units();
  if (std::none_of(units.begin(), units.end(), [&](const auto& u) { return u.id == request.unit; }))
    return core::NotFound(fmt::format("there is no unit {}", request.unit));
  const int size = request.size.value_or(std::stoi(SettingValue(s.cases, "dip_sample_size")));
  if (size < 1 || size > kMaxDipSampleSize)
    return core::InvalidArgument(
        fmt::format("size: {} is not from 1 to {}", size, kMaxDipSampleSize));
  const uint64_t seed = request.seed.value_or(core::FreshSeed());

  const core::Date last = first->AddMonths(1).AddDays(-1);
  const core::Date as_of = request.as_of.value_or(std::min(last, s.Today()));
  if (as_of < *first)
    return core::InvalidArgument(
        fmt::format("as of: {} is before {} began", as_of.ToString(), request.month));

  // Read and written in one transaction, so that two sergeants drawing at once cannot both
  // take a case.
  storage::Transaction tx(s.cases);
  const auto earlier = s.quality.DipSamples(request.unit, request.month);
  for (const auto& held : earlier) {
    if (held.seed != seed) continue;
    AuditAs(s, actor, "viewed_dip_sample", "",
            fmt::format("unit {} {} seed {}", held.unit, held.month, held.seed));
    tx.Commit();
    return held;
  }
  std::set<std::string> taken;
  for (const auto& held : earlier)
    for (const auto& c : held.cases) taken.insert(c.crime);

  struct Candidate {
    storage::CaseRow row;
    std::vector<std::string> risks;
  };
  std::vector<Candidate> candidates;
  for (auto& row : s.cases.CasesRecorded(request.unit, *first, last))
    if (!taken.contains(row.crime)) candidates.push_back({std::move(row), {}});
  for (auto& c : candidates) c.risks = RisksOf(s, c.row, as_of);

  storage::DipSample sample;
  sample.unit = request.unit;
  sample.month = request.month;
  sample.seed = seed;
  sample.size = size;
  sample.drawn_by = StaffIdOf(actor.user);
  sample.drawn_at = s.clock.NowUtc();
  sample.risks_as_of = as_of.ToString();
  std::mt19937_64 rng(seed);
  const size_t want = std::min(static_cast<size_t>(size), candidates.size());
  const size_t at_random = (want + 1) / 2;
  auto add = [&](const Candidate& c, const char* drawn_as, double weight) {
    std::string reasons;
    for (const auto& r : c.risks) reasons += (reasons.empty() ? "" : ",") + r;
    sample.cases.push_back(
        {c.row.crime, drawn_as, reasons, weight, c.row.officer, c.row.crime_type});
  };
  // At random: a partial Fisher-Yates shuffle of the candidates in reference order.
  for (size_t i = 0; i < at_random; ++i) {
    std::swap(candidates[i], candidates[i + Below(rng, candidates.size() - i)]);
    add(candidates[i], "random", 1);
  }
  // Weighted towards risk (weight 1 + the number of risks), without replacement: the largest
  // keys u^(1/w) (Efraimidis and Spirakis).
  std::vector<std::pair<double, size_t>> keys;
  for (size_t i = at_random; i < candidates.size(); ++i) {
    const double weight = 1.0 + static_cast<double>(candidates[i].risks.size());
    keys.emplace_back(std::pow(Uniform(rng), 1.0 / weight), i);
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; k < want - at_random; ++k) {
    const auto& c = candidates[keys[k].second];
    add(c, "risk", 1.0 + static_cast<double>(c.risks.size()));
  }

  sample.id = s.quality.AddDipSample(sample);
  AuditAs(s, actor, "drew_dip_sample", "",
          fmt::format("unit {} {} seed {}: {} of {} cases", sample.unit, sample.month, seed,
                      sample.cases.size(), candidates.size()));
  tx.Commit();
  return sample;
}

core::Result<int64_t> RaiseActionFromReviewAs(Services& s, const Actor& actor, int64_t sample_id,
                                              const std::string& crime,
                                              const ActionRequest& request) {
  const auto sample = s.quality.FindDipSample(sample_id);
  if (!sample) return core::NotFound("there is no such dip sample");
  if (!MayDipSample(actor.user, sample->unit)) {
    AuditAs(s, actor, "denied_dip_sample", crime, fmt::format("action from sample {}", sample_id));
    return core::PermissionDenied("dip samples are for the unit's supervisors and admins");
  }
  const auto reviews = s.quality.DipSampleReviews(sample_id);
  const auto review =
      std::find_if(reviews.begin(), reviews.end(), [&](const auto& r) { return r.crime == crime; });
  if (review == reviews.end()) return core::NotFound("that case of the sample is not reviewed");
  const std::string bcu = BcuOfUnit(s, sample->unit);
  const std::string scope = bcu.empty() ? "force" : bcu;
  if (auto allowed = MayEditAssessmentAs(s, actor, scope); !allowed) return allowed.error();

  assess::PlanAction p;
  p.scope = scope;
  p.indicator = request.indicator.empty() ? kReviewActionIndicator : request.indicator;
  // The review it came from is noted, within the action's 1,000 characters.
  p.action = request.action.empty()
                 ? std::string()
                 : fmt::format("{} (from the dip-sample review of {}, sample {})", request.action,
                               crime, sample_id);
  p.owner = request.owner;
  p.due = request.due;
  p.status = "not_started";
  p.created_by = actor.user.name;
  if (const auto problems = assess::ValidateAction(assess::BuiltInFramework(), p);
      !problems.empty())
    return core::InvalidArgument(problems.front());
  p.id = s.assessments.AddAction(p);
  AuditAs(s, actor, "added_action", "", fmt::format("{} for {} {}", p.id, p.scope, p.indicator));
  AuditAs(s, actor, "raised_action_from_review", crime,
          fmt::format("action {} on the {} plan, from sample {}", p.id, scope, sample_id));
  return p.id;
}

std::vector<storage::DipSampleReview> FindingsForOfficer(Services& s, const Actor& actor) {
  if (actor.user.officer.empty()) return {};
  return s.quality.ReviewsSince(s.Today().AddDays(-kFindingsDays).ToString(), actor.user.officer);
}

const std::vector<RubricItem>& DipSampleRubric() {
  static const std::vector<RubricItem> kRubric = {
      {"contact_details", "Contact details complete and checked"},
      {"needs_assessment", "Needs assessment done, and done well"},
      {"contract", "Contact agreement made, and kept"},
      {"updates", "Updates on time, and of good quality"},
      {"leaflet", "Information leaflet given"},
      {"referral", "Referred to Victim Support, or the refusal recorded"},
      {"closure", "Closure explained in plain words"},
  };
  return kRubric;
}

int RubricScore(const std::map<std::string, std::string>& answers) {
  int points = 0, out_of = 0;
  for (const auto& item : DipSampleRubric()) {
    const auto it = answers.find(item.key);
    if (it == answers.end() || it->second == "n/a") continue;
    out_of += 2;
    points += it->second == "yes" ? 2 : it->second == "partly" ? 1 : 0;
  }
  return out_of == 0 ? 100 : static_cast<int>(std::lround(100.0 * points / out_of));
}

core::Result<std::vector<DipSampleView>> DipSamplesAs(Services& s, const Actor& actor,
                                                      const std::string& unit,
                                                      const std::string& month) {
  if (!MayDipSample(actor.user, unit)) {
    AuditAs(s, actor, "denied_dip_sample", "", fmt::format("unit {}", unit));
    return core::PermissionDenied("dip samples are for the unit's supervisors and admins");
  }
  std::vector<DipSampleView> out;
  for (auto& sample : s.quality.DipSamples(unit, month)) {
    DipSampleView view;
    for (auto& r : s.quality.DipSampleReviews(sample.id)) view.reviews[r.crime] = std::move(r);
    view.sample = std::move(sample);
    out.push_back(std::move(view));
  }
  AuditAs(s, actor, "viewed_dip_samples", "", fmt::format("unit {} {}", unit, month));
  return out;
}

core::Result<storage::DipSampleReview> ReviewDipSampleCaseAs(Services& s, const Actor& actor,
                                                             const DipSampleReviewRequest& request,
                                                             std::vector<std::string>& problems) {
  const auto sample = s.quality.FindDipSample(request.sample_id);
  if (!sample) return core::NotFound(fmt::format("there is no dip sample {}", request.sample_id));
  if (!MayDipSample(actor.user, sample->unit)) {
    AuditAs(s, actor, "denied_dip_sample", request.crime,
            fmt::format("review in sample {}", request.sample_id));
    return core::PermissionDenied("dip samples are reviewed by the unit's supervisors and admins");
  }
  const auto in_sample = std::find_if(sample->cases.begin(), sample->cases.end(),
                                      [&](const auto& c) { return c.crime == request.crime; });
  if (in_sample == sample->cases.end())
    return core::NotFound(
        fmt::format("{} is not in dip sample {}", request.crime, request.sample_id));
  bool wanting = false;
  nlohmann::json rubric = nlohmann::json::object();
  for (const auto& item : DipSampleRubric()) {
    const auto it = request.answers.find(item.key);
    const std::string answer = it == request.answers.end() ? "" : it->second;
    if (answer != "yes" && answer != "partly" && answer != "no" && answer != "n/a") {
      problems.push_back(
          fmt::format("{}: choose yes, partly, no or does not apply", item.question));
      continue;
    }
    wanting = wanting || answer == "no" || answer == "partly";
    rubric[item.key] = answer;
  }
  if (core::CharacterCount(request.findings) > kMaxFindingsChars)
    problems.push_back(fmt::format("Findings must be {} characters or fewer", kMaxFindingsChars));
  else if (wanting && request.findings.find_first_not_of(" \t\r\n") == std::string::npos)
    problems.push_back(
        "Findings: say what fell short and what to do about it, for the officer to read");
  if (!problems.empty()) return StatusOf(problems).error();
  const auto c = s.cases.FindCase(request.crime);
  storage::DipSampleReview review{
      request.sample_id, request.crime,         c ? c->officer : in_sample->officer,
      sample->unit,      rubric.dump(),         RubricScore(request.answers),
      request.findings,  StaffIdOf(actor.user), s.clock.NowUtc()};
  storage::Transaction tx(s.cases);
  s.quality.PutDipSampleReview(review);
  AuditAs(s, actor, "reviewed_dip_sample", request.crime,
          fmt::format("sample {}: score {}", request.sample_id, review.score));
  tx.Commit();
  return review;
}

}  // namespace cf::app

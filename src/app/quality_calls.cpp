#include "app/quality_calls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/event_json.hpp"
#include "app/force_settings.hpp"
#include "app/survey.hpp"
#include "core/seeded_random.hpp"
#include "core/utf8.hpp"

namespace cf::app {
namespace {

// A person on a case as a quality call needs them: how to reach them, and what rules them out.
struct Callee {
  std::string person;
  bool victim = false;
  std::optional<core::Date> date_of_birth;
  std::string name, phone, language, contact_times, ethnic_group;
  bool wants_updates = true;  // the latest contact agreement's
  bool phone_unsafe = false;
  bool phone_chosen = false;  // the latest contact agreement chose phone
  bool enhanced = false;
};

std::vector<Callee> CalleesOf(Services& s, const std::string& crime) {
  const auto bodies = s.cases.EventBodies(crime);
  const auto file = ParseStoredCase(crime, bodies);
  std::vector<Callee> out;
  auto find = [&](const std::string& person) -> Callee* {
    for (auto& c : out)
      if (c.person == person) return &c;
    return nullptr;
  };
  for (const auto& body : bodies) {
    const nlohmann::json e = nlohmann::json::parse(body);
    const std::string type = StringField(e, "type");
    const std::string person = StringField(e, "person");
    if (type == "person.added") {
      Callee c;
      c.person = person;
      c.victim = StringField(e, "role") == "victim";
      c.ethnic_group = StringField(e, "ethnicity");
      out.push_back(std::move(c));
      continue;
    }
    Callee* c = find(person);
    if (!c) continue;
    if (type == "contract.agreed") {
      const auto wants = e.find("wants_updates");
      c->wants_updates = wants == e.end() || !wants->is_boolean() || wants->get<bool>();
      c->phone_unsafe = UnsafeChannels(e).contains("phone");
      c->phone_chosen = StringField(e, "channel") == "phone";
    } else if (type == "needs.assessed") {
      c->contact_times = StringField(e, "contact_times");
    }
  }
  for (auto& c : out) {
    const auto d = CurrentDetails(file, c.person).value_or(domain::PersonDetails{});
    c.name =
        fmt::format("{} {} {}", d.title.value_or(""), d.given.value_or(""), d.family.value_or(""));
    c.name.erase(0, c.name.find_first_not_of(' '));
    c.language = d.language.value_or("");
    c.date_of_birth = d.date_of_birth;  // as added, or as corrected since
    if (!c.phone_unsafe)
      c.phone = d.phone_mobile.value_or("").empty() ? d.phone_home.value_or("")
                                                    : d.phone_mobile.value_or("");
  }
  for (const auto& o : s.cases.CaseObligations(crime))
    if (o.enhanced)
      if (Callee* c = find(o.person)) c->enhanced = true;
  return out;
}

// Why `c` is not to be called in the week beginning `week`, or "" when they may be.
std::string WhyNotCalled(const Callee& c, core::Date week) {
  if (!c.victim) return "not a victim";
  if (c.date_of_birth && c.date_of_birth->AddMonths(16 * 12) > week) return "under 16";
  if (!c.wants_updates) return "opted out of updates";
  if (c.phone_unsafe) return "phone marked unsafe";
  if (c.phone.empty()) return "no phone number";
  if (c.enhanced && !c.phone_chosen) return "enhanced, not agreed to be phoned";
  return "";
}

CallListView ViewOf(Services& s, storage::QualityCallList list) {
  CallListView view;
  int position = 0;
  for (const auto& call : list.calls) {
    CallTarget t;
    t.position = ++position;
    t.call = call;
    if (const auto row = s.cases.FindCase(call.crime)) {
      t.crime_type = row->crime_type;
      t.recorded_on = row->recorded_on;
      t.officer = row->officer;
    }
    for (const auto& c : CalleesOf(s, call.crime)) {
      if (c.person != call.person) continue;
      t.name = c.name;
      t.language = c.language;
      t.contact_times = c.contact_times;
      // What rules a person out may have changed since the list was drawn: a phone marked
      // unsafe since is never shown.
      if (WhyNotCalled(c, list.week).empty()) t.phone = c.phone;
    }
    view.targets.push_back(std::move(t));
  }
  view.list = std::move(list);
  return view;
}

}  // namespace

bool MayMakeQualityCalls(const storage::User& user) {
  return HasRole(user, domain::StaffRole::kSupervisor) && !user.unit.empty();
}

core::Date WeekOf(core::Date day) {
  return day.AddDays(-static_cast<int32_t>((day.weekday() + 6) % 7));
}

core::Result<std::optional<CallListView>> CallListAs(Services& s, const Actor& actor,
                                                     core::Date week) {
  if (!MayMakeQualityCalls(actor.user)) {
    AuditAs(s, actor, "denied_quality_calls", "", "");
    return core::PermissionDenied("quality call-backs are made by supervisors from their lists");
  }
  auto list = s.quality.FindCallList(StaffIdOf(actor.user), WeekOf(week));
  if (!list) return std::optional<CallListView>();
  AuditAs(s, actor, "viewed_quality_calls", "", fmt::format("week of {}", list->week.ToString()));
  return std::optional<CallListView>(ViewOf(s, std::move(*list)));
}

core::Result<CallListView> DrawCallListAs(Services& s, const Actor& actor, core::Date week,
                                          std::optional<uint64_t> seed) {
  if (!MayMakeQualityCalls(actor.user)) {
    AuditAs(s, actor, "denied_quality_calls", "", "");
    return core::PermissionDenied("quality call-backs are made by supervisors from their lists");
  }
  if (WeekOf(week) != week)
    return core::InvalidArgument(
        fmt::format("week: {} is not a Monday (the week it falls in began {})", week.ToString(),
                    WeekOf(week).ToString()));
  if (week != WeekOf(s.Today()))
    return core::InvalidArgument(
        fmt::format("week: lists are drawn for this week (from {}), not the week of {}",
                    WeekOf(s.Today()).ToString(), week.ToString()));
  const int size = std::stoi(SettingValue(s.cases, "quality_calls_per_week"));
  if (size < 1)
    return core::InvalidArgument(
        "the force has set no quality call-backs (the setting \"Quality call-backs\")");
  const std::string supervisor = StaffIdOf(actor.user);

  // Read and written in one transaction, so that two supervisors drawing at once cannot both
  // list a person.
  storage::Transaction tx(s.cases);
  if (auto held = s.quality.FindCallList(supervisor, week)) {
    AuditAs(s, actor, "viewed_quality_calls", "", fmt::format("week of {}", week.ToString()));
    tx.Commit();
    return ViewOf(s, std::move(*held));
  }
  struct Candidate {
    std::string crime, person;
  };
  std::vector<Candidate> candidates;
  std::map<std::string, size_t> left_out;
  for (const auto& row : s.cases.CasesRecorded(actor.user.unit, week.AddDays(-kCallCasesFromDays),
                                               week.AddDays(-kCallCasesToDays))) {
    for (const auto& c : CalleesOf(s, row.crime)) {
      std::string why = WhyNotCalled(c, week);
      if (why.empty() && s.quality.EverListedForCall(row.crime, c.person)) why = "listed before";
      if (why.empty())
        candidates.push_back({row.crime, c.person});
      else if (why != "not a victim")
        ++left_out[why];
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::tie(a.crime, a.person) < std::tie(b.crime, b.person);
  });

  storage::QualityCallList list;
  list.supervisor = supervisor;
  list.unit = actor.user.unit;
  list.week = week;
  list.seed = seed.value_or(core::FreshSeed());
  list.size = size;
  list.drawn_at = s.clock.NowUtc();
  std::mt19937_64 rng(list.seed);
  const size_t want = std::min(static_cast<size_t>(size), candidates.size());
  for (size_t i = 0; i < want; ++i) {  // a partial Fisher-Yates shuffle
    std::swap(candidates[i], candidates[i + core::Below(rng, candidates.size() - i)]);
    list.calls.push_back({candidates[i].crime, candidates[i].person});
  }
  list.id = s.quality.AddCallList(list);
  AuditAs(s, actor, "drew_quality_calls", "",
          fmt::format("week of {}: {} of {} people, seed {}", week.ToString(), list.calls.size(),
                      candidates.size(), list.seed));
  tx.Commit();
  auto view = ViewOf(s, std::move(list));
  view.left_out = std::move(left_out);
  return view;
}

core::Result<storage::QualityCall> RecordQualityCallAs(Services& s, const Actor& actor,
                                                       int64_t list_id, int position,
                                                       const QualityCallAnswers& answers,
                                                       std::vector<std::string>& problems) {
  const auto list = s.quality.FindCallListById(list_id);
  if (!list || position < 1 || static_cast<size_t>(position) > list->calls.size())
    return core::NotFound("there is no such quality call");
  if (!MayMakeQualityCalls(actor.user) || list->supervisor != StaffIdOf(actor.user)) {
    AuditAs(s, actor, "denied_quality_calls", "", fmt::format("list {}", list_id));
    return core::PermissionDenied("a quality call is recorded by the supervisor whose list it is");
  }
  storage::QualityCall call = list->calls[static_cast<size_t>(position) - 1];
  const auto view = ViewOf(s, *list);
  const auto& target = view.targets[static_cast<size_t>(position) - 1];

  if (answers.outcome != "answered" && answers.outcome != "no_answer" &&
      answers.outcome != "declined")
    problems.emplace_back("Choose how the call went: answered, no answer or declined");
  if ((call.status == "declined" || call.status == "answered") && answers.outcome != "answered" &&
      !answers.outcome.empty())
    problems.push_back(fmt::format("This call is already recorded as {}", call.status));
  else if (call.status == "declined" && answers.outcome == "answered")
    problems.emplace_back("This call is already recorded as declined");
  if (answers.outcome != "declined" && target.phone.empty())
    problems.emplace_back(
        "Do not call: since the list was drawn they opted out, or their phone was marked "
        "unsafe. Record it as declined.");
  std::array<int, 5> stages{};
  nlohmann::json diagnostics = nlohmann::json::object();
  if (answers.outcome == "answered") {
    const auto& questions = SurveyStageQuestions();
    for (size_t i = 0; i < stages.size(); ++i) {
      const std::string& v = answers.stages[i];
      if (v.size() == 1 && v[0] >= '0' && v[0] <= '7')
        stages[i] = v[0] - '0';
      else
        problems.push_back(fmt::format("{} Choose an answer, or don't know",
                                       v.empty() ? "Not answered:" : "Not on the scale:") +
                           fmt::format(" ({})", questions[i].question));
    }
    for (const auto& q : SurveyYesNoQuestions()) {
      const auto it = answers.diagnostics.find(q.key);
      const std::string v = it == answers.diagnostics.end() ? "" : it->second;
      if (v == "yes" || v == "no")
        diagnostics[q.key] = v == "yes" ? 1 : 0;
      else if (!v.empty())
        problems.push_back(fmt::format("Answer yes, no or not asked: {}", q.question));
    }
  }
  if (core::CharacterCount(answers.comments) > kMaxCallCommentChars)
    problems.push_back(
        fmt::format("Their comments must be {} characters or fewer", kMaxCallCommentChars));
  if (!problems.empty()) return core::InvalidArgument(problems.front());

  const std::string now = s.clock.NowUtc();
  // Correcting an answered call keeps the day it was answered (and its month's figures).
  std::optional<core::Date> answered_on;
  if (!call.response_id.empty())
    for (const auto& r : s.quality.SurveyResponses(list->week, s.Today()))
      if (r.id == call.response_id) answered_on = r.interviewed_on;
  if (!answered_on) {
    ++call.attempts;
    call.last_at = now;
  }
  call.status = answers.outcome;
  storage::Transaction tx(s.cases);
  if (answers.outcome == "answered") {
    storage::SurveyResponse r;
    r.id = fmt::format("call-{}-{}", list_id, position);
    r.source = "call_back";
    r.interviewed_on = answered_on.value_or(s.Today());
    r.crime = call.crime;
    r.person = call.person;
    r.crime_type = target.crime_type;
    r.unit = list->unit;
    for (const auto& u : s.accounts.Units())
      if (u.id == list->unit) r.bcu = u.bcu;
    for (const auto& c : CalleesOf(s, call.crime))
      if (c.person == call.person) r.ethnic_group = c.ethnic_group;
    // A code the survey's measure cannot read is kept as given and counted as not stated.
    if (const auto white = WhiteOrBme(r.ethnic_group)) r.white = *white;
    r.stages = stages;
    r.diagnostics = diagnostics.dump();
    r.comments = answers.comments;
    r.stored_by = StaffIdOf(actor.user);
    r.stored_at = now;
    s.quality.PutSurveyResponses({r});
    call.response_id = r.id;
  }
  s.quality.UpdateQualityCall(list_id, position, call);
  AuditAs(s, actor, "recorded_quality_call", call.crime,
          fmt::format("person {}: {} (attempt {})", call.person, call.status, call.attempts));
  tx.Commit();
  return call;
}

}  // namespace cf::app

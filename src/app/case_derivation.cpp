#include "app/case_derivation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/budget.hpp"
#include "events/jsonl_reader.hpp"

namespace cf::app {

core::Date ComputeAsOf(const domain::CaseFile& file, core::Date at_least) {
  core::Date last = at_least;
  for (const auto& e : file.events) last = std::max(last, e.date);
  return last;
}

storage::ObligationRow ToRow(const domain::CaseFile& file, const rules::Obligation& o, int n,
                             const storage::CaseRow& owner) {
  storage::ObligationRow r;
  r.crime = file.crime;
  r.n = n;
  r.person = std::string(o.person);
  r.duty = std::string(o.DutyId());
  r.instance = o.instance;
  r.rule_set = o.rule_set->id;
  r.trigger_event = o.trigger != nullptr ? o.trigger->id : "";
  r.trigger_date = o.trigger_date;
  r.deadline = o.deadline;
  r.enhanced = o.enhanced;
  r.met_at = o.met_at;
  r.met_by = o.met_by != nullptr ? o.met_by->id : "";
  switch (o.reason) {
    case rules::NotRequiredReason::kNone:
      break;
    case rules::NotRequiredReason::kReferralOptedOut:
      r.not_required = "referral_opted_out";
      break;
    case rules::NotRequiredReason::kOptedOutOfUpdates:
      r.not_required = "opted_out_of_updates";
      break;
    case rules::NotRequiredReason::kCaseClosed:
      r.not_required = "case_closed";
      break;
  }
  r.not_required_on = o.not_required_on;
  r.remind_on = o.remind_on;
  r.settled = o.status == rules::ObligationStatus::kMet ||
              o.status == rules::ObligationStatus::kMetLate ||
              o.status == rules::ObligationStatus::kNotRequired;
  const bool to_wcu = o.rule_set->IsWitnessCare() && !owner.wcu_unit.empty();
  r.officer = to_wcu ? std::string() : owner.officer;
  r.unit = to_wcu ? owner.wcu_unit : owner.unit;
  r.crime_type = file.recorded().crime_type;
  return r;
}

namespace {

// What the work queue needs to know of each row: whether its case is closed (closed on
// `closed_on`), and whether it is a line (a person's earliest unsettled periodic update stands
// for the later ones). Two kinds of duty stay in the queue when the investigation closes: a
// Witness Care Unit's (the court stage goes on after closing as charged), and any started
// after the closure date (a review asked for, charges the CPS dropped).
void MarkQueueLines(DerivedCase& d, core::Date closed_on) {
  std::map<std::string, storage::ObligationRow*> earliest;  // by person
  for (auto& r : d.obligations) {
    const bool units = !d.row.wcu_unit.empty() && r.officer.empty() && r.unit == d.row.wcu_unit;
    r.case_closed = d.row.closed && !units && r.trigger_date <= closed_on;
    if (r.duty != "periodic_update" || r.settled) continue;
    auto& e = earliest[r.person];
    if (e == nullptr || std::tie(r.deadline, r.n) < std::tie(e->deadline, e->n)) e = &r;
  }
  for (auto& r : d.obligations) {
    if (r.duty == "periodic_update" && !r.settled) r.queue_line = earliest[r.person] == &r;
  }
}

}  // namespace

DerivedCase DeriveCase(const domain::CaseFile& file, const rules::ObligationEngine& engine,
                       const rules::Selection& selection, core::Date as_of) {
  DerivedCase d;
  const domain::Event& rec = file.recorded();
  d.row.crime = file.crime;
  d.row.crime_type = rec.crime_type;
  d.row.unit = rec.unit;
  d.row.officer = rec.officer;
  d.row.recorded_on = rec.date;
  core::Date last = rec.date;
  core::Date closed_on = rec.date;  // of the latest case.closed
  std::set<std::string> corrected;  // people whose details were changed after they were added
  for (const auto& e : file.events) {
    last = std::max(last, e.date);
    switch (e.type) {
      case domain::EventType::kOfficerAssigned:
        d.row.officer = e.officer;
        if (!e.unit.empty()) d.row.unit = e.unit;
        break;
      case domain::EventType::kCaseHandedToWcu:
        d.row.wcu_unit = e.unit;
        break;
      case domain::EventType::kCaseClosed:
        d.row.closed = true;
        closed_on = e.date;
        break;
      case domain::EventType::kCaseReopened:
        d.row.closed = false;
        break;
      case domain::EventType::kPersonAdded:
        d.people.push_back({e.person, e.role, e.represents, e.display_name, e.search_text,
                            e.date_of_birth, e.postcode});
        break;
      case domain::EventType::kPersonDetailsChanged:
        corrected.insert(e.person);
        break;
      default:
        break;
    }
  }
  // Corrected details replace what the person was added with, for display and search.
  for (auto& p : d.people) {
    if (!corrected.count(p.person)) continue;
    const auto held = CurrentDetails(file, p.person);
    if (!held) continue;
    p.display_name = domain::DisplayName(*held);
    p.search_text = domain::SearchText(*held);
    p.date_of_birth = held->date_of_birth;
    p.postcode = held->postcode.value_or("");
  }
  d.row.last_event_on = last;
  d.row.computed_as_of = as_of;
  const auto rule_sets = engine.RuleSetsFor(file, selection);
  if (rule_sets) {
    for (const auto* rs : *rule_sets)
      d.row.rule_sets += (d.row.rule_sets.empty() ? "" : ",") + rs->id;
  }
  const auto result = engine.Compute(file, selection, as_of);
  if (!result) {
    d.row.error = result.error().message;
    return d;
  }
  int n = 0;
  d.obligations.reserve(result->size());
  for (const auto& o : *result) {
    d.obligations.push_back(ToRow(file, o, ++n, d.row));
    const auto& row = d.obligations.back();
    if (o.duty == nullptr && !row.settled && o.deadline >= as_of &&
        (!d.row.stale_after || row.deadline < *d.row.stale_after)) {
      d.row.stale_after = row.deadline;
    }
  }
  MarkQueueLines(d, closed_on);
  return d;
}

std::optional<uint32_t> PersonFlags(const domain::CaseFile& file, const std::string& person,
                                    std::optional<core::Date> on) {
  std::optional<uint32_t> flags;
  for (const auto& e : file.events) {
    if (e.person != person || (on && e.date > *on)) continue;
    if (e.type == domain::EventType::kPersonAdded) flags = e.person_flags;
    if (!flags) continue;
    if (e.type == domain::EventType::kPersonFlagged) *flags |= e.person_flags;
    if (e.type == domain::EventType::kPersonUnflagged) *flags &= ~e.person_flags;
  }
  return flags;
}

std::optional<domain::PersonDetails> CurrentDetails(const domain::CaseFile& file,
                                                    const std::string& person) {
  std::optional<domain::PersonDetails> held;
  for (const auto& e : file.events) {
    if (e.person != person || !e.details) continue;
    if (e.type == domain::EventType::kPersonAdded) held = *e.details;
    if (e.type == domain::EventType::kPersonDetailsChanged && held)
      domain::Overlay(*held, *e.details);
  }
  return held;
}

domain::CaseFile ParseStoredCase(const std::string& crime, const std::vector<std::string>& bodies) {
  events::EventReader reader;
  reader.SetReadingLog();
  size_t line = 0;
  for (const auto& body : bodies) reader.ReadLine(body, ++line);
  if (!reader.errors().empty()) {
    throw storage::StorageError(
        fmt::format("stored event log of crime {} no longer validates: event {}: {}", crime,
                    reader.errors()[0].line, reader.errors()[0].message));
  }
  auto cases = reader.TakeCases();
  if (cases.size() != 1)
    throw storage::StorageError(fmt::format("stored event log of crime {} is not one case", crime));
  return std::move(cases[0]);
}

size_t RollForward(storage::CaseStore& store, const rules::ObligationEngine& engine,
                   const rules::RuleLibrary& library, const storage::Scope& scope,
                   core::Date date) {
  const auto crimes = store.CrimesToRollForward(scope, date);
  if (crimes.empty()) return 0;
  const rules::Selection selection = StoredSelection(store, library);
  // A transaction per batch of cases, each case whole: the server's other threads wait for
  // the write lock (their audit records) at most one batch, never the whole roll-forward.
  constexpr size_t kBatch = 200;
  for (size_t from = 0; from < crimes.size(); from += kBatch) {
    storage::Transaction tx(store);
    for (size_t i = from; i < std::min(crimes.size(), from + kBatch); ++i) {
      core::CheckBudget();  // a stop or the request's time ends it; this batch is rolled back
      const auto file = ParseStoredCase(crimes[i], store.EventBodies(crimes[i]));
      const auto derived = DeriveCase(file, engine, selection, ComputeAsOf(file, date));
      store.ReplaceCase(derived.row, derived.people, derived.obligations);
    }
    tx.Commit();
  }
  return crimes.size();
}

rules::Selection StoredSelection(storage::CaseStore& store, const rules::RuleLibrary& library) {
  rules::Selection s;
  if (const auto id = store.Setting("ruleset"); id && !id->empty())
    s.rule_set = library.FindRuleSet(*id);
  if (const auto id = store.Setting("policy"); id && !id->empty())
    s.policy = library.FindPolicy(*id);
  return s;
}

}  // namespace cf::app

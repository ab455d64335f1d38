#include "app/case_actions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/case_derivation.hpp"
#include "app/needs_assessment.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

constexpr const char* kDecisionDuties[] = {"not_investigated", "released_nfa", "charge",
                                           "out_of_court_disposal", "no_charge"};

std::string ContactLine(const ContactRequest& r) {
  json j = {{"id", r.event_id},    {"type", "contact.made"},
            {"crime", r.crime},    {"at", events::FormatInstant(r.at)},
            {"person", r.person},  {"channel", r.channel},
            {"outcome", r.outcome}};
  if (!r.covers.empty()) j["covers"] = r.covers;
  if (!r.summary.empty()) j["summary"] = r.summary;
  if (!r.by.empty()) j["by"] = r.by;
  return j.dump();
}

// Checks `line` against the stored case and returns the case with it appended.
core::Result<domain::CaseFile> WithEvent(storage::CaseStore& store, const std::string& crime,
                                         const std::string& line) {
  const auto bodies = store.EventBodies(crime);
  if (bodies.empty()) return core::NotFound(fmt::format("no case {}", crime));
  events::EventReader reader;
  size_t n = 0;
  for (const auto& b : bodies) reader.ReadLine(b, ++n);
  reader.ReadLine(line, ++n);
  if (!reader.errors().empty()) return core::InvalidArgument(reader.errors().back().message);
  auto cases = reader.TakeCases();
  return std::move(cases[0]);
}

std::vector<SatisfiedDuty> SatisfiedBy(const domain::CaseFile& file,
                                       const rules::ObligationEngine& engine,
                                       const rules::Selection& selection,
                                       const std::string& event_id, core::Date day) {
  std::vector<SatisfiedDuty> out;
  const auto result = engine.Compute(file, selection, day);
  if (!result) return out;
  for (const auto& o : *result) {
    if (o.met_by != nullptr && o.met_by->id == event_id) {
      out.push_back({std::string(o.person), std::string(o.DutyId()), o.instance,
                     o.deadline.ToString(), *o.met_at > o.deadline,
                     o.duty != nullptr ? o.duty->message
                                       : (o.rule_set->periodic ? o.rule_set->periodic->message
                                                               : std::string(o.DutyId()))});
    }
  }
  return out;
}

core::Result<std::vector<SatisfiedDuty>> Preview(storage::CaseStore& store,
                                                 const rules::ObligationEngine& engine,
                                                 const rules::RuleLibrary& library,
                                                 const ContactRequest& r,
                                                 domain::CaseFile* out_file) {
  const std::string line = ContactLine(r);
  auto file = WithEvent(store, r.crime, line);
  if (!file) return file.error();
  const core::Date day = file->events.back().date;
  auto satisfied = SatisfiedBy(*file, engine, StoredSelection(store, library), r.event_id,
                               ComputeAsOf(*file, day));
  if (out_file != nullptr) *out_file = std::move(file).value();
  return satisfied;
}

}  // namespace

core::Status RecordEventLine(storage::CaseStore& store, const rules::ObligationEngine& engine,
                             const rules::RuleLibrary& library, const std::string& source,
                             core::Instant at, const std::string& line) {
  ImportOptions options;
  options.source = source;
  options.now = events::FormatInstant(at);
  const auto report = ImportJsonLines(store, engine, library, line, options);
  if (!report.written)
    return core::InvalidArgument(report.errors.empty() ? "not recorded" : report.errors[0].message);
  return {};
}

core::Result<std::vector<SatisfiedDuty>> PreviewContact(storage::CaseStore& store,
                                                        const rules::ObligationEngine& engine,
                                                        const rules::RuleLibrary& library,
                                                        const ContactRequest& request) {
  return Preview(store, engine, library, request, nullptr);
}

core::Result<std::vector<SatisfiedDuty>> RecordContact(storage::CaseStore& store,
                                                       const rules::ObligationEngine& engine,
                                                       const rules::RuleLibrary& library,
                                                       const ContactRequest& request) {
  auto preview = Preview(store, engine, library, request, nullptr);
  if (!preview) return preview.error();
  storage::Transaction tx(store);
  if (auto written = RecordEventLine(store, engine, library, "staff:" + request.by, request.at,
                                     ContactLine(request));
      !written)
    return written.error();
  // Speaking to them answers any call-back they asked for.
  if (request.outcome == "spoke" || request.outcome == "visited") {
    store.CompleteCallBacks(
        request.crime, 0, request.person, request.by, events::FormatInstant(request.at),
        fmt::format("contact recorded: {} ({})", request.channel, request.outcome));
  }
  tx.Commit();
  return preview;
}

core::Result<CloseResult> CloseCase(storage::CaseStore& store,
                                    const rules::ObligationEngine& engine,
                                    const rules::RuleLibrary& library, const CloseRequest& r) {
  const auto row = store.FindCase(r.crime);
  if (!row) return core::NotFound(fmt::format("no case {}", r.crime));
  if (row->closed) return core::Conflict(fmt::format("case {} is already closed", r.crime));
  if (!domain::ParseCaseOutcome(r.outcome)) {
    return core::InvalidArgument(fmt::format("outcome: \"{}\" is not one of {}", r.outcome,
                                             domain::AllowedNames(domain::CaseOutcomeNames())));
  }
  CloseResult result;
  const auto bodies = store.EventBodies(r.crime);
  const auto file = ParseStoredCase(r.crime, bodies);
  // As of the closing moment's London day (or the case's last event, if later).
  const core::Date day = ComputeAsOf(file, core::LondonDates().DateOf(r.at));
  const auto obligations = engine.Compute(file, StoredSelection(store, library), day);
  if (obligations) {
    for (const auto& o : *obligations) {
      const bool decision = std::find(std::begin(kDecisionDuties), std::end(kDecisionDuties),
                                      o.DutyId()) != std::end(kDecisionDuties);
      const bool untold = o.status == rules::ObligationStatus::kOpen ||
                          o.status == rules::ObligationStatus::kOverdue;
      if (decision && untold && !o.rule_set->IsCharter()) {
        result.untold.push_back(
            {std::string(o.person), std::string(o.DutyId()), o.deadline.ToString()});
      }
    }
  }
  if (r.outcome == "charged") {
    for (auto& a : IncompleteAssessments(file, bodies))
      result.unassessed.push_back({a.person, a.name, std::move(a.missing)});
  }
  if (!result.untold.empty() || !result.unassessed.empty()) {
    if (!r.may_override || r.override_reason.empty()) return result;  // refused
    result.overridden = true;
  }
  json j = {{"id", r.event_id},
            {"type", "case.closed"},
            {"crime", r.crime},
            {"at", events::FormatInstant(r.at)},
            {"outcome", r.outcome},
            {"reason", r.reason},
            {"by", r.by}};
  if (result.overridden) j["gate_override"] = r.override_reason;
  if (!r.internal_note.empty()) j["internal_note"] = r.internal_note;
  if (auto written = RecordEventLine(store, engine, library, "staff:" + r.by, r.at, j.dump());
      !written)
    return written.error();
  result.closed = true;
  return result;
}

core::Result<HandOverResult> HandOverToWcu(storage::CaseStore& store,
                                           const rules::ObligationEngine& engine,
                                           const rules::RuleLibrary& library,
                                           const HandOverRequest& r) {
  const auto row = store.FindCase(r.crime);
  if (!row) return core::NotFound(fmt::format("no case {}", r.crime));
  if (r.unit.empty()) return core::InvalidArgument("unit: choose the Witness Care Unit");
  if (!row->wcu_unit.empty()) {
    return core::Conflict(
        fmt::format("case {} is already with the Witness Care Unit {}", r.crime, row->wcu_unit));
  }
  const auto bodies = store.EventBodies(r.crime);
  const auto file = ParseStoredCase(r.crime, bodies);
  const bool charged = std::any_of(
      file.events.begin(), file.events.end(),
      [](const domain::Event& e) { return e.type == domain::EventType::kSuspectCharged; });
  if (!charged) {
    return core::Conflict(fmt::format(
        "case {} has no charge recorded: a Witness Care Unit takes a case after charge", r.crime));
  }
  HandOverResult result;
  for (auto& a : IncompleteAssessments(file, bodies))
    result.unassessed.push_back({a.person, a.name, std::move(a.missing)});
  if (!result.unassessed.empty()) {
    if (!r.may_override || r.override_reason.empty()) return result;  // refused
    result.overridden = true;
  }
  json j = {{"id", r.event_id}, {"type", "case.handed_to_wcu"},
            {"crime", r.crime}, {"at", events::FormatInstant(r.at)},
            {"unit", r.unit},   {"by", r.by}};
  if (result.overridden) j["gate_override"] = r.override_reason;
  if (auto written = RecordEventLine(store, engine, library, "staff:" + r.by, r.at, j.dump());
      !written)
    return written.error();
  result.handed = true;
  return result;
}

core::Status AssignCase(storage::CaseStore& store, const rules::ObligationEngine& engine,
                        const rules::RuleLibrary& library, const AssignRequest& r) {
  if (!store.FindCase(r.crime)) return core::NotFound(fmt::format("no case {}", r.crime));
  if (r.officer.empty()) return core::InvalidArgument("officer: who the case goes to is required");
  json j = {{"id", r.event_id},     {"type", "officer.assigned"},
            {"crime", r.crime},     {"at", events::FormatInstant(r.at)},
            {"officer", r.officer}, {"by", r.by}};
  if (!r.unit.empty()) j["unit"] = r.unit;
  if (auto written = RecordEventLine(store, engine, library, "staff:" + r.by, r.at, j.dump());
      !written)
    return written.error();
  return {};
}

}  // namespace cf::app

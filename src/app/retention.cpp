#include "app/retention.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>

#include "app/case_derivation.hpp"
#include "core/london_time.hpp"
#include "domain/person_details.hpp"

namespace cf::app {
namespace {

using nlohmann::json;
using storage::RetainedKind;

constexpr std::array<RetainedKind, 3> kKinds = {RetainedKind::kPortal, RetainedKind::kMessages,
                                                RetainedKind::kCaseDetails};

// The fields an event keeps: what the engine, the duties and the statistics read, none of
// which names a person or holds words of anyone's (docs/events.md).
const std::set<std::string_view>& KeptFields() {
  static const std::set<std::string_view> kKept = {"id",
                                                   "type",
                                                   "crime",
                                                   "at",
                                                   "by",
                                                   "crime_type",
                                                   "unit",
                                                   "officer",
                                                   "flags",
                                                   "offence_date",
                                                   "person",
                                                   "role",
                                                   "represents",
                                                   "ethnicity",
                                                   "gender",
                                                   "flag",
                                                   "preferred_contact",
                                                   "dates_to_avoid",
                                                   "none",
                                                   "willing_to_attend_court",
                                                   "special_measures_needed",
                                                   "particular_needs",
                                                   "interpreter_language",
                                                   "large_print",
                                                   "easy_read",
                                                   "cjs_and_vps_explained",
                                                   "leaflet_given",
                                                   "medical_records_consent",
                                                   "witness_service_declined",
                                                   "screening",
                                                   "interpreter_needed",
                                                   "special_measures",
                                                   "vps_offered",
                                                   "wants_updates",
                                                   "channel",
                                                   "frequency_days",
                                                   "safe_to_contact",
                                                   "to",
                                                   "item",
                                                   "suspect",
                                                   "return_date",
                                                   "disposal",
                                                   "vrr_eligible",
                                                   "court",
                                                   "hearing_at",
                                                   "hearing",
                                                   "outcome",
                                                   "covers",
                                                   "decision",
                                                   "measures",
                                                   "result",
                                                   "decision_by",
                                                   "change",
                                                   "plea",
                                                   "format",
                                                   "refused"};
  return kKept;
}

// Free text, wherever it is: kept as a field (a reason's presence can matter) but not its words.
const std::set<std::string_view>& FreeTextFields() {
  static const std::set<std::string_view> kText = {"summary",    "notes",         "reason",
                                                   "conditions", "charges",       "sentence",
                                                   "times",      "contact_times", "gate_override"};
  return kText;
}

void RemoveWords(json& value) {
  if (value.is_array()) {
    for (auto& item : value) RemoveWords(item);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, item] : value.items()) {
    if (FreeTextFields().contains(key) && item.is_string()) {
      if (!item.get_ref<const std::string&>().empty()) item = kRemovedText;
    } else {
      RemoveWords(item);
    }
  }
}

json Redact(const json& event, core::Date age_date) {
  json out = json::object();
  const std::string type = event.value("type", "");
  for (const auto& [key, value] : event.items()) {
    if (KeptFields().contains(key) || FreeTextFields().contains(key)) out[key] = value;
  }
  RemoveWords(out);
  if (type == "person.added") {
    if (const auto dob = event.find("date_of_birth"); dob != event.end() && dob->is_string()) {
      if (const auto born = core::Date::Parse(dob->get<std::string>())) {
        const int age = core::AgeOn(*born, age_date);
        out["date_of_birth"] = age_date.AddMonths(-12 * age).ToString();
      }
    }
  } else if (type == "person.details_changed") {
    // What it corrected goes; that the person's contact details were taken away stays true.
    json change = json::object();
    for (const char* key : {"id", "type", "crime", "at", "by", "person", "format"}) {
      if (out.contains(key)) change[key] = out[key];
    }
    change["remove"] = json::array();
    for (const auto name : domain::RemovableDetailNames()) change["remove"].push_back(name);
    return change;
  }
  return out;
}

// The purge of one case's details, within the caller's transaction: the redacted log must give
// the case the same summary and duties as the log as it was. The rows changed, or why not.
core::Result<int64_t> PurgeCaseDetails(Services& s, const std::string& crime,
                                       const rules::Selection& selection) {
  const auto stored = s.cases.FindCase(crime);
  if (!stored) return core::NotFound(fmt::format("{}: no derived case to check against", crime));
  const auto bodies = s.cases.EventBodies(crime);
  std::vector<std::pair<std::string, std::string>> redacted;  // event id, body
  std::vector<std::string> after_bodies;
  std::optional<domain::CaseFile> before_file;
  std::optional<domain::CaseFile> after_file;
  try {
    before_file = ParseStoredCase(crime, bodies);
    const auto& recorded = before_file->events.front();
    const core::Date age_date = recorded.offence_date ? *recorded.offence_date : recorded.date;
    for (const auto& body : bodies) {
      const json event = json::parse(body);
      after_bodies.push_back(Redact(event, age_date).dump());
      redacted.emplace_back(event.at("id").get<std::string>(), after_bodies.back());
    }
    after_file = ParseStoredCase(crime, after_bodies);
  } catch (const storage::StorageError& e) {  // a line that does not validate (before or after)
    return core::Conflict(
        fmt::format("{}: left as it is: its log would not read back: {}", crime, e.what()));
  } catch (const json::exception& e) {
    return core::Conflict(
        fmt::format("{}: left as it is: an event is not JSON: {}", crime, e.what()));
  }
  const core::Date as_of = ComputeAsOf(*before_file, stored->computed_as_of);
  const DerivedCase before = DeriveCase(*before_file, s.engine, selection, as_of);
  const DerivedCase after = DeriveCase(*after_file, s.engine, selection, as_of);
  if (!(before.row == after.row) || before.obligations != after.obligations) {
    return core::Conflict(fmt::format(
        "{}: left as it is: without its personal details its duties would change", crime));
  }
  const int64_t records = s.cases.PurgeCaseDetails(crime, redacted);
  s.cases.ReplaceCase(after.row, after.people, after.obligations);
  return records;
}

}  // namespace

int RetentionRules::MonthsFor(RetainedKind kind) const {
  switch (kind) {
    case RetainedKind::kPortal:
      return portal;
    case RetainedKind::kMessages:
      return messages;
    case RetainedKind::kCaseDetails:
      return case_details;
  }
  return case_details;
}

std::string RedactEventBody(const std::string& body, core::Date age_date) {
  return Redact(json::parse(body), age_date).dump();
}

PurgeReport PurgePersonalData(Services& s, const RetentionRules& rules, core::Date today,
                              bool dry_run, const std::string& by) {
  PurgeReport report;
  report.dry_run = dry_run;
  std::map<std::pair<std::string, RetainedKind>, std::string> purged_for;  // the closing's time
  for (const auto& p : s.cases.Purges()) purged_for[{p.crime, p.kind}] = p.closed_at;
  const auto closed = s.cases.ClosedCases();
  report.closed_cases = closed.size();
  const rules::Selection selection = StoredSelection(s.cases, s.library);
  core::LondonDates london;
  for (const auto& c : closed) {
    const auto instant = core::ParseRfc3339(c.closed_at);
    if (!instant) {
      report.refused.push_back(fmt::format(
          "{}: left as it is: its closing time \"{}\" does not read", c.crime, c.closed_at));
      continue;
    }
    const core::Date closed_on = london.DateOf(*instant);
    for (const RetainedKind kind : kKinds) {
      const auto done = purged_for.find({c.crime, kind});
      if (done != purged_for.end() && done->second == c.closed_at) continue;
      const core::Date due_on = closed_on.AddMonths(rules.MonthsFor(kind));
      if (today < due_on) {
        ++report.not_yet_due;
        continue;
      }
      storage::Transaction tx(s.cases);
      int64_t records = 0;
      if (kind == RetainedKind::kPortal) {
        records = s.cases.PurgePortal(c.crime);
      } else if (kind == RetainedKind::kMessages) {
        records = s.cases.PurgeMessages(c.crime);
      } else {
        const auto details = PurgeCaseDetails(s, c.crime, selection);
        if (!details.ok()) {
          report.refused.push_back(details.error().message);
          continue;  // rolled back: nothing of this case's details is changed
        }
        records = *details;
      }
      s.cases.RecordPurge({c.crime, kind, c.closed_at, s.clock.NowUtc(), records});
      report.purged.push_back({c.crime, kind, closed_on, due_on, records});
      if (dry_run) continue;  // rolled back
      tx.Commit();
      s.accounts.Audit(
          {"", by, "purged_personal_data", c.crime, "",
           fmt::format("{}: {} records; closed {}, kept {} months", storage::RetainedKindName(kind),
                       records, closed_on.ToString(), rules.MonthsFor(kind)),
           "cli"});
    }
  }
  if (dry_run) {
    s.accounts.Audit({"", by, "planned_purge", "", "",
                      fmt::format("{} purges of {} closed cases would be made; {} refused",
                                  report.purged.size(), report.closed_cases, report.refused.size()),
                      "cli"});
  }
  return report;
}

}  // namespace cf::app

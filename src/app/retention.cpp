#include "app/retention.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <utility>

#include "app/case_derivation.hpp"
#include "core/london_time.hpp"
#include "domain/person_details.hpp"
#include "events/jsonl_reader.hpp"

namespace cf::app {
namespace {

using nlohmann::json;
using storage::RetainedKind;

constexpr std::array<RetainedKind, 3> kKinds = {RetainedKind::kPortal, RetainedKind::kMessages,
                                                RetainedKind::kCaseDetails};

// The fields an event keeps as they are: ids, times, codes and yes-or-no answers that the
// engine, the duties and the statistics read, none of which names a person or holds anyone's
// words (docs/events.md). Every other field goes, unknown ones included.
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
                                                   "none",
                                                   "willing_to_attend_court",
                                                   "special_measures_needed",
                                                   "large_print",
                                                   "easy_read",
                                                   "cjs_and_vps_explained",
                                                   "leaflet_given",
                                                   "witness_service_declined",
                                                   "interpreter_needed",
                                                   "special_measures",
                                                   "vps_offered",
                                                   "wants_updates",
                                                   "channel",
                                                   "frequency_days",
                                                   "to",
                                                   "item",
                                                   "suspect",
                                                   "return_date",
                                                   "disposal",
                                                   "vrr_eligible",
                                                   "court",
                                                   "hearing_at",
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

// Objects kept with only these members, each only when it is true or false.
const std::map<std::string_view, std::set<std::string_view>>& KeptObjects() {
  static const std::map<std::string_view, std::set<std::string_view>> kObjects = {
      {"screening",
       {"mental_health", "learning_or_communication", "physical_disability", "fear_or_distress",
        "targeted_repeatedly"}},
      {"safe_to_contact", {"phone", "sms", "email", "letter"}}};
  return kObjects;
}

// Free text: kept as a field, as its presence can matter (an interpreter asked for, a reason
// given), but any value that is not empty becomes kRemovedText.
const std::set<std::string_view>& FreeTextFields() {
  static const std::set<std::string_view> kText = {"summary",
                                                   "notes",
                                                   "reason",
                                                   "conditions",
                                                   "charges",
                                                   "sentence",
                                                   "times",
                                                   "hearing",
                                                   "contact_times",
                                                   "gate_override",
                                                   "interpreter_language"};
  return kText;
}

// A code in a list ("vulnerable", "screens", a duty's id); anything else in a kept list goes.
bool IsCode(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return !text.empty() && text.size() <= 40 && std::islower(static_cast<unsigned char>(text[0])) &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

bool IsEmpty(const json& value) {
  return value.is_null() ||
         ((value.is_string() || value.is_array() || value.is_object()) && value.empty()) ||
         (value.is_string() && value.get_ref<const std::string&>().empty());
}

// The id as the store keeps it: the reader trims it (events/jsonl_reader.cpp).
std::string StoredId(const json& event) {
  std::string id = event.at("id").get<std::string>();
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  id.erase(id.begin(), std::find_if(id.begin(), id.end(), not_space));
  id.erase(std::find_if(id.rbegin(), id.rend(), not_space).base(), id.end());
  return id;
}

json Redact(const json& event, core::Date age_date) {
  json out = json::object();
  const std::string type = event.value("type", "");
  for (const auto& [key, value] : event.items()) {
    if (FreeTextFields().contains(key)) {
      out[key] = IsEmpty(value) ? value : json(kRemovedText);
    } else if (const auto object = KeptObjects().find(key); object != KeptObjects().end()) {
      if (!value.is_object()) continue;
      json kept = json::object();
      for (const auto& [member, answer] : value.items()) {
        if (object->second.contains(member) && answer.is_boolean()) kept[member] = answer;
      }
      out[key] = std::move(kept);
    } else if (KeptFields().contains(key)) {
      if (!value.is_array()) {
        out[key] = value;
        continue;
      }
      json codes = json::array();
      for (const auto& item : value) {
        if (IsCode(item)) codes.push_back(item);
      }
      out[key] = std::move(codes);
    }
  }
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
  std::vector<storage::StoredEvent> redacted;  // only the events whose text changes
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
      if (after_bodies.back() == body) continue;
      storage::StoredEvent e;
      e.id = StoredId(event);
      e.crime = crime;
      e.body = after_bodies.back();
      e.content_hash = std::string(events::kPurgedContentHash);
      redacted.push_back(std::move(e));
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

bool IsKeptField(std::string_view key) {
  return KeptFields().contains(key) || KeptObjects().contains(key);
}

std::string RedactEventBody(const std::string& body, core::Date age_date) {
  return Redact(json::parse(body), age_date).dump();
}

PurgeReport PurgePersonalData(Services& s, const RetentionRules& rules, core::Date today,
                              bool dry_run, const std::string& by) {
  PurgeReport report;
  report.dry_run = dry_run;
  std::map<std::pair<std::string, RetainedKind>, storage::Purge> done;
  for (auto& p : s.cases.Purges()) done[{p.crime, p.kind}] = std::move(p);
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
    // The rule runs from the closing, or from the case's last event when work went on after it
    // (a charged case's court stage): a case still being worked on keeps its details.
    const core::Date quiet_since = std::max(closed_on, c.last_event_on);
    for (const RetainedKind kind : kKinds) {
      const auto previous = done.find({c.crime, kind});
      if (previous != done.end() && previous->second.closed_at == c.closed_at &&
          previous->second.through_seq >= c.last_seq)
        continue;  // purged already, and nothing has been added since
      const core::Date due_on = quiet_since.AddMonths(rules.MonthsFor(kind));
      if (today < due_on) {
        ++report.not_yet_due;
        continue;
      }
      storage::Transaction tx(s.cases);
      // What was read before is checked again inside the transaction: a case reopened, or given
      // an event, since then is left for the next run.
      const auto now = s.cases.ClosedCaseOf(c.crime);
      if (!now || now->closed_at != c.closed_at || now->last_seq != c.last_seq) {
        report.refused.push_back(fmt::format(
            "{}: left as it is: it was reopened or given an event while the purge ran", c.crime));
        break;
      }
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
      s.cases.RecordPurge({c.crime, kind, c.closed_at, s.clock.NowUtc(), records, c.last_seq});
      // In the same transaction: a purge is never kept without its audit record.
      s.accounts.Audit({"", by, "purged_personal_data", c.crime, "",
                        fmt::format("{}: {} records; closed {}, last event {}, kept {} months",
                                    storage::RetainedKindName(kind), records, closed_on.ToString(),
                                    c.last_event_on.ToString(), rules.MonthsFor(kind)),
                        "cli"});
      report.purged.push_back({c.crime, kind, closed_on, due_on, records});
      if (!dry_run) tx.Commit();  // a dry run's is rolled back, its audit record with it
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

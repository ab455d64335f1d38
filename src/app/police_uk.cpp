#include "app/police_uk.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <unordered_set>

#include "core/budget.hpp"
#include "core/hash.hpp"
#include "core/limits.hpp"
#include "core/london_time.hpp"
#include "core/utf8.hpp"
#include "events/jsonl_writer.hpp"

namespace cf::app {
namespace {

using domain::Event;
using domain::EventType;

uint64_t Fnv(std::string_view s) { return core::Fnv1a64(s); }

// Accepted crime types: the 14 current categories and older ones (2010-2013 files).
const std::map<std::string, bool, std::less<>>& CrimeTypes() {  // name -> has a victim
  static const std::map<std::string, bool, std::less<>> kTypes = {
      {"Anti-social behaviour", false},
      {"Bicycle theft", true},
      {"Burglary", true},
      {"Criminal damage and arson", true},
      {"Drugs", false},
      {"Other crime", true},
      {"Other theft", true},
      {"Possession of weapons", false},
      {"Public order", false},
      {"Robbery", true},
      {"Shoplifting", true},
      {"Theft from the person", true},
      {"Vehicle crime", true},
      {"Violence and sexual offences", true},
      {"Violent crime", true},
      {"Public disorder and weapons", false}};
  return kTypes;
}

struct OutcomeMapping {
  enum Kind { kNone, kClosed, kNoChargeThenClosed, kCharged, kDisposal, kHearing } kind;
  domain::CaseOutcome outcome = domain::CaseOutcome::kOther;
};

std::optional<OutcomeMapping> MapOutcome(std::string_view o) {
  using K = OutcomeMapping;
  using O = domain::CaseOutcome;
  static const std::map<std::string, OutcomeMapping, std::less<>> kMap = {
      {"Investigation complete; no suspect identified", {K::kClosed, O::kNoSuspect}},
      {"Unable to prosecute suspect", {K::kNoChargeThenClosed, O::kEvidentialDifficulties}},
      {"Formal action is not in the public interest", {K::kClosed, O::kNotInPublicInterest}},
      {"Further investigation is not in the public interest",
       {K::kClosed, O::kNotInPublicInterest}},
      {"Further action is not in the public interest", {K::kClosed, O::kNotInPublicInterest}},
      {"Suspect charged", {K::kCharged}},
      {"Suspect charged as part of another case", {K::kCharged}},
      {"Offender given a caution", {K::kDisposal}},
      {"Offender given a drugs possession warning", {K::kDisposal}},
      {"Offender given penalty notice", {K::kDisposal}},
      {"Offender given a penalty notice", {K::kDisposal}},
      {"Local resolution", {K::kDisposal}},
      {"Awaiting court outcome", {K::kHearing}},
      {"Defendant sent to Crown Court", {K::kHearing}},
      {"Offender sent to prison", {K::kClosed, O::kCharged}},
      {"Offender fined", {K::kClosed, O::kCharged}},
      {"Offender given community sentence", {K::kClosed, O::kCharged}},
      {"Offender given suspended prison sentence", {K::kClosed, O::kCharged}},
      {"Offender given conditional discharge", {K::kClosed, O::kCharged}},
      {"Offender given absolute discharge", {K::kClosed, O::kCharged}},
      {"Offender ordered to pay compensation", {K::kClosed, O::kCharged}},
      {"Offender otherwise dealt with", {K::kClosed, O::kCharged}},
      {"Defendant found not guilty", {K::kClosed, O::kCharged}},
      {"Court case unable to proceed", {K::kClosed, O::kCharged}},
      {"Offender deprived of property", {K::kClosed, O::kCharged}},
      {"Action to be taken by another organisation", {K::kClosed, O::kOther}},
      {"Under investigation", {K::kNone}},
      {"Status update unavailable", {K::kNone}},
      {"Court result unavailable", {K::kNone}},
  };
  const auto it = kMap.find(o);
  if (it == kMap.end()) return std::nullopt;
  return it->second;
}

// A deterministic instant in `month` (YYYY-MM) from a hash.
std::optional<core::Instant> InstantIn(std::string_view month, uint64_t h) {
  const auto first = core::Date::Parse(fmt::format("{}-01", month));
  if (!first || month.size() != 7) return std::nullopt;
  const int days = first->AddMonths(1).days() - first->days();
  const int64_t day = first->days() + static_cast<int64_t>(h % static_cast<uint64_t>(days));
  const int64_t seconds =
      (8 + static_cast<int64_t>((h >> 16) % 12)) * 3600 + static_cast<int64_t>((h >> 32) % 60) * 60;
  return day * 86400000LL + seconds * 1000;
}

std::string Borough(const std::string& lsoa_name, const std::string& falls_within) {
  const size_t space = lsoa_name.rfind(' ');
  if (space != std::string::npos && space > 0) return lsoa_name.substr(0, space);
  return falls_within.empty() ? std::string("Unknown") : falls_within;
}

class Columns {
 public:
  explicit Columns(const std::vector<std::string>& header) {
    for (size_t i = 0; i < header.size(); ++i) index_[header[i]] = i;
  }
  bool Has(const char* name) const { return index_.count(name) > 0; }
  std::string Get(const std::vector<std::string>& row, const char* name) const {
    const auto it = index_.find(name);
    return it == index_.end() || it->second >= row.size() ? std::string() : row[it->second];
  }

 private:
  std::map<std::string, size_t> index_;
};

}  // namespace

std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

PoliceUkReport ImportPoliceUk(storage::CaseStore& store, const rules::ObligationEngine& engine,
                              const rules::RuleLibrary& library, PoliceUkFile kind,
                              std::string_view csv, const ImportOptions& options) {
  PoliceUkReport report;
  storage::Transaction tx(store);
  StoreCatalog catalog(store);
  events::EventReader reader(&catalog, /*keep_bodies=*/true);
  reader.SetStreaming();
  ImportWriter writer(store, catalog, reader, options, csv.size());
  if (const auto now = core::ParseRfc3339(options.now))
    reader.SetLatestDay(core::LondonDates().DateOf(*now).AddDays(core::kDaysAhead));
  size_t records = 0;
  size_t pos = 0;
  size_t line_number = 0;
  std::optional<Columns> columns;
  std::unordered_set<std::string> seen_crimes;
  auto fail = [&](std::string_view text, std::string message) {
    // Reported through the reader so that errors and rejects look like any import's.
    reader.Reject(line_number, std::move(message), text);
  };
  // Generated events are canonical JSON already: the body is its own canonical form.
  auto accept = [&](Event e, const std::string& crime) {
    std::string body = events::ToJsonLine(crime, e);
    reader.Accept(std::move(e), crime, body, body, line_number);
  };
  // Spreadsheet programs save CSV with a byte order mark: it is not part of the header.
  if (csv.starts_with("\xEF\xBB\xBF")) pos = 3;
  size_t next_line = 1;  // the line the next record starts on
  while (pos < csv.size()) {
    if (++records % 256 == 0) core::CheckBudget();
    // A record ends at a line break outside quotes: a quoted field may hold line breaks.
    bool quoted = false;
    size_t end = pos;
    size_t breaks = 0;
    for (; end < csv.size(); ++end) {
      if (csv[end] == '"') quoted = !quoted;
      if (csv[end] == '\n') {
        if (!quoted) break;
        ++breaks;
      }
    }
    const std::string_view text = csv.substr(pos, end - pos);
    pos = end + 1;
    line_number = next_line;
    next_line += breaks + 1;
    if (text.find_first_not_of(" \r\t") == std::string_view::npos) continue;
    if (quoted) {
      fail(text, "a quoted field is not closed before the end of the file");
      break;
    }
    if (const auto bad = core::InvalidUtf8At(text)) {
      fail(text, fmt::format("not valid UTF-8 (byte {} of the record)", *bad + 1));
      if (!columns) break;
      continue;
    }
    const auto row = SplitCsv(text);
    if (!columns) {
      columns.emplace(row);
      const char* needed[] = {"Crime ID", "Month",
                              kind == PoliceUkFile::kStreet ? "Crime type" : "Outcome type"};
      std::string missing;
      for (const char* n : needed) {
        if (!columns->Has(n)) missing += fmt::format("{}\"{}\"", missing.empty() ? "" : ", ", n);
      }
      if (!missing.empty()) {
        fail(text, fmt::format("not a data.police.uk {} file: the header lacks {} (found: {})",
                               kind == PoliceUkFile::kStreet ? "street-level" : "outcomes", missing,
                               text));
        break;
      }
      continue;
    }
    ++report.rows;
    reader.NoteLine();
    const std::string crime = columns->Get(row, "Crime ID");
    const std::string month = columns->Get(row, "Month");
    const uint64_t h = Fnv(crime);
    if (kind == PoliceUkFile::kStreet) {
      const std::string type = columns->Get(row, "Crime type");
      const auto known = CrimeTypes().find(type);
      if (known == CrimeTypes().end()) {
        fail(text, fmt::format("column \"Crime type\": unknown category \"{}\"", type));
        continue;
      }
      if (crime.empty() || type == "Anti-social behaviour") {
        ++report.not_crimes;
        continue;
      }
      const auto at = InstantIn(month, h);
      if (!at) {
        fail(text, fmt::format("column \"Month\": \"{}\" is not YYYY-MM", month));
        continue;
      }
      const std::string unit =
          Borough(columns->Get(row, "LSOA name"), columns->Get(row, "Falls within"));
      Event rec;
      rec.id = "pu:" + crime;
      rec.type = EventType::kCrimeRecorded;
      rec.at = *at;
      rec.crime_type = type;
      rec.unit = unit;
      rec.officer = fmt::format("{}-{:02}", unit, (h >> 40) % 25);
      // A Crime ID repeated within this import is the same crime; one already stored is
      // offered again so that re-importing is recognised as such (or conflicts).
      if (!seen_crimes.insert(crime).second) {
        ++report.repeated;
        continue;
      }
      const bool stored = reader.KnowsCrime(crime);
      const size_t errors_before = reader.errors().size();
      accept(rec, crime);
      // Refused (a month too far ahead, say): not a crime of this import, and no victim.
      if (reader.errors().size() > errors_before) continue;
      report.crimes += stored ? 0 : 1;
      if (known->second) {
        Event victim;
        victim.id = "pu:" + crime + ":V1";
        victim.type = EventType::kPersonAdded;
        victim.at = *at;
        victim.person = "V1";
        victim.role =
            type == "Shoplifting" ? domain::Role::kBusinessContact : domain::Role::kVictim;
        accept(victim, crime);
      }
    } else {
      const std::string outcome = columns->Get(row, "Outcome type");
      const auto mapping = MapOutcome(outcome);
      if (!mapping) {
        fail(text, fmt::format("column \"Outcome type\": unknown outcome \"{}\"", outcome));
        continue;
      }
      const auto at = InstantIn(month, Fnv(std::string(crime).append(month).append(outcome)));
      if (crime.empty() || !at) {
        fail(text, crime.empty() ? std::string("column \"Crime ID\" is empty")
                                 : fmt::format("column \"Month\": \"{}\" is not YYYY-MM", month));
        continue;
      }
      if (mapping->kind == OutcomeMapping::kNone) {
        ++report.outcomes_without_event;
        continue;
      }
      if (!reader.KnowsCrime(crime)) {
        ++report.outcomes_without_crime;
        continue;
      }
      const std::string base =
          fmt::format("pu:{}:{}:{:08x}", crime, month, Fnv(outcome) & 0xffffffff);
      auto add = [&](EventType type, const std::string& suffix, core::Instant when) {
        Event e;
        e.id = base + suffix;
        e.type = type;
        e.at = when;
        return e;
      };
      switch (mapping->kind) {
        case OutcomeMapping::kNoChargeThenClosed: {
          Event e = add(EventType::kDecisionNoCharge, ":no_charge", *at);
          e.vrr_eligible = true;
          accept(e, crime);
          Event c = add(EventType::kCaseClosed, ":closed", *at + 60000);
          c.outcome = mapping->outcome;
          accept(c, crime);
          report.outcome_events += 2;
          break;
        }
        case OutcomeMapping::kClosed: {
          Event c = add(EventType::kCaseClosed, "", *at);
          c.outcome = mapping->outcome;
          accept(c, crime);
          ++report.outcome_events;
          break;
        }
        case OutcomeMapping::kCharged:
          accept(add(EventType::kSuspectCharged, "", *at), crime);
          ++report.outcome_events;
          break;
        case OutcomeMapping::kDisposal:
          accept(add(EventType::kSuspectOutOfCourtDisposal, "", *at), crime);
          ++report.outcome_events;
          break;
        case OutcomeMapping::kHearing:
          accept(add(EventType::kCourtHearingSet, "", *at), crime);
          ++report.outcome_events;
          break;
        case OutcomeMapping::kNone:
          break;
      }
    }
    if (line_number % 16384 == 0) writer.Append();  // streamed, as any import
    if (options.progress && line_number % 4096 == 0) options.progress("checking", pos, csv.size());
  }
  if (!columns) reader.Reject(1, "empty file: no header", "");
  report.import = writer.Finish(engine, library, tx);
  return report;
}

}  // namespace cf::app

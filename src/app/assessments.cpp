#include "app/assessments.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/access.hpp"
#include "app/compliance.hpp"
#include "app/event_json.hpp"

namespace cf::app {
namespace {

using nlohmann::json;

constexpr int kWindowDays = 90;

std::string Percent(int64_t part, int64_t whole) {
  return whole == 0 ? "no cases"
                    : fmt::format("{:.1f}% ({} of {})",
                                  100.0 * static_cast<double>(part) / static_cast<double>(whole),
                                  part, whole);
}

std::string Rate(const ComplianceRow& r) {
  const int64_t due = r.met + r.met_late + r.overdue;
  if (!r.rate) return "nothing fell due";
  return fmt::format("{:.1f}% on time ({} of {}; 95% interval {:.1f}-{:.1f}%)", *r.rate * 100,
                     r.met, due, r.low * 100, r.high * 100);
}

// The units in scope: all for the force, else the BCU's.
std::vector<storage::Unit> UnitsOf(storage::AccountStore& accounts, const std::string& scope) {
  std::vector<storage::Unit> out;
  for (const auto& u : accounts.Units()) {
    if (scope == "force" || u.bcu == scope) out.push_back(u);
  }
  return out;
}

ComplianceRow Sum(const std::vector<ComplianceRow>& rows, const std::set<std::string>& groups) {
  ComplianceRow s;
  for (const auto& r : rows) {
    if (!groups.empty() && !groups.count(r.group)) continue;
    s.met += r.met;
    s.met_late += r.met_late;
    s.overdue += r.overdue;
  }
  SetRate(s);
  return s;
}

}  // namespace

std::vector<std::string> AssessmentScopes(storage::AccountStore& accounts) {
  std::vector<std::string> out = {"force"};
  for (const auto& u : accounts.Units()) {
    if (!u.bcu.empty() && std::find(out.begin(), out.end(), u.bcu) == out.end())
      out.push_back(u.bcu);
  }
  return out;
}

bool SameScores(const assess::Assessment& a, const assess::Assessment& b) {
  if (a.scores.size() != b.scores.size() || a.notes != b.notes) return false;
  for (const auto& [id, s] : a.scores) {
    const auto it = b.scores.find(id);
    if (it == b.scores.end() || it->second.score != s.score || it->second.note != s.note ||
        it->second.evidence != s.evidence) {
      return false;
    }
  }
  return true;
}

core::Result<assess::Assessment> ReadAssessmentFile(const std::string& path,
                                                    const std::string& origin) {
  assess::Table table;
  const bool xlsx = path.size() > 5 && path.substr(path.size() - 5) == ".xlsx";
  if (xlsx) {
    auto read = assess::ReadXlsx(path);
    if (!read) {
      // ReadXlsx names the path it read; the reader knows the file by `origin`.
      const std::string& message = read.error().message;
      return core::InvalidArgument(
          message.rfind(path, 0) == 0 ? origin + message.substr(path.size()) : message);
    }
    table = std::move(read).value();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::NotFound(fmt::format("{}: cannot read", origin));
    std::ostringstream text;
    text << in.rdbuf();
    table = assess::ParseCsv(text.str());
    for (auto& row : table.rows) {
      for (auto& field : row) field = core::CsvUnguarded(std::move(field));
    }
  }
  auto parsed = assess::AssessmentFromTable(assess::BuiltInFramework(), table, origin);
  if (!parsed.problems.empty()) {
    std::string all;
    for (const auto& p : parsed.problems) {
      if (!all.empty()) all += '\n';
      all += p;
    }
    return core::InvalidArgument(all);
  }
  return std::move(parsed.assessment);
}

core::Result<ImportedAssessment> StoreImportedAssessment(storage::AssessmentStore& store,
                                                         assess::Assessment a,
                                                         const std::string& by, bool replace,
                                                         const std::string& origin) {
  if (const auto existing = store.FindAssessmentId(a.scope, a.assessed_on, a.assessor)) {
    auto stored = *store.FindAssessment(*existing);
    a.notes = stored.notes;  // files do not carry the overall notes
    if (SameScores(stored, a)) return ImportedAssessment{*existing, ImportedAssessment::kUnchanged};
    if (!replace) {
      return core::Conflict(
          fmt::format("{}: the assessment of {} on {} by {} is already stored (number {}) with "
                      "other scores; nothing imported "
                      "(--replace to overwrite it)",
                      origin, a.scope, a.assessed_on, a.assessor, *existing));
    }
    a.id = *existing;
    store.UpdateAssessment(a);
    return ImportedAssessment{*existing, ImportedAssessment::kReplaced};
  }
  return ImportedAssessment{store.AddAssessment(a, by), ImportedAssessment::kAdded};
}

core::Result<ImportedAssessment> ImportAssessmentFile(storage::AssessmentStore& store,
                                                      const std::string& path,
                                                      const std::string& by, bool replace) {
  auto read = ReadAssessmentFile(path, path);
  if (!read) return read.error();
  return StoreImportedAssessment(store, std::move(read).value(), by, replace, path);
}

std::vector<assess::LiveEvidence> LiveEvidence(storage::CaseStore& store,
                                               storage::AccountStore& accounts,
                                               const std::string& scope, core::Date as_of,
                                               storage::QualityStore* quality) {
  std::vector<assess::LiveEvidence> out;
  const core::Date from = as_of.AddDays(-kWindowDays);
  const auto units = UnitsOf(accounts, scope);
  std::set<std::string> unit_ids;
  for (const auto& u : units) unit_ids.insert(u.id);
  const std::set<std::string> filter = scope == "force" ? std::set<std::string>() : unit_ids;
  const std::string window =
      fmt::format("duties whose deadline fell from {} to {}", from.ToString(), as_of.ToString());

  // 2.6 and 2.7 from the contact records of cases active in the window.
  std::vector<std::string> crimes;
  if (scope == "force") {
    crimes = store.CrimesWithEventsAfter({}, from);
  } else {
    for (const auto& u : units) {
      for (auto& c : store.CrimesWithEventsAfter({"", u.id}, from)) crimes.push_back(std::move(c));
    }
  }
  int64_t contacts = 0, attributed = 0, by_officer = 0, victims = 0, with_agreement = 0;
  for (const auto& crime : crimes) {
    std::string officer;
    std::set<std::string> case_victims, agreed;
    for (const auto& body : store.EventBodies(crime)) {
      // Only these types count; most of a log is other events, and parsing is the cost.
      if (body.find("contact.made") == std::string::npos &&
          body.find("person.added") == std::string::npos &&
          body.find("contract.agreed") == std::string::npos &&
          body.find("crime.recorded") == std::string::npos &&
          body.find("officer.assigned") == std::string::npos) {
        continue;
      }
      const json e = json::parse(body, nullptr, false);
      if (e.is_discarded()) continue;
      const std::string type = StringField(e, "type");
      if (type == "crime.recorded" || type == "officer.assigned")
        officer = StringField(e, "officer");
      if (type == "person.added" && StringField(e, "role") == "victim")
        case_victims.insert(StringField(e, "person"));
      if (type == "contract.agreed") agreed.insert(StringField(e, "person"));
      if (type == "contact.made" && StringField(e, "at").substr(0, 10) >= from.ToString()) {
        ++contacts;
        if (const std::string by = StringField(e, "by"); !by.empty()) {
          ++attributed;
          by_officer += by == officer ? 1 : 0;
        }
      }
    }
    victims += static_cast<int64_t>(case_victims.size());
    for (const auto& v : case_victims) with_agreement += static_cast<int64_t>(agreed.count(v));
  }
  const std::string cases =
      fmt::format("{} cases with activity since {}", crimes.size(), from.ToString());
  const auto updates = Compliance(store, from, as_of, as_of, "unit", {"periodic_update"});
  out.push_back({"2.6", "Periodic updates given on time", Rate(Sum(updates, filter)),
                 "The Code's regular updates (the Metropolitan Police's monthly-update measure), " +
                     window + "."});
  out.push_back(
      {"2.6", "Contacts made by the officer in case",
       attributed == 0 ? "not known: no contact records say who made them"
                       : Percent(by_officer, attributed) +
                             (attributed < contacts
                                  ? fmt::format("; {} of {} contacts do not say who made them",
                                                contacts - attributed, contacts)
                                  : std::string()),
       "Contacts recorded since " + from.ToString() +
           " by the case's current officer rather than someone else, " + "in " + cases + "."});
  out.push_back(
      {"2.7", "Victims with a contact agreement", Percent(with_agreement, victims),
       "Victims who agreed how, when and how often they want to hear from us, in " + cases + "."});

  const auto all = Compliance(store, from, as_of, as_of, "unit", {});
  out.push_back({"3.1", "Code duties met on time", Rate(Sum(all, filter)),
                 "Every Victims' Code duty the system tracks, " + window +
                     "; overdue ones count as missed."});

  // 6.1 from the audit log: what supervisors did.
  std::set<std::string> supervisors;
  for (const auto& u : accounts.Users()) {
    if (app::HasRole(u, domain::StaffRole::kSupervisor) &&
        (scope == "force" || unit_ids.count(u.unit)))
      supervisors.insert(u.name);
  }
  int64_t reviews = 0, reassigned = 0, overrides = 0;
  const std::string since = from.ToString();
  for (const auto& supervisor : supervisors) {
    for (const auto& [action, n] : accounts.AuditActionCounts(supervisor, since)) {
      if (action == "viewed_case" || action == "viewed_queue" || action == "viewed_team")
        reviews += n;
      if (action == "reassigned_case") reassigned += n;
      if (action.find("override") != std::string::npos) overrides += n;
    }
  }
  out.push_back(
      {"6.1", "Supervisors' reviews of queues and cases",
       fmt::format("{} reviews by {} supervisors; {} cases reassigned; {} closure-gate overrides",
                   reviews, supervisors.size(), reassigned, overrides),
       "From the audit log since " + since + "."});
  if (quality != nullptr) {
    // Dip samples of the months the window touches, and their reviews.
    size_t samples = 0, drawn = 0, reviewed = 0;
    int score_sum = 0;
    const core::Date first_month = *core::Date::Parse(from.ToString().substr(0, 7) + "-01");
    for (const auto& u : units) {
      for (core::Date month = first_month; month <= as_of; month = month.AddMonths(1)) {
        for (const auto& d : quality->DipSamples(u.id, month.ToString().substr(0, 7))) {
          ++samples;
          drawn += d.cases.size();
          for (const auto& r : quality->DipSampleReviews(d.id)) {
            ++reviewed;
            score_sum += r.score;
          }
        }
      }
    }
    out.push_back(
        {"6.1", "Dip samples reviewed",
         samples == 0
             ? std::string("no dip samples drawn")
             : fmt::format("{} samples of {} cases; {} reviewed{}", samples, drawn, reviewed,
                           reviewed == 0 ? std::string()
                                         : fmt::format(", average score {}%",
                                                       score_sum / static_cast<int>(reviewed))),
         "Cases drawn for supervisors' review (half at random, half weighted towards risk) and "
         "scored against the rubric, in the months from " +
             first_month.ToString().substr(0, 7) + " to " + as_of.ToString().substr(0, 7) + "."});
  }

  // 6.3: the measure at each level below the scope.
  std::map<std::string, std::set<std::string>> groups;  // BCU (or unit) -> units
  for (const auto& u : units)
    groups[scope == "force" ? (u.bcu.empty() ? u.id : u.bcu) : u.id].insert(u.id);
  std::string levels;
  for (const auto& [name, ids] : groups) {
    const auto s = Sum(all, ids);
    levels +=
        fmt::format("{}{}: {}", levels.empty() ? "" : "; ", name,
                    s.rate ? fmt::format("{:.1f}%", *s.rate * 100) : std::string("nothing due"));
  }
  out.push_back({"6.3", scope == "force" ? "On-time rate by BCU" : "On-time rate by unit",
                 levels.empty() ? "no units" : levels,
                 "The same measure as 3.1 at each level, so that a review can compare them, " +
                     window + "."});
  return out;
}

core::Result<assess::Report> BuildReport(storage::AssessmentStore& assessments,
                                         storage::CaseStore& store, storage::AccountStore& accounts,
                                         int64_t id, int64_t compare_id, core::Date as_of,
                                         bool with_evidence, storage::QualityStore* quality) {
  auto a = assessments.FindAssessment(id);
  if (!a) return core::NotFound(fmt::format("no assessment {}", id));
  assess::Report r;
  r.framework = &assess::BuiltInFramework();
  r.assessment = std::move(*a);
  if (compare_id != 0) {
    auto c = assessments.FindAssessment(compare_id);
    if (!c) return core::NotFound(fmt::format("no assessment {} to compare with", compare_id));
    r.compare = std::move(*c);
  }
  r.actions = assessments.Actions(r.assessment.scope);
  if (with_evidence) r.evidence = LiveEvidence(store, accounts, r.assessment.scope, as_of, quality);
  return r;
}

}  // namespace cf::app

#include "app/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "assess/report.hpp"
#include "core/utf8.hpp"

namespace cf::app {
namespace {

constexpr size_t kMaxShown = 50;  // problems listed before "and N more"
constexpr size_t kMaxIdChars = 64;
constexpr size_t kMaxTextChars = 200;
constexpr size_t kMaxCommentChars = 2000;

const std::vector<std::string> kYesNo = [] {
  std::vector<std::string> keys;
  for (const auto& q : SurveyYesNoQuestions()) keys.push_back(q.key);
  return keys;
}();
const std::vector<std::string> kText = {"further_contact", "information_amount",
                                        "volunteered_or_prompted", "outcome_communicated"};
const std::vector<std::string> kOther = {"response_id", "interviewed_on", "crime_reference",
                                         "person",      "crime_type",     "unit",
                                         "bcu",         "ethnic_group",   "comments"};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Trim(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  return std::string(s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1));
}

// "Whole Experience" -> "whole_experience".
std::string ColumnKey(std::string_view header) {
  std::string key = Lower(Trim(header));
  std::replace(key.begin(), key.end(), ' ', '_');
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// The seven-point scale: 1..7, 0 for no answer; nullopt for anything else.
std::optional<int> ScaleValue(const std::string& cell) {
  const std::string v = Lower(Trim(cell));
  static const std::map<std::string, int> kWords = {{"", 0},
                                                    {"don't know", 0},
                                                    {"dont know", 0},
                                                    {"dk", 0},
                                                    {"refused", 0},
                                                    {"n/a", 0},
                                                    {"not asked", 0},
                                                    {"completely satisfied", 1},
                                                    {"very satisfied", 2},
                                                    {"fairly satisfied", 3},
                                                    {"neither", 4},
                                                    {"neither satisfied nor dissatisfied", 4},
                                                    {"fairly dissatisfied", 5},
                                                    {"very dissatisfied", 6},
                                                    {"completely dissatisfied", 7}};
  if (const auto it = kWords.find(v); it != kWords.end()) return it->second;
  if (v.size() == 1 && v[0] >= '1' && v[0] <= '7') return v[0] - '0';
  return std::nullopt;
}

// yes/no: 1, 0, -1 (not asked); nullopt for anything else.
std::optional<int> YesNo(const std::string& cell) {
  const std::string v = Lower(Trim(cell));
  if (v.empty() || v == "n/a" || v == "not asked") return -1;
  if (v == "yes" || v == "y" || v == "1" || v == "true") return 1;
  if (v == "no" || v == "n" || v == "0" || v == "false") return 0;
  return std::nullopt;
}

// White (ONS "White ..." or codes W1-W4), black and minority ethnic, or not stated.
// What an ethnic group says for the white/BME measure. Words and the ONS 2011 18+1 codes
// (W1-W4 white; A, B, M, O black and minority ethnic; NS not stated) are read; anything else is
// not guessed at: the import names it.
enum class Ethnicity { kWhite, kBme, kNotStated, kUnknown };
Ethnicity EthnicityOf(const std::string& group) {
  const std::string v = Lower(Trim(group));
  static const std::set<std::string> kNotStated = {
      "", "not stated", "ns", "prefer not to say", "refused", "unknown", "not known", "z", "99"};
  if (kNotStated.contains(v)) return Ethnicity::kNotStated;
  const bool code = v.size() == 2 && v[1] >= '1' && v[1] <= '9';
  if (v.starts_with("white") || v.starts_with("gypsy") || v == "irish" || (code && v[0] == 'w'))
    return Ethnicity::kWhite;
  for (const char* word :
       {"asian", "black", "mixed", "chinese", "arab", "other", "any other", "bme", "bame", "indian",
        "pakistani", "bangladeshi", "african", "caribbean"})
    if (v.starts_with(word)) return Ethnicity::kBme;
  if (code && (v[0] == 'a' || v[0] == 'b' || v[0] == 'm' || v[0] == 'o')) return Ethnicity::kBme;
  return Ethnicity::kUnknown;
}

// YYYY-MM-DD, an Excel date serial, or DD/MM/YYYY.
std::optional<core::Date> DateFrom(const std::string& cell) {
  const std::string v = assess::DateFromSpreadsheet(Trim(cell));
  if (const auto d = core::Date::Parse(v)) return d;
  if (v.size() == 10 && v[2] == '/' && v[5] == '/')
    return core::Date::Parse(v.substr(6, 4) + "-" + v.substr(3, 2) + "-" + v.substr(0, 2));
  return std::nullopt;
}

std::string UnitBcu(Services& s, const std::string& unit) {
  for (const auto& u : s.accounts.Units())
    if (u.id == unit) return u.bcu;
  return "";
}

}  // namespace

const std::vector<SurveyQuestion>& SurveyStageQuestions() {
  static const std::vector<SurveyQuestion> kQuestions = {
      {"ease_of_contact",
       "Thinking about when you first contacted the police, how satisfied were you with how easy "
       "it was to contact someone who could help you?"},
      {"actions_taken", "How satisfied are you with the actions the police took?"},
      {"follow_up",
       "How satisfied are you with how well the police kept you informed of progress?"},
      {"treatment",
       "How satisfied are you with the way the police officers and staff who dealt with you "
       "treated you?"},
      {"whole_experience",
       "Taking the whole experience into account, how satisfied are you with the service the "
       "police gave you in this case?"}};
  return kQuestions;
}

const std::vector<SurveyQuestion>& SurveyYesNoQuestions() {
  static const std::vector<SurveyQuestion> kQuestions = {
      {"knew_who_to_contact", "Did you know who to contact about your case?"},
      {"calls_returned", "When you called the police, were your calls returned in good time?"},
      {"told_what_police_would_do", "Were you told what the police would do?"},
      {"information_provided_quickly", "When you needed information, were you given it quickly?"},
      {"kept_informed_without_asking", "Were you kept informed without having to ask?"},
      {"kept_informed_only_after_asking", "Were you kept informed only after you asked?"},
      {"questions_answered", "Were your questions answered well enough?"},
      {"told_prevent_repeat", "Were you told of anything done to stop it happening again?"},
      {"told_investigation_succeeded", "Were you told that the investigation had succeeded?"},
      {"told_investigation_closed", "Were you told that the investigation had been closed?"},
      {"told_investigation_ongoing", "Were you told that the investigation was still going on?"},
      {"told_arrest", "Were you told about an arrest?"},
      {"told_property_recovered", "Were you told that property had been recovered?"}};
  return kQuestions;
}

const std::array<std::string, 7>& SatisfactionScale() {
  static const std::array<std::string, 7> kScale = {
      "Completely satisfied",   "Very satisfied",
      "Fairly satisfied",       "Neither satisfied nor dissatisfied",
      "Fairly dissatisfied",    "Very dissatisfied",
      "Completely dissatisfied"};
  return kScale;
}

core::Result<std::optional<bool>> WhiteOrBme(const std::string& ethnic_group) {
  switch (EthnicityOf(ethnic_group)) {
    case Ethnicity::kWhite:
      return std::optional<bool>(true);
    case Ethnicity::kBme:
      return std::optional<bool>(false);
    case Ethnicity::kNotStated:
      return std::optional<bool>();
    case Ethnicity::kUnknown:
      break;
  }
  return core::InvalidArgument(fmt::format(
      "ethnic group \"{}\" is neither a 2011 census code nor words for one", ethnic_group));
}

core::Result<core::CsvTable> ReadSurveyFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return core::InvalidArgument(fmt::format("cannot read {}", path));
  if (size > kMaxSurveyBytes)
    return core::InvalidArgument(fmt::format("{} is {} MB: a survey file may be at most {} MB",
                                             path, size >> 20, kMaxSurveyBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return core::InvalidArgument(fmt::format("cannot read {}", path));
  if (text.starts_with("PK"))  // a zip file: a workbook (its header row and the responses)
    return assess::ReadXlsx(path, kMaxSurveyRows + 1);
  return core::ParseCsv(text);
}

bool MayAnalyseSurvey(const storage::User& user) {
  return HasRole(user, domain::StaffRole::kAnalyst) || HasRole(user, domain::StaffRole::kAdmin);
}

core::Status CheckStage(const std::string& stage) {
  for (const auto s : storage::kSurveyStages)
    if (s == stage) return {};
  return core::InvalidArgument(
      fmt::format("\"{}\" is not a stage of the survey (ease_of_contact, actions_taken, follow_up, "
                  "treatment, whole_experience)",
                  stage));
}

core::Result<SurveyImported> ImportSurvey(Services& s, const Actor& actor,
                                          const core::CsvTable& table, const std::string& origin) {
  if (!MayAnalyseSurvey(actor.user)) {
    AuditAs(s, actor, "denied_import_survey", "", origin);
    return core::PermissionDenied("importing the satisfaction survey is for analysts and admins");
  }
  if (table.rows.empty())
    return core::InvalidArgument(fmt::format("{}: empty: it needs a header row", origin));
  if (table.rows.size() - 1 > kMaxSurveyRows)
    return core::InvalidArgument(fmt::format("{}: {} responses: an import takes at most {}", origin,
                                             table.rows.size() - 1, kMaxSurveyRows));
  std::vector<std::string> problems;
  size_t more = 0;
  auto problem = [&](size_t line, const std::string& column, const std::string& what) {
    if (problems.size() >= kMaxShown) {
      ++more;
      return;
    }
    problems.push_back(column.empty()
                           ? fmt::format("{} line {}: {}", origin, line, what)
                           : fmt::format("{} line {}, column {}: {}", origin, line, column, what));
  };
  // The header: every column one this import knows, none twice.
  std::map<std::string, size_t> at;
  for (size_t c = 0; c < table.rows[0].size(); ++c) {
    const std::string key = ColumnKey(table.rows[0][c]);
    if (key.empty()) continue;
    const bool known = std::find(kOther.begin(), kOther.end(), key) != kOther.end() ||
                       std::find(kYesNo.begin(), kYesNo.end(), key) != kYesNo.end() ||
                       std::find(kText.begin(), kText.end(), key) != kText.end() ||
                       CheckStage(key).ok();
    if (!known)
      problem(table.lines[0], table.rows[0][c],
              "not a column the survey import knows (docs/survey.md lists them)");
    else if (!at.emplace(key, c).second)
      problem(table.lines[0], table.rows[0][c], "the column is given twice");
  }
  for (const char* required : {"response_id", "interviewed_on"})
    if (!at.contains(required))
      problem(table.lines[0], "", fmt::format("the header has no {} column", required));
  if (!problems.empty())
    return core::InvalidArgument(fmt::format("{}\nnothing was stored", fmt::join(problems, "\n")));

  const std::string now = s.clock.NowUtc();
  std::vector<storage::SurveyResponse> responses;
  std::set<std::string> ids;
  SurveyImported out;
  std::map<std::string, std::string> bcu_of;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const size_t line = table.lines[r];
    auto cell = [&](const std::string& key) {
      const auto it = at.find(key);
      return it == at.end() || it->second >= row.size() ? std::string() : Trim(row[it->second]);
    };
    auto bounded = [&](const std::string& key, size_t limit) {
      std::string v = cell(key);
      if (core::InvalidUtf8At(v)) {
        problem(line, key, "is not UTF-8 text");
        return std::string();
      }
      if (core::CharacterCount(v) > limit)
        problem(line, key, fmt::format("is longer than {} characters", limit));
      return v;
    };
    storage::SurveyResponse resp;
    resp.source = "import";
    resp.stored_by = StaffIdOf(actor.user);
    resp.stored_at = now;
    resp.id = bounded("response_id", kMaxIdChars);
    if (resp.id.empty())
      problem(line, "response_id", "is empty: each response needs the survey's own id");
    else if (!ids.insert(resp.id).second)
      problem(line, "response_id", fmt::format("\"{}\" is given twice", resp.id));
    else if (resp.id.starts_with("call-"))
      problem(line, "response_id",
              fmt::format("\"{}\": ids beginning call- are the quality call-backs' own", resp.id));
    if (const auto d = DateFrom(cell("interviewed_on")))
      resp.interviewed_on = *d;
    else
      problem(line, "interviewed_on",
              fmt::format("\"{}\" is not a date (YYYY-MM-DD)", cell("interviewed_on")));
    resp.crime = bounded("crime_reference", kMaxIdChars);
    resp.person = bounded("person", kMaxIdChars);
    resp.crime_type = bounded("crime_type", kMaxTextChars);
    resp.unit = bounded("unit", kMaxIdChars);
    resp.bcu = bounded("bcu", kMaxIdChars);
    resp.ethnic_group = bounded("ethnic_group", kMaxTextChars);
    switch (EthnicityOf(resp.ethnic_group)) {
      case Ethnicity::kWhite:
        resp.white = true;
        break;
      case Ethnicity::kBme:
        resp.white = false;
        break;
      case Ethnicity::kNotStated:
        break;
      case Ethnicity::kUnknown:
        problem(line, "ethnic_group",
                fmt::format("\"{}\" is not an ethnic group the import knows (White..., Asian..., "
                            "Black..., Mixed..., Other..., an ONS code such as W1 or A2, or Not "
                            "stated)",
                            resp.ethnic_group));
        break;
    }
    resp.comments = bounded("comments", kMaxCommentChars);
    for (size_t i = 0; i < storage::kSurveyStages.size(); ++i) {
      const std::string key(storage::kSurveyStages[i]);
      if (const auto v = ScaleValue(cell(key)))
        resp.stages[i] = *v;
      else
        problem(line, key,
                fmt::format("\"{}\" is not on the seven-point scale (1 completely satisfied to 7 "
                            "completely dissatisfied, its words, or don't know / refused)",
                            cell(key)));
    }
    nlohmann::json diagnostics = nlohmann::json::object();
    for (const auto& q : kYesNo) {
      const auto v = YesNo(cell(q));
      if (!v)
        problem(line, q, fmt::format("\"{}\" is not yes or no", cell(q)));
      else if (*v >= 0)
        diagnostics[q] = *v;
    }
    for (const auto& q : kText)
      if (auto v = bounded(q, kMaxTextChars); !v.empty()) diagnostics[q] = std::move(v);
    resp.diagnostics = diagnostics.dump();
    if (!resp.crime.empty()) {
      if (const auto c = s.cases.FindCase(resp.crime)) {
        ++out.linked;
        if (resp.crime_type.empty()) resp.crime_type = c->crime_type;
        if (resp.unit.empty()) resp.unit = c->unit;
      } else {
        ++out.not_found;
      }
    }
    if (resp.bcu.empty() && !resp.unit.empty()) {
      auto [it, fresh] = bcu_of.try_emplace(resp.unit);
      if (fresh) it->second = UnitBcu(s, resp.unit);
      resp.bcu = it->second;
    }
    responses.push_back(std::move(resp));
  }
  if (more > 0) problems.push_back(fmt::format("and {} more problems", more));
  if (!problems.empty())
    return core::InvalidArgument(fmt::format("{}\nnothing was stored", fmt::join(problems, "\n")));
  out.rows = responses.size();
  storage::Transaction tx(s.cases);
  out.written = s.quality.PutSurveyResponses(responses);
  AuditAs(s, actor, "imported_survey", "",
          fmt::format("{}: {} responses, {} added, {} replaced, {} unchanged", origin, out.rows,
                      out.written.added, out.written.replaced, out.written.unchanged));
  tx.Commit();
  return out;
}

std::optional<bool> SatisfiedWith(const storage::SurveyResponse& r, const std::string& stage) {
  for (size_t i = 0; i < storage::kSurveyStages.size(); ++i) {
    if (storage::kSurveyStages[i] != stage) continue;
    if (r.stages[i] == 0) return std::nullopt;
    return r.stages[i] <= 3;
  }
  return std::nullopt;
}

std::vector<Satisfaction> SatisfactionBy(const std::vector<storage::SurveyResponse>& responses,
                                         const std::string& stage, const std::string& by) {
  std::map<std::string, Satisfaction> groups;
  for (const auto& r : responses) {
    const auto satisfied = SatisfiedWith(r, stage);
    if (!satisfied) continue;
    std::string group;
    if (by == "crime_type") group = r.crime_type.empty() ? "not known" : r.crime_type;
    if (by == "unit") group = r.unit.empty() ? "not known" : r.unit;
    if (by == "bcu") group = r.bcu.empty() ? "not known" : r.bcu;
    if (by == "ethnicity") group = !r.white ? "not stated" : *r.white ? "white" : "bme";
    if (by == "month") group = r.interviewed_on.ToString().substr(0, 7);
    auto& g = groups[group];
    g.group = group;
    ++g.answered;
    g.satisfied += *satisfied ? 1 : 0;
  }
  std::vector<Satisfaction> out;
  for (auto& [name, g] : groups) {
    g.wilson = stats::WilsonInterval(g.satisfied, g.answered);
    out.push_back(g);
  }
  return out;
}

SatisfactionGap WhiteBmeGap(const std::vector<storage::SurveyResponse>& responses) {
  SatisfactionGap gap;
  for (const auto& r : responses) {
    const auto satisfied = SatisfiedWith(r, "whole_experience");
    if (!satisfied || !r.white) continue;
    if (*r.white) {
      ++gap.white_answered;
      gap.white_satisfied += *satisfied ? 1 : 0;
    } else {
      ++gap.bme_answered;
      gap.bme_satisfied += *satisfied ? 1 : 0;
    }
  }
  gap.comparison = stats::CompareProportions(gap.white_satisfied, gap.white_answered,
                                             gap.bme_satisfied, gap.bme_answered);
  return gap;
}

core::Result<std::vector<storage::SurveyResponse>> SurveyResponsesAs(Services& s,
                                                                     const Actor& actor,
                                                                     core::Date from, core::Date to,
                                                                     const std::string& what) {
  if (!MayAnalyseSurvey(actor.user)) {
    AuditAs(s, actor, "denied_survey", "", what);
    return core::PermissionDenied("the satisfaction survey is for analysts and admins");
  }
  auto responses = s.quality.SurveyResponses(from, to);
  AuditAs(s, actor, "viewed_survey", "",
          fmt::format("{}, {} to {}: {} responses", what, from.ToString(), to.ToString(),
                      responses.size()));
  return responses;
}

bool MayReadComments(const storage::User& user, const std::string& unit) {
  if (MayAnalyseSurvey(user)) return true;
  return HasRole(user, domain::StaffRole::kSupervisor) && !unit.empty() && user.unit == unit;
}

core::Result<std::vector<storage::SurveyResponse>> CommentsAs(Services& s, const Actor& actor,
                                                              const std::string& unit,
                                                              core::Date from, core::Date to) {
  if (!MayReadComments(actor.user, unit) || (unit.empty() && !MayAnalyseSurvey(actor.user))) {
    AuditAs(s, actor, "denied_survey_comments", "", unit.empty() ? "every unit" : "unit " + unit);
    return core::PermissionDenied(
        "victims' comments are for the unit's supervisors, analysts and admins");
  }
  std::vector<storage::SurveyResponse> out;
  for (auto& r : s.quality.SurveyResponses(from, to))
    if (!r.comments.empty() && (unit.empty() || r.unit == unit)) out.push_back(std::move(r));
  std::reverse(out.begin(), out.end());
  AuditAs(s, actor, "viewed_survey_comments", "",
          fmt::format("{}, {} to {}: {} comments", unit.empty() ? "every unit" : "unit " + unit,
                      from.ToString(), to.ToString(), out.size()));
  return out;
}

size_t RecentCommentCount(Services& s, const std::string& unit) {
  const core::Date today = s.Today();
  const auto responses = s.quality.SurveyResponses(today.AddDays(-kRecentCommentDays), today);
  return static_cast<size_t>(std::count_if(responses.begin(), responses.end(), [&](const auto& r) {
    return !r.comments.empty() && r.unit == unit;
  }));
}

core::Result<SurveyOverview> SurveyOverviewAs(Services& s, const Actor& actor, core::Date from,
                                              core::Date to) {
  if (!MayAnalyseSurvey(actor.user)) {
    AuditAs(s, actor, "denied_survey", "", "");
    return core::PermissionDenied("the satisfaction survey is for analysts and admins");
  }
  const auto responses = s.quality.SurveyResponses(from, to);
  SurveyOverview out;
  out.responses = responses.size();
  out.previous_from = from.AddDays(-(to.days() - from.days() + 1));
  const auto before = s.quality.SurveyResponses(out.previous_from, from.AddDays(-1));
  for (const auto stage : storage::kSurveyStages) {
    auto all = SatisfactionBy(responses, std::string(stage), "");
    Satisfaction row = all.empty() ? Satisfaction{} : all.front();
    row.group = std::string(stage);
    const auto earlier = SatisfactionBy(before, std::string(stage), "");
    out.change.push_back(earlier.empty() ? std::nullopt
                                         : stats::CompareProportions(row.satisfied, row.answered,
                                                                     earlier.front().satisfied,
                                                                     earlier.front().answered));
    out.stages.push_back(row);
  }
  out.gap = WhiteBmeGap(responses);
  AuditAs(s, actor, "viewed_survey", "",
          fmt::format("{} to {}: {} responses", from.ToString(), to.ToString(), out.responses));
  return out;
}

namespace {

// One response's row of candidate drivers: name -> value, absent when unknown.
using DriverRow = std::map<std::string, double>;

// What the case's own record says by the day of the interview. False when the store holds no
// such case, or it has no victim to have asked.
bool AddCaseFacts(Services& s, const storage::SurveyResponse& r, DriverRow& row) {
  const auto c = s.cases.FindCase(r.crime);
  if (!c) return false;
  const auto file = ParseStoredCase(r.crime, s.cases.EventBodies(r.crime));
  std::string person = r.person;
  if (person.empty())
    for (const auto& p : s.cases.CasePeople(r.crime))
      if (p.role == domain::Role::kVictim) {
        person = p.person;
        break;
      }
  if (person.empty()) return false;
  bool enhanced = false;
  std::map<std::string, bool> missed;
  for (const auto& o : s.cases.CaseObligations(r.crime)) {
    if (o.person != person || o.trigger_date > r.interviewed_on) continue;
    enhanced = enhanced || o.enhanced;
    if (o.deadline >= r.interviewed_on) continue;  // not yet due when they were asked
    const bool late = o.not_required.empty() && (!o.met_at || *o.met_at > o.deadline);
    auto& m = missed["missed_" + o.duty];
    m = m || late;
  }
  row["enhanced"] = enhanced ? 1 : 0;
  for (const auto& [duty, late] : missed) row[duty] = late ? 1 : 0;
  int informing = 0;
  std::optional<core::Date> first;
  for (const auto& e : file.events) {
    if (e.type != domain::EventType::kContactMade || e.person != person ||
        e.date > r.interviewed_on || !domain::IsInforming(e.contact_outcome))
      continue;
    ++informing;
    if (!first) first = e.date;
  }
  row["informing_contacts"] = informing;
  const auto days = s.calendar.CountWorkingDays(c->recorded_on, first.value_or(r.interviewed_on));
  if (days) row["working_days_to_first_update"] = std::max(0, *days);
  if (!r.crime_type.empty()) row["crime_type=" + r.crime_type] = 1;
  return true;
}

}  // namespace

core::Result<DriverAnalysis> AnalyseSurveyDrivers(Services& s, const Actor& actor,
                                                  const std::string& stage, core::Date from,
                                                  core::Date to) {
  if (!MayAnalyseSurvey(actor.user)) {
    AuditAs(s, actor, "denied_analyse_survey", "", stage);
    return core::PermissionDenied("the survey's analysis is for analysts and admins");
  }
  if (const auto st = CheckStage(stage); !st) return st.error();
  DriverAnalysis out;
  out.data.outcome_name = "satisfied_" + stage;
  std::vector<DriverRow> rows;
  std::vector<double> outcome;
  size_t unanswered = 0, linked = 0;
  for (const auto& r : s.quality.SurveyResponses(from, to)) {
    const auto satisfied = SatisfiedWith(r, stage);
    if (!satisfied) {
      ++unanswered;
      continue;
    }
    DriverRow row;
    const auto diagnostics = nlohmann::json::parse(r.diagnostics);
    for (const auto& [q, v] : diagnostics.items())
      if (v.is_number_integer()) row[q] = v.get<int>();
    if (!r.crime.empty() && AddCaseFacts(s, r, row)) ++linked;
    rows.push_back(std::move(row));
    outcome.push_back(*satisfied ? 1 : 0);
  }
  if (unanswered > 0)
    out.notes.push_back(
        fmt::format("{} responses left out: no answer to {} (don't know, refused "
                    "or not asked)",
                    unanswered, stage));
  // Crime types: one indicator each for those with ten or more responses, the commonest the
  // reference; a response of another type counts as the reference's peers (all zeros).
  std::map<std::string, size_t> types;
  for (const auto& row : rows)
    for (const auto& [name, v] : row)
      if (name.starts_with("crime_type=")) ++types[name];
  std::string reference;
  for (const auto& [name, n] : types)
    if (reference.empty() || n > types[reference]) reference = name;
  // Candidate drivers, in a stable order: questions, then case facts.
  std::vector<std::string> candidates = kYesNo;
  std::set<std::string> facts;
  for (const auto& row : rows)
    for (const auto& [name, v] : row)
      if (std::find(kYesNo.begin(), kYesNo.end(), name) == kYesNo.end()) facts.insert(name);
  const bool use_facts = !rows.empty() && linked * 2 >= rows.size();
  if (!use_facts && linked > 0)
    out.notes.push_back(fmt::format(
        "the case's own record is left out: only {} of {} responses name a case the store holds "
        "with a victim on it",
        linked, rows.size()));
  if (use_facts) {
    if (linked < rows.size())
      out.notes.push_back(fmt::format(
          "{} responses left out: they name no case the store holds with a victim on it, so its "
          "record is unknown",
          rows.size() - linked));
    for (const auto& f : facts)
      if (!f.starts_with("crime_type=") || (f != reference && types[f] >= 10))
        candidates.push_back(f);
    if (!reference.empty())
      out.notes.push_back(
          fmt::format("crime types are compared with {} (the commonest), and "
                      "those with fewer than ten responses are counted with it",
                      reference.substr(11)));
  }
  // Keep the rows with the case record when it is used.
  std::vector<size_t> keep;
  for (size_t i = 0; i < rows.size(); ++i)
    if (!use_facts || rows[i].contains("enhanced")) keep.push_back(i);
  for (const auto& name : candidates) {
    const bool is_type = name.starts_with("crime_type=");
    const bool is_missed = name.starts_with("missed_");
    size_t answered = 0;
    std::map<double, std::pair<size_t, size_t>> by_value;  // value -> rows, satisfied
    for (const size_t i : keep) {
      const auto it = rows[i].find(name);
      if (it == rows[i].end() && !is_type && !is_missed) continue;
      const double v = it == rows[i].end() ? 0 : it->second;
      ++answered;
      auto& [n, yes] = by_value[v];
      ++n;
      yes += outcome[i] == 1 ? 1 : 0;
    }
    if (answered == 0) continue;
    if (answered * 5 < keep.size() * 4) {
      out.notes.push_back(fmt::format("{} left out: answered in only {} of {} responses", name,
                                      answered, keep.size()));
      continue;
    }
    if (by_value.size() < 2) {
      out.notes.push_back(
          fmt::format("{} left out: {} in every response", name, by_value.begin()->first));
      continue;
    }
    if (by_value.size() == 2) {
      const auto rarer = std::min(by_value.begin()->second.first, by_value.rbegin()->second.first);
      if (rarer < 10) {
        const double value = by_value.begin()->second.first == rarer ? by_value.begin()->first
                                                                     : by_value.rbegin()->first;
        out.notes.push_back(fmt::format(
            "{} left out: only {} responses have {} = {}, too few to estimate its effect", name,
            rarer, name, value));
        continue;
      }
    }
    std::string separates;
    if (by_value.size() == 2)
      for (const auto& [v, counts] : by_value)
        if (counts.second == 0 || counts.second == counts.first)
          separates = fmt::format("every one of the {} responses with {} = {} is {}", counts.first,
                                  name, v, counts.second == 0 ? "not satisfied" : "satisfied");
    if (!separates.empty()) {
      out.notes.push_back(
          fmt::format("{} left out: it separates the outcome on its own ({}), so "
                      "its odds ratio would be infinite",
                      name, separates));
      continue;
    }
    out.data.driver_names.push_back(name);
  }
  // The table: rows with every chosen driver answered (a missed duty or crime type absent is 0).
  out.data.drivers.resize(out.data.driver_names.size());
  size_t incomplete = 0;
  for (const size_t i : keep) {
    std::vector<double> values;
    for (const auto& name : out.data.driver_names) {
      const auto it = rows[i].find(name);
      if (it != rows[i].end())
        values.push_back(it->second);
      else if (name.starts_with("crime_type=") || name.starts_with("missed_"))
        values.push_back(0);
      else
        break;
    }
    if (values.size() < out.data.driver_names.size()) {
      ++incomplete;
      continue;
    }
    out.data.outcome.push_back(outcome[i]);
    for (size_t j = 0; j < values.size(); ++j) out.data.drivers[j].push_back(values[j]);
  }
  if (incomplete > 0)
    out.notes.push_back(
        fmt::format("{} responses left out: a chosen question unanswered", incomplete));
  out.fit = stats::FitLogit(out.data);
  AuditAs(s, actor, "analysed_survey", "",
          fmt::format("drivers of {}, {} to {}: {} responses", stage, from.ToString(),
                      to.ToString(), out.data.outcome.size()));
  return out;
}

}  // namespace cf::app

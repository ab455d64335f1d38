#include "assess/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assess/spider.hpp"
#include "core/csv.hpp"
#include "core/date.hpp"

namespace cf::assess {
namespace {

using nlohmann::json;

std::string Trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

json Averages(const Framework& f, const Assessment& a) {
  json out = json::array();
  for (const auto& s : Summarise(f, a)) {
    out.push_back(
        {{"component", s.component->number},
         {"name", s.component->name},
         {"average", s.average ? json(std::round(*s.average * 100) / 100) : json(nullptr)},
         {"scored", s.scored},
         {"indicators", s.total}});
  }
  return out;
}

}  // namespace

std::string ReportJson(const Report& r) {
  const Framework& f = *r.framework;
  const Assessment& a = r.assessment;
  json scores = json::array();
  for (const auto& c : f.components) {
    for (const auto& i : c.indicators) {
      const auto it = a.scores.find(i.id);
      json row = {{"indicator", i.id}, {"component", c.number},
                  {"title", i.title},  {"score", nullptr},
                  {"note", ""},        {"evidence", json::array()}};
      if (it != a.scores.end()) {
        if (it->second.score) row["score"] = *it->second.score;
        row["note"] = it->second.note;
        row["evidence"] = it->second.evidence;
      }
      if (r.compare) {
        const auto was = r.compare->scores.find(i.id);
        row["previous_score"] = was != r.compare->scores.end() && was->second.score
                                    ? json(*was->second.score)
                                    : json(nullptr);
      }
      scores.push_back(std::move(row));
    }
  }
  json guidance = json::array();
  for (const auto& g : Guidance(f, a)) {
    json steps = json::array();
    for (const auto& s : g.next_steps) {
      steps.push_back({{"indicator", s.indicator->id},
                       {"score", s.score ? json(*s.score) : json(nullptr)},
                       {"next_level", s.next_level}});
    }
    guidance.push_back({{"component", g.component->number},
                        {"name", g.component->name},
                        {"guide_pages", g.component->guide_pages},
                        {"development", g.development},
                        {"next_steps", steps}});
  }
  json actions = json::array();
  for (const auto& p : r.actions) {
    actions.push_back({{"id", p.id},
                       {"indicator", p.indicator},
                       {"action", p.action},
                       {"owner", p.owner},
                       {"due", p.due},
                       {"status", p.status}});
  }
  json evidence = json::array();
  for (const auto& e : r.evidence) {
    evidence.push_back({{"indicator", e.indicator},
                        {"measure", e.measure},
                        {"value", e.value},
                        {"detail", e.detail}});
  }
  json out = {{"id", a.id},
              {"scope", a.scope},
              {"assessed_on", a.assessed_on},
              {"assessor", a.assessor},
              {"notes", a.notes},
              {"scale", f.scale},
              {"averages", Averages(f, a)},
              {"scores", scores},
              {"guidance", guidance},
              {"actions", actions},
              {"live_evidence", evidence},
              {"source", f.source},
              {"licence", f.attribution}};
  if (r.compare) {
    out["compared_with"] = {{"id", r.compare->id},
                            {"assessed_on", r.compare->assessed_on},
                            {"assessor", r.compare->assessor},
                            {"averages", Averages(f, *r.compare)}};
  }
  return out.dump(2) + "\n";
}

std::string ScoresCsv(const Framework& f, const Assessment& a) {
  std::string out;
  for (const char* c : kScoreColumns) {
    if (!out.empty()) out += ',';
    out += c;
  }
  out += "\r\n";
  for (const auto& c : f.components) {
    for (const auto& i : c.indicators) {
      const auto it = a.scores.find(i.id);
      std::string score, note, evidence;
      if (it != a.scores.end()) {
        if (it->second.score) score = std::to_string(*it->second.score);
        note = it->second.note;
        for (const auto& link : it->second.evidence) {
          if (!evidence.empty()) evidence += " | ";
          evidence += link;
        }
      }
      out += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", core::CsvField(a.scope), a.assessed_on,
                         core::CsvField(a.assessor), c.number, i.id, core::CsvField(i.title), score,
                         core::CsvField(note), core::CsvField(evidence));
    }
  }
  return out;
}

std::string DateFromSpreadsheet(const std::string& cell) {
  if (cell.empty() || cell.find_first_not_of("0123456789.") != std::string::npos) return cell;
  // Not a number after all ("." or "1.2.3"), or beyond Excel's last day: left for the date
  // check to refuse, as typed.
  double serial = 0;
  const char* end = cell.data() + cell.size();
  const auto [stop, error] = std::from_chars(cell.data(), end, serial);
  if (error != std::errc() || stop != end || serial < 1 || serial >= 2958466) return cell;
  // 25569: 1970-01-01 in Excel's count.
  return core::Date::FromDays(static_cast<int32_t>(serial) - 25569).ToString();
}

ParsedAssessment AssessmentFromTable(const Framework& f, const Table& table,
                                     const std::string& origin) {
  ParsedAssessment out;
  auto problem = [&](size_t line, const std::string& what) {
    out.problems.push_back(fmt::format("{}:{}: {}", origin, line, what));
  };
  if (table.rows.empty()) {
    problem(1, "the file is empty: expected a header row (scope,assessed_on,assessor,...)");
    return out;
  }
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < table.rows[0].size(); ++i) col[Trim(table.rows[0][i])] = i;
  for (const char* need : {"scope", "assessed_on", "assessor", "indicator", "score"}) {
    if (!col.count(need))
      problem(table.lines[0], fmt::format("the header has no \"{}\" column", need));
  }
  if (!out.problems.empty()) return out;
  auto cell = [&](const std::vector<std::string>& row, const char* name) {
    const auto it = col.find(name);
    return it == col.end() || it->second >= row.size() ? std::string() : Trim(row[it->second]);
  };
  std::set<std::string> seen;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const size_t line = table.lines[r];
    const std::string scope = cell(row, "scope"),
                      date = DateFromSpreadsheet(cell(row, "assessed_on")),
                      assessor = cell(row, "assessor"), id = cell(row, "indicator"),
                      score = cell(row, "score");
    if (id.empty() && score.empty() && scope.empty()) continue;  // a blank row
    Assessment& a = out.assessment;
    if (r == 1) {
      a.scope = scope;
      a.assessed_on = date;
      a.assessor = assessor;
    } else if (scope != a.scope || date != a.assessed_on || assessor != a.assessor) {
      problem(line, fmt::format("scope, assessed_on and assessor must be the same on every row "
                                "(line {} has {}, {}, {})",
                                table.lines[1], a.scope, a.assessed_on, a.assessor));
      continue;
    }
    if (f.FindIndicator(id) == nullptr) {
      problem(line,
              fmt::format("indicator: \"{}\" is not one of the 21 indicators (1.1 to 6.3)", id));
      continue;
    }
    if (!seen.insert(id).second) {
      problem(line, fmt::format("indicator: {} appears twice", id));
      continue;
    }
    IndicatorScore s;
    if (!score.empty()) {
      // "3", or a spreadsheet's number "3.0".
      const bool digit = score[0] >= '0' && score[0] <= '4';
      if (digit && (score.size() == 1 || (score.size() == 3 && score.substr(1) == ".0"))) {
        s.score = score[0] - '0';
      } else {
        problem(
            line,
            fmt::format(
                "score: \"{}\" is not a whole number from 0 to 4 (leave it empty if not scored)",
                score));
        continue;
      }
    }
    s.note = cell(row, "note");
    const std::string links = cell(row, "evidence");
    size_t start = 0;
    while (start < links.size()) {
      const size_t end = std::min(links.find('|', start), links.size());
      const std::string link = Trim(links.substr(start, end - start));
      if (!link.empty()) s.evidence.push_back(link);
      start = end + 1;
    }
    a.scores[id] = std::move(s);
  }
  if (out.problems.empty()) {
    if (out.assessment.scores.empty()) problem(table.lines[0], "no indicator rows");
    for (const auto& p : Validate(f, out.assessment))
      problem(table.lines.size() > 1 ? table.lines[1] : 1, p);
  }
  return out;
}

}  // namespace cf::assess

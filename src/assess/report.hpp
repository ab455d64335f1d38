#pragma once
// A self-assessment as a report, in the formats `assess report` writes: JSON (everything),
// CSV (one row per indicator: the format `assess import` reads back), XLSX (the same scores
// sheet, with the averages, native radar charts, guidance, the action plan and the licence)
// and PDF (spider diagrams with their tables). SVG is spider.hpp.

#include <optional>
#include <string>
#include <vector>

#include "assess/assessment.hpp"
#include "core/csv.hpp"
#include "core/result.hpp"

namespace cf::assess {

struct Report {
  const Framework* framework = nullptr;
  Assessment assessment;
  std::optional<Assessment> compare;   // overlaid and shown as change
  std::vector<PlanAction> actions;     // the scope's plan
  std::vector<LiveEvidence> evidence;  // what the system measures
};

std::string ReportJson(const Report& report);

// The columns of the scores table (CSV and the XLSX "Scores" sheet).
inline constexpr const char* kScoreColumns[] = {"scope",     "assessed_on", "assessor",
                                                "component", "indicator",   "title",
                                                "score",     "note",        "evidence"};
std::string ScoresCsv(const Framework& framework, const Assessment& assessment);

// Rows of a table with the line (or spreadsheet row) each starts on.
using Table = core::CsvTable;
using core::ParseCsv;

// The assessment a scores table holds (header row first; component and title are for people
// and not read; evidence links separated by " | "). Problems name the origin, line and
// column: "scores.csv:4: score: \"5\" is not a whole number from 0 to 4". Every row must be
// of one scope, date and assessor, and each indicator appear once.
struct ParsedAssessment {
  Assessment assessment;
  std::vector<std::string> problems;
};
ParsedAssessment AssessmentFromTable(const Framework& framework, const Table& table,
                                     const std::string& origin);

// Excel stores dates as days since 1899-12-30; a date cell read as a number becomes YYYY-MM-DD.
std::string DateFromSpreadsheet(const std::string& cell);

core::Status WriteXlsx(const Report& report, const std::string& path);
// The sheet named "Scores" (or the first sheet) of an .xlsx file, of up to `max_rows` rows
// (a bound, so that a small hostile workbook cannot make millions of cells). Errors: not an
// .xlsx file, a cell beyond the bound.
core::Result<Table> ReadXlsx(const std::string& path, size_t max_rows = 10000);

core::Status WritePdf(const Report& report, const std::string& path);

}  // namespace cf::assess

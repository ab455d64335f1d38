// citizenfocus stats logit FILE.csv --outcome COLUMN [--drivers A,B,...] [--format csv|json]:
// the key driver engine on any table, no store needed.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/csv.hpp"
#include "events/jsonl_reader.hpp"
#include "stats/logit.hpp"

namespace cf::cli {
namespace {

constexpr size_t kMaxTableBytes = size_t{512} << 20;
constexpr size_t kMaxProblems = 20;

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A number as a spreadsheet exports one; nullopt for anything else.
std::optional<double> NumberIn(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (error != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string> SplitNames(const std::string& list) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const auto name = Trimmed(std::string_view(list).substr(start, comma - start));
    if (name.empty()) throw UsageError{fmt::format("--drivers: \"{}\" has an empty name", list)};
    names.emplace_back(name);
    start = comma + 1;
  }
  return names;
}

// The file's columns named by `outcome` and `drivers` (all the other columns when none are
// named) as numbers. A row with a blank in any of them is left out (counted in `left_out`);
// text that is not a number is an error naming its line and column, all such errors reported
// together.
stats::LogitData ReadTable(const std::string& path, const std::string& outcome,
                           std::vector<std::string> drivers, size_t& left_out) {
  std::string text;
  if (!events::ReadAll(path, text)) throw InvalidInput{fmt::format("cannot read {}", path)};
  if (text.size() > kMaxTableBytes)
    throw InvalidInput{fmt::format("{} is {} MB: a table may be at most {} MB", path,
                                   text.size() >> 20, kMaxTableBytes >> 20)};
  const core::CsvTable table = core::ParseCsv(text);
  if (table.rows.empty())
    throw InvalidInput{fmt::format("{} is empty: it needs a header row", path)};
  const auto& header = table.rows.front();
  auto column = [&](const std::string& name) -> size_t {
    for (size_t c = 0; c < header.size(); ++c)
      if (Trimmed(header[c]) == name) return c;
    std::string known;
    for (const auto& h : header) known += (known.empty() ? "" : ", ") + std::string(Trimmed(h));
    throw InvalidInput{fmt::format("{} line {}: no column \"{}\" (the columns are {})", path,
                                   table.lines.front(), name, known)};
  };
  const size_t outcome_column = column(outcome);
  if (drivers.empty())
    for (size_t c = 0; c < header.size(); ++c)
      if (c != outcome_column) drivers.emplace_back(Trimmed(header[c]));
  if (drivers.size() > stats::kMaxDrivers)
    throw InvalidInput{
        fmt::format("{}: {} drivers; a fit takes at most {} (name them with --drivers)", path,
                    drivers.size(), stats::kMaxDrivers)};
  std::vector<size_t> driver_columns;
  for (const auto& d : drivers) {
    if (d == outcome) throw UsageError{fmt::format("--drivers: {} is the outcome", d)};
    driver_columns.push_back(column(d));
  }

  stats::LogitData data;
  data.outcome_name = outcome;
  data.driver_names = drivers;
  data.drivers.resize(drivers.size());
  std::vector<std::string> problems;
  std::vector<double> row(drivers.size());
  left_out = 0;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const auto& cells = table.rows[r];
    auto cell = [&](size_t c) { return c < cells.size() ? Trimmed(cells[c]) : std::string_view{}; };
    bool blank = false, bad = false;
    auto read = [&](size_t c, const std::string& name) -> double {
      const auto s = cell(c);
      if (s.empty()) {
        blank = true;
        return 0;
      }
      const auto v = NumberIn(s);
      if (!v) {
        bad = true;
        if (problems.size() < kMaxProblems)
          problems.push_back(fmt::format("{} line {}, column {}: \"{}\" is not a number", path,
                                         table.lines[r], name, s));
        return 0;
      }
      return *v;
    };
    const double y = read(outcome_column, outcome);
    if (!blank && !bad && y != 0.0 && y != 1.0 && problems.size() < kMaxProblems) {
      bad = true;
      problems.push_back(fmt::format("{} line {}, column {}: \"{}\" is not 0 or 1", path,
                                     table.lines[r], outcome, cell(outcome_column)));
    }
    for (size_t j = 0; j < drivers.size(); ++j) row[j] = read(driver_columns[j], drivers[j]);
    if (bad) continue;
    if (blank) {
      ++left_out;
      continue;
    }
    data.outcome.push_back(y);
    for (size_t j = 0; j < drivers.size(); ++j) data.drivers[j].push_back(row[j]);
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += p + "\n";
    message += "nothing was fitted";
    throw InvalidInput{message};
  }
  return data;
}

}  // namespace

void AddStatsCommands(CLI::App& app, Context& ctx) {
  (void)ctx;  // no store: the engine works on any table
  auto* stats = app.add_subcommand("stats", "Statistics on any table, no store needed");
  stats->require_subcommand(1);
  struct Options {
    std::string file, outcome, drivers, format = "csv";
  };
  auto o = std::make_shared<Options>();
  auto* logit = stats->add_subcommand(
      "logit",
      "Key driver analysis: logistic regression of a 0/1 outcome column on driver columns; one "
      "row per term (term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,"
      "importance). Rows with a blank in a used column are left out");
  logit->add_option("file", o->file, "A CSV file with a header row")->required();
  logit->add_option("--outcome", o->outcome, "The 0/1 column to explain")->required();
  logit->add_option("--drivers", o->drivers,
                    "Comma-separated driver columns (default: every other column)");
  logit->add_option("--format", o->format, "csv or json")->capture_default_str();
  logit->callback([o] {
    const Format format = ParseFormat(o->format);
    if (format == Format::kTable) throw UsageError{"--format: stats logit writes csv or json"};
    size_t left_out = 0;
    const auto data = ReadTable(
        o->file, o->outcome,
        o->drivers.empty() ? std::vector<std::string>{} : SplitNames(o->drivers), left_out);
    const auto fit = stats::FitLogit(data);
    if (!fit) throw InvalidInput{fmt::format("{}: {}", o->file, fit.error().message)};
    if (format == Format::kCsv) {
      if (left_out > 0)
        std::cerr << fmt::format("note: {} rows with a blank in a used column were left out\n",
                                 left_out);
      for (const auto& w : fit->warnings) std::cerr << "warning: " << w << "\n";
    }
    std::cout << LogitFitText(*fit, format, left_out);
  });
}

}  // namespace cf::cli

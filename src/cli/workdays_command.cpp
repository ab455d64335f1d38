// citizenfocus workdays add DATE N | add - | count FROM TO
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/context.hpp"
#include "events/jsonl_reader.hpp"

namespace cf::cli {
namespace {

// Parses "N" as a whole number; false for anything else.
bool ParseInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
    if (s.size() == 1) return false;
  }
  int v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = negative ? -v : v;
  return true;
}

void AppendDate(std::string& out, core::Date d) {
  char buf[11];
  const auto [y, m, day] = d.ToYmd();
  buf[0] = static_cast<char>('0' + y / 1000 % 10);
  buf[1] = static_cast<char>('0' + y / 100 % 10);
  buf[2] = static_cast<char>('0' + y / 10 % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + m / 10);
  buf[6] = static_cast<char>('0' + m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + day / 10);
  buf[9] = static_cast<char>('0' + day % 10);
  buf[10] = '\n';
  out.append(buf, 11);
}

// One "DATE N" line to its answer or its error, appended to `out`. False on error.
bool AddLine(const calendar::WorkingDayCalendar& cal, std::string_view line, std::string& out) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  size_t start = line.find_first_not_of(" \t");
  line = start == std::string_view::npos ? std::string_view{} : line.substr(start);
  const size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos) {
    out += "error: expected \"DATE N\"\n";
    return false;
  }
  const auto date = core::Date::Parse(line.substr(0, space));
  if (!date) {
    out += fmt::format("error: \"{}\" is not a date (YYYY-MM-DD)\n", line.substr(0, space));
    return false;
  }
  const std::string_view rest = line.substr(line.find_first_not_of(" \t", space));
  int n = 0;
  if (!ParseInt(rest, n)) {
    out += fmt::format("error: \"{}\" is not a whole number of working days\n", rest);
    return false;
  }
  const auto result = cal.AddWorkingDays(*date, n);
  if (!result) {
    out += "error: " + result.error().message + "\n";
    return false;
  }
  AppendDate(out, *result);
  return true;
}

int AddFromStdin(const calendar::WorkingDayCalendar& cal) {
  std::string text;
  events::ReadAll("-", text);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool failed = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    failed |= !AddLine(cal, std::string_view(text).substr(pos, end - pos), out);
    pos = end + 1;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace

void AddWorkdaysCommand(CLI::App& app, Context& ctx) {
  auto* workdays = app.add_subcommand("workdays", "Working-day arithmetic (England and Wales)");
  workdays->require_subcommand(1);

  auto* add = workdays->add_subcommand(
      "add", "The Nth working day after DATE (DATE itself never counts); '-' reads 'DATE N' lines");
  auto date = std::make_shared<std::string>();
  auto n = std::make_shared<std::string>();
  add->add_option("DATE", *date, "YYYY-MM-DD, or - to read 'DATE N' pairs from standard input")
      ->required();
  add->add_option("N", *n, "working days (1 or more)");
  add->callback([&ctx, date, n] {
    const auto& cal = ctx.Calendar();
    if (*date == "-") {
      if (!n->empty())
        throw UsageError{"workdays add -: give no N; each input line holds 'DATE N'"};
      throw ExitWith{AddFromStdin(cal)};
    }
    if (n->empty()) throw UsageError{"workdays add: N is required"};
    int days = 0;
    ctx.DateOption(*date, "DATE");
    if (!ParseInt(*n, days)) throw UsageError{fmt::format("N: \"{}\" is not a whole number", *n)};
    std::string out;
    const bool ok = AddLine(cal, *date + " " + *n, out);
    (ok ? std::cout : std::cerr) << out;
    throw ExitWith{ok ? kExitOk : kExitInvalidInput};
  });

  auto* count = workdays->add_subcommand(
      "count", "How many working days lie after FROM, up to and including TO");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  count->add_option("FROM", *from, "YYYY-MM-DD")->required();
  count->add_option("TO", *to, "YYYY-MM-DD")->required();
  count->callback([&ctx, from, to] {
    const auto f = ctx.DateOption(*from, "FROM");
    const auto t = ctx.DateOption(*to, "TO");
    const auto result = ctx.Calendar().CountWorkingDays(f, t);
    if (!result) {
      std::cerr << "error: " << result.error().message << "\n";
      throw ExitWith{kExitInvalidInput};
    }
    std::cout << *result << "\n";
  });
}

}  // namespace cf::cli

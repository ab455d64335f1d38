#pragma once
// Whole-case scenarios in a small domain language (tests/scenarios/*.scn). Each line is a
// statement; dates carry their weekday, which the parser checks, so a scenario reads like
// a deadline table:
//
//   scenario Christmas arrest for a standard victim
//   ruleset code-2020
//   as-of Mon 2025-03-31
//   Mon 2024-12-23 10:15 recorded "Burglary"
//   Mon 2024-12-23 10:15 add V1 victim born 1970-05-01
//   Tue 2024-12-24 23:30Z arrested
//   Fri 2025-01-03 11:00 contact V1 spoke covers arrest
//   expect V1 arrest from Tue 2024-12-24 due Fri 2025-01-03 standard met Fri 2025-01-03
//
// Times are London wall-clock (Z: UTC). The expectations are exhaustive: an obligation
// the engine produces that no `expect` names fails the scenario. The grammar is in
// tests/scenarios/README.md.

#include <string>
#include <vector>

namespace cf::testing {

struct Scenario {
  std::string name;
  std::string where;    // file:line of the `scenario` statement
  std::string ruleset;  // empty: in force on the recording date
  std::string policy;
  std::string as_of;                  // ISO date
  std::string events;                 // JSON Lines, as an RMS would send them
  std::vector<std::string> expected;  // canonical rows, see CanonicalRow
};

// Parses one .scn file; throws std::runtime_error naming file:line on a bad statement.
std::vector<Scenario> ParseScenarios(const std::string& path);

// The canonical text the expectations and the engine's output are compared in:
// "V1 arrest#1 from 2024-12-24 due 2025-01-03 standard met 2025-01-03".
std::string CanonicalRow(const std::string& person, const std::string& duty, int instance,
                         const std::string& from, const std::string& due, bool enhanced,
                         const std::string& status, const std::string& met_at);

}  // namespace cf::testing

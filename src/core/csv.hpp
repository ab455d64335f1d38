#pragma once
// CSV (RFC 4180) as our files and exports use it: fields quoted when they hold a comma, a
// quote or a line break; quoted fields may hold all three.

#include <string>
#include <string_view>
#include <vector>

namespace cf::core {

// One field as our exports write it. A value a spreadsheet would run as a formula (one that
// starts with =, +, -, @, a tab or a carriage return) is written with an apostrophe in front,
// as OWASP advises against CSV injection, so that opening an export never runs what someone
// typed: "=HYPERLINK(...)" becomes "'=HYPERLINK(...)". A value of only digits, spaces, brackets,
// plus and minus signs (a phone number, "+44 7700 900123") can call nothing and is left as it is.
std::string CsvField(std::string_view value);
// A field read back from a file we wrote: CsvField's apostrophe removed.
std::string CsvUnguarded(std::string value);

// Rows, each with the line it starts on (a quoted line break makes a row span lines). Empty
// lines are skipped; a leading byte-order mark (Excel's) is dropped.
struct CsvTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
};
CsvTable ParseCsv(std::string_view text);

}  // namespace cf::core

#pragma once
// CSV (RFC 4180) as our files and exports use it: fields quoted when they hold a comma, a
// quote or a line break; quoted fields may hold all three.

#include <string>
#include <string_view>
#include <vector>

namespace cf::core {

std::string CsvField(std::string_view value);

// Rows, each with the line it starts on (a quoted line break makes a row span lines). Empty
// lines are skipped; a leading byte-order mark (Excel's) is dropped.
struct CsvTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
};
CsvTable ParseCsv(std::string_view text);

}  // namespace cf::core

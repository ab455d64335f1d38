// Fuzzes the two CSV readers: core::ParseCsv (scores files, and whatever reads back our exports)
// and app::SplitCsv (one record of a data.police.uk file). Beyond "no crash", it asserts:
// - ParseCsv gives each row the line it starts on, in order and within the text, and drops
//   empty rows;
// - what ParseCsv reads (with CsvField's apostrophe removed, as the readers do) and CsvField then
//   writes reads back the same: our exports round-trip;
// - SplitCsv reads one line as ParseCsv does, and a record it splits, written back with every
//   field quoted, splits the same.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/police_uk.hpp"
#include "core/csv.hpp"
#include "fuzz_check.hpp"

namespace {

using Row = std::vector<std::string>;

std::vector<Row> Unguarded(std::vector<Row> rows) {
  for (auto& row : rows) {
    for (auto& field : row) field = cf::core::CsvUnguarded(std::move(field));
  }
  return rows;
}

std::string Quoted(const Row& row) {
  std::string out;
  for (const auto& field : row) {
    if (!out.empty()) out += ',';
    out += '"';
    for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto table = cf::core::ParseCsv(text);
  CF_FUZZ_CHECK(table.rows.size() == table.lines.size());
  const size_t last_line = 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  for (size_t i = 0; i < table.rows.size(); ++i) {
    CF_FUZZ_CHECK(table.lines[i] >= 1 && table.lines[i] <= last_line);
    CF_FUZZ_CHECK(i == 0 || table.lines[i] > table.lines[i - 1]);
    CF_FUZZ_CHECK(!(table.rows[i].size() == 1 && table.rows[i][0].empty()));
  }

  const auto read = Unguarded(table.rows);
  std::string written;
  for (const auto& row : read) {
    for (size_t i = 0; i < row.size(); ++i) written += (i ? "," : "") + cf::core::CsvField(row[i]);
    written += "\r\n";
  }
  // A first field that starts with a byte-order mark is read as one (and dropped) at the start
  // of a file: a limit of the format, not of the writer.
  if (written.rfind("\xEF\xBB\xBF", 0) != 0) {
    CF_FUZZ_CHECK_MSG(Unguarded(cf::core::ParseCsv(written).rows) == read, written);
  }

  if (text.find('\n') == std::string_view::npos && text.rfind("\xEF\xBB\xBF", 0) != 0) {
    const Row split = cf::app::SplitCsv(text);
    CF_FUZZ_CHECK(!split.empty());
    if (!(split.size() == 1 && split[0].empty())) {
      CF_FUZZ_CHECK(table.rows.size() == 1 && table.rows[0] == split);
    }
    CF_FUZZ_CHECK(cf::app::SplitCsv(Quoted(split)) == split);
  }
  return 0;
}

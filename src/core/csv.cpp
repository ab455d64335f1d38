#include "core/csv.hpp"

namespace cf::core {

namespace {

// What makes a spreadsheet read a cell as a formula. A value of only digits, spaces, brackets,
// plus and minus signs (a phone number "+44 7700 900123", a number "-3") can call no function,
// so it is left as it is: Victim Support's systems read the phone numbers we send them.
bool StartsFormula(std::string_view v) {
  if (v.empty() || std::string_view("=+-@\t\r").find(v.front()) == std::string_view::npos)
    return false;
  return v.find_first_not_of("0123456789 +-()") != std::string_view::npos;
}

}  // namespace

std::string CsvField(std::string_view raw) {
  std::string value;
  value.reserve(raw.size() + 1);
  if (StartsFormula(raw)) value.push_back('\'');
  value.append(raw);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvUnguarded(std::string value) {
  if (value.size() > 1 && value.front() == '\'' && StartsFormula(std::string_view(value).substr(1)))
    value.erase(0, 1);
  return value;
}

CsvTable ParseCsv(std::string_view text) {
  CsvTable t;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  size_t line = 1, row_line = 1;
  auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    if (!(row.size() == 1 && row[0].empty())) {
      t.rows.push_back(std::move(row));
      t.lines.push_back(row_line);
    }
    row.clear();
    any = false;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // Excel's byte order mark
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!any) {
      row_line = line;
      any = true;
    }
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (any) end_row();
  return t;
}

}  // namespace cf::core

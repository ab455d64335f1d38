#include "sheets/workbook.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace cf::sheets {
namespace {

core::Status WriteTables(const std::vector<Sheet>& sheets, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return core::InvalidArgument("cannot start a workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (ws == nullptr) {
      workbook_close(wb);
      return core::InvalidArgument(fmt::format("sheet name \"{}\" is not allowed", sheet.name));
    }
    std::vector<lxw_format*> formats;
    for (size_t c = 0; c < sheet.header.size(); ++c) {
      const std::string& f = c < sheet.column_formats.size() && !sheet.column_formats[c].empty()
                                 ? sheet.column_formats[c]
                                 : sheet.number_format;
      lxw_format* format = workbook_add_format(wb);
      format_set_num_format(format, f.c_str());
      formats.push_back(format);
    }
    for (size_t c = 0; c < sheet.header.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.header[c].c_str(), bold);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const Cell& cell = sheet.rows[r][c];
        if (const auto* text = std::get_if<std::string>(&cell)) {
          worksheet_write_string(ws, row, col, text->c_str(), nullptr);
        } else if (const auto* number = std::get_if<double>(&cell)) {
          worksheet_write_number(ws, row, col, *number, c < formats.size() ? formats[c] : nullptr);
        }
      }
    }
    for (size_t c = 0; c < sheet.widths.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           sheet.widths[c], nullptr);
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR)
    return core::InvalidArgument("the workbook could not be written");
  return {};
}

}  // namespace

core::Result<std::string> WrittenWorkbook(
    const std::function<core::Status(const std::string& path)>& write) {
  namespace fs = std::filesystem;
  std::string folder = (fs::temp_directory_path() / "cf-xlsx-XXXXXX").string();
  if (::mkdtemp(folder.data()) == nullptr)
    return core::InvalidArgument("cannot make a scratch folder for the workbook");
  const fs::path scratch = fs::path(folder) / "book.xlsx";
  core::Result<std::string> out = core::InvalidArgument("the workbook was not written");
  if (const auto written = write(scratch.string()); !written) {
    out = written.error();
  } else {
    std::ifstream in(scratch, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // A zip ends with its end-of-central-directory record (22 bytes, no comment here).
    if (in.bad() || bytes.size() < 22 || bytes.compare(bytes.size() - 22, 4, "PK\x05\x06") != 0)
      out = core::InvalidArgument("the workbook was not written whole");
    else
      out = std::move(bytes);
  }
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  return out;
}

core::Result<std::string> TableWorkbook(const std::vector<Sheet>& sheets) {
  return WrittenWorkbook([&](const std::string& path) { return WriteTables(sheets, path); });
}

}  // namespace cf::sheets

#pragma once
// Excel workbooks for downloads, written with Debian's libxlsxwriter: plain tables (a header
// row, then text and numbers), and the scratch-file discipline every workbook written here
// goes through.

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace cf::sheets {

// An empty cell, text, or a number (written as a number, so Excel can sum it).
using Cell = std::variant<std::monostate, std::string, double>;

struct Sheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rule)
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
  std::vector<double> widths;       // column widths in characters (missing: Excel's default)
  std::string number_format = "0";  // for numbers: "0", "0.0%"...; per column below
  std::vector<std::string> column_formats;  // a column's own format ("" or missing: the sheet's)
};

// The bytes of a workbook of `sheets`, header rows bold and frozen.
// Errors: kInvalidArgument when it cannot be made (a bad sheet name, no scratch space).
core::Result<std::string> TableWorkbook(const std::vector<Sheet>& sheets);

// The bytes of the workbook `write` makes at the path it is given. libxlsxwriter writes a file
// itself, and a short write may go unnoticed: the path is in a scratch folder of this call's
// own (mkdtemp), and the file is read back and checked to end as a zip file does.
// Errors: `write`'s, or kInvalidArgument when the file was not written whole.
core::Result<std::string> WrittenWorkbook(
    const std::function<core::Status(const std::string& path)>& write);

}  // namespace cf::sheets

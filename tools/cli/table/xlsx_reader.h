#pragma once
// Reads one sheet of an Excel workbook (.xlsx, Office Open XML) from its bytes, every cell as
// text, without an xlsx library: zip_archive.h opens the package, xml_tokenizer.h reads the parts
// that lead to the sheet (the package and workbook relationships, xl/workbook.xml), and
// xlsx_cells.h the shared strings and the worksheet.
//  - Shared strings, inline strings and formula text results as they are (rich-text runs joined,
//    phonetic guides left out, `_xHHHH_` escapes decoded, leading and trailing spaces dropped
//    unless the text says xml:space="preserve", as Excel shows it); numbers as Excel stores them
//    (dates are serial numbers); booleans as TRUE/FALSE; errors as their text (#N/A); formulas
//    by their cached value.
//  - Row numbers come from `<row r="..">` (sequential where absent), columns from the cell
//    reference (`B3`; the next column where absent); cells missing from a row are empty strings
//    and every row has as many cells as its last non-empty one; all-empty rows are dropped.
//  - Bounds: kMaxXlsxRows rows, kMaxXlsxColumns columns, kMaxCsvCellBytes per cell,
//    kMaxXlsxCells cells in all (rows times their widths), and zip_archive.h's per-part bounds.
// Errors are INVALID_ARGUMENT with bilingual (English / Chinese) messages: an old binary .xls
// (or a password-protected workbook, which Excel stores the same way) is named as such; a damaged
// workbook names the part ("xl/worksheets/sheet1.xml: row 5, cell B5: ...") and what is wrong; a
// sheet that does not exist names the sheets there are. Pure function; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/table/csv.h"
#include "tools/cli/table/xlsx_cells.h"  // the bounds kMaxXlsx*

namespace skillbridge::cli {

struct XlsxSheet {
  std::string name;          // the sheet read
  std::vector<CsvRow> rows;  // `line` is the spreadsheet row number (1-based)
};

// The sheet named `sheet_name` (exactly, or else ignoring ASCII case and surrounding spaces), or
// the first visible worksheet when `sheet_name` is empty.
absl::StatusOr<XlsxSheet> ReadXlsxSheet(std::string_view bytes, std::string_view sheet_name);

}  // namespace skillbridge::cli

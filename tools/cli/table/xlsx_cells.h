#pragma once
// The cells of an .xlsx workbook, read from the XML of its parts (xml_tokenizer.h): the shared
// strings table (xl/sharedStrings.xml) and a worksheet (xl/worksheets/sheetN.xml). Every cell as
// text, as xlsx_reader.h describes: strings as they are (rich-text runs joined, phonetic guides
// left out, `_xHHHH_` escapes decoded, leading and trailing spaces dropped unless the text says
// xml:space="preserve", as Excel shows it), numbers as Excel stores them, booleans as TRUE/FALSE,
// errors as their text, formulas by their cached value; row numbers from `<row r>` and columns
// from cell references (sequential where absent); all-empty rows dropped.
// Errors are INVALID_ARGUMENT "<part>: <what is wrong>" ("xl/worksheets/sheet1.xml: row 5, cell
// B5: ..."). Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/table/csv.h"

namespace skillbridge::cli {

inline constexpr size_t kMaxXlsxRows = 1048576;    // Excel's own limit
inline constexpr size_t kMaxXlsxColumns = 16384;   // XFD, Excel's own limit
inline constexpr size_t kMaxXlsxCells = 20000000;  // 20 million: 200,000 rows of 100 columns

// The strings of the shared strings part named `part`, in order; none above kMaxCsvCellBytes.
absl::StatusOr<std::vector<std::string>> ReadSharedStringsPart(std::string_view part, std::string_view xml);

// The non-empty rows of the worksheet part named `part` (`line` is the row number). Each row has
// as many cells as its last non-empty one. `shared_strings` is nullptr when the workbook has no
// shared strings part (then a cell that refers to one is an error). Bounds: kMaxXlsxRows rows,
// kMaxXlsxColumns columns, kMaxCsvCellBytes per cell, kMaxXlsxCells cells in all; every cell is
// valid UTF-8.
absl::StatusOr<std::vector<CsvRow>> ReadWorksheetPart(std::string_view part, std::string_view xml,
                                                      const std::vector<std::string>* shared_strings);

}  // namespace skillbridge::cli

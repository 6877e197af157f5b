#pragma once
// Spreadsheet files as the bureau exchanges them, read and written whole:
//  - CSV (.csv): UTF-8 with or without a byte-order mark, or GBK/GB18030 (text_encoding.h), cells
//    as csv.h reads and writes them;
//  - Excel workbooks (.xlsx): one sheet (the first visible worksheet, or the one named), every
//    cell as text: shared and inline strings as they are, numbers as Excel stores them (dates are
//    serial numbers, which cell_values.h reads), booleans as TRUE/FALSE, errors as their text
//    (#N/A), formulas by their cached value (xlsx_reader.h, no xlsx library). Written with
//    libxlsxwriter, every cell as text (so ID numbers and codes keep their digits), the header row
//    bold and frozen, columns sized to their text (xlsx_writer.h).
// The format follows the file name's extension (.csv or .xlsx, any case); anything else is
// INVALID_ARGUMENT naming the two. Writing goes to "<path>.tmp" first and is renamed into place,
// so a reader never sees half a file. Messages about a file begin with its path; those for bureau
// staff end in Chinese too. Thread-safe (no shared state).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/cli/table/csv.h"
#include "tools/cli/table/text_encoding.h"

namespace skillbridge::cli {

enum class SheetFormat { kCsv, kXlsx };

// kCsv for "*.csv", kXlsx for "*.xlsx" (case-insensitive); INVALID_ARGUMENT otherwise (".xls",
// the older binary format, is named: save it as .xlsx or .csv).
absl::StatusOr<SheetFormat> SheetFormatFromPath(const std::string& path);

// Largest file read: 512 MiB (a 100,000-row import is about 15 MiB as CSV).
inline constexpr size_t kMaxSheetFileBytes = 512u * 1024 * 1024;

struct SheetReadOptions {
  std::optional<TextEncoding> encoding;  // CSV: force this encoding instead of detecting it
  std::string sheet;                     // .xlsx: the sheet's name; empty = the first visible one
};

struct SheetFile {
  SheetFormat format = SheetFormat::kCsv;
  TextEncoding encoding = TextEncoding::kUtf8;  // CSV: as read (xlsx: UTF-8)
  bool had_bom = false;                         // CSV: the file began with a UTF-8 BOM
  std::string sheet;                            // .xlsx: the sheet read
  // The rows, header first. `line` is the CSV line or the spreadsheet row number (1-based), so a
  // message can say where to look. All-empty rows are dropped. For .xlsx, cells missing from a
  // row (Excel stores only non-empty ones) are empty strings, and every row has as many cells
  // as its last non-empty one.
  std::vector<CsvRow> rows;
  std::string sha256_hex;  // of the file's bytes as read (request ids of imports derive from it)
};

// Reads `path`. NOT_FOUND for a file that cannot be opened; INVALID_ARGUMENT naming the line,
// row or part for a file that is not what its name says (wrong encoding, broken quoting, a
// damaged or password-protected workbook, an old .xls under an .xlsx name, a sheet that does not
// exist, naming the sheets there are), or one above kMaxSheetFileBytes (refused before reading).
absl::StatusOr<SheetFile> ReadSheetFile(const std::string& path, const SheetReadOptions& options = {});

struct SheetWriteOptions {
  TextEncoding encoding = TextEncoding::kUtf8;  // CSV only
  bool bom = true;                              // CSV in UTF-8: begin with a BOM (Excel needs it)
  std::string sheet = "Sheet1";                 // .xlsx: the sheet's name (at most 31 characters)
};

// Writes `rows` (header first, UTF-8) to `path` in the format its extension names.
// INVALID_ARGUMENT for an unknown extension or text the encoding cannot carry; INTERNAL naming
// the path when the file cannot be written.
absl::Status WriteSheetFile(const std::string& path, const std::vector<std::vector<std::string>>& rows,
                            const SheetWriteOptions& options = {});

}  // namespace skillbridge::cli

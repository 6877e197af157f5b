#pragma once
// Writes rows of text to an Excel workbook (.xlsx) with libxlsxwriter: one sheet, every cell a
// string (so ID numbers and codes keep their digits and nothing is read as a formula), the first
// row bold and frozen, columns as wide as their widest text in the first 1000 rows (CJK characters
// count two, at most 60). Rows are streamed (libxlsxwriter's constant-memory mode, which stores
// strings inline), so 100,000 rows take little memory. Thread-safe (no shared state).

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace skillbridge::cli {

// Writes `rows` (UTF-8, header first) to `path` as the sheet `sheet`, replacing the file.
// INVALID_ARGUMENT for a sheet name Excel refuses (empty, above 31 characters, one of []:*?/\),
// text that is not valid UTF-8, a cell above Excel's 32,767 characters, or more rows or columns
// than Excel has (1,048,576 and 16,384); INTERNAL naming `path` when the file cannot be written.
// After an error nothing is left at `path`. Literal `_xHHHH_` text is written escaped
// (`_x005F_xHHHH_`, as Excel does), so it reads back as written.
absl::Status WriteXlsxFile(const std::string& path, const std::vector<std::vector<std::string>>& rows,
                           const std::string& sheet);

}  // namespace skillbridge::cli

#pragma once
// The cells of an imported spreadsheet, read the way bureau staff write them:
//  - dates as Excel serial numbers (what an .xlsx stores, and what a CSV holds when a date column
//    was formatted as a number), `2023-05-01`, `2023/5/1`, `2023.5.1` or `2023年5月1日`, each
//    optionally followed by a time (` 08:30` or ` 08:30:00`, ignored);
//  - citizen ID numbers that Excel turned into a number and shows in scientific notation
//    (`3.70202E+17`), whose last digits are lost for good: detected and refused with what to do;
//  - column headers in Chinese or English, matched after trimming spaces (also full-width ones),
//    a trailing required-marker `*` and ASCII case.
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace skillbridge::cli {

// `cell` without surrounding ASCII and full-width (U+3000) spaces.
std::string_view TrimCell(std::string_view cell);

// The date in `cell`, from 1900-01-01 to 9999-12-31; INVALID_ARGUMENT naming the accepted forms
// for anything else, for a day that does not exist (2023-02-30), a year before 1900 and for Excel
// serial 60 (Excel's 1900-02-29, which did not
// exist). Serials: 1 = 1900-01-01 up to 2958465 = 9999-12-31, with Excel's 1900 leap-year bug.
absl::StatusOr<absl::CivilDay> ParseDateCell(std::string_view cell);

// True for a cell such as `3.70202E+17` or `3.70202e17`: a number in scientific notation.
bool IsScientificNotation(std::string_view cell);

// OK, or INVALID_ARGUMENT when the ID-number cell is in scientific notation (the number Excel
// kept has lost its last digits; the column must be formatted as text and the data exported
// again). Other checks of the ID number are the services' validators'.
absl::Status CheckIdNumberCell(std::string_view cell);

// The header with surrounding ASCII and full-width spaces, a UTF-8 BOM and a trailing `*`/`＊`
// removed, and ASCII letters in lower case.
std::string NormalizeHeader(std::string_view header);

// One field of an import: the names its column may have (Chinese and English; compared after
// NormalizeHeader) and whether the column must be there.
struct ColumnSpec {
  std::string field;               // the field it fills, e.g. "id_number"
  std::vector<std::string> names;  // e.g. {"身份证号", "公民身份号码", "id_number"}
  bool required = true;
};

// For each spec, the index of its column in `header`, or -1 for an optional column that is
// absent. INVALID_ARGUMENT naming every missing required column (with its accepted names), or a
// field whose column appears twice.
absl::StatusOr<std::vector<int>> MapColumns(const std::vector<std::string>& header,
                                            const std::vector<ColumnSpec>& specs);

}  // namespace skillbridge::cli

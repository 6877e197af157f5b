#pragma once
// CSV as spreadsheets write it (RFC 4180): comma-separated cells, a cell in double quotes may hold
// commas, line breaks and doubled quotes (""); lines end in CRLF or LF. Reading keeps each row's
// first line number (for error files and messages); rows whose cells are all empty (the trailing
// ",,,," lines Excel leaves) are dropped. Writing quotes a cell only when it must and ends lines
// with CRLF, which Excel and LibreOffice both read. Text is UTF-8 (text_encoding.h decodes files).
// A cell a spreadsheet program would run as a formula (ReadsAsFormula: "=HYPERLINK(...)",
// "@SUM(...)", "-1+cmd|...") is written with an apostrophe first, which Excel takes as "text" and
// does not show, so an export holding a name someone typed cannot run anything on the desktop that
// opens it; reading drops that apostrophe again, so the cell round-trips.
// Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace skillbridge::cli {

struct CsvRow {
  size_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> cells;
};

// Largest cell accepted (a cell above it is a broken file, e.g. an unclosed quote swallowing the
// rest of it): 64 KiB.
inline constexpr size_t kMaxCsvCellBytes = 64 * 1024;

// The rows of `utf8`. INVALID_ARGUMENT naming the line for a quote that is never closed, text
// after a closing quote (`"a"b`), a quote inside an unquoted cell (`a"b`), or a cell above
// kMaxCsvCellBytes.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view utf8);

// True for a cell that starts with =, @, a tab or a carriage return, or with + or - and holds more
// than a number, date or phone number would.
bool ReadsAsFormula(std::string_view cell);

// One line of CSV for `cells`, ending in "\r\n".
std::string FormatCsvRow(const std::vector<std::string>& cells);

}  // namespace skillbridge::cli

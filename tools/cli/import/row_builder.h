#pragma once
// From spreadsheet cells to request messages, through protobuf reflection (field paths as
// import_spec.h describes them), so one engine serves every kind of import:
//  - SetCellValue: one cell into the field at a path, read as its CellKind;
//  - BuildRow: every mapped column of a row, then the flag values the row takes, into a new
//    message; the first cell that cannot be read is refused naming its column.
// An empty cell leaves the field unset (the service's "required" check then names it), except
// that a flag value fills it. Pure; thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/cli/import/import_spec.h"

namespace skillbridge::cli {

// Sets the field at `path` of `message` from `cell`. INVALID_ARGUMENT saying what the cell should
// hold (a date in one of the accepted forms, a whole number, one of the enum's labels...), or for
// a path that does not fit the message (a mistake in a spec, caught by its test).
absl::Status SetCellValue(google::protobuf::Message& message, std::string_view path, CellKind kind,
                          std::string_view cell);

// A row that could not be read: the column (its header as the file has it) and why.
struct CellError {
  std::string column;
  std::string message;
};

// The flag values as given (flag name → text); those left empty are skipped.
struct FlagValueText {
  const FlagValue* spec = nullptr;
  std::string text;
};

// Fills `row` (a message of the spec's row type) from `cells`: `columns[i]` is the index of
// spec.columns[i]'s column in the row (-1 when the file has none), `header` the file's headers.
// The row's own cell wins over a flag value.
absl::Status BuildRow(const ImportSpec& spec, const std::vector<int>& columns, const std::vector<std::string>& header,
                      const std::vector<std::string>& cells, const std::vector<FlagValueText>& flag_values,
                      google::protobuf::Message& row, CellError* error);

// What to call the field the service named relative to the row ("person.id_number") in an error
// file: the header of the column that fills it as `header` has it; when the file lacks that
// column, the column's first name marked "(no such column / 文件中无此列; or --<flag>)"; for a
// message field ("person"), the header of a column inside it; empty when no column fills it.
std::string ColumnForField(const ImportSpec& spec, const std::vector<int>& columns,
                           const std::vector<std::string>& header, std::string_view field);

}  // namespace skillbridge::cli

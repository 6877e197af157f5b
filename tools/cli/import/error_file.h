#pragma once
// The error file of an import: the refused rows as the input had them, each followed by why and
// which column, in the input's own format and encoding (CSV in GBK stays GBK, with or without a
// BOM as it came; .xlsx stays .xlsx), so that staff fix the cells and import the file as it is:
// the two added columns, 错误原因/reason and 错误字段/field, are not columns of any import and
// are ignored then (and dropped when an error file's own rows are refused again).
// Default path: "<input without extension>.errors.<extension>" next to the input.

#include <map>
#include <string>

#include "absl/status/status.h"
#include "tools/cli/table/sheet_file.h"

namespace skillbridge::cli {

inline constexpr char kReasonHeader[] = "错误原因/reason";
inline constexpr char kFieldHeader[] = "错误字段/field";

// "data/certs.csv" → "data/certs.errors.csv".
std::string DefaultErrorFilePath(const std::string& input_path);

struct RowRefusal {
  std::string field;   // the column's header (or the field path the service named)
  std::string reason;  // code, reason and message
};

// Writes the header and the refused data rows (`refusals` by index among the data rows, 0 = the row
// after the header) of `input` to `path`. Errors as WriteSheetFile's.
absl::Status WriteErrorFile(const std::string& path, const SheetFile& input,
                            const std::map<size_t, RowRefusal>& refusals);

}  // namespace skillbridge::cli

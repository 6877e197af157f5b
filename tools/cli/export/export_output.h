#pragma once
// Where an export goes (--out, --encoding), checked before anything is fetched, and writing the
// sheet there once everything is in:
//  - a .csv file: UTF-8 with a byte-order mark (so Excel opens it as UTF-8), or GB18030 (read by
//    every GBK reader) with --encoding=gbk;
//  - an .xlsx workbook: one sheet, every cell text (--encoding does not apply; noted);
//  - "-": CSV on stdout, UTF-8 without a byte-order mark (or GB18030 with --encoding=gbk).
// Files are written whole through WriteSheetFile (a temporary file renamed into place), so a
// failed export leaves no partial file. Thread-compatible.

#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/cli/export/export_request.h"
#include "tools/cli/table/text_encoding.h"

namespace skillbridge::cli {

struct ExportOutput {
  std::string path;  // "-" = stdout
  bool to_stdout = false;
  bool xlsx = false;
  TextEncoding encoding = TextEncoding::kUtf8;
  std::string note;  // something the user should know (e.g. --encoding ignored), or ""
};

// INVALID_ARGUMENT naming --out when it is missing, names neither .csv nor .xlsx or lies in a
// folder that does not exist, and naming --encoding for an encoding other than utf-8 / gbk.
absl::StatusOr<ExportOutput> ParseExportOutput(const std::string& out, const std::string& encoding);

// Writes `sheet` to `output` (stdout: to `standard_output`). WriteSheetFile's errors as they are;
// INTERNAL when stdout cannot be written.
absl::Status WriteExport(const ExportOutput& output, const ExportSheet& sheet, std::ostream& standard_output);

}  // namespace skillbridge::cli

// Checking --out/--encoding and writing an export (export_output.h).

#include "tools/cli/export/export_output.h"

#include <filesystem>

#include "common/util/concat.h"
#include "tools/cli/table/csv.h"
#include "tools/cli/table/sheet_file.h"

namespace skillbridge::cli {

absl::StatusOr<ExportOutput> ParseExportOutput(const std::string& out, const std::string& encoding) {
  ExportOutput output;
  if (out.empty()) {
    return absl::InvalidArgumentError(
        "export needs --out=<file.csv|file.xlsx> (or --out=- for CSV on stdout) / 请用 --out 指定导出文件");
  }
  output.path = out;
  output.to_stdout = out == "-";
  if (!output.to_stdout) {
    absl::StatusOr<SheetFormat> format = SheetFormatFromPath(out);
    if (!format.ok()) {
      return absl::InvalidArgumentError(Concat("--out: ", std::string(format.status().message())));
    }
    output.xlsx = *format == SheetFormat::kXlsx;
    // A folder that is not there is found now, not after every page has been fetched.
    const std::filesystem::path folder = std::filesystem::path(out).parent_path();
    std::error_code error;
    if (!folder.empty() && !std::filesystem::is_directory(folder, error)) {
      return absl::InvalidArgumentError(
          Concat("--out: the folder '", folder.string(), "' does not exist / 导出文件所在的文件夹不存在"));
    }
  }
  if (!encoding.empty()) {
    absl::StatusOr<TextEncoding> parsed = ParseTextEncoding(encoding);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(Concat("--encoding: ", std::string(parsed.status().message())));
    }
    output.encoding = *parsed;
    if (output.xlsx) {
      output.note =
          "--encoding applies to CSV only: an .xlsx workbook is always Unicode / .xlsx 文件无需指定编码，已忽略";
    }
  }
  return output;
}

absl::Status WriteExport(const ExportOutput& output, const ExportSheet& sheet, std::ostream& standard_output) {
  if (!output.to_stdout) {
    SheetWriteOptions options;
    options.encoding = output.encoding;
    options.bom = true;
    options.sheet = sheet.sheet_name.empty() ? "Sheet1" : sheet.sheet_name;
    return WriteSheetFile(output.path, sheet.rows, options);
  }
  std::string csv;
  for (const auto& row : sheet.rows) {
    csv += FormatCsvRow(row);
  }
  absl::StatusOr<std::string> bytes = EncodeText(csv, output.encoding, /*bom=*/false);
  if (!bytes.ok()) {
    return bytes.status();
  }
  standard_output.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  standard_output.flush();
  if (!standard_output) {
    return absl::InternalError("stdout could not be written / 无法写入标准输出");
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::cli

// The import's error file (error_file.h).

#include "tools/cli/import/error_file.h"

#include <vector>

namespace skillbridge::cli {

std::string DefaultErrorFilePath(const std::string& input_path) {
  const size_t slash = input_path.find_last_of('/');
  const size_t dot = input_path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return input_path + ".errors";
  }
  return input_path.substr(0, dot) + ".errors" + input_path.substr(dot);
}

absl::Status WriteErrorFile(const std::string& path, const SheetFile& input,
                            const std::map<size_t, RowRefusal>& refusals) {
  const std::vector<std::string>& header = input.rows.front().cells;
  // The columns kept: all but the reason and field columns of an earlier error file.
  std::vector<size_t> kept;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != kReasonHeader && header[i] != kFieldHeader) kept.push_back(i);
  }
  const auto pick = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    out.reserve(kept.size() + 2);
    for (const size_t i : kept) out.push_back(i < cells.size() ? cells[i] : "");
    return out;
  };
  std::vector<std::vector<std::string>> rows;
  rows.reserve(refusals.size() + 1);
  rows.push_back(pick(header));
  rows.back().push_back(kReasonHeader);
  rows.back().push_back(kFieldHeader);
  for (const auto& [index, refusal] : refusals) {
    if (index + 1 >= input.rows.size()) continue;
    rows.push_back(pick(input.rows[index + 1].cells));
    rows.back().push_back(refusal.reason);
    rows.back().push_back(refusal.field);
  }
  SheetWriteOptions options;
  options.encoding = input.encoding;
  options.bom = input.had_bom;
  if (!input.sheet.empty()) options.sheet = input.sheet;
  return WriteSheetFile(path, rows, options);
}

}  // namespace skillbridge::cli

#include "tools/cli/table/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "common/util/concat.h"
#include "common/util/utf8.h"
#include "tools/cli/table/display_width.h"

namespace skillbridge::cli {
namespace {

constexpr size_t kRowsMeasuredForWidth = 1000;
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 60;

struct TextMeasure {
  bool valid_utf8 = true;
  size_t characters = 0;   // as Excel counts them: UTF-16 code units
  size_t widest_line = 0;  // display columns of the widest line (display_width.h)
};

TextMeasure Measure(std::string_view text) {
  TextMeasure measure;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t length = Utf8SequenceLength(rest);
    // A NUL ends a C string: libxlsxwriter would cut the cell short.
    if (length == 0 || rest.front() == '\0') {
      measure.valid_utf8 = false;
      return measure;
    }
    measure.characters += length == 4 ? 2 : 1;  // four bytes: above U+FFFF, a surrogate pair in UTF-16
    rest.remove_prefix(length);
  }
  for (std::string_view rest = text;;) {
    const size_t newline = rest.find('\n');
    measure.widest_line = std::max(measure.widest_line, DisplayWidth(rest.substr(0, newline)));
    if (newline == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(newline + 1);
  }
  return measure;
}

std::string CellName(size_t row, size_t column) {
  std::string letters;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return Concat("row ", row + 1, ", cell ", letters, row + 1);
}

// `text` with every `_xHHHH_` that is there literally written `_x005F_xHHHH_`, as Excel does:
// readers decode `_xHHHH_` as an escaped character (libxlsxwriter escapes control characters so,
// but not a literal underscore).
std::string EscapeLiteralOoxmlEscapes(const std::string& text) {
  const auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find("_x"); at != std::string::npos; at = text.find("_x", at + 1)) {
    if (at + 7 <= text.size() && text[at + 6] == '_' && is_hex(text[at + 2]) && is_hex(text[at + 3]) &&
        is_hex(text[at + 4]) && is_hex(text[at + 5])) {
      out.append(text, copied, at - copied);
      out += "_x005F";
      copied = at;
    }
  }
  if (copied == 0 && out.empty()) {
    return text;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

// Closes (and so frees) a workbook abandoned after an error, removes what it wrote, and returns
// `status`.
absl::Status Abandon(lxw_workbook* workbook, const std::string& path, absl::Status status) {
  workbook_close(workbook);
  std::remove(path.c_str());
  return status;
}

}  // namespace

absl::Status WriteXlsxFile(const std::string& path, const std::vector<std::vector<std::string>>& rows,
                           const std::string& sheet) {
  if (rows.size() > LXW_ROW_MAX) {
    return absl::InvalidArgumentError(
        Concat(rows.size(), " rows do not fit in an Excel sheet (at most ", LXW_ROW_MAX, "): write CSV instead"));
  }
  std::vector<size_t> widths;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() > LXW_COL_MAX) {
      return absl::InvalidArgumentError(Concat("row ", r + 1, " has ", rows[r].size(),
                                               " cells, more than an Excel sheet has columns (", LXW_COL_MAX, ")"));
    }
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const TextMeasure measure = Measure(rows[r][c]);
      if (!measure.valid_utf8) {
        return absl::InvalidArgumentError(
            Concat(CellName(r, c), ": the text is not valid UTF-8 or holds a NUL character"));
      }
      if (measure.characters > 32767) {
        return absl::InvalidArgumentError(
            Concat(CellName(r, c), ": ", measure.characters, " characters, above Excel's 32,767 per cell"));
      }
      if (r < kRowsMeasuredForWidth) {
        widths.resize(std::max(widths.size(), c + 1), 0);
        widths[c] = std::max(widths[c], measure.widest_line);
      }
    }
  }

  // Opened here first so an unwritable path is reported plainly (libxlsxwriter would print its own
  // message to stderr at the end).
  if (std::FILE* probe = std::fopen(path.c_str(), "wb"); probe != nullptr) {
    std::fclose(probe);
  } else {
    return absl::InternalError(Concat("cannot write ", path, ": ", std::strerror(errno)));
  }
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) {
    std::remove(path.c_str());
    return absl::InternalError(Concat("cannot write ", path, ": libxlsxwriter could not start a workbook"));
  }
  if (lxw_error error = workbook_validate_sheet_name(workbook, sheet.c_str()); error != LXW_NO_ERROR) {
    return Abandon(workbook, path,
                   absl::InvalidArgumentError(Concat("the sheet name '", sheet, "' is not one Excel accepts (",
                                                     lxw_strerror(error), ") / 工作表名称不符合 Excel 的要求")));
  }
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  if (worksheet == nullptr || bold == nullptr) {
    return Abandon(workbook, path,
                   absl::InternalError(Concat("cannot write ", path, ": libxlsxwriter could not add the sheet")));
  }
  format_set_bold(bold);
  for (size_t c = 0; c < widths.size(); ++c) {
    const double width = std::clamp(static_cast<double>(widths[c]) + 2, kMinColumnWidth, kMaxColumnWidth);
    worksheet_set_column(worksheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
  }
  if (!rows.empty()) {
    worksheet_freeze_panes(worksheet, 1, 0);
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    lxw_format* format = r == 0 ? bold : nullptr;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) {
        continue;
      }
      const std::string text = EscapeLiteralOoxmlEscapes(rows[r][c]);
      lxw_error error =
          worksheet_write_string(worksheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), text.c_str(), format);
      if (error != LXW_NO_ERROR) {
        return Abandon(workbook, path, absl::InvalidArgumentError(Concat(CellName(r, c), ": ", lxw_strerror(error))));
      }
    }
  }
  if (lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    std::remove(path.c_str());
    return absl::InternalError(Concat("cannot write ", path, ": ", lxw_strerror(error)));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::cli

// Fuzzes the command-line tool's spreadsheet layer (tools/cli/table/) with arbitrary file bytes,
// as a bureau user might hand it any file named .csv.
//
// Invariants:
//  - DecodeText (detecting the encoding) either refuses the bytes or yields valid UTF-8; a file it
//    read as GB18030 encodes back to GB18030 and decodes to the same text.
//  - ParseCsv either refuses the text or gives rows whose line numbers only grow, none of them all
//    empty, no cell above kMaxCsvCellBytes; writing the rows with FormatCsvRow and parsing that
//    again gives the same cells.
//  - ParseDateCell accepts a cell only as a day from 1900-01-01 to 9999-12-31; CheckIdNumberCell
//    refuses exactly the cells IsScientificNotation flags.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/utf8.h"
#include "tests/fuzz/fuzz_check.h"
#include "tools/cli/table/cell_values.h"
#include "tools/cli/table/csv.h"
#include "tools/cli/table/text_encoding.h"

namespace {

using ::skillbridge::cli::CsvRow;
using ::skillbridge::cli::DecodedText;
using ::skillbridge::cli::TextEncoding;

bool IsValidUtf8(std::string_view text) { return ::skillbridge::ToValidUtf8(text) == text; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<DecodedText> decoded = skillbridge::cli::DecodeText(bytes);
  if (!decoded.ok()) {
    return 0;
  }
  FUZZ_CHECK(IsValidUtf8(decoded->utf8), "DecodeText gave invalid UTF-8");
  if (decoded->encoding == TextEncoding::kGb18030) {
    absl::StatusOr<std::string> again = skillbridge::cli::EncodeText(decoded->utf8, TextEncoding::kGb18030, false);
    FUZZ_CHECK(again.ok(), "GB18030 text does not encode back");
    absl::StatusOr<DecodedText> twice = skillbridge::cli::DecodeText(*again, TextEncoding::kGb18030);
    FUZZ_CHECK(twice.ok() && twice->utf8 == decoded->utf8, "GB18030 round trip changed the text");
  }
  absl::StatusOr<std::vector<CsvRow>> rows = skillbridge::cli::ParseCsv(decoded->utf8);
  if (!rows.ok()) {
    return 0;
  }
  size_t last_line = 0;
  std::string written;
  for (const CsvRow& row : *rows) {
    FUZZ_CHECK(row.line > last_line, "row line numbers do not grow");
    last_line = row.line;
    bool all_empty = true;
    for (const std::string& cell : row.cells) {
      all_empty = all_empty && cell.empty();
      FUZZ_CHECK(cell.size() <= skillbridge::cli::kMaxCsvCellBytes, "a cell above the limit was accepted");
      absl::StatusOr<absl::CivilDay> day = skillbridge::cli::ParseDateCell(cell);
      FUZZ_CHECK(!day.ok() || (*day >= absl::CivilDay(1900, 1, 1) && *day <= absl::CivilDay(9999, 12, 31)), cell);
      FUZZ_CHECK(skillbridge::cli::CheckIdNumberCell(cell).ok() != skillbridge::cli::IsScientificNotation(cell), cell);
    }
    FUZZ_CHECK(!all_empty, "an all-empty row was kept");
    written += skillbridge::cli::FormatCsvRow(row.cells);
  }
  absl::StatusOr<std::vector<CsvRow>> reread = skillbridge::cli::ParseCsv(written);
  FUZZ_CHECK(reread.ok(), "the written rows do not parse");
  FUZZ_CHECK(reread->size() == rows->size(), "the written rows parse to another count");
  for (size_t i = 0; i < rows->size(); ++i) {
    FUZZ_CHECK((*reread)[i].cells == (*rows)[i].cells, "a written row parses to other cells");
  }
  return 0;
}

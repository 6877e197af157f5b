// Fuzzes the command-line tool's .xlsx reader (tools/cli/table/xlsx_reader.h, xlsx_cells.h, zip_archive.h,
// xml_tokenizer.h) with arbitrary bytes, as a bureau user might hand it any file named .xlsx.
// Each input is read four ways: as the whole file, and as the worksheet, the shared strings and
// the workbook part of an otherwise valid package built around it (mutations of a ZIP file
// mostly break its CRC-32, so the XML readers are reached directly too).
//
// Invariants:
//  - ReadXlsxSheet ends (no crash, hang or sanitizer report) with INVALID_ARGUMENT and a valid
//    UTF-8 message, or with rows whose line numbers only grow, within 1..kMaxXlsxRows, none all
//    empty, each ending in a non-empty cell, at most kMaxXlsxColumns wide, kMaxXlsxCells cells
//    in all, every cell valid UTF-8 and at most kMaxCsvCellBytes; the sheet's name is valid UTF-8.
//  - ZipArchive reads an entry only as exactly its declared size, at most kMaxZipEntryBytes.
//  - XmlTokenizer ends, never nests deeper than it allows, and its end tags balance its start tags.

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/utf8.h"
#include "tests/fuzz/fuzz_check.h"
#include "tools/cli/table/xlsx_reader.h"
#include "tools/cli/table/xml_tokenizer.h"
#include "tools/cli/table/zip_archive.h"

namespace {

using ::skillbridge::cli::CsvRow;
using ::skillbridge::cli::XlsxSheet;
using ::skillbridge::cli::XmlTokenizer;
using ::skillbridge::cli::ZipArchive;
using ::skillbridge::cli::ZipEntry;

bool IsValidUtf8(std::string_view text) { return ::skillbridge::ToValidUtf8(text) == text; }

void PutU16(std::string& out, uint32_t value) {
  out.push_back(static_cast<char>(value & 0xFF));
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
}
void PutU32(std::string& out, uint32_t value) {
  PutU16(out, value & 0xFFFF);
  PutU16(out, value >> 16);
}

// A ZIP archive of stored (uncompressed) entries with correct CRC-32s.
std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string zip;
  std::string central;
  for (const auto& part : parts) {
    const std::string& name = part.first;  // (clang 14 lambdas cannot capture structured bindings)
    const std::string& content = part.second;
    const uint32_t crc =
        static_cast<uint32_t>(crc32_z(0L, reinterpret_cast<const Bytef*>(content.data()), content.size()));
    const uint32_t offset = static_cast<uint32_t>(zip.size());
    const auto header = [&](std::string& out, bool local) {
      PutU32(out, local ? 0x04034b50 : 0x02014b50);
      if (!local) {
        PutU16(out, 20);
      }
      PutU16(out, 20);
      PutU16(out, 0);  // flags
      PutU16(out, 0);  // stored
      PutU32(out, 0);  // time and date
      PutU32(out, crc);
      PutU32(out, static_cast<uint32_t>(content.size()));
      PutU32(out, static_cast<uint32_t>(content.size()));
      PutU16(out, static_cast<uint32_t>(name.size()));
      PutU16(out, 0);
      if (!local) {
        PutU32(out, 0);  // comment length, disk
        PutU32(out, 0);  // attributes
        PutU16(out, 0);
        PutU32(out, offset);
      }
      out += name;
    };
    header(zip, true);
    zip += content;
    header(central, false);
  }
  const uint32_t central_offset = static_cast<uint32_t>(zip.size());
  zip += central;
  PutU32(zip, 0x06054b50);
  PutU32(zip, 0);
  PutU16(zip, static_cast<uint32_t>(parts.size()));
  PutU16(zip, static_cast<uint32_t>(parts.size()));
  PutU32(zip, static_cast<uint32_t>(central.size()));
  PutU32(zip, central_offset);
  PutU16(zip, 0);
  return zip;
}

constexpr char kPackageRels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
constexpr char kWorkbook[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
constexpr char kWorkbookRels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
constexpr char kSharedStrings[] = "<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si></sst>";
constexpr char kSheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
    "<c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c></row></sheetData></worksheet>";

std::string Package(std::string_view workbook, std::string_view shared_strings, std::string_view sheet) {
  return StoredZip({{"_rels/.rels", kPackageRels},
                    {"xl/workbook.xml", std::string(workbook)},
                    {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                    {"xl/sharedStrings.xml", std::string(shared_strings)},
                    {"xl/worksheets/sheet1.xml", std::string(sheet)}});
}

void CheckSheet(const absl::StatusOr<XlsxSheet>& sheet) {
  if (!sheet.ok()) {
    FUZZ_CHECK(sheet.status().code() == absl::StatusCode::kInvalidArgument, sheet.status().ToString());
    const std::string message(sheet.status().message());
    FUZZ_CHECK(!message.empty() && IsValidUtf8(message), "an error message that is empty or not UTF-8");
    return;
  }
  FUZZ_CHECK(IsValidUtf8(sheet->name), "a sheet name that is not UTF-8");
  size_t last_line = 0;
  size_t cells = 0;
  for (const CsvRow& row : sheet->rows) {
    FUZZ_CHECK(row.line > last_line && row.line <= skillbridge::cli::kMaxXlsxRows, "row numbers out of order");
    last_line = row.line;
    FUZZ_CHECK(!row.cells.empty() && !row.cells.back().empty(), "a row that does not end in a non-empty cell");
    FUZZ_CHECK(row.cells.size() <= skillbridge::cli::kMaxXlsxColumns, "a row wider than XFD");
    cells += row.cells.size();
    for (const std::string& cell : row.cells) {
      FUZZ_CHECK(cell.size() <= skillbridge::cli::kMaxCsvCellBytes, "a cell above the limit was accepted");
      FUZZ_CHECK(IsValidUtf8(cell), "a cell that is not UTF-8");
    }
  }
  FUZZ_CHECK(cells <= skillbridge::cli::kMaxXlsxCells, "more cells than the limit");
}

void CheckZip(std::string_view bytes) {
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(bytes);
  if (!archive.ok()) {
    return;
  }
  for (const ZipEntry& entry : archive->entries()) {
    absl::StatusOr<std::string> content = archive->Read(entry);
    if (content.ok()) {
      FUZZ_CHECK(content->size() == entry.uncompressed_size, entry.name);
      FUZZ_CHECK(content->size() <= skillbridge::cli::kMaxZipEntryBytes, entry.name);
    }
  }
}

void CheckXml(std::string_view bytes) {
  XmlTokenizer xml(bytes);
  long balance = 0;
  while (xml.Next()) {
    FUZZ_CHECK(xml.depth() <= 256, "nesting above the tokenizer's limit");
    if (xml.token() == XmlTokenizer::Token::kStartTag) {
      ++balance;
    } else if (xml.token() == XmlTokenizer::Token::kEndTag) {
      --balance;
      FUZZ_CHECK(balance >= 0, "an end tag without a start tag");
    } else {
      std::string text;
      (void)xml.AppendText(text);
    }
  }
  FUZZ_CHECK(!xml.status().ok() || balance == 0, "a document accepted with open elements");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckSheet(skillbridge::cli::ReadXlsxSheet(bytes, ""));
  CheckSheet(skillbridge::cli::ReadXlsxSheet(bytes, "Sheet1"));
  CheckZip(bytes);
  CheckXml(bytes);
  CheckSheet(skillbridge::cli::ReadXlsxSheet(Package(kWorkbook, kSharedStrings, bytes), ""));
  CheckSheet(skillbridge::cli::ReadXlsxSheet(Package(kWorkbook, bytes, kSheet), ""));
  CheckSheet(skillbridge::cli::ReadXlsxSheet(Package(bytes, kSharedStrings, kSheet), ""));
  return 0;
}

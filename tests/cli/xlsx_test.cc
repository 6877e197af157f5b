// Reading .xlsx workbooks without an xlsx library: the ZIP container (stored, deflated, damaged,
// encrypted, zip bombs), the XML tokenizer, and the cell types of hand-built workbooks (shared and
// inline strings, rich text, numbers, booleans, errors, formulas, missing cell references),
// sheet choice, and files that are not workbooks at all.

#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cli/table/xlsx_reader.h"
#include "tools/cli/table/xml_tokenizer.h"
#include "tools/cli/table/zip_archive.h"

namespace skillbridge::cli {
namespace {

using Cells = std::vector<std::string>;

// ---- A minimal ZIP writer, so the tests control every byte of the container -----------------

struct ZipPart {
  std::string name;
  std::string content;
  bool deflate = true;
  uint16_t flags = 0;
  bool wrong_crc = false;
  uint64_t claimed_size = 0;  // when non-zero: the uncompressed size written in the headers
};

void PutU16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value & 0xFF));
  out.push_back(static_cast<char>(value >> 8));
}
void PutU32(std::string& out, uint32_t value) {
  PutU16(out, static_cast<uint16_t>(value & 0xFFFF));
  PutU16(out, static_cast<uint16_t>(value >> 16));
}

std::string RawDeflate(const std::string& data) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

void PutU64(std::string& out, uint64_t value) {
  PutU32(out, static_cast<uint32_t>(value & 0xFFFFFFFF));
  PutU32(out, static_cast<uint32_t>(value >> 32));
}

// With `zip64`, the central directory keeps sizes and offsets in ZIP64 extra fields and the end
// record points to a ZIP64 end record, as writers do for large archives.
std::string BuildZip(const std::vector<ZipPart>& parts, bool zip64 = false) {
  std::string zip;
  std::string central;
  for (const ZipPart& part : parts) {
    const std::string data = part.deflate ? RawDeflate(part.content) : part.content;
    uint32_t crc = static_cast<uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(part.content.data()), static_cast<uInt>(part.content.size())));
    if (part.wrong_crc) {
      crc ^= 0x1;
    }
    const uint32_t size = static_cast<uint32_t>(part.claimed_size != 0 ? part.claimed_size : part.content.size());
    const uint32_t offset = static_cast<uint32_t>(zip.size());
    const uint16_t method = part.deflate ? 8 : 0;
    PutU32(zip, 0x04034b50);
    PutU16(zip, 20);
    PutU16(zip, part.flags);
    PutU16(zip, method);
    PutU16(zip, 0);
    PutU16(zip, 0x21);
    PutU32(zip, crc);
    PutU32(zip, static_cast<uint32_t>(data.size()));
    PutU32(zip, size);
    PutU16(zip, static_cast<uint16_t>(part.name.size()));
    PutU16(zip, 0);
    zip += part.name;
    zip += data;

    PutU32(central, 0x02014b50);
    PutU16(central, 20);
    PutU16(central, 20);
    PutU16(central, part.flags);
    PutU16(central, method);
    PutU16(central, 0);
    PutU16(central, 0x21);
    PutU32(central, crc);
    PutU32(central, zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(data.size()));
    PutU32(central, zip64 ? 0xFFFFFFFF : size);
    PutU16(central, static_cast<uint16_t>(part.name.size()));
    PutU16(central, zip64 ? 28 : 0);
    PutU16(central, 0);
    PutU16(central, 0);
    PutU16(central, 0);
    PutU32(central, 0);
    PutU32(central, zip64 ? 0xFFFFFFFF : offset);
    central += part.name;
    if (zip64) {
      PutU16(central, 0x0001);
      PutU16(central, 24);
      PutU64(central, size);
      PutU64(central, data.size());
      PutU64(central, offset);
    }
  }
  const uint32_t central_offset = static_cast<uint32_t>(zip.size());
  zip += central;
  if (zip64) {
    const uint64_t record = zip.size();
    PutU32(zip, 0x06064b50);
    PutU64(zip, 44);
    PutU16(zip, 45);
    PutU16(zip, 45);
    PutU32(zip, 0);
    PutU32(zip, 0);
    PutU64(zip, parts.size());
    PutU64(zip, parts.size());
    PutU64(zip, central.size());
    PutU64(zip, central_offset);
    PutU32(zip, 0x07064b50);
    PutU32(zip, 0);
    PutU64(zip, record);
    PutU32(zip, 1);
  }
  PutU32(zip, 0x06054b50);
  PutU16(zip, 0);
  PutU16(zip, 0);
  PutU16(zip, zip64 ? 0xFFFF : static_cast<uint16_t>(parts.size()));
  PutU16(zip, zip64 ? 0xFFFF : static_cast<uint16_t>(parts.size()));
  PutU32(zip, zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(central.size()));
  PutU32(zip, zip64 ? 0xFFFFFFFF : central_offset);
  PutU16(zip, 0);
  return zip;
}

// ---- Workbook parts -----------------------------------------------------------------------------

constexpr char kMainNs[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string PackageRels() {
  return std::string(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
}

struct SheetSpec {
  std::string name;
  std::string xml;  // the worksheet part
  bool hidden = false;
};

std::string Workbook(const std::vector<SheetSpec>& sheets) {
  std::string xml =
      std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheets>";
  for (size_t i = 0; i < sheets.size(); ++i) {
    xml += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
           (sheets[i].hidden ? " state=\"hidden\"" : "") + " r:id=\"rId" + std::to_string(i + 1) + "\"/>";
  }
  return xml + "</sheets></workbook>";
}

std::string WorkbookRels(size_t sheet_count, bool shared_strings) {
  std::string xml = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheet_count; ++i) {
    xml += "<Relationship Id=\"rId" + std::to_string(i + 1) +
           "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
           "Target=\"worksheets/sheet" +
           std::to_string(i + 1) + ".xml\"/>";
  }
  if (shared_strings) {
    xml +=
        "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" Target=\"sharedStrings.xml\"/>";
  }
  return xml + "</Relationships>";
}

std::string Worksheet(const std::string& sheet_data) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<worksheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" +
         kRelNs + "\"><dimension ref=\"A1\"/><sheetData>" + sheet_data +
         "</sheetData><pageMargins left=\"0.7\"/></worksheet>";
}

std::vector<ZipPart> WorkbookParts(const std::vector<SheetSpec>& sheets, const std::string& shared_strings = "") {
  std::vector<ZipPart> parts = {
      {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels", PackageRels()},
      {"xl/workbook.xml", Workbook(sheets)},
      {"xl/_rels/workbook.xml.rels", WorkbookRels(sheets.size(), !shared_strings.empty())},
  };
  if (!shared_strings.empty()) {
    parts.push_back({"xl/sharedStrings.xml", shared_strings});
  }
  for (size_t i = 0; i < sheets.size(); ++i) {
    parts.push_back({"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", sheets[i].xml});
  }
  return parts;
}

std::string OneSheetWorkbook(const std::string& sheet_data, const std::string& shared_strings = "") {
  return BuildZip(WorkbookParts({{"Sheet1", Worksheet(sheet_data)}}, shared_strings));
}

const char kSharedStrings[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"5\" uniqueCount=\"5\">\n"
    "  <si><t>姓名</t></si>\n"
    "  <si><r><rPr><b/></rPr><t>身份</t></r><r><t xml:space=\"preserve\">证号 </t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>シン</t></rPh></si>\n"
    "  <si><t>A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; &#26446;&#x56DB;</t></si>\n"
    "  <si><t>  trimmed  </t></si>\n"
    "  <si><t>line1_x000D_\nline2 _x005F_x0041_</t></si>\n"
    "</sst>";

absl::StatusOr<XlsxSheet> Read(const std::string& bytes, std::string_view sheet = "") {
  return ReadXlsxSheet(bytes, sheet);
}

// True when `status` is INVALID_ARGUMENT and its message holds `fragment`.
::testing::AssertionResult IsInvalidWith(const absl::Status& status, const std::string& fragment) {
  if (status.code() == absl::StatusCode::kInvalidArgument &&
      std::string(status.message()).find(fragment) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected INVALID_ARGUMENT with \"" << fragment << "\", got " << status;
}

void ExpectInvalid(const absl::StatusOr<XlsxSheet>& sheet, const std::string& fragment) {
  EXPECT_TRUE(IsInvalidWith(sheet.status(), fragment));
}

// ---- Cell types ---------------------------------------------------------------------------------

TEST(XlsxReaderTest, CellTypesGapsAndRowNumbers) {
  const std::string data =
      "<row r=\"1\" spans=\"1:3\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\" s=\"1\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>张三</t></is></c>"
      "<c r=\"C3\" s=\"4\"><v>45047</v></c><c r=\"D3\" t=\"n\"><v>3.5</v></c><c r=\"E3\" t=\"b\"><v>1</v></c>"
      "<c r=\"F3\" t=\"e\"><v>#N/A</v></c><c r=\"G3\" t=\"str\"><f>A1&amp;\"y\"</f><v>xy</v></c>"
      "<c r=\"H3\" t=\"b\"><v>0</v></c><c r=\"I3\" s=\"3\"/></row>"
      "<row><c><v>1</v></c><c><v>2</v></c></row>"  // no references: row 4, columns A and B
      "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>3</v></c><c r=\"B5\" t=\"s\"><v>4</v></c>"
      "<c r=\"D5\" t=\"inlineStr\"><is><r><t>a</t></r><r><rPr><i/></rPr><t xml:space=\"preserve\"> b</t></r>"
      "<rPh><t>x</t></rPh></is></c></row>"
      "<row r=\"6\"><c r=\"A6\" s=\"2\"/><c r=\"B6\" t=\"s\"><v></v></c></row>"  // all empty: dropped
      "<row r=\"7\"><c r=\"B7\"><f>1/0</f></c><c r=\"C7\"><v>1.2345678901234567E+17</v></c></row>";
  absl::StatusOr<XlsxSheet> sheet = Read(OneSheetWorkbook(data, kSharedStrings));
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->name, "Sheet1");
  ASSERT_EQ(sheet->rows.size(), 5u);
  EXPECT_EQ(sheet->rows[0].line, 1u);
  EXPECT_EQ(sheet->rows[0].cells, (Cells{"姓名", "身份证号 ", "A & B <c> \"d\" 'e' 李四"}));
  EXPECT_EQ(sheet->rows[1].line, 3u);
  EXPECT_EQ(sheet->rows[1].cells, (Cells{"张三", "", "45047", "3.5", "TRUE", "#N/A", "xy", "FALSE"}));
  EXPECT_EQ(sheet->rows[2].line, 4u);
  EXPECT_EQ(sheet->rows[2].cells, (Cells{"1", "2"}));
  EXPECT_EQ(sheet->rows[3].line, 5u);
  EXPECT_EQ(sheet->rows[3].cells, (Cells{"trimmed", "line1\r\nline2 _x0041_", "", "a b"}));
  EXPECT_EQ(sheet->rows[4].line, 7u);
  EXPECT_EQ(sheet->rows[4].cells, (Cells{"", "", "1.2345678901234567E+17"}));
}

TEST(XlsxReaderTest, StoredEntriesPrefixedNamesAndAbsoluteTargets) {
  const std::string workbook =
      "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:rel=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>"
      "<x:sheet name=\"数据\" sheetId=\"1\" rel:id=\"R7\"/></x:sheets></x:workbook>";
  const std::string rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"R7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
      " Target=\"/xl/worksheets/../worksheets/data.xml\"/></Relationships>";
  const std::string sheet_xml =
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
      "<x:row r=\"2\"><x:c r=\"a2\" t=\"inlineStr\"><x:is><x:t><![CDATA[<ok> & fine]]></x:t></x:is></x:c></x:row>"
      "</x:sheetData></x:worksheet>";
  const std::string zip = BuildZip({{"_rels/.rels", PackageRels(), false},
                                    {"xl/workbook.xml", workbook, false},
                                    {"xl/_rels/workbook.xml.rels", rels, false},
                                    {"xl/worksheets/data.xml", sheet_xml, false}});
  absl::StatusOr<XlsxSheet> sheet = Read(zip);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->name, "数据");
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].line, 2u);
  EXPECT_EQ(sheet->rows[0].cells, (Cells{"<ok> & fine"}));
}

// ---- Sheets -------------------------------------------------------------------------------------

std::string ThreeSheets() {
  return BuildZip(WorkbookParts({
      {"代码表", Worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>hidden</t></is></c></row>"), true},
      {"人员", Worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>first visible</t></is></c></row>")},
      {"Scores", Worksheet("<row r=\"2\"><c r=\"B2\"><v>95</v></c></row>")},
  }));
}

TEST(XlsxReaderTest, DefaultIsTheFirstVisibleWorksheet) {
  absl::StatusOr<XlsxSheet> sheet = Read(ThreeSheets());
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_EQ(sheet->name, "人员");
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].cells, (Cells{"first visible"}));
}

TEST(XlsxReaderTest, SheetByNameExactlyOrIgnoringCase) {
  absl::StatusOr<XlsxSheet> hidden = Read(ThreeSheets(), "代码表");
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  EXPECT_EQ(hidden->rows[0].cells, (Cells{"hidden"}));
  absl::StatusOr<XlsxSheet> scores = Read(ThreeSheets(), " scores ");
  ASSERT_TRUE(scores.ok()) << scores.status();
  EXPECT_EQ(scores->name, "Scores");
  ASSERT_EQ(scores->rows.size(), 1u);
  EXPECT_EQ(scores->rows[0].line, 2u);
  EXPECT_EQ(scores->rows[0].cells, (Cells{"", "95"}));
}

TEST(XlsxReaderTest, MissingSheetNamesTheSheetsThereAre) {
  absl::StatusOr<XlsxSheet> sheet = Read(ThreeSheets(), "成绩");
  EXPECT_TRUE(IsInvalidWith(sheet.status(), "no sheet named '成绩'"));
  EXPECT_TRUE(IsInvalidWith(sheet.status(), "'代码表', '人员', 'Scores'"));
}

// ---- Damaged and foreign files ------------------------------------------------------------------

TEST(XlsxReaderTest, CrcMismatchNamesThePart) {
  std::vector<ZipPart> parts = WorkbookParts({{"Sheet1", Worksheet("<row><c><v>1</v></c></row>")}});
  parts.back().wrong_crc = true;
  ExpectInvalid(Read(BuildZip(parts)), "xl/worksheets/sheet1.xml: CRC-32 mismatch");
}

TEST(XlsxReaderTest, EncryptedEntryIsAPasswordProtectedWorkbook) {
  std::vector<ZipPart> parts = WorkbookParts({{"Sheet1", Worksheet("<row><c><v>1</v></c></row>")}});
  for (ZipPart& part : parts) {
    part.flags = 1;
  }
  ExpectInvalid(Read(BuildZip(parts)), "password-protected");
}

TEST(XlsxReaderTest, ZipBombIsRefused) {
  // 4 MiB of one repeated row deflates far beyond 200:1.
  std::string rows;
  const std::string row = "<row><c><v>1</v></c></row>";
  while (rows.size() < 4u * 1024 * 1024) {
    rows += row;
  }
  ExpectInvalid(Read(OneSheetWorkbook(rows)), "zip bomb");
}

TEST(XlsxReaderTest, EntryClaimingAboveTheLimitIsRefused) {
  std::vector<ZipPart> parts = WorkbookParts({{"Sheet1", Worksheet("<row><c><v>1</v></c></row>")}});
  parts.back().deflate = false;
  parts.back().claimed_size = kMaxZipEntryBytes + 1;
  ExpectInvalid(Read(BuildZip(parts)), "xl/worksheets/sheet1.xml: the entry is 268435457 bytes uncompressed");
}

TEST(XlsxReaderTest, SizeThatDiffersFromTheHeaderIsRefused) {
  std::vector<ZipPart> parts = WorkbookParts({{"Sheet1", Worksheet("<row><c><v>1</v></c></row>")}});
  parts.back().claimed_size = 10;
  ExpectInvalid(Read(BuildZip(parts)), "xl/worksheets/sheet1.xml: inflates to more than the 10 bytes");
}

TEST(XlsxReaderTest, TruncatedWorkbookIsDamaged) {
  const std::string zip = OneSheetWorkbook("<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>");
  for (size_t keep : {zip.size() / 2, zip.size() - 10, size_t{30}}) {
    ExpectInvalid(Read(zip.substr(0, keep)), "damaged workbook / 工作簿已损坏");
  }
}

TEST(XlsxReaderTest, RandomBytesAreNotAWorkbook) {
  std::string bytes;
  uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(state >> 24));
  }
  ExpectInvalid(Read(bytes), "not an .xlsx workbook");
  ExpectInvalid(Read("PK" + bytes), "damaged workbook");
  ExpectInvalid(Read(""), "not an .xlsx workbook");
}

TEST(XlsxReaderTest, OldXlsAndEncryptedOle2AreNamed) {
  std::string ole2 = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0') + "Workbook";
  ExpectInvalid(Read(ole2), "old Excel 97-2003 format (.xls)");
  ExpectInvalid(Read(ole2), "旧版 .xls 格式");
  const char encrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
  ExpectInvalid(Read(ole2 + std::string(encrypted, sizeof(encrypted) - 1)), "password-protected");
}

TEST(XlsxReaderTest, HtmlUnderAnXlsxNameIsNamed) {
  ExpectInvalid(Read("<html><table><tr><td>1</td></tr></table></html>"), "HTML or XML");
}

TEST(XlsxReaderTest, ZipWithoutWorkbookIsNotAnExcelWorkbook) {
  ExpectInvalid(Read(BuildZip({{"word/document.xml", "<w:document/>"}})), "has no xl/workbook.xml");
}

TEST(XlsxReaderTest, MalformedSheetXmlNamesThePart) {
  ExpectInvalid(Read(OneSheetWorkbook("<row><c><v>1</v></row>")), "xl/worksheets/sheet1.xml: malformed XML at byte");
  ExpectInvalid(Read(BuildZip(WorkbookParts({{"Sheet1", "<worksheet><sheetData><row>"}}))),
                "xl/worksheets/sheet1.xml: malformed XML at byte 27: the document ends inside <row>");
  ExpectInvalid(Read(OneSheetWorkbook("<row><c t=\"inlineStr\"><is><t>a &nbsp; b</t></is></c></row>")),
                "row 1, cell A1: malformed XML: unknown or invalid reference &nbsp;");
}

TEST(XlsxReaderTest, BadReferencesAndOrderAreRefused) {
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>", kSharedStrings)),
                "row 1, cell A1: the cell refers to shared string 7 but there are only 5");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")),
                "no shared strings part");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></c></row>")),
                "row 2 comes after row 3");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>1</v></c></row>")),
                "cell B1 comes after column C");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")),
                "cell reference 'XFE1' is not a cell from A to XFD");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1048577\"><c><v>1</v></c></row>")), "not one from 1 to 1048576");
  ExpectInvalid(Read(OneSheetWorkbook("<row r=\"1\"><c t=\"inlineStr\"><is><t>" + std::string(70000, 'x') +
                                      "</t></is></c></row>")),
                "row 1, cell A1: larger than 64 KiB");
}

TEST(XlsxReaderTest, LastColumnXfdIsAccepted) {
  absl::StatusOr<XlsxSheet> sheet = Read(OneSheetWorkbook("<row r=\"1\"><c r=\"XFD1\"><v>9</v></c></row>"));
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows[0].cells.size(), kMaxXlsxColumns);
  EXPECT_EQ(sheet->rows[0].cells.back(), "9");
}

TEST(XlsxReaderTest, HundredThousandRowsReadQuickly) {
  std::string data;
  data.reserve(40u * 1024 * 1024);
  for (int r = 1; r <= 100000; ++r) {
    const std::string n = std::to_string(r);
    data += "<row r=\"" + n + "\" spans=\"1:10\">";
    for (char column = 'A'; column <= 'J'; ++column) {
      if (column % 2 == 0) {
        data += std::string("<c r=\"") + column + n + "\" t=\"inlineStr\"><is><t>姓名" + n + "</t></is></c>";
      } else {
        data += std::string("<c r=\"") + column + n + "\"><v>" + n + "</v></c>";
      }
    }
    data += "</row>";
  }
  const std::string zip = OneSheetWorkbook(data);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<XlsxSheet> sheet = Read(zip);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 100000u);
  EXPECT_EQ(sheet->rows[99999].line, 100000u);
  EXPECT_EQ(sheet->rows[99999].cells[1], "姓名100000");
  EXPECT_EQ(sheet->rows[99999].cells[0], "100000");
  std::printf("read 100,000 rows x 10 columns (%zu bytes of sheet XML) in %.3f s\n", data.size(), seconds);
#if defined(__SANITIZE_ADDRESS__)
  constexpr double kBoundSeconds = 20;  // AddressSanitizer's build is several times slower
#else
  constexpr double kBoundSeconds = 2;
#endif
  EXPECT_LT(seconds, kBoundSeconds);
}

// ---- The ZIP reader and XML tokenizer on their own ----------------------------------------------

TEST(ZipArchiveTest, FindsEntriesIgnoringCaseAndReadsBothMethods) {
  const std::string zip = BuildZip({{"a/Stored.txt", "plain", false}, {"b/deflated.txt", std::string(1000, 'z')}});
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(zip);
  ASSERT_TRUE(archive.ok()) << archive.status();
  ASSERT_EQ(archive->entries().size(), 2u);
  const ZipEntry* stored = archive->Find("A/STORED.TXT");
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(*archive->Read(*stored), "plain");
  const ZipEntry* deflated = archive->Find("b/deflated.txt");
  ASSERT_NE(deflated, nullptr);
  EXPECT_EQ(deflated->method, 8);
  EXPECT_EQ(*archive->Read(*deflated), std::string(1000, 'z'));
  EXPECT_EQ(archive->Find("missing"), nullptr);
}

TEST(ZipArchiveTest, Zip64DirectoryIsRead) {
  absl::StatusOr<XlsxSheet> sheet =
      Read(BuildZip(WorkbookParts({{"Sheet1", Worksheet("<row r=\"2\"><c r=\"B2\"><v>64</v></c></row>")}}), true));
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].cells, (Cells{"", "64"}));

  std::string zip = BuildZip({{"a", "x"}}, true);
  zip[zip.size() - 22 - 20 + 16] = 2;  // the locator's count of disks
  EXPECT_TRUE(IsInvalidWith(ZipArchive::Open(zip).status(), "spans several disks"));
}

TEST(ZipArchiveTest, DirectoryPointingOutsideTheFileIsRefused) {
  std::string zip = BuildZip({{"a", "x", false}});
  zip[zip.size() - 3] = '\x7f';  // the central directory's offset
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(zip);
  EXPECT_TRUE(IsInvalidWith(archive.status(), "outside the file"));
}

TEST(XmlTokenizerTest, TokensAttributesAndReferences) {
  XmlTokenizer xml(
      "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- note --><a:root x='1' b:y=\"&lt;&#x4E2D;&#25991;&gt;\">"
      "t&amp;u\r\nv<leaf/></a:root>");
  ASSERT_TRUE(xml.Next());
  EXPECT_EQ(xml.token(), XmlTokenizer::Token::kStartTag);
  EXPECT_EQ(xml.name(), "root");
  EXPECT_EQ(xml.RawAttribute("x").value_or(""), "1");
  std::optional<std::string> y;
  ASSERT_TRUE(xml.Attribute("y", y).ok());
  EXPECT_EQ(y.value_or(""), "<中文>");
  ASSERT_TRUE(xml.Next());
  EXPECT_EQ(xml.token(), XmlTokenizer::Token::kText);
  std::string text;
  ASSERT_TRUE(xml.AppendText(text).ok());
  EXPECT_EQ(text, "t&u\nv");
  ASSERT_TRUE(xml.Next());
  EXPECT_EQ(xml.token(), XmlTokenizer::Token::kStartTag);
  EXPECT_EQ(xml.depth(), 2u);
  ASSERT_TRUE(xml.Next());
  EXPECT_EQ(xml.token(), XmlTokenizer::Token::kEndTag);
  EXPECT_EQ(xml.name(), "leaf");
  ASSERT_TRUE(xml.Next());
  EXPECT_EQ(xml.token(), XmlTokenizer::Token::kEndTag);
  EXPECT_EQ(xml.name(), "root");
  EXPECT_FALSE(xml.Next());
  EXPECT_TRUE(xml.status().ok()) << xml.status();
}

TEST(XmlTokenizerTest, MalformedDocumentsAreRefused) {
  for (const char* bad :
       {"<a><b></a>", "<a", "<a x=1/>", "<!DOCTYPE a [<!ENTITY e \"x\">]><a/>", "</a>", "<a><!-- never closed </a>"}) {
    XmlTokenizer xml(bad);
    while (xml.Next()) {
    }
    EXPECT_EQ(xml.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  std::string out;
  EXPECT_FALSE(XmlTokenizer::DecodeInto("&#0;", out).ok());
  EXPECT_FALSE(XmlTokenizer::DecodeInto("&#xD800;", out).ok());
  EXPECT_FALSE(XmlTokenizer::DecodeInto("a & b", out).ok());
}

}  // namespace
}  // namespace skillbridge::cli

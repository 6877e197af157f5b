// Spreadsheet files on disk: the extension rules, .xlsx written by WriteSheetFile and read back
// (text kept exactly, header bold and frozen), workbooks libxlsxwriter builds with several sheets
// and typed cells, CSV in UTF-8 and GBK, the file digest, and the errors a user meets.

#include "tools/cli/table/sheet_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cli/table/zip_archive.h"

namespace skillbridge::cli {
namespace {

using Cells = std::vector<std::string>;
using Rows = std::vector<std::vector<std::string>>;

::testing::AssertionResult HasError(const absl::Status& status, absl::StatusCode code, const std::string& fragment) {
  if (status.code() == code && std::string(status.message()).find(fragment) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << absl::StatusCodeToString(code) << " with \"" << fragment
                                       << "\", got " << status;
}

class SheetFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = std::filesystem::temp_directory_path() / "sheet_file_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }
  static void Spit(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }

  std::filesystem::path dir_;
};

TEST(SheetFormatTest, ExtensionRules) {
  EXPECT_EQ(*SheetFormatFromPath("a.csv"), SheetFormat::kCsv);
  EXPECT_EQ(*SheetFormatFromPath("/data/名单.CSV"), SheetFormat::kCsv);
  EXPECT_EQ(*SheetFormatFromPath("report.XlSx"), SheetFormat::kXlsx);
  EXPECT_TRUE(HasError(SheetFormatFromPath("old.xls").status(), absl::StatusCode::kInvalidArgument,
                       "save it as .xlsx or .csv"));
  for (const char* path : {"a.txt", "csv", "a.csv.bak", "a.xlsm", ""}) {
    EXPECT_TRUE(HasError(SheetFormatFromPath(path).status(), absl::StatusCode::kInvalidArgument, ".csv or .xlsx"))
        << path;
  }
}

// ---- .xlsx written and read back ----------------------------------------------------------------

TEST_F(SheetFileTest, XlsxRoundTripKeepsTextExactly) {
  const Rows rows = {
      {"姓名", "身份证号", "备注", "编号", "说明"},
      {"张三", "370202199003070000", "", "0012", "说\"好\", 是"},
      {"李四", "37020219900307001X", "第一行\n第二行", "=1+1", "  leading and trailing  "},
      {"", "", "", "", ""},
      {"王五", "", "", "", "crlf\r\nline"},
      {"赵六"},
      {"", "", "3.70202E+17", "_x0041_", ""},
  };
  const std::string path = Path("out.xlsx");
  ASSERT_TRUE(WriteSheetFile(path, rows).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, SheetFormat::kXlsx);
  EXPECT_EQ(file->sheet, "Sheet1");
  EXPECT_EQ(file->sha256_hex.size(), 64u);
  ASSERT_EQ(file->rows.size(), 6u);
  EXPECT_EQ(file->rows[0].cells, rows[0]);
  EXPECT_EQ(file->rows[1].cells, rows[1]);
  EXPECT_EQ(file->rows[2].cells, rows[2]);
  EXPECT_EQ(file->rows[3].cells, rows[4]);
  EXPECT_EQ(file->rows[4].cells, rows[5]);
  EXPECT_EQ(file->rows[5].cells, (Cells{"", "", "3.70202E+17", "_x0041_"}));  // trailing empties end the row
  EXPECT_EQ(file->rows[0].line, 1u);
  EXPECT_EQ(file->rows[2].line, 3u);
  EXPECT_EQ(file->rows[3].line, 5u);  // the all-empty row 4 is dropped, its number is not reused
  EXPECT_EQ(file->rows[5].line, 7u);
}

TEST_F(SheetFileTest, XlsxCellsAreTextHeaderBoldAndFrozenColumnsSized) {
  const std::string path = Path("styled.xlsx");
  SheetWriteOptions options;
  options.sheet = "名单";
  ASSERT_TRUE(WriteSheetFile(path, {{"身份证号", "n"}, {"370202199003070000", "7"}}, options).ok());
  const std::string bytes = Slurp(path);
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(bytes);
  ASSERT_TRUE(archive.ok()) << archive.status();
  const ZipEntry* sheet = archive->Find("xl/worksheets/sheet1.xml");
  const ZipEntry* styles = archive->Find("xl/styles.xml");
  ASSERT_NE(sheet, nullptr);
  ASSERT_NE(styles, nullptr);
  const std::string sheet_xml = *archive->Read(*sheet);
  EXPECT_NE(sheet_xml.find("state=\"frozen\""), std::string::npos) << sheet_xml;
  EXPECT_NE(sheet_xml.find("ySplit=\"1\""), std::string::npos);
  // Every cell is a string, the number-looking ID included; none is a number cell.
  EXPECT_NE(sheet_xml.find("<is><t>370202199003070000</t></is>"), std::string::npos);
  EXPECT_EQ(sheet_xml.find("<v>"), std::string::npos);
  // Column A: 18 digits + 2 of padding; column B: the minimum of 8.
  EXPECT_NE(sheet_xml.find("<col min=\"1\" max=\"1\" width=\"20.7109375\""), std::string::npos) << sheet_xml;
  EXPECT_NE(sheet_xml.find("<col min=\"2\" max=\"2\" width=\"8.7109375\""), std::string::npos);
  EXPECT_NE(archive->Read(*styles)->find("<b/>"), std::string::npos);

  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->sheet, "名单");
  EXPECT_EQ(file->rows[1].cells, (Cells{"370202199003070000", "7"}));
}

TEST_F(SheetFileTest, CjkColumnsAreWiderAndCapped) {
  const std::string path = Path("widths.xlsx");
  ASSERT_TRUE(WriteSheetFile(path, {{"职业技能等级", std::string(200, 'x')}}).ok());
  const std::string bytes = Slurp(path);
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(bytes);
  ASSERT_TRUE(archive.ok());
  const std::string sheet_xml = *archive->Read(*archive->Find("xl/worksheets/sheet1.xml"));
  EXPECT_NE(sheet_xml.find("<col min=\"1\" max=\"1\" width=\"14.7109375\""), std::string::npos) << sheet_xml;
  EXPECT_NE(sheet_xml.find("<col min=\"2\" max=\"2\" width=\"60.7109375\""), std::string::npos);
}

// ---- Workbooks libxlsxwriter builds with several sheets and typed cells --------------------------

std::string BuildTypedWorkbook(const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());  // not constant-memory: shared strings
  lxw_worksheet* people = workbook_add_worksheet(workbook, "人员");
  lxw_worksheet* codes = workbook_add_worksheet(workbook, "Codes");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  worksheet_write_string(people, 0, 0, "姓名", nullptr);
  worksheet_write_string(people, 0, 1, "出生日期", nullptr);
  worksheet_write_string(people, 0, 2, "分数", nullptr);
  worksheet_write_string(people, 0, 3, "合格", nullptr);
  worksheet_write_string(people, 0, 4, "合计", nullptr);
  worksheet_write_string(people, 0, 5, "等级", nullptr);
  worksheet_write_string(people, 1, 0, "张三", nullptr);
  lxw_datetime may_day = {2023, 5, 1, 0, 0, 0};
  worksheet_write_datetime(people, 1, 1, &may_day, date);
  worksheet_write_number(people, 1, 2, 87.5, nullptr);
  worksheet_write_boolean(people, 1, 3, 1, nullptr);
  worksheet_write_formula_num(people, 1, 4, "=C2+2.5", nullptr, 90);
  worksheet_write_formula_str(people, 1, 5, "=\"三\"&\"级\"", nullptr, "三级");
  worksheet_write_number(people, 2, 0, 45047, nullptr);
  worksheet_write_boolean(people, 2, 3, 0, nullptr);
  worksheet_write_string(codes, 0, 0, "code", nullptr);
  worksheet_write_string(codes, 1, 0, "6-29-01-01", nullptr);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  return path;
}

TEST_F(SheetFileTest, TypedCellsReadAsExcelStoresThem) {
  absl::StatusOr<SheetFile> file = ReadSheetFile(BuildTypedWorkbook(Path("typed.xlsx")));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->sheet, "人员");
  ASSERT_EQ(file->rows.size(), 3u);
  EXPECT_EQ(file->rows[0].cells, (Cells{"姓名", "出生日期", "分数", "合格", "合计", "等级"}));
  // The date is its serial number (cell_values.h reads it); the formulas their cached values.
  EXPECT_EQ(file->rows[1].cells, (Cells{"张三", "45047", "87.5", "TRUE", "90", "三级"}));
  EXPECT_EQ(file->rows[2].cells, (Cells{"45047", "", "", "FALSE"}));
}

TEST_F(SheetFileTest, SheetChosenByName) {
  const std::string path = BuildTypedWorkbook(Path("two.xlsx"));
  SheetReadOptions options;
  options.sheet = "Codes";
  absl::StatusOr<SheetFile> file = ReadSheetFile(path, options);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->sheet, "Codes");
  ASSERT_EQ(file->rows.size(), 2u);
  EXPECT_EQ(file->rows[1].cells, (Cells{"6-29-01-01"}));
}

TEST_F(SheetFileTest, AbsentSheetNamesTheSheetsThereAre) {
  const std::string path = BuildTypedWorkbook(Path("two.xlsx"));
  SheetReadOptions options;
  options.sheet = "成绩";
  absl::Status status = ReadSheetFile(path, options).status();
  EXPECT_TRUE(HasError(status, absl::StatusCode::kInvalidArgument, path + ": the workbook has no sheet named '成绩'"));
  EXPECT_TRUE(HasError(status, absl::StatusCode::kInvalidArgument, "its sheets are '人员', 'Codes'"));
  EXPECT_TRUE(HasError(status, absl::StatusCode::kInvalidArgument, "没有名为“成绩”的工作表"));
}

// ---- Files that are not what their name says ----------------------------------------------------

TEST_F(SheetFileTest, BrokenWorkbooksAreInvalidArgumentNamingThePath) {
  const std::string xls = Path("old.xlsx");
  Spit(xls, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(1000, '\0'));
  EXPECT_TRUE(
      HasError(ReadSheetFile(xls).status(), absl::StatusCode::kInvalidArgument, xls + ": the file is in the old"));
  EXPECT_TRUE(HasError(ReadSheetFile(xls).status(), absl::StatusCode::kInvalidArgument, "旧版 .xls 格式"));

  const std::string random = Path("random.xlsx");
  Spit(random, "\x01\x02garbage\xff\xfe not a workbook at all");
  EXPECT_TRUE(HasError(ReadSheetFile(random).status(), absl::StatusCode::kInvalidArgument, "not an .xlsx workbook"));

  const std::string good = Path("good.xlsx");
  ASSERT_TRUE(WriteSheetFile(good, {{"a"}, {"b"}}).ok());
  const std::string bytes = Slurp(good);
  const std::string truncated = Path("truncated.xlsx");
  Spit(truncated, bytes.substr(0, bytes.size() * 2 / 3));
  EXPECT_TRUE(HasError(ReadSheetFile(truncated).status(), absl::StatusCode::kInvalidArgument,
                       "damaged workbook / 工作簿已损坏"));

  const std::string csv_named_xlsx = Path("text.xlsx");
  Spit(csv_named_xlsx, "a,b\r\n1,2\r\n");
  EXPECT_TRUE(HasError(ReadSheetFile(csv_named_xlsx).status(), absl::StatusCode::kInvalidArgument,
                       "a CSV file must be named .csv"));
}

TEST_F(SheetFileTest, MissingBrokenAndOversizedFiles) {
  const std::string missing = Path("missing.csv");
  EXPECT_TRUE(HasError(ReadSheetFile(missing).status(), absl::StatusCode::kNotFound, missing));
  EXPECT_TRUE(HasError(ReadSheetFile(dir_.string() + "/.csv").status(), absl::StatusCode::kNotFound, "cannot read"));

  const std::string broken = Path("broken.csv");
  Spit(broken, "a,b\r\n\"unclosed,1\r\n");
  EXPECT_TRUE(HasError(ReadSheetFile(broken).status(), absl::StatusCode::kInvalidArgument, broken + ": line 2"));

  // A sparse file above the limit is refused before a byte of it is read.
  const std::string huge = Path("huge.csv");
  const int fd = ::open(huge.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(kMaxSheetFileBytes) + 1), 0);
  ::close(fd);
  EXPECT_TRUE(HasError(ReadSheetFile(huge).status(), absl::StatusCode::kInvalidArgument, "above the 512 MiB limit"));
}

// ---- CSV ----------------------------------------------------------------------------------------

TEST_F(SheetFileTest, CsvGbkRoundTrip) {
  const Rows rows = {{"姓名", "身份证号", "备注"}, {"张三", "370202199003070000", "焊工, \"高级\"\n二行"}};
  const std::string path = Path("gbk.csv");
  SheetWriteOptions options;
  options.encoding = TextEncoding::kGb18030;
  ASSERT_TRUE(WriteSheetFile(path, rows, options).ok());
  const std::string bytes = Slurp(path);
  EXPECT_EQ(bytes.substr(0, 4), "\xD0\xD5\xC3\xFB");  // 姓名 in GBK, no BOM
  EXPECT_NE(bytes.find("\xD5\xC5\xC8\xFD"), std::string::npos);

  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, SheetFormat::kCsv);
  EXPECT_EQ(file->encoding, TextEncoding::kGb18030);
  EXPECT_FALSE(file->had_bom);
  ASSERT_EQ(file->rows.size(), 2u);
  EXPECT_EQ(file->rows[0].cells, rows[0]);
  EXPECT_EQ(file->rows[1].cells, rows[1]);

  SheetReadOptions utf8_only;
  utf8_only.encoding = TextEncoding::kUtf8;
  EXPECT_TRUE(HasError(ReadSheetFile(path, utf8_only).status(), absl::StatusCode::kInvalidArgument, path + ": "));
}

TEST_F(SheetFileTest, CsvUtf8WithBomByDefaultAndWithout) {
  const Rows rows = {{"a", "b"}, {"第一行\n第二行", ""}, {"", ""}, {"x", "y"}};
  const std::string path = Path("utf8.csv");
  ASSERT_TRUE(WriteSheetFile(path, rows).ok());
  EXPECT_EQ(Slurp(path).substr(0, 3), "\xEF\xBB\xBF");
  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->had_bom);
  EXPECT_EQ(file->encoding, TextEncoding::kUtf8);
  ASSERT_EQ(file->rows.size(), 3u);
  EXPECT_EQ(file->rows[1].cells, rows[1]);
  EXPECT_EQ(file->rows[2].line, 5u);

  SheetWriteOptions no_bom;
  no_bom.bom = false;
  ASSERT_TRUE(WriteSheetFile(path, rows, no_bom).ok());  // replaces the file
  EXPECT_EQ(Slurp(path).substr(0, 3), "a,b");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

// ---- Digest and write errors --------------------------------------------------------------------

TEST_F(SheetFileTest, Sha256IsOfTheBytesStableAndDistinct) {
  const std::string empty = Path("empty.csv");
  Spit(empty, "");
  absl::StatusOr<SheetFile> file = ReadSheetFile(empty);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->rows.empty());
  EXPECT_EQ(file->sha256_hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  const std::string a = Path("a.csv");
  const std::string b = Path("b.xlsx");
  ASSERT_TRUE(WriteSheetFile(a, {{"x"}, {"1"}}).ok());
  ASSERT_TRUE(WriteSheetFile(b, {{"x"}, {"1"}}).ok());
  const std::string first = ReadSheetFile(a)->sha256_hex;
  EXPECT_EQ(ReadSheetFile(a)->sha256_hex, first);
  EXPECT_NE(ReadSheetFile(b)->sha256_hex, first);
  ASSERT_TRUE(WriteSheetFile(a, {{"x"}, {"2"}}).ok());
  EXPECT_NE(ReadSheetFile(a)->sha256_hex, first);
}

TEST_F(SheetFileTest, WriteErrors) {
  const std::string nowhere = Path("no/such/dir/out.csv");
  EXPECT_TRUE(HasError(WriteSheetFile(nowhere, {{"a"}}), absl::StatusCode::kInternal, nowhere));
  const std::string nowhere_xlsx = Path("no/such/dir/out.xlsx");
  EXPECT_TRUE(HasError(WriteSheetFile(nowhere_xlsx, {{"a"}}), absl::StatusCode::kInternal, nowhere_xlsx));
  EXPECT_TRUE(HasError(WriteSheetFile(Path("out.txt"), {{"a"}}), absl::StatusCode::kInvalidArgument, ".csv or .xlsx"));

  SheetWriteOptions bad_name;
  bad_name.sheet = "a/b";
  const std::string xlsx = Path("bad.xlsx");
  EXPECT_TRUE(
      HasError(WriteSheetFile(xlsx, {{"a"}}, bad_name), absl::StatusCode::kInvalidArgument, "sheet name 'a/b'"));
  EXPECT_FALSE(std::filesystem::exists(xlsx));
  EXPECT_FALSE(std::filesystem::exists(xlsx + ".tmp"));

  EXPECT_TRUE(HasError(WriteSheetFile(xlsx, {{"a", "b\xff"}}), absl::StatusCode::kInvalidArgument,
                       "row 1, cell B1: the text is not valid UTF-8"));
  EXPECT_TRUE(HasError(WriteSheetFile(xlsx, {{std::string(40000, 'x')}}), absl::StatusCode::kInvalidArgument,
                       "above Excel's 32,767 per cell"));
  EXPECT_TRUE(HasError(WriteSheetFile(Path("bad.csv"), {{"b\xff"}}), absl::StatusCode::kInvalidArgument, "bad.csv"));
  EXPECT_FALSE(std::filesystem::exists(xlsx + ".tmp"));
}

}  // namespace
}  // namespace skillbridge::cli

// CSV as spreadsheets write it: quoting, line breaks in cells, CRLF, blank rows, broken files.

#include "tools/cli/table/csv.h"

#include <gtest/gtest.h>

namespace skillbridge::cli {
namespace {

using Cells = std::vector<std::string>;

TEST(CsvTest, PlainQuotedAndEmbeddedLineBreaks) {
  absl::StatusOr<std::vector<CsvRow>> rows =
      ParseCsv("姓名,备注,等级\r\n张三,\"焊工, 高级\",3\r\n李四,\"第一行\n第二行\",\"说\"\"好\"\"\"\r\n王五,,4");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].cells, (Cells{"姓名", "备注", "等级"}));
  EXPECT_EQ((*rows)[1].cells, (Cells{"张三", "焊工, 高级", "3"}));
  EXPECT_EQ((*rows)[2].cells, (Cells{"李四", "第一行\n第二行", "说\"好\""}));
  EXPECT_EQ((*rows)[3].cells, (Cells{"王五", "", "4"}));
  EXPECT_EQ((*rows)[0].line, 1u);
  EXPECT_EQ((*rows)[1].line, 2u);
  EXPECT_EQ((*rows)[2].line, 3u);
  EXPECT_EQ((*rows)[3].line, 5u);  // the quoted line break took line 4
}

TEST(CsvTest, BlankRowsAreDroppedButCountInLineNumbers) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,b\n\n,,\nc,d\n,,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].cells, (Cells{"c", "d"}));
  EXPECT_EQ((*rows)[1].line, 4u);
}

TEST(CsvTest, TrailingCommaAndFinalLineWithoutBreak) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("a,\n\"b\"");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].cells, (Cells{"a", ""}));
  EXPECT_EQ((*rows)[1].cells, (Cells{"b"}));
}

TEST(CsvTest, BrokenQuotingIsRefusedWithItsLine) {
  struct Case {
    const char* text;
    const char* line;
    const char* words;
  };
  for (const Case& c :
       {Case{"a,b\nc,\"d\ne,f\n", "line 2", "never closed"}, Case{"a,b\n\"c\"d,e\n", "line 2", "after a closing quote"},
        Case{"a,b\nc,d\"e\n", "line 2", "inside an unquoted cell"}}) {
    absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(c.text);
    ASSERT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(rows.status().message().find(c.line), std::string::npos) << rows.status();
    EXPECT_NE(rows.status().message().find(c.words), std::string::npos) << rows.status();
  }
}

TEST(CsvTest, OversizedCellIsRefused) {
  const std::string text = "a,\"" + std::string(kMaxCsvCellBytes + 10, 'x') + "\"\n";
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  ASSERT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(rows.status().message().find("line 1"), std::string::npos) << rows.status();
}

TEST(CsvTest, FormatQuotesOnlyWhatNeedsItAndReadsBack) {
  const Cells cells = {"张三", "焊工, 高级", "说\"好\"", "两\n行", " 空格", ""};
  const std::string line = FormatCsvRow(cells);
  EXPECT_EQ(line, "张三,\"焊工, 高级\",\"说\"\"好\"\"\",\"两\n行\",\" 空格\",\r\n");
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(line + FormatCsvRow({"x"}));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].cells, cells);
}

}  // namespace
}  // namespace skillbridge::cli

namespace skillbridge::cli {
namespace {

// Formula-like cells are written so that a spreadsheet shows them as text, and read back as they
// were; numbers, dates and phone numbers with a sign are left alone.
TEST(CsvFormulaTest, FormulaLikeCellsAreNeutralisedAndRoundTrip) {
  EXPECT_TRUE(ReadsAsFormula("=HYPERLINK(\"http://x\",\"点击\")"));
  EXPECT_TRUE(ReadsAsFormula("@SUM(A1:A2)"));
  EXPECT_TRUE(ReadsAsFormula("-1+cmd|' /C calc'!A0"));
  EXPECT_TRUE(ReadsAsFormula("+A1"));
  EXPECT_TRUE(ReadsAsFormula("\tx"));
  EXPECT_FALSE(ReadsAsFormula("-12.5"));
  EXPECT_FALSE(ReadsAsFormula("+86 532 8888-1234"));
  EXPECT_FALSE(ReadsAsFormula("2024-01-02"));
  EXPECT_FALSE(ReadsAsFormula("张三"));
  EXPECT_FALSE(ReadsAsFormula(""));

  const std::vector<std::string> cells = {"=HYPERLINK(\"http://x\")", "-12.5", "'quoted by hand", "@x", "张三"};
  const std::string line = FormatCsvRow(cells);
  EXPECT_EQ(line, "\"'=HYPERLINK(\"\"http://x\"\")\",-12.5,'quoted by hand,'@x,张三\r\n");
  absl::StatusOr<std::vector<CsvRow>> read = ParseCsv(line);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].cells, cells);
}

}  // namespace
}  // namespace skillbridge::cli

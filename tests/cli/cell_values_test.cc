// Cells as bureau staff write them: dates in five forms, Excel's scientific-notation ID numbers,
// bilingual headers.

#include "tools/cli/table/cell_values.h"

#include <gtest/gtest.h>

namespace skillbridge::cli {
namespace {

TEST(CellValuesTest, DatesInEveryAcceptedForm) {
  const absl::CivilDay may_day(2023, 5, 1);
  for (const char* cell : {"2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日", "2023年05月01日", " 2023-5-1 ",
                           "45047", "45047.75", "2023/5/1 08:30", "2023-05-01 08:30:00"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDateCell(cell);
    ASSERT_TRUE(day.ok()) << cell << ": " << day.status();
    EXPECT_EQ(*day, may_day) << cell;
  }
  // Excel's first days and its phantom 1900-02-29.
  EXPECT_EQ(*ParseDateCell("1"), absl::CivilDay(1900, 1, 1));
  EXPECT_EQ(*ParseDateCell("59"), absl::CivilDay(1900, 2, 28));
  EXPECT_EQ(*ParseDateCell("61"), absl::CivilDay(1900, 3, 1));
  EXPECT_EQ(ParseDateCell("60").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CellValuesTest, NotDatesAreRefusedNamingTheForms) {
  for (const char* cell : {"", "2023-02-30", "2023/13/1", "23-5-1", "2023-5", "五月一日", "2023年5月", "0", "3000000",
                           "2023-05-01T08:00", "abc", "0001-01-01", "1899/12/31"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDateCell(cell);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << cell;
  }
  EXPECT_NE(ParseDateCell("2023-02-30").status().message().find("2023年5月1日"), std::string::npos);
}

TEST(CellValuesTest, ScientificNotationIdNumbersAreRefusedWithWhatToDo) {
  for (const char* cell : {"3.70202E+17", "3.70202e17", "3.70202199001012E+17", " 3E+17 "}) {
    EXPECT_TRUE(IsScientificNotation(cell)) << cell;
    const absl::Status status = CheckIdNumberCell(cell);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << cell;
    EXPECT_NE(status.message().find("scientific notation"), std::string::npos) << status;
  }
  for (const char* cell : {"370202199001011234", "37020219900101123X", "", "E+17", "3.E17", "3.7x02E+17"}) {
    EXPECT_FALSE(IsScientificNotation(cell)) << cell;
    EXPECT_TRUE(CheckIdNumberCell(cell).ok()) << cell;
  }
}

TEST(CellValuesTest, HeadersMatchInEitherLanguageAfterNormalising) {
  EXPECT_EQ(NormalizeHeader("\xEF\xBB\xBF 身份证号* "), "身份证号");
  EXPECT_EQ(NormalizeHeader("\xE3\x80\x80ID_Number\xEF\xBC\x8A"), "id_number");
  const std::vector<ColumnSpec> specs = {{"name", {"姓名", "name"}, true},
                                         {"id_number", {"身份证号", "公民身份号码", "id_number"}, true},
                                         {"note", {"备注", "note"}, false}};
  absl::StatusOr<std::vector<int>> columns = MapColumns({"序号", "ID_NUMBER", "姓名*"}, specs);
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(*columns, (std::vector<int>{2, 1, -1}));
}

TEST(CellValuesTest, MissingAndDuplicateColumnsAreNamed) {
  const std::vector<ColumnSpec> specs = {{"name", {"姓名", "name"}, true},
                                         {"id_number", {"身份证号", "id_number"}, true},
                                         {"number", {"证书编号", "number"}, true}};
  absl::StatusOr<std::vector<int>> missing = MapColumns({"姓名"}, specs);
  ASSERT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("id_number (身份证号 / id_number)"), std::string::npos) << missing.status();
  EXPECT_NE(missing.status().message().find("number (证书编号 / number)"), std::string::npos) << missing.status();
  absl::StatusOr<std::vector<int>> twice = MapColumns({"姓名", "name", "身份证号", "证书编号"}, specs);
  ASSERT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(twice.status().message().find("columns 1 ('姓名') and 2 ('name') are both name"), std::string::npos)
      << twice.status();
}

}  // namespace
}  // namespace skillbridge::cli

// The sample spreadsheets of tests/data/cli/ (unit): make-samples.sh regenerates exactly the
// checked-in bytes (so the generator, the script and the files cannot drift apart); every valid file
// reads to a header and 20 records; the four certificate files hold the same 20 records; a --dry-run
// of each valid file refuses nothing and one of certificates-with-errors.csv refuses exactly the
// lines README.md lists; each malformed file is refused with INVALID_ARGUMENT naming the problem.

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/reference/reference_data.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "tests/support/test_ids.h"
#include "tools/cli/import/error_file.h"
#include "tools/cli/import/import_catalog.h"
#include "tools/cli/import/import_runner.h"
#include "tools/cli/import/row_builder.h"
#include "tools/cli/table/sheet_file.h"
#include "tools/cli/table/text_encoding.h"

namespace skillbridge::cli {
namespace {

namespace fs = std::filesystem;
using Cells = std::vector<std::string>;

const fs::path kDataDir = fs::path(SKILLBRIDGE_SOURCE_DIR) / "tests" / "data" / "cli";

// The files of tests/data/cli/ that are not made by the script.
const std::set<std::string> kHandWritten = {".gitignore", "README.md", "make-samples.sh", "sample_maker.cc"};

// What an import run on a sample in place leaves next to it (.gitignore): its error file, its
// progress file.
bool IsImportLeftover(const std::string& name) {
  return name.find(".errors.") != std::string::npos || name.ends_with(".progress");
}

const Cells kChineseCertificateHeader = {
    "姓名", "身份证号", "证书类型", "评价方式", "职业编码", "等级", "发证机构统一社会信用代码", "发证日期"};
const Cells kEnglishCertificateHeader = {"name",  "id_number",          "type",      "basis", "occupation_code",
                                         "level", "issuer_credit_code", "issue_date"};
const char* const kCertificateFiles[] = {"certificates-utf8.csv", "certificates-utf8-bom.csv", "certificates-gbk.csv",
                                         "certificates.xlsx"};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string Data(const std::string& name) { return (kDataDir / name).string(); }

::testing::AssertionResult RefusedNaming(const absl::Status& status, const std::vector<std::string>& fragments) {
  if (status.code() != absl::StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "expected INVALID_ARGUMENT, got " << status;
  }
  for (const std::string& fragment : fragments) {
    if (std::string(status.message()).find(fragment) == std::string::npos) {
      return ::testing::AssertionFailure() << "\"" << fragment << "\" is not in: " << status.message();
    }
  }
  return ::testing::AssertionSuccess();
}

class SampleFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::shared_ptr<const ReferenceData>> loaded =
        ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    reference_ = new std::shared_ptr<const ReferenceData>(*loaded);
  }

  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cli_sample_files.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A --dry-run of `kind` on the sample `name` (local checks with the reference data, today
  // 2025-06-30), its error file in the temporary directory.
  absl::StatusOr<ImportSummary> DryRun(const std::string& kind, const std::string& name,
                                       const std::map<std::string, std::string>& flags = {}) {
    return DryRunPath(kind, Data(name), flags);
  }
  absl::StatusOr<ImportSummary> DryRunPath(const std::string& kind, const std::string& path,
                                           const std::map<std::string, std::string>& flags = {}) {
    const ImportSpec* spec = FindImportSpec(kind);
    if (spec == nullptr) return absl::NotFoundError("no import kind " + kind);
    ImportOptions options;
    options.path = path;
    options.dry_run = true;
    options.error_file = (dir_ / DefaultErrorFilePath(fs::path(path).filename().string())).string();
    options.reference = *reference_;
    options.today.set_year(2025);
    options.today.set_month(6);
    options.today.set_day(30);
    for (const auto& [flag, text] : flags) {
      for (const FlagValue& value : spec->flag_values) {
        if (value.flag == flag) options.flag_values.push_back({&value, text});
      }
    }
    std::atomic<bool> stop{false};
    return RunImport(*spec, options, nullptr, stop);
  }

  static std::shared_ptr<const ReferenceData>* reference_;
  fs::path dir_;
};

std::shared_ptr<const ReferenceData>* SampleFilesTest::reference_ = nullptr;

// ---- The script and the checked-in files --------------------------------------------------------

TEST_F(SampleFilesTest, ScriptRegeneratesTheCheckedInBytesExactly) {
  const std::string command =
      "bash '" + Data("make-samples.sh") + "' --out-dir '" + dir_.string() + "' '" + SAMPLE_MAKER_PATH + "' >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  std::set<std::string> made;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) made.insert(entry.path().filename());
  std::set<std::string> checked_in;
  for (const fs::directory_entry& entry : fs::directory_iterator(kDataDir)) {
    const std::string name = entry.path().filename();
    if (kHandWritten.count(name) == 0 && !IsImportLeftover(name)) checked_in.insert(name);
  }
  // A file the generator no longer makes, or one it makes that is not checked in, is drift too.
  EXPECT_EQ(made, checked_in);
  EXPECT_EQ(made.size(), 16u);
  for (const std::string& name : made) {
    const std::string regenerated = Slurp(dir_ / name);
    const std::string committed = Slurp(kDataDir / name);
    EXPECT_TRUE(regenerated == committed) << name << " differs from what make-samples.sh makes: run it and commit";
    EXPECT_LT(committed.size(), 50u * 1024) << name;
  }
}

// ---- Valid files --------------------------------------------------------------------------------

struct ValidFile {
  const char* name;
  Cells header;
  SheetFormat format;
  TextEncoding encoding;
  bool bom;
};

std::vector<ValidFile> ValidFiles() {
  Cells surveys = {"统一社会信用代码", "职工人数", "未取证人数", "未取证平均年薪(元)"};
  for (const char* level : {"五级", "四级", "三级", "二级", "一级"}) {
    surveys.push_back(std::string(level) + "人数");
    surveys.push_back(std::string(level) + "平均年薪(元)");
  }
  return {
      {"certificates-utf8.csv", kEnglishCertificateHeader, SheetFormat::kCsv, TextEncoding::kUtf8, false},
      {"certificates-utf8-bom.csv", kChineseCertificateHeader, SheetFormat::kCsv, TextEncoding::kUtf8, true},
      {"certificates-gbk.csv", kChineseCertificateHeader, SheetFormat::kCsv, TextEncoding::kGb18030, false},
      {"certificates.xlsx", kChineseCertificateHeader, SheetFormat::kXlsx, TextEncoding::kUtf8, false},
      {"introductions.csv",
       {"姓名", "身份证号", "用人单位统一社会信用代码", "用人单位名称", "区市代码", "职业编码", "等级", "原证书编号",
        "原发证机构", "原发证日期", "引进日期", "产业链"},
       SheetFormat::kCsv,
       TextEncoding::kUtf8,
       true},
      {"enterprises.csv",
       {"统一社会信用代码", "企业名称", "区市代码", "规模以上", "具备自主评价条件", "产业链", "职工人数"},
       SheetFormat::kCsv,
       TextEncoding::kGb18030,
       false},
      {"students.xlsx",
       {"姓名", "身份证号", "专业代码", "年级", "培养层次", "入学日期"},
       SheetFormat::kXlsx,
       TextEncoding::kUtf8,
       false},
      {"surveys.csv", surveys, SheetFormat::kCsv, TextEncoding::kUtf8, false},
      {"enrolments.csv", {"姓名", "身份证号", "报名日期"}, SheetFormat::kCsv, TextEncoding::kUtf8, true},
  };
}

TEST_F(SampleFilesTest, EveryValidFileReadsToItsHeaderAnd20Records) {
  for (const ValidFile& expected : ValidFiles()) {
    SCOPED_TRACE(expected.name);
    absl::StatusOr<SheetFile> file = ReadSheetFile(Data(expected.name));
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->format, expected.format);
    EXPECT_EQ(file->encoding, expected.encoding);
    EXPECT_EQ(file->had_bom, expected.bom);
    ASSERT_EQ(file->rows.size(), 21u);
    EXPECT_EQ(file->rows[0].cells, expected.header);
    for (size_t i = 0; i < file->rows.size(); ++i) {
      EXPECT_EQ(file->rows[i].line, i + 1);
      EXPECT_EQ(file->rows[i].cells.size(), expected.header.size()) << "line " << i + 1;
    }
  }
}

TEST_F(SampleFilesTest, WorkbookDatesAreExcelSerialNumbers) {
  absl::StatusOr<SheetFile> file = ReadSheetFile(Data("certificates.xlsx"));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->sheet, "Sheet1");
  // 2024-01-01 is serial 45292, 2024-12-31 is 45657.
  for (size_t i = 1; i < file->rows.size(); ++i) {
    const std::string& cell = file->rows[i].cells[7];
    ASSERT_EQ(cell.find_first_not_of("0123456789"), std::string::npos) << cell;
    EXPECT_GE(std::stoi(cell), 45292) << cell;
    EXPECT_LE(std::stoi(cell), 45657) << cell;
    EXPECT_EQ(file->rows[i].cells[1].size(), 18u) << "ID numbers stay text";
  }
}

// The CertificateDraft of each data row of the file at `path` whose line is not in `skip`.
std::vector<evaluation::v1::CertificateDraft> CertificateDrafts(const std::string& path,
                                                                const std::set<size_t>& skip = {}) {
  const ImportSpec& spec = *FindImportSpec("certificates");
  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  EXPECT_TRUE(file.ok()) << file.status();
  if (!file.ok()) return {};
  std::vector<ColumnSpec> columns;
  for (const ImportColumn& column : spec.columns) columns.push_back(column.column);
  absl::StatusOr<std::vector<int>> mapped = MapColumns(file->rows[0].cells, columns);
  EXPECT_TRUE(mapped.ok()) << mapped.status();
  if (!mapped.ok()) return {};
  std::vector<evaluation::v1::CertificateDraft> drafts;
  for (size_t i = 1; i < file->rows.size(); ++i) {
    if (skip.count(file->rows[i].line) != 0) continue;
    evaluation::v1::CertificateDraft draft;
    CellError error;
    const absl::Status built = BuildRow(spec, *mapped, file->rows[0].cells, file->rows[i].cells, {}, draft, &error);
    EXPECT_TRUE(built.ok()) << path << " line " << i + 1 << ": " << error.column << ": " << error.message;
    EXPECT_EQ(draft.issuer_credit_code(), testing::CreditCode(1));
    EXPECT_EQ(draft.issue_date().year(), 2024);
    EXPECT_EQ(draft.type(), evaluation::v1::CERTIFICATE_TYPE_SKILL_LEVEL);
    EXPECT_NE(draft.level(), 0);
    drafts.push_back(draft);
  }
  return drafts;
}

// The issuer's scope README.md gives: occupation code → highest level.
std::map<std::string, common::v1::SkillLevel> ReadmeScope() {
  const std::string readme = Slurp(kDataDir / "README.md");
  // Lines such as {"occupation_code": "6-18-02-04", "highest_level": "SKILL_LEVEL_2_TECHNICIAN"}.
  constexpr std::string_view kCode = "\"occupation_code\": \"";
  constexpr std::string_view kLevel = "\"highest_level\": \"";
  std::map<std::string, common::v1::SkillLevel> scope;
  for (size_t at = readme.find(kCode); at != std::string::npos; at = readme.find(kCode, at + 1)) {
    const size_t code_start = at + kCode.size();
    const size_t code_end = readme.find('"', code_start);
    const size_t level_at = readme.find(kLevel, code_end);
    const size_t line_end = readme.find('\n', code_start);
    if (code_end == std::string::npos || level_at == std::string::npos || level_at > line_end) continue;
    const size_t level_start = level_at + kLevel.size();
    const std::string level_name = readme.substr(level_start, readme.find('"', level_start) - level_start);
    common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
    EXPECT_TRUE(common::v1::SkillLevel_Parse(level_name, &level)) << level_name;
    scope[readme.substr(code_start, code_end - code_start)] = level;
  }
  return scope;
}

// Every draft is inside the scope README.md tells tests to file (as the service's ScopeCovers).
::testing::AssertionResult InsideReadmeScope(const std::vector<evaluation::v1::CertificateDraft>& drafts) {
  const std::map<std::string, common::v1::SkillLevel> scope = ReadmeScope();
  if (scope.size() != 8) return ::testing::AssertionFailure() << "README.md lists " << scope.size() << " scope entries";
  for (const evaluation::v1::CertificateDraft& draft : drafts) {
    const auto entry = scope.find(draft.occupation_code());
    if (entry == scope.end() || draft.level() > entry->second) {
      return ::testing::AssertionFailure()
             << draft.occupation_code() << " at " << common::v1::SkillLevel_Name(draft.level())
             << " is outside the scope README.md gives";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST_F(SampleFilesTest, TheFourCertificateFilesHoldTheSame20Records) {
  const auto serialised = [](const std::string& name) {
    std::vector<std::string> bytes;
    for (const auto& draft : CertificateDrafts(Data(name))) bytes.push_back(draft.SerializeAsString());
    return bytes;
  };
  const std::vector<std::string> first = serialised(kCertificateFiles[0]);
  ASSERT_EQ(first.size(), 20u);
  EXPECT_EQ(std::set<std::string>(first.begin(), first.end()).size(), 20u);
  for (const char* name : kCertificateFiles) {
    EXPECT_EQ(serialised(name), first) << name << " does not hold the records of " << kCertificateFiles[0];
  }
  EXPECT_TRUE(InsideReadmeScope(CertificateDrafts(Data(kCertificateFiles[0]))));
  // The good rows of the errors file too (lines 7 and 9 are refused before the scope matters).
  EXPECT_TRUE(InsideReadmeScope(CertificateDrafts(Data("certificates-with-errors.csv"), {3, 5, 7, 9, 11, 13, 15})));
}

TEST_F(SampleFilesTest, DryRunOfEveryValidFileRefusesNothing) {
  const std::map<std::string, std::map<std::string, std::string>> flags = {
      {"surveys", {{"survey_year", "2024"}}},
      {"students", {{"school_credit_code", testing::CreditCode(3)}}},
      {"enrolments", {{"course_id", "sample-course-1"}}},
  };
  const std::pair<const char*, const char*> files[] = {{"certificates", "certificates-utf8.csv"},
                                                       {"certificates", "certificates-utf8-bom.csv"},
                                                       {"certificates", "certificates-gbk.csv"},
                                                       {"certificates", "certificates.xlsx"},
                                                       {"introductions", "introductions.csv"},
                                                       {"enterprises", "enterprises.csv"},
                                                       {"students", "students.xlsx"},
                                                       {"surveys", "surveys.csv"},
                                                       {"enrolments", "enrolments.csv"}};
  for (const auto& [kind, name] : files) {
    SCOPED_TRACE(name);
    const auto flag = flags.find(kind);
    absl::StatusOr<ImportSummary> summary =
        DryRun(kind, name, flag == flags.end() ? std::map<std::string, std::string>() : flag->second);
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_EQ(summary->rows, 20u);
    EXPECT_EQ(summary->refused, 0u) << "see " << summary->error_file << ": "
                                    << (summary->error_file.empty() ? "" : Slurp(summary->error_file));
    EXPECT_TRUE(summary->ignored_columns.empty()) << summary->ignored_columns.front();
  }
}

// ---- Rows that must be refused ------------------------------------------------------------------

TEST_F(SampleFilesTest, ErrorsFileRefusesExactlyTheLinesTheReadmeLists) {
  absl::StatusOr<ImportSummary> summary = DryRun("certificates", "certificates-with-errors.csv");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rows, 17u);
  EXPECT_EQ(summary->refused, 7u);
  EXPECT_EQ(summary->refused_locally, 7u);
  ASSERT_FALSE(summary->error_file.empty());

  absl::StatusOr<SheetFile> input = ReadSheetFile(Data("certificates-with-errors.csv"));
  ASSERT_TRUE(input.ok()) << input.status();
  absl::StatusOr<SheetFile> errors = ReadSheetFile(summary->error_file);
  ASSERT_TRUE(errors.ok()) << errors.status();
  ASSERT_EQ(errors->rows.size(), 8u);
  Cells header = kChineseCertificateHeader;
  header.push_back(kReasonHeader);
  header.push_back(kFieldHeader);
  EXPECT_EQ(errors->rows[0].cells, header);

  // Each refused row: its line in the input, the column named and a fragment of the reason.
  struct Refusal {
    size_t line;
    std::string column;
    std::string reason;
  };
  const Refusal expected[] = {
      {3, "身份证号", "check"},        // wrong check character
      {5, "身份证号", "scientific"},   // 3.70203E+17
      {7, "职业编码", "6-99-99-99"},   // not in the catalogue
      {9, "等级", "does not offer"},   // 健康管理师 offers 三级 to 一级
      {11, "发证日期", "2023-02-30"},  // no such day
      {13, "发证日期", "future"},      // 2099-01-01
      {15, "姓名", "name"},            // empty
  };
  for (size_t i = 0; i < std::size(expected); ++i) {
    const Cells& refused = errors->rows[i + 1].cells;
    ASSERT_EQ(refused.size(), header.size());
    const Cells cells(refused.begin(), refused.begin() + 8);
    size_t line = 0;
    for (const CsvRow& row : input->rows) {
      if (row.cells == cells) line = row.line;
    }
    SCOPED_TRACE(refused[8]);
    EXPECT_EQ(line, expected[i].line);
    EXPECT_EQ(refused[9], expected[i].column);
    EXPECT_NE(refused[8].find(expected[i].reason), std::string::npos);
    EXPECT_EQ(refused[8].rfind("INVALID_ARGUMENT", 0), 0u);
  }
}

TEST_F(SampleFilesTest, MalformedFilesAreRefusedNamingTheProblem) {
  EXPECT_TRUE(RefusedNaming(ReadSheetFile(Data("malformed-wrong-encoding.csv")).status(),
                            {"malformed-wrong-encoding.csv", "line 3", "neither UTF-8 nor GBK"}));
  // The same bytes are not UTF-8 nor GB18030 when either is forced, too.
  const std::string latin1 = Slurp(kDataDir / "malformed-wrong-encoding.csv");
  EXPECT_TRUE(RefusedNaming(DecodeText(latin1, TextEncoding::kUtf8).status(), {"line 3"}));
  EXPECT_TRUE(RefusedNaming(DecodeText(latin1, TextEncoding::kGb18030).status(), {"line 3"}));

  EXPECT_TRUE(RefusedNaming(ReadSheetFile(Data("malformed-broken-quoting.csv")).status(),
                            {"malformed-broken-quoting.csv", "line 4", "never closed"}));
  EXPECT_TRUE(RefusedNaming(ReadSheetFile(Data("malformed-old-excel.xlsx")).status(),
                            {"malformed-old-excel.xlsx", "97-2003", ".xls"}));

  // Well-formed files the import refuses before sending anything.
  absl::StatusOr<SheetFile> missing = ReadSheetFile(Data("malformed-missing-columns.csv"));
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->rows.size(), 4u);
  EXPECT_TRUE(RefusedNaming(DryRun("certificates", "malformed-missing-columns.csv").status(),
                            {"malformed-missing-columns.csv", "身份证号"}));

  absl::StatusOr<SheetFile> header_only = ReadSheetFile(Data("header-only.csv"));
  ASSERT_TRUE(header_only.ok()) << header_only.status();
  ASSERT_EQ(header_only->rows.size(), 1u);
  EXPECT_EQ(header_only->rows[0].cells, kChineseCertificateHeader);
  EXPECT_TRUE(RefusedNaming(DryRun("certificates", "header-only.csv").status(), {"header-only.csv", "no rows"}));

  absl::StatusOr<SheetFile> empty = ReadSheetFile(Data("empty.csv"));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->rows.empty());
  EXPECT_TRUE(RefusedNaming(DryRun("certificates", "empty.csv").status(), {"empty.csv", "empty"}));
}

// ---- The large file of the benchmark -----------------------------------------------------------

TEST_F(SampleFilesTest, LargeFileHasDistinctValidPersons) {
  const std::string large = (dir_ / "large.csv").string();
  const std::string command = "bash '" + Data("make-samples.sh") + "' --maker '" + SAMPLE_MAKER_PATH + "' --large '" +
                              large + "' 3000 >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  absl::StatusOr<SheetFile> file = ReadSheetFile(large);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->had_bom);
  ASSERT_EQ(file->rows.size(), 3001u);
  EXPECT_EQ(file->rows[0].cells, kChineseCertificateHeader);
  std::set<std::string> ids;
  for (size_t i = 1; i < file->rows.size(); ++i) ids.insert(file->rows[i].cells[1]);
  EXPECT_EQ(ids.size(), 3000u);
  EXPECT_TRUE(InsideReadmeScope(CertificateDrafts(large)));

  absl::StatusOr<ImportSummary> summary = DryRunPath("certificates", large);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rows, 3000u);
  EXPECT_EQ(summary->refused, 0u) << "see " << summary->error_file;
}

}  // namespace
}  // namespace skillbridge::cli

// `skillbridge import` against the real evaluation service (real gRPC, its own redis-server), the
// binary run as bureau staff would run it: a GBK spreadsheet with bad rows, the error file fixed
// and imported as it is, a re-run that issues nothing twice, --dry-run sending nothing, Ctrl-C and
// --resume, kill -9 and a plain re-run, a refused token stopping the run, and a file the import
// cannot read refused before anything is sent.

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/util/concat.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/process.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"
#include "tools/cli/table/sheet_file.h"

namespace skillbridge::testing {
namespace {

using cli::ReadSheetFile;
using cli::SheetFile;
using cli::SheetWriteOptions;
using cli::TextEncoding;
using cli::WriteSheetFile;

std::string Binary() { return std::string(SKILLBRIDGE_BINARY_DIR) + "/tools/cli/skillbridge"; }

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct BinaryRun {
  int code = -1;
  std::string out;
  std::string err;
};

class ImportServiceTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
    dir_ = std::filesystem::temp_directory_path() /
           Concat("cli-import-", ::getpid(), "-", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    institution_token_ = harness_->WriteTokenFile("institution", kInstitutionAToken);
  }

  std::string PathOf(const std::string& name) const { return (dir_ / name).string(); }

  // A certificate row for person `n` as a bureau spreadsheet has it: Chinese headers, dates as
  // staff type them.
  static std::vector<std::string> Row(int n, const std::string& level = "三级/高级工") {
    return {EvaluationHarness::PersonName(n), PersonId(n), "6-18-02-04", level, "2026年5月20日"};
  }
  static std::vector<std::string> Header() { return {"姓名", "身份证号", "职业编码", "等级", "发证日期"}; }

  std::string WriteFile(const std::string& name, const std::vector<std::vector<std::string>>& rows,
                        TextEncoding encoding = TextEncoding::kUtf8, bool bom = true) {
    SheetWriteOptions options;
    options.encoding = encoding;
    options.bom = bom;
    const std::string path = PathOf(name);
    const absl::Status written = WriteSheetFile(path, rows, options);
    EXPECT_TRUE(written.ok()) << written;
    return path;
  }

  std::vector<std::string> ImportArgs(const std::string& path, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"import",
                                     "certificates",
                                     path,
                                     "--address=" + harness_->address(),
                                     "--token_file=" + institution_token_,
                                     "--issuer_credit_code=" + CreditCode(1),
                                     "--batch-size=10"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  static BinaryRun RunBinary(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    ChildProcess::Options options;
    options.env = env;
    auto child = ChildProcess::Start(Binary(), args, options);
    EXPECT_TRUE(child.ok()) << child.status();
    if (!child.ok()) return {};
    const std::optional<int> code = (*child)->Wait(std::chrono::seconds(120));
    return {code.value_or(-1), (*child)->ReadStdout(), (*child)->ReadStderr()};
  }

  // The numbers of every certificate in the store (as ADMIN).
  std::set<std::string> IssuedNumbers() {
    std::set<std::string> numbers;
    ev::ListCertificatesRequest request;
    request.set_page_size(1000);
    for (;;) {
      ev::ListCertificatesResponse response;
      const grpc::Status status =
          harness_->stub().ListCertificates(EvaluationHarness::Context(kAdminToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const ev::Certificate& certificate : response.certificates()) numbers.insert(certificate.number());
      if (!status.ok() || response.next_page_token().empty()) return numbers;
      request.set_page_token(response.next_page_token());
    }
  }

  std::filesystem::path dir_;
  std::string institution_token_;
};

TEST_F(ImportServiceTest, AGbkFileWithBadRowsThenItsErrorFileFixedAndImportedAsItIs) {
  std::vector<std::vector<std::string>> rows = {Header()};
  for (int n = 1; n <= 37; ++n) rows.push_back(Row(n));
  std::vector<std::string> bad_check = Row(38);
  bad_check[1].back() = bad_check[1].back() == '1' ? '2' : '1';  // a wrong check character
  rows.push_back(bad_check);
  std::vector<std::string> scientific = Row(39);
  scientific[1] = "3.70202E+17";  // what Excel shows for an ID in a number column
  rows.push_back(scientific);
  rows.push_back(Row(40, "一级/高级技师"));  // the occupation offers it, the organisation's scope does not
  const std::string path = WriteFile("certificates.csv", rows, TextEncoding::kGb18030);

  BinaryRun first = RunBinary(ImportArgs(path));
  EXPECT_EQ(first.code, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("40 rows"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("新增 37,"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("被拒 3 (2 locally"), std::string::npos) << first.out;
  EXPECT_EQ(IssuedNumbers().size(), 37u);

  // The error file: GBK as the input came, the three rows with why and which column.
  const std::string errors_path = PathOf("certificates.errors.csv");
  absl::StatusOr<SheetFile> errors = ReadSheetFile(errors_path);
  ASSERT_TRUE(errors.ok()) << errors.status();
  EXPECT_EQ(errors->encoding, TextEncoding::kGb18030);
  ASSERT_EQ(errors->rows.size(), 4u);
  EXPECT_EQ(errors->rows[0].cells.size(), 7u);
  EXPECT_EQ(errors->rows[0].cells[5], "错误原因/reason");
  EXPECT_EQ(errors->rows[1].cells[0], EvaluationHarness::PersonName(38));
  EXPECT_EQ(errors->rows[1].cells[6], "身份证号");
  EXPECT_NE(errors->rows[2].cells[5].find("scientific"), std::string::npos) << errors->rows[2].cells[5];
  EXPECT_NE(errors->rows[3].cells[5].find("OUTSIDE_FILED_SCOPE"), std::string::npos) << errors->rows[3].cells[5];
  // No full ID number in what the tool printed.
  EXPECT_EQ(first.out.find(PersonId(38)), std::string::npos);
  EXPECT_EQ(first.err.find(PersonId(38)), std::string::npos);

  // The same file again: nothing issued twice.
  BinaryRun again = RunBinary(ImportArgs(path));
  EXPECT_EQ(again.code, 1) << again.out << again.err;
  EXPECT_NE(again.out.find("新增 0,"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("已导入过 37,"), std::string::npos) << again.out;
  EXPECT_EQ(IssuedNumbers().size(), 37u);

  // Staff fix the cells in the error file and import it as it is.
  SheetFile fixed = *errors;
  std::vector<std::vector<std::string>> fixed_rows;
  for (const auto& row : fixed.rows) fixed_rows.push_back(row.cells);
  fixed_rows[1][1] = PersonId(38);
  fixed_rows[2][1] = PersonId(39);
  fixed_rows[3][3] = "二级";
  const std::string fixed_path = WriteFile("certificates.errors.csv", fixed_rows, TextEncoding::kGb18030, false);
  BinaryRun third = RunBinary(ImportArgs(fixed_path));
  EXPECT_EQ(third.code, 0) << third.out << third.err;
  EXPECT_NE(third.out.find("新增 3,"), std::string::npos) << third.out;
  EXPECT_EQ(IssuedNumbers().size(), 40u);
  EXPECT_FALSE(std::filesystem::exists(PathOf("certificates.errors.errors.csv")));
}

TEST_F(ImportServiceTest, ADryRunChecksLocallyAndSendsNothing) {
  std::vector<std::vector<std::string>> rows = {Header()};
  for (int n = 1; n <= 20; ++n) rows.push_back(Row(n));
  std::vector<std::string> unknown = Row(21);
  unknown[2] = "9-99-99-99";  // no such occupation
  rows.push_back(unknown);
  std::vector<std::string> future = Row(22);
  future[4] = "2099-01-01";
  rows.push_back(future);
  const std::string path = WriteFile("dry.csv", rows);
  // No address, no token: a dry run connects to nothing.
  BinaryRun dry = RunBinary({"import", "certificates", path, "--dry-run", "--issuer_credit_code=" + CreditCode(1)});
  EXPECT_EQ(dry.code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("22 rows / 行, 20 valid / 通过, 2 refused"), std::string::npos) << dry.out;
  EXPECT_TRUE(IssuedNumbers().empty());
  absl::StatusOr<SheetFile> errors = ReadSheetFile(PathOf("dry.errors.csv"));
  ASSERT_TRUE(errors.ok()) << errors.status();
  ASSERT_EQ(errors->rows.size(), 3u);
  EXPECT_EQ(errors->rows[1].cells.back(), "职业编码");
  EXPECT_EQ(errors->rows[2].cells.back(), "发证日期");

  // Without --issuer_credit_code and without its column, the error file says what to add.
  BinaryRun no_issuer =
      RunBinary({"import", "certificates", WriteFile("no-issuer.csv", {Header(), Row(1)}), "--dry-run"});
  EXPECT_EQ(no_issuer.code, 1) << no_issuer.out << no_issuer.err;
  absl::StatusOr<SheetFile> no_issuer_errors = ReadSheetFile(PathOf("no-issuer.errors.csv"));
  ASSERT_TRUE(no_issuer_errors.ok()) << no_issuer_errors.status();
  EXPECT_EQ(no_issuer_errors->rows[1].cells.back(),
            "发证机构统一社会信用代码 (no such column / 文件中无此列; or --issuer_credit_code)");

  rows.resize(21);
  BinaryRun clean = RunBinary(
      {"import", "certificates", WriteFile("dry.csv", rows), "--dry-run", "--issuer_credit_code=" + CreditCode(1)});
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  EXPECT_FALSE(std::filesystem::exists(PathOf("dry.errors.csv")));  // the old one no longer applies
  EXPECT_TRUE(IssuedNumbers().empty());
}

TEST_F(ImportServiceTest, CtrlCStopsCleanlyAndResumeContinuesWhereItStopped) {
  std::vector<std::vector<std::string>> rows = {Header()};
  constexpr int kRows = 600;
  for (int n = 1; n <= kRows; ++n) rows.push_back(Row(n));
  const std::string path = WriteFile("big.csv", rows);
  const std::string progress = path + ".progress";

  auto child = ChildProcess::Start(Binary(), ImportArgs(path, {"--batch-size=1", "--concurrency=1"}));
  ASSERT_TRUE(child.ok()) << child.status();
  // Interrupt once some batches are recorded.
  for (int i = 0; i < 20000 && (*child)->IsRunning(); ++i) {
    const std::string text = Slurp(progress);
    if (std::count(text.begin(), text.end(), '\n') > 30) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE((*child)->IsRunning()) << "the import ended before it could be interrupted";
  (*child)->Kill(SIGINT);
  const std::optional<int> code = (*child)->Wait(std::chrono::seconds(30));
  EXPECT_EQ(code, 1);
  const std::string err = (*child)->ReadStderr();
  EXPECT_NE(err.find("--resume"), std::string::npos) << err;
  ASSERT_TRUE(std::filesystem::exists(progress));
  const size_t before = IssuedNumbers().size();
  EXPECT_GT(before, 0u);
  EXPECT_LT(before, static_cast<size_t>(kRows));

  BinaryRun resumed = RunBinary(ImportArgs(path, {"--resume", "--concurrency=4"}));
  EXPECT_EQ(resumed.code, 0) << resumed.out << resumed.err;
  EXPECT_NE(resumed.out.find("被拒 0"), std::string::npos) << resumed.out;
  EXPECT_EQ(IssuedNumbers().size(), static_cast<size_t>(kRows));
  EXPECT_FALSE(std::filesystem::exists(progress));  // finished: nothing left to resume
}

TEST_F(ImportServiceTest, KilledMidRunARerunIssuesNothingTwice) {
  std::vector<std::vector<std::string>> rows = {Header()};
  constexpr int kRows = 600;
  for (int n = 1; n <= kRows; ++n) rows.push_back(Row(n));
  const std::string path = WriteFile("killed.csv", rows);
  auto child = ChildProcess::Start(Binary(), ImportArgs(path, {"--batch-size=2", "--concurrency=2"}));
  ASSERT_TRUE(child.ok()) << child.status();
  for (int i = 0; i < 20000 && (*child)->IsRunning(); ++i) {
    const std::string text = Slurp(path + ".progress");
    if (std::count(text.begin(), text.end(), '\n') > 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  (*child)->Kill(SIGKILL);
  (*child)->Wait(std::chrono::seconds(10));
  const size_t before = IssuedNumbers().size();
  EXPECT_GT(before, 0u);

  // A plain re-run (no --resume): the batches already written are answered as replays.
  BinaryRun rerun = RunBinary(ImportArgs(path, {"--batch-size=2"}));
  EXPECT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(IssuedNumbers().size(), static_cast<size_t>(kRows));
  EXPECT_NE(rerun.out.find(Concat("新增 ", kRows - before, ",")), std::string::npos)
      << rerun.out << " before " << before;
}

TEST_F(ImportServiceTest, ARefusedTokenStopsTheRunAndUnreadableFilesSendNothing) {
  std::vector<std::vector<std::string>> rows = {Header()};
  for (int n = 1; n <= 30; ++n) rows.push_back(Row(n));
  const std::string path = WriteFile("viewer.csv", rows);
  const std::string viewer = harness_->WriteTokenFile("viewer", kViewerToken);
  std::vector<std::string> args = ImportArgs(path);
  args[4] = "--token_file=" + viewer;
  BinaryRun denied = RunBinary(args);
  EXPECT_EQ(denied.code, 1) << denied.out << denied.err;
  EXPECT_NE(denied.err.find("PERMISSION_DENIED"), std::string::npos) << denied.err;
  EXPECT_NE(denied.out.find("未提交 30"), std::string::npos) << denied.out;
  EXPECT_TRUE(IssuedNumbers().empty());

  // A missing required column: exit 2, the column named with its accepted headers.
  const std::string missing = WriteFile(
      "missing.csv", {{"姓名", "职业编码", "等级", "发证日期"}, {"张三", "6-18-02-04", "三级", "2026-05-20"}});
  BinaryRun no_column = RunBinary(ImportArgs(missing));
  EXPECT_EQ(no_column.code, 2) << no_column.err;
  EXPECT_NE(no_column.err.find("身份证号"), std::string::npos) << no_column.err;
  // Broken quoting: the line is named.
  const std::string broken = PathOf("broken.csv");
  std::ofstream(broken) << "姓名,身份证号,职业编码,等级,发证日期\n张三,\"370202,6-18-02-04,三级,2026-05-20\n";
  BinaryRun quoting = RunBinary(ImportArgs(broken));
  EXPECT_EQ(quoting.code, 2) << quoting.err;
  EXPECT_NE(quoting.err.find("line 2"), std::string::npos) << quoting.err;
  // A required flag value missing, an unknown kind.
  BinaryRun unknown = RunBinary({"import", "payroll", path});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(IssuedNumbers().empty());
}

TEST_F(ImportServiceTest, AnXlsxSheetWithExcelSerialDates) {
  std::vector<std::vector<std::string>> rows = {{"name", "id_number", "occupation_code", "level", "issue_date"}};
  for (int n = 1; n <= 12; ++n) {
    rows.push_back({EvaluationHarness::PersonName(n), PersonId(n), "6-18-02-04", "4", "46162"});  // 2026-05-20
  }
  const std::string path = WriteFile("certificates.xlsx", rows);
  BinaryRun imported = RunBinary(ImportArgs(path));
  EXPECT_EQ(imported.code, 0) << imported.out << imported.err;
  EXPECT_NE(imported.out.find("新增 12,"), std::string::npos) << imported.out;
  ev::ListCertificatesRequest request;
  request.set_page_size(100);
  ev::ListCertificatesResponse response;
  ASSERT_TRUE(
      harness_->stub().ListCertificates(EvaluationHarness::Context(kAdminToken).get(), request, &response).ok());
  ASSERT_EQ(response.certificates_size(), 12);
  EXPECT_EQ(response.certificates(0).issue_date().year(), 2026);
  EXPECT_EQ(response.certificates(0).issue_date().month(), 5);
  EXPECT_EQ(response.certificates(0).issue_date().day(), 20);
  EXPECT_EQ(response.certificates(0).level(), common::v1::SKILL_LEVEL_4_INTERMEDIATE);
}

// The sample files of the other evaluation imports (tests/data/cli): the enterprise register in
// GBK, then the introductions of persons those enterprises employ, each row one call.
TEST_F(ImportServiceTest, TheSampleEnterprisesAndIntroductionsImportAsTheyAre) {
  const std::string admin = harness_->WriteTokenFile("admin", kAdminToken);
  const auto import = [&](const std::string& kind, const std::string& sample) {
    const std::string copy = PathOf(sample);
    std::filesystem::copy_file(std::string(SKILLBRIDGE_SOURCE_DIR) + "/tests/data/cli/" + sample, copy);
    return RunBinary({"import", kind, copy, "--address=" + harness_->address(), "--token_file=" + admin});
  };
  BinaryRun enterprises = import("enterprises", "enterprises.csv");
  EXPECT_EQ(enterprises.code, 0) << enterprises.out << enterprises.err;
  EXPECT_NE(enterprises.out.find("新增 20,"), std::string::npos) << enterprises.out;
  ev::GetEnterpriseRequest get;
  get.set_credit_code(CreditCode(11));
  ev::GetEnterpriseResponse enterprise;
  ASSERT_TRUE(harness_->stub().GetEnterprise(EvaluationHarness::Context(kAdminToken).get(), get, &enterprise).ok());
  EXPECT_EQ(enterprise.enterprise().org().name(), "青岛海湾精密机械有限公司");
  EXPECT_TRUE(enterprise.enterprise().above_designated_size());
  EXPECT_EQ(enterprise.enterprise().employee_count(), 60);

  BinaryRun introductions = import("introductions", "introductions.csv");
  EXPECT_EQ(introductions.code, 0) << introductions.out << introductions.err;
  EXPECT_NE(introductions.out.find("新增 20,"), std::string::npos) << introductions.out;
  ev::ListIntroductionsRequest list;
  list.set_page_size(100);
  ev::ListIntroductionsResponse listed;
  ASSERT_TRUE(harness_->stub().ListIntroductions(EvaluationHarness::Context(kAdminToken).get(), list, &listed).ok());
  EXPECT_EQ(listed.introductions_size(), 20);
  // Again: every row answered as a replay (one call per row, each its own request id).
  BinaryRun again = RunBinary({"import", "introductions", PathOf("introductions.csv"),
                               "--address=" + harness_->address(), "--token_file=" + admin});
  EXPECT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("已导入过 20,"), std::string::npos) << again.out;
}

// Export → import into an empty store → the same records: the certificate export's columns are
// the import's, in CSV and in .xlsx.
TEST_F(ImportServiceTest, ExportThenImportIntoAnEmptyStoreGivesTheSameRecords) {
  std::vector<std::vector<std::string>> rows = {{"姓名", "身份证号", "职业编码", "等级", "发证日期", "产业链"}};
  const char* levels[] = {"五级", "四级", "三级", "二级"};
  for (int n = 1; n <= 40; ++n) {
    rows.push_back({EvaluationHarness::PersonName(n), PersonId(n), n % 3 == 0 ? "6-30-99-00" : "6-18-02-04",
                    n % 3 == 0 ? "三级" : levels[n % 4], Concat("2026/", 1 + n % 5, "/", 1 + n % 27),
                    n % 2 == 0 ? "IC07" : ""});
  }
  ASSERT_EQ(RunBinary(ImportArgs(WriteFile("original.csv", rows))).code, 0);

  const std::string admin = harness_->WriteTokenFile("admin", kAdminToken);
  const auto export_to = [&](const std::string& name) {
    BinaryRun run = RunBinary({"export", "certificates", "--address=" + harness_->address(), "--token_file=" + admin,
                               "--out=" + PathOf(name)});
    EXPECT_EQ(run.code, 0) << run.err;
    return PathOf(name);
  };
  const auto records = [&] {
    std::vector<std::string> out;
    ev::ListCertificatesRequest request;
    request.set_page_size(1000);
    ev::ListCertificatesResponse response;
    EXPECT_TRUE(
        harness_->stub().ListCertificates(EvaluationHarness::Context(kAdminToken).get(), request, &response).ok());
    for (ev::Certificate certificate : response.certificates()) {
      certificate.clear_create_time();  // when it was written, not what it says
      out.push_back(certificate.SerializeAsString());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> before = records();
  ASSERT_EQ(before.size(), 40u);
  const std::string csv = export_to("exported.csv");
  const std::string xlsx = export_to("exported.xlsx");

  for (const std::string& file : {csv, xlsx}) {
    SCOPED_TRACE(file);
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
    BinaryRun imported = RunBinary(ImportArgs(file));
    EXPECT_EQ(imported.code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("新增 40,"), std::string::npos) << imported.out;
    EXPECT_EQ(records(), before);
  }
  // And the export of the imported records is the same file, byte for byte.
  EXPECT_EQ(Slurp(export_to("again.csv")), Slurp(csv));
}

}  // namespace
}  // namespace skillbridge::testing

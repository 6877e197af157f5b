// `skillbridge export` and `skillbridge dashboard` against the real services (real gRPC, each
// service over its own redis-server):
//  - certificates: the `skillbridge` binary against the evaluation service — CSV with BOM across
//    several pages, GBK and .xlsx with the same rows, filters, stdout, refusals that leave any
//    existing file as it was, usage errors naming the flag;
//  - enrolments and claims: the export of each kind against the training service, in process;
//  - the aggregator fed by the evaluation service: the dashboard in the terminal, the circular
//    (the same rows as the aggregator's own CSV circular over HTTP), the indicator table per
//    district, the industry-chain view, and the talent profile as each role may see it.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/validation/citizen_id.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/process.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"
#include "tools/cli/export/certificate_table.h"
#include "tools/cli/export/exporter.h"
#include "tools/cli/export/indicator_tables.h"
#include "tools/cli/export/refusal.h"
#include "tools/cli/export/training_tables.h"
#include "tools/cli/table/sheet_file.h"
#include "tools/cli/table/text_encoding.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
using cli::ReadSheetFile;
using cli::SheetFile;
using Row = std::vector<std::string>;

std::string Binary() { return std::string(SKILLBRIDGE_BINARY_DIR) + "/tools/cli/skillbridge"; }

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs the binary with `args`; the token comes from SKILLBRIDGE_TOKEN (empty = none).
CliRun RunBinary(const std::vector<std::string>& args, const std::string& token) {
  ChildProcess::Options options;
  options.env = {"SKILLBRIDGE_TOKEN=" + token, "NO_COLOR="};
  auto child = ChildProcess::Start(Binary(), args, options);
  EXPECT_TRUE(child.ok()) << child.status();
  if (!child.ok()) {
    return {};
  }
  const std::optional<int> code = (*child)->Wait(std::chrono::seconds(60));
  return {code.value_or(-1), (*child)->ReadStdout(), (*child)->ReadStderr()};
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<Row> Cells(const SheetFile& file) {
  std::vector<Row> rows;
  for (const auto& row : file.rows) rows.push_back(row.cells);
  return rows;
}

// `rows` without the empty cells at the end of each row: an .xlsx keeps no empty cells, so a
// workbook's rows end at their last non-empty cell where the CSV's keep every column.
std::vector<Row> WithoutTrailingEmptyCells(std::vector<Row> rows) {
  for (Row& row : rows) {
    while (!row.empty() && row.back().empty()) row.pop_back();
  }
  return rows;
}

// The rows of `path` as ReadSheetFile reads them (a failed read fails the test and gives none).
std::vector<Row> ReadRows(const std::string& path) {
  absl::StatusOr<SheetFile> file = ReadSheetFile(path);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? Cells(*file) : std::vector<Row>();
}

// The value of column `name` in `row` under `header`.
std::string CellOf(const Row& header, const Row& row, const std::string& name) {
  const auto at = std::find(header.begin(), header.end(), name);
  if (at == header.end() || static_cast<size_t>(at - header.begin()) >= row.size()) return "<no cell " + name + ">";
  return row[at - header.begin()];
}

std::string NewTempDir(const std::string& prefix) {
  absl::StatusOr<std::string> dir = MakeTempDir(prefix);
  EXPECT_TRUE(dir.ok()) << dir.status();
  return dir.value_or("/tmp");
}

// ---------------------------------------------------------------------------- certificates

constexpr int kCertificates = 1100;  // more than two pages of 500

class ExportCertificatesTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest<EvaluationHarness>::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
    ev::BatchIssueCertificatesRequest batch;
    batch.set_request_id("export-batch-1");
    for (int n = 1; n <= kCertificates; ++n) {
      *batch.add_certificates() = EvaluationHarness::Draft(
          n, CreditCode(1),
          n == kCertificates ? common::v1::SKILL_LEVEL_2_TECHNICIAN : common::v1::SKILL_LEVEL_3_SENIOR);
    }
    ev::BatchIssueCertificatesResponse issued;
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kInstitutionAToken);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    const grpc::Status status = harness_->stub().BatchIssueCertificates(&context, batch, &issued);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(issued.accepted_count(), kCertificates);
    numbers_ = new std::map<std::string, std::string>;
    for (const auto& result : issued.results()) {
      (*numbers_)[result.certificate().number()] = result.certificate().person().id_number();
    }
    ev::RevokeCertificateRequest revoke;
    revoke.set_number(issued.results(0).certificate().number());
    revoke.set_reason("材料不实");
    revoke.set_request_id("export-revoke-1");
    ev::RevokeCertificateResponse revoked;
    ASSERT_TRUE(
        harness_->stub().RevokeCertificate(EvaluationHarness::Context(kAdminToken).get(), revoke, &revoked).ok());
    dir_ = new std::string(NewTempDir("export-certificates"));
  }
  static void TearDownTestSuite() {
    delete numbers_;
    numbers_ = nullptr;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
    SuiteHarnessTest<EvaluationHarness>::TearDownTestSuite();
  }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  // `skillbridge export certificates` with `flags` as ADMIN (or `token`).
  static CliRun Export(std::vector<std::string> flags, const std::string& token = kAdminToken) {
    flags.insert(flags.begin(), {"export", "certificates", "--address=" + harness_->address()});
    return RunBinary(flags, token);
  }

  static inline std::map<std::string, std::string>* numbers_ = nullptr;  // number → ID number
  static inline std::string* dir_ = nullptr;
};

TEST_F(ExportCertificatesTest, CsvWithAByteOrderMarkHoldsEveryCertificateAcrossPages) {
  const std::string path = Path("all.csv");
  const CliRun run = Export({"--out=" + path});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.err.find("exported 1100 rows to " + path + " / 已导出 1100 行"), std::string::npos) << run.err;
  const std::string bytes = Slurp(path);
  ASSERT_EQ(bytes.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(bytes.substr(3, 12), "证书编号");
  const std::vector<Row> rows = ReadRows(path);
  ASSERT_EQ(rows.size(), static_cast<size_t>(kCertificates + 1));
  EXPECT_EQ(rows[0], cli::CertificateHeader());
  std::map<std::string, std::string> exported;
  for (size_t i = 1; i < rows.size(); ++i) {
    exported[rows[i][0]] = rows[i][2];
  }
  EXPECT_EQ(exported, *numbers_) << "every certificate once, with the full ID number ADMIN may see";
  const Row& header = rows[0];
  for (size_t i = 1; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (row[2] != PersonId(1)) continue;
    EXPECT_EQ(CellOf(header, row, "姓名"), EvaluationHarness::PersonName(1));
    EXPECT_EQ(CellOf(header, row, "证书类型"), "职业技能等级");
    EXPECT_EQ(CellOf(header, row, "评价方式"), "考核评价");
    EXPECT_EQ(CellOf(header, row, "等级"), "三级/高级工");
    EXPECT_EQ(CellOf(header, row, "发证机构统一社会信用代码"), CreditCode(1));
    EXPECT_EQ(CellOf(header, row, "发证日期"), "2026-05-20");
    EXPECT_EQ(CellOf(header, row, "区市代码"), kDistrictA);
    EXPECT_EQ(CellOf(header, row, "状态"), "已撤销");
    EXPECT_EQ(CellOf(header, row, "撤销原因"), "材料不实");
    EXPECT_EQ(CellOf(header, row, "职业名称"), "焊工");
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_F(ExportCertificatesTest, GbkAndXlsxCarryTheSameRows) {
  const CliRun utf8 = Export({"--out=" + Path("same.csv"), "--year=2026"});
  ASSERT_EQ(utf8.code, 0) << utf8.err;
  const std::vector<Row> expected = ReadRows(Path("same.csv"));
  ASSERT_EQ(expected.size(), static_cast<size_t>(kCertificates + 1));

  const CliRun gbk = Export({"--out=" + Path("gbk.csv"), "--encoding=gbk", "--year=2026"});
  ASSERT_EQ(gbk.code, 0) << gbk.err;
  const std::string bytes = Slurp(Path("gbk.csv"));
  const std::string header_in_gbk = *cli::EncodeText("证书编号,姓名", cli::TextEncoding::kGb18030, false);
  EXPECT_EQ(bytes.substr(0, header_in_gbk.size()), header_in_gbk) << "GBK bytes, no byte-order mark";
  absl::StatusOr<SheetFile> read_gbk = ReadSheetFile(Path("gbk.csv"));
  ASSERT_TRUE(read_gbk.ok()) << read_gbk.status();
  EXPECT_EQ(read_gbk->encoding, cli::TextEncoding::kGb18030);
  EXPECT_EQ(Cells(*read_gbk), expected);

  const CliRun xlsx = Export({"--out=" + Path("all.xlsx"), "--encoding=gbk", "--year=2026"});
  ASSERT_EQ(xlsx.code, 0) << xlsx.err;
  EXPECT_NE(xlsx.err.find("--encoding applies to CSV only"), std::string::npos) << xlsx.err;
  absl::StatusOr<SheetFile> workbook = ReadSheetFile(Path("all.xlsx"));
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  EXPECT_EQ(workbook->sheet, "证书");
  EXPECT_EQ(Cells(*workbook), WithoutTrailingEmptyCells(expected));
}

TEST_F(ExportCertificatesTest, FiltersNarrowTheExportAndStdoutIsPlainCsv) {
  const CliRun revoked = Export({"--out=" + Path("revoked.csv"), "--status=已撤销"});
  ASSERT_EQ(revoked.code, 0) << revoked.err;
  std::vector<Row> rows = ReadRows(Path("revoked.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][2], PersonId(1));

  const CliRun technicians = Export({"--out=" + Path("technicians.csv"), "--level=二级", "--type=职业技能等级"});
  ASSERT_EQ(technicians.code, 0) << technicians.err;
  rows = ReadRows(Path("technicians.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][2], PersonId(kCertificates));
  EXPECT_EQ(rows[1][6], "二级/技师");

  const CliRun none = Export({"--out=" + Path("none.csv"), "--year=2025"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_NE(none.err.find("exported 0 rows"), std::string::npos) << none.err;
  EXPECT_EQ(ReadRows(Path("none.csv")).size(), 1u) << "the header alone";

  const CliRun person = Export({"--out=-", "--id_number=" + PersonId(5)});
  ASSERT_EQ(person.code, 0) << person.err;
  EXPECT_EQ(person.out.rfind("证书编号,姓名,身份证号,", 0), 0u) << "no byte-order mark on stdout: " << person.out;
  EXPECT_NE(person.out.find(PersonId(5)), std::string::npos);
  EXPECT_EQ(std::count(person.out.begin(), person.out.end(), '\n'), 2);
  EXPECT_NE(person.err.find("to stdout"), std::string::npos) << person.err;
}

TEST_F(ExportCertificatesTest, ARefusalLeavesAnExistingFileAsItWas) {
  const std::string path = Path("kept.csv");
  std::ofstream(path) << "old contents";
  const CliRun denied = Export({"--out=" + path}, kViewerToken);
  EXPECT_EQ(denied.code, 1) << denied.err;
  EXPECT_NE(denied.err.find("ListCertificates refused"), std::string::npos) << denied.err;
  EXPECT_NE(denied.err.find("PERMISSION_DENIED"), std::string::npos) << denied.err;
  EXPECT_EQ(Slurp(path), "old contents");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  const CliRun unauthenticated = Export({"--out=" + Path("never.csv")}, "");
  EXPECT_EQ(unauthenticated.code, 1);
  EXPECT_NE(unauthenticated.err.find("UNAUTHENTICATED"), std::string::npos) << unauthenticated.err;
  EXPECT_FALSE(std::filesystem::exists(Path("never.csv")));
}

TEST_F(ExportCertificatesTest, UsageErrorsNameTheFlagAndSendNothing) {
  const CliRun no_out = Export({});
  EXPECT_EQ(no_out.code, 2);
  EXPECT_NE(no_out.err.find("--out"), std::string::npos) << no_out.err;
  const CliRun old_excel = Export({"--out=" + Path("x.xls")});
  EXPECT_EQ(old_excel.code, 2);
  EXPECT_NE(old_excel.err.find("--out"), std::string::npos) << old_excel.err;
  const CliRun bad_level = Export({"--out=" + Path("x.csv"), "--level=九级"});
  EXPECT_EQ(bad_level.code, 2);
  EXPECT_NE(bad_level.err.find("--level"), std::string::npos) << bad_level.err;
  const CliRun bad_encoding = Export({"--out=" + Path("x.csv"), "--encoding=big5"});
  EXPECT_EQ(bad_encoding.code, 2);
  EXPECT_NE(bad_encoding.err.find("--encoding"), std::string::npos) << bad_encoding.err;
  const CliRun foreign_filter = Export({"--out=" + Path("x.csv"), "--indicator=new_high_skilled_persons"});
  EXPECT_EQ(foreign_filter.code, 2);
  EXPECT_NE(foreign_filter.err.find("--indicator does not apply"), std::string::npos) << foreign_filter.err;
  EXPECT_FALSE(std::filesystem::exists(Path("x.csv")));
  const CliRun unknown = RunBinary({"export", "payroll", "--out=" + Path("x.csv")}, kAdminToken);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("payroll"), std::string::npos) << unknown.err;
  const CliRun list = RunBinary({"export", "list"}, "");
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("调度通报"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("certificates"), std::string::npos) << list.out;
}

// -------------------------------------------------------------------------------- training

class ExportTrainingTest : public SuiteHarnessTest<TrainingHarness> {
 protected:
  // The exports reach the harness's training service with `token`.
  static cli::Connector As(const std::string& token) {
    return [token](std::string_view service) -> absl::StatusOr<cli::Connection> {
      EXPECT_EQ(service, "training");
      cli::Connection connection;
      connection.channel = harness_->channel();
      connection.token = token;
      return connection;
    };
  }
};

TEST_F(ExportTrainingTest, EnrolmentsAndClaimsWithTheirStatesAndAmounts) {
  const tr::Institution institution = harness_->CreateInstitution(1, kDistrictA);
  const std::string credit_code = institution.org().credit_code();
  harness_->PublishCatalog(2026, kWelder, common::v1::SKILL_LEVEL_4_INTERMEDIATE, 150050);
  const tr::Course course = harness_->CreateCourse(credit_code, kWelder, common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  const tr::Enrollment completed = harness_->CompletedEnrollment(course.id(), 1);
  tr::Enrollment open;
  ASSERT_TRUE(harness_->Enroll(course.id(), 2, &open).ok());
  const std::string certificate = harness_->IssueCertificate(1, kWelder, common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  tr::SubsidyClaim claim;
  const grpc::Status submitted = harness_->Submit(completed.id(), certificate, &claim);
  ASSERT_TRUE(submitted.ok()) << submitted.error_message();

  cli::ExportFilters filters;
  filters.course = course.id();
  absl::StatusOr<cli::ExportSheet> enrolments = cli::RunExportKind("enrolments", filters, As(kAdminToken));
  ASSERT_TRUE(enrolments.ok()) << enrolments.status();
  ASSERT_EQ(enrolments->record_count, 2u);
  const Row& header = enrolments->rows[0];
  EXPECT_EQ(header, cli::EnrollmentHeader());
  std::map<std::string, Row> by_person;
  for (size_t i = 1; i < enrolments->rows.size(); ++i)
    by_person[CellOf(header, enrolments->rows[i], "身份证号")] = enrolments->rows[i];
  ASSERT_EQ(by_person.count(PersonId(1)), 1u);
  ASSERT_EQ(by_person.count(PersonId(2)), 1u);
  EXPECT_EQ(CellOf(header, by_person[PersonId(1)], "状态"), "已结业");
  EXPECT_EQ(CellOf(header, by_person[PersonId(1)], "补贴申请编号"), claim.id());
  EXPECT_EQ(CellOf(header, by_person[PersonId(1)], "培训项目类型"), "岗位技能提升培训");
  EXPECT_EQ(CellOf(header, by_person[PersonId(2)], "状态"), "在训");
  EXPECT_EQ(CellOf(header, by_person[PersonId(2)], "报名日期"), "2026-03-01");
  EXPECT_EQ(CellOf(header, by_person[PersonId(2)], "课程编号"), course.id());

  filters.status = "已结业";
  absl::StatusOr<cli::ExportSheet> done = cli::RunExportKind("enrolments", filters, As(kAdminToken));
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->record_count, 1u);
  EXPECT_EQ(CellOf(header, done->rows[1], "身份证号"), PersonId(1));

  cli::ExportFilters claim_filters;
  claim_filters.institution = credit_code;
  absl::StatusOr<cli::ExportSheet> claims = cli::RunExportKind("claims", claim_filters, As(kAdminToken));
  ASSERT_TRUE(claims.ok()) << claims.status();
  ASSERT_EQ(claims->record_count, 1u);
  const Row& claim_header = claims->rows[0];
  const Row& row = claims->rows[1];
  EXPECT_EQ(CellOf(claim_header, row, "申请编号"), claim.id());
  EXPECT_EQ(CellOf(claim_header, row, "证书编号"), certificate);
  EXPECT_EQ(CellOf(claim_header, row, "补贴金额(元)"), "1500.50");
  EXPECT_EQ(CellOf(claim_header, row, "状态"), "已申报");
  EXPECT_EQ(CellOf(claim_header, row, "发证日期"), "2026-05-20");

  // Another institution's token: refused with the service's code, as a refusal.
  absl::StatusOr<cli::ExportSheet> other = cli::RunExportKind("claims", claim_filters, As(kInstitutionBToken));
  EXPECT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied) << other.status();
  EXPECT_TRUE(cli::IsRefusal(other.status())) << other.status();
  EXPECT_NE(std::string(other.status().message()).find("OUT_OF_SCOPE"), std::string::npos) << other.status();
}

// ------------------------------------------------------------------------------ aggregator

class ExportAggregatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    evaluation_ = new EvaluationHarness();
    ASSERT_TRUE(evaluation_->Start().ok());
    evaluation_->CreateFiledOrg(CreditCode(1), kDistrictA);
    for (int n = 1; n <= 2; ++n) {
      ev::IssueCertificateRequest issue;
      issue.set_request_id("export-agg-" + std::to_string(n));
      *issue.mutable_certificate() = EvaluationHarness::Draft(n, CreditCode(1));
      ev::IssueCertificateResponse issued;
      const grpc::Status status =
          evaluation_->stub().IssueCertificate(EvaluationHarness::Context(kInstitutionAToken).get(), issue, &issued);
      ASSERT_TRUE(status.ok()) << status.error_message();
      if (n == 1) number_ = new std::string(issued.certificate().number());
    }
    aggregator_ = new AggregatorHarness();
    const std::string evaluation_address = evaluation_->address();
    const absl::Status started =
        aggregator_->Start([&](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
          config.sources["evaluation"] = {evaluation_address, ""};
          config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
        });
    ASSERT_TRUE(started.ok()) << started;
    // Wait (bounded) until the aggregator has applied both certificates.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < give_up && CityValue("new_high_skilled_persons") != 2) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(CityValue("new_high_skilled_persons"), 2) << "the aggregator did not consume the evaluation feed";
    dir_ = new std::string(NewTempDir("export-aggregator"));
  }
  static void TearDownTestSuite() {
    delete aggregator_;
    aggregator_ = nullptr;
    delete evaluation_;
    evaluation_ = nullptr;
    delete number_;
    number_ = nullptr;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(dir_, nullptr) << "the suite did not start"; }

  static double CityValue(const std::string& indicator) {
    agg::GetDashboardRequest request;
    request.set_year(2026);
    agg::GetDashboardResponse response;
    if (!aggregator_->stub().GetDashboard(ContextWithToken(kViewerToken).get(), request, &response).ok()) return -1;
    for (const auto& group : response.measures()) {
      for (const auto& value : group.values()) {
        if (value.indicator_id() == indicator) return value.has_value() ? value.value() : -1;
      }
    }
    return -1;
  }

  static std::string Address() { return "--address=127.0.0.1:" + std::to_string(aggregator_->server().port()); }
  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  static CliRun Cli(std::vector<std::string> args, const std::string& token = kViewerToken) {
    args.push_back(Address());
    return RunBinary(args, token);
  }

  static inline EvaluationHarness* evaluation_ = nullptr;
  static inline AggregatorHarness* aggregator_ = nullptr;
  static inline std::string* number_ = nullptr;
  static inline std::string* dir_ = nullptr;
};

TEST_F(ExportAggregatorTest, TheDashboardShowsTheServicesVerdictWithoutColourOffATerminal) {
  const CliRun city = Cli({"dashboard", "--year=2026"});
  ASSERT_EQ(city.code, 0) << city.err;
  EXPECT_NE(city.out.find("2026年 全市"), std::string::npos) << city.out;
  EXPECT_EQ(city.out.find("\x1b"), std::string::npos) << "stdout is a file here";
  std::istringstream lines(city.out);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.find("新增高技能人才") == std::string::npos) continue;
    found = true;
    // 2 of a target of 20,000 by mid-June: behind, as the service says.
    EXPECT_NE(line.find("20000"), std::string::npos) << line;
    EXPECT_NE(line.find("落后 behind"), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << city.out;
  EXPECT_NE(city.out.find("未接入 not connected"), std::string::npos) << "training's indicators: " << city.out;

  const CliRun district = Cli({"dashboard", "--year=2026", "--district=370202"});
  ASSERT_EQ(district.code, 0) << district.err;
  EXPECT_NE(district.out.find("市南区 370202"), std::string::npos) << district.out;

  const CliRun denied = Cli({"dashboard", "--year=2026"}, "");
  EXPECT_EQ(denied.code, 1);
  EXPECT_NE(denied.err.find("UNAUTHENTICATED"), std::string::npos) << denied.err;
}

TEST_F(ExportAggregatorTest, TheCircularHasTheRowsOfTheAggregatorsOwnCsvCircular) {
  const std::string path = Path("circular.xlsx");
  const CliRun run =
      Cli({"export", "circular", "--indicator=new_high_skilled_persons", "--year=2026", "--out=" + path});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.err.find("exported 10 rows"), std::string::npos) << run.err;
  const AggregatorHarness::HttpReply reply =
      aggregator_->HttpGet("/api/v1/ranking?year=2026&indicator=new_high_skilled_persons&format=csv", kViewerToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const std::string service_csv = Path("service-circular.csv");
  std::ofstream(service_csv, std::ios::binary) << reply.body;
  const std::vector<Row> expected = ReadRows(service_csv);
  ASSERT_EQ(expected.size(), 13u) << "title, header, 10 districts, the city";
  EXPECT_EQ(ReadRows(path), WithoutTrailingEmptyCells(expected));
  const CliRun csv = Cli(
      {"export", "circular", "--indicator=new_high_skilled_persons", "--year=2026", "--out=" + Path("circular.csv")});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(Slurp(Path("circular.csv")), reply.body) << "byte for byte the service's own CSV";
}

TEST_F(ExportAggregatorTest, TheCircularNamesTheIndicatorsWhenNoneOrAnUnknownOneIsGiven) {
  const CliRun missing = Cli({"export", "circular", "--out=" + Path("c.csv")});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("--indicator"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("new_high_skilled_persons  新增高技能人才"), std::string::npos) << missing.err;
  const CliRun unknown = Cli({"export", "circular", "--indicator=happiness", "--out=" + Path("c.csv")});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("'happiness'"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("new_high_skilled_persons"), std::string::npos) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(Path("c.csv")));
}

TEST_F(ExportAggregatorTest, IndicatorTablesForTheCityAndPerDistrict) {
  const CliRun city = Cli({"export", "indicators", "--year=2026", "--out=" + Path("city.csv")});
  ASSERT_EQ(city.code, 0) << city.err;
  std::vector<Row> rows = ReadRows(Path("city.csv"));
  ASSERT_GT(rows.size(), 10u);
  EXPECT_EQ(rows[0], cli::IndicatorHeader());
  const Row header = rows[0];
  int found = 0;
  for (const Row& row : rows) {
    if (CellOf(header, row, "指标编号") != "new_high_skilled_persons") continue;
    ++found;
    EXPECT_EQ(CellOf(header, row, "区市"), "全市");
    EXPECT_EQ(CellOf(header, row, "完成值"), "2");
    EXPECT_EQ(CellOf(header, row, "目标"), "20000");
    EXPECT_EQ(CellOf(header, row, "进度"), "落后进度");
  }
  EXPECT_EQ(found, 1);

  const CliRun by_district = Cli({"export", "indicators", "--year=2026", "--by=district", "--out=" + Path("d.csv")});
  ASSERT_EQ(by_district.code, 0) << by_district.err;
  rows = ReadRows(Path("d.csv"));
  std::set<std::string> districts;
  std::map<std::string, std::string> high_skilled;  // district → value
  for (size_t i = 1; i < rows.size(); ++i) {
    districts.insert(CellOf(header, rows[i], "区市代码"));
    if (CellOf(header, rows[i], "指标编号") == "new_high_skilled_persons") {
      high_skilled[CellOf(header, rows[i], "区市代码")] = CellOf(header, rows[i], "完成值");
    }
  }
  EXPECT_EQ(districts.size(), 10u);
  EXPECT_EQ(high_skilled.size(), 10u);
  EXPECT_EQ(high_skilled["370202"], "2");
  EXPECT_EQ(high_skilled["370211"], "0");
  EXPECT_EQ(rows.size() - 1, 10 * (ReadRows(Path("city.csv")).size() - 1)) << "every indicator for every district";

  const CliRun bad_by = Cli({"export", "indicators", "--by=chain", "--out=" + Path("x.csv")});
  EXPECT_EQ(bad_by.code, 2);
  EXPECT_NE(bad_by.err.find("--by"), std::string::npos) << bad_by.err;
}

TEST_F(ExportAggregatorTest, TheChainViewLeavesUnconnectedFiguresEmpty) {
  const CliRun run = Cli({"export", "chains", "--year=2026", "--chain=IC06", "--out=" + Path("chains.csv")});
  ASSERT_EQ(run.code, 0) << run.err;
  const std::vector<Row> rows = ReadRows(Path("chains.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(CellOf(rows[0], rows[1], "产业链代码"), "IC06");
  EXPECT_EQ(CellOf(rows[0], rows[1], "发证数"), "2");
  EXPECT_EQ(CellOf(rows[0], rows[1], "取证人数"), "2");
  EXPECT_EQ(CellOf(rows[0], rows[1], "培训人次"), "") << "training is not connected";
  const CliRun unknown = Cli({"export", "chains", "--chain=IC99", "--out=" + Path("x.csv")});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("IC06"), std::string::npos) << unknown.err;
}

TEST_F(ExportAggregatorTest, TheProfileIsAsTheRoleMaySeeItAndNeverUnmasked) {
  const CliRun admin =
      Cli({"export", "profile", "--id_number=" + PersonId(1), "--out=" + Path("admin.csv")}, kAdminToken);
  ASSERT_EQ(admin.code, 0) << admin.err;
  std::vector<Row> rows = ReadRows(Path("admin.csv"));
  const auto value_of = [&rows](const std::string& key) {
    for (const Row& row : rows) {
      if (row.size() >= 2 && row[0] == key) return row[1];
    }
    return std::string("<no row>");
  };
  EXPECT_EQ(value_of("身份证号"), PersonId(1));
  EXPECT_EQ(value_of("姓名"), EvaluationHarness::PersonName(1));
  EXPECT_EQ(value_of("最高等级"), "三级/高级工");
  EXPECT_EQ(value_of("视图"), "完整视图");
  EXPECT_NE(Slurp(Path("admin.csv")).find(*number_), std::string::npos);

  const CliRun verifier =
      Cli({"export", "profile", "--id_number=" + PersonId(1), "--out=" + Path("verifier.csv")}, kVerifierToken);
  ASSERT_EQ(verifier.code, 0) << verifier.err;
  rows = ReadRows(Path("verifier.csv"));
  EXPECT_EQ(value_of("身份证号"), MaskCitizenId(PersonId(1)));
  EXPECT_EQ(value_of("姓名"), "");
  EXPECT_EQ(value_of("视图"), "核验视图（已遮蔽）");
  const std::string bytes = Slurp(Path("verifier.csv"));
  EXPECT_EQ(bytes.find(PersonId(1)), std::string::npos) << "the full ID number is nowhere in the file";
  EXPECT_EQ(bytes.find(*number_), std::string::npos) << "nor the full certificate number";
  EXPECT_NE(bytes.find(number_->substr(0, 6) + "****"), std::string::npos);

  const CliRun viewer = Cli({"export", "profile", "--id_number=" + PersonId(1), "--out=" + Path("viewer.csv")});
  EXPECT_EQ(viewer.code, 1);
  EXPECT_NE(viewer.err.find("PERMISSION_DENIED"), std::string::npos) << viewer.err;
  EXPECT_FALSE(std::filesystem::exists(Path("viewer.csv")));
  const CliRun no_person = Cli({"export", "profile", "--out=" + Path("x.csv")}, kAdminToken);
  EXPECT_EQ(no_person.code, 2);
  EXPECT_NE(no_person.err.find("--id_number"), std::string::npos) << no_person.err;
}

}  // namespace
}  // namespace skillbridge::testing

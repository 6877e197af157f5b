// `skillbridge import <kind> <file>`: a spreadsheet into the services (tools/cli/import/), and
// `skillbridge import list` / `skillbridge import <kind>` (the kinds, and a kind's columns).

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/reference_data.h"
#include "common/util/concat.h"
#include "tools/cli/commands/command.h"
#include "tools/cli/connection.h"
#include "tools/cli/import/import_catalog.h"
#include "tools/cli/import/import_runner.h"
#include "tools/cli/table/text_encoding.h"

ABSL_DECLARE_FLAG(std::string, encoding);
ABSL_DECLARE_FLAG(std::string, issuer_credit_code);  // export_flags.cc: a filter there, a default here

ABSL_FLAG(std::string, sheet, "", "import: the sheet of an .xlsx file (default: the first) / 工作表名称");
ABSL_FLAG(bool, dry_run, false, "import: check every row locally and send nothing / 仅校验，不提交");
ABSL_FLAG(bool, resume, false,
          "import: continue a run that stopped, from its progress file (<file>.progress) / 从中断处继续");
ABSL_FLAG(int, batch_size, 0, "import: rows per call of a batch method (default 500, at most 5,000) / 每批行数");
ABSL_FLAG(int, concurrency, 4, "import: calls in flight at once (1 to 16) / 并发调用数");
ABSL_FLAG(std::string, error_file, "",
          "import: where refused rows go (default <file>.errors.<ext> next to the file) / 错误文件");
ABSL_FLAG(std::string, progress_file, "", "import: the progress file (default <file>.progress) / 进度文件");
ABSL_FLAG(std::string, reference_dir, "",
          "import: reference data for the local checks (default: ./reference, /opt/skillbridge/reference or the "
          "source tree's) / 基础数据目录");
ABSL_FLAG(std::string, certificate_type, "职业技能等级",
          "import certificates: the type for rows without one / 证书类型");
ABSL_FLAG(std::string, certificate_basis, "考核评价", "import certificates: the basis for rows without one / 评价方式");
ABSL_FLAG(std::string, course_id, "", "import enrolments: the course for rows without one / 培训班编号");
ABSL_FLAG(std::string, contest_id, "", "import entries, results: the contest / 赛项编号");
ABSL_FLAG(std::string, survey_year, "", "import surveys: the survey year / 调查年度");
ABSL_FLAG(std::string, school_credit_code, "",
          "import students, graduations: the school's credit code / 学校统一社会信用代码");

namespace skillbridge::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnInterrupt(int) {
  g_stop.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
  std::signal(SIGTERM, SIG_DFL);
}

std::string FlagText(const std::string& flag) {
  if (flag == "issuer_credit_code") return absl::GetFlag(FLAGS_issuer_credit_code);
  if (flag == "certificate_type") return absl::GetFlag(FLAGS_certificate_type);
  if (flag == "certificate_basis") return absl::GetFlag(FLAGS_certificate_basis);
  if (flag == "course_id") return absl::GetFlag(FLAGS_course_id);
  if (flag == "contest_id") return absl::GetFlag(FLAGS_contest_id);
  if (flag == "survey_year") return absl::GetFlag(FLAGS_survey_year);
  if (flag == "school_credit_code") return absl::GetFlag(FLAGS_school_credit_code);
  return "";
}

int ListKinds() {
  std::cout << "kinds of import / 导入类型:\n";
  for (const ImportSpec& spec : ImportSpecs()) {
    std::printf("  %-14s %s / %s (%s/%s)\n", spec.kind.c_str(), spec.title_zh.c_str(), spec.title_en.c_str(),
                spec.service.c_str(), spec.method.c_str());
  }
  std::cout << "columns of one / 各类型的列: skillbridge import <kind>\n";
  return kExitOk;
}

int DescribeKind(const ImportSpec& spec) {
  std::cout << spec.kind << ": " << spec.title_zh << " / " << spec.title_en << "\n"
            << "  sends / 调用: " << spec.service << "/" << spec.method
            << (spec.rows_field.empty() ? " (one call per row / 每行一次调用)" : " (in batches / 分批)") << "\n"
            << "  who may / 权限: " << spec.roles << "\n  columns / 列 (* required / 必填):\n";
  for (const ImportColumn& column : spec.columns) {
    std::string names;
    for (const std::string& name : column.column.names) names += (names.empty() ? "" : " | ") + name;
    std::cout << "    " << (column.column.required ? "* " : "  ") << names
              << (column.note.empty() ? "" : "   (" + column.note + ")") << "\n";
  }
  for (const FlagValue& flag : spec.flag_values) {
    std::cout << "  --" << flag.flag << (flag.required ? " (required / 必填)" : "") << "\n";
  }
  return kExitOk;
}

std::shared_ptr<const ReferenceData> LoadReference(bool required, std::string* error) {
  std::vector<std::string> candidates;
  if (const std::string flag = absl::GetFlag(FLAGS_reference_dir); !flag.empty()) {
    candidates = {flag};
  } else {
    candidates = {"reference", "/opt/skillbridge/reference", SKILLBRIDGE_SOURCE_REFERENCE_DIR};
  }
  for (const std::string& dir : candidates) {
    if (::access((dir + "/occupations.tsv").c_str(), R_OK) != 0 && candidates.size() > 1) continue;
    absl::StatusOr<std::shared_ptr<const ReferenceData>> loaded = ReferenceData::LoadFromDirectory(dir);
    if (loaded.ok()) return *loaded;
    *error = std::string(loaded.status().message());
    return nullptr;
  }
  if (required) *error = "no reference data found: give --reference_dir / 未找到基础数据，请指定 --reference_dir";
  return nullptr;
}

}  // namespace

int RunImport(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "list") {
    return args.empty() ? (ListKinds(), kExitUsage) : ListKinds();
  }
  const ImportSpec* spec = FindImportSpec(args[0]);
  if (spec == nullptr) {
    return UsageError(Concat("unknown kind of import '", args[0], "' (see: skillbridge import list)"));
  }
  if (args.size() == 1) {
    return DescribeKind(*spec);
  }
  if (args.size() != 2) {
    return UsageError(Concat("usage: skillbridge import ", spec->kind, " <file.csv|file.xlsx> [--dry-run] [--resume]"));
  }
  ImportOptions options;
  options.path = args[1];
  options.read.sheet = absl::GetFlag(FLAGS_sheet);
  if (const std::string encoding = absl::GetFlag(FLAGS_encoding); !encoding.empty() && encoding != "auto") {
    absl::StatusOr<TextEncoding> parsed = ParseTextEncoding(encoding);
    if (!parsed.ok()) return UsageError(Concat("--encoding: ", std::string(parsed.status().message())));
    options.read.encoding = *parsed;
  }
  options.dry_run = absl::GetFlag(FLAGS_dry_run);
  options.resume = absl::GetFlag(FLAGS_resume);
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  if (options.batch_size < 0 || options.batch_size > 5000 || options.concurrency < 1 ||
      options.concurrency > kMaxImportConcurrency) {
    return UsageError(Concat("--batch_size must be 1 to 5,000 and --concurrency 1 to ", kMaxImportConcurrency));
  }
  options.error_file = absl::GetFlag(FLAGS_error_file);
  options.journal_file = absl::GetFlag(FLAGS_progress_file);
  for (const FlagValue& flag : spec->flag_values) {
    options.flag_values.push_back({&flag, FlagText(flag.flag)});
  }
  std::string reference_error;
  options.reference = LoadReference(options.dry_run, &reference_error);
  if (options.reference == nullptr && !reference_error.empty() &&
      (options.dry_run || !absl::GetFlag(FLAGS_reference_dir).empty())) {
    return UsageError(reference_error);
  }
  if (options.reference == nullptr) {
    std::cerr << "skillbridge: no reference data here, so rows are checked by the service only / "
                 "未找到基础数据，仅由服务校验\n";
  }
  options.today = ToDate(BureauDay(absl::Now()));
  options.terminal = ::isatty(STDERR_FILENO) != 0;

  absl::StatusOr<Connection> connection = Connection{};
  if (!options.dry_run) {
    connection = Connect(spec->service);
    if (!connection.ok()) return UsageError(connection.status());
  }
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  absl::StatusOr<ImportSummary> summary =
      skillbridge::cli::RunImport(*spec, options, options.dry_run ? nullptr : &*connection, g_stop);
  if (!summary.ok()) {
    return UsageError(summary.status());
  }
  if (!summary->ignored_columns.empty()) {
    std::string names;
    for (const std::string& name : summary->ignored_columns) names += (names.empty() ? "" : ", ") + name;
    std::cerr << "columns not used by this import / 未使用的列: " << names << "\n";
  }
  if (options.dry_run) {
    std::cout << "dry run / 试运行: " << summary->rows << " rows / 行, " << summary->rows - summary->refused
              << " valid / 通过, " << summary->refused << " refused / 有误; nothing sent / 未提交\n";
  } else {
    std::cout << "import " << spec->kind << ": " << summary->rows << " rows / 行; new / 新增 " << summary->added
              << ", replayed / 已导入过 " << summary->replayed + summary->earlier << ", refused / 被拒 "
              << summary->refused << " (" << summary->refused_locally << " locally / 本地校验)";
    if (summary->unsent > 0) std::cout << ", not sent / 未提交 " << summary->unsent;
    std::cout << "\n";
  }
  if (!summary->error_file.empty()) {
    std::cout << "error file / 错误文件: " << summary->error_file
              << " (fix the rows and import it as it is / 修改后可直接导入)\n";
  }
  if (!summary->stop_reason.empty()) {
    std::cerr << "skillbridge: stopped / 已停止: " << summary->stop_reason << "\n";
  }
  if (summary->unsent > 0) {
    std::cerr << "skillbridge: " << (summary->interrupted ? "interrupted / 已中断" : "not finished / 未完成")
              << "; run the same command with --resume to continue / 加 --resume 重新运行即可继续 ("
              << summary->journal_file << ")\n";
    return kExitRefused;
  }
  return summary->refused > 0 ? kExitRefused : kExitOk;
}

}  // namespace skillbridge::cli

// skillbridge: the command-line tool for the bureau's data exchange over the public gRPC APIs.
// Parses the flags and hands the words after the subcommand to it (tools/cli/commands/).

#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/parse.h"
#include "common/util/concat.h"
#include "common/util/program_usage.h"
#include "tools/cli/commands/command.h"

namespace {

constexpr char kUsage[] =
    "skillbridge: the bureau's data exchange with the skillbridge services / skillbridge 数据交换工具\n"
    "\n"
    "  skillbridge import <kind> <file.csv|file.xlsx> [--dry-run] [--resume]\n"
    "      import a spreadsheet (CSV in UTF-8 or GBK, or .xlsx) / 导入表格\n"
    "      kinds / 类型: skillbridge import list; columns / 列: skillbridge import <kind>\n"
    "  skillbridge export <kind> --out=<file.csv|file.xlsx> [--encoding=gbk]\n"
    "      export records or indicator tables / 导出记录或指标表; kinds: skillbridge export list\n"
    "  skillbridge dashboard [--year=2023] [--district=370202]\n"
    "      the indicator table, on track or behind / 指标完成情况表\n"
    "  skillbridge verify --number=<证书编号> --name=<姓名> --id_number=<身份证号>\n"
    "      verify a certificate / 核验证书\n"
    "  skillbridge call <service>/<Method> '<request JSON>'\n"
    "      any call; the response as JSON / 调用任一接口，请求与应答均为 JSON\n"
    "\n"
    "Services / 服务: evaluation training competition incentive education aggregator (or the full name,\n"
    "e.g. skillbridge.evaluation.v1.EvaluationService; health = grpc.health.v1.Health with --address).\n"
    "Token / 令牌: --token_file=<file> or SKILLBRIDGE_TOKEN (never a flag value).\n"
    "Exit status / 退出码: 0 done / 完成; 1 refused by the service, or rows refused (see the error file)\n"
    "/ 服务拒绝或有行被拒（见错误文件）; 2 bad usage or input, nothing sent / 用法或输入错误，未发送.\n"
    "\n"
    "Example / 示例:\n"
    "  SKILLBRIDGE_TOKEN=... skillbridge call evaluation/GetEvaluationStats '{\"year\": 2023}'";

// "--dry-run" → "--dry_run": flag names are spelt with underscores, and hyphens are what
// command-line users type.
void SpellFlagsWithUnderscores(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      return;
    }
    if (argv[i][0] == '-' && argv[i][1] == '-') {
      for (char* c = argv[i] + 2; *c != '\0' && *c != '='; ++c) {
        if (*c == '-') *c = '_';
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage(kUsage);
  SpellFlagsWithUnderscores(argc, argv);
  const std::vector<char*> parsed = absl::ParseCommandLine(argc, argv);
  if (parsed.size() < 2) {
    return skillbridge::cli::UsageError(
        "give a subcommand: import, export, dashboard, verify or call (see --help / 用法见 --help)");
  }
  const std::string command = parsed[1];
  const std::vector<std::string> args(parsed.begin() + 2, parsed.end());
  if (command == "call") return skillbridge::cli::RunCall(args);
  if (command == "verify") return skillbridge::cli::RunVerify(args);
  if (command == "import") return skillbridge::cli::RunImport(args);
  if (command == "export") return skillbridge::cli::RunExport(args);
  if (command == "dashboard") return skillbridge::cli::RunDashboard(args);
  return skillbridge::cli::UsageError(
      skillbridge::Concat("unknown subcommand '", command, "' (import, export, dashboard, verify, call; see --help)"));
}

#pragma once
// The subcommands of the `skillbridge` tool. Each takes the words after the subcommand's name
// (the flags are already parsed by main) and returns the process's exit status:
//   0  done (for an import: every row accepted, replayed or, with --dry-run, valid);
//   1  the service refused the call, or some rows were refused (see the error file);
//   2  bad usage or input: nothing was sent.
// Messages go to stderr prefixed "skillbridge: "; results to stdout or the --out file.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace skillbridge::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

// Prints "skillbridge: <message>" to stderr; returns kExitUsage.
int UsageError(std::string_view message);
// The same with the status's message.
int UsageError(const absl::Status& status);

int RunCall(const std::vector<std::string>& args);       // call <service>/<Method> '<JSON>'
int RunVerify(const std::vector<std::string>& args);     // verify --number --name --id_number
int RunImport(const std::vector<std::string>& args);     // import <kind> <file>
int RunExport(const std::vector<std::string>& args);     // export <kind> --out <file>
int RunDashboard(const std::vector<std::string>& args);  // dashboard [--year] [--district]

}  // namespace skillbridge::cli

// `skillbridge dashboard [--year] [--district]`: the aggregator's indicator table in the
// terminal, each indicator on track (green) or behind (red) by the service's own verdict.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "tools/cli/commands/command.h"
#include "tools/cli/connection.h"
#include "tools/cli/export/aggregator_exports.h"
#include "tools/cli/export/aggregator_fetchers.h"
#include "tools/cli/export/dashboard_view.h"
#include "tools/cli/export/export_flags.h"
#include "tools/cli/export/refusal.h"

namespace skillbridge::cli {

int RunDashboard(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return UsageError("usage: skillbridge dashboard [--year=2026] [--district=370202]");
  }
  absl::StatusOr<Connection> connection = Connect("aggregator");
  if (!connection.ok()) {
    return UsageError(connection.status());
  }
  absl::StatusOr<aggregator::v1::GetDashboardResponse> dashboard =
      FetchDashboard(*connection, YearOrCurrent(absl::GetFlag(FLAGS_year)), absl::GetFlag(FLAGS_district));
  if (!dashboard.ok()) {
    if (IsRefusal(dashboard.status())) {
      std::cerr << "skillbridge: " << dashboard.status().message() << "\n";
      return kExitRefused;
    }
    return UsageError(dashboard.status());
  }
  std::cout << RenderDashboard(*dashboard, ShouldColor(isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR")));
  std::cout.flush();
  return kExitOk;
}

}  // namespace skillbridge::cli

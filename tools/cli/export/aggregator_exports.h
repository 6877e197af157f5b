#pragma once
// The exports of the aggregator's tables: the district circular (调度通报), the indicator table
// (the city's or a district's dashboard, or every district's with --by=district), the
// industry-chain view and one person's talent profile. `year` 0 means the current year (UTC+8).
// Usage errors are INVALID_ARGUMENT naming the flag: the circular without --indicator or with
// one the aggregator does not know (the message lists the per-district indicators, asked of the
// service), --by other than "district", --chain naming no chain, the profile without
// --id_number. Refusals as refusal.h. Thread-safe (no shared state).

#include "absl/status/statusor.h"
#include "tools/cli/connection.h"
#include "tools/cli/export/export_request.h"

namespace skillbridge::cli {

// Filters: year, indicator.
absl::StatusOr<ExportSheet> ExportCircular(const Connection& aggregator, const ExportFilters& filters);
// Filters: year, district or by.
absl::StatusOr<ExportSheet> ExportIndicators(const Connection& aggregator, const ExportFilters& filters);
// Filters: year, chain.
absl::StatusOr<ExportSheet> ExportChains(const Connection& aggregator, const ExportFilters& filters);
// Filters: id_number.
absl::StatusOr<ExportSheet> ExportProfile(const Connection& aggregator, const ExportFilters& filters);

// `year`, or the current year (UTC+8) when 0.
int YearOrCurrent(int year);

}  // namespace skillbridge::cli

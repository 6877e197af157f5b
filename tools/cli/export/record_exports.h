#pragma once
// The exports of records: certificates (evaluation), enrolments and subsidy claims (training).
// Each turns the filters into the List request — enum filters (--level, --type, --status) as the
// spreadsheets word them (ParseEnumCell), INVALID_ARGUMENT naming the flag otherwise — reads every
// page, and builds the sheet (certificate_table.h, training_tables.h). Refusals as refusal.h;
// too many rows as paging.h. Thread-safe (no shared state).

#include "absl/status/statusor.h"
#include "tools/cli/connection.h"
#include "tools/cli/export/export_request.h"

namespace skillbridge::cli {

// Filters: year (issue year), district, level, type, status, issuer_credit_code, id_number.
absl::StatusOr<ExportSheet> ExportCertificates(const Connection& evaluation, const ExportFilters& filters);
// Filters: year (course year), district, status (state), course, institution, id_number.
absl::StatusOr<ExportSheet> ExportEnrollments(const Connection& training, const ExportFilters& filters);
// Filters: year (claim year), district, status (state), institution, id_number.
absl::StatusOr<ExportSheet> ExportSubsidyClaims(const Connection& training, const ExportFilters& filters);

}  // namespace skillbridge::cli

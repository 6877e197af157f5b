// `skillbridge export <kind> --out=<file>`: records and indicator tables as CSV or .xlsx
// (tools/cli/export/), and `skillbridge export list`. Everything is fetched before anything is
// written, so a refused or failed export leaves no file behind.

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "common/util/concat.h"
#include "tools/cli/commands/command.h"
#include "tools/cli/export/export_flags.h"
#include "tools/cli/export/export_output.h"
#include "tools/cli/export/exporter.h"
#include "tools/cli/export/refusal.h"

// Defined with `skillbridge verify` (call_command.cc): the person of a profile or a filter.
ABSL_DECLARE_FLAG(std::string, id_number);
// Defined with `skillbridge import` (import_command.cc): here the course filter of enrolments.
ABSL_DECLARE_FLAG(std::string, course_id);

namespace skillbridge::cli {
namespace {

ExportFilters FiltersFromFlags() {
  ExportFilters filters;
  filters.year = absl::GetFlag(FLAGS_year);
  filters.district = absl::GetFlag(FLAGS_district);
  filters.indicator = absl::GetFlag(FLAGS_indicator);
  filters.by = absl::GetFlag(FLAGS_by);
  filters.chain = absl::GetFlag(FLAGS_chain);
  filters.id_number = absl::GetFlag(FLAGS_id_number);
  filters.level = absl::GetFlag(FLAGS_level);
  filters.type = absl::GetFlag(FLAGS_type);
  filters.status = absl::GetFlag(FLAGS_status);
  filters.issuer_credit_code = absl::GetFlag(FLAGS_issuer_credit_code);
  filters.course = absl::GetFlag(FLAGS_course_id);
  filters.institution = absl::GetFlag(FLAGS_institution);
  return filters;
}

// Exit 1 with the service's answer for a refusal; exit 2 with the message otherwise.
int Failed(const absl::Status& status) {
  if (IsRefusal(status)) {
    std::cerr << "skillbridge: " << status.message() << "\n";
    return kExitRefused;
  }
  return UsageError(status);
}

}  // namespace

int RunExport(const std::vector<std::string>& args) {
  if (args.empty()) {
    return UsageError("usage: skillbridge export <kind> --out=<file.csv|file.xlsx> (kinds: skillbridge export list)");
  }
  if (args[0] == "list" && args.size() == 1) {
    std::cout << ExportKindList();
    return kExitOk;
  }
  if (args.size() > 1) {
    return UsageError(Concat("export takes one kind, then flags: unexpected '", args[1], "' / 多余的参数"));
  }
  const std::string& kind = args[0];
  if (std::none_of(ExportKinds().begin(), ExportKinds().end(), [&](const ExportKind& k) { return k.name == kind; })) {
    return UsageError(Concat("unknown export kind '", kind, "' (see skillbridge export list) / 没有这种导出类型"));
  }
  absl::StatusOr<ExportOutput> output = ParseExportOutput(absl::GetFlag(FLAGS_out), absl::GetFlag(FLAGS_encoding));
  if (!output.ok()) {
    return UsageError(output.status());
  }
  absl::StatusOr<ExportSheet> sheet = RunExportKind(kind, FiltersFromFlags());
  if (!sheet.ok()) {
    return Failed(sheet.status());
  }
  if (!output->note.empty()) {
    std::cerr << "skillbridge: " << output->note << "\n";
  }
  if (absl::Status written = WriteExport(*output, *sheet, std::cout); !written.ok()) {
    return UsageError(written);
  }
  const std::string where = output->to_stdout ? "stdout" : output->path;
  std::cerr << "skillbridge: exported " << sheet->record_count << " rows to " << where << " / 已导出 "
            << sheet->record_count << " 行\n";
  return kExitOk;
}

}  // namespace skillbridge::cli

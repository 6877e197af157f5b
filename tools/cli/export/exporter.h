#pragma once
// The kinds `skillbridge export` knows and running one: which service each reads, which filters
// it takes, and the sheet it produces (record_exports.h, aggregator_exports.h). A filter given to
// a kind that does not take it is INVALID_ARGUMENT naming the flag and the ones it does take (so
// a mistyped command never exports everything unfiltered); an unknown kind is INVALID_ARGUMENT
// naming the kinds. Refusals as refusal.h. Thread-safe when `connect` is.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/connection.h"
#include "tools/cli/export/export_request.h"

namespace skillbridge::cli {

struct ExportKind {
  std::string_view name;                  // as typed: "certificates"
  std::string_view zh;                    // "证书"
  std::string_view en;                    // "certificates by filter"
  std::string_view service;               // the service it reads: "evaluation"
  std::vector<std::string_view> filters;  // the flags it takes, without "--"
  // Builds the sheet from the service (record_exports.h, aggregator_exports.h).
  absl::StatusOr<ExportSheet> (*build)(const Connection& service, const ExportFilters& filters) = nullptr;
};

const std::vector<ExportKind>& ExportKinds();

// The text of `skillbridge export list`: one line per kind with its filters.
std::string ExportKindList();

// How an export reaches a service: Connect (connection.h), or a test's own channel.
using Connector = std::function<absl::StatusOr<Connection>(std::string_view service)>;

// Checks the filters against the kind, connects to its service and builds the sheet.
absl::StatusOr<ExportSheet> RunExportKind(std::string_view kind, const ExportFilters& filters,
                                          const Connector& connect = Connect);

}  // namespace skillbridge::cli

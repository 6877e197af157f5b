#pragma once
// Reading every record an export asks for from the record services, page by page (paging.h):
// evaluation's ListCertificates, training's ListEnrollments and ListSubsidyClaims. The filters
// are the List request as given (its page_size and page_token are the fetcher's). Each record is
// handed to `on_record` as its page arrives (so an export holds its rows, not the messages too).
// A refusal is RefusalStatus (refusal.h) naming the method; too many rows is RESOURCE_EXHAUSTED.
// Each call carries the connection's token and deadline. Thread-safe (no shared state).

#include <functional>

#include "absl/status/status.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/training/v1/training.pb.h"
#include "tools/cli/connection.h"
#include "tools/cli/export/paging.h"

namespace skillbridge::cli {

absl::Status FetchCertificates(const Connection& connection, evaluation::v1::ListCertificatesRequest filter,
                               const std::function<void(const evaluation::v1::Certificate&)>& on_record,
                               size_t max_rows = kMaxExportRows);

absl::Status FetchEnrollments(const Connection& connection, training::v1::ListEnrollmentsRequest filter,
                              const std::function<void(const training::v1::Enrollment&)>& on_record,
                              size_t max_rows = kMaxExportRows);

absl::Status FetchSubsidyClaims(const Connection& connection, training::v1::ListSubsidyClaimsRequest filter,
                                const std::function<void(const training::v1::SubsidyClaim&)>& on_record,
                                size_t max_rows = kMaxExportRows);

}  // namespace skillbridge::cli

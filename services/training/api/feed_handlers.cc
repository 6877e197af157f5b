// What the training service reports: GetTrainingStats, ListEvents (the change feed),
// ListAuditEntries (the audit stream).

#include <chrono>
#include <vector>

#include "common/server/feed_service.h"
#include "common/status/macros.h"
#include "common/validation/request_fields.h"
#include "services/training/api/training_handlers.h"

namespace skillbridge::training {

absl::Status TrainingHandlers::GetTrainingStats(const CallContext& call, const v1::GetTrainingStatsRequest& request,
                                                v1::GetTrainingStatsResponse* response) {
  FieldViolations violations;
  CheckYear(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(std::vector<v1::TrainingStatsRow> rows, store_.ReadStats(request.year()));
  response->set_year(request.year());
  for (v1::TrainingStatsRow& row : rows) {
    if (!request.district_code().empty() && row.district_code() != request.district_code()) {
      continue;
    }
    response->set_total_completed_person_times(response->total_completed_person_times() + row.completed_person_times());
    response->set_total_subsidised_person_times(response->total_subsidised_person_times() +
                                                row.subsidised_person_times());
    response->set_total_claims_paid(response->total_claims_paid() + row.claims_paid());
    response->set_total_amount_paid_fen(response->total_amount_paid_fen() + row.amount_paid_fen());
    *response->add_rows() = std::move(row);
  }
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                          v1::ListEventsResponse* response) {
  return ServeStoreFeed(call, request, store_, response);
}

absl::Status TrainingHandlers::ListAuditEntries(const CallContext& /*call*/, const v1::ListAuditEntriesRequest& request,
                                                v1::ListAuditEntriesResponse* response) {
  return ServeStoreAuditPage(request, store_, response);
}

}  // namespace skillbridge::training

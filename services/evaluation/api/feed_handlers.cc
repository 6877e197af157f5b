// Reading what happened: yearly statistics, the change feed and the audit stream.

#include <chrono>
#include <string>

#include "common/server/feed_service.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/api/evaluation_handlers.h"

namespace skillbridge::evaluation {

absl::Status EvaluationHandlers::GetEvaluationStats(const CallContext& /*call*/,
                                                    const v1::GetEvaluationStatsRequest& request,
                                                    v1::GetEvaluationStatsResponse* response) {
  FieldViolations violations;
  CheckYear(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const EvaluationStats stats, store_.ReadStats(request.year()));
  const std::string& district = request.district_code();
  response->set_year(request.year());
  for (const EvaluationStatsCell& cell : stats.cells) {
    if (!district.empty() && cell.district_code != district) {
      continue;
    }
    v1::EvaluationStatsRow* row = response->add_rows();
    row->set_district_code(cell.district_code);
    row->set_type(cell.type);
    row->set_level(cell.level);
    row->set_issued(cell.issued);
    row->set_revoked(cell.revoked);
    response->set_total_issued(response->total_issued() + cell.issued);
    response->set_total_revoked(response->total_revoked() + cell.revoked);
  }
  for (const auto& [district_code, count] : stats.introductions) {
    if (district.empty() || district_code == district) {
      response->set_introductions(response->introductions() + count);
    }
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                            v1::ListEventsResponse* response) {
  return ServeStoreFeed(call, request, store_, response);
}

absl::Status EvaluationHandlers::ListAuditEntries(const CallContext& /*call*/,
                                                  const v1::ListAuditEntriesRequest& request,
                                                  v1::ListAuditEntriesResponse* response) {
  return ServeStoreAuditPage(request, store_, response);
}

}  // namespace skillbridge::evaluation

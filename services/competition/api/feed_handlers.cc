// What the competition service reports: GetCompetitionStats, ListEvents (the change feed),
// ListAuditEntries (the audit stream).

#include <utility>
#include <vector>

#include "common/server/feed_service.h"
#include "common/status/macros.h"
#include "common/validation/request_fields.h"
#include "services/competition/api/competition_handlers.h"

namespace skillbridge::competition {

absl::Status CompetitionHandlers::GetCompetitionStats(const CallContext& /*call*/,
                                                      const v1::GetCompetitionStatsRequest& request,
                                                      v1::GetCompetitionStatsResponse* response) {
  FieldViolations violations;
  CheckYear(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(std::vector<v1::CompetitionStatsRow> rows, store_.ReadStats(request.year()));
  response->set_year(request.year());
  for (v1::CompetitionStatsRow& row : rows) {
    if (!request.district_code().empty() && row.district_code() != request.district_code()) {
      continue;
    }
    if (row.competitions_held() == 0 && row.participants() == 0 && row.promotions() == 0 &&
        row.promotions_certified() == 0 && row.honours() == 0) {
      continue;
    }
    response->set_total_competitions_held(response->total_competitions_held() + row.competitions_held());
    response->set_total_participants(response->total_participants() + row.participants());
    response->set_total_promotions(response->total_promotions() + row.promotions());
    response->set_total_promotions_certified(response->total_promotions_certified() + row.promotions_certified());
    response->set_total_honours(response->total_honours() + row.honours());
    *response->add_rows() = std::move(row);
  }
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                             v1::ListEventsResponse* response) {
  return ServeStoreFeed(call, request, store_, response);
}

absl::Status CompetitionHandlers::ListAuditEntries(const CallContext& /*call*/,
                                                   const v1::ListAuditEntriesRequest& request,
                                                   v1::ListAuditEntriesResponse* response) {
  return ServeStoreAuditPage(request, store_, response);
}

}  // namespace skillbridge::competition

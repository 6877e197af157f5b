// What the incentive service reports: GetIncentiveStats, ListEvents (the change feed),
// ListAuditEntries (the audit stream).

#include <utility>
#include <vector>

#include "common/server/feed_service.h"
#include "common/status/macros.h"
#include "common/validation/request_fields.h"
#include "services/incentive/api/incentive_handlers.h"

namespace skillbridge::incentive {

namespace {

void Accumulate(const v1::IncentiveStatsRow& row, v1::IncentiveStatsRow& total) {
  total.set_nominations(total.nominations() + row.nominations());
  total.set_honours_awarded(total.honours_awarded() + row.honours_awarded());
  total.set_award_fen(total.award_fen() + row.award_fen());
  total.set_leading_talents(total.leading_talents() + row.leading_talents());
  total.set_bridge_applied(total.bridge_applied() + row.bridge_applied());
  total.set_bridge_approved(total.bridge_approved() + row.bridge_approved());
  total.set_funding_granted_fen(total.funding_granted_fen() + row.funding_granted_fen());
  total.set_funding_paid_fen(total.funding_paid_fen() + row.funding_paid_fen());
  total.set_platforms_evaluated(total.platforms_evaluated() + row.platforms_evaluated());
}

}  // namespace

absl::Status IncentiveHandlers::GetIncentiveStats(const CallContext& /*call*/,
                                                  const v1::GetIncentiveStatsRequest& request,
                                                  v1::GetIncentiveStatsResponse* response) {
  FieldViolations violations;
  CheckYear(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(std::vector<v1::IncentiveStatsRow> rows, store_.ReadStats(request.year()));
  response->set_year(request.year());
  v1::IncentiveStatsRow& total = *response->mutable_total();
  for (v1::IncentiveStatsRow& row : rows) {
    if (!request.district_code().empty() && row.district_code() != request.district_code()) {
      continue;
    }
    Accumulate(row, total);
    *response->add_rows() = std::move(row);
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                           v1::ListEventsResponse* response) {
  return ServeStoreFeed(call, request, store_, response);
}

absl::Status IncentiveHandlers::ListAuditEntries(const CallContext& /*call*/,
                                                 const v1::ListAuditEntriesRequest& request,
                                                 v1::ListAuditEntriesResponse* response) {
  return ServeStoreAuditPage(request, store_, response);
}

}  // namespace skillbridge::incentive

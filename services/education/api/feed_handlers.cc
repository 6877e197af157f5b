// What the education service reports: GetEducationStats, ListEvents (the change feed),
// ListAuditEntries (the audit stream).

#include <utility>
#include <vector>

#include "common/server/feed_service.h"
#include "common/status/macros.h"
#include "common/validation/request_fields.h"
#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

namespace {

void Accumulate(const v1::EducationStatsRow& row, v1::EducationStatsRow& total) {
  total.set_schools(total.schools() + row.schools());
  total.set_active_specialties(total.active_specialties() + row.active_specialties());
  total.set_featured_specialties(total.featured_specialties() + row.featured_specialties());
  total.set_chain_specialties(total.chain_specialties() + row.chain_specialties());
  total.set_students_enrolled(total.students_enrolled() + row.students_enrolled());
  total.set_active_partnerships(total.active_partnerships() + row.active_partnerships());
  total.set_enrolled_in_year(total.enrolled_in_year() + row.enrolled_in_year());
  total.set_graduated(total.graduated() + row.graduated());
  total.set_withdrawn(total.withdrawn() + row.withdrawn());
  total.set_transferred(total.transferred() + row.transferred());
  total.set_destinations_recorded(total.destinations_recorded() + row.destinations_recorded());
  total.set_employed_in_city(total.employed_in_city() + row.employed_in_city());
  total.set_reward_granted_fen(total.reward_granted_fen() + row.reward_granted_fen());
  total.set_reward_paid_fen(total.reward_paid_fen() + row.reward_paid_fen());
}

}  // namespace

absl::Status EducationHandlers::GetEducationStats(const CallContext& /*call*/,
                                                  const v1::GetEducationStatsRequest& request,
                                                  v1::GetEducationStatsResponse* response) {
  FieldViolations violations;
  CheckYear(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const std::string& district = request.district_code();
  SB_ASSIGN_OR_RETURN(std::vector<v1::EducationStatsRow> rows, store_.ReadStats(request.year()));
  response->set_year(request.year());
  v1::EducationStatsRow& total = *response->mutable_total();
  for (v1::EducationStatsRow& row : rows) {
    if (!district.empty() && row.district_code() != district) {
      continue;
    }
    Accumulate(row, total);
    *response->add_rows() = std::move(row);
  }
  return absl::OkStatus();
}

absl::Status EducationHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                           v1::ListEventsResponse* response) {
  return ServeStoreFeed(call, request, store_, response);
}

absl::Status EducationHandlers::ListAuditEntries(const CallContext& /*call*/,
                                                 const v1::ListAuditEntriesRequest& request,
                                                 v1::ListAuditEntriesResponse* response) {
  return ServeStoreAuditPage(request, store_, response);
}

}  // namespace skillbridge::education

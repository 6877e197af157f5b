#pragma once
// The aggregator's answers an export or the dashboard needs, one call each (several for the
// per-district dashboards). A refusal is RefusalStatus (refusal.h) naming the method. Each call
// carries the connection's token and deadline. Thread-safe (no shared state).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "tools/cli/connection.h"

namespace skillbridge::cli {

absl::StatusOr<aggregator::v1::ListIndicatorsResponse> FetchIndicators(const Connection& connection);

// GetDashboard for `year` and `district_code` ("" = the city).
absl::StatusOr<aggregator::v1::GetDashboardResponse> FetchDashboard(const Connection& connection, int year,
                                                                    const std::string& district_code);

// GetDistrictRanking (the circular) of `indicator_id` in `year`.
absl::StatusOr<aggregator::v1::GetDistrictRankingResponse> FetchRanking(const Connection& connection, int year,
                                                                        const std::string& indicator_id);

// One dashboard per district of the city, in district-code order. The districts are those the
// aggregator ranks (its reference list), read from the ranking of the first per-district
// indicator whose source is connected; FAILED_PRECONDITION when no such indicator exists (no
// source connected: there are no district figures to export).
absl::StatusOr<std::vector<aggregator::v1::GetDashboardResponse>> FetchDistrictDashboards(const Connection& connection,
                                                                                          int year);

absl::StatusOr<aggregator::v1::GetIndustryChainViewResponse> FetchChainView(const Connection& connection, int year);

// GetTalentProfile of `id_number`, as the service answers the caller's role.
absl::StatusOr<aggregator::v1::GetTalentProfileResponse> FetchProfile(const Connection& connection,
                                                                      const std::string& id_number);

}  // namespace skillbridge::cli

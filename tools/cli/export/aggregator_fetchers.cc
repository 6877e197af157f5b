// Calls of the aggregator for the exports and the dashboard (aggregator_fetchers.h).

#include "tools/cli/export/aggregator_fetchers.h"

#include <algorithm>

#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "tools/cli/export/refusal.h"

namespace skillbridge::cli {

namespace agg = ::skillbridge::aggregator::v1;

namespace {

// One unary call of the stub's `method` (bound in `call`); the response or the refusal.
template <typename Response, typename Request, typename Call>
absl::StatusOr<Response> CallOnce(const Connection& connection, const char* method, const Request& request, Call call) {
  const auto stub = agg::AggregatorService::NewStub(connection.channel);
  Response response;
  const grpc::Status status = call(*stub, connection.NewContext().get(), request, &response);
  if (!status.ok()) {
    return RefusalStatus(method, status);
  }
  return response;
}

}  // namespace

absl::StatusOr<agg::ListIndicatorsResponse> FetchIndicators(const Connection& connection) {
  return CallOnce<agg::ListIndicatorsResponse>(
      connection, "ListIndicators", agg::ListIndicatorsRequest(),
      [](agg::AggregatorService::Stub& stub, grpc::ClientContext* context, const agg::ListIndicatorsRequest& request,
         agg::ListIndicatorsResponse* response) { return stub.ListIndicators(context, request, response); });
}

absl::StatusOr<agg::GetDashboardResponse> FetchDashboard(const Connection& connection, int year,
                                                         const std::string& district_code) {
  agg::GetDashboardRequest request;
  request.set_year(year);
  request.set_district_code(district_code);
  return CallOnce<agg::GetDashboardResponse>(
      connection, "GetDashboard", request,
      [](agg::AggregatorService::Stub& stub, grpc::ClientContext* context, const agg::GetDashboardRequest& request,
         agg::GetDashboardResponse* response) { return stub.GetDashboard(context, request, response); });
}

absl::StatusOr<agg::GetDistrictRankingResponse> FetchRanking(const Connection& connection, int year,
                                                             const std::string& indicator_id) {
  agg::GetDistrictRankingRequest request;
  request.set_year(year);
  request.set_indicator_id(indicator_id);
  return CallOnce<agg::GetDistrictRankingResponse>(
      connection, "GetDistrictRanking", request,
      [](agg::AggregatorService::Stub& stub, grpc::ClientContext* context,
         const agg::GetDistrictRankingRequest& request,
         agg::GetDistrictRankingResponse* response) { return stub.GetDistrictRanking(context, request, response); });
}

absl::StatusOr<std::vector<agg::GetDashboardResponse>> FetchDistrictDashboards(const Connection& connection, int year) {
  absl::StatusOr<agg::ListIndicatorsResponse> indicators = FetchIndicators(connection);
  if (!indicators.ok()) {
    return indicators.status();
  }
  const auto ranked = std::find_if(indicators->indicators().begin(), indicators->indicators().end(),
                                   [](const agg::Indicator& i) { return i.per_district() && i.source_connected(); });
  if (ranked == indicators->indicators().end()) {
    return absl::FailedPreconditionError(
        "no source is connected to the aggregator, so there are no district figures / "
        "汇聚服务未接入任何数据源，无分区市数据");
  }
  absl::StatusOr<agg::GetDistrictRankingResponse> ranking = FetchRanking(connection, year, ranked->id());
  if (!ranking.ok()) {
    return ranking.status();
  }
  std::vector<std::string> districts;
  for (const agg::DistrictRankingRow& row : ranking->rows()) {
    districts.push_back(row.district_code());
  }
  std::sort(districts.begin(), districts.end());
  std::vector<agg::GetDashboardResponse> dashboards;
  for (const std::string& district : districts) {
    absl::StatusOr<agg::GetDashboardResponse> dashboard = FetchDashboard(connection, year, district);
    if (!dashboard.ok()) {
      return dashboard.status();
    }
    dashboards.push_back(*std::move(dashboard));
  }
  return dashboards;
}

absl::StatusOr<agg::GetIndustryChainViewResponse> FetchChainView(const Connection& connection, int year) {
  agg::GetIndustryChainViewRequest request;
  request.set_year(year);
  return CallOnce<agg::GetIndustryChainViewResponse>(
      connection, "GetIndustryChainView", request,
      [](agg::AggregatorService::Stub& stub, grpc::ClientContext* context,
         const agg::GetIndustryChainViewRequest& request, agg::GetIndustryChainViewResponse* response) {
        return stub.GetIndustryChainView(context, request, response);
      });
}

absl::StatusOr<agg::GetTalentProfileResponse> FetchProfile(const Connection& connection, const std::string& id_number) {
  agg::GetTalentProfileRequest request;
  request.set_id_number(id_number);
  return CallOnce<agg::GetTalentProfileResponse>(
      connection, "GetTalentProfile", request,
      [](agg::AggregatorService::Stub& stub, grpc::ClientContext* context, const agg::GetTalentProfileRequest& request,
         agg::GetTalentProfileResponse* response) { return stub.GetTalentProfile(context, request, response); });
}

}  // namespace skillbridge::cli

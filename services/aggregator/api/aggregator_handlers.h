#pragma once
// AggregatorHandlers: one method per RPC of skillbridge.aggregator.v1.AggregatorService as plain
// synchronous code (validate, read the views, compose). Used by the gRPC adapter and the HTTP
// JSON API alike. Thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "services/aggregator/api/profile_sources.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/indicator_math.h"
#include "services/aggregator/feed/feed_consumer.h"
#include "services/aggregator/store/aggregator_store.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct HandlerOptions {
  // Upper bound for each source's answer to GetTalentProfile.
  absl::Duration profile_deadline = absl::Seconds(2);
};

class AggregatorHandlers final {
 public:
  AggregatorHandlers(AggregatorStore& store, std::shared_ptr<const ReferenceData> reference,
                     std::shared_ptr<const Catalogue> catalogue, std::vector<FeedConsumer*> consumers,
                     std::vector<ProfileSource> profile_sources, absl::Mutex& apply_mu, HandlerOptions options);

  absl::Status ListIndicators(const CallContext& call, const v1::ListIndicatorsRequest& request,
                              v1::ListIndicatorsResponse* response);
  absl::Status GetDashboard(const CallContext& call, const v1::GetDashboardRequest& request,
                            v1::GetDashboardResponse* response);
  absl::Status GetTrend(const CallContext& call, const v1::GetTrendRequest& request, v1::GetTrendResponse* response);
  absl::Status GetDistrictRanking(const CallContext& call, const v1::GetDistrictRankingRequest& request,
                                  v1::GetDistrictRankingResponse* response);
  absl::Status GetIndustryChainView(const CallContext& call, const v1::GetIndustryChainViewRequest& request,
                                    v1::GetIndustryChainViewResponse* response);
  absl::Status SetTarget(const CallContext& call, const v1::SetTargetRequest& request, v1::SetTargetResponse* response);
  absl::Status ListTargets(const CallContext& call, const v1::ListTargetsRequest& request,
                           v1::ListTargetsResponse* response);
  absl::Status GetTalentProfile(const CallContext& call, const v1::GetTalentProfileRequest& request,
                                v1::GetTalentProfileResponse* response);
  absl::Status GetSourceStatus(const CallContext& call, const v1::GetSourceStatusRequest& request,
                               v1::GetSourceStatusResponse* response);
  absl::Status RebuildViews(const CallContext& call, const v1::RebuildViewsRequest& request,
                            v1::RebuildViewsResponse* response);
  absl::Status ListAuditEntries(const CallContext& call, const v1::ListAuditEntriesRequest& request,
                                v1::ListAuditEntriesResponse* response);

  // The district circular as CSV (UTF-8 with BOM, for spreadsheet programs).
  static std::string RankingCsv(const v1::GetDistrictRankingResponse& ranking);

 private:
  absl::StatusOr<RawValue> ReadValue(const v1::Indicator& indicator, int year, const std::string& district);
  absl::Status ValidateYear(int year, std::string_view field) const;
  absl::Status ValidateDistrict(const std::string& district, std::string_view field) const;
  void FillSources(absl::Time now, google::protobuf::RepeatedPtrField<v1::SourceStatus>* out);

  AggregatorStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::vector<FeedConsumer*> consumers_;
  std::vector<ProfileSource> profile_sources_;
  absl::Mutex& apply_mu_;
  HandlerOptions options_;
};

}  // namespace skillbridge::aggregator

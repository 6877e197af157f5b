// The incentive feed: IncentiveService.ListEvents translated by CommandsForIncentiveEvent.
#include "services/aggregator/domain/incentive_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"

namespace skillbridge::aggregator {

std::unique_ptr<FeedSource> MakeIncentiveFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace ic = ::skillbridge::incentive::v1;
  using Source =
      GrpcFeedSource<ic::IncentiveService::Stub, ic::ListEventsRequest, ic::ListEventsResponse, ic::IncentiveEvent>;
  return std::make_unique<Source>(v1::SOURCE_INCENTIVE, ic::IncentiveService::NewStub(channel), std::move(token),
                                  &CommandsForIncentiveEvent);
}

}  // namespace skillbridge::aggregator

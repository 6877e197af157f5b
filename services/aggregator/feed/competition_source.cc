// The competition feed: CompetitionService.ListEvents translated by CommandsForCompetitionEvent.
#include "services/aggregator/domain/competition_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"

namespace skillbridge::aggregator {

std::unique_ptr<FeedSource> MakeCompetitionFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace cp = ::skillbridge::competition::v1;
  using Source =
      GrpcFeedSource<cp::CompetitionService::Stub, cp::ListEventsRequest, cp::ListEventsResponse, cp::CompetitionEvent>;
  return std::make_unique<Source>(v1::SOURCE_COMPETITION, cp::CompetitionService::NewStub(channel), std::move(token),
                                  &CommandsForCompetitionEvent);
}

}  // namespace skillbridge::aggregator

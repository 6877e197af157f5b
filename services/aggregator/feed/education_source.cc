// The education feed: EducationService.ListEvents translated by CommandsForEducationEvent.
#include "services/aggregator/domain/education_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/education/v1/education.grpc.pb.h"

namespace skillbridge::aggregator {

std::unique_ptr<FeedSource> MakeEducationFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace ed = ::skillbridge::education::v1;
  using Source =
      GrpcFeedSource<ed::EducationService::Stub, ed::ListEventsRequest, ed::ListEventsResponse, ed::EducationEvent>;
  return std::make_unique<Source>(v1::SOURCE_EDUCATION, ed::EducationService::NewStub(channel), std::move(token),
                                  &CommandsForEducationEvent);
}

}  // namespace skillbridge::aggregator

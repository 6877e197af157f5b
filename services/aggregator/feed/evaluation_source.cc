// The evaluation feed: EvaluationService.ListEvents translated by CommandsForEvaluationEvent.
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::aggregator {

std::unique_ptr<FeedSource> MakeEvaluationFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace ev = ::skillbridge::evaluation::v1;
  using Source =
      GrpcFeedSource<ev::EvaluationService::Stub, ev::ListEventsRequest, ev::ListEventsResponse, ev::EvaluationEvent>;
  return std::make_unique<Source>(v1::SOURCE_EVALUATION, ev::EvaluationService::NewStub(channel), std::move(token),
                                  &CommandsForEvaluationEvent);
}

}  // namespace skillbridge::aggregator

// The training feed: TrainingService.ListEvents translated by CommandsForTrainingEvent.
#include "services/aggregator/domain/training_commands.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::aggregator {

std::unique_ptr<FeedSource> MakeTrainingFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token) {
  namespace tr = ::skillbridge::training::v1;
  using Source =
      GrpcFeedSource<tr::TrainingService::Stub, tr::ListEventsRequest, tr::ListEventsResponse, tr::TrainingEvent>;
  return std::make_unique<Source>(v1::SOURCE_TRAINING, tr::TrainingService::NewStub(channel), std::move(token),
                                  &CommandsForTrainingEvent);
}

}  // namespace skillbridge::aggregator

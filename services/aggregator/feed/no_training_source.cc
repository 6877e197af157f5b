// Built instead of training_source.cc while the training protos are not part of the build.
#include "services/aggregator/feed/feed_source.h"

namespace skillbridge::aggregator {

bool HaveTrainingSource() { return false; }

std::unique_ptr<FeedSource> MakeTrainingFeedSource(std::shared_ptr<grpc::Channel>, std::string) { return nullptr; }

}  // namespace skillbridge::aggregator

#include "services/aggregator/api/profile_sources.h"

namespace skillbridge::aggregator {

ProfileSource TrainingProfileSource(std::shared_ptr<grpc::Channel>, std::string) { return {"training", nullptr}; }

}  // namespace skillbridge::aggregator

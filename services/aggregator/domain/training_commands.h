#pragma once
// The commands of one training event (see feed_commands.h). Pure, thread-safe.

#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/training/v1/events.pb.h"

namespace skillbridge::aggregator {

std::vector<FeedCommand> CommandsForTrainingEvent(const training::v1::TrainingEvent& event);

}  // namespace skillbridge::aggregator

#pragma once
// The commands of one training event (see feed_commands.h):
//   EnrollmentCreated   — a fact: the person in the talent database;
//   EnrollmentCompleted — a fact: the person; training_completed and, when subsidised,
//                         subsidized_training_person_times; the conversion's trainee entry in the
//                         course's occupation;
//   SubsidyClaimPaid    — a fact: training_subsidy_paid (fen), dated by the payment.
// Other events give no command. Pure, thread-safe.

#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/training/v1/events.pb.h"

namespace skillbridge::aggregator {

std::vector<FeedCommand> CommandsForTrainingEvent(const training::v1::TrainingEvent& event);

}  // namespace skillbridge::aggregator

#pragma once
// Builds the change events of the competition feed (protos/skillbridge/competition/v1/events.proto)
// from the records they describe. Pure functions; thread-safe.

#include <string_view>

#include "absl/time/time.h"
#include "skillbridge/competition/v1/competition.pb.h"
#include "skillbridge/competition/v1/events.pb.h"

namespace skillbridge::competition {

v1::CompetitionEvent CompetitionChangedEvent(const v1::Competition& competition, absl::Time now);
v1::CompetitionEvent ContestChangedEvent(const v1::Contest& contest, absl::Time now);
v1::CompetitionEvent EntryRegisteredEvent(const v1::Entry& entry, absl::Time now);
v1::CompetitionEvent EntryResultPublishedEvent(const v1::Entry& entry, absl::Time now);
v1::CompetitionEvent EntryResultCorrectedEvent(const v1::Entry& before, const v1::Entry& after, std::string_view reason,
                                               absl::Time now);
v1::CompetitionEvent PromotionChangedEvent(const v1::Entry& entry, absl::Time now);

}  // namespace skillbridge::competition

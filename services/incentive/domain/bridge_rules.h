#pragma once
// The career-bridging (贯通) workflow as pure rules: which decisions an application takes
// (APPLIED -> APPROVED | REJECTED | WITHDRAWN; every other status is final), the application after
// a decision, and the BridgeApplicationChanged event of the feed. Eligibility itself is
// BridgePolicy::Decide (bridge_policy.h). Errors: FAILED_PRECONDITION INVALID_BRIDGE_TRANSITION.
// Pure; thread-safe.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr char kReasonInvalidBridgeTransition[] = "INVALID_BRIDGE_TRANSITION";

// `current` decided to `target` (APPROVED, REJECTED or WITHDRAWN) at `now` with `reason` (empty
// for an approval): status, decision reason, decide and update times, version + 1.
absl::StatusOr<v1::BridgeApplication> DecideBridgeApplication(const v1::BridgeApplication& current,
                                                              v1::BridgeStatus target, const std::string& reason,
                                                              absl::Time now);

// The application's state as the feed carries it (status_time = `now`).
v1::IncentiveEvent BridgeChangedEvent(const v1::BridgeApplication& application, absl::Time now);

}  // namespace skillbridge::incentive

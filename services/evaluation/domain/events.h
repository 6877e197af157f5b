#pragma once
// Builds the change events of the evaluation feed from the records they describe.
// Pure functions.

#include "absl/time/time.h"
#include "common/util/proto_time.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/evaluation/v1/events.pb.h"

namespace skillbridge::evaluation {

v1::EvaluationEvent CertificateIssuedEvent(const v1::Certificate& certificate, absl::Time now);
v1::EvaluationEvent CertificateRevokedEvent(const v1::Certificate& certificate, absl::Time now);
v1::EvaluationEvent OrgChangedEvent(const v1::EvaluationOrg& org, absl::Time now);
v1::EvaluationEvent IntroductionRegisteredEvent(const v1::Introduction& introduction, absl::Time now);
v1::EvaluationEvent EnterpriseChangedEvent(const v1::Enterprise& enterprise, absl::Time now);

// Converts absl::Time to a protobuf Timestamp.

}  // namespace skillbridge::evaluation

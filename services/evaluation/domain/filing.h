#pragma once
// The filing (备案) workflow of evaluation organisations and their authorised scope.
// Pure domain rules: no I/O, thread-safe.
//
//   APPLIED ─start─▶ UNDER_ASSESSMENT ─approve─▶ FILED ─suspend─▶ SUSPENDED ─approve─▶ FILED
//   any state but REVOKED ─revoke─▶ REVOKED (final)

#include "absl/status/statusor.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

enum class FilingAction { kStartAssessment, kApprove, kSuspend, kRevoke };

// The state after `action`, or FAILED_PRECONDITION with reason INVALID_FILING_TRANSITION.
absl::StatusOr<v1::FilingState> NextFilingState(v1::FilingState current, FilingAction action);

// Whether the org's scope authorises `occupation_code` at `level`.
bool ScopeCovers(const v1::EvaluationOrg& org, std::string_view occupation_code, common::v1::SkillLevel level);

// Certificate numbers start with Y for enterprise self-evaluation, S otherwise.
char CertificatePrefixFor(v1::OrgKind kind);

}  // namespace skillbridge::evaluation

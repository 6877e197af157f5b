#include "services/evaluation/domain/filing.h"

#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::evaluation {

namespace {

std::string_view ActionName(FilingAction action) {
  switch (action) {
    case FilingAction::kStartAssessment:
      return "start assessment";
    case FilingAction::kApprove:
      return "approve";
    case FilingAction::kSuspend:
      return "suspend";
    case FilingAction::kRevoke:
      return "revoke";
  }
  return "?";
}

}  // namespace

absl::StatusOr<v1::FilingState> NextFilingState(v1::FilingState current, FilingAction action) {
  using v1::FilingState;
  switch (action) {
    case FilingAction::kStartAssessment:
      if (current == v1::FILING_STATE_APPLIED) {
        return v1::FILING_STATE_UNDER_ASSESSMENT;
      }
      break;
    case FilingAction::kApprove:
      if (current == v1::FILING_STATE_UNDER_ASSESSMENT || current == v1::FILING_STATE_SUSPENDED) {
        return v1::FILING_STATE_FILED;
      }
      break;
    case FilingAction::kSuspend:
      if (current == v1::FILING_STATE_FILED) {
        return v1::FILING_STATE_SUSPENDED;
      }
      break;
    case FilingAction::kRevoke:
      if (current != v1::FILING_STATE_REVOKED && current != v1::FILING_STATE_UNSPECIFIED) {
        return v1::FILING_STATE_REVOKED;
      }
      break;
  }
  return FailedPreconditionError(
      "INVALID_FILING_TRANSITION",
      Concat("cannot ", std::string(ActionName(action)), " a filing in state ", v1::FilingState_Name(current)));
}

bool ScopeCovers(const v1::EvaluationOrg& org, std::string_view occupation_code, common::v1::SkillLevel level) {
  for (const auto& entry : org.scope()) {
    if (entry.occupation_code() == occupation_code && level <= entry.highest_level()) {
      return true;
    }
  }
  return false;
}

char CertificatePrefixFor(v1::OrgKind kind) { return kind == v1::ORG_KIND_ENTERPRISE_SELF_EVALUATION ? 'Y' : 'S'; }

}  // namespace skillbridge::evaluation

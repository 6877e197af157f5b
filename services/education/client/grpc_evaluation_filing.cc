#include "services/education/client/grpc_evaluation_filing.h"

#include <string>
#include <utility>

#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::education {

namespace {

namespace ev = ::skillbridge::evaluation::v1;

v1::FilingStatus FilingStatusOf(ev::FilingState state) {
  switch (state) {
    case ev::FILING_STATE_FILED:
      return v1::FILING_STATUS_FILED;
    case ev::FILING_STATE_APPLIED:
    case ev::FILING_STATE_UNDER_ASSESSMENT:
      return v1::FILING_STATUS_PENDING;
    case ev::FILING_STATE_SUSPENDED:
    case ev::FILING_STATE_REVOKED:
      return v1::FILING_STATUS_SUSPENDED_OR_REVOKED;
    default:
      return v1::FILING_STATUS_NOT_FILED;
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcEvaluationFiling>> GrpcEvaluationFiling::Create(const PeerOptions& options) {
  absl::StatusOr<PeerConnection> evaluation = ConnectPeer(options, "evaluation");
  if (!evaluation.ok()) {
    return evaluation.status();
  }
  return std::unique_ptr<GrpcEvaluationFiling>(new GrpcEvaluationFiling(std::move(*evaluation)));
}

GrpcEvaluationFiling::GrpcEvaluationFiling(PeerConnection evaluation)
    : evaluation_(std::move(evaluation)), stub_(ev::EvaluationService::NewStub(evaluation_.channel)) {}

absl::StatusOr<v1::FilingStatus> GrpcEvaluationFiling::FilingOf(std::string_view credit_code, absl::Time deadline) {
  grpc::ClientContext context;
  if (absl::Status prepared =
          PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
      !prepared.ok()) {
    return ErrorWithReason(
        absl::StatusCode::kDeadlineExceeded, kReasonEvaluationUnavailable,
        Concat("no time left to ask evaluation for the school's filing: ", std::string(prepared.message())));
  }
  ev::GetEvaluationOrgRequest request;
  request.set_credit_code(std::string(credit_code));
  ev::GetEvaluationOrgResponse response;
  const absl::Status answer = FromGrpcStatus(stub_->GetEvaluationOrg(&context, request, &response));
  if (answer.code() == absl::StatusCode::kNotFound) {
    return v1::FILING_STATUS_NOT_FILED;
  }
  if (answer.code() == absl::StatusCode::kInvalidArgument) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, ReasonOf(answer),
                           Concat("evaluation refused GetEvaluationOrg: ", DescribePeerAnswer(answer)));
  }
  if (!answer.ok()) {
    return RetryablePeerError(answer, "evaluation", "GetEvaluationOrg", kReasonEvaluationUnavailable);
  }
  return FilingStatusOf(response.evaluation_org().state());
}

}  // namespace skillbridge::education

#include "services/competition/client/grpc_promotion_issuer.h"

#include <string>
#include <utility>

#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"

namespace skillbridge::competition {

namespace {

namespace ev = ::skillbridge::evaluation::v1;

// Evaluation's answer is final for this request: asking again would get the same one.
bool IsPermanentRefusal(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

// A failure to get an answer now, as the caller retries it (reason EVALUATION_UNAVAILABLE).
absl::Status Retryable(const absl::Status& answer, std::string_view call) {
  return RetryablePeerError(answer, "evaluation", call, kReasonEvaluationUnavailable);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcPromotionIssuer>> GrpcPromotionIssuer::Create(const PeerOptions& options) {
  absl::StatusOr<PeerConnection> evaluation = ConnectPeer(options, "evaluation");
  if (!evaluation.ok()) {
    return evaluation.status();
  }
  return std::unique_ptr<GrpcPromotionIssuer>(new GrpcPromotionIssuer(std::move(*evaluation)));
}

GrpcPromotionIssuer::GrpcPromotionIssuer(PeerConnection evaluation)
    : evaluation_(std::move(evaluation)), stub_(ev::EvaluationService::NewStub(evaluation_.channel)) {}

absl::StatusOr<common::v1::SkillLevel> GrpcPromotionIssuer::HighestLevel(std::string_view id_number,
                                                                         std::string_view occupation_code,
                                                                         absl::Time deadline) {
  grpc::ClientContext context;
  if (absl::Status prepared =
          PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
      !prepared.ok()) {
    return ErrorWithReason(
        absl::StatusCode::kDeadlineExceeded, kReasonEvaluationUnavailable,
        Concat("no time left to ask evaluation for the person's level: ", std::string(prepared.message())));
  }
  ev::GetPersonLevelRequest request;
  request.set_id_number(std::string(id_number));
  request.set_occupation_code(std::string(occupation_code));
  ev::GetPersonLevelResponse response;
  const absl::Status answer = FromGrpcStatus(stub_->GetPersonLevel(&context, request, &response));
  if (answer.code() == absl::StatusCode::kInvalidArgument) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, ReasonOf(answer),
                           Concat("evaluation refused the level question: ", DescribePeerAnswer(answer)));
  }
  if (!answer.ok()) {
    return Retryable(answer, "GetPersonLevel");
  }
  return response.level();
}

absl::StatusOr<IssueOutcome> GrpcPromotionIssuer::Issue(const PromotionIssue& issue, absl::Time deadline) {
  grpc::ClientContext context;
  if (absl::Status prepared =
          PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
      !prepared.ok()) {
    return ErrorWithReason(
        absl::StatusCode::kDeadlineExceeded, kReasonEvaluationUnavailable,
        Concat("no time left to ask evaluation for the certificate: ", std::string(prepared.message())));
  }
  ev::IssuePromotionCertificateRequest request;
  request.set_request_id(issue.request_id);
  request.mutable_person()->set_id_number(issue.id_number);
  request.mutable_person()->set_name(issue.name);
  request.set_occupation_code(issue.occupation_code);
  request.set_level(issue.level);
  ev::CompetitionRef& ref = *request.mutable_competition();
  ref.set_competition_id(issue.competition_id);
  ref.set_contest_id(issue.contest_id);
  ref.set_entry_id(issue.entry_id);
  ref.set_year(issue.year);
  ref.set_employer_credit_code(issue.employer_credit_code);
  ref.set_district_code(issue.district_code);
  ev::IssuePromotionCertificateResponse response;
  const absl::Status answer = FromGrpcStatus(stub_->IssuePromotionCertificate(&context, request, &response));
  IssueOutcome outcome;
  if (answer.ok()) {
    if (response.certificate().number().empty()) {
      return Retryable(absl::DataLossError("the answer carries no certificate number"), "IssuePromotionCertificate");
    }
    outcome.kind = IssueOutcome::Kind::kIssued;
    outcome.certificate_number = response.certificate().number();
    return outcome;
  }
  if (!IsPermanentRefusal(answer.code())) {
    return Retryable(answer, "IssuePromotionCertificate");
  }
  outcome.kind = IssueOutcome::Kind::kRefused;
  const std::string reason = ReasonOf(answer);
  outcome.reason = reason.empty() ? absl::StatusCodeToString(answer.code()) : reason;
  outcome.message = MaskIdNumbersInText(std::string(answer.message()));
  return outcome;
}

}  // namespace skillbridge::competition

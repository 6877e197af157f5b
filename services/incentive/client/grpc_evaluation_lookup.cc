#include "services/incentive/client/grpc_evaluation_lookup.h"

#include <algorithm>
#include <string>
#include <utility>

#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"

namespace skillbridge::incentive {

namespace {

namespace ev = ::skillbridge::evaluation::v1;

constexpr size_t kEnterpriseChunk = 5000;

// Evaluation's answer as the handler reports it (see the header).
absl::Status Mapped(const absl::Status& answer, std::string_view call) {
  if (answer.code() == absl::StatusCode::kInvalidArgument) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, ReasonOf(answer),
                           Concat("evaluation refused ", call, ": ", DescribePeerAnswer(answer)));
  }
  return RetryablePeerError(answer, "evaluation", call, kReasonEvaluationUnavailable);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcEvaluationLookup>> GrpcEvaluationLookup::Create(const PeerOptions& options) {
  absl::StatusOr<PeerConnection> evaluation = ConnectPeer(options, "evaluation");
  if (!evaluation.ok()) {
    return evaluation.status();
  }
  return std::unique_ptr<GrpcEvaluationLookup>(new GrpcEvaluationLookup(std::move(*evaluation)));
}

GrpcEvaluationLookup::GrpcEvaluationLookup(PeerConnection evaluation)
    : evaluation_(std::move(evaluation)), stub_(ev::EvaluationService::NewStub(evaluation_.channel)) {}

absl::StatusOr<std::vector<HeldQualification>> GrpcEvaluationLookup::Qualifications(std::string_view id_number,
                                                                                    std::string_view occupation_code,
                                                                                    absl::Time deadline) {
  grpc::ClientContext context;
  if (absl::Status prepared =
          PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
      !prepared.ok()) {
    return ErrorWithReason(
        absl::StatusCode::kDeadlineExceeded, kReasonEvaluationUnavailable,
        Concat("no time left to ask evaluation for the person's levels: ", std::string(prepared.message())));
  }
  ev::GetPersonQualificationsRequest request;
  request.set_id_number(std::string(id_number));
  request.set_occupation_code(std::string(occupation_code));
  ev::GetPersonQualificationsResponse response;
  const absl::Status answer = FromGrpcStatus(stub_->GetPersonQualifications(&context, request, &response));
  if (!answer.ok()) {
    return Mapped(answer, "GetPersonQualifications");
  }
  std::vector<HeldQualification> held;
  held.reserve(response.levels_size());
  for (const ev::HeldLevel& level : response.levels()) {
    held.push_back(
        HeldQualification{level.level(), level.since(), level.certificate_number(), level.occupation_code()});
  }
  std::stable_sort(held.begin(), held.end(),
                   [](const HeldQualification& a, const HeldQualification& b) { return a.level > b.level; });
  return held;
}

absl::StatusOr<std::map<std::string, RegisteredEnterprise>> GrpcEvaluationLookup::Enterprises(
    const std::vector<std::string>& credit_codes, absl::Time deadline) {
  std::map<std::string, RegisteredEnterprise> found;
  for (size_t begin = 0; begin < credit_codes.size(); begin += kEnterpriseChunk) {
    grpc::ClientContext context;
    if (absl::Status prepared =
            PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
        !prepared.ok()) {
      return ErrorWithReason(
          absl::StatusCode::kDeadlineExceeded, kReasonEvaluationUnavailable,
          Concat("no time left to ask evaluation for the enterprise register: ", std::string(prepared.message())));
    }
    ev::BatchGetEnterprisesRequest request;
    const size_t end = std::min(credit_codes.size(), begin + kEnterpriseChunk);
    for (size_t i = begin; i < end; ++i) {
      request.add_credit_codes(credit_codes[i]);
    }
    ev::BatchGetEnterprisesResponse response;
    const absl::Status answer = FromGrpcStatus(stub_->BatchGetEnterprises(&context, request, &response));
    if (!answer.ok()) {
      return Mapped(answer, "BatchGetEnterprises");
    }
    for (const ev::Enterprise& enterprise : response.enterprises()) {
      RegisteredEnterprise& out = found[enterprise.org().credit_code()];
      out.org = enterprise.org();
      out.industry_chain_code = enterprise.industry_chain_code();
      out.above_designated_size = enterprise.above_designated_size();
    }
  }
  return found;
}

}  // namespace skillbridge::incentive

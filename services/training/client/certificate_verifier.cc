#include "services/training/client/certificate_verifier.h"

#include "common/reference/bureau_calendar.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::training {

namespace {

absl::Status Unavailable(std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kUnavailable, kReasonEvaluationUnavailable,
                         Concat("the certificate cannot be checked with the evaluation service now (", message,
                                "); nothing was stored, retry later"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcCertificateVerifier>> GrpcCertificateVerifier::Create(const PeerOptions& options) {
  absl::StatusOr<PeerConnection> evaluation = ConnectPeer(options, "evaluation");
  if (!evaluation.ok()) {
    return evaluation.status();
  }
  return std::unique_ptr<GrpcCertificateVerifier>(new GrpcCertificateVerifier(std::move(*evaluation)));
}

GrpcCertificateVerifier::GrpcCertificateVerifier(PeerConnection evaluation)
    : evaluation_(std::move(evaluation)), stub_(evaluation::v1::EvaluationService::NewStub(evaluation_.channel)) {}

absl::StatusOr<CertificateFacts> GrpcCertificateVerifier::Verify(const std::string& number, const std::string& name,
                                                                 const std::string& id_number, absl::Time deadline) {
  grpc::ClientContext context;
  if (absl::Status prepared =
          PrepareOutgoingCall(context, evaluation_.token, absl::FromChrono(evaluation_.timeout), deadline);
      !prepared.ok()) {
    return Unavailable(std::string(prepared.message()));
  }
  evaluation::v1::VerifyCertificateRequest request;
  request.set_number(number);
  request.set_name(name);
  request.set_id_number(id_number);
  evaluation::v1::VerifyCertificateResponse response;
  const absl::Status answered = FromGrpcStatus(stub_->VerifyCertificate(&context, request, &response));
  if (!answered.ok()) {
    if (answered.code() == absl::StatusCode::kInvalidArgument) {
      return FailedPreconditionError(
          kReasonCertificateNotValid,
          Concat("the evaluation service refused the certificate check: ", std::string(answered.message())));
    }
    const std::string reason = ReasonOf(answered);
    return Unavailable(Concat("evaluation answered ", absl::StatusCodeToString(answered.code()),
                              reason.empty() ? std::string() : Concat(" ", reason), ": ",
                              std::string(answered.message())));
  }
  CertificateFacts facts;
  switch (response.result()) {
    case evaluation::v1::VERIFICATION_RESULT_VALID:
      facts.result = CertificateFacts::Result::kValid;
      break;
    case evaluation::v1::VERIFICATION_RESULT_REVOKED:
      facts.result = CertificateFacts::Result::kRevoked;
      break;
    case evaluation::v1::VERIFICATION_RESULT_NOT_FOUND:
      facts.result = CertificateFacts::Result::kNotFound;
      return facts;
    default:
      return Unavailable("evaluation gave no verification result");
  }
  facts.occupation_code = response.occupation_code();
  facts.level = response.level();
  facts.issue_date = ToCivilDay(response.issue_date());
  return facts;
}

}  // namespace skillbridge::training

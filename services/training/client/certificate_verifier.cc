#include "services/training/client/certificate_verifier.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "common/server/client_channel.h"
#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::training {

namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(Concat("cannot read ", what, " file ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::Status Unavailable(std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kUnavailable, kReasonEvaluationUnavailable,
                         Concat("the certificate cannot be checked with the evaluation service now (", message,
                                "); nothing was stored, retry later"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcCertificateVerifier>> GrpcCertificateVerifier::Create(
    const EvaluationClientOptions& options) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("the evaluation service address is required (--evaluation_address)");
  }
  if (options.token_file.empty()) {
    return absl::InvalidArgumentError("a SERVICE token file is required (--evaluation_token_file)");
  }
  auto token_text = ReadFile(options.token_file, "evaluation token");
  if (!token_text.ok()) {
    return token_text.status();
  }
  std::string token(absl::StripAsciiWhitespace(token_text->substr(0, token_text->find('\n'))));
  if (token.empty()) {
    return absl::InvalidArgumentError(Concat("the evaluation token file ", options.token_file, " is empty"));
  }
  if (options.timeout <= std::chrono::milliseconds(0)) {
    return absl::InvalidArgumentError("the evaluation timeout must be positive");
  }
  ClientChannelOptions channel_options;
  channel_options.address = options.address;
  channel_options.tls_ca_file = options.tls_ca_file;
  channel_options.tls_client_cert_file = options.tls_client_cert_file;
  channel_options.tls_client_key_file = options.tls_client_key_file;
  channel_options.tls_server_name = options.tls_server_name;
  auto channel = MakeClientChannel(channel_options, "evaluation");
  if (!channel.ok()) {
    return channel.status();
  }
  return std::unique_ptr<GrpcCertificateVerifier>(
      new GrpcCertificateVerifier(std::move(*channel), std::move(token), options.timeout));
}

GrpcCertificateVerifier::GrpcCertificateVerifier(std::shared_ptr<grpc::Channel> channel, std::string token,
                                                 std::chrono::milliseconds timeout)
    : channel_(std::move(channel)),
      stub_(evaluation::v1::EvaluationService::NewStub(channel_)),
      token_(std::move(token)),
      timeout_(timeout) {}

absl::StatusOr<CertificateFacts> GrpcCertificateVerifier::Verify(const std::string& number, const std::string& name,
                                                                 const std::string& id_number, absl::Time deadline) {
  absl::Time until = absl::Now() + absl::FromChrono(timeout_);
  if (deadline != absl::InfiniteFuture()) {
    // Leave the caller a moment to receive our answer.
    until = std::min(until, deadline - absl::Milliseconds(50));
  }
  if (until <= absl::Now()) {
    return Unavailable("no time left before the caller's deadline");
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(until));
  context.AddMetadata("authorization", Concat("Bearer ", token_));
  evaluation::v1::VerifyCertificateRequest request;
  request.set_number(number);
  request.set_name(name);
  request.set_id_number(id_number);
  evaluation::v1::VerifyCertificateResponse response;
  const grpc::Status status = stub_->VerifyCertificate(&context, request, &response);
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      return FailedPreconditionError(
          kReasonCertificateNotValid,
          Concat("the evaluation service refused the certificate check: ", status.error_message()));
    }
    return Unavailable(
        Concat("evaluation answered ", static_cast<int>(status.error_code()), ": ", status.error_message()));
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
  const auto& date = response.issue_date();
  facts.issue_date = absl::CivilDay(date.year(), date.month(), date.day());
  return facts;
}

}  // namespace skillbridge::training

#pragma once
// CertificateVerifier: asks the evaluation service whether a certificate exists, is valid and
// belongs to a person (number + name + ID number), and what it certifies. The training service
// checks every subsidy claim with it, live.
//
// GrpcCertificateVerifier calls skillbridge.evaluation.v1.EvaluationService/VerifyCertificate
// authenticated as a SERVICE principal (bearer token read from a file at start-up), with a
// deadline of `timeout` capped by the caller's own deadline. Any failure to get an answer
// (unreachable, deadline, overload, refused credentials) is UNAVAILABLE with reason
// EVALUATION_UNAVAILABLE: the claim is refused as retryable, never approved unchecked. The
// channel (plaintext, TLS or mutual TLS) is built by MakeClientChannel (common/server/client_channel.h).
// Thread-safe (one shared channel).

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/training/domain/subsidy_rules.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::training {

inline constexpr char kReasonEvaluationUnavailable[] = "EVALUATION_UNAVAILABLE";

class CertificateVerifier {
 public:
  virtual ~CertificateVerifier() = default;
  // `deadline`: the caller's deadline (InfiniteFuture when none).
  virtual absl::StatusOr<CertificateFacts> Verify(const std::string& number, const std::string& name,
                                                  const std::string& id_number, absl::Time deadline) = 0;
};

struct EvaluationClientOptions {
  // host:port of the evaluation service (or any gRPC target).
  std::string address;
  // File holding the SERVICE bearer token (first line).
  std::string token_file;
  std::chrono::milliseconds timeout{2000};
  // TLS (--evaluation_tls_*): CA bundle to verify the server; empty = plaintext. Client
  // certificate and key for mutual TLS (optional).
  std::string tls_ca_file;
  std::string tls_client_cert_file;
  std::string tls_client_key_file;
  // Expected server name in its certificate (empty = from the address).
  std::string tls_server_name;
};

class GrpcCertificateVerifier final : public CertificateVerifier {
 public:
  // Reads the token and TLS files; INVALID_ARGUMENT / NOT_FOUND when they are missing or empty, or
  // when the TLS options do not fit together (see MakeClientChannel).
  static absl::StatusOr<std::unique_ptr<GrpcCertificateVerifier>> Create(const EvaluationClientOptions& options);

  absl::StatusOr<CertificateFacts> Verify(const std::string& number, const std::string& name,
                                          const std::string& id_number, absl::Time deadline) override;

 private:
  GrpcCertificateVerifier(std::shared_ptr<grpc::Channel> channel, std::string token, std::chrono::milliseconds timeout);

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
  const std::string token_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace skillbridge::training

#pragma once
// CertificateVerifier: asks the evaluation service whether a certificate exists, is valid and
// belongs to a person (number + name + ID number), and what it certifies. The training service
// checks every subsidy claim with it, live.
//
// GrpcCertificateVerifier calls skillbridge.evaluation.v1.EvaluationService/VerifyCertificate
// as a SERVICE principal over a PeerConnection (common/server/peer_client.h: token, TLS, a
// deadline of the peer timeout capped by the caller's own). Any failure to get an answer
// (unreachable, deadline, overload, refused credentials) is UNAVAILABLE with reason
// EVALUATION_UNAVAILABLE: the claim is refused as retryable, never approved unchecked.
// Thread-safe (one shared channel).

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/peer_client.h"
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

class GrpcCertificateVerifier final : public CertificateVerifier {
 public:
  // Connects to evaluation (ConnectPeer: reads the token and TLS files); INVALID_ARGUMENT /
  // NOT_FOUND naming the --evaluation_* flag when they are missing or empty, or when the TLS
  // options do not fit together.
  static absl::StatusOr<std::unique_ptr<GrpcCertificateVerifier>> Create(const PeerOptions& options);

  absl::StatusOr<CertificateFacts> Verify(const std::string& number, const std::string& name,
                                          const std::string& id_number, absl::Time deadline) override;

 private:
  explicit GrpcCertificateVerifier(PeerConnection evaluation);

  const PeerConnection evaluation_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
};

}  // namespace skillbridge::training

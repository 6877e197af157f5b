#pragma once
// GrpcEvaluationFiling: the EvaluationFiling (evaluation_filing.h) that asks the evaluation
// service over gRPC, as a SERVICE principal, over a PeerConnection (common/server/peer_client.h:
// the token, TLS, and a deadline of the peer timeout capped by the caller's own):
// FilingOf → skillbridge.evaluation.v1.EvaluationService/GetEvaluationOrg. evaluation's FILED →
// FILED; APPLIED, UNDER_ASSESSMENT → PENDING; SUSPENDED, REVOKED → SUSPENDED_OR_REVOKED;
// NOT_FOUND → NOT_FILED. Other answers map as the other peer clients map them
// (MapPeerAnswer, common/server/peer_client.h). Thread-safe (one shared channel, no other state).

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/peer_client.h"
#include "services/education/client/evaluation_filing.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::education {

class GrpcEvaluationFiling final : public EvaluationFiling {
 public:
  // Connects to evaluation (ConnectPeer: reads the token and TLS files); INVALID_ARGUMENT /
  // NOT_FOUND naming the --evaluation_* flag when they are missing or empty, or when the TLS
  // options do not fit together.
  static absl::StatusOr<std::unique_ptr<GrpcEvaluationFiling>> Create(const PeerOptions& options);

  absl::StatusOr<v1::FilingStatus> FilingOf(std::string_view credit_code, absl::Time deadline) override;

 private:
  explicit GrpcEvaluationFiling(PeerConnection evaluation);

  const PeerConnection evaluation_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
};

}  // namespace skillbridge::education

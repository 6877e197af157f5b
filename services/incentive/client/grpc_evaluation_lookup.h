#pragma once
// GrpcEvaluationLookup: the EvaluationLookup (evaluation_lookup.h) that asks the evaluation
// service over gRPC, as a SERVICE principal, over a PeerConnection (common/server/peer_client.h:
// the token, TLS, and a deadline of the peer timeout capped by the caller's own):
//   Qualifications → skillbridge.evaluation.v1.EvaluationService/GetPersonQualifications;
//   Enterprises    → BatchGetEnterprises, in chunks of 5,000 codes.
// How evaluation's answers map: INVALID_ARGUMENT → INVALID_ARGUMENT with evaluation's reason and
// message (ID numbers masked); anything else that is not OK → reason EVALUATION_UNAVAILABLE as
// RetryablePeerError (common/server/peer_client.h) reports it. No time left before the caller's
// deadline: DEADLINE_EXCEEDED, nothing is sent.
// Thread-safe (one shared channel, no other state).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/peer_client.h"
#include "services/incentive/client/evaluation_lookup.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::incentive {

class GrpcEvaluationLookup final : public EvaluationLookup {
 public:
  // Connects to evaluation (ConnectPeer: reads the token and TLS files); INVALID_ARGUMENT /
  // NOT_FOUND naming the --evaluation_* flag when they are missing or empty, or when the TLS
  // options do not fit together.
  static absl::StatusOr<std::unique_ptr<GrpcEvaluationLookup>> Create(const PeerOptions& options);

  absl::StatusOr<std::vector<HeldQualification>> Qualifications(std::string_view id_number,
                                                                std::string_view occupation_code,
                                                                absl::Time deadline) override;
  absl::StatusOr<std::map<std::string, RegisteredEnterprise>> Enterprises(const std::vector<std::string>& credit_codes,
                                                                          absl::Time deadline) override;

 private:
  explicit GrpcEvaluationLookup(PeerConnection evaluation);

  const PeerConnection evaluation_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
};

}  // namespace skillbridge::incentive

#pragma once
// GrpcPromotionIssuer: the PromotionIssuer (promotion_issuer.h) that asks the evaluation service
// over gRPC, as a SERVICE principal, over a PeerConnection (common/server/peer_client.h: the
// token, TLS, and a deadline of the peer timeout capped by the caller's own):
//   HighestLevel → skillbridge.evaluation.v1.EvaluationService/GetPersonLevel;
//   Issue        → IssuePromotionCertificate (request_id, person, occupation, level, the
//                  competition reference with the employer and district; the competition's year).
// How evaluation's answers map:
//   OK (a first issue, a replay of the same request_id, or this entry's certificate issued earlier
//     under another request_id) → kIssued with the certificate number;
//   INVALID_ARGUMENT, FAILED_PRECONDITION (e.g. REQUEST_ID_REUSED), ALREADY_EXISTS (e.g.
//     DUPLICATE_CERTIFICATE: the person holds that level by another certificate), NOT_FOUND,
//     OUT_OF_RANGE → kRefused with evaluation's reason (the code name when it gave none) and its
//     message (ID numbers masked): asking again would get the same answer;
//   anything else → a non-OK status with reason EVALUATION_UNAVAILABLE, so the caller keeps the
//     promotion pending and retries: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and
//     ABORTED keep their code; UNAUTHENTICATED and PERMISSION_DENIED (a token the operator must
//     fix — the promotion is not the problem), UNIMPLEMENTED (an evaluation without these RPCs
//     yet), CANCELLED, INTERNAL, UNKNOWN and DATA_LOSS become UNAVAILABLE, evaluation's code and
//     reason in the message. No time left before the caller's deadline: DEADLINE_EXCEEDED, nothing
//     is sent.
// HighestLevel maps INVALID_ARGUMENT (an ID number or occupation evaluation refuses) to
// INVALID_ARGUMENT, and every failure to get an answer as Issue does.
// Thread-safe (one shared channel, no other state).

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/peer_client.h"
#include "services/competition/client/promotion_issuer.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::competition {

inline constexpr char kReasonEvaluationUnavailable[] = "EVALUATION_UNAVAILABLE";

class GrpcPromotionIssuer final : public PromotionIssuer {
 public:
  // Connects to evaluation (ConnectPeer: reads the token and TLS files); INVALID_ARGUMENT /
  // NOT_FOUND naming the --evaluation_* flag when they are missing or empty, or when the TLS
  // options do not fit together.
  static absl::StatusOr<std::unique_ptr<GrpcPromotionIssuer>> Create(const PeerOptions& options);

  absl::StatusOr<common::v1::SkillLevel> HighestLevel(std::string_view id_number, std::string_view occupation_code,
                                                      absl::Time deadline) override;
  absl::StatusOr<IssueOutcome> Issue(const PromotionIssue& issue, absl::Time deadline) override;

 private:
  explicit GrpcPromotionIssuer(PeerConnection evaluation);

  const PeerConnection evaluation_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
};

}  // namespace skillbridge::competition

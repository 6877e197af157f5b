#pragma once
// CompetitionHandlers: one method per RPC of skillbridge.competition.v1.CompetitionService, as
// plain synchronous code: validate the request, check the caller's role and scope, apply the
// domain rules (domain/), and read or write through the store; they never call evaluation (the
// promotion worker does, through the PromotionIssuer they own). No gRPC server types:
// the adapter generated from the RPC table (competition_service_traits.h) wraps these with
// ServiceRuntime, which also clears unknown and OUTPUT_ONLY fields from every request first. The
// methods are declared from the RPC table and defined per resource: competition_handlers.cc,
// contest_handlers.cc, entry_handlers.cc, result_handlers.cc, feed_handlers.cc (statistics,
// change feed, audit); what they share is in handler_support.h.
// The handlers own the promotion worker (promotion/promotion_worker.h): it starts with them (so
// with the server) and stops when they are destroyed.
// Errors by reason code: docs/api.md (competition). Thread-safe.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/redis/redis_client.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "common/store/clock.h"
#include "google/protobuf/message.h"
#include "services/competition/api/competition_rpcs.h"
#include "services/competition/client/promotion_issuer.h"
#include "services/competition/domain/promotion_policy.h"
#include "services/competition/promotion/promotion_worker.h"
#include "services/competition/store/competition_store.h"
#include "skillbridge/competition/v1/competition.pb.h"

namespace skillbridge::competition {

class CompetitionHandlers final {
 public:
  // Starts the promotion worker over its own connection `worker_redis` (to the same store): it
  // runs until the handlers are destroyed, which is after the server has released what the
  // request connections report to (their metrics).
  CompetitionHandlers(CompetitionStore& store, std::shared_ptr<const ReferenceData> reference,
                      std::shared_ptr<const PromotionPolicy> policy, std::shared_ptr<PromotionIssuer> issuer,
                      const Clock& clock, std::unique_ptr<RedisClient> worker_redis,
                      PromotionWorkerOptions worker_options = {});
  ~CompetitionHandlers();

  SKILLBRIDGE_COMPETITION_RPCS(SB_DECLARE_HANDLER)

  PromotionWorker& worker() { return *worker_; }

 private:
  // A workflow step of a competition (file, open, close, cancel): competition_handlers.cc.
  struct Step;
  // Replays, loads, checks scope and transition, writes; `updated` is the response's competition.
  absl::Status ChangeStatus(const CallContext& call, const Step& step, google::protobuf::Message* response,
                            v1::Competition* updated);
  // Registers the drafts of `request` (entry_handlers.cc). `single`: a RegisterEntry call (its
  // one draft's errors name "entry.*"), whose idempotency key `single_key` ("" = none) keeps a
  // RegisterEntryResponse written with the entry; a batch's drafts keep their entries under
  // "<batch key>#<index>".
  absl::Status RegisterDrafts(const CallContext& call, const v1::BatchRegisterEntriesRequest& request, bool single,
                              const std::string& single_key, v1::BatchRegisterEntriesResponse* response);
  absl::Status PublishOnce(const CallContext& call, const v1::PublishResultsRequest& request,
                           v1::PublishResultsResponse* response);
  absl::Status CorrectOnce(const CallContext& call, const v1::CorrectResultRequest& request,
                           v1::CorrectResultResponse* response);

  CompetitionStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<const PromotionPolicy> policy_;
  std::shared_ptr<PromotionIssuer> issuer_;
  std::unique_ptr<RedisClient> worker_redis_;
  std::unique_ptr<CompetitionStore> worker_store_;
  std::unique_ptr<PromotionWorker> worker_;
};

}  // namespace skillbridge::competition

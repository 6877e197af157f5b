#pragma once
// PromotionWorker: turns PENDING promotions into certificates. A thread, owned by the handlers
// and so started and stopped with the server, that every `poll_interval` (at once after Wake(),
// and again at once after a full batch) takes the promotions that are due
// (competition:promo:due, store/keys.h) and, for each:
//   1. when its level is not checked yet (publication and correction record the rule's level as a
//      provisional target and never ask evaluation), asks evaluation for the person's current
//      level in the occupation (PromotionIssuer::HighestLevel) and records, in one atomic step
//      with an audit entry (and a PromotionChanged event when the status or target changed):
//        - on an answer, the step-up rule (CheckedPromotion, ApplyStepUp): PENDING with
//          current_level, level_check_time and the final target, due at once; or NOT_ELIGIBLE
//          LEVEL_ALREADY_HELD / ABOVE_TOP_LEVEL, releasing the person's yearly slot;
//        - evaluation refused the question for good (INVALID_ARGUMENT): REFUSED with its reason,
//          releasing the slot;
//        - otherwise (unreachable, overloaded, deadline) it stays PENDING, unchecked, as a failed
//          certificate request below (no event, no audit entry).
//      The check is written before the certificate is asked for, so the final target never
//      changes once evaluation may have issued it.
//   2. for a checked PENDING promotion (in the same round as its check), asks evaluation to issue
//      the certificate (PromotionIssuer::Issue, request_id derived from the entry and the final
//      target level: PromotionRequestId), then records in one atomic step with a PromotionChanged
//      event and an audit entry:
//        - ISSUED with the certificate number, or REFUSED with evaluation's reason (the person's
//          yearly slot is released);
//        - otherwise (evaluation unreachable, overloaded, deadline) it stays PENDING with
//          issue_attempts + 1, last_issue_error "<CODE>[ <REASON>]" and the next attempt after
//          IssueBackoff (1 s doubling to 5 min).
// The work is in the store, never only in memory: a worker stopped (or a service killed) at any
// point resumes from the due set on start; an attempt whose answer was lost is asked again with
// the same request_id, and evaluation answers it with the first certificate, so each promotion
// gets exactly one. Several replicas may run workers side by side: their writes are guarded by
// the entry being as read (CONCURRENT_MODIFICATION: the other one recorded it).
// "Now" is the injected clock's (tests move it to make retries due). Thread-safe.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/store/clock.h"
#include "common/util/log_sampler.h"
#include "services/competition/client/promotion_issuer.h"
#include "services/competition/store/competition_store.h"

namespace skillbridge::competition {

struct PromotionWorkerOptions {
  // How often the due set is looked at (besides Wake()).
  absl::Duration poll_interval = absl::Milliseconds(500);
  // Promotions taken per round.
  int batch = 50;
  // When a promotion granted by a publication or correction is first due, after the write.
  absl::Duration first_attempt_delay = absl::ZeroDuration();
  // Deadline of one Issue call (the issuer caps it with its own timeout).
  absl::Duration issue_timeout = absl::Seconds(10);
  // The audit trail's principal for the worker's writes (role SERVICE).
  std::string principal = "competition-promotion-worker";
};

class PromotionWorker final {
 public:
  PromotionWorker(CompetitionStore& store, PromotionIssuer& issuer, const Clock& clock, std::string grpc_service,
                  PromotionWorkerOptions options = {});
  ~PromotionWorker();
  PromotionWorker(const PromotionWorker&) = delete;
  PromotionWorker& operator=(const PromotionWorker&) = delete;

  // Starts the thread (once).
  void Start();
  // Stops the thread after the attempt in flight; idempotent.
  void Stop();
  // Makes the thread look at the due set now (e.g. after results were published).
  void Wake();

  const PromotionWorkerOptions& options() const { return options_; }

  // One round on the calling thread: every promotion due at the clock's now (at most `batch`).
  // Returns how many were attempted; fails only when the store does.
  absl::StatusOr<int> RunOnce();

 private:
  void Loop();
  absl::Status Attempt(const std::string& entry_id);
  // Step 1 above on an unchecked PENDING promotion; true when it is now checked and PENDING.
  absl::StatusOr<bool> CheckLevel(const Stored<v1::Entry>& stored);
  // Step 2 above on a checked PENDING promotion.
  absl::Status Issue(const Stored<v1::Entry>& stored);
  common::v1::AuditEntry WorkerAudit(const v1::Entry& entry, std::string_view method, absl::Time now) const;

  CompetitionStore& store_;
  PromotionIssuer& issuer_;
  const Clock& clock_;
  const std::string grpc_service_;
  const PromotionWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  LogSampler error_log_{1};
  std::thread thread_;
};

}  // namespace skillbridge::competition

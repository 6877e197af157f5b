#include "services/competition/promotion/promotion_worker.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/util/json_line.h"
#include "common/util/proto_time.h"
#include "common/validation/citizen_id.h"
#include "services/competition/api/resource_names.h"
#include "services/competition/domain/events.h"
#include "services/competition/domain/promotion_outcome.h"

namespace skillbridge::competition {

namespace {

// The audit trail's method names of the worker's writes.
constexpr char kCheckLevelMethod[] = "CheckPromotionLevel";
constexpr char kIssueMethod[] = "IssuePromotionCertificate";
// A level question evaluation refused without a reason of its own.
constexpr char kReasonLevelQuestionRefused[] = "LEVEL_QUESTION_REFUSED";

}  // namespace

PromotionWorker::PromotionWorker(CompetitionStore& store, PromotionIssuer& issuer, const Clock& clock,
                                 std::string grpc_service, PromotionWorkerOptions options)
    : store_(store),
      issuer_(issuer),
      clock_(clock),
      grpc_service_(std::move(grpc_service)),
      options_(std::move(options)) {}

PromotionWorker::~PromotionWorker() { Stop(); }

void PromotionWorker::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable() || stopping_) {
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

void PromotionWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void PromotionWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void PromotionWorker::Loop() {
  bool more = false;  // the last round took a full batch: go on without waiting
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!more) {
        wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll_interval),
                       [this] { return stopping_ || woken_; });
      }
      if (stopping_) {
        return;
      }
      woken_ = false;
    }
    absl::StatusOr<int> attempted = RunOnce();
    more = attempted.ok() && *attempted >= options_.batch;
    if (!attempted.ok()) {
      // The store is unreachable: one line a second at most while it lasts.
      if (const std::optional<int64_t> held_back = error_log_.Admit(); held_back.has_value()) {
        JsonLine line;
        line.Add("level", "warning")
            .Add("component", "promotion_worker")
            .Add("message", MaskIdNumbersInText(attempted.status().ToString()))
            .Add("suppressed", *held_back);
        line.Write();
      }
    }
  }
}

absl::StatusOr<int> PromotionWorker::RunOnce() {
  SB_ASSIGN_OR_RETURN(const std::vector<std::string> due, store_.DuePromotions(clock_.Now(), options_.batch));
  int attempted = 0;
  for (const std::string& id : due) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    absl::Status status = Attempt(id);
    if (!status.ok() && status.code() != absl::StatusCode::kAborted) {
      return status;
    }
    ++attempted;
  }
  return attempted;
}

common::v1::AuditEntry PromotionWorker::WorkerAudit(const v1::Entry& entry, std::string_view method,
                                                    absl::Time now) const {
  common::v1::AuditEntry audit;
  SetTimestamp(now, audit.mutable_time());
  audit.set_principal(options_.principal);
  audit.set_role(common::v1::ROLE_SERVICE);
  audit.set_method(Concat("/", grpc_service_, "/", method));
  audit.set_resource(names::Entry(entry.id()));
  audit.set_outcome("OK");
  return audit;
}

absl::Status PromotionWorker::Attempt(const std::string& entry_id) {
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Entry>> stored, store_.GetEntry(entry_id));
  if (!stored.has_value() || stored->record.promotion().status() != v1::PROMOTION_STATUS_PENDING) {
    return store_.DropDue(entry_id);
  }
  if (!LevelChecked(stored->record.promotion())) {
    SB_ASSIGN_OR_RETURN(const bool issue_now, CheckLevel(*stored));
    if (!issue_now) {
      return absl::OkStatus();
    }
    // The checked record as written: the certificate is asked for on it, so that a lost answer is
    // asked again with the same final target (and request_id), never checked again.
    SB_ASSIGN_OR_RETURN(stored, store_.GetEntry(entry_id));
    if (!stored.has_value() || stored->record.promotion().status() != v1::PROMOTION_STATUS_PENDING ||
        !LevelChecked(stored->record.promotion())) {
      return absl::AbortedError("the entry changed after its level check");
    }
  }
  return Issue(*stored);
}

absl::StatusOr<bool> PromotionWorker::CheckLevel(const Stored<v1::Entry>& stored) {
  const v1::Entry& entry = stored.record;
  const absl::StatusOr<common::v1::SkillLevel> level =
      issuer_.HighestLevel(entry.person().id_number(), entry.occupation_code(), absl::Now() + options_.issue_timeout);
  const absl::Time now = clock_.Now();
  IssueRecord record;
  record.old = stored;
  v1::Entry& updated = record.updated;
  updated = entry;
  updated.set_version(entry.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  v1::Promotion& promotion = *updated.mutable_promotion();
  absl::StatusOr<v1::Promotion> checked = absl::InternalError("not checked");
  if (level.ok()) {
    checked = CheckedPromotion(entry.promotion(), *level, now);
  }
  if (!level.ok() && level.status().code() == absl::StatusCode::kInvalidArgument) {
    // Evaluation refused the question for good (the person's ID number): as a refused certificate.
    promotion.set_issue_attempts(promotion.issue_attempts() + 1);
    promotion.clear_last_issue_error();
    promotion.set_status(v1::PROMOTION_STATUS_REFUSED);
    const std::string reason = ReasonOf(level.status());
    promotion.set_reason(reason.empty() ? std::string(kReasonLevelQuestionRefused) : reason);
    SetTimestamp(now, promotion.mutable_issue_time());
    common::v1::AuditEntry audit = WorkerAudit(entry, kCheckLevelMethod, now);
    audit.set_detail(Concat("REFUSED ", promotion.reason()));
    record.event = PromotionChangedEvent(updated, now);
    record.audit = std::move(audit);
  } else if (!checked.ok()) {
    // Evaluation could not answer now (or answered with no skill level): kept PENDING, retried
    // with backoff as a failed certificate request.
    promotion.set_issue_attempts(promotion.issue_attempts() + 1);
    promotion.set_last_issue_error(IssueErrorText(level.ok() ? checked.status() : level.status()));
    record.next_attempt = now + IssueBackoff(promotion.issue_attempts());
  } else {
    promotion = *std::move(checked);
    common::v1::AuditEntry audit = WorkerAudit(entry, kCheckLevelMethod, now);
    const std::string held = common::v1::SkillLevel_Name(promotion.current_level());
    if (promotion.status() == v1::PROMOTION_STATUS_PENDING) {
      record.next_attempt = now;
      audit.set_request_id(PromotionRequestId(entry.id(), promotion.target_level()));
      audit.set_detail(Concat("LEVEL ", held, " TARGET ", common::v1::SkillLevel_Name(promotion.target_level())));
    } else {
      audit.set_detail(Concat("NOT_ELIGIBLE ", promotion.reason(), " LEVEL ", held));
    }
    if (promotion.status() != entry.promotion().status() ||
        promotion.target_level() != entry.promotion().target_level()) {
      record.event = PromotionChangedEvent(updated, now);
    }
    record.audit = std::move(audit);
  }
  SB_RETURN_IF_ERROR(store_.RecordIssueAttempt(record).status());
  return checked.ok() && promotion.status() == v1::PROMOTION_STATUS_PENDING;
}

absl::Status PromotionWorker::Issue(const Stored<v1::Entry>& stored) {
  const v1::Entry& entry = stored.record;
  PromotionIssue issue;
  issue.request_id = PromotionRequestId(entry.id(), entry.promotion().target_level());
  issue.id_number = entry.person().id_number();
  issue.name = entry.person().name();
  issue.occupation_code = entry.occupation_code();
  issue.level = entry.promotion().target_level();
  issue.competition_id = entry.competition_id();
  issue.contest_id = entry.contest_id();
  issue.entry_id = entry.id();
  issue.employer_credit_code = entry.affiliation().credit_code();
  issue.district_code = entry.affiliation().district_code();
  issue.year = entry.year();
  const absl::StatusOr<IssueOutcome> outcome = issuer_.Issue(issue, absl::Now() + options_.issue_timeout);
  const absl::Time now = clock_.Now();
  IssueRecord record;
  record.old = stored;
  v1::Entry& updated = record.updated;
  updated = entry;
  v1::Promotion& promotion = *updated.mutable_promotion();
  promotion.set_issue_attempts(promotion.issue_attempts() + 1);
  updated.set_version(entry.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  if (!outcome.ok()) {
    promotion.set_last_issue_error(IssueErrorText(outcome.status()));
    record.next_attempt = now + IssueBackoff(promotion.issue_attempts());
  } else {
    promotion.clear_last_issue_error();
    SetTimestamp(now, promotion.mutable_issue_time());
    common::v1::AuditEntry audit = WorkerAudit(entry, kIssueMethod, now);
    audit.set_request_id(issue.request_id);
    if (outcome->kind == IssueOutcome::Kind::kIssued) {
      promotion.set_status(v1::PROMOTION_STATUS_ISSUED);
      promotion.set_certificate_number(outcome->certificate_number);
      audit.set_detail(Concat("ISSUED ", outcome->certificate_number));
    } else {
      promotion.set_status(v1::PROMOTION_STATUS_REFUSED);
      promotion.set_reason(outcome->reason);
      audit.set_detail(Concat("REFUSED ", outcome->reason));
    }
    record.event = PromotionChangedEvent(updated, now);
    record.audit = std::move(audit);
  }
  return store_.RecordIssueAttempt(record).status();
}

}  // namespace skillbridge::competition

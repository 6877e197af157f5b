// Training subsidy claims: SubmitSubsidyClaim (the rules in domain/subsidy_rules.h DecideClaim,
// the certificate checked live with evaluation), ApproveSubsidyClaim, RejectSubsidyClaim,
// MarkSubsidyClaimPaid, GetSubsidyClaim, ListSubsidyClaims. Certificate checks are counted
// (claim_verification_metrics.h).

#include <optional>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/request_fields.h"
#include "services/training/api/handler_support.h"
#include "services/training/api/resource_names.h"
#include "services/training/api/training_handlers.h"
#include "services/training/domain/events.h"
#include "services/training/domain/subsidy_rules.h"

namespace skillbridge::training {

absl::Status TrainingHandlers::SubmitSubsidyClaim(const CallContext& call, const v1::SubmitSubsidyClaimRequest& request,
                                                  v1::SubmitSubsidyClaimResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.enrollment_id(), "enrollment_id", "an enrolment id", violations);
  violations.AddStatus(ParseCertificateNumber(request.certificate_number(), "certificate_number").status(),
                       "certificate_number");
  SB_RETURN_IF_ERROR(violations.ToStatus());
  // Two pipelined reads: the idempotency record with the enrolment, then what the rules need.
  const absl::CivilDay today = BureauDay(call.now);
  SB_ASSIGN_OR_RETURN(
      TrainingStore::ClaimInputs inputs,
      store_.ReadClaimInputs(IdempotencyKey(call, request.request_id()), request.enrollment_id(), ClaimYear(today)));
  if (inputs.replay.has_value()) {
    return ParseReplayed(call, *inputs.replay, response);
  }
  if (!inputs.enrollment.has_value()) {
    return NotFoundError("ENROLLMENT_NOT_FOUND", Concat("no enrolment ", request.enrollment_id()));
  }
  const v1::Enrollment& enrollment = inputs.enrollment->record;
  SB_RETURN_IF_ERROR(CheckEnrollmentScope(call.principal, enrollment));
  if (!enrollment.claim_id().empty()) {
    return FailedPreconditionError("ENROLLMENT_ALREADY_CLAIMED",
                                   Concat("claim ", enrollment.claim_id(), " is already submitted for this enrolment"));
  }
  ClaimSnapshot snapshot;
  snapshot.enrollment_state = enrollment.state();
  snapshot.occupation_code = enrollment.occupation_code();
  snapshot.level = enrollment.level();
  snapshot.claim_date = today;
  if (inputs.catalogue.has_value() && !inputs.catalogue->record.withdrawn()) {
    snapshot.catalogue_subsidy_fen = inputs.catalogue->record.subsidy_fen();
  }
  snapshot.person = std::move(inputs.person);
  // The certificate is checked live with evaluation, and only once every rule decidable here
  // passed; no answer means nothing is stored and the claim can be retried.
  std::optional<absl::Status> checked;  // what evaluation answered, once asked
  absl::StatusOr<ClaimDecision> decided = DecideClaim(snapshot, [&] {
    absl::StatusOr<CertificateFacts> facts = verifier_->Verify(request.certificate_number(), enrollment.person().name(),
                                                               enrollment.person().id_number(), call.deadline);
    checked = facts.status();
    return facts;
  });
  if (checked.has_value()) {
    verifications_.Record(ClassifyClaimVerification(*checked, decided.status()));
  }
  SB_ASSIGN_OR_RETURN(const ClaimDecision decision, std::move(decided));
  const std::optional<Stored<v1::Institution>>& institution = inputs.institution;
  const RedisSequence id = TrainingStore::NewId(TrainingStore::IdKind::kClaim);
  v1::SubsidyClaim& claim = *response->mutable_claim();
  claim.set_id(id.marker);  // the id is drawn in the write
  claim.set_enrollment_id(enrollment.id());
  claim.set_course_id(enrollment.course_id());
  *claim.mutable_person() = enrollment.person();
  claim.mutable_institution()->set_credit_code(enrollment.institution_credit_code());
  if (institution.has_value()) {
    claim.mutable_institution()->set_name(institution->record.org().name());
  }
  claim.mutable_institution()->set_district_code(enrollment.district_code());
  claim.set_programme(enrollment.programme());
  claim.set_occupation_code(enrollment.occupation_code());
  claim.set_level(enrollment.level());
  claim.set_industry_chain_code(enrollment.industry_chain_code());
  claim.set_certificate_number(request.certificate_number());
  *claim.mutable_certificate_issue_date() = ToDate(decision.certificate.issue_date);
  claim.set_amount_fen(decision.amount_fen);
  claim.set_claim_year(ClaimYear(today));
  claim.set_state(v1::CLAIM_STATE_SUBMITTED);
  *claim.mutable_submit_date() = ToDate(today);
  SetTimestamp(call.now, claim.mutable_create_time());
  SetTimestamp(call.now, claim.mutable_update_time());
  MutationMeta meta = MetaFor(call, names::SubsidyClaim(claim.id()), request.request_id(), *response);
  meta.id_sequence = id;
  return FinishMutationWithDrawnId(call, store_.SubmitClaim(claim, ClaimSubmittedEvent(claim, call.now), meta),
                                   response,
                                   [&](const std::string& drawn) { response->mutable_claim()->set_id(drawn); });
}

struct TrainingHandlers::ClaimChange {
  std::string claim_id;
  std::string request_id;
  v1::ClaimState to = v1::CLAIM_STATE_UNSPECIFIED;
  std::string reason;
  common::v1::Date paid_date;
  std::string payment_reference;
  google::protobuf::Message* response = nullptr;
  v1::SubsidyClaim* response_claim = nullptr;
};

absl::Status TrainingHandlers::ChangeClaim(const CallContext& call, const ClaimChange& change) {
  FieldViolations violations;
  CheckRequestId(change.request_id, violations);
  CheckRecordId(change.claim_id, "claim_id", "a claim id", violations);
  CheckText(change.reason, "reason", /*required=*/change.to == v1::CLAIM_STATE_REJECTED, kMaxReasonChars, violations);
  CheckText(change.payment_reference, "payment_reference", /*required=*/false, kMaxPaymentReferenceChars, violations);
  const common::v1::Date today = Today(call);
  if (change.to == v1::CLAIM_STATE_PAID && IsDateSet(change.paid_date)) {
    CheckPastDate(change.paid_date, "paid_date", today, violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, change.request_id, change.response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::SubsidyClaim> stored, LoadClaim(store_, change.claim_id));
  const v1::SubsidyClaim& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.institution().district_code()));
  SB_RETURN_IF_ERROR(CheckClaimTransition(current.state(), change.to));
  v1::SubsidyClaim& updated = *change.response_claim;
  updated = current;
  updated.set_state(change.to);
  if (change.to == v1::CLAIM_STATE_PAID) {
    const common::v1::Date paid = IsDateSet(change.paid_date) ? change.paid_date : today;
    if (IsDateAfter(current.submit_date(), paid)) {
      return InvalidArgumentError("paid_date", "must not lie before the submission date");
    }
    *updated.mutable_paid_date() = paid;
    updated.set_payment_reference(change.payment_reference);
  } else {
    *updated.mutable_decide_date() = today;
    updated.set_decision_reason(change.reason);
  }
  SetTimestamp(call.now, updated.mutable_update_time());
  const v1::TrainingEvent event =
      change.to == v1::CLAIM_STATE_PAID ? ClaimPaidEvent(updated, call.now) : ClaimDecidedEvent(updated, call.now);
  const MutationMeta meta = MetaFor(call, names::SubsidyClaim(updated.id()), change.request_id, *change.response);
  return FinishMutation(call, store_.UpdateClaim(stored, updated, event, meta), change.response);
}

absl::Status TrainingHandlers::ApproveSubsidyClaim(const CallContext& call,
                                                   const v1::ApproveSubsidyClaimRequest& request,
                                                   v1::ApproveSubsidyClaimResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_APPROVED;
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::RejectSubsidyClaim(const CallContext& call, const v1::RejectSubsidyClaimRequest& request,
                                                  v1::RejectSubsidyClaimResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_REJECTED;
  change.reason = request.reason();
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::MarkSubsidyClaimPaid(const CallContext& call,
                                                    const v1::MarkSubsidyClaimPaidRequest& request,
                                                    v1::MarkSubsidyClaimPaidResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_PAID;
  change.paid_date = request.paid_date();
  change.payment_reference = request.payment_reference();
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::GetSubsidyClaim(const CallContext& call, const v1::GetSubsidyClaimRequest& request,
                                               v1::GetSubsidyClaimResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a claim id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::SubsidyClaim> stored, LoadClaim(store_, request.id()));
  const v1::SubsidyClaim& claim = stored.record;
  SB_RETURN_IF_ERROR(
      CheckOrgScope(call.principal, claim.institution().credit_code(), claim.institution().district_code()));
  *response->mutable_claim() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListSubsidyClaims(const CallContext& call, const v1::ListSubsidyClaimsRequest& request,
                                                 v1::ListSubsidyClaimsResponse* response) {
  FieldViolations violations;
  PersonOrgFilter shared = ReadPersonOrgFilter(*reference_, request.id_number(), request.institution_credit_code(),
                                               request.district_code(), request.year(), violations);
  CheckEnum(request.state(), v1::ClaimState_IsValid, /*required=*/false, "state", "a claim state", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(ScopePersonOrgFilter(call.principal, shared));
  ClaimFilter filter;
  filter.id_number = shared.id_number;
  filter.institution_credit_code = shared.institution_credit_code;
  filter.district_code = shared.district_code;
  filter.state = request.state();
  filter.year = shared.year;
  const std::string fingerprint = Concat("claim|", filter.id_number, "|", filter.institution_credit_code, "|",
                                         filter.district_code, "|", static_cast<int>(filter.state), "|", filter.year);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListClaims(filter, cursor, page_size); }, response,
      [response] { return response->add_claims(); });
}

}  // namespace skillbridge::training

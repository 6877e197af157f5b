#include "services/evaluation/api/evaluation_handlers.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/auth/permissions.h"
#include "common/reference/skill_level.h"
#include "common/server/feed_service.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/store/feed.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/citizen_id.h"
#include "common/validation/codes.h"
#include "services/evaluation/domain/certificate_issuance.h"
#include "services/evaluation/domain/events.h"
#include "services/evaluation/domain/filing.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

namespace {

// The bureau's civil time zone (China Standard Time, no daylight saving).
const absl::TimeZone& BureauTimeZone() {
  static const auto* zone = new absl::TimeZone(absl::FixedTimeZone(8 * 3600));
  return *zone;
}

std::string IdempotencyKey(const CallContext& call, const std::string& request_id) {
  return request_id.empty() ? std::string() : keys::Idempotency(call.method, call.principal.name, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

absl::Status CheckCreditCode(std::string_view code, std::string_view field) {
  return ValidateCreditCodeField(code, field);
}

absl::Status OrgNotFound(std::string_view credit_code) {
  return NotFoundError("ORG_NOT_FOUND", Concat("no evaluation organisation with credit code ", credit_code));
}

absl::StatusOr<Stored<v1::EvaluationOrg>> LoadOrg(EvaluationStore& store, std::string_view credit_code) {
  auto org = store.GetOrg(credit_code);
  if (!org.ok()) {
    return org.status();
  }
  if (!org->has_value()) {
    return OrgNotFound(credit_code);
  }
  return std::move(**org);
}

void CheckDistrictFilter(const ReferenceData& reference, std::string_view district, std::string_view field,
                         FieldViolations& violations) {
  if (!district.empty() && reference.FindDistrict(district) == nullptr) {
    violations.Add(std::string(field), Concat("unknown district code ", district));
  }
}

}  // namespace

ValidationContext EvaluationHandlers::ContextFor(const CallContext& call) const {
  const absl::CivilDay day = absl::ToCivilDay(call.now, BureauTimeZone());
  ValidationContext context;
  context.reference = reference_.get();
  context.today.set_year(static_cast<int>(day.year()));
  context.today.set_month(day.month());
  context.today.set_day(day.day());
  return context;
}

// ---------------------------------------------------------------- organisations

absl::Status EvaluationHandlers::CreateEvaluationOrg(const CallContext& call,
                                                     const v1::CreateEvaluationOrgRequest& request,
                                                     v1::CreateEvaluationOrgResponse* response) {
  if (absl::Status valid = ValidateCreateOrg(request, ContextFor(call)); !valid.ok()) {
    return valid;
  }
  if (absl::Status scope = CheckOrgScope(call.principal, request.org().credit_code(), request.org().district_code());
      !scope.ok()) {
    return scope;
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  v1::EvaluationOrg& org = *response->mutable_evaluation_org();
  *org.mutable_org() = request.org();
  org.set_kind(request.kind());
  org.set_state(v1::FILING_STATE_APPLIED);
  *org.mutable_scope() = request.scope();
  org.set_contact_name(request.contact_name());
  org.set_contact_phone(request.contact_phone());
  SetTimestamp(call.now, org.mutable_create_time());
  SetTimestamp(call.now, org.mutable_update_time());
  org.set_version(1);
  const MutationMeta meta =
      MetaFor(call, Concat("evaluationOrgs/", org.org().credit_code()), request.request_id(), *response);
  return FinishMutation(store_.CreateOrg(org, OrgChangedEvent(org, call.now), meta), response);
}

absl::Status EvaluationHandlers::GetEvaluationOrg(const CallContext& call, const v1::GetEvaluationOrgRequest& request,
                                                  v1::GetEvaluationOrgResponse* response) {
  if (absl::Status valid = CheckCreditCode(request.credit_code(), "credit_code"); !valid.ok()) {
    return valid;
  }
  auto org = LoadOrg(store_, request.credit_code());
  if (!org.ok()) {
    return org.status();
  }
  *response->mutable_evaluation_org() = std::move(org->record);
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEvaluationOrgs(const CallContext& call,
                                                    const v1::ListEvaluationOrgsRequest& request,
                                                    v1::ListEvaluationOrgsResponse* response) {
  FieldViolations violations;
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  if (!v1::OrgKind_IsValid(request.kind())) {
    violations.Add("kind", "unknown organisation kind");
  }
  if (!v1::FilingState_IsValid(request.state())) {
    violations.Add("state", "unknown filing state");
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  OrgFilter filter{request.district_code(), request.kind(), request.state()};
  const std::string fingerprint = Concat("orgs|", filter.district_code, "|", filter.kind, "|", filter.state);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListOrgs(filter, cursor, *page_size); }, response,
      [response] { return response->add_evaluation_orgs(); });
}

struct EvaluationHandlers::TransitionRequest {
  std::string credit_code;
  std::string request_id;
  std::string reason;
  bool reason_required = false;
  FilingAction action = FilingAction::kStartAssessment;
  const google::protobuf::RepeatedPtrField<v1::ScopeEntry>* new_scope = nullptr;  // UpdateFilingScope
  google::protobuf::Message* response = nullptr;
  v1::EvaluationOrg* response_org = nullptr;
};

absl::StatusOr<v1::EvaluationOrg> EvaluationHandlers::Transition(const CallContext& call,
                                                                 const TransitionRequest& request) {
  FieldViolations violations;
  if (absl::Status code = CheckCreditCode(request.credit_code, "credit_code"); !code.ok()) {
    AddViolations(code, "credit_code", violations);
  }
  if (absl::Status id = ValidateRequestId(request.request_id, "request_id"); !id.ok()) {
    AddViolations(id, "request_id", violations);
  }
  if (request.reason_required) {
    ValidateReason(request.reason, "reason", violations);
  }
  if (request.new_scope != nullptr) {
    ValidateScope(*request.new_scope, "scope", *reference_, violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id);
  auto replayed = ReplayIdempotent(store_, key, request.response);
  if (!replayed.ok()) {
    return replayed.status();
  }
  if (*replayed) {
    return *request.response_org;
  }
  auto stored = LoadOrg(store_, request.credit_code);
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::EvaluationOrg& current = stored->record;
  if (absl::Status scope = CheckDistrictScope(call.principal, current.org().district_code()); !scope.ok()) {
    return scope;
  }
  v1::EvaluationOrg updated = current;
  if (request.new_scope != nullptr) {
    if (current.state() == v1::FILING_STATE_REVOKED) {
      return FailedPreconditionError("INVALID_FILING_TRANSITION", "the filing is revoked; its scope cannot change");
    }
    *updated.mutable_scope() = *request.new_scope;
  } else {
    auto next = NextFilingState(current.state(), request.action);
    if (!next.ok()) {
      return next.status();
    }
    updated.set_state(*next);
    updated.set_state_reason(request.reason);
    if (*next == v1::FILING_STATE_FILED && updated.org_code().empty()) {
      auto code = store_.AllocateOrgCode();
      if (!code.ok()) {
        return code.status();
      }
      updated.set_org_code(*code);
    }
  }
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  *request.response_org = updated;
  const MutationMeta meta =
      MetaFor(call, Concat("evaluationOrgs/", request.credit_code), request.request_id, *request.response);
  auto outcome = store_.UpdateOrg(*stored, updated, OrgChangedEvent(updated, call.now), meta);
  if (absl::Status done = FinishMutation(outcome, request.response); !done.ok()) {
    return done;
  }
  return *request.response_org;
}

absl::Status EvaluationHandlers::StartFilingAssessment(const CallContext& call,
                                                       const v1::StartFilingAssessmentRequest& request,
                                                       v1::StartFilingAssessmentResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.action = FilingAction::kStartAssessment;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition).status();
}

absl::Status EvaluationHandlers::ApproveFiling(const CallContext& call, const v1::ApproveFilingRequest& request,
                                               v1::ApproveFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.action = FilingAction::kApprove;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition).status();
}

absl::Status EvaluationHandlers::SuspendFiling(const CallContext& call, const v1::SuspendFilingRequest& request,
                                               v1::SuspendFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.reason = request.reason();
  transition.reason_required = true;
  transition.action = FilingAction::kSuspend;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition).status();
}

absl::Status EvaluationHandlers::RevokeFiling(const CallContext& call, const v1::RevokeFilingRequest& request,
                                              v1::RevokeFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.reason = request.reason();
  transition.reason_required = true;
  transition.action = FilingAction::kRevoke;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition).status();
}

absl::Status EvaluationHandlers::UpdateFilingScope(const CallContext& call, const v1::UpdateFilingScopeRequest& request,
                                                   v1::UpdateFilingScopeResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.new_scope = &request.scope();
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition).status();
}

// ---------------------------------------------------------------- certificates

namespace {

// One validated draft on its way to the store, or the reason it was rejected.
struct PreparedCertificate {
  absl::Status status;
  NormalizedDraft draft;
  const v1::EvaluationOrg* org = nullptr;
  std::string series;  // for generated numbers
};

}  // namespace

absl::Status EvaluationHandlers::IssueCertificate(const CallContext& call, const v1::IssueCertificateRequest& request,
                                                  v1::IssueCertificateResponse* response) {
  if (absl::Status id = ValidateRequestId(request.request_id(), "request_id"); !id.ok()) {
    return id;
  }
  auto draft = ValidateDraft(request.certificate(), "certificate", ContextFor(call));
  if (!draft.ok()) {
    return draft.status();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto org = store_.GetOrg(draft->issuer_credit_code);
  if (!org.ok()) {
    return org.status();
  }
  if (!org->has_value()) {
    return FailedPreconditionError("ORG_NOT_FOUND",
                                   Concat("no evaluation organisation with credit code ", draft->issuer_credit_code));
  }
  const v1::EvaluationOrg& issuer = (*org)->record;
  if (absl::Status scope = CheckOrgScope(call.principal, issuer.org().credit_code(), issuer.org().district_code());
      !scope.ok()) {
    return scope;
  }
  v1::Certificate& cert = *response->mutable_certificate();
  cert = draft->certificate;
  if (absl::Status may = CheckOrgMayIssue(issuer, cert); !may.ok()) {
    return may;
  }
  if (cert.number().empty()) {
    const std::string series = SerialSeries(issuer, cert, draft->site_serial);
    auto serial = store_.AllocateSerials(series, 1);
    if (!serial.ok()) {
      return serial.status();
    }
    auto number = GenerateCertificateNumber(issuer, cert, draft->site_serial, *serial);
    if (!number.ok()) {
      return number.status();
    }
    cert.set_number(*number);
  } else if (absl::Status mine = CheckSuppliedNumberBelongsToOrg(cert.number(), issuer, "certificate.number");
             !mine.ok()) {
    return mine;
  }
  *cert.mutable_issuer() = issuer.org();
  SetTimestamp(call.now, cert.mutable_create_time());
  IssueItem item;
  item.certificate = cert;
  item.event = CertificateIssuedEvent(cert, call.now);
  item.meta = MetaFor(call, Concat("certificates/", cert.number()), request.request_id(), *response);
  auto outcomes = store_.IssueCertificates({item});
  if (!outcomes.ok()) {
    return outcomes.status();
  }
  return FinishMutation(outcomes->front(), response);
}

absl::Status EvaluationHandlers::BatchIssueCertificates(const CallContext& call,
                                                        const v1::BatchIssueCertificatesRequest& request,
                                                        v1::BatchIssueCertificatesResponse* response) {
  if (absl::Status id = ValidateRequestId(request.request_id(), "request_id"); !id.ok()) {
    return id;
  }
  if (request.certificates_size() == 0 || request.certificates_size() > kMaxBatchItems) {
    return InvalidArgumentError("certificates", Concat("must hold 1 to ", kMaxBatchItems, " items"));
  }
  const std::string batch_key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, batch_key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  const ValidationContext context = ContextFor(call);
  const int count = request.certificates_size();
  std::vector<PreparedCertificate> prepared(count);
  std::map<std::string, std::optional<v1::EvaluationOrg>> orgs;  // credit code → org (nullopt = none)

  // Validate each item and check its issuer.
  for (int i = 0; i < count; ++i) {
    PreparedCertificate& item = prepared[i];
    auto draft = ValidateDraft(request.certificates(i), Concat("certificates[", i, "]"), context);
    if (!draft.ok()) {
      item.status = draft.status();
      continue;
    }
    item.draft = std::move(*draft);
    auto found = orgs.find(item.draft.issuer_credit_code);
    if (found == orgs.end()) {
      auto org = store_.GetOrg(item.draft.issuer_credit_code);
      if (!org.ok()) {
        return org.status();
      }
      std::optional<v1::EvaluationOrg> record;
      if (org->has_value()) {
        record = (*org)->record;
      }
      found = orgs.emplace(item.draft.issuer_credit_code, std::move(record)).first;
    }
    if (!found->second.has_value()) {
      item.status = FailedPreconditionError(
          "ORG_NOT_FOUND", Concat("no evaluation organisation with credit code ", item.draft.issuer_credit_code));
      continue;
    }
    item.org = &*found->second;
    item.status = CheckOrgScope(call.principal, item.org->org().credit_code(), item.org->org().district_code());
    if (item.status.ok()) {
      item.status = CheckOrgMayIssue(*item.org, item.draft.certificate);
    }
    if (item.status.ok() && !item.draft.certificate.number().empty()) {
      item.status = CheckSuppliedNumberBelongsToOrg(item.draft.certificate.number(), *item.org,
                                                    Concat("certificates[", i, "].number"));
    }
    if (item.status.ok() && item.draft.certificate.number().empty()) {
      item.series = SerialSeries(*item.org, item.draft.certificate, item.draft.site_serial);
    }
  }

  // Reserve serials once per series, then number the items.
  std::map<std::string, int64_t> series_counts;
  for (const auto& item : prepared) {
    if (item.status.ok() && !item.series.empty()) {
      ++series_counts[item.series];
    }
  }
  std::map<std::string, int64_t> next_serial;
  for (const auto& [series, n] : series_counts) {
    auto first = store_.AllocateSerials(series, n);
    if (!first.ok()) {
      return first.status();
    }
    next_serial[series] = *first;
  }

  std::vector<IssueItem> items;
  std::vector<int> item_index;  // items[k] is request item item_index[k]
  items.reserve(count);
  for (int i = 0; i < count; ++i) {
    PreparedCertificate& item = prepared[i];
    if (!item.status.ok()) {
      continue;
    }
    v1::Certificate cert = item.draft.certificate;
    if (!item.series.empty()) {
      auto number = GenerateCertificateNumber(*item.org, cert, item.draft.site_serial, next_serial[item.series]++);
      if (!number.ok()) {
        item.status = number.status();
        continue;
      }
      cert.set_number(*number);
    }
    *cert.mutable_issuer() = item.org->org();
    SetTimestamp(call.now, cert.mutable_create_time());
    IssueItem issue;
    issue.event = CertificateIssuedEvent(cert, call.now);
    issue.meta.audit = call.AuditEntryFor(Concat("certificates/", cert.number()), request.request_id());
    if (!batch_key.empty()) {
      issue.meta.idempotency_key = Concat(batch_key, "#", i);
      issue.meta.response_bytes = cert.SerializeAsString();
    }
    issue.certificate = std::move(cert);
    items.push_back(std::move(issue));
    item_index.push_back(i);
  }
  auto outcomes = store_.IssueCertificates(items);
  if (!outcomes.ok()) {
    return outcomes.status();
  }

  std::vector<std::optional<v1::Certificate>> issued(count);
  for (size_t k = 0; k < items.size(); ++k) {
    const int i = item_index[k];
    const auto& outcome = (*outcomes)[k];
    if (!outcome.ok()) {
      prepared[i].status = outcome.status();
      continue;
    }
    if (outcome->replayed) {
      v1::Certificate earlier;
      if (!earlier.ParseFromString(outcome->replay_bytes)) {
        return absl::DataLossError("stored idempotent certificate does not parse");
      }
      issued[i] = std::move(earlier);
    } else {
      issued[i] = std::move(items[k].certificate);
    }
  }
  for (int i = 0; i < count; ++i) {
    v1::BatchIssueResult* result = response->add_results();
    result->set_index(i);
    if (issued[i].has_value()) {
      *result->mutable_certificate() = std::move(*issued[i]);
      response->set_accepted_count(response->accepted_count() + 1);
      continue;
    }
    const absl::Status& status = prepared[i].status;
    result->set_error_code(std::string(absl::StatusCodeToString(status.code())));
    std::string reason = ReasonOf(status);
    result->set_error_reason(reason.empty() ? result->error_code() : reason);
    result->set_error_message(MaskIdNumbersInText(std::string(status.message())));
    auto violations = FieldViolationsOf(status);
    if (!violations.empty()) {
      result->set_error_field(violations.front().field);
    }
    response->set_rejected_count(response->rejected_count() + 1);
  }
  if (!batch_key.empty()) {
    if (absl::Status saved = store_.SaveIdempotent(batch_key, response->SerializeAsString()); !saved.ok()) {
      return saved;
    }
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::GetCertificate(const CallContext& call, const v1::GetCertificateRequest& request,
                                                v1::GetCertificateResponse* response) {
  if (auto parts = ParseCertificateNumber(request.number(), "number"); !parts.ok()) {
    return parts.status();
  }
  auto stored = store_.GetCertificate(request.number());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("CERTIFICATE_NOT_FOUND", Concat("no certificate numbered ", request.number()));
  }
  const v1::Certificate& cert = (*stored)->record;
  if (absl::Status scope = CheckOrgScope(call.principal, cert.issuer().credit_code(), cert.issuer().district_code());
      !scope.ok()) {
    return scope;
  }
  *response->mutable_certificate() = cert;
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListCertificates(const CallContext& call, const v1::ListCertificatesRequest& request,
                                                  v1::ListCertificatesResponse* response) {
  FieldViolations violations;
  CertificateFilter filter;
  if (!request.id_number().empty()) {
    auto id = ParseCitizenId(request.id_number(), "id_number");
    if (!id.ok()) {
      AddViolations(id.status(), "id_number", violations);
    } else {
      filter.id_number = id->number;
    }
  }
  if (!request.issuer_credit_code().empty()) {
    if (absl::Status code = CheckCreditCode(request.issuer_credit_code(), "issuer_credit_code"); !code.ok()) {
      AddViolations(code, "issuer_credit_code", violations);
    }
  }
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  ValidateYearFilter(request.year(), "year", violations);
  if (request.level() != common::v1::SKILL_LEVEL_UNSPECIFIED && !IsKnownLevel(request.level())) {
    violations.Add("level", "unknown skill level");
  }
  if (!v1::CertificateType_IsValid(request.type())) {
    violations.Add("type", "unknown certificate type");
  }
  if (!v1::CertificateStatus_IsValid(request.status())) {
    violations.Add("status", "unknown certificate status");
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  filter.issuer_credit_code = request.issuer_credit_code();
  filter.district_code = request.district_code();
  filter.year = request.year();
  filter.level = request.level();
  filter.type = request.type();
  filter.status = request.status();
  if (absl::Status scope = ScopeDistrictFilter(call.principal, &filter.district_code); !scope.ok()) {
    return scope;
  }
  if (call.principal.role == common::v1::ROLE_INSTITUTION) {
    if (filter.issuer_credit_code.empty()) {
      filter.issuer_credit_code = call.principal.credit_code;
    } else if (filter.issuer_credit_code != call.principal.credit_code) {
      return PermissionDeniedError("OUT_OF_SCOPE", "an institution may list only the certificates it issued");
    }
  }
  const std::string fingerprint =
      Concat("certs|", filter.id_number, "|", filter.issuer_credit_code, "|", filter.district_code, "|", filter.year,
             "|", filter.level, "|", filter.type, "|", filter.status);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCertificates(filter, cursor, *page_size); }, response,
      [response] { return response->add_certificates(); });
}

absl::Status EvaluationHandlers::RevokeCertificate(const CallContext& call, const v1::RevokeCertificateRequest& request,
                                                   v1::RevokeCertificateResponse* response) {
  FieldViolations violations;
  if (auto parts = ParseCertificateNumber(request.number(), "number"); !parts.ok()) {
    AddViolations(parts.status(), "number", violations);
  }
  ValidateReason(request.reason(), "reason", violations);
  if (absl::Status id = ValidateRequestId(request.request_id(), "request_id"); !id.ok()) {
    AddViolations(id, "request_id", violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = store_.GetCertificate(request.number());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("CERTIFICATE_NOT_FOUND", Concat("no certificate numbered ", request.number()));
  }
  const v1::Certificate& current = (*stored)->record;
  if (absl::Status scope = CheckDistrictScope(call.principal, current.issuer().district_code()); !scope.ok()) {
    return scope;
  }
  if (current.status() == v1::CERTIFICATE_STATUS_REVOKED) {
    return FailedPreconditionError("CERTIFICATE_ALREADY_REVOKED",
                                   Concat("certificate ", request.number(), " is already revoked"));
  }
  v1::Certificate& revoked = *response->mutable_certificate();
  revoked = current;
  revoked.set_status(v1::CERTIFICATE_STATUS_REVOKED);
  revoked.set_revoke_reason(request.reason());
  SetTimestamp(call.now, revoked.mutable_revoke_time());
  const MutationMeta meta = MetaFor(call, Concat("certificates/", request.number()), request.request_id(), *response);
  return FinishMutation(store_.RevokeCertificate(**stored, revoked, CertificateRevokedEvent(revoked, call.now), meta),
                        response);
}

absl::Status EvaluationHandlers::VerifyCertificate(const CallContext& call, const v1::VerifyCertificateRequest& request,
                                                   v1::VerifyCertificateResponse* response) {
  FieldViolations violations;
  if (auto parts = ParseCertificateNumber(request.number(), "number"); !parts.ok()) {
    AddViolations(parts.status(), "number", violations);
  }
  auto id = ParseCitizenId(request.id_number(), "id_number");
  if (!id.ok()) {
    AddViolations(id.status(), "id_number", violations);
  }
  if (absl::Status name = ValidateText(request.name(), "name", /*required=*/true, kMaxNameChars); !name.ok()) {
    AddViolations(name, "name", violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  auto stored = store_.GetCertificate(request.number());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value() || (*stored)->record.person().id_number() != id->number ||
      (*stored)->record.person().name() != request.name()) {
    response->set_result(v1::VERIFICATION_RESULT_NOT_FOUND);
    return absl::OkStatus();
  }
  const v1::Certificate& cert = (*stored)->record;
  response->set_result(cert.status() == v1::CERTIFICATE_STATUS_VALID ? v1::VERIFICATION_RESULT_VALID
                                                                     : v1::VERIFICATION_RESULT_REVOKED);
  response->set_type(cert.type());
  response->set_occupation_code(cert.occupation_code());
  response->set_occupation_name(cert.occupation_name());
  response->set_level(cert.level());
  *response->mutable_issue_date() = cert.issue_date();
  return absl::OkStatus();
}

// ---------------------------------------------------------------- introductions

absl::Status EvaluationHandlers::RegisterIntroduction(const CallContext& call,
                                                      const v1::RegisterIntroductionRequest& request,
                                                      v1::RegisterIntroductionResponse* response) {
  auto introduction = ValidateIntroduction(request, ContextFor(call));
  if (!introduction.ok()) {
    return introduction.status();
  }
  if (absl::Status scope = CheckDistrictScope(call.principal, introduction->employer().district_code()); !scope.ok()) {
    return scope;
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto sequence = store_.AllocateIntroductionSequence();
  if (!sequence.ok()) {
    return sequence.status();
  }
  v1::Introduction& out = *response->mutable_introduction();
  out = std::move(*introduction);
  out.set_id(absl::StrFormat("INT%010d", *sequence));
  SetTimestamp(call.now, out.mutable_create_time());
  const MutationMeta meta = MetaFor(call, Concat("introductions/", out.id()), request.request_id(), *response);
  return FinishMutation(store_.RegisterIntroduction(out, IntroductionRegisteredEvent(out, call.now), meta), response);
}

absl::Status EvaluationHandlers::ListIntroductions(const CallContext& call, const v1::ListIntroductionsRequest& request,
                                                   v1::ListIntroductionsResponse* response) {
  FieldViolations violations;
  IntroductionFilter filter;
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  ValidateYearFilter(request.year(), "year", violations);
  if (!request.id_number().empty()) {
    auto id = ParseCitizenId(request.id_number(), "id_number");
    if (!id.ok()) {
      AddViolations(id.status(), "id_number", violations);
    } else {
      filter.id_number = id->number;
    }
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  filter.district_code = request.district_code();
  filter.year = request.year();
  if (absl::Status scope = ScopeDistrictFilter(call.principal, &filter.district_code); !scope.ok()) {
    return scope;
  }
  const std::string fingerprint = Concat("intros|", filter.district_code, "|", filter.year, "|", filter.id_number);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListIntroductions(filter, cursor, *page_size); }, response,
      [response] { return response->add_introductions(); });
}

// ---------------------------------------------------------------- enterprises

absl::Status EvaluationHandlers::UpsertEnterprise(const CallContext& call, const v1::UpsertEnterpriseRequest& request,
                                                  v1::UpsertEnterpriseResponse* response) {
  auto enterprise = ValidateEnterprise(request, ContextFor(call));
  if (!enterprise.ok()) {
    return enterprise.status();
  }
  if (absl::Status scope = CheckDistrictScope(call.principal, enterprise->org().district_code()); !scope.ok()) {
    return scope;
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto old = store_.GetEnterprise(enterprise->org().credit_code());
  if (!old.ok()) {
    return old.status();
  }
  if (old->has_value()) {
    if (absl::Status scope = CheckDistrictScope(call.principal, (*old)->record.org().district_code()); !scope.ok()) {
      return scope;
    }
  }
  v1::Enterprise& out = *response->mutable_enterprise();
  out = std::move(*enterprise);
  SetTimestamp(call.now, out.mutable_update_time());
  const MutationMeta meta =
      MetaFor(call, Concat("enterprises/", out.org().credit_code()), request.request_id(), *response);
  return FinishMutation(store_.UpsertEnterprise(*old, out, EnterpriseChangedEvent(out, call.now), meta), response);
}

absl::Status EvaluationHandlers::GetEnterprise(const CallContext& call, const v1::GetEnterpriseRequest& request,
                                               v1::GetEnterpriseResponse* response) {
  if (absl::Status valid = CheckCreditCode(request.credit_code(), "credit_code"); !valid.ok()) {
    return valid;
  }
  auto stored = store_.GetEnterprise(request.credit_code());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("ENTERPRISE_NOT_FOUND", Concat("no enterprise with credit code ", request.credit_code()));
  }
  if (absl::Status scope = CheckDistrictScope(call.principal, (*stored)->record.org().district_code()); !scope.ok()) {
    return scope;
  }
  *response->mutable_enterprise() = (*stored)->record;
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEnterprises(const CallContext& call, const v1::ListEnterprisesRequest& request,
                                                 v1::ListEnterprisesResponse* response) {
  FieldViolations violations;
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  EnterpriseFilter filter{request.district_code(), request.eligible_only()};
  if (absl::Status scope = ScopeDistrictFilter(call.principal, &filter.district_code); !scope.ok()) {
    return scope;
  }
  const std::string fingerprint = Concat("ents|", filter.district_code, "|", filter.eligible_only);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListEnterprises(filter, cursor, *page_size); }, response,
      [response] { return response->add_enterprises(); });
}

absl::Status EvaluationHandlers::GetSelfEvaluationCoverage(const CallContext& call,
                                                           const v1::GetSelfEvaluationCoverageRequest& request,
                                                           v1::GetSelfEvaluationCoverageResponse* response) {
  FieldViolations violations;
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  std::vector<std::string> districts;
  for (const auto& district : reference_->districts()) {
    if (request.district_code().empty() || district.code == request.district_code()) {
      districts.push_back(district.code);
    }
  }
  auto counts = store_.CountCoverage(districts);
  if (!counts.ok()) {
    return counts.status();
  }
  auto ratio = [](int64_t covered, int64_t eligible) {
    return eligible == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(eligible);
  };
  int64_t total_eligible = 0;
  int64_t total_covered = 0;
  for (const auto& count : *counts) {
    v1::CoverageRow* row = response->add_districts();
    row->set_district_code(count.district_code);
    row->set_eligible(static_cast<int32_t>(count.eligible));
    row->set_covered(static_cast<int32_t>(count.covered));
    row->set_ratio(ratio(count.covered, count.eligible));
    total_eligible += count.eligible;
    total_covered += count.covered;
  }
  v1::CoverageRow* total = response->mutable_total();
  total->set_district_code(request.district_code());
  total->set_eligible(static_cast<int32_t>(total_eligible));
  total->set_covered(static_cast<int32_t>(total_covered));
  total->set_ratio(ratio(total_covered, total_eligible));
  return absl::OkStatus();
}

// ---------------------------------------------------------------- stats, feed, audit

absl::Status EvaluationHandlers::GetEvaluationStats(const CallContext& call,
                                                    const v1::GetEvaluationStatsRequest& request,
                                                    v1::GetEvaluationStatsResponse* response) {
  FieldViolations violations;
  if (request.year() < 1950 || request.year() > 2100) {
    violations.Add("year", "a year from 1950 to 2100 is required");
  }
  CheckDistrictFilter(*reference_, request.district_code(), "district_code", violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  auto fields = store_.ReadStats(request.year());
  if (!fields.ok()) {
    return fields.status();
  }
  // Fields: "<district>|<type>|<level>|issued|revoked" and "<district>|intro".
  std::map<std::tuple<std::string, int, int>, std::pair<int64_t, int64_t>> cells;
  response->set_year(request.year());
  for (const auto& [field, value] : *fields) {
    std::vector<std::string> parts = absl::StrSplit(field, '|');
    if (parts.empty() || (!request.district_code().empty() && parts[0] != request.district_code())) {
      continue;
    }
    if (parts.size() == 2 && parts[1] == "intro") {
      response->set_introductions(response->introductions() + value);
      continue;
    }
    int type = 0;
    int level = 0;
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &type) || !absl::SimpleAtoi(parts[2], &level)) {
      continue;
    }
    auto& cell = cells[{parts[0], type, level}];
    if (parts[3] == "issued") {
      cell.first += value;
    } else if (parts[3] == "revoked") {
      cell.second += value;
    }
  }
  for (const auto& [key, counts] : cells) {
    v1::EvaluationStatsRow* row = response->add_rows();
    row->set_district_code(std::get<0>(key));
    row->set_type(static_cast<v1::CertificateType>(std::get<1>(key)));
    row->set_level(static_cast<common::v1::SkillLevel>(std::get<2>(key)));
    row->set_issued(counts.first);
    row->set_revoked(counts.second);
    response->set_total_issued(response->total_issued() + counts.first);
    response->set_total_revoked(response->total_revoked() + counts.second);
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                            v1::ListEventsResponse* response) {
  return ServeFeed(
      call, request,
      [this](const std::string& after, int max, std::chrono::milliseconds wait) {
        return store_.ReadEvents(after, max, wait);
      },
      response);
}

absl::Status EvaluationHandlers::ListAuditEntries(const CallContext& call, const v1::ListAuditEntriesRequest& request,
                                                  v1::ListAuditEntriesResponse* response) {
  return ServeAuditPage(
      request, [this](const std::string& before, int size) { return store_.ReadAudit(before, size); }, response);
}

}  // namespace skillbridge::evaluation

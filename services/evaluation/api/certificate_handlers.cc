// Certificates: issuing one or a batch, reading, listing, revocation and verification.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/server/batch_results.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/handler_support.h"
#include "services/evaluation/api/resource_names.h"
#include "services/evaluation/domain/certificate_issuance.h"
#include "services/evaluation/domain/events.h"

namespace skillbridge::evaluation {

namespace {

// One draft on its way to the store: validated, its issuer checked, then numbered — or the
// reason it was refused.
struct PreparedCertificate {
  absl::Status status;
  NormalizedDraft draft;
  const v1::EvaluationOrg* issuer = nullptr;
};

// The issuing organisations of one call, each read once.
class IssuerCache final {
 public:
  explicit IssuerCache(EvaluationStore& store) : store_(store) {}

  // The organisation, or null when there is none with this credit code.
  absl::StatusOr<const v1::EvaluationOrg*> Find(const std::string& credit_code) {
    auto found = orgs_.find(credit_code);
    if (found == orgs_.end()) {
      SB_ASSIGN_OR_RETURN(auto org, store_.GetOrg(credit_code));
      std::optional<v1::EvaluationOrg> record;
      if (org.has_value()) {
        record = std::move(org->record);
      }
      found = orgs_.emplace(credit_code, std::move(record)).first;
    }
    return found->second.has_value() ? &*found->second : nullptr;
  }

 private:
  EvaluationStore& store_;
  std::map<std::string, std::optional<v1::EvaluationOrg>> orgs_;  // nodes stay put: pointers remain valid
};

// May the caller issue `draft` in the name of `issuer` (null: unknown)? FAILED_PRECONDITION
// ORG_NOT_FOUND, PERMISSION_DENIED OUT_OF_SCOPE, the issuance rules (ORG_NOT_FILED,
// OUTSIDE_FILED_SCOPE), or INVALID_ARGUMENT on `number_field` for a supplied number of another org.
absl::Status CheckIssuer(const CallContext& call, const v1::EvaluationOrg* issuer, const NormalizedDraft& draft,
                         std::string_view number_field) {
  if (issuer == nullptr) {
    return FailedPreconditionError("ORG_NOT_FOUND",
                                   Concat("no evaluation organisation with credit code ", draft.issuer_credit_code));
  }
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, issuer->org().credit_code(), issuer->org().district_code()));
  SB_RETURN_IF_ERROR(CheckOrgMayIssue(*issuer, draft.certificate));
  if (!draft.certificate.number().empty()) {
    return CheckSuppliedNumberBelongsToOrg(draft.certificate.number(), *issuer, number_field);
  }
  return absl::OkStatus();
}

// Numbers every accepted draft that came without a number: serials are reserved once per series,
// in request order. A series that runs out refuses its remaining items.
absl::Status NumberCertificates(EvaluationStore& store, std::vector<PreparedCertificate>& items) {
  std::map<std::string, std::vector<PreparedCertificate*>> by_series;
  for (PreparedCertificate& item : items) {
    if (item.status.ok() && item.draft.certificate.number().empty()) {
      by_series[SerialSeries(*item.issuer, item.draft.certificate, item.draft.site_serial)].push_back(&item);
    }
  }
  for (auto& [series, members] : by_series) {
    SB_ASSIGN_OR_RETURN(int64_t serial, store.AllocateSerials(series, static_cast<int64_t>(members.size())));
    for (PreparedCertificate* item : members) {
      auto number =
          GenerateCertificateNumber(*item->issuer, item->draft.certificate, item->draft.site_serial, serial++);
      if (!number.ok()) {
        item->status = number.status();
        continue;
      }
      item->draft.certificate.set_number(*number);
    }
  }
  return absl::OkStatus();
}

// The certificate a prepared draft becomes.
v1::Certificate IssuedCertificate(const CallContext& call, const PreparedCertificate& item) {
  v1::Certificate cert = item.draft.certificate;
  *cert.mutable_issuer() = item.issuer->org();
  cert.set_version(1);
  SetTimestamp(call.now, cert.mutable_create_time());
  return cert;
}

// "number": a certificate number in one of the two formats.
void CheckCertificateNumber(std::string_view number, FieldViolations& violations) {
  violations.AddStatus(ParseCertificateNumber(number, "number").status(), "number");
}

}  // namespace

absl::Status EvaluationHandlers::IssueCertificate(const CallContext& call, const v1::IssueCertificateRequest& request,
                                                  v1::IssueCertificateResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  std::vector<PreparedCertificate> items(1);
  PreparedCertificate& item = items.front();
  SB_ASSIGN_OR_RETURN(item.draft, ValidateDraft(request.certificate(), "certificate", ContextFor(call, *reference_)));
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, IdempotencyKey(call, request.request_id()), response));
  if (replayed) {
    return absl::OkStatus();
  }
  IssuerCache issuers(store_);
  SB_ASSIGN_OR_RETURN(item.issuer, issuers.Find(item.draft.issuer_credit_code));
  SB_RETURN_IF_ERROR(CheckIssuer(call, item.issuer, item.draft, "certificate.number"));
  SB_RETURN_IF_ERROR(NumberCertificates(store_, items));
  SB_RETURN_IF_ERROR(item.status);

  *response->mutable_certificate() = IssuedCertificate(call, item);
  IssueItem issue;
  issue.certificate = response->certificate();
  issue.event = CertificateIssuedEvent(issue.certificate, call.now);
  issue.meta = MetaFor(call, names::Certificate(issue.certificate.number()), request.request_id(), *response);
  SB_ASSIGN_OR_RETURN(auto outcomes, store_.IssueCertificates({std::move(issue)}));
  return FinishMutation(outcomes.front(), response);
}

absl::Status EvaluationHandlers::BatchIssueCertificates(const CallContext& call,
                                                        const v1::BatchIssueCertificatesRequest& request,
                                                        v1::BatchIssueCertificatesResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const int count = request.certificates_size();
  if (count == 0 || count > kMaxBatchItems) {
    return InvalidArgumentError("certificates", Concat("must hold 1 to ", kMaxBatchItems, " items"));
  }
  const std::string batch_key = IdempotencyKey(call, request.request_id());
  SB_ASSIGN_OR_RETURN(const bool replayed, ReplayIdempotent(store_, batch_key, response));
  if (replayed) {
    return absl::OkStatus();
  }

  // Validate each item and check its issuer, then number the accepted ones.
  const ValidationContext context = ContextFor(call, *reference_);
  IssuerCache issuers(store_);
  std::vector<PreparedCertificate> prepared(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    PreparedCertificate& item = prepared[static_cast<size_t>(i)];
    const std::string prefix = Concat("certificates[", i, "]");
    auto draft = ValidateDraft(request.certificates(i), prefix, context);
    if (!draft.ok()) {
      item.status = draft.status();
      continue;
    }
    item.draft = std::move(*draft);
    SB_ASSIGN_OR_RETURN(item.issuer, issuers.Find(item.draft.issuer_credit_code));
    item.status = CheckIssuer(call, item.issuer, item.draft, FieldPath(prefix, "number"));
  }
  SB_RETURN_IF_ERROR(NumberCertificates(store_, prepared));

  // Write the accepted items, each on its own (its own audit entry and idempotency record).
  std::vector<IssueItem> writes;
  std::vector<int> write_index;  // writes[k] is request item write_index[k]
  writes.reserve(prepared.size());
  for (int i = 0; i < count; ++i) {
    const PreparedCertificate& item = prepared[static_cast<size_t>(i)];
    if (!item.status.ok()) {
      continue;
    }
    IssueItem issue;
    issue.certificate = IssuedCertificate(call, item);
    issue.event = CertificateIssuedEvent(issue.certificate, call.now);
    issue.meta.audit = call.AuditEntryFor(names::Certificate(issue.certificate.number()), request.request_id());
    if (!batch_key.empty()) {
      issue.meta.idempotency_key = Concat(batch_key, "#", i);
      issue.meta.response_bytes = issue.certificate.SerializeAsString();
    }
    writes.push_back(std::move(issue));
    write_index.push_back(i);
  }
  SB_ASSIGN_OR_RETURN(auto outcomes, store_.IssueCertificates(writes));

  // One result per item, in request order.
  std::vector<std::optional<v1::Certificate>> issued(prepared.size());
  for (size_t k = 0; k < writes.size(); ++k) {
    const size_t i = static_cast<size_t>(write_index[k]);
    const absl::StatusOr<WriteOutcome>& outcome = outcomes[k];
    if (!outcome.ok()) {
      prepared[i].status = outcome.status();
    } else if (outcome->replayed) {
      v1::Certificate earlier;
      if (!earlier.ParseFromString(outcome->replay_bytes)) {
        return absl::DataLossError("stored idempotent certificate does not parse");
      }
      issued[i] = std::move(earlier);
    } else {
      issued[i] = std::move(writes[k].certificate);
    }
  }
  for (int i = 0; i < count; ++i) {
    std::optional<v1::Certificate>& certificate = issued[static_cast<size_t>(i)];
    const absl::Status status = certificate.has_value() ? absl::OkStatus() : prepared[static_cast<size_t>(i)].status;
    AddItemResult(call, response, i, status, [&certificate](v1::BatchIssueResult* result) {
      *result->mutable_certificate() = *std::move(certificate);
    });
  }
  if (!batch_key.empty()) {
    SB_RETURN_IF_ERROR(store_.SaveIdempotent(batch_key, response->SerializeAsString()));
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::GetCertificate(const CallContext& call, const v1::GetCertificateRequest& request,
                                                v1::GetCertificateResponse* response) {
  SB_RETURN_IF_ERROR(ParseCertificateNumber(request.number(), "number").status());
  SB_ASSIGN_OR_RETURN(auto stored, LoadCertificate(store_, request.number()));
  const common::v1::OrgRef& issuer = stored.record.issuer();
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, issuer.credit_code(), issuer.district_code()));
  *response->mutable_certificate() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListCertificates(const CallContext& call, const v1::ListCertificatesRequest& request,
                                                  v1::ListCertificatesResponse* response) {
  FieldViolations violations;
  CertificateFilter filter;
  CheckIdNumberFilter(request.id_number(), "id_number", violations, &filter.id_number);
  CheckOptionalCreditCode(request.issuer_credit_code(), "issuer_credit_code", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.level(), common::v1::SkillLevel_IsValid, /*required=*/false, "level", "a skill level", violations);
  CheckEnum(request.type(), v1::CertificateType_IsValid, /*required=*/false, "type", "a certificate type", violations);
  CheckEnum(request.status(), v1::CertificateStatus_IsValid, /*required=*/false, "status", "a certificate status",
            violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.issuer_credit_code = request.issuer_credit_code();
  filter.district_code = request.district_code();
  filter.year = request.year();
  filter.level = request.level();
  filter.type = request.type();
  filter.status = request.status();
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.issuer_credit_code));
  const std::string fingerprint =
      Concat("certs|", filter.id_number, "|", filter.issuer_credit_code, "|", filter.district_code, "|", filter.year,
             "|", filter.level, "|", filter.type, "|", filter.status);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCertificates(filter, cursor, page_size); }, response,
      [response] { return response->add_certificates(); });
}

absl::Status EvaluationHandlers::RevokeCertificate(const CallContext& call, const v1::RevokeCertificateRequest& request,
                                                   v1::RevokeCertificateResponse* response) {
  FieldViolations violations;
  CheckCertificateNumber(request.number(), violations);
  CheckReason(request.reason(), "reason", violations);
  CheckRequestId(request.request_id(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, IdempotencyKey(call, request.request_id()), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(auto stored, LoadCertificate(store_, request.number()));
  const v1::Certificate& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.issuer().district_code()));
  if (current.status() == v1::CERTIFICATE_STATUS_REVOKED) {
    return FailedPreconditionError("CERTIFICATE_ALREADY_REVOKED",
                                   Concat("certificate ", request.number(), " is already revoked"));
  }
  v1::Certificate& revoked = *response->mutable_certificate();
  revoked = current;
  revoked.set_status(v1::CERTIFICATE_STATUS_REVOKED);
  revoked.set_revoke_reason(request.reason());
  SetTimestamp(call.now, revoked.mutable_revoke_time());
  revoked.set_version(current.version() + 1);
  const MutationMeta meta = MetaFor(call, names::Certificate(request.number()), request.request_id(), *response);
  return FinishMutation(store_.RevokeCertificate(stored, revoked, CertificateRevokedEvent(revoked, call.now), meta),
                        response);
}

absl::Status EvaluationHandlers::VerifyCertificate(const CallContext& /*call*/,
                                                   const v1::VerifyCertificateRequest& request,
                                                   v1::VerifyCertificateResponse* response) {
  FieldViolations violations;
  CheckCertificateNumber(request.number(), violations);
  absl::StatusOr<CitizenId> id = ParseCitizenId(request.id_number(), "id_number");
  violations.AddStatus(id.status(), "id_number");
  CheckText(request.name(), "name", /*required=*/true, kMaxPersonNameChars, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(auto stored, store_.GetCertificate(request.number()));
  // Nothing but NOT_FOUND unless number, ID number and name all match.
  if (!stored.has_value() || stored->record.person().id_number() != id->number ||
      stored->record.person().name() != request.name()) {
    response->set_result(v1::VERIFICATION_RESULT_NOT_FOUND);
    return absl::OkStatus();
  }
  const v1::Certificate& cert = stored->record;
  response->set_result(cert.status() == v1::CERTIFICATE_STATUS_VALID ? v1::VERIFICATION_RESULT_VALID
                                                                     : v1::VERIFICATION_RESULT_REVOKED);
  response->set_type(cert.type());
  response->set_occupation_code(cert.occupation_code());
  response->set_occupation_name(cert.occupation_name());
  response->set_level(cert.level());
  *response->mutable_issue_date() = cert.issue_date();
  return absl::OkStatus();
}

}  // namespace skillbridge::evaluation

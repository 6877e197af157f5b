// Certificates: issuing one or a batch, reading, listing, revocation and verification.

#include <algorithm>
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
#include "services/evaluation/api/issuer_cache.h"
#include "services/evaluation/api/resource_names.h"
#include "services/evaluation/domain/certificate_issuance.h"
#include "services/evaluation/domain/events.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

namespace {

// One draft on its way to the store: validated and its issuer checked — or the reason it was
// refused.
struct PreparedCertificate {
  absl::Status status;
  NormalizedDraft draft;
  IssuerCache::Entry issuer;
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

// The write of an accepted draft: the certificate as issued (its number drawn in the write when
// the draft has none), its event, and the issuer bytes the checks were made on.
absl::StatusOr<IssueItem> IssueItemFor(const CallContext& call, const PreparedCertificate& item) {
  const v1::EvaluationOrg& org = item.issuer->record;
  IssueItem issue;
  v1::Certificate& cert = issue.certificate;
  cert = item.draft.certificate;
  if (cert.number().empty()) {
    // The serial's place: the number for serial 1 tells the text around it.
    SB_ASSIGN_OR_RETURN(const std::string first, GenerateCertificateNumber(org, cert, item.draft.site_serial, 1));
    constexpr int kSerialDigits = 6;
    issue.serial = RedisSequence{keys::Serial(SerialSeries(org, cert, item.draft.site_serial)),
                                 SequenceMarker(first.size()),
                                 first.substr(0, first.size() - kSerialDigits),
                                 kSerialDigits,
                                 "",
                                 kMaxSerial,
                                 "CERTIFICATE_SERIALS_EXHAUSTED"};
    cert.set_number(issue.serial->marker);
  }
  *cert.mutable_issuer() = org.org();
  cert.set_version(1);
  SetTimestamp(call.now, cert.mutable_create_time());
  issue.event = CertificateIssuedEvent(cert, call.now);
  issue.issuer_bytes = item.issuer->bytes;
  return issue;
}

// The certificate as it was issued, from its stored record (a revocation since is undone in the
// copy): what a retried batch answers for an item its first call issued.
v1::Certificate AsIssued(v1::Certificate stored) {
  stored.set_status(v1::CERTIFICATE_STATUS_VALID);
  stored.clear_revoke_reason();
  stored.clear_revoke_time();
  stored.set_version(1);
  return stored;
}

// The names a stored certificate leaves out (evaluation_store.h): the occupation's from reference
// data, the issuer's from its current record (a renamed organisation shows its new name; a
// competition promotion certificate has none).
absl::Status FillNames(const ReferenceData& reference, IssuerCache& issuers, EvaluationStore& store,
                       v1::Certificate& certificate) {
  if (const Occupation* occupation = reference.FindOccupation(certificate.occupation_code()); occupation != nullptr) {
    certificate.set_occupation_name(occupation->name);
  }
  if (certificate.issuer().credit_code().empty()) {
    return absl::OkStatus();  // a competition promotion certificate: no issuing organisation
  }
  SB_ASSIGN_OR_RETURN(const IssuerCache::Entry issuer, issuers.Find(store, certificate.issuer().credit_code()));
  if (issuer != nullptr) {
    certificate.mutable_issuer()->set_name(issuer->record.org().name());
  }
  return absl::OkStatus();
}

bool IsOrgChanged(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && ReasonOf(status) == "ORG_CHANGED";
}

// Attempts of an issuing write whose issuer changed meanwhile (each with a fresh read).
constexpr int kIssueAttempts = 3;

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
  PreparedCertificate item;
  SB_ASSIGN_OR_RETURN(item.draft, ValidateDraft(request.certificate(), "certificate", ContextFor(call, *reference_)));
  const std::string idempotency_key = IdempotencyKey(call, request.request_id());
  // One round trip when the issuer is cached: the script replays a retry, draws the serial and
  // checks the issuer's record, the number and the person's uniqueness as it writes.
  for (int attempt = 1;; ++attempt) {
    SB_ASSIGN_OR_RETURN(item.issuer, issuers_.Find(store_, item.draft.issuer_credit_code));
    const absl::Status allowed =
        CheckIssuer(call, item.issuer ? &item.issuer->record : nullptr, item.draft, "certificate.number");
    if (!allowed.ok() && attempt == 1 && item.issuer != nullptr) {
      issuers_.Forget(item.draft.issuer_credit_code);  // never refuse on a cached record: read it again
      continue;
    }
    if (!allowed.ok()) {
      // A retry of a request issued before the issuer changed still gets its first answer.
      SB_ASSIGN_OR_RETURN(const bool replayed, ReplayIdempotent(store_, call, idempotency_key, response));
      return replayed ? absl::OkStatus() : allowed;
    }
    SB_ASSIGN_OR_RETURN(IssueItem issue, IssueItemFor(call, item));
    *response->mutable_certificate() = issue.certificate;
    issue.meta = MetaFor(call, names::Certificate(issue.certificate.number()), request.request_id(), *response);
    absl::StatusOr<WriteOutcome> outcome = store_.IssueCertificate(issue);
    if (!outcome.ok() && IsOrgChanged(outcome.status()) && attempt < kIssueAttempts) {
      issuers_.Forget(item.draft.issuer_credit_code);
      continue;
    }
    if (outcome.ok() && !outcome->replayed && issue.serial.has_value()) {
      response->mutable_certificate()->set_number(outcome->sequence_text);
    }
    return FinishMutation(call, outcome, response);
  }
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

  // Validate each item and check its issuer, read afresh once per call (a batch is worth the
  // read; the write still refuses an item whose issuer changed in between: ORG_CHANGED).
  const ValidationContext context = ContextFor(call, *reference_);
  std::map<std::string, IssuerCache::Entry> issuers;
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
    auto known = issuers.find(item.draft.issuer_credit_code);
    if (known == issuers.end()) {
      issuers_.Forget(item.draft.issuer_credit_code);
      SB_ASSIGN_OR_RETURN(IssuerCache::Entry issuer, issuers_.Find(store_, item.draft.issuer_credit_code));
      known = issuers.emplace(item.draft.issuer_credit_code, std::move(issuer)).first;
    }
    item.issuer = known->second;
    item.status =
        CheckIssuer(call, item.issuer ? &item.issuer->record : nullptr, item.draft, FieldPath(prefix, "number"));
  }

  // Write the accepted items chunk by chunk, over fixed request-index ranges so that a retry meets
  // the same chunks: each chunk is one script call with one idempotency record and one audit entry.
  std::vector<std::optional<v1::Certificate>> issued(prepared.size());
  std::vector<std::string> replayed_numbers;
  std::vector<int> replayed_index;
  const int chunk_size = static_cast<int>(EvaluationStore::kIssueChunk);
  for (int begin = 0; begin < count; begin += chunk_size) {
    const int end = std::min(count, begin + chunk_size);
    std::vector<IssueItem> writes;
    std::vector<int> labels;
    for (int i = begin; i < end; ++i) {
      PreparedCertificate& item = prepared[static_cast<size_t>(i)];
      if (!item.status.ok()) {
        continue;
      }
      absl::StatusOr<IssueItem> issue = IssueItemFor(call, item);
      if (!issue.ok()) {
        item.status = issue.status();
        continue;
      }
      writes.push_back(*std::move(issue));
      labels.push_back(i);
    }
    const std::string record_key = batch_key.empty() ? batch_key : Concat(batch_key, "#", begin);
    common::v1::AuditEntry audit = call.AuditEntryFor(names::kCertificates, request.request_id());
    audit.set_detail(Concat("items ", begin, "..", end - 1, " of ", count, ": ", writes.size(), " passed the checks"));
    SB_ASSIGN_OR_RETURN(IssueChunkOutcome chunk,
                        store_.IssueCertificateChunk(writes, labels, record_key, audit, call.request_fingerprint));
    if (chunk.replayed) {
      // A retry must send the same batch: other content under this request_id is refused (the
      // first chunk is the first write, so nothing has been written then).
      SB_RETURN_IF_ERROR(CheckSameRequest(call, chunk.recorded_fingerprint));
    }
    std::map<int, const IssueItem*> written;
    for (size_t k = 0; k < writes.size(); ++k) {
      written[labels[k]] = &writes[k];
    }
    for (auto& [index, outcome] : chunk.items) {
      if (index < begin || index >= end) {
        return absl::DataLossError("a batch record names an item outside its chunk");
      }
      PreparedCertificate& item = prepared[static_cast<size_t>(index)];
      if (!outcome.ok()) {
        item.status = outcome.status();
      } else if (chunk.replayed) {
        // The number the first call gave it: drawn then, or supplied by the request.
        replayed_numbers.push_back(outcome->sequence_text.empty() ? request.certificates(index).number()
                                                                  : outcome->sequence_text);
        replayed_index.push_back(index);
        item.status = absl::OkStatus();
      } else {
        v1::Certificate certificate = written.at(index)->certificate;
        if (!outcome->sequence_text.empty()) {
          certificate.set_number(outcome->sequence_text);
        }
        issued[static_cast<size_t>(index)] = std::move(certificate);
      }
    }
    if (chunk.replayed) {
      // An item the first call refused before writing but that passes now has no first result.
      std::map<int, bool> recorded;
      for (const auto& [index, outcome] : chunk.items) {
        recorded[index] = true;
      }
      for (int i = begin; i < end; ++i) {
        PreparedCertificate& item = prepared[static_cast<size_t>(i)];
        if (item.status.ok() && !recorded.contains(i)) {
          item.status =
              FailedPreconditionError("REQUEST_ID_REUSED",
                                      "the first call with this request_id did not write this item; send it again "
                                      "under a new request_id");
        }
      }
    }
  }
  // Items a retried chunk had issued: as they were issued.
  SB_ASSIGN_OR_RETURN(auto earlier, store_.GetCertificates(replayed_numbers));
  for (size_t k = 0; k < earlier.size(); ++k) {
    if (!earlier[k].has_value()) {
      return absl::DataLossError(Concat("certificate ", replayed_numbers[k], " of an earlier batch is missing"));
    }
    v1::Certificate certificate = AsIssued(*std::move(earlier[k]));
    SB_RETURN_IF_ERROR(FillNames(*reference_, issuers_, store_, certificate));
    issued[static_cast<size_t>(replayed_index[k])] = std::move(certificate);
  }

  // One result per item, in request order.
  for (int i = 0; i < count; ++i) {
    std::optional<v1::Certificate>& certificate = issued[static_cast<size_t>(i)];
    const absl::Status status = certificate.has_value() ? absl::OkStatus() : prepared[static_cast<size_t>(i)].status;
    AddItemResult(call, response, i, status, [&certificate](v1::BatchIssueResult* result) {
      *result->mutable_certificate() = *std::move(certificate);
    });
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
  return FillNames(*reference_, issuers_, store_, *response->mutable_certificate());
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
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCertificates(filter, cursor, page_size); }, response,
      [response] { return response->add_certificates(); }));
  for (v1::Certificate& certificate : *response->mutable_certificates()) {
    SB_RETURN_IF_ERROR(FillNames(*reference_, issuers_, store_, certificate));
  }
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::RevokeCertificate(const CallContext& call, const v1::RevokeCertificateRequest& request,
                                                   v1::RevokeCertificateResponse* response) {
  FieldViolations violations;
  CheckCertificateNumber(request.number(), violations);
  CheckReason(request.reason(), "reason", violations);
  CheckRequestId(request.request_id(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, call, IdempotencyKey(call, request.request_id()), response));
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
  SB_RETURN_IF_ERROR(FillNames(*reference_, issuers_, store_, revoked));
  const MutationMeta meta = MetaFor(call, names::Certificate(request.number()), request.request_id(), *response);
  return FinishMutation(
      call, store_.RevokeCertificate(stored, revoked, CertificateRevokedEvent(revoked, call.now), meta), response);
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
  if (const Occupation* occupation = reference_->FindOccupation(cert.occupation_code()); occupation != nullptr) {
    response->set_occupation_name(occupation->name);
  }
  response->set_level(cert.level());
  *response->mutable_issue_date() = cert.issue_date();
  return absl::OkStatus();
}

}  // namespace skillbridge::evaluation

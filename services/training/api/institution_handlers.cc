// Training institutions: CreateInstitution, UpdateInstitution (field mask), UpdateInstitutionContact,
// GetInstitution, ListInstitutions.

#include "common/auth/permissions.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/training/api/handler_support.h"
#include "services/training/api/resource_names.h"
#include "services/training/api/training_handlers.h"
#include "services/training/domain/events.h"
#include "services/training/domain/institution_contact.h"
#include "services/training/domain/institution_update.h"

namespace skillbridge::training {

namespace {

constexpr char kInstitutionKind[] = "an institution kind";
constexpr char kInstitutionStatus[] = "an institution status";

// The new values of the fields an UpdateInstitution names, under "institution.<path>".
void CheckMaskedValues(const ReferenceData& reference, const InstitutionMask& mask, const v1::Institution& values,
                       FieldViolations& violations) {
  const bool needs_reason = mask.Has(InstitutionField::kStatus) && StatusNeedsReason(values.status());
  for (const InstitutionField field : mask.fields) {
    const std::string path = Concat("institution.", InstitutionFieldPath(field));
    switch (field) {
      case InstitutionField::kName:
        CheckText(values.org().name(), path, /*required=*/true, kMaxOrgNameChars, violations);
        break;
      case InstitutionField::kKind:
        CheckEnum(values.kind(), v1::InstitutionKind_IsValid, /*required=*/true, path, kInstitutionKind, violations);
        break;
      case InstitutionField::kStatus:
        CheckEnum(values.status(), v1::InstitutionStatus_IsValid, /*required=*/true, path, kInstitutionStatus,
                  violations);
        if (needs_reason && !mask.Has(InstitutionField::kStatusReason)) {
          violations.Add("institution.status_reason",
                         Concat("a reason is required to make an institution ",
                                v1::InstitutionStatus_Name(values.status()), ": name status_reason in update_mask"));
        }
        break;
      case InstitutionField::kStatusReason:
        CheckText(values.status_reason(), path, /*required=*/needs_reason, kMaxReasonChars, violations);
        break;
      case InstitutionField::kApprovedOccupations:
        CheckApprovedOccupations(reference, values.approved_occupation_codes(), path, violations);
        break;
      case InstitutionField::kContactName:
        CheckText(values.contact_name(), path, /*required=*/false, kMaxContactNameChars, violations);
        break;
      case InstitutionField::kContactPhone:
        violations.AddStatus(ValidateContactPhone(values.contact_phone(), path, /*required=*/false), path);
        break;
      case InstitutionField::kAddress:
        CheckText(values.address(), path, /*required=*/false, kMaxAddressChars, violations);
        break;
      case InstitutionField::kContactEmail:
        violations.AddStatus(ValidateContactEmail(values.contact_email(), path), path);
        break;
    }
  }
}

}  // namespace

absl::Status TrainingHandlers::CreateInstitution(const CallContext& call, const v1::CreateInstitutionRequest& request,
                                                 v1::CreateInstitutionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  common::v1::OrgRef org;
  CheckOrgRef(request.org(), "org", *reference_, violations, &org);
  CheckEnum(request.kind(), v1::InstitutionKind_IsValid, /*required=*/true, "kind", kInstitutionKind, violations);
  CheckEnum(request.status(), v1::InstitutionStatus_IsValid, /*required=*/false, "status", kInstitutionStatus,
            violations);
  CheckApprovedOccupations(*reference_, request.approved_occupation_codes(), "approved_occupation_codes", violations);
  const InstitutionContact contact{request.contact_name(), request.contact_phone(), request.address(),
                                   request.contact_email()};
  ValidateInstitutionContact(contact, /*name_and_phone_required=*/false, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, org.credit_code(), org.district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  v1::Institution& institution = *response->mutable_institution();
  *institution.mutable_org() = org;
  institution.set_kind(request.kind());
  if (call.principal.role == common::v1::ROLE_INSTITUTION) {
    institution.set_status(v1::INSTITUTION_STATUS_PENDING);  // submitted for itself; approved by the district
  } else {
    institution.set_status(request.status() == v1::INSTITUTION_STATUS_UNSPECIFIED ? v1::INSTITUTION_STATUS_ACTIVE
                                                                                  : request.status());
  }
  *institution.mutable_approved_occupation_codes() = request.approved_occupation_codes();
  ReplaceInstitutionContact(contact, &institution);
  SetTimestamp(call.now, institution.mutable_create_time());
  SetTimestamp(call.now, institution.mutable_update_time());
  institution.set_version(1);
  const MutationMeta meta = MetaFor(call, names::Institution(org.credit_code()), request.request_id(), *response);
  return FinishMutation(
      call, store_.CreateInstitution(institution, InstitutionChangedEvent(institution, call.now), meta), response);
}

absl::Status TrainingHandlers::UpdateInstitution(const CallContext& call, const v1::UpdateInstitutionRequest& request,
                                                 v1::UpdateInstitutionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckCreditCode(request.credit_code(), "credit_code", violations);
  if (!request.has_institution()) {
    violations.Add("institution", "the new values of the fields update_mask names are required");
  }
  const InstitutionMask mask = ReadInstitutionMask(request.update_mask(), violations);
  CheckMaskedValues(*reference_, mask, request.institution(), violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Institution> stored, LoadInstitution(store_, request.credit_code()));
  const v1::Institution& current = stored.record;
  const std::string resource = names::Institution(request.credit_code());
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.org().district_code()));
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), request.expected_version(), resource));
  v1::Institution& updated = *response->mutable_institution();
  updated = current;
  ApplyInstitutionMask(mask, request.institution(), updated);
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, resource, request.request_id(), *response);
  return FinishMutation(
      call, store_.UpdateInstitution(stored, updated, InstitutionChangedEvent(updated, call.now), meta), response);
}

absl::Status TrainingHandlers::UpdateInstitutionContact(const CallContext& call,
                                                        const v1::UpdateInstitutionContactRequest& request,
                                                        v1::UpdateInstitutionContactResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckCreditCode(request.credit_code(), "credit_code", violations);
  const InstitutionContact contact{request.contact_name(), request.contact_phone(), request.address(),
                                   request.contact_email()};
  ValidateInstitutionContact(contact, /*name_and_phone_required=*/true, violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Institution> stored, LoadInstitution(store_, request.credit_code()));
  const v1::Institution& current = stored.record;
  const std::string resource = names::Institution(request.credit_code());
  // The institution itself, the officer of its district, ADMIN.
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, current.org().credit_code(), current.org().district_code()));
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), request.expected_version(), resource));
  v1::Institution& updated = *response->mutable_institution();
  updated = current;
  ReplaceInstitutionContact(contact, &updated);
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, resource, request.request_id(), *response);
  return FinishMutation(
      call, store_.UpdateInstitution(stored, updated, InstitutionChangedEvent(updated, call.now), meta), response);
}

absl::Status TrainingHandlers::GetInstitution(const CallContext& call, const v1::GetInstitutionRequest& request,
                                              v1::GetInstitutionResponse* response) {
  FieldViolations violations;
  CheckCreditCode(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Institution> stored, LoadInstitution(store_, request.credit_code()));
  *response->mutable_institution() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListInstitutions(const CallContext& call, const v1::ListInstitutionsRequest& request,
                                                v1::ListInstitutionsResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.kind(), v1::InstitutionKind_IsValid, /*required=*/false, "kind", kInstitutionKind, violations);
  CheckEnum(request.status(), v1::InstitutionStatus_IsValid, /*required=*/false, "status", kInstitutionStatus,
            violations);
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  InstitutionFilter filter{request.district_code(), request.kind(), request.status(), request.occupation_code()};
  const std::string fingerprint = Concat("inst|", filter.district_code, "|", static_cast<int>(filter.kind), "|",
                                         static_cast<int>(filter.status), "|", filter.occupation_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListInstitutions(filter, cursor, page_size); }, response,
      [response] { return response->add_institutions(); });
}

}  // namespace skillbridge::training

// School–enterprise partnerships (校企合作: 一班一企 order classes, shared training bases,
// apprenticeships): CreatePartnership, GetPartnership, ListPartnerships, EndPartnership. Rules:
// domain/partnership_rules.h; writes: store/partnership_store.h. Scope: the school itself, its
// district officer and ADMIN create and end a school's partnerships; every role of the RPC table
// reads every partnership (no personal data).

#include <string>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/education/api/education_handlers.h"
#include "services/education/api/handler_support.h"
#include "services/education/api/resource_names.h"
#include "services/education/domain/partnership_rules.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/partnership_store.h"
#include "services/education/store/school_store.h"
#include "services/education/store/specialty_store.h"

namespace skillbridge::education {

namespace {

constexpr char kPartnershipId[] = "a partnership id";

absl::StatusOr<Stored<v1::Partnership>> LoadPartnership(PartnershipStore& store, std::string_view id) {
  return RequireRecord(store.GetPartnership(id),
                       NotFoundError(kReasonPartnershipNotFound, Concat("no partnership ", id)));
}

// The canonical credit code of an optional filter; "" when empty or invalid (a violation added).
std::string FilterCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  if (code.empty()) {
    return "";
  }
  absl::StatusOr<std::string> normalized = NormalizeCreditCode(code, field);
  if (!normalized.ok()) {
    violations.AddStatus(normalized.status(), field);
    return "";
  }
  return *std::move(normalized);
}

}  // namespace

absl::Status EducationHandlers::CreatePartnership(const CallContext& call, const v1::CreatePartnershipRequest& request,
                                                  v1::CreatePartnershipResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  v1::Partnership partnership;
  CheckPartnershipDraft(*reference_, request.partnership(), BureauYear(call.now), violations, &partnership);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const std::string& school_code = partnership.school_credit_code();
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school,
                      RequireRecord(schools.GetSchool(school_code),
                                    NotFoundError(kReasonSchoolNotFound, Concat("no school ", school_code))));
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, school_code, school.record.org().district_code()));
  SB_RETURN_IF_ERROR(CheckSchoolActive(school.record));
  if (!partnership.specialty_code().empty()) {
    SpecialtyStore specialties(store_.redis());
    SB_ASSIGN_OR_RETURN(const std::optional<Stored<v1::Specialty>> specialty,
                        specialties.GetSpecialty(school_code, partnership.specialty_code()));
    if (!specialty.has_value() || specialty->record.status() != v1::SPECIALTY_STATUS_ACTIVE) {
      return NotFoundError(kReasonSpecialtyNotFound, Concat("partnership.specialty_code: the school ", school_code,
                                                            " has no active specialty ", partnership.specialty_code()));
    }
  }
  const RedisSequence id = EducationStore::NewId(EducationStore::IdKind::kPartnership);
  partnership.set_id(id.marker);
  partnership.set_status(v1::PARTNERSHIP_STATUS_ACTIVE);
  partnership.set_district_code(school.record.org().district_code());
  SetTimestamp(call.now, partnership.mutable_create_time());
  SetTimestamp(call.now, partnership.mutable_update_time());
  partnership.set_version(1);
  *response->mutable_partnership() = partnership;
  MutationMeta meta = MetaFor(call, names::Partnership(partnership.id()), request.request_id(), *response);
  meta.id_sequence = id;
  PartnershipStore partnerships(store_.redis());
  return FinishMutationWithDrawnId(
      call, partnerships.CreatePartnership(partnership, PartnershipChangedEvent(partnership, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_partnership()->set_id(drawn); });
}

absl::Status EducationHandlers::GetPartnership(const CallContext& /*call*/, const v1::GetPartnershipRequest& request,
                                               v1::GetPartnershipResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", kPartnershipId, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  PartnershipStore partnerships(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::Partnership> stored, LoadPartnership(partnerships, request.id()));
  *response->mutable_partnership() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status EducationHandlers::ListPartnerships(const CallContext& /*call*/,
                                                 const v1::ListPartnershipsRequest& request,
                                                 v1::ListPartnershipsResponse* response) {
  FieldViolations violations;
  PartnershipFilter filter;
  filter.school_credit_code = FilterCode(request.school_credit_code(), "school_credit_code", violations);
  filter.enterprise_credit_code = FilterCode(request.enterprise_credit_code(), "enterprise_credit_code", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.kind(), v1::PartnershipKind_IsValid, /*required=*/false, "kind", "a partnership kind", violations);
  CheckEnum(request.status(), v1::PartnershipStatus_IsValid, /*required=*/false, "status", "a partnership status",
            violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.district_code = request.district_code();
  filter.kind = request.kind();
  filter.status = request.status();
  const std::string fingerprint =
      Concat("partnership|", filter.school_credit_code, "|", filter.enterprise_credit_code, "|", filter.district_code,
             "|", static_cast<int>(filter.kind), "|", static_cast<int>(filter.status));
  PartnershipStore partnerships(store_.redis());
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return partnerships.ListPartnerships(filter, cursor, page_size); }, response,
      [response] { return response->add_partnerships(); });
}

absl::Status EducationHandlers::EndPartnership(const CallContext& call, const v1::EndPartnershipRequest& request,
                                               v1::EndPartnershipResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kPartnershipId, violations);
  const int current_year = BureauYear(call.now);
  // The lower bound is the partnership's start year, checked once it is read.
  CheckEndYear(request.year(), kMinPartnershipYear, current_year, violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  PartnershipStore partnerships(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::Partnership> stored, LoadPartnership(partnerships, request.id()));
  const v1::Partnership& current = stored.record;
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, current.school_credit_code(), current.district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Partnership(current.id())));
  SB_RETURN_IF_ERROR(CheckPartnershipActive(current));
  CheckEndYear(request.year(), current.start_year(), current_year, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  v1::Partnership updated = current;
  updated.set_status(v1::PARTNERSHIP_STATUS_ENDED);
  updated.set_ended_year(request.year());
  updated.set_end_reason(request.reason());
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  *response->mutable_partnership() = updated;
  const MutationMeta meta = MetaFor(call, names::Partnership(updated.id()), request.request_id(), *response);
  return FinishMutation(
      call, partnerships.ChangePartnership(stored, updated, PartnershipChangedEvent(updated, call.now), meta),
      response);
}

}  // namespace skillbridge::education

// Technical schools (技工院校): RegisterSchool, GetSchool, ListSchools, UpdateSchool,
// RefreshSchoolFiling, CloseSchool. Rules: domain/school_rules.h; writes: store/school_store.h.
// The school's filing as a social evaluation organisation is asked of evaluation
// (client/evaluation_filing.h) before a registration or a refresh is written; when evaluation
// cannot answer nothing is written. Scope: the bureau registers, changes and closes schools (a
// district officer those of its district); a school refreshes its own filing; every role of the
// RPC table reads every school (no personal data).

#include <string>
#include <utility>

#include "common/auth/permissions.h"
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
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/school_store.h"
#include "services/education/store/specialty_store.h"

namespace skillbridge::education {

namespace {

// The credit code of a request naming a school (lower case accepted); "" with a violation added.
std::string SchoolCodeOf(std::string_view code, std::string_view field, FieldViolations& violations) {
  absl::StatusOr<std::string> normalized = NormalizeCreditCode(code, field);
  if (!normalized.ok()) {
    violations.AddStatus(normalized.status(), field);
    return "";
  }
  return *std::move(normalized);
}

absl::StatusOr<Stored<v1::School>> LoadSchool(SchoolStore& store, std::string_view code) {
  return RequireRecord(store.GetSchool(code), NotFoundError(kReasonSchoolNotFound, Concat("no school ", code)));
}

// The school as it becomes after a change at `now` (version + 1, update time).
v1::School Next(const v1::School& current, absl::Time now) {
  v1::School updated = current;
  updated.set_version(current.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  return updated;
}

}  // namespace

absl::Status EducationHandlers::RegisterSchool(const CallContext& call, const v1::RegisterSchoolRequest& request,
                                               v1::RegisterSchoolResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  v1::School school;
  CheckSchoolDraft(*reference_, request.school(), violations, &school);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, school.org().district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const std::string& code = school.org().credit_code();
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(const std::optional<Stored<v1::School>> existing, schools.GetSchool(code));
  if (existing.has_value()) {
    return AlreadyExistsError(kReasonSchoolExists, Concat("the school ", code, " is registered"));
  }
  SB_ASSIGN_OR_RETURN(const v1::FilingStatus filing, evaluation_->FilingOf(code, call.deadline));
  school.set_status(v1::SCHOOL_STATUS_ACTIVE);
  school.set_filing_status(filing);
  SetTimestamp(call.now, school.mutable_filing_checked_time());
  SetTimestamp(call.now, school.mutable_create_time());
  SetTimestamp(call.now, school.mutable_update_time());
  school.set_version(1);
  *response->mutable_school() = school;
  const MutationMeta meta = MetaFor(call, names::School(code), request.request_id(), *response);
  return FinishMutation(call, schools.CreateSchool(school, SchoolChangedEvent(school, call.now), meta), response);
}

absl::Status EducationHandlers::GetSchool(const CallContext& /*call*/, const v1::GetSchoolRequest& request,
                                          v1::GetSchoolResponse* response) {
  FieldViolations violations;
  const std::string code = SchoolCodeOf(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::School> stored, LoadSchool(schools, code));
  *response->mutable_school() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status EducationHandlers::ListSchools(const CallContext& /*call*/, const v1::ListSchoolsRequest& request,
                                            v1::ListSchoolsResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.kind(), v1::SchoolKind_IsValid, /*required=*/false, "kind", "a school kind", violations);
  CheckEnum(request.ownership(), v1::Ownership_IsValid, /*required=*/false, "ownership", "an ownership", violations);
  CheckEnum(request.status(), v1::SchoolStatus_IsValid, /*required=*/false, "status", "a school status", violations);
  CheckEnum(request.filing_status(), v1::FilingStatus_IsValid, /*required=*/false, "filing_status", "a filing status",
            violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const SchoolFilter filter{request.district_code(), request.kind(), request.ownership(), request.status(),
                            request.filing_status()};
  const std::string fingerprint = Concat("school|", filter.district_code, "|", static_cast<int>(filter.kind), "|",
                                         static_cast<int>(filter.ownership), "|", static_cast<int>(filter.status), "|",
                                         static_cast<int>(filter.filing_status));
  SchoolStore schools(store_.redis());
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return schools.ListSchools(filter, cursor, page_size); }, response,
      [response] { return response->add_schools(); });
}

absl::Status EducationHandlers::UpdateSchool(const CallContext& call, const v1::UpdateSchoolRequest& request,
                                             v1::UpdateSchoolResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const std::string code = SchoolCodeOf(request.credit_code(), "credit_code", violations);
  CheckSchoolUpdate(request, violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> stored, LoadSchool(schools, code));
  const v1::School& current = stored.record;
  SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, current.org().district_code()));
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), request.expected_version(), names::School(code)));
  SB_RETURN_IF_ERROR(CheckSchoolActive(current));
  std::optional<std::string> specialty_generation;
  if (request.kind() != current.kind()) {
    // A specialty written after this one landed is refused by the school's bytes; one written
    // between the check below and this write moves the generation, which this write is guarded on.
    SpecialtyStore specialties(store_.redis());
    SB_ASSIGN_OR_RETURN(specialty_generation, specialties.Generation(code));
    SB_ASSIGN_OR_RETURN(const std::vector<v1::Specialty> opened, specialties.SpecialtiesOf(code));
    for (const v1::Specialty& specialty : opened) {
      if (specialty.status() != v1::SPECIALTY_STATUS_ACTIVE) {
        continue;
      }
      if (const absl::Status trained = CheckLevelsTrained(request.kind(), specialty.levels(), "levels");
          !trained.ok()) {
        return FailedPreconditionError(
            kReasonLevelNotTrained,
            Concat("kind: a ", v1::SchoolKind_Name(request.kind()),
                   " does not train every level of the active specialty ", names::Specialty(code, specialty.code())));
      }
    }
  }
  v1::School updated = Next(current, call.now);
  updated.mutable_org()->set_name(request.name());
  updated.set_kind(request.kind());
  updated.set_ownership(request.ownership());
  updated.set_contact_name(request.contact_name());
  updated.set_contact_phone(request.contact_phone());
  *response->mutable_school() = updated;
  const MutationMeta meta = MetaFor(call, names::School(code), request.request_id(), *response);
  return FinishMutation(
      call, schools.ChangeSchool(stored, updated, SchoolChangedEvent(updated, call.now), meta, specialty_generation),
      response);
}

absl::Status EducationHandlers::RefreshSchoolFiling(const CallContext& call,
                                                    const v1::RefreshSchoolFilingRequest& request,
                                                    v1::RefreshSchoolFilingResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const std::string code = SchoolCodeOf(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> stored, LoadSchool(schools, code));
  const v1::School& current = stored.record;
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, code, current.org().district_code()));
  SB_ASSIGN_OR_RETURN(const v1::FilingStatus filing, evaluation_->FilingOf(code, call.deadline));
  v1::School updated = Next(current, call.now);
  updated.set_filing_status(filing);
  SetTimestamp(call.now, updated.mutable_filing_checked_time());
  *response->mutable_school() = updated;
  const MutationMeta meta = MetaFor(call, names::School(code), request.request_id(), *response);
  return FinishMutation(call, schools.ChangeSchool(stored, updated, SchoolChangedEvent(updated, call.now), meta),
                        response);
}

absl::Status EducationHandlers::CloseSchool(const CallContext& call, const v1::CloseSchoolRequest& request,
                                            v1::CloseSchoolResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const std::string code = SchoolCodeOf(request.credit_code(), "credit_code", violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SchoolStore schools(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> stored, LoadSchool(schools, code));
  const v1::School& current = stored.record;
  SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, current.org().district_code()));
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), request.expected_version(), names::School(code)));
  SB_RETURN_IF_ERROR(CheckSchoolActive(current));
  v1::School updated = Next(current, call.now);
  updated.set_status(v1::SCHOOL_STATUS_CLOSED);
  updated.set_close_reason(request.reason());
  *response->mutable_school() = updated;
  const MutationMeta meta = MetaFor(call, names::School(code), request.request_id(), *response);
  return FinishMutation(call, schools.ChangeSchool(stored, updated, SchoolChangedEvent(updated, call.now), meta),
                        response);
}

}  // namespace skillbridge::education

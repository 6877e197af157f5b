// Specialties (专业): CreateSpecialty, GetSpecialty, ListSpecialties, UpdateSpecialty,
// SetSpecialtyFeatured, CloseSpecialty. Rules: domain/specialty_rules.h (levels by school kind:
// domain/school_rules.h); writes: store/specialty_store.h. Scope: the school itself, its district
// officer and ADMIN open, change and close a school's specialties; the city bureau (ADMIN)
// designates featured brand specialties; every role of the RPC table reads every specialty.
// enrolled_count is filled from the student part's load counters on every specialty returned.

#include <string>
#include <utility>
#include <vector>

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
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/keys.h"
#include "services/education/store/school_store.h"
#include "services/education/store/specialty_store.h"

namespace skillbridge::education {

namespace {

// A specialty named by a request: the school's credit code (lower case accepted) and the code.
struct SpecialtyName {
  std::string school;
  std::string code;
};

SpecialtyName CheckSpecialtyName(std::string_view school, std::string_view code, FieldViolations& violations) {
  SpecialtyName name;
  absl::StatusOr<std::string> normalized = NormalizeCreditCode(school, "school_credit_code");
  if (normalized.ok()) {
    name.school = *std::move(normalized);
  } else {
    violations.AddStatus(normalized.status(), "school_credit_code");
  }
  CheckCatalogueCode(code, "code", violations);
  name.code = std::string(code);
  return name;
}

absl::StatusOr<Stored<v1::School>> LoadSchool(RedisClient& redis, std::string_view code) {
  SchoolStore schools(redis);
  return RequireRecord(schools.GetSchool(code), NotFoundError(kReasonSchoolNotFound, Concat("no school ", code)));
}

absl::StatusOr<Stored<v1::Specialty>> LoadSpecialty(SpecialtyStore& store, const SpecialtyName& name) {
  return RequireRecord(
      store.GetSpecialty(name.school, name.code),
      NotFoundError(kReasonSpecialtyNotFound, Concat("no specialty ", name.code, " at ", name.school)));
}

// The specialty as it becomes after a change at `now` (version + 1, update time).
v1::Specialty Next(const v1::Specialty& current, absl::Time now) {
  v1::Specialty updated = current;
  updated.set_version(current.version() + 1);
  SetTimestamp(now, updated.mutable_update_time());
  return updated;
}

// A specialty changed through `change` (its school's scope already checked): written, and the
// response's specialty filled with the enrolled count.
template <typename Response>
absl::Status WriteChange(const CallContext& call, SpecialtyStore& specialties, const std::string& request_id,
                         SpecialtyChange& change, Response* response) {
  v1::Specialty& answer = *response->mutable_specialty();
  answer = change.updated;
  SB_ASSIGN_OR_RETURN(const int64_t enrolled, specialties.EnrolledCount(answer.school_credit_code(), answer.code()));
  answer.set_enrolled_count(enrolled);
  const MutationMeta meta =
      MetaFor(call, names::Specialty(answer.school_credit_code(), answer.code()), request_id, *response);
  return FinishMutation(
      call, specialties.ChangeSpecialty(change, SpecialtyChangedEvent(change.updated, call.now), meta), response);
}

}  // namespace

absl::Status EducationHandlers::CreateSpecialty(const CallContext& call, const v1::CreateSpecialtyRequest& request,
                                                v1::CreateSpecialtyResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  v1::Specialty specialty;
  CheckSpecialtyDraft(*reference_, request.specialty(), BureauYear(call.now), violations, &specialty);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const std::string& code = specialty.school_credit_code();
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadSchool(store_.redis(), code));
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, code, school.record.org().district_code()));
  SB_RETURN_IF_ERROR(CheckSchoolActive(school.record));
  SB_RETURN_IF_ERROR(CheckLevelsTrained(school.record.kind(), specialty.levels(), "specialty.levels"));
  specialty.set_status(v1::SPECIALTY_STATUS_ACTIVE);
  specialty.set_district_code(school.record.org().district_code());
  SetTimestamp(call.now, specialty.mutable_create_time());
  SetTimestamp(call.now, specialty.mutable_update_time());
  specialty.set_version(1);
  *response->mutable_specialty() = specialty;
  const MutationMeta meta = MetaFor(call, names::Specialty(code, specialty.code()), request.request_id(), *response);
  SpecialtyStore specialties(store_.redis());
  return FinishMutation(
      call, specialties.CreateSpecialty(specialty, school.bytes, SpecialtyChangedEvent(specialty, call.now), meta),
      response);
}

absl::Status EducationHandlers::GetSpecialty(const CallContext& /*call*/, const v1::GetSpecialtyRequest& request,
                                             v1::GetSpecialtyResponse* response) {
  FieldViolations violations;
  const SpecialtyName name = CheckSpecialtyName(request.school_credit_code(), request.code(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SpecialtyStore specialties(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::Specialty> stored, LoadSpecialty(specialties, name));
  SB_RETURN_IF_ERROR(specialties.FillEnrolledCounts({&stored.record}));
  *response->mutable_specialty() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status EducationHandlers::ListSpecialties(const CallContext& /*call*/, const v1::ListSpecialtiesRequest& request,
                                                v1::ListSpecialtiesResponse* response) {
  FieldViolations violations;
  SpecialtyFilter filter;
  if (!request.school_credit_code().empty()) {
    absl::StatusOr<std::string> school = NormalizeCreditCode(request.school_credit_code(), "school_credit_code");
    if (school.ok()) {
      filter.school_credit_code = *std::move(school);
    } else {
      violations.AddStatus(school.status(), "school_credit_code");
    }
  }
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  if (request.industry_chain_code() != keys::kNoChain) {
    CheckIndustryChain(*reference_, request.industry_chain_code(), "industry_chain_code", violations);
  }
  CheckEnum(request.status(), v1::SpecialtyStatus_IsValid, /*required=*/false, "status", "a specialty status",
            violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.district_code = request.district_code();
  filter.industry_chain_code = request.industry_chain_code();
  filter.status = request.status();
  filter.featured_only = request.featured_only();
  const std::string fingerprint =
      Concat("specialty|", filter.school_credit_code, "|", filter.district_code, "|", filter.industry_chain_code, "|",
             static_cast<int>(filter.status), "|", filter.featured_only ? 1 : 0);
  SpecialtyStore specialties(store_.redis());
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return specialties.ListSpecialties(filter, cursor, page_size); }, response,
      [response] { return response->add_specialties(); });
}

absl::Status EducationHandlers::UpdateSpecialty(const CallContext& call, const v1::UpdateSpecialtyRequest& request,
                                                v1::UpdateSpecialtyResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const SpecialtyName name = CheckSpecialtyName(request.school_credit_code(), request.code(), violations);
  CheckSpecialtyUpdate(*reference_, request, violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SpecialtyStore specialties(store_.redis());
  SpecialtyChange change;
  SB_ASSIGN_OR_RETURN(change.old, LoadSpecialty(specialties, name));
  const v1::Specialty& current = change.old.record;
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, name.school, current.district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Specialty(name.school, name.code)));
  SB_RETURN_IF_ERROR(CheckSpecialtyActive(current));
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadSchool(store_.redis(), name.school));
  SB_RETURN_IF_ERROR(CheckLevelsTrained(school.record.kind(), request.levels(), "levels"));
  change.school_bytes = school.bytes;
  change.removed_levels = RemovedLevels(current.levels(), request.levels());
  change.updated = Next(current, call.now);
  change.updated.set_name(request.name());
  change.updated.set_industry_chain_code(request.industry_chain_code());
  *change.updated.mutable_levels() = request.levels();
  return WriteChange(call, specialties, request.request_id(), change, response);
}

absl::Status EducationHandlers::SetSpecialtyFeatured(const CallContext& call,
                                                     const v1::SetSpecialtyFeaturedRequest& request,
                                                     v1::SetSpecialtyFeaturedResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const SpecialtyName name = CheckSpecialtyName(request.school_credit_code(), request.code(), violations);
  const int current_year = BureauYear(call.now);
  if (request.featured() && (request.year() < kMinFeaturedYear || request.year() > current_year)) {
    violations.Add("year", Concat("the year of the designation, from ", kMinFeaturedYear, " to ", current_year,
                                  " (the current year), is required"));
  } else if (!request.featured() && request.year() != 0) {
    violations.Add("year", "withdrawing the designation takes no year");
  }
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SpecialtyStore specialties(store_.redis());
  SpecialtyChange change;
  SB_ASSIGN_OR_RETURN(change.old, LoadSpecialty(specialties, name));
  const v1::Specialty& current = change.old.record;
  SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, current.district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Specialty(name.school, name.code)));
  if (request.featured()) {
    SB_RETURN_IF_ERROR(CheckSpecialtyActive(current));
  }
  change.updated = Next(current, call.now);
  change.updated.set_featured(request.featured());
  change.updated.set_featured_year(request.featured() ? request.year() : 0);
  return WriteChange(call, specialties, request.request_id(), change, response);
}

absl::Status EducationHandlers::CloseSpecialty(const CallContext& call, const v1::CloseSpecialtyRequest& request,
                                               v1::CloseSpecialtyResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const SpecialtyName name = CheckSpecialtyName(request.school_credit_code(), request.code(), violations);
  const int current_year = BureauYear(call.now);
  // The lower bound is the specialty's opened year, checked once it is read.
  if (request.year() < kMinOpenedYear || request.year() > current_year + 1) {
    violations.Add("year", Concat("a year from the opened year to ", current_year + 1, " is required"));
  }
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SpecialtyStore specialties(store_.redis());
  SpecialtyChange change;
  SB_ASSIGN_OR_RETURN(change.old, LoadSpecialty(specialties, name));
  const v1::Specialty& current = change.old.record;
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, name.school, current.district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Specialty(name.school, name.code)));
  SB_RETURN_IF_ERROR(CheckSpecialtyActive(current));
  if (request.year() < current.opened_year()) {
    violations.Add("year", Concat("a year from the opened year ", current.opened_year(), " to ", current_year + 1,
                                  " is required"));
    return violations.ToStatus();
  }
  change.closing = true;
  change.updated = Next(current, call.now);
  change.updated.set_status(v1::SPECIALTY_STATUS_CLOSED);
  change.updated.set_closed_year(request.year());
  change.updated.set_close_reason(request.reason());
  return WriteChange(call, specialties, request.request_id(), change, response);
}

}  // namespace skillbridge::education

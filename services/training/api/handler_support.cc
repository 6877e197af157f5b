#include "services/training/api/handler_support.h"

#include <set>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/training/store/keys.h"

namespace skillbridge::training {

std::string IdempotencyKey(const CallContext& call, std::string_view request_id) {
  return IdempotencyKeyFor(keys::kPrefix, call, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

common::v1::Date Today(const CallContext& call) { return ToDate(BureauDay(call.now)); }

absl::Status InstitutionNotFound(std::string_view credit_code) {
  return NotFoundError("INSTITUTION_NOT_FOUND", Concat("no training institution with credit code ", credit_code));
}

absl::StatusOr<Stored<v1::Institution>> LoadInstitution(TrainingStore& store, std::string_view credit_code) {
  return RequireRecord(store.GetInstitution(credit_code), InstitutionNotFound(credit_code));
}

absl::StatusOr<Stored<v1::Course>> LoadCourse(TrainingStore& store, std::string_view id) {
  return RequireRecord(store.GetStoredCourse(id), NotFoundError("COURSE_NOT_FOUND", Concat("no course ", id)));
}

absl::StatusOr<Stored<v1::Enrollment>> LoadEnrollment(TrainingStore& store, std::string_view id) {
  return RequireRecord(store.GetEnrollment(id), NotFoundError("ENROLLMENT_NOT_FOUND", Concat("no enrolment ", id)));
}

absl::StatusOr<Stored<v1::SubsidyClaim>> LoadClaim(TrainingStore& store, std::string_view id) {
  return RequireRecord(store.GetClaim(id), NotFoundError("CLAIM_NOT_FOUND", Concat("no subsidy claim ", id)));
}

absl::Status CheckEnrollmentScope(const Principal& principal, const v1::Enrollment& enrollment) {
  return CheckOrgScope(principal, enrollment.institution_credit_code(), enrollment.district_code());
}

absl::StatusOr<std::optional<int64_t>> CatalogueStandard(TrainingStore& store, int year, std::string_view occupation,
                                                         common::v1::SkillLevel level) {
  SB_ASSIGN_OR_RETURN(const auto entry, store.GetCatalogEntry(year, occupation, level));
  if (!entry.has_value() || entry->record.withdrawn()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(entry->record.subsidy_fen());
}

void CheckApprovedOccupations(const ReferenceData& reference,
                              const google::protobuf::RepeatedPtrField<std::string>& codes, std::string_view field,
                              FieldViolations& violations) {
  if (codes.size() > kMaxApprovedOccupations) {
    violations.Add(std::string(field), Concat("at most ", kMaxApprovedOccupations, " occupations"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < codes.size(); ++i) {
    const std::string item = Concat(field, "[", i, "]");
    CheckOccupation(reference, codes.Get(i), item, violations);
    if (!seen.insert(codes.Get(i)).second) {
      violations.Add(item, "listed twice");
    }
  }
}

void CheckCatalogueYear(int year, std::string_view field, FieldViolations& violations) {
  if (year < kMinCatalogueYear || year > kMaxYear) {
    violations.Add(std::string(field), Concat("a year from ", kMinCatalogueYear, " to ", kMaxYear, " is required"));
  }
}

PersonOrgFilter ReadPersonOrgFilter(const ReferenceData& reference, const std::string& id_number,
                                    const std::string& institution_credit_code, const std::string& district_code,
                                    int year, FieldViolations& violations) {
  PersonOrgFilter filter;
  if (!id_number.empty()) {
    absl::StatusOr<CitizenId> id = ParseCitizenId(id_number, "id_number");
    if (id.ok()) {
      filter.id_number = id->number;
    } else {
      violations.AddStatus(id.status(), "id_number");
    }
  }
  CheckOptionalCreditCode(institution_credit_code, "institution_credit_code", violations);
  CheckDistrict(reference, district_code, "district_code", /*required=*/false, violations);
  CheckYearFilter(year, "year", violations);
  filter.institution_credit_code = institution_credit_code;
  filter.district_code = district_code;
  filter.year = year;
  return filter;
}

absl::Status ScopePersonOrgFilter(const Principal& principal, PersonOrgFilter& filter) {
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(principal, &filter.district_code));
  return ScopeInstitutionFilter(principal, &filter.institution_credit_code);
}

}  // namespace skillbridge::training

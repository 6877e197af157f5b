#include "services/education/api/handler_support.h"

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

std::string IdempotencyKey(const CallContext& call, std::string_view request_id) {
  return IdempotencyKeyFor(keys::kPrefix, call, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const google::protobuf::Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

absl::Status CheckSchoolScope(const Principal& principal, std::string_view school_credit_code,
                              std::string_view district_code) {
  if (principal.role == common::v1::ROLE_SERVICE) {
    return PermissionDeniedError("OUT_OF_SCOPE", "a service does not act for schools");
  }
  return CheckOrgScope(principal, school_credit_code, district_code);
}

absl::Status CheckBureauScope(const Principal& principal, std::string_view district_code) {
  if (principal.role != common::v1::ROLE_ADMIN && principal.role != common::v1::ROLE_DISTRICT_OFFICER) {
    return PermissionDeniedError("OUT_OF_SCOPE", "only the bureau decides");
  }
  return CheckDistrictScope(principal, district_code);
}

absl::Status CheckStudentReadScope(const Principal& principal, std::string_view school_credit_code,
                                   std::string_view district_code) {
  return CheckOrgReadScope(principal, school_credit_code, district_code);
}

void MaskPersonFor(const Principal& principal, common::v1::PersonRef& person) {
  if (!MaySeePersonalData(principal)) {
    person.set_id_number(MaskCitizenId(person.id_number()));
  }
}

common::v1::Date TodayOf(const CallContext& call) { return ToDate(BureauDay(call.now)); }

}  // namespace skillbridge::education

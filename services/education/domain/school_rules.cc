#include "services/education/domain/school_rules.h"

#include <string>

#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/request_fields.h"

namespace skillbridge::education {

bool KindTrains(v1::SchoolKind kind, v1::TrainingLevel level) {
  switch (kind) {
    case v1::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      return level == v1::TRAINING_LEVEL_INTERMEDIATE || level == v1::TRAINING_LEVEL_SENIOR ||
             level == v1::TRAINING_LEVEL_PRE_TECHNICIAN;
    case v1::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      return level == v1::TRAINING_LEVEL_INTERMEDIATE || level == v1::TRAINING_LEVEL_SENIOR;
    case v1::SCHOOL_KIND_TECHNICAL_SCHOOL:
      return level == v1::TRAINING_LEVEL_INTERMEDIATE;
    default:
      return false;
  }
}

void CheckSchoolContact(std::string_view name, std::string_view phone, std::string_view prefix,
                        FieldViolations& violations) {
  CheckText(name, FieldPath(prefix, "contact_name"), /*required=*/false, kMaxContactNameChars, violations);
  if (phone.size() > static_cast<size_t>(kMaxContactPhoneChars) ||
      phone.find_first_not_of("0123456789+- ") != std::string_view::npos) {
    violations.Add(FieldPath(prefix, "contact_phone"),
                   Concat("at most ", kMaxContactPhoneChars, " characters of digits, '+', '-' and spaces"));
  }
}

void CheckSchoolDraft(const ReferenceData& reference, const v1::School& draft, FieldViolations& violations,
                      v1::School* normalized) {
  common::v1::OrgRef org;
  CheckOrgRef(draft.org(), "school.org", reference, violations, &org);
  CheckEnum(draft.kind(), v1::SchoolKind_IsValid, /*required=*/true, "school.kind", "a school kind", violations);
  CheckEnum(draft.ownership(), v1::Ownership_IsValid, /*required=*/true, "school.ownership", "an ownership",
            violations);
  CheckSchoolContact(draft.contact_name(), draft.contact_phone(), "school", violations);
  if (normalized == nullptr) {
    return;
  }
  normalized->Clear();
  *normalized->mutable_org() = org;
  normalized->set_kind(draft.kind());
  normalized->set_ownership(draft.ownership());
  normalized->set_contact_name(draft.contact_name());
  normalized->set_contact_phone(draft.contact_phone());
}

void CheckSchoolUpdate(const v1::UpdateSchoolRequest& request, FieldViolations& violations) {
  CheckText(request.name(), "name", /*required=*/true, kMaxSchoolNameChars, violations);
  CheckEnum(request.kind(), v1::SchoolKind_IsValid, /*required=*/true, "kind", "a school kind", violations);
  CheckEnum(request.ownership(), v1::Ownership_IsValid, /*required=*/true, "ownership", "an ownership", violations);
  CheckSchoolContact(request.contact_name(), request.contact_phone(), "", violations);
}

absl::Status CheckSchoolActive(const v1::School& school) {
  if (school.status() != v1::SCHOOL_STATUS_ACTIVE) {
    return FailedPreconditionError(kReasonSchoolClosed,
                                   Concat("the school ", school.org().credit_code(), " is closed (学校已停办)"));
  }
  return absl::OkStatus();
}

int SchoolCount(const v1::School& school) { return school.status() == v1::SCHOOL_STATUS_ACTIVE ? 1 : 0; }

v1::EducationEvent SchoolChangedEvent(const v1::School& school, absl::Time now) {
  v1::EducationEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::SchoolChanged* changed = event.mutable_school_changed();
  changed->set_credit_code(school.org().credit_code());
  changed->set_name(school.org().name());
  changed->set_district_code(school.org().district_code());
  changed->set_kind(school.kind());
  changed->set_ownership(school.ownership());
  changed->set_status(school.status());
  changed->set_filing_status(school.filing_status());
  return event;
}

}  // namespace skillbridge::education

#include "common/validation/request_fields.h"

#include "common/reference/bureau_calendar.h"
#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "common/validation/codes.h"
#include "common/validation/credit_code.h"

namespace skillbridge {

std::string FieldPath(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : Concat(prefix, ".", field);
}

void CheckRequestId(std::string_view request_id, FieldViolations& violations) {
  violations.AddStatus(ValidateRequestId(request_id, "request_id"), "request_id");
}

void CheckText(std::string_view text, std::string_view field, bool required, int max_chars,
               FieldViolations& violations) {
  violations.AddStatus(ValidateText(text, field, required, max_chars), field);
}

void CheckReason(std::string_view reason, std::string_view field, FieldViolations& violations) {
  CheckText(reason, field, /*required=*/true, kMaxReasonChars, violations);
}

void CheckPerson(const common::v1::PersonRef& person, std::string_view prefix, FieldViolations& violations,
                 common::v1::PersonRef* normalized) {
  const std::string id_field = FieldPath(prefix, "id_number");
  absl::StatusOr<CitizenId> id = ParseCitizenId(person.id_number(), id_field);
  if (!id.ok()) {
    violations.AddStatus(id.status(), id_field);
  }
  CheckText(person.name(), FieldPath(prefix, "name"), /*required=*/true, kMaxPersonNameChars, violations);
  if (normalized != nullptr && id.ok()) {
    normalized->Clear();
    normalized->set_id_number(id->number);
    normalized->set_name(person.name());
    normalized->set_gender(id->male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
    normalized->mutable_birth_date()->set_year(id->birth_year);
    normalized->mutable_birth_date()->set_month(id->birth_month);
    normalized->mutable_birth_date()->set_day(id->birth_day);
  }
}

void CheckCreditCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  violations.AddStatus(ValidateCreditCode(code, field), field);
}

void CheckOptionalCreditCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  if (!code.empty()) {
    CheckCreditCode(code, field, violations);
  }
}

void CheckOrgRef(const common::v1::OrgRef& org, std::string_view prefix, const ReferenceData& reference,
                 FieldViolations& violations, common::v1::OrgRef* normalized) {
  const std::string code_field = FieldPath(prefix, "credit_code");
  absl::StatusOr<std::string> credit_code = NormalizeCreditCode(org.credit_code(), code_field);
  if (!credit_code.ok()) {
    violations.AddStatus(credit_code.status(), code_field);
  }
  CheckText(org.name(), FieldPath(prefix, "name"), /*required=*/true, kMaxOrgNameChars, violations);
  CheckDistrict(reference, org.district_code(), FieldPath(prefix, "district_code"), /*required=*/true, violations);
  if (normalized != nullptr && credit_code.ok()) {
    normalized->Clear();
    normalized->set_credit_code(*credit_code);
    normalized->set_name(org.name());
    normalized->set_district_code(org.district_code());
  }
}

void CheckDistrict(const ReferenceData& reference, std::string_view code, std::string_view field, bool required,
                   FieldViolations& violations) {
  if (code.empty()) {
    if (required) {
      violations.Add(std::string(field), "a district code is required");
    }
    return;
  }
  if (absl::Status format = ValidateDistrictCodeFormat(code, field); !format.ok()) {
    violations.AddStatus(format, field);
  } else if (reference.FindDistrict(code) == nullptr) {
    violations.Add(std::string(field), Concat("unknown district code ", code));
  }
}

const Occupation* CheckOccupation(const ReferenceData& reference, std::string_view code, std::string_view field,
                                  FieldViolations& violations) {
  if (absl::Status format = ValidateOccupationCodeFormat(code, field); !format.ok()) {
    violations.AddStatus(format, field);
    return nullptr;
  }
  const Occupation* occupation = reference.FindOccupation(code);
  if (occupation == nullptr) {
    violations.Add(std::string(field), Concat("unknown occupation code ", code));
  }
  return occupation;
}

void CheckOccupationLevel(const ReferenceData& reference, const Occupation* occupation, common::v1::SkillLevel level,
                          std::string_view field, FieldViolations& violations) {
  if (!IsKnownLevel(level)) {
    violations.Add(std::string(field), "a skill level is required");
    return;
  }
  if (occupation != nullptr && !reference.OccupationOffersLevel(*occupation, level)) {
    violations.Add(std::string(field),
                   Concat("occupation ", occupation->code, " does not offer ", LevelChineseName(level)));
  }
}

void CheckIndustryChain(const ReferenceData& reference, std::string_view code, std::string_view field,
                        FieldViolations& violations) {
  if (!code.empty() && reference.FindIndustryChain(code) == nullptr) {
    violations.Add(std::string(field), Concat("unknown industry chain code ", code));
  }
}

bool CheckDate(const common::v1::Date& date, std::string_view field, FieldViolations& violations) {
  absl::Status valid = ValidateDate(date.year(), date.month(), date.day(), field);
  violations.AddStatus(valid, field);
  return valid.ok();
}

bool CheckPastDate(const common::v1::Date& date, std::string_view field, const common::v1::Date& today,
                   FieldViolations& violations) {
  if (!CheckDate(date, field, violations)) {
    return false;
  }
  if (IsDateAfter(date, today)) {
    violations.Add(std::string(field), "must not be in the future");
    return false;
  }
  return true;
}

void CheckYearFilter(int year, std::string_view field, FieldViolations& violations) {
  if (year != 0 && (year < kMinYear || year > kMaxYear)) {
    violations.Add(std::string(field), Concat("must be 0 (any) or a year from ", kMinYear, " to ", kMaxYear));
  }
}

void CheckYear(int year, std::string_view field, FieldViolations& violations) {
  if (year < kMinYear || year > kMaxYear) {
    violations.Add(std::string(field), Concat("a year from ", kMinYear, " to ", kMaxYear, " is required"));
  }
}

void CheckRecordId(std::string_view id, std::string_view field, std::string_view what, FieldViolations& violations) {
  if (id.empty()) {
    violations.Add(std::string(field), Concat(what, " is required"));
    return;
  }
  bool well_formed = id.size() <= static_cast<size_t>(kMaxRecordIdChars);
  for (const char c : id) {
    const bool allowed =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    well_formed = well_formed && allowed;
  }
  if (!well_formed) {
    violations.Add(std::string(field),
                   Concat(what, " is at most ", kMaxRecordIdChars, " characters of letters, digits, '_' and '-'"));
  }
}

absl::Status CheckExpectedVersion(int64_t current, int64_t expected, std::string_view resource) {
  if (expected != 0 && expected != current) {
    return ErrorWithReason(absl::StatusCode::kAborted, "VERSION_MISMATCH",
                           Concat(resource, " is at version ", std::to_string(current), ", not ",
                                  std::to_string(expected), "; read it again and retry"));
  }
  return absl::OkStatus();
}

void CheckExpectedVersionField(int64_t expected, FieldViolations& violations) {
  if (expected < 0) {
    violations.Add("expected_version", "must not be negative (0 = no check)");
  }
}

}  // namespace skillbridge

#include "services/evaluation/domain/request_validation.h"

#include <set>
#include <tuple>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/citizen_id.h"
#include "common/validation/codes.h"
#include "common/validation/credit_code.h"

namespace skillbridge::evaluation {

namespace {

std::string Path(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : Concat(std::string(prefix), ".", std::string(field));
}

}  // namespace

void AddViolations(const absl::Status& status, std::string_view field, FieldViolations& violations) {
  violations.AddStatus(status, field);
}

namespace {

void AddStatus(const absl::Status& status, std::string_view field, FieldViolations& violations) {
  AddViolations(status, field, violations);
}

bool DateAfter(const common::v1::Date& a, const common::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) > std::make_tuple(b.year(), b.month(), b.day());
}

const Occupation* CheckOccupation(std::string_view code, std::string_view field, const ReferenceData& reference,
                                  FieldViolations& violations) {
  absl::Status format = ValidateOccupationCodeFormat(code, field);
  if (!format.ok()) {
    AddStatus(format, field, violations);
    return nullptr;
  }
  const Occupation* occupation = reference.FindOccupation(code);
  if (occupation == nullptr) {
    violations.Add(std::string(field), Concat("unknown occupation code ", std::string(code)));
  }
  return occupation;
}

void CheckChain(std::string_view code, std::string_view field, const ReferenceData& reference,
                FieldViolations& violations) {
  if (!code.empty() && reference.FindIndustryChain(code) == nullptr) {
    violations.Add(std::string(field), Concat("unknown industry chain code ", std::string(code)));
  }
}

bool IsSixDigits(std::string_view text) {
  if (text.size() != 6) {
    return false;
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

}  // namespace

void ValidatePerson(const common::v1::PersonRef& person, std::string_view field, FieldViolations& violations,
                    common::v1::PersonRef* out) {
  const std::string id_field = Path(field, "id_number");
  auto id = ParseCitizenId(person.id_number(), id_field);
  if (!id.ok()) {
    AddStatus(id.status(), id_field, violations);
  }
  const std::string name_field = Path(field, "name");
  AddStatus(ValidateText(person.name(), name_field, /*required=*/true, kMaxNameChars), name_field, violations);
  if (out != nullptr && id.ok()) {
    out->set_id_number(id->number);
    out->set_name(person.name());
    out->set_gender(id->male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
    out->mutable_birth_date()->set_year(id->birth_year);
    out->mutable_birth_date()->set_month(id->birth_month);
    out->mutable_birth_date()->set_day(id->birth_day);
  }
}

void ValidateOrgRef(const common::v1::OrgRef& org, std::string_view field, const ReferenceData& reference,
                    FieldViolations& violations) {
  const std::string code_field = Path(field, "credit_code");
  AddStatus(ValidateCreditCode(org.credit_code(), code_field), code_field, violations);
  const std::string name_field = Path(field, "name");
  AddStatus(ValidateText(org.name(), name_field, /*required=*/true, kMaxOrgNameChars), name_field, violations);
  const std::string district_field = Path(field, "district_code");
  absl::Status district = ValidateDistrictCodeFormat(org.district_code(), district_field);
  if (!district.ok()) {
    AddStatus(district, district_field, violations);
  } else if (reference.FindDistrict(org.district_code()) == nullptr) {
    violations.Add(district_field, Concat("unknown district code ", org.district_code()));
  }
}

void ValidateScope(const google::protobuf::RepeatedPtrField<v1::ScopeEntry>& scope, std::string_view field,
                   const ReferenceData& reference, FieldViolations& violations) {
  if (scope.size() > kMaxScopeEntries) {
    violations.Add(std::string(field), Concat("at most ", kMaxScopeEntries, " entries"));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < scope.size(); ++i) {
    const auto& entry = scope[i];
    const std::string entry_field = Concat(std::string(field), "[", i, "]");
    const std::string occupation_field = entry_field + ".occupation_code";
    const Occupation* occupation = CheckOccupation(entry.occupation_code(), occupation_field, reference, violations);
    const std::string level_field = entry_field + ".highest_level";
    if (!IsKnownLevel(entry.highest_level())) {
      violations.Add(level_field, "a skill level is required");
    } else if (occupation != nullptr && !reference.OccupationOffersLevel(*occupation, entry.highest_level())) {
      violations.Add(level_field, Concat("occupation ", occupation->code, " has no level ",
                                         common::v1::SkillLevel_Name(entry.highest_level())));
    }
    if (!seen.insert(entry.occupation_code()).second) {
      violations.Add(occupation_field, Concat("occupation ", entry.occupation_code(), " is listed twice"));
    }
  }
}

void ValidatePastDate(const common::v1::Date& date, std::string_view field, const common::v1::Date& today,
                      FieldViolations& violations) {
  absl::Status status = ValidateDate(date.year(), date.month(), date.day(), field);
  if (!status.ok()) {
    AddStatus(status, field, violations);
    return;
  }
  if (DateAfter(date, today)) {
    violations.Add(std::string(field), "must not be in the future");
  }
}

void ValidateReason(std::string_view reason, std::string_view field, FieldViolations& violations) {
  AddStatus(ValidateText(reason, field, /*required=*/true, kMaxReasonChars), field, violations);
}

absl::Status ValidateCreditCodeField(std::string_view code, std::string_view field) {
  return ValidateCreditCode(code, field);
}

void ValidateYearFilter(int year, std::string_view field, FieldViolations& violations) {
  if (year != 0 && (year < 1950 || year > 2100)) {
    violations.Add(std::string(field), "must be 0 (any) or a year from 1950 to 2100");
  }
}

absl::Status ValidateCreateOrg(const v1::CreateEvaluationOrgRequest& request, const ValidationContext& context) {
  FieldViolations violations;
  AddStatus(ValidateRequestId(request.request_id(), "request_id"), "request_id", violations);
  ValidateOrgRef(request.org(), "org", *context.reference, violations);
  if (request.kind() == v1::ORG_KIND_UNSPECIFIED || !v1::OrgKind_IsValid(request.kind())) {
    violations.Add("kind", "an organisation kind is required");
  }
  ValidateScope(request.scope(), "scope", *context.reference, violations);
  AddStatus(ValidateText(request.contact_name(), "contact_name", /*required=*/false, kMaxNameChars), "contact_name",
            violations);
  const std::string& phone = request.contact_phone();
  if (phone.size() > 20 || phone.find_first_not_of("0123456789+- ") != std::string::npos) {
    violations.Add("contact_phone", "at most 20 characters of digits, '+', '-' and spaces");
  }
  return violations.ToStatus();
}

absl::StatusOr<NormalizedDraft> ValidateDraft(const v1::CertificateDraft& draft, std::string_view prefix,
                                              const ValidationContext& context) {
  const ReferenceData& reference = *context.reference;
  FieldViolations violations;
  NormalizedDraft out;
  v1::Certificate& cert = out.certificate;

  if (draft.type() == v1::CERTIFICATE_TYPE_UNSPECIFIED || !v1::CertificateType_IsValid(draft.type())) {
    violations.Add(Path(prefix, "type"), "a certificate type is required");
  }
  if (draft.basis() == v1::CERTIFICATE_BASIS_UNSPECIFIED || !v1::CertificateBasis_IsValid(draft.basis())) {
    violations.Add(Path(prefix, "basis"), "a certificate basis is required");
  }
  ValidatePerson(draft.person(), Path(prefix, "person"), violations, cert.mutable_person());

  const Occupation* occupation =
      CheckOccupation(draft.occupation_code(), Path(prefix, "occupation_code"), reference, violations);
  const std::string level_field = Path(prefix, "level");
  const bool special = draft.type() == v1::CERTIFICATE_TYPE_SPECIAL_ABILITY;
  if (special) {
    if (draft.level() != common::v1::SKILL_LEVEL_UNSPECIFIED) {
      violations.Add(level_field, "special ability certificates carry no skill level");
    }
  } else if (!IsKnownLevel(draft.level())) {
    violations.Add(level_field, "a skill level is required");
  } else if (draft.level() == common::v1::SKILL_LEVEL_APPRENTICE) {
    violations.Add(level_field, "apprentices (学徒工) are not certified");
  } else if (occupation != nullptr && !reference.OccupationOffersLevel(*occupation, draft.level())) {
    violations.Add(level_field, Concat("occupation ", occupation->code, " has no level ",
                                       common::v1::SkillLevel_Name(draft.level())));
  }

  const std::string issuer_field = Path(prefix, "issuer_credit_code");
  AddStatus(ValidateCreditCode(draft.issuer_credit_code(), issuer_field), issuer_field, violations);
  CheckChain(draft.industry_chain_code(), Path(prefix, "industry_chain_code"), reference, violations);
  ValidatePastDate(draft.issue_date(), Path(prefix, "issue_date"), context.today, violations);
  if (draft.issue_date().year() != 0 && draft.issue_date().year() < 1950) {
    violations.Add(Path(prefix, "issue_date"), "must be in 1950 or later");
  }

  const std::string site_field = Path(prefix, "site_serial");
  if (!draft.site_serial().empty() && !IsSixDigits(draft.site_serial())) {
    violations.Add(site_field, "must be 6 digits");
  }

  const std::string number_field = Path(prefix, "number");
  if (!draft.number().empty()) {
    auto parts = ParseCertificateNumber(draft.number(), number_field);
    if (!parts.ok()) {
      AddStatus(parts.status(), number_field, violations);
    } else {
      const bool two_letter = parts->prefix.size() == 2;
      const bool needs_two_letter = special || draft.level() == common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN ||
                                    draft.level() == common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN;
      if (two_letter != needs_two_letter) {
        violations.Add(number_field, needs_two_letter ? "this level or type uses a two-letter number"
                                                      : "this level uses a number starting with Y or S");
      } else if (!two_letter && LevelDigit(draft.level()).value_or(-1) != parts->level_digit) {
        violations.Add(number_field, "the level digit does not match the certificate's level");
      }
      if (parts->province != "37") {
        violations.Add(number_field, "the province digits must be 37 (Shandong)");
      }
      if (draft.issue_date().year() != 0 && parts->year_two_digits != draft.issue_date().year() % 100) {
        violations.Add(number_field, "the year digits do not match the issue date");
      }
    }
  }

  if (!violations.empty()) {
    return violations.ToStatus();
  }
  cert.set_number(draft.number());
  cert.set_type(draft.type());
  cert.set_basis(draft.basis());
  cert.set_occupation_code(occupation->code);
  cert.set_occupation_name(occupation->name);
  cert.set_level(draft.level());
  cert.set_industry_chain_code(draft.industry_chain_code().empty() ? occupation->default_chain
                                                                   : draft.industry_chain_code());
  *cert.mutable_issue_date() = draft.issue_date();
  cert.set_status(v1::CERTIFICATE_STATUS_VALID);
  out.issuer_credit_code = draft.issuer_credit_code();
  out.site_serial = draft.site_serial().empty() ? "000001" : draft.site_serial();
  return out;
}

absl::StatusOr<v1::Introduction> ValidateIntroduction(const v1::RegisterIntroductionRequest& request,
                                                      const ValidationContext& context) {
  const ReferenceData& reference = *context.reference;
  const v1::Introduction& in = request.introduction();
  FieldViolations violations;
  v1::Introduction out;
  AddStatus(ValidateRequestId(request.request_id(), "request_id"), "request_id", violations);
  ValidatePerson(in.person(), "introduction.person", violations, out.mutable_person());
  ValidateOrgRef(in.employer(), "introduction.employer", reference, violations);
  const Occupation* occupation =
      CheckOccupation(in.occupation_code(), "introduction.occupation_code", reference, violations);
  if (!IsKnownLevel(in.level())) {
    violations.Add("introduction.level", "a skill level is required");
  }
  AddStatus(ValidateText(in.outside_certificate_number(), "introduction.outside_certificate_number",
                         /*required=*/true, 64),
            "introduction.outside_certificate_number", violations);
  AddStatus(ValidateText(in.outside_issuer(), "introduction.outside_issuer", /*required=*/true, kMaxOrgNameChars),
            "introduction.outside_issuer", violations);
  ValidatePastDate(in.outside_issue_date(), "introduction.outside_issue_date", context.today, violations);
  ValidatePastDate(in.arrival_date(), "introduction.arrival_date", context.today, violations);
  CheckChain(in.industry_chain_code(), "introduction.industry_chain_code", reference, violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  *out.mutable_employer() = in.employer();
  out.set_occupation_code(occupation->code);
  out.set_level(in.level());
  out.set_outside_certificate_number(in.outside_certificate_number());
  out.set_outside_issuer(in.outside_issuer());
  *out.mutable_outside_issue_date() = in.outside_issue_date();
  *out.mutable_arrival_date() = in.arrival_date();
  out.set_industry_chain_code(in.industry_chain_code().empty() ? occupation->default_chain : in.industry_chain_code());
  return out;
}

absl::StatusOr<v1::Enterprise> ValidateEnterprise(const v1::UpsertEnterpriseRequest& request,
                                                  const ValidationContext& context) {
  const v1::Enterprise& in = request.enterprise();
  FieldViolations violations;
  AddStatus(ValidateRequestId(request.request_id(), "request_id"), "request_id", violations);
  ValidateOrgRef(in.org(), "enterprise.org", *context.reference, violations);
  CheckChain(in.industry_chain_code(), "enterprise.industry_chain_code", *context.reference, violations);
  if (in.employee_count() < 0 || in.employee_count() > 10'000'000) {
    violations.Add("enterprise.employee_count", "must be between 0 and 10,000,000");
  }
  if (in.self_evaluation_eligible() && !in.above_designated_size()) {
    violations.Add("enterprise.self_evaluation_eligible",
                   "only above-designated-size enterprises can be eligible for self-evaluation");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  v1::Enterprise out = in;
  out.clear_update_time();
  return out;
}

}  // namespace skillbridge::evaluation

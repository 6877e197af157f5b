#include "services/evaluation/domain/request_validation.h"

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/domain/promotion_certificate.h"

namespace skillbridge::evaluation {

namespace {

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

// A supplied certificate number: its shape, and that it matches the draft's type, level, province
// and issue year.
void CheckDraftNumber(const v1::CertificateDraft& draft, std::string_view field, FieldViolations& violations) {
  auto parts = ParseCertificateNumber(draft.number(), field);
  if (!parts.ok()) {
    violations.AddStatus(parts.status(), field);
    return;
  }
  const std::string number_field(field);
  const bool two_letter = parts->prefix.size() == 2;
  const bool needs_two_letter = draft.type() == v1::CERTIFICATE_TYPE_SPECIAL_ABILITY ||
                                draft.level() == common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN ||
                                draft.level() == common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN;
  if (two_letter != needs_two_letter) {
    violations.Add(number_field, needs_two_letter ? "this level or type uses a two-letter number"
                                                  : "this level uses a number starting with Y or S");
  } else if (!two_letter && LevelDigit(draft.level()).value_or(-1) != parts->level_digit) {
    violations.Add(number_field, "the level digit does not match the certificate's level");
  }
  if (IsPromotionNumber(*parts)) {
    violations.Add(number_field,
                   "org code 0000 with site serial 999999 is reserved for competition promotion "
                   "certificates (IssuePromotionCertificate)");
  }
  if (parts->province != "37") {
    violations.Add(number_field, "the province digits must be 37 (Shandong)");
  }
  if (draft.issue_date().year() != 0 && parts->year_two_digits != draft.issue_date().year() % 100) {
    violations.Add(number_field, "the year digits do not match the issue date");
  }
}

}  // namespace

void CheckScope(const google::protobuf::RepeatedPtrField<v1::ScopeEntry>& scope, std::string_view field,
                const ReferenceData& reference, FieldViolations& violations) {
  if (scope.size() > kMaxScopeEntries) {
    violations.Add(std::string(field), Concat("at most ", kMaxScopeEntries, " entries"));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < scope.size(); ++i) {
    const v1::ScopeEntry& entry = scope[i];
    const std::string entry_field = Concat(field, "[", i, "]");
    const std::string occupation_field = FieldPath(entry_field, "occupation_code");
    const Occupation* occupation = CheckOccupation(reference, entry.occupation_code(), occupation_field, violations);
    CheckOccupationLevel(reference, occupation, entry.highest_level(), FieldPath(entry_field, "highest_level"),
                         violations);
    if (!seen.insert(entry.occupation_code()).second) {
      violations.Add(occupation_field, Concat("occupation ", entry.occupation_code(), " is listed twice"));
    }
  }
}

absl::StatusOr<v1::EvaluationOrg> ValidateCreateOrg(const v1::CreateEvaluationOrgRequest& request,
                                                    const ValidationContext& context) {
  FieldViolations violations;
  v1::EvaluationOrg org;
  CheckRequestId(request.request_id(), violations);
  CheckOrgRef(request.org(), "org", *context.reference, violations, org.mutable_org());
  CheckEnum(request.kind(), v1::OrgKind_IsValid, /*required=*/true, "kind", "an organisation kind", violations);
  CheckScope(request.scope(), "scope", *context.reference, violations);
  CheckText(request.contact_name(), "contact_name", /*required=*/false, kMaxPersonNameChars, violations);
  const std::string& phone = request.contact_phone();
  if (phone.size() > static_cast<size_t>(kMaxContactPhoneChars) ||
      phone.find_first_not_of("0123456789+- ") != std::string::npos) {
    violations.Add("contact_phone",
                   Concat("at most ", kMaxContactPhoneChars, " characters of digits, '+', '-' and spaces"));
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  org.set_kind(request.kind());
  *org.mutable_scope() = request.scope();
  org.set_contact_name(request.contact_name());
  org.set_contact_phone(request.contact_phone());
  return org;
}

absl::StatusOr<NormalizedDraft> ValidateDraft(const v1::CertificateDraft& draft, std::string_view prefix,
                                              const ValidationContext& context) {
  const ReferenceData& reference = *context.reference;
  FieldViolations violations;
  NormalizedDraft out;
  v1::Certificate& cert = out.certificate;

  CheckEnum(draft.type(), v1::CertificateType_IsValid, /*required=*/true, FieldPath(prefix, "type"),
            "a certificate type", violations);
  CheckEnum(draft.basis(), v1::CertificateBasis_IsValid, /*required=*/true, FieldPath(prefix, "basis"),
            "a certificate basis", violations);
  CheckPerson(draft.person(), FieldPath(prefix, "person"), violations, cert.mutable_person());

  const Occupation* occupation =
      CheckOccupation(reference, draft.occupation_code(), FieldPath(prefix, "occupation_code"), violations);
  const std::string level_field = FieldPath(prefix, "level");
  if (draft.type() == v1::CERTIFICATE_TYPE_SPECIAL_ABILITY) {
    if (draft.level() != common::v1::SKILL_LEVEL_UNSPECIFIED) {
      violations.Add(level_field, "special ability certificates carry no skill level");
    }
  } else if (draft.level() == common::v1::SKILL_LEVEL_APPRENTICE) {
    violations.Add(level_field, "apprentices (学徒工) are not certified");
  } else {
    CheckOccupationLevel(reference, occupation, draft.level(), level_field, violations);
  }

  CheckCreditCode(draft.issuer_credit_code(), FieldPath(prefix, "issuer_credit_code"), violations);
  CheckIndustryChain(reference, draft.industry_chain_code(), FieldPath(prefix, "industry_chain_code"), violations);
  const std::string date_field = FieldPath(prefix, "issue_date");
  if (CheckPastDate(draft.issue_date(), date_field, context.today, violations) &&
      draft.issue_date().year() < kMinYear) {
    violations.Add(date_field, Concat("must be in ", kMinYear, " or later"));
  }
  if (!draft.site_serial().empty() && !IsSixDigits(draft.site_serial())) {
    violations.Add(FieldPath(prefix, "site_serial"), "must be 6 digits");
  }
  if (!draft.number().empty()) {
    CheckDraftNumber(draft, FieldPath(prefix, "number"), violations);
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
  CheckRequestId(request.request_id(), violations);
  CheckPerson(in.person(), "introduction.person", violations, out.mutable_person());
  CheckOrgRef(in.employer(), "introduction.employer", reference, violations, out.mutable_employer());
  const Occupation* occupation =
      CheckOccupation(reference, in.occupation_code(), "introduction.occupation_code", violations);
  if (!IsKnownLevel(in.level())) {
    violations.Add("introduction.level", "a skill level is required");
  }
  CheckText(in.outside_certificate_number(), "introduction.outside_certificate_number", /*required=*/true,
            kMaxOutsideCertificateNumberChars, violations);
  CheckText(in.outside_issuer(), "introduction.outside_issuer", /*required=*/true, kMaxOrgNameChars, violations);
  CheckPastDate(in.outside_issue_date(), "introduction.outside_issue_date", context.today, violations);
  CheckPastDate(in.arrival_date(), "introduction.arrival_date", context.today, violations);
  CheckIndustryChain(reference, in.industry_chain_code(), "introduction.industry_chain_code", violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
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
  v1::Enterprise out;
  CheckRequestId(request.request_id(), violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  CheckOrgRef(in.org(), "enterprise.org", *context.reference, violations, out.mutable_org());
  CheckIndustryChain(*context.reference, in.industry_chain_code(), "enterprise.industry_chain_code", violations);
  if (in.employee_count() < 0 || in.employee_count() > kMaxEmployeeCount) {
    violations.Add("enterprise.employee_count", Concat("must be between 0 and ", kMaxEmployeeCount));
  }
  if (in.self_evaluation_eligible() && !in.above_designated_size()) {
    violations.Add("enterprise.self_evaluation_eligible",
                   "only above-designated-size enterprises can be eligible for self-evaluation");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  out.set_above_designated_size(in.above_designated_size());
  out.set_self_evaluation_eligible(in.self_evaluation_eligible());
  out.set_industry_chain_code(in.industry_chain_code());
  out.set_employee_count(in.employee_count());
  return out;
}

absl::StatusOr<std::vector<std::string>> ValidateCreditCodeList(
    const google::protobuf::RepeatedPtrField<std::string>& codes, std::string_view field) {
  if (codes.empty() || codes.size() > kMaxBatchItems) {
    return InvalidArgumentError(field, Concat("must hold 1 to ", kMaxBatchItems, " credit codes"));
  }
  FieldViolations violations;
  std::vector<std::string> canonical;
  canonical.reserve(static_cast<size_t>(codes.size()));
  std::set<std::string, std::less<>> seen;
  for (int i = 0; i < codes.size(); ++i) {
    const std::string path = Concat(field, "[", i, "]");
    absl::StatusOr<std::string> code = NormalizeCreditCode(codes[i], path);
    if (!code.ok()) {
      violations.AddStatus(code.status(), path);
      continue;
    }
    if (!seen.insert(*code).second) {
      violations.Add(path, Concat("credit code ", *code, " is given more than once"));
      continue;
    }
    canonical.push_back(*std::move(code));
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  return canonical;
}

}  // namespace skillbridge::evaluation

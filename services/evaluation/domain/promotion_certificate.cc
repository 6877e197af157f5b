#include "services/evaluation/domain/promotion_certificate.h"

#include "absl/strings/str_format.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/domain/certificate_issuance.h"

namespace skillbridge::evaluation {

namespace {

constexpr int kSerialDigits = 6;

// "<prefix>" followed by exactly `digits` ASCII digits.
bool IsPrefixedDigits(std::string_view text, std::string_view prefix, size_t digits) {
  if (text.size() != prefix.size() + digits || text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  for (const char c : text.substr(prefix.size())) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

void CheckCompetitionId(std::string_view id, std::string_view field, std::string_view prefix, size_t digits,
                        std::string_view what, FieldViolations& violations) {
  if (id.empty()) {
    violations.Add(std::string(field), Concat(what, " is required"));
  } else if (!IsPrefixedDigits(id, prefix, digits)) {
    violations.Add(std::string(field), Concat("must be ", what, ": \"", prefix, "\" followed by ", digits, " digits"));
  }
}

bool IsPromotionLevel(common::v1::SkillLevel level) { return LevelDigit(level).has_value(); }

}  // namespace

bool IsPromotionNumber(const CertificateNumberParts& parts) {
  return parts.org_code == kPromotionOrgCode && parts.site_serial == kPromotionSiteSerial;
}

absl::StatusOr<v1::Certificate> ValidatePromotionRequest(const v1::IssuePromotionCertificateRequest& request,
                                                         const ValidationContext& context) {
  const ReferenceData& reference = *context.reference;
  FieldViolations violations;
  v1::Certificate cert;
  if (request.request_id().empty()) {
    violations.Add("request_id", "a request_id is required: promotion certificates are issued idempotently");
  } else {
    CheckRequestId(request.request_id(), violations);
  }
  CheckPerson(request.person(), "person", violations, cert.mutable_person());
  const Occupation* occupation = CheckOccupation(reference, request.occupation_code(), "occupation_code", violations);
  if (IsKnownLevel(request.level()) && !IsPromotionLevel(request.level())) {
    violations.Add("level", "a competition promotion is to a level from 五级 to 一级");
  } else {
    CheckOccupationLevel(reference, occupation, request.level(), "level", violations);
  }
  const v1::CompetitionRef& ref = request.competition();
  CheckCompetitionId(ref.competition_id(), "competition.competition_id", "CP", 10, "a competition id", violations);
  CheckCompetitionId(ref.contest_id(), "competition.contest_id", "CT", 10, "a contest id", violations);
  CheckCompetitionId(ref.entry_id(), "competition.entry_id", "EN", 12, "an entry id", violations);
  CheckYear(ref.year(), "competition.year", violations);
  CheckCreditCode(ref.employer_credit_code(), "competition.employer_credit_code", violations);
  CheckDistrict(reference, ref.district_code(), "competition.district_code", /*required=*/true, violations);
  CheckIndustryChain(reference, request.industry_chain_code(), "industry_chain_code", violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  cert.set_type(v1::CERTIFICATE_TYPE_SKILL_LEVEL);
  cert.set_basis(v1::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  cert.set_occupation_code(occupation->code);
  cert.set_occupation_name(occupation->name);
  cert.set_level(request.level());
  cert.set_industry_chain_code(request.industry_chain_code().empty() ? occupation->default_chain
                                                                     : request.industry_chain_code());
  *cert.mutable_issue_date() = context.today;
  cert.set_status(v1::CERTIFICATE_STATUS_VALID);
  cert.mutable_issuer()->set_district_code(ref.district_code());
  v1::CompetitionRef& stored = *cert.mutable_competition();
  stored.set_competition_id(ref.competition_id());
  stored.set_contest_id(ref.contest_id());
  stored.set_entry_id(ref.entry_id());
  stored.set_year(ref.year());
  stored.set_employer_credit_code(ref.employer_credit_code());
  stored.set_district_code(ref.district_code());
  return cert;
}

std::string PromotionSerialSeries(const v1::Certificate& certificate) {
  return Concat(kPromotionPrefix, ":", kPromotionOrgCode, ":", kPromotionSiteSerial, ":",
                certificate.issue_date().year() % 100, ":", LevelDigit(certificate.level()).value_or(0));
}

absl::StatusOr<std::string> GeneratePromotionNumber(const v1::Certificate& certificate, int64_t serial) {
  if (serial < 1 || serial > kMaxSerial) {
    return ErrorWithReason(absl::StatusCode::kResourceExhausted, "CERTIFICATE_SERIALS_EXHAUSTED",
                           "the 6-digit serials of competition promotion certificates of this year and level are "
                           "used up");
  }
  CertificateNumberParts parts;
  parts.prefix = kPromotionPrefix;
  parts.org_code = kPromotionOrgCode;
  parts.province = "37";
  parts.site_serial = kPromotionSiteSerial;
  parts.year_two_digits = certificate.issue_date().year() % 100;
  parts.level_digit = LevelDigit(certificate.level()).value_or(0);
  parts.serial = absl::StrFormat("%0*d", kSerialDigits, serial);
  return FormatCertificateNumber(parts);
}

bool IsSameCompetitionResult(const v1::Certificate& existing, const v1::Certificate& wanted) {
  return existing.basis() == v1::CERTIFICATE_BASIS_COMPETITION_PROMOTION && existing.has_competition() &&
         existing.competition().competition_id() == wanted.competition().competition_id() &&
         existing.competition().contest_id() == wanted.competition().contest_id() &&
         existing.competition().entry_id() == wanted.competition().entry_id();
}

}  // namespace skillbridge::evaluation

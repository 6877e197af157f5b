#include "services/evaluation/domain/certificate_issuance.h"

#include "absl/strings/str_format.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "services/evaluation/domain/filing.h"

namespace skillbridge::evaluation {

namespace {

// Two-letter prefixes of numbers without a level digit.
std::string_view TwoLetterPrefix(const v1::Certificate& certificate) {
  if (certificate.type() == v1::CERTIFICATE_TYPE_SPECIAL_ABILITY) {
    return "ZX";
  }
  if (certificate.level() == common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN) {
    return "TJ";
  }
  if (certificate.level() == common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN) {
    return "SX";
  }
  return "";
}

}  // namespace

absl::Status CheckOrgMayIssue(const v1::EvaluationOrg& org, const v1::Certificate& certificate) {
  if (org.state() != v1::FILING_STATE_FILED) {
    return FailedPreconditionError("ORG_NOT_FILED", Concat("evaluation organisation ", org.org().credit_code(), " is ",
                                                           v1::FilingState_Name(org.state()), ", not FILED"));
  }
  const bool covered = certificate.type() == v1::CERTIFICATE_TYPE_SPECIAL_ABILITY
                           ? ScopeCovers(org, certificate.occupation_code(), common::v1::SKILL_LEVEL_UNSPECIFIED)
                           : ScopeCovers(org, certificate.occupation_code(), certificate.level());
  if (!covered) {
    return FailedPreconditionError(
        "OUTSIDE_FILED_SCOPE",
        Concat("evaluation organisation ", org.org().credit_code(), " is not filed for occupation ",
               certificate.occupation_code(), " at ", common::v1::SkillLevel_Name(certificate.level())));
  }
  return absl::OkStatus();
}

std::string SerialSeries(const v1::EvaluationOrg& org, const v1::Certificate& certificate,
                         std::string_view site_serial) {
  std::string_view letters = TwoLetterPrefix(certificate);
  std::string level = letters.empty() ? Concat(LevelDigit(certificate.level()).value_or(0)) : std::string(letters);
  return Concat(letters.empty() ? std::string(1, CertificatePrefixFor(org.kind())) : std::string(letters), ":",
                org.org_code(), ":", std::string(site_serial), ":", certificate.issue_date().year() % 100, ":", level);
}

absl::StatusOr<std::string> GenerateCertificateNumber(const v1::EvaluationOrg& org, const v1::Certificate& certificate,
                                                      std::string_view site_serial, int64_t serial) {
  if (serial < 1 || serial > kMaxSerial) {
    return ErrorWithReason(absl::StatusCode::kResourceExhausted, "CERTIFICATE_SERIALS_EXHAUSTED",
                           "the 6-digit serials of this organisation, site, year and level are used up");
  }
  CertificateNumberParts parts;
  std::string_view letters = TwoLetterPrefix(certificate);
  parts.prefix = letters.empty() ? std::string(1, CertificatePrefixFor(org.kind())) : std::string(letters);
  parts.org_code = org.org_code();
  parts.province = "37";
  parts.site_serial = std::string(site_serial);
  parts.year_two_digits = certificate.issue_date().year() % 100;
  parts.level_digit = letters.empty() ? LevelDigit(certificate.level()).value_or(0) : 0;
  parts.serial = absl::StrFormat("%06d", serial);
  return FormatCertificateNumber(parts);
}

absl::Status CheckSuppliedNumberBelongsToOrg(std::string_view number, const v1::EvaluationOrg& org,
                                             std::string_view field) {
  auto parts = ParseCertificateNumber(number, field);
  if (!parts.ok()) {
    return parts.status();
  }
  if (parts->prefix.size() == 1 && parts->prefix[0] != CertificatePrefixFor(org.kind())) {
    return InvalidArgumentError(
        field, Concat("numbers of this organisation start with ", std::string(1, CertificatePrefixFor(org.kind()))));
  }
  if (parts->org_code != org.org_code() && parts->org_code != "0000") {
    return InvalidArgumentError(field, Concat("the org code digits must be ", org.org_code(),
                                              " (this organisation) or 0000 (provincially filed)"));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::evaluation

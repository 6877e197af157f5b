#pragma once
// The evaluation part of the city-year plan: evaluation organisations (kinds, filed scopes,
// assessment sites, the filing state each is taken to), enterprises (the self-evaluating ones and
// others), the year's certificates (mostly valid, a few percent rows the service must refuse,
// a few revoked) and the introductions of certified workers from elsewhere. Each part comes from
// its own named stream of the seed, so a smaller scale gives a prefix of a larger one and request
// ids derived from a record's position stay stable across reruns and scales.
// Pure functions (no clock, no network); the plan is a plain value, safe to share read-only.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/enums.pb.h"
#include "tools/simulator/plan_random.h"

namespace skillbridge::simulator {

// Counts of the full city year (scale 1.0); the plan multiplies them by the scale.
inline constexpr int kFullScaleCertificates = 56'000;  // valid certificate rows
inline constexpr int kFullScaleIntroductions = 400;
inline constexpr int kFullScaleOtherEnterprises = 160;  // above-size, not eligible
inline constexpr int kEvaluationOrgs = 40;
inline constexpr int kCertificateBatchSize = 2000;  // rows per BatchIssueCertificates call

// The filing state the workflow takes an organisation to.
enum class FilingTarget { kApplied, kUnderAssessment, kFiled, kSuspended, kRevoked };

struct PlannedScope {
  std::string occupation_code;
  common::v1::SkillLevel highest_level = common::v1::SKILL_LEVEL_UNSPECIFIED;
};

struct PlannedOrg {
  std::string credit_code;
  std::string name;
  std::string district_code;
  evaluation::v1::OrgKind kind = evaluation::v1::ORG_KIND_UNSPECIFIED;
  std::vector<PlannedScope> scope;
  std::string contact_name;
  std::string contact_phone;
  FilingTarget target = FilingTarget::kFiled;
  std::string industry_chain_code;  // enterprise self-evaluation orgs: the enterprise's chain
  std::vector<std::string> sites;   // 6-digit assessment site serials used in its numbers
  double weight = 1.0;              // share of its district's certificates
};

struct PlannedEnterprise {
  std::string credit_code;
  std::string name;
  std::string district_code;
  bool above_designated_size = true;
  bool self_evaluation_eligible = false;
  std::string industry_chain_code;
  int employee_count = 0;
};

// What a certificate row is meant to show: accepted, or refused for a reason.
enum class RowKind {
  kValid,
  kBadIdNumber,      // INVALID_ARGUMENT: wrong check character
  kLevelNotOffered,  // INVALID_ARGUMENT: the occupation has no such level
  kOutsideScope,     // FAILED_PRECONDITION OUTSIDE_FILED_SCOPE
  kOrgNotFiled,      // FAILED_PRECONDITION ORG_NOT_FILED (a suspended organisation)
  kDuplicate,        // ALREADY_EXISTS DUPLICATE_CERTIFICATE (repeats the previous row)
};
std::string_view RowKindName(RowKind kind);

struct PlannedCertificate {
  RowKind kind = RowKind::kValid;
  int person = -1;  // index into CertificatePlan::persons
  int org = -1;     // index into the orgs
  evaluation::v1::CertificateType type = evaluation::v1::CERTIFICATE_TYPE_SKILL_LEVEL;
  evaluation::v1::CertificateBasis basis = evaluation::v1::CERTIFICATE_BASIS_ASSESSMENT;
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  std::string industry_chain_code;  // empty = the occupation's default
  absl::CivilDay issue_date;
  std::string site_serial;
  int serial = 0;  // 6-digit serial within (prefix, org, site, year, level)
  bool revoke = false;
  std::string revoke_reason;
};

struct CertificatePlan {
  std::vector<PlannedPerson> persons;
  std::vector<PlannedCertificate> rows;  // in sending order; batches are fixed-size slices
};

struct PlannedIntroduction {
  PlannedPerson person;
  int employer = -1;  // index into the enterprises
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  std::string outside_certificate_number;
  std::string outside_issuer;
  absl::CivilDay outside_issue_date;
  absl::CivilDay arrival_date;
};

struct EvaluationPlan {
  std::vector<PlannedOrg> orgs;
  std::vector<PlannedEnterprise> enterprises;
  CertificatePlan certificates;
  std::vector<PlannedIntroduction> introductions;
};

// The parts of the plan (each from its own stream; orgs and enterprises do not depend on the
// cutoff).
std::vector<PlannedOrg> PlanOrgs(const PlanOptions& options, const ReferenceData& reference);
std::vector<PlannedEnterprise> PlanEnterprises(const PlanOptions& options, const ReferenceData& reference,
                                               const std::vector<PlannedOrg>& orgs);
CertificatePlan PlanCertificates(const PlanOptions& options, const ReferenceData& reference,
                                 const std::vector<PlannedOrg>& orgs);
std::vector<PlannedIntroduction> PlanIntroductions(const PlanOptions& options, const ReferenceData& reference,
                                                   const std::vector<PlannedEnterprise>& enterprises);
EvaluationPlan PlanEvaluation(const PlanOptions& options, const ReferenceData& reference);

// The certificate number of a row once its organisation's 4-digit code is known (22 characters:
// Y|S + org code + 37 + site + year + level digit + serial; special ability "ZX" + 20 digits).
std::string CertificateNumber(const PlannedCertificate& row, const PlannedOrg& org, std::string_view org_code);

// The certificate number of a row once its organisation's 4-digit code is known (22 characters:
// Y|S + org code + 37 + site + year + level digit + serial; special ability "ZX" + 20 digits).
std::string CertificateNumber(const PlannedCertificate& row, const PlannedOrg& org, std::string_view org_code);

}  // namespace skillbridge::simulator

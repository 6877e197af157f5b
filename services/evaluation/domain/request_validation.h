#pragma once
// Validation and normalisation of evaluation requests. Every function checks every field it
// is given, collects all violations (field paths as in the request, e.g.
// "certificate.person.id_number") and returns one INVALID_ARGUMENT, or fills a normalised copy.
// Pure: reads the immutable reference data only; thread-safe.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

// What validation needs besides the request.
struct ValidationContext {
  const ReferenceData* reference = nullptr;
  common::v1::Date today;  // in the bureau's time zone (UTC+8)
};

inline constexpr int kMaxNameChars = 50;
inline constexpr int kMaxOrgNameChars = 100;
inline constexpr int kMaxReasonChars = 500;
inline constexpr int kMaxScopeEntries = 200;
inline constexpr int kMaxBatchItems = 5000;

// A certificate draft after validation.
struct NormalizedDraft {
  v1::Certificate certificate;  // number (may be empty), type, basis, person (normalised, gender and
                                // birth date derived), occupation code and name, level, chain, date
  std::string issuer_credit_code;
  std::string site_serial;  // 6 digits
};

// Adds the field violations carried by `status` (or its message under `field` when it has
// none); nothing when it is OK.
void AddViolations(const absl::Status& status, std::string_view field, FieldViolations& violations);

// Person: ID number (GB 11643) and name. Writes the normalised person into `out`.
void ValidatePerson(const common::v1::PersonRef& person, std::string_view field, FieldViolations& violations,
                    common::v1::PersonRef* out);

// Org reference: credit code, name, district (must be a known district).
void ValidateOrgRef(const common::v1::OrgRef& org, std::string_view field, const ReferenceData& reference,
                    FieldViolations& violations);

// Scope entries: known occupations, levels the occupation offers, no duplicates.
void ValidateScope(const google::protobuf::RepeatedPtrField<v1::ScopeEntry>& scope, std::string_view field,
                   const ReferenceData& reference, FieldViolations& violations);

// A date that is real and not after `today`.
void ValidatePastDate(const common::v1::Date& date, std::string_view field, const common::v1::Date& today,
                      FieldViolations& violations);

// Reason text for suspensions and revocations (required, ≤ 500 characters).
void ValidateReason(std::string_view reason, std::string_view field, FieldViolations& violations);

absl::Status ValidateCreateOrg(const v1::CreateEvaluationOrgRequest& request, const ValidationContext& context);

// `prefix` is the path of the draft in the request ("certificate" or "certificates[3]").
absl::StatusOr<NormalizedDraft> ValidateDraft(const v1::CertificateDraft& draft, std::string_view prefix,
                                              const ValidationContext& context);

// Normalises the introduction (person, chain default, occupation) on success.
absl::StatusOr<v1::Introduction> ValidateIntroduction(const v1::RegisterIntroductionRequest& request,
                                                      const ValidationContext& context);

absl::StatusOr<v1::Enterprise> ValidateEnterprise(const v1::UpsertEnterpriseRequest& request,
                                                  const ValidationContext& context);

// Shared checks of credit codes given as a lone request field.
absl::Status ValidateCreditCodeField(std::string_view code, std::string_view field);

// Year filters: 0 (any) or 1950..2100.
void ValidateYearFilter(int year, std::string_view field, FieldViolations& violations);

}  // namespace skillbridge::evaluation

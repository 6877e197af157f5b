#pragma once
// Validation and normalisation of the evaluation requests whose shape is evaluation's own: a new
// organisation, its filing scope, certificate drafts, introductions and enterprises. The shared
// request fields (person, org reference, occupation and level, dates, request id...) are checked
// with common/validation/request_fields.h. Every function checks every field it is given,
// collects all violations (field paths as in the request, e.g. "certificate.person.id_number")
// and returns one INVALID_ARGUMENT (reason INVALID_FIELD), or fills a normalised copy.
// Pure: reads the immutable reference data only; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

// What validation needs besides the request.
struct ValidationContext {
  const ReferenceData* reference = nullptr;
  common::v1::Date today;  // the bureau's today (common/reference/bureau_calendar.h)
};

inline constexpr int kMaxScopeEntries = 200;
inline constexpr int kMaxBatchItems = 5000;
inline constexpr int kMaxOutsideCertificateNumberChars = 64;
inline constexpr int kMaxContactPhoneChars = 20;
inline constexpr int kMaxEmployeeCount = 10'000'000;

// A certificate draft after validation.
struct NormalizedDraft {
  v1::Certificate certificate;  // number (may be empty), type, basis, person (normalised, gender and
                                // birth date derived), occupation code and name, level, chain, date,
                                // status VALID
  std::string issuer_credit_code;
  std::string site_serial;  // 6 digits
};

// Scope entries: known occupations, levels the occupation offers, no duplicates, at most
// kMaxScopeEntries.
void CheckScope(const google::protobuf::RepeatedPtrField<v1::ScopeEntry>& scope, std::string_view field,
                const ReferenceData& reference, FieldViolations& violations);

// The new organisation (org reference normalised: credit code upper-cased; kind, scope and
// contact copied); the caller sets state, times and version.
absl::StatusOr<v1::EvaluationOrg> ValidateCreateOrg(const v1::CreateEvaluationOrgRequest& request,
                                                    const ValidationContext& context);

// `prefix` is the path of the draft in the request ("certificate" or "certificates[3]").
absl::StatusOr<NormalizedDraft> ValidateDraft(const v1::CertificateDraft& draft, std::string_view prefix,
                                              const ValidationContext& context);

// The introduction to register (person and employer normalised, chain defaulted to the
// occupation's); the caller sets id and create time.
absl::StatusOr<v1::Introduction> ValidateIntroduction(const v1::RegisterIntroductionRequest& request,
                                                      const ValidationContext& context);

// The enterprise to store (org reference normalised); the caller sets version and update time.
absl::StatusOr<v1::Enterprise> ValidateEnterprise(const v1::UpsertEnterpriseRequest& request,
                                                  const ValidationContext& context);

// The credit codes of a batch read (BatchGetEnterprises), canonical (upper-cased) and in request
// order: 1 to kMaxBatchItems of them (else a violation on `field`), each valid and given at most
// once (else a violation on "<field>[i]", a duplicate named at its later position).
absl::StatusOr<std::vector<std::string>> ValidateCreditCodeList(
    const google::protobuf::RepeatedPtrField<std::string>& codes, std::string_view field);

}  // namespace skillbridge::evaluation

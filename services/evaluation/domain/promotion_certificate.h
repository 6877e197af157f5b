#pragma once
// Competition promotion certificates (竞赛晋升, DESIGN §3): the certificate evaluation issues when
// a published competition result promotes an entrant (IssuePromotionCertificate). What it is:
// a skill-level certificate with basis COMPETITION_PROMOTION, issued on the bureau's day of the
// call, traced to its competition, contest and entry (CompetitionRef), attributed to the district
// of the entrant's employer or school. It has no issuing evaluation organisation: the result is
// the evaluation, and the number lies in the provincially filed space set aside for it:
//   "S" + "0000" (provincially filed) + "37" + "999999" (site serial reserved for competition
//   promotions) + 2-digit year + level digit + 6-digit serial.
// No evaluation organisation draws numbers with org code 0000 (codes start at 0001), and supplied
// numbers in this space are refused (certificate_issuance.h), so the space is this path's alone.
// Pure domain rules: no I/O, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/validation/certificate_number.h"
#include "services/evaluation/domain/request_validation.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

inline constexpr char kPromotionPrefix[] = "S";
inline constexpr char kPromotionOrgCode[] = "0000";
inline constexpr char kPromotionSiteSerial[] = "999999";

// Whether a number (already shape-checked) lies in the promotion number space.
bool IsPromotionNumber(const CertificateNumberParts& parts);

// The certificate `request` asks for, or INVALID_ARGUMENT (reason INVALID_FIELD) naming every bad
// field by its path in the request: request_id (required), person (ID number with its check
// character, name), occupation_code (in the catalogue), level (五级 to 一级, offered by the
// occupation), competition.{competition_id ("CP" + 10 digits), contest_id ("CT" + 10), entry_id
// ("EN" + 12), year (1950 to 2100), employer_credit_code (canonical credit code), district_code
// (a district of the reference data)} and industry_chain_code (optional). The certificate has no
// number yet; its type, basis, person (normalised), occupation and name, level, chain (defaulted
// to the occupation's), issue date (context.today), status VALID, issuer (district only) and
// competition reference are set.
absl::StatusOr<v1::Certificate> ValidatePromotionRequest(const v1::IssuePromotionCertificateRequest& request,
                                                         const ValidationContext& context);

// The counter series promotion numbers draw their serial from: "S:0000:999999:<yy>:<level digit>"
// (the shape of SerialSeries in certificate_issuance.h).
std::string PromotionSerialSeries(const v1::Certificate& certificate);

// The promotion number for `serial` (1..999999); RESOURCE_EXHAUSTED CERTIFICATE_SERIALS_EXHAUSTED
// outside that range.
absl::StatusOr<std::string> GeneratePromotionNumber(const v1::Certificate& certificate, int64_t serial);

// Whether `existing` is the promotion certificate of the same competition result (competition,
// contest and entry) as `wanted`: then a second request for it is answered with `existing`.
bool IsSameCompetitionResult(const v1::Certificate& existing, const v1::Certificate& wanted);

}  // namespace skillbridge::evaluation

#pragma once
// Rules for issuing a certificate by an evaluation organisation: the org must be filed and
// authorise the occupation and level; generated numbers follow the 22-character format; supplied
// numbers must belong to the org. Pure domain rules: no I/O, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

inline constexpr int64_t kMaxSerial = 999999;

// FAILED_PRECONDITION ORG_NOT_FILED when the org is not FILED; OUTSIDE_FILED_SCOPE when its
// scope does not cover the certificate's occupation at its level (special ability certificates
// need the occupation only).
absl::Status CheckOrgMayIssue(const v1::EvaluationOrg& org, const v1::Certificate& certificate);

// The counter series a generated number draws its 6-digit serial from:
// "<prefix>:<org code>:<site>:<yy>:<level digit or letters>".
std::string SerialSeries(const v1::EvaluationOrg& org, const v1::Certificate& certificate,
                         std::string_view site_serial);

// The generated number for `serial` (1..999999) in `SerialSeries`.
absl::StatusOr<std::string> GenerateCertificateNumber(const v1::EvaluationOrg& org, const v1::Certificate& certificate,
                                                      std::string_view site_serial, int64_t serial);

// A supplied number (already shape-checked) must carry the org's prefix letter and its org code
// (or 0000 for provincially filed numbers). INVALID_ARGUMENT naming `field`.
absl::Status CheckSuppliedNumberBelongsToOrg(std::string_view number, const v1::EvaluationOrg& org,
                                             std::string_view field);

}  // namespace skillbridge::evaluation

#pragma once
// The talent-platform rules (高技能人才培训示范基地, 专项公共实训基地, 技能大师工作室), pure:
//   - what a platform, a yearly performance evaluation (绩效评估) and a funding grant must carry
//     (field paths as in the request: "platform.name", "evaluation.score", "funding.amount_fen");
//   - the grade of an evaluation from its score: 90-100 EXCELLENT, 75-89 GOOD, 60-74 PASS, below
//     60 FAIL;
//   - the platform workflow ACTIVE -> REVOKED (final) and the funding workflow GRANTED -> PAID,
//     GRANTED -> CANCELLED (final); what a funding status counts in the platform's totals and
//     the statistics (granted: GRANTED or PAID; paid: PAID);
//   - the change events PlatformChanged and FundingChanged.
// Errors (FAILED_PRECONDITION with a reason):
//   PLATFORM_REVOKED             revoking, or granting funding to, a platform that is REVOKED
//   INVALID_FUNDING_TRANSITION   paying or cancelling a funding grant that is not GRANTED
// ALREADY_EXISTS ALREADY_EVALUATED (one evaluation per platform and year) is the store's guard.
// Pure functions; thread-safe.

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr char kReasonPlatformRevoked[] = "PLATFORM_REVOKED";
inline constexpr char kReasonInvalidFundingTransition[] = "INVALID_FUNDING_TRANSITION";
inline constexpr char kReasonAlreadyEvaluated[] = "ALREADY_EVALUATED";

inline constexpr int kMaxPlatformNameChars = 200;
inline constexpr int kMaxPlatformOccupations = 50;
inline constexpr int kMinApprovedYear = 1990;
inline constexpr int kMaxScore = 100;
inline constexpr int kMaxRemarksChars = 500;
inline constexpr int kMinFundingYear = 2000;
inline constexpr int kMaxFundingYear = 2100;
inline constexpr int64_t kMaxFundingFen = 100000000000;  // 1,000,000,000 yuan
inline constexpr int kMaxPurposeChars = 200;

// A platform of CreatePlatform under "platform.": kind and level (required), name 1..200
// characters, host (credit code, name, a Qingdao district: required), industry chain (optional,
// known), at most 50 occupations each known and named once ("platform.occupation_codes[i]"),
// approved_year kMinApprovedYear..`current_year`, leader (a person; required for a master
// studio, checked when given otherwise). `normalized` (when given) gets the platform as it is
// stored: those fields only, host and leader normalised.
void CheckPlatformDraft(const ReferenceData& reference, const v1::TalentPlatform& draft, int current_year,
                        FieldViolations& violations, v1::TalentPlatform* normalized = nullptr);

// An evaluation of RecordPlatformEvaluation under "evaluation.": year `approved_year` ..
// `current_year`, score 0..100, remarks at most 500 characters.
void CheckEvaluationDraft(const v1::PlatformEvaluation& draft, int approved_year, int current_year,
                          FieldViolations& violations);

// A grant of GrantPlatformFunding under "funding.": platform_id (a record id), year 2000..2100,
// amount_fen 1..kMaxFundingFen, purpose 1..200 characters.
void CheckFundingDraft(const v1::PlatformFunding& draft, FieldViolations& violations);

// 90-100 EXCELLENT, 75-89 GOOD, 60-74 PASS, otherwise FAIL.
v1::PerformanceGrade GradeOf(int score);

// OK while the platform is ACTIVE (it may be revoked, and take funding); PLATFORM_REVOKED.
absl::Status CheckPlatformActive(v1::PlatformStatus status);

// OK for GRANTED -> PAID and GRANTED -> CANCELLED; INVALID_FUNDING_TRANSITION otherwise.
absl::Status CheckFundingTransition(v1::FundingStatus from, v1::FundingStatus to);

// What a grant of `amount_fen` in `status` counts in the granted and paid totals (0 for
// UNSPECIFIED: a grant not yet made).
int64_t GrantedFen(v1::FundingStatus status, int64_t amount_fen);
int64_t PaidFen(v1::FundingStatus status, int64_t amount_fen);

// The platform with `evaluation` recorded: latest_evaluation replaced when the evaluation's year
// is at least the latest one's (or there is none).
void ApplyEvaluation(const v1::PlatformEvaluation& evaluation, v1::TalentPlatform& platform);

// The platform's funding totals after a grant moved from `from` to `to`.
void ApplyFundingChange(v1::FundingStatus from, v1::FundingStatus to, int64_t amount_fen, v1::TalentPlatform& platform);

v1::IncentiveEvent PlatformChangedEvent(const v1::TalentPlatform& platform, absl::Time now);
v1::IncentiveEvent FundingChangedEvent(const v1::PlatformFunding& funding, absl::Time now);

}  // namespace skillbridge::incentive

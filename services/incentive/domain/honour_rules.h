#pragma once
// The honour rules of the incentive service (measure 5, 形成技能人才激励新机制), as pure functions:
//   - a programme draft's fields (CreateHonourProgramme) and a nomination draft's citation;
//   - the programme workflow OPEN -> CLOSED (final) and the nomination workflow
//     NOMINATED -> UNDER_REVIEW -> AWARDED | REJECTED; NOMINATED -> REJECTED;
//     NOMINATED or UNDER_REVIEW -> WITHDRAWN (AWARDED, REJECTED and WITHDRAWN are final);
//   - the level a nominee must hold: the highest level evaluation reports (EvaluationLookup::
//     Qualifications, any occupation) against the programme's required_level;
//   - applying a nomination step to the record (status, times, version), the directory entry of
//     an awarded nomination, and the change events HonourProgrammeChanged and NominationChanged;
//   - the audit note of a nomination change (ID numbers masked).
// Errors (FAILED_PRECONDITION with a reason):
//   PROGRAMME_CLOSED               nominating, awarding or closing once the programme is CLOSED
//   INVALID_NOMINATION_TRANSITION  the step does not start from the nomination's state
//   QUOTA_EXHAUSTED                awarding once awarded_count has reached the quota
//   NOT_ELIGIBLE                   the nominee's highest level is below the required one (the
//                                  message names both levels, never the ID number)
// and INVALID_ARGUMENT naming the field for drafts. Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "services/incentive/client/evaluation_lookup.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr char kReasonProgrammeClosed[] = "PROGRAMME_CLOSED";
inline constexpr char kReasonInvalidNominationTransition[] = "INVALID_NOMINATION_TRANSITION";
inline constexpr char kReasonNotEligible[] = "NOT_ELIGIBLE";
inline constexpr char kReasonAlreadyNominated[] = "ALREADY_NOMINATED";
inline constexpr char kReasonQuotaExhausted[] = "QUOTA_EXHAUSTED";
inline constexpr char kReasonProgrammeNotFound[] = "PROGRAMME_NOT_FOUND";
inline constexpr char kReasonNominationNotFound[] = "NOMINATION_NOT_FOUND";

inline constexpr int kMinProgrammeYear = 2000;
inline constexpr int kMaxProgrammeYear = 2100;
inline constexpr int kMaxProgrammeTitleChars = 200;
inline constexpr int kMaxQuota = 10000;
inline constexpr int64_t kMaxAwardFen = 100000000;  // 1,000,000 yuan
inline constexpr int kMaxCitationChars = 2000;

// The fields of a programme a client sets: "<prefix>year" (2000..2100), "<prefix>kind" (required),
// "<prefix>title" (1..200 characters), "<prefix>quota" (1..10,000), "<prefix>award_fen"
// (0..100,000,000) and "<prefix>required_level" (UNSPECIFIED or a known level).
void CheckProgrammeDraft(const v1::HonourProgramme& programme, std::string_view prefix, FieldViolations& violations);

// "<prefix>citation": optional, at most 2,000 characters, no control characters.
void CheckCitation(std::string_view citation, std::string_view field, FieldViolations& violations);

// OK while a programme takes nominations and awards (OPEN); PROGRAMME_CLOSED otherwise.
absl::Status CheckProgrammeOpen(v1::ProgrammeStatus status);

// OK while the programme has a place left (awarded_count below quota); QUOTA_EXHAUSTED otherwise.
absl::Status CheckQuotaLeft(const v1::HonourProgramme& programme);

// OK when a nomination in `from` may move to `to` by a workflow step; INVALID_NOMINATION_TRANSITION
// naming both states otherwise.
absl::Status CheckNominationTransition(v1::NominationStatus from, v1::NominationStatus to);

// Whether `status` is final (AWARDED, REJECTED, WITHDRAWN).
bool IsFinalNominationStatus(v1::NominationStatus status);

// What the level check found: the highest level held and the certificate (or an introduction's
// outside certificate) holding it; UNSPECIFIED / "" when the person holds none.
struct VerifiedLevel {
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  std::string certificate_number;
};

// The highest of `held` (any order); NOT_ELIGIBLE when `required` is set and it is below it.
absl::StatusOr<VerifiedLevel> CheckEligibility(common::v1::SkillLevel required,
                                               const std::vector<HeldQualification>& held);

// Moves `nomination` to `to` at `now`: status, update_time, version + 1; decide_time when `to` is
// final; decision_reason for REJECTED and WITHDRAWN. The transition must have been checked.
void ApplyNominationStep(v1::Nomination& nomination, v1::NominationStatus to, std::string_view reason, absl::Time now);

// The programme's awarded_count is never stored with the record (it lives in the quota hash):
// the record as stored, without it.
v1::HonourProgramme ProgrammeRecord(const v1::HonourProgramme& programme);

// The directory entry of an AWARDED nomination of a LEADING_TALENT programme (ID number in full).
v1::LeadingTalent LeadingTalentOf(const v1::Nomination& nomination);

// HonourProgrammeChanged with the programme as it is (awarded_count as given in the record).
v1::IncentiveEvent HonourProgrammeChangedEvent(const v1::HonourProgramme& programme, absl::Time now);

// NominationChanged: the nomination as it is now; status_time = `now`; award_fen when AWARDED.
v1::IncentiveEvent NominationChangedEvent(const v1::Nomination& nomination, absl::Time now);

// The audit note of a nomination change: "<STATUS> <masked id number> programme <id>[: <reason>]",
// every ID number in it masked.
std::string NominationAuditDetail(const v1::Nomination& nomination);

}  // namespace skillbridge::incentive

#pragma once
// The first-destination rules of the education service (毕业去向 and 留青就业奖励), as pure
// functions:
//   - a FirstEmployment's fields by kind: IN_CITY needs the employer (valid credit code, name, a
//     district of the city), the chain optional (a known one); ELSEWHERE: employer optional, its
//     district and the chain empty; FURTHER_STUDY / NONE: employer, chain and occupation empty;
//     the start date real and not after today (not before the graduation: checked on the record);
//   - recording or correcting it on a GRADUATED record (FAILED_PRECONDITION NOT_GRADUATED otherwise); a
//     correction away from IN_CITY once the reward is granted: FAILED_PRECONDITION REWARD_GRANTED;
//   - the reward NONE -> GRANTED (IN_CITY only: FAILED_PRECONDITION NOT_ELIGIBLE; once:
//     REWARD_ALREADY_GRANTED) and GRANTED -> PAID (REWARD_NOT_GRANTED otherwise).
// The counters these move are student_rules.h RecordCounterDeltas. Pure functions; thread-safe.

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/education/v1/education.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonNotEligible[] = "NOT_ELIGIBLE";
inline constexpr char kReasonRewardAlreadyGranted[] = "REWARD_ALREADY_GRANTED";
inline constexpr char kReasonRewardGranted[] = "REWARD_GRANTED";
inline constexpr char kReasonRewardNotGranted[] = "REWARD_NOT_GRANTED";
inline constexpr char kReasonNotGraduated[] = "NOT_GRADUATED";

inline constexpr int64_t kMaxRewardFen = 10000000;  // 100,000 yuan

// The fields of `employment` under `prefix` (e.g. "first_employment"). `normalized`: the same
// with the employer's credit code upper-cased and only the fields its kind keeps.
void CheckFirstEmployment(const v1::FirstEmployment& employment, std::string_view prefix,
                          const ReferenceData& reference, const common::v1::Date& today, FieldViolations& violations,
                          v1::FirstEmployment* normalized);

// "amount_fen": 1 to 10,000,000.
void CheckRewardAmount(int64_t amount_fen, std::string_view field, FieldViolations& violations);

// The record with `employment` as its first destination (recorded or corrected).
absl::StatusOr<v1::Student> RecordFirstEmployment(const v1::Student& student, const v1::FirstEmployment& employment,
                                                  absl::Time now);
// NONE -> GRANTED with `amount_fen`.
absl::StatusOr<v1::Student> GrantReward(const v1::Student& student, int64_t amount_fen, absl::Time now);
// GRANTED -> PAID.
absl::StatusOr<v1::Student> MarkRewardPaid(const v1::Student& student, absl::Time now);

}  // namespace skillbridge::education

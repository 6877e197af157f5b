#include "services/education/domain/destination_rules.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"

namespace skillbridge::education {

namespace {

constexpr int kOccupationCodeMaxChars = 16;

void CheckOccupationCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  if (code.empty()) {
    return;
  }
  const bool shaped = code.size() <= kOccupationCodeMaxChars && absl::ascii_isdigit(code.front()) &&
                      std::all_of(code.begin(), code.end(), [](char c) { return absl::ascii_isdigit(c) || c == '-'; });
  if (!shaped) {
    violations.Add(std::string(field), "must be an occupation code of the national classification (digits and '-')");
  }
}

void RequireEmpty(std::string_view value, std::string_view field, std::string_view why, FieldViolations& violations) {
  if (!value.empty()) {
    violations.Add(std::string(field), Concat("must be empty ", why));
  }
}

void Changed(v1::Student& student, absl::Time now) {
  SetTimestamp(now, student.mutable_update_time());
  student.set_version(student.version() + 1);
}

bool RewardGranted(const v1::Student& student) {
  return student.reward_status() == v1::REWARD_STATUS_GRANTED || student.reward_status() == v1::REWARD_STATUS_PAID;
}

}  // namespace

void CheckFirstEmployment(const v1::FirstEmployment& employment, std::string_view prefix,
                          const ReferenceData& reference, const common::v1::Date& today, FieldViolations& violations,
                          v1::FirstEmployment* normalized) {
  const v1::EmploymentKind kind = employment.kind();
  CheckEnum(kind, v1::EmploymentKind_IsValid, /*required=*/true, FieldPath(prefix, "kind"), "an employment kind",
            violations);
  const std::string employer = FieldPath(prefix, "employer");
  const std::string chain = FieldPath(prefix, "industry_chain_code");
  const std::string occupation = FieldPath(prefix, "occupation_code");
  v1::FirstEmployment out;
  out.set_kind(kind);
  switch (kind) {
    case v1::EMPLOYMENT_KIND_IN_CITY:
      CheckOrgRef(employment.employer(), employer, reference, violations, out.mutable_employer());
      CheckIndustryChain(reference, employment.industry_chain_code(), chain, violations);
      CheckOccupationCode(employment.occupation_code(), occupation, violations);
      out.set_industry_chain_code(employment.industry_chain_code());
      out.set_occupation_code(employment.occupation_code());
      break;
    case v1::EMPLOYMENT_KIND_ELSEWHERE: {
      const std::string code_field = FieldPath(employer, "credit_code");
      if (!employment.employer().credit_code().empty()) {
        absl::StatusOr<std::string> code = NormalizeCreditCode(employment.employer().credit_code(), code_field);
        if (code.ok()) {
          out.mutable_employer()->set_credit_code(*code);
        } else {
          violations.AddStatus(code.status(), code_field);
        }
      }
      CheckText(employment.employer().name(), FieldPath(employer, "name"), /*required=*/false, kMaxOrgNameChars,
                violations);
      out.mutable_employer()->set_name(employment.employer().name());
      RequireEmpty(employment.employer().district_code(), FieldPath(employer, "district_code"),
                   "for a job outside the city", violations);
      RequireEmpty(employment.industry_chain_code(), chain, "for a job outside the city", violations);
      CheckOccupationCode(employment.occupation_code(), occupation, violations);
      out.set_occupation_code(employment.occupation_code());
      break;
    }
    case v1::EMPLOYMENT_KIND_FURTHER_STUDY:
    case v1::EMPLOYMENT_KIND_NONE: {
      const bool has_employer = !employment.employer().credit_code().empty() || !employment.employer().name().empty() ||
                                !employment.employer().district_code().empty();
      if (has_employer) {
        violations.Add(employer, "must be empty unless the graduate is employed");
      }
      RequireEmpty(employment.industry_chain_code(), chain, "unless the graduate is employed in the city", violations);
      RequireEmpty(employment.occupation_code(), occupation, "unless the graduate is employed", violations);
      break;
    }
    default:
      break;
  }
  CheckPastDate(employment.start_date(), FieldPath(prefix, "start_date"), today, violations);
  *out.mutable_start_date() = employment.start_date();
  if (normalized != nullptr) {
    *normalized = std::move(out);
  }
}

void CheckRewardAmount(int64_t amount_fen, std::string_view field, FieldViolations& violations) {
  if (amount_fen < 1 || amount_fen > kMaxRewardFen) {
    violations.Add(std::string(field), Concat("must be 1 to ", kMaxRewardFen, " fen"));
  }
}

absl::StatusOr<v1::Student> RecordFirstEmployment(const v1::Student& student, const v1::FirstEmployment& employment,
                                                  absl::Time now) {
  if (student.status() != v1::STUDENT_STATUS_GRADUATED) {
    return FailedPreconditionError(kReasonNotGraduated,
                                   Concat("student ", student.id(), " is ", v1::StudentStatus_Name(student.status()),
                                          ": a first destination is recorded for a graduate"));
  }
  if (IsDateAfter(student.status_date(), employment.start_date())) {
    return InvalidArgumentError("first_employment.start_date", "must not be before the graduation date");
  }
  if (RewardGranted(student) && employment.kind() != v1::EMPLOYMENT_KIND_IN_CITY) {
    return FailedPreconditionError(kReasonRewardGranted,
                                   Concat("student ", student.id(),
                                          " was granted the first-employment-in-city reward: the first destination "
                                          "stays in the city"));
  }
  v1::Student updated = student;
  *updated.mutable_first_employment() = employment;
  if (updated.reward_status() == v1::REWARD_STATUS_UNSPECIFIED) {
    updated.set_reward_status(v1::REWARD_STATUS_NONE);
  }
  Changed(updated, now);
  return updated;
}

absl::StatusOr<v1::Student> GrantReward(const v1::Student& student, int64_t amount_fen, absl::Time now) {
  if (RewardGranted(student)) {
    return FailedPreconditionError(kReasonRewardAlreadyGranted,
                                   Concat("student ", student.id(), " was granted the reward already"));
  }
  if (student.status() != v1::STUDENT_STATUS_GRADUATED ||
      student.first_employment().kind() != v1::EMPLOYMENT_KIND_IN_CITY) {
    return FailedPreconditionError(
        kReasonNotEligible,
        Concat("student ", student.id(), " is not a graduate whose first destination is a job in the city"));
  }
  v1::Student updated = student;
  updated.set_reward_status(v1::REWARD_STATUS_GRANTED);
  updated.set_reward_fen(amount_fen);
  Changed(updated, now);
  return updated;
}

absl::StatusOr<v1::Student> MarkRewardPaid(const v1::Student& student, absl::Time now) {
  if (student.reward_status() != v1::REWARD_STATUS_GRANTED) {
    return FailedPreconditionError(kReasonRewardNotGranted, Concat("student ", student.id(), "'s reward is ",
                                                                   v1::RewardStatus_Name(student.reward_status()),
                                                                   ": only a GRANTED one is paid"));
  }
  v1::Student updated = student;
  updated.set_reward_status(v1::REWARD_STATUS_PAID);
  Changed(updated, now);
  return updated;
}

}  // namespace skillbridge::education

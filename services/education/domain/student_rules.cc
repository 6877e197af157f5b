#include "services/education/domain/student_rules.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

namespace {

bool TrainsLevel(const v1::Specialty& specialty, v1::TrainingLevel level) {
  return std::find(specialty.levels().begin(), specialty.levels().end(), level) != specialty.levels().end();
}

absl::Status TransitionError(const v1::Student& student, std::string_view step) {
  return FailedPreconditionError(kReasonInvalidStudentTransition,
                                 Concat("student ", student.id(), " is ", v1::StudentStatus_Name(student.status()),
                                        ": only an ENROLLED record can be ", step));
}

// The status date of a step: a real date, not before the enrolment, not after today.
absl::Status CheckStepDate(const v1::Student& student, const common::v1::Date& date, std::string_view field,
                           const common::v1::Date& today) {
  FieldViolations violations;
  if (CheckPastDate(date, field, today, violations) && IsDateAfter(student.enrol_date(), date)) {
    violations.Add(std::string(field), "must not be before the enrolment date");
  }
  return violations.ToStatus();
}

void Step(v1::Student& student, v1::StudentStatus status, const common::v1::Date& date, absl::Time now) {
  student.set_status(status);
  *student.mutable_status_date() = date;
  SetTimestamp(now, student.mutable_update_time());
  student.set_version(student.version() + 1);
}

using Counters = std::map<std::pair<std::string, std::string>, int64_t>;

void Count(Counters& counters, std::string key, std::string field, int64_t amount) {
  if (amount != 0) {
    counters[{std::move(key), std::move(field)}] += amount;
  }
}

// What one state of a record counts for (see RecordCounterDeltas), with `sign` +1 or -1.
void CountRecord(const v1::Student& s, int change_year, int64_t sign, Counters& counters) {
  const std::string& district = s.district_code();
  const std::string now_key(keys::kNow);
  const std::string load_key(keys::kSpecialtyLoad);
  if (s.status() == v1::STUDENT_STATUS_ENROLLED) {
    Count(counters, now_key, keys::NowField(district, keys::NowMeasure::kStudentsEnrolled), sign);
    Count(counters, load_key, keys::SpecialtyRef(s.school_credit_code(), s.specialty_code()), sign);
    Count(counters, load_key,
          keys::SpecialtyLevelLoad(s.school_credit_code(), s.specialty_code(), static_cast<int>(s.target_level())),
          sign);
  }
  if (s.transferred_from().empty()) {
    Count(counters, keys::Stats(s.enrol_date().year()), keys::YearField(district, keys::YearMeasure::kEnrolled), sign);
  }
  const int status_year = s.status_date().year();
  switch (s.status()) {
    case v1::STUDENT_STATUS_GRADUATED: {
      const std::string year_key = keys::Stats(status_year);
      Count(counters, year_key, keys::YearField(district, keys::YearMeasure::kGraduated), sign);
      const v1::EmploymentKind kind = s.first_employment().kind();
      if (kind != v1::EMPLOYMENT_KIND_UNSPECIFIED) {
        Count(counters, year_key, keys::YearField(district, keys::YearMeasure::kDestinationsRecorded), sign);
      }
      if (kind == v1::EMPLOYMENT_KIND_IN_CITY) {
        Count(counters, year_key, keys::YearField(district, keys::YearMeasure::kEmployedInCity), sign);
      }
      break;
    }
    case v1::STUDENT_STATUS_WITHDRAWN:
      Count(counters, keys::Stats(status_year), keys::YearField(district, keys::YearMeasure::kWithdrawn), sign);
      break;
    case v1::STUDENT_STATUS_TRANSFERRED:
      Count(counters, keys::Stats(status_year), keys::YearField(district, keys::YearMeasure::kTransferred), sign);
      break;
    default:
      break;
  }
  const v1::RewardStatus reward = s.reward_status();
  if (reward == v1::REWARD_STATUS_GRANTED || reward == v1::REWARD_STATUS_PAID) {
    Count(counters, keys::Stats(change_year), keys::YearField(district, keys::YearMeasure::kRewardGrantedFen),
          sign * s.reward_fen());
  }
  if (reward == v1::REWARD_STATUS_PAID) {
    Count(counters, keys::Stats(change_year), keys::YearField(district, keys::YearMeasure::kRewardPaidFen),
          sign * s.reward_fen());
  }
}

}  // namespace

void CheckStudentId(std::string_view id, std::string_view field, FieldViolations& violations) {
  if (id.empty()) {
    violations.Add(std::string(field), "the student id is required");
    return;
  }
  const bool shaped = id.size() == 12 && id.substr(0, 2) == "ST" &&
                      std::all_of(id.begin() + 2, id.end(), [](char c) { return absl::ascii_isdigit(c); });
  if (!shaped) {
    violations.Add(std::string(field), "must be \"ST\" followed by 10 digits");
  }
}

void CheckEnrolmentRow(const v1::EnrolmentRow& row, std::string_view prefix, const common::v1::Date& today,
                       FieldViolations& violations, common::v1::PersonRef* normalized) {
  CheckPerson(row.person(), FieldPath(prefix, "person"), violations, normalized);
  CheckCatalogueCode(row.specialty_code(), FieldPath(prefix, "specialty_code"), violations);
  const std::string cohort_field = FieldPath(prefix, "cohort");
  const bool cohort_ok = row.cohort() >= kMinCohort && row.cohort() <= today.year() + 1;
  if (!cohort_ok) {
    violations.Add(cohort_field, Concat("must be ", kMinCohort, " to ", today.year() + 1));
  }
  CheckEnum(row.target_level(), v1::TrainingLevel_IsValid, /*required=*/true, FieldPath(prefix, "target_level"),
            "a training level", violations);
  const std::string date_field = FieldPath(prefix, "enrol_date");
  if (CheckDate(row.enrol_date(), date_field, violations)) {
    if (ToCivilDay(row.enrol_date()) > ToCivilDay(today) + kMaxEnrolAheadDays) {
      violations.Add(date_field, Concat("must not be more than ", kMaxEnrolAheadDays, " days after today"));
    } else if (cohort_ok && row.enrol_date().year() < row.cohort() - 1) {
      violations.Add(date_field, "must not be more than a year before the cohort year");
    }
  }
}

void CheckGraduationRow(const v1::GraduationRow& row, std::string_view prefix, FieldViolations& violations) {
  CheckStudentId(row.student_id(), FieldPath(prefix, "student_id"), violations);
  CheckDate(row.graduation_date(), FieldPath(prefix, "graduation_date"), violations);
}

void CheckWithdrawalRequest(const v1::WithdrawStudentRequest& request, FieldViolations& violations) {
  CheckStudentId(request.id(), "id", violations);
  CheckEnum(request.reason(), v1::WithdrawalReason_IsValid, /*required=*/true, "reason", "a withdrawal reason",
            violations);
  CheckText(request.reason_text(), "reason_text", request.reason() == v1::WITHDRAWAL_REASON_OTHER,
            skillbridge::kMaxReasonChars, violations);
  CheckDate(request.withdrawal_date(), "withdrawal_date", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
}

void CheckTransferRequest(const v1::TransferStudentRequest& request, FieldViolations& violations) {
  CheckStudentId(request.id(), "id", violations);
  CheckCreditCode(request.to_school_credit_code(), "to_school_credit_code", violations);
  CheckCatalogueCode(request.to_specialty_code(), "to_specialty_code", violations);
  CheckEnum(request.target_level(), v1::TrainingLevel_IsValid, /*required=*/true, "target_level", "a training level",
            violations);
  CheckDate(request.transfer_date(), "transfer_date", violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
}

absl::Status CheckEnrolmentTarget(const v1::School& school, const v1::Specialty& specialty, v1::TrainingLevel level,
                                  std::string_view level_field) {
  if (school.status() != v1::SCHOOL_STATUS_ACTIVE) {
    return FailedPreconditionError(kReasonSchoolClosed,
                                   Concat("school ", school.org().credit_code(), " is closed: it enrols no students"));
  }
  if (specialty.status() != v1::SPECIALTY_STATUS_ACTIVE) {
    return FailedPreconditionError(kReasonSpecialtyClosed, Concat("specialty ", specialty.code(), " of school ",
                                                                  school.org().credit_code(), " is closed"));
  }
  if (!TrainsLevel(specialty, level) || !KindTrains(school.kind(), level)) {
    return ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, kReasonLevelNotTrained,
        Concat(level_field, ": specialty ", specialty.code(), " does not train ", v1::TrainingLevel_Name(level)));
  }
  return absl::OkStatus();
}

v1::Student NewEnrolledStudent(const v1::EnrolmentRow& row, const common::v1::PersonRef& person,
                               const v1::School& school, const v1::Specialty& specialty, absl::Time now) {
  v1::Student student;
  *student.mutable_person() = person;
  student.set_school_credit_code(school.org().credit_code());
  student.set_specialty_code(specialty.code());
  student.set_cohort(row.cohort());
  student.set_target_level(row.target_level());
  *student.mutable_enrol_date() = row.enrol_date();
  student.set_status(v1::STUDENT_STATUS_ENROLLED);
  student.set_district_code(school.org().district_code());
  student.set_industry_chain_code(specialty.industry_chain_code());
  student.set_school_name(school.org().name());
  student.set_specialty_name(specialty.name());
  student.set_reward_status(v1::REWARD_STATUS_NONE);
  SetTimestamp(now, student.mutable_create_time());
  SetTimestamp(now, student.mutable_update_time());
  student.set_version(1);
  return student;
}

absl::StatusOr<v1::Student> Graduate(const v1::Student& student, const common::v1::Date& date,
                                     std::string_view date_field, const common::v1::Date& today, absl::Time now) {
  if (student.status() != v1::STUDENT_STATUS_ENROLLED) {
    return TransitionError(student, "graduated");
  }
  if (absl::Status dated = CheckStepDate(student, date, date_field, today); !dated.ok()) {
    return dated;
  }
  v1::Student updated = student;
  Step(updated, v1::STUDENT_STATUS_GRADUATED, date, now);
  return updated;
}

absl::StatusOr<v1::Student> Withdraw(const v1::Student& student, const v1::WithdrawStudentRequest& request,
                                     const common::v1::Date& today, absl::Time now) {
  if (student.status() != v1::STUDENT_STATUS_ENROLLED) {
    return TransitionError(student, "withdrawn");
  }
  if (absl::Status dated = CheckStepDate(student, request.withdrawal_date(), "withdrawal_date", today); !dated.ok()) {
    return dated;
  }
  v1::Student updated = student;
  Step(updated, v1::STUDENT_STATUS_WITHDRAWN, request.withdrawal_date(), now);
  updated.set_withdrawal_reason(request.reason());
  updated.set_status_reason(request.reason_text());
  return updated;
}

absl::StatusOr<TransferredRecords> Transfer(const v1::Student& student, const v1::TransferStudentRequest& request,
                                            const v1::School& school, const v1::Specialty& specialty,
                                            std::string_view new_id, const common::v1::Date& today, absl::Time now) {
  if (student.status() != v1::STUDENT_STATUS_ENROLLED) {
    return TransitionError(student, "transferred");
  }
  if (student.school_credit_code() == school.org().credit_code() && student.specialty_code() == specialty.code()) {
    return InvalidArgumentError("to_specialty_code", "the destination is the specialty the student is enrolled in");
  }
  if (absl::Status dated = CheckStepDate(student, request.transfer_date(), "transfer_date", today); !dated.ok()) {
    return dated;
  }
  if (absl::Status target = CheckEnrolmentTarget(school, specialty, request.target_level(), "target_level");
      !target.ok()) {
    return target;
  }
  TransferredRecords records;
  records.from = student;
  Step(records.from, v1::STUDENT_STATUS_TRANSFERRED, request.transfer_date(), now);
  records.from.set_status_reason(request.reason());
  records.from.set_transferred_to(std::string(new_id));

  v1::EnrolmentRow row;
  row.set_cohort(student.cohort());
  row.set_target_level(request.target_level());
  *row.mutable_enrol_date() = request.transfer_date();
  records.to = NewEnrolledStudent(row, student.person(), school, specialty, now);
  records.to.set_id(std::string(new_id));
  records.to.set_transferred_from(student.id());
  return records;
}

std::vector<CounterDelta> RecordCounterDeltas(const std::optional<v1::Student>& before,
                                              const std::optional<v1::Student>& after, int change_year) {
  Counters counters;
  if (before.has_value()) {
    CountRecord(*before, change_year, -1, counters);
  }
  if (after.has_value()) {
    CountRecord(*after, change_year, +1, counters);
  }
  std::vector<CounterDelta> deltas;
  for (auto& [key, amount] : counters) {
    if (amount != 0) {
      deltas.push_back(CounterDelta{key.first, key.second, amount});
    }
  }
  return deltas;
}

v1::EducationEvent StudentChangedEvent(const v1::Student& student, absl::Time now) {
  v1::EducationEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::StudentChanged& changed = *event.mutable_student_changed();
  changed.set_student_id(student.id());
  *changed.mutable_person() = student.person();
  changed.set_school_credit_code(student.school_credit_code());
  changed.set_specialty_code(student.specialty_code());
  changed.set_district_code(student.district_code());
  changed.set_industry_chain_code(student.industry_chain_code());
  changed.set_cohort(student.cohort());
  changed.set_target_level(student.target_level());
  changed.set_status(student.status());
  *changed.mutable_enrol_date() = student.enrol_date();
  if (student.has_status_date()) {
    *changed.mutable_status_date() = student.status_date();
  }
  changed.set_transferred_from(student.transferred_from());
  changed.set_transferred_to(student.transferred_to());
  const v1::FirstEmployment& first = student.first_employment();
  changed.set_employment_kind(first.kind());
  changed.set_employer_credit_code(first.employer().credit_code());
  if (first.kind() == v1::EMPLOYMENT_KIND_IN_CITY) {
    changed.set_employer_district_code(first.employer().district_code());
    changed.set_employer_industry_chain_code(first.industry_chain_code());
  }
  changed.set_reward_status(student.reward_status());
  changed.set_reward_fen(student.reward_fen());
  changed.set_withdrawal_reason(student.withdrawal_reason());
  *changed.mutable_update_time() = student.update_time();
  return event;
}

std::string StudentAuditDetail(const v1::Student& student) {
  return Concat(v1::StudentStatus_Name(student.status()), " ", MaskCitizenId(student.person().id_number()), " ",
                student.school_credit_code(), "/", student.specialty_code());
}

}  // namespace skillbridge::education

#pragma once
// The student-record rules of the education service (measure 6, 学籍), as pure functions:
//   - the fields of an enrolment row (EnrolmentRow), a graduation row (GraduationRow), a
//     withdrawal and a transfer, each violation named by its field path (e.g.
//     "rows[3].person.id_number");
//   - what an enrolment needs of its specialty: ACTIVE (SPECIALTY_CLOSED) and training the target
//     level (LEVEL_NOT_TRAINED, naming the field); the school ACTIVE (SCHOOL_CLOSED);
//   - the workflow ENROLLED -> GRADUATED | WITHDRAWN | TRANSFERRED (final states): applying a
//     step to the record (status, date, version, update time), the new record a transfer opens;
//   - the counters a record's change moves (RecordCounterDeltas): students enrolled now (by the
//     school's district), the year's flows (enrolled, graduated, withdrawn, transferred, first
//     destinations, employed in the city, rewards granted and paid) and the specialty load
//     (students ENROLLED per specialty and per level), as the difference between what the record
//     counts for before and after the change;
//   - the change event StudentChanged.
// Errors: INVALID_ARGUMENT naming the field; FAILED_PRECONDITION with a reason below.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonAlreadyEnrolled[] = "ALREADY_ENROLLED";
inline constexpr char kReasonStudentNotFound[] = "STUDENT_NOT_FOUND";
inline constexpr char kReasonInvalidStudentTransition[] = "INVALID_STUDENT_TRANSITION";
inline constexpr char kReasonDuplicatePerson[] = "DUPLICATE_PERSON";
inline constexpr char kReasonDuplicateStudent[] = "DUPLICATE_STUDENT";
inline constexpr char kReasonStudentOfOtherSchool[] = "STUDENT_OF_OTHER_SCHOOL";
// SCHOOL_CLOSED, SPECIALTY_CLOSED and LEVEL_NOT_TRAINED are school_rules.h's and specialty_rules.h's.

inline constexpr int kMinCohort = 2000;
inline constexpr int kMaxEnrolAheadDays = 366;

// "<prefix>.person" (citizen ID and name), "<prefix>.specialty_code" (a catalogue code:
// specialty_rules.h CheckCatalogueCode), "<prefix>.cohort" (2000 to today's year + 1),
// "<prefix>.target_level" (required) and "<prefix>.enrol_date" (a real date, not after today +
// 366 days, not before 1 January of the year before the cohort). `normalized`: the person with
// the canonical ID number.
void CheckEnrolmentRow(const v1::EnrolmentRow& row, std::string_view prefix, const common::v1::Date& today,
                       FieldViolations& violations, common::v1::PersonRef* normalized);

// A student id: "ST" + 10 digits.
void CheckStudentId(std::string_view id, std::string_view field, FieldViolations& violations);

// "<prefix>.student_id" and "<prefix>.graduation_date" (a real date).
void CheckGraduationRow(const v1::GraduationRow& row, std::string_view prefix, FieldViolations& violations);

// The fields of a withdrawal and of a transfer (the request's own paths).
void CheckWithdrawalRequest(const v1::WithdrawStudentRequest& request, FieldViolations& violations);
void CheckTransferRequest(const v1::TransferStudentRequest& request, FieldViolations& violations);

// What an enrolment (or a transfer's destination) needs: the school ACTIVE (SCHOOL_CLOSED), the
// specialty ACTIVE (SPECIALTY_CLOSED), and `level` trained by the specialty and by the school's
// kind (LEVEL_NOT_TRAINED naming `level_field`).
absl::Status CheckEnrolmentTarget(const v1::School& school, const v1::Specialty& specialty, v1::TrainingLevel level,
                                  std::string_view level_field);

// A new ENROLLED record (id left to the caller) of `person` at `school` / `specialty`, with the
// school's name and district and the specialty's name and chain, version 1.
v1::Student NewEnrolledStudent(const v1::EnrolmentRow& row, const common::v1::PersonRef& person,
                               const v1::School& school, const v1::Specialty& specialty, absl::Time now);

// ENROLLED -> GRADUATED on `date` (not before the enrolment date: INVALID_ARGUMENT naming
// `date_field`; not after `today`). FAILED_PRECONDITION INVALID_STUDENT_TRANSITION from another state.
absl::StatusOr<v1::Student> Graduate(const v1::Student& student, const common::v1::Date& date,
                                     std::string_view date_field, const common::v1::Date& today, absl::Time now);
// ENROLLED -> WITHDRAWN with the reason, on the date (bounded as a graduation's).
absl::StatusOr<v1::Student> Withdraw(const v1::Student& student, const v1::WithdrawStudentRequest& request,
                                     const common::v1::Date& today, absl::Time now);

// A transfer: the closed record (TRANSFERRED, transferred_to = `new_id`) and the new ENROLLED
// record (`new_id`, transferred_from the old one, enrolled on the transfer date at the
// destination, the same person and cohort).
struct TransferredRecords {
  v1::Student from;
  v1::Student to;
};
absl::StatusOr<TransferredRecords> Transfer(const v1::Student& student, const v1::TransferStudentRequest& request,
                                            const v1::School& school, const v1::Specialty& specialty,
                                            std::string_view new_id, const common::v1::Date& today, absl::Time now);

// One counter a change moves: HINCRBY `key` `field` `amount`.
struct CounterDelta {
  std::string key;
  std::string field;
  int64_t amount = 0;
  bool operator==(const CounterDelta& other) const {
    return key == other.key && field == other.field && amount == other.amount;
  }
};
// The counters that move when a record goes from `before` (nullopt: it did not exist) to `after`
// (nullopt: it no longer exists), in key/field order, zeros left out. What a record counts for:
//   education:now            "<district>|enrolled" 1 while ENROLLED;
//   education:stats:<year>   "<district>|enrolled" 1 in its enrol date's year unless opened by a
//                            transfer; graduated / withdrawn / transferred 1 in its status
//                            date's year; destinations 1 once GRADUATED with a first destination,
//                            in_city 1 when that is IN_CITY (graduation year); reward_granted_fen
//                            the amount once GRANTED or PAID, reward_paid_fen once PAID — these
//                            two in `change_year` (the reward's day), as they only move by the step;
//   education:specialtyload  "<school>|<code>" and "<school>|<code>|<level>" 1 while ENROLLED.
std::vector<CounterDelta> RecordCounterDeltas(const std::optional<v1::Student>& before,
                                              const std::optional<v1::Student>& after, int change_year);

// The change event of a record's state.
v1::EducationEvent StudentChangedEvent(const v1::Student& student, absl::Time now);

// The audit note of a record (ID number masked): "<status> <school>/<specialty>".
std::string StudentAuditDetail(const v1::Student& student);

}  // namespace skillbridge::education

#pragma once
// What the student and destination handlers (student_handlers.cc, destination_handlers.cc) share:
// loading a student record, its school and a specialty with the NOT_FOUND of each, the
// ALREADY_ENROLLED error of a person (naming the school of the existing record only to callers
// entitled to see it; the ID number masked always), the opening of a change to one record (load,
// scope, replay, expected version), and a student as a caller may see it.
// Errors: NOT_FOUND STUDENT_NOT_FOUND / SCHOOL_NOT_FOUND / SPECIALTY_NOT_FOUND; store errors as
// returned. Thread-safe as the stores are.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/server/call_context.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "services/education/api/handler_support.h"
#include "services/education/api/resource_names.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/domain/student_rules.h"
#include "services/education/store/school_store.h"
#include "services/education/store/specialty_store.h"
#include "services/education/store/student_store.h"

namespace skillbridge::education {

inline absl::StatusOr<Stored<v1::Student>> LoadStudent(StudentStore& students, std::string_view id) {
  return RequireRecord(students.GetStudent(id), NotFoundError(kReasonStudentNotFound, Concat("no student ", id)));
}

inline absl::StatusOr<Stored<v1::School>> LoadStudentSchool(SchoolStore& schools, std::string_view credit_code) {
  return RequireRecord(schools.GetSchool(credit_code),
                       NotFoundError(kReasonSchoolNotFound, Concat("no school ", credit_code)));
}

inline absl::StatusOr<Stored<v1::Specialty>> LoadStudentSpecialty(SpecialtyStore& specialties, std::string_view school,
                                                                  std::string_view code) {
  return RequireRecord(specialties.GetSpecialty(school, code),
                       NotFoundError(kReasonSpecialtyNotFound, Concat("school ", school, " has no specialty ", code)));
}

// FAILED_PRECONDITION ALREADY_ENROLLED for the person `id_number`: the existing record's id and
// school are named when `principal` may read that school's students with ID numbers.
inline absl::Status AlreadyEnrolledError(const Principal& principal, StudentStore& students,
                                         std::string_view id_number) {
  const std::string masked = MaskCitizenId(id_number);
  std::string where = " at another school";
  absl::StatusOr<std::string> active = students.ActiveEnrolmentOf(id_number);
  if (active.ok() && !active->empty()) {
    absl::StatusOr<std::optional<Stored<v1::Student>>> existing = students.GetStudent(*active);
    if (existing.ok() && existing->has_value()) {
      const v1::Student& record = (*existing)->record;
      if (principal.role != common::v1::ROLE_VIEWER &&
          CheckStudentReadScope(principal, record.school_credit_code(), record.district_code()).ok()) {
        where = Concat(" (student ", record.id(), " at ", record.school_name(), ", ", record.school_credit_code(), ")");
      }
    }
  }
  return FailedPreconditionError(kReasonAlreadyEnrolled, Concat("the person ", masked, " is enrolled already", where,
                                                                ": one active enrolment per person"));
}

// `status`, or the detailed ALREADY_ENROLLED error when it is the write's refusal of that reason.
inline absl::Status DetailEnrolmentRefusal(const absl::Status& status, const Principal& principal,
                                           StudentStore& students, std::string_view id_number) {
  if (!status.ok() && ReasonOf(status) == kReasonAlreadyEnrolled) {
    return AlreadyEnrolledError(principal, students, id_number);
  }
  return status;
}

// Who may change a student record: the school's side (CheckSchoolScope: the school, its district
// officer, ADMIN) or the bureau (CheckBureauScope: the district officer, ADMIN).
enum class StudentChanger { kSchool, kBureau };

// Opens a change to the record `id`: loads it (STUDENT_NOT_FOUND), checks the caller's scope
// (OUT_OF_SCOPE), answers a replay of `request_id` (nullopt: `response` holds the first answer)
// and checks `expected_version` (VERSION_MISMATCH); the record as read otherwise.
template <typename Response>
absl::StatusOr<std::optional<Stored<v1::Student>>> OpenStudentChange(EducationStore& store, StudentStore& students,
                                                                     const CallContext& call, StudentChanger who,
                                                                     std::string_view id, const std::string& request_id,
                                                                     int64_t expected_version, Response* response) {
  SB_ASSIGN_OR_RETURN(Stored<v1::Student> old, LoadStudent(students, id));
  SB_RETURN_IF_ERROR(who == StudentChanger::kSchool
                         ? CheckSchoolScope(call.principal, old.record.school_credit_code(), old.record.district_code())
                         : CheckBureauScope(call.principal, old.record.district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store, call, request_id, response));
  if (replayed) {
    return std::nullopt;
  }
  SB_RETURN_IF_ERROR(CheckExpectedVersion(old.record.version(), expected_version, names::Student(id)));
  return std::optional<Stored<v1::Student>>(std::move(old));
}

// The record as `principal` may see it.
inline v1::Student StudentFor(const Principal& principal, v1::Student student) {
  MaskPersonFor(principal, *student.mutable_person());
  return student;
}

}  // namespace skillbridge::education

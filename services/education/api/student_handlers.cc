// The student records (学籍): EnrolStudent, BatchEnrolStudents, GetStudent, ListStudents,
// GraduateStudent, BatchGraduateStudents, WithdrawStudent, TransferStudent.
//
// Every mutation: the request's fields (domain/student_rules.h, field paths as sent), the scope of
// the school (the school itself, its district officer, ADMIN; a transfer: of the source school),
// idempotent replay, the record's state and expected_version, then one write of the store
// (store/student_store.h) whose guards decide the races (one active enrolment per person, the
// destination ACTIVE and as read, the record as read).
// The batch calls answer row by row: a row's fields, a person (or a student) twice in one call
// (the later row INVALID_ARGUMENT naming its field), a specialty that is missing, closed or does
// not train the level, a record of another school or in another state — each refuses that row
// only. The rows that pass are written in chunks over fixed request-index ranges, each chunk one
// script call with one batch record "<idempotency key>#<first index>": a retry of the call is
// answered with the first call's results (the records as they are now), and other content under
// the same request_id is refused (REQUEST_ID_REUSED).

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/server/batch_results.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/education/api/education_handlers.h"
#include "services/education/api/handler_support.h"
#include "services/education/api/resource_names.h"
#include "services/education/api/student_handler_support.h"
#include "services/education/domain/school_rules.h"
#include "services/education/domain/specialty_rules.h"
#include "services/education/domain/student_rules.h"
#include "services/education/store/education_store.h"

namespace skillbridge::education {

namespace {

std::string RowPrefix(int index) { return Concat("rows[", index, "]"); }

// A batch row on its way to the store: its status, the write it makes when the status is OK, and
// the record it answers with.
struct BatchRow {
  absl::Status status;
  std::string id_number;   // enrolment rows: the person (for the ALREADY_ENROLLED message)
  std::string student_id;  // graduation rows: the record (its id is not drawn)
  std::optional<EnrolmentWrite> enrolment;
  std::optional<StudentChange> change;
  std::optional<v1::Student> stored;
  std::string drawn_id;
};

enum class BatchKind { kEnrolment, kGraduation };

// Writes the rows' enrolments or changes chunk by chunk; records each row's outcome in `rows`.
// A retried chunk answers with its recorded outcomes, whatever the rows' state is now (a row the
// first call stored fails its transition now); a row that passes now but was not recorded is
// REQUEST_ID_REUSED.
absl::Status WriteBatch(const CallContext& call, StudentStore& students, BatchKind kind, const std::string& request_id,
                        std::vector<BatchRow>& rows) {
  const int count = static_cast<int>(rows.size());
  const std::string batch_key = IdempotencyKey(call, request_id);
  std::vector<std::string> replayed_ids;
  std::vector<int> replayed_rows;
  for (int begin = 0; begin < count; begin += StudentStore::kChunkRows) {
    const int end = std::min(count, begin + StudentStore::kChunkRows);
    std::vector<EnrolmentWrite> enrolments;
    std::vector<StudentChange> changes;
    std::vector<int> indexes;
    for (int i = begin; i < end; ++i) {
      if (!rows[i].status.ok()) {
        continue;
      }
      indexes.push_back(i);
      if (rows[i].enrolment.has_value()) {
        enrolments.push_back(*rows[i].enrolment);
      } else {
        changes.push_back(*rows[i].change);
      }
    }
    const std::string record_key = batch_key.empty() ? std::string() : Concat(batch_key, "#", begin);
    if (indexes.empty() && record_key.empty()) {
      continue;
    }
    ChunkOutcome chunk;
    if (kind == BatchKind::kEnrolment) {
      SB_ASSIGN_OR_RETURN(chunk, students.EnrolChunk(enrolments, indexes, record_key, call.request_fingerprint));
    } else {
      SB_ASSIGN_OR_RETURN(chunk, students.ChangeChunk(changes, indexes, record_key, call.request_fingerprint));
    }
    if (chunk.replayed) {
      // A request_id names one call: other content under it is refused (the first chunk is the
      // first write, so nothing has been written then).
      SB_RETURN_IF_ERROR(CheckSameRequest(call, chunk.recorded_fingerprint));
    }
    std::set<int> recorded;
    for (RowOutcome& outcome : chunk.rows) {
      if (outcome.index < begin || outcome.index >= end) {
        return absl::DataLossError("a student batch record names a row outside its chunk");
      }
      BatchRow& row = rows[outcome.index];
      recorded.insert(outcome.index);
      row.status = std::move(outcome.status);
      if (!row.status.ok()) {
        continue;
      }
      if (chunk.replayed) {
        if (!outcome.drawn_id.empty()) {
          replayed_ids.push_back(outcome.drawn_id);
        } else if (!row.student_id.empty()) {
          replayed_ids.push_back(row.student_id);
        } else {
          return absl::DataLossError("a student batch record holds an accepted row without its record");
        }
        replayed_rows.push_back(outcome.index);
      } else if (row.enrolment.has_value()) {
        row.stored = row.enrolment->student;
        row.stored->set_id(outcome.drawn_id);
      } else {
        row.stored = row.change->updated;
      }
    }
    if (chunk.replayed) {
      for (int i = begin; i < end; ++i) {
        if (!recorded.contains(i) && rows[i].status.ok()) {
          rows[i].status = FailedPreconditionError(
              "REQUEST_ID_REUSED",
              "the first call with this request_id did not store this row; send it again under a new request_id");
        }
      }
    }
  }
  SB_ASSIGN_OR_RETURN(auto earlier, students.GetStudents(replayed_ids));
  for (size_t k = 0; k < earlier.size(); ++k) {
    if (!earlier[k].has_value()) {
      return absl::DataLossError(Concat("student ", replayed_ids[k], " of a batch is missing"));
    }
    rows[replayed_rows[k]].stored = std::move(earlier[k]->record);
  }
  return absl::OkStatus();
}

// The response of a batch: one result per row, the accepted ones as the caller may see them.
template <typename Response>
void AnswerBatch(const CallContext& call, StudentStore& students, std::vector<BatchRow>& rows, Response* response) {
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    BatchRow& row = rows[i];
    absl::Status status = row.stored.has_value() ? absl::OkStatus() : row.status;
    if (!row.id_number.empty()) {
      status = DetailEnrolmentRefusal(status, call.principal, students, row.id_number);
    }
    AddItemResult(call, response, i, status, [&](v1::BatchStudentResult* result) {
      *result->mutable_student() = StudentFor(call.principal, *std::move(row.stored));
    });
  }
}

// The school of a batch or an enrolment, with the caller's scope over it.
absl::StatusOr<Stored<v1::School>> LoadScopedSchool(EducationStore& store, const CallContext& call,
                                                    const std::string& credit_code) {
  SchoolStore schools(store.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::School> school, LoadStudentSchool(schools, credit_code));
  SB_RETURN_IF_ERROR(CheckSchoolScope(call.principal, credit_code, school.record.org().district_code()));
  return school;
}

// A new record of `row` at `school`, its write, or why the row cannot be enrolled.
absl::StatusOr<EnrolmentWrite> PrepareEnrolment(const CallContext& call, const v1::EnrolmentRow& row,
                                                const common::v1::PersonRef& person, const v1::School& school,
                                                const absl::StatusOr<Stored<v1::Specialty>>& specialty,
                                                std::string_view prefix, const std::string& request_id) {
  if (!specialty.ok()) {
    return specialty.status();
  }
  SB_RETURN_IF_ERROR(
      CheckEnrolmentTarget(school, specialty->record, row.target_level(), FieldPath(prefix, "target_level")));
  const RedisSequence id = EducationStore::NewId(EducationStore::IdKind::kStudent);
  EnrolmentWrite write;
  write.student = NewEnrolledStudent(row, person, school, specialty->record, call.now);
  write.student.set_id(id.marker);
  write.specialty_bytes = specialty->bytes;
  write.event = StudentChangedEvent(write.student, call.now);
  write.meta.audit = call.AuditEntryFor(names::Student(id.marker), request_id);
  write.meta.audit.set_detail(StudentAuditDetail(write.student));
  write.meta.id_sequence = id;
  return write;
}

}  // namespace

absl::Status EducationHandlers::EnrolStudent(const CallContext& call, const v1::EnrolStudentRequest& request,
                                             v1::EnrolStudentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckCreditCode(request.school_credit_code(), "school_credit_code", violations);
  common::v1::PersonRef person;
  if (!request.has_row()) {
    violations.Add("row", "the enrolment row is required");
  } else {
    CheckEnrolmentRow(request.row(), "row", TodayOf(call), violations, &person);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadScopedSchool(store_, call, request.school_credit_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  StudentStore students(store_.redis());
  SpecialtyStore specialties(store_.redis());
  const auto specialty =
      LoadStudentSpecialty(specialties, request.school_credit_code(), request.row().specialty_code());
  SB_ASSIGN_OR_RETURN(EnrolmentWrite write, PrepareEnrolment(call, request.row(), person, school.record, specialty,
                                                             "row", request.request_id()));
  // Refused before writing when it shows already; the write's guard decides when two race.
  SB_ASSIGN_OR_RETURN(const std::string active, students.ActiveEnrolmentOf(person.id_number()));
  if (!active.empty()) {
    return AlreadyEnrolledError(call.principal, students, person.id_number());
  }
  *response->mutable_student() = write.student;
  MutationMeta meta = MetaFor(call, names::Student(write.student.id()), request.request_id(), *response);
  meta.audit = write.meta.audit;
  meta.id_sequence = write.meta.id_sequence;
  write.meta = std::move(meta);
  const absl::StatusOr<WriteOutcome> outcome = students.Enrol(write);
  SB_RETURN_IF_ERROR(DetailEnrolmentRefusal(outcome.status(), call.principal, students, person.id_number()));
  return FinishMutationWithDrawnId(call, outcome, response,
                                   [&](const std::string& drawn) { response->mutable_student()->set_id(drawn); });
}

absl::Status EducationHandlers::BatchEnrolStudents(const CallContext& call,
                                                   const v1::BatchEnrolStudentsRequest& request,
                                                   v1::BatchEnrolStudentsResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckCreditCode(request.school_credit_code(), "school_credit_code", violations);
  if (request.rows_size() == 0 || request.rows_size() > kMaxBatchRows) {
    violations.Add("rows", Concat("must hold 1 to ", kMaxBatchRows, " rows"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadScopedSchool(store_, call, request.school_credit_code()));
  const common::v1::Date today = TodayOf(call);
  const int count = request.rows_size();
  std::vector<BatchRow> rows(static_cast<size_t>(count));
  std::vector<common::v1::PersonRef> persons(static_cast<size_t>(count));
  std::map<std::string, int> first_row;
  std::map<std::string, absl::StatusOr<Stored<v1::Specialty>>> specialties;
  SpecialtyStore specialty_store(store_.redis());
  for (int i = 0; i < count; ++i) {
    FieldViolations row_violations;
    CheckEnrolmentRow(request.rows(i), RowPrefix(i), today, row_violations, &persons[i]);
    if (!row_violations.empty()) {
      rows[i].status = row_violations.ToStatus();
      continue;
    }
    const auto [first, inserted] = first_row.emplace(persons[i].id_number(), i);
    if (!inserted) {
      rows[i].status = InvalidArgumentError(
          FieldPath(RowPrefix(i), "person.id_number"),
          Concat("the same person as rows[", first->second, "]: each person at most once per call"));
      continue;
    }
    const std::string& code = request.rows(i).specialty_code();
    if (!specialties.contains(code)) {
      specialties.emplace(code, LoadStudentSpecialty(specialty_store, request.school_credit_code(), code));
    }
    const auto& specialty = specialties.at(code);
    if (!specialty.ok() && specialty.status().code() != absl::StatusCode::kNotFound) {
      return specialty.status();
    }
    absl::StatusOr<EnrolmentWrite> write = PrepareEnrolment(call, request.rows(i), persons[i], school.record, specialty,
                                                            RowPrefix(i), request.request_id());
    if (!write.ok()) {
      rows[i].status = write.status();
      continue;
    }
    rows[i].id_number = persons[i].id_number();
    rows[i].enrolment = *std::move(write);
  }
  StudentStore students(store_.redis());
  SB_RETURN_IF_ERROR(WriteBatch(call, students, BatchKind::kEnrolment, request.request_id(), rows));
  AnswerBatch(call, students, rows, response);
  return absl::OkStatus();
}

absl::Status EducationHandlers::GetStudent(const CallContext& call, const v1::GetStudentRequest& request,
                                           v1::GetStudentResponse* response) {
  FieldViolations violations;
  CheckStudentId(request.id(), "id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::Student> stored, LoadStudent(students, request.id()));
  SB_RETURN_IF_ERROR(
      CheckStudentReadScope(call.principal, stored.record.school_credit_code(), stored.record.district_code()));
  *response->mutable_student() = StudentFor(call.principal, std::move(stored.record));
  return absl::OkStatus();
}

absl::Status EducationHandlers::ListStudents(const CallContext& call, const v1::ListStudentsRequest& request,
                                             v1::ListStudentsResponse* response) {
  FieldViolations violations;
  StudentFilter filter;
  CheckOptionalCreditCode(request.school_credit_code(), "school_credit_code", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  if (!request.specialty_code().empty()) {
    CheckCatalogueCode(request.specialty_code(), "specialty_code", violations);
    if (request.school_credit_code().empty()) {
      violations.Add("specialty_code", "filters with school_credit_code only");
    }
  }
  CheckEnum(request.status(), v1::StudentStatus_IsValid, /*required=*/false, "status", "a student status", violations);
  CheckYearFilter(request.cohort(), "cohort", violations);
  CheckYearFilter(request.graduation_year(), "graduation_year", violations);
  if (!request.id_number().empty()) {
    common::v1::PersonRef person;
    person.set_id_number(request.id_number());
    person.set_name("-");
    FieldViolations person_violations;
    common::v1::PersonRef normalized;
    CheckPerson(person, "", person_violations, &normalized);
    for (const FieldViolation& violation : person_violations.violations()) {
      violations.Add("id_number", violation.description);
    }
    filter.id_number = normalized.id_number();
  }
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.school_credit_code = request.school_credit_code();
  filter.district_code = request.district_code();
  filter.specialty_code = request.specialty_code();
  filter.status = request.status();
  filter.cohort = request.cohort();
  filter.graduation_year = request.graduation_year();
  // Looking a person up by ID number is for callers who may see personal data.
  if (!filter.id_number.empty() && !MaySeePersonalData(call.principal)) {
    return PermissionDeniedError("OUT_OF_SCOPE", "this caller may not look persons up by ID number");
  }
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.school_credit_code));
  if (call.principal.role == common::v1::ROLE_INSTITUTION && filter.school_credit_code.empty()) {
    return PermissionDeniedError("OUT_OF_SCOPE", "an institution without a credit code may read no students");
  }
  if (call.principal.role == common::v1::ROLE_DISTRICT_OFFICER && !filter.school_credit_code.empty()) {
    SchoolStore schools(store_.redis());
    SB_ASSIGN_OR_RETURN(const std::optional<Stored<v1::School>> school, schools.GetSchool(filter.school_credit_code));
    if (school.has_value()) {
      SB_RETURN_IF_ERROR(
          CheckStudentReadScope(call.principal, filter.school_credit_code, school->record.org().district_code()));
    }
  }
  const std::string fingerprint =
      Concat("student|", filter.school_credit_code, "|", filter.district_code, "|", filter.specialty_code, "|",
             static_cast<int>(filter.status), "|", filter.cohort, "|", filter.graduation_year, "|", filter.id_number);
  StudentStore students(store_.redis());
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return students.ListStudents(filter, cursor, page_size); }, response,
      [response] { return response->add_students(); }));
  for (v1::Student& student : *response->mutable_students()) {
    MaskPersonFor(call.principal, *student.mutable_person());
  }
  return absl::OkStatus();
}

absl::Status EducationHandlers::GraduateStudent(const CallContext& call, const v1::GraduateStudentRequest& request,
                                                v1::GraduateStudentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckStudentId(request.id(), "id", violations);
  CheckDate(request.graduation_date(), "graduation_date", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Student>> opened,
                      OpenStudentChange(store_, students, call, StudentChanger::kSchool, request.id(),
                                        request.request_id(), request.expected_version(), response));
  if (!opened.has_value()) {
    return absl::OkStatus();
  }
  Stored<v1::Student> old = std::move(*opened);
  SB_ASSIGN_OR_RETURN(v1::Student updated,
                      Graduate(old.record, request.graduation_date(), "graduation_date", TodayOf(call), call.now));
  *response->mutable_student() = updated;
  StudentChange change{std::move(old), std::move(updated), {}, {}, BureauYear(call.now)};
  change.event = StudentChangedEvent(change.updated, call.now);
  change.meta = MetaFor(call, names::Student(request.id()), request.request_id(), *response);
  change.meta.audit.set_detail(StudentAuditDetail(change.updated));
  return FinishMutation(call, students.Change(change), response);
}

absl::Status EducationHandlers::BatchGraduateStudents(const CallContext& call,
                                                      const v1::BatchGraduateStudentsRequest& request,
                                                      v1::BatchGraduateStudentsResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckCreditCode(request.school_credit_code(), "school_credit_code", violations);
  if (request.rows_size() == 0 || request.rows_size() > kMaxBatchRows) {
    violations.Add("rows", Concat("must hold 1 to ", kMaxBatchRows, " rows"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadScopedSchool(store_, call, request.school_credit_code()));
  const common::v1::Date today = TodayOf(call);
  const int count = request.rows_size();
  std::vector<BatchRow> rows(static_cast<size_t>(count));
  std::map<std::string, int> first_row;
  std::vector<std::string> ids;
  std::vector<int> id_rows;
  for (int i = 0; i < count; ++i) {
    FieldViolations row_violations;
    CheckGraduationRow(request.rows(i), RowPrefix(i), row_violations);
    if (!row_violations.empty()) {
      rows[i].status = row_violations.ToStatus();
      continue;
    }
    const auto [first, inserted] = first_row.emplace(request.rows(i).student_id(), i);
    if (!inserted) {
      rows[i].status = InvalidArgumentError(
          FieldPath(RowPrefix(i), "student_id"),
          Concat("the same student as rows[", first->second, "]: each student at most once per call"));
      continue;
    }
    ids.push_back(request.rows(i).student_id());
    id_rows.push_back(i);
    rows[i].student_id = request.rows(i).student_id();
  }
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(auto records, students.GetStudents(ids));
  const int year = BureauYear(call.now);
  for (size_t k = 0; k < ids.size(); ++k) {
    const int i = id_rows[k];
    const std::string field = FieldPath(RowPrefix(i), "student_id");
    if (!records[k].has_value()) {
      rows[i].status = NotFoundError(kReasonStudentNotFound, Concat(field, ": no student ", ids[k]));
      continue;
    }
    Stored<v1::Student>& old = *records[k];
    if (old.record.school_credit_code() != school.record.org().credit_code()) {
      rows[i].status = ErrorWithReason(
          absl::StatusCode::kFailedPrecondition, kReasonStudentOfOtherSchool,
          Concat(field, ": student ", ids[k], " is not a student of school ", school.record.org().credit_code()));
      continue;
    }
    absl::StatusOr<v1::Student> updated = Graduate(old.record, request.rows(i).graduation_date(),
                                                   FieldPath(RowPrefix(i), "graduation_date"), today, call.now);
    if (!updated.ok()) {
      rows[i].status = updated.status();
      continue;
    }
    StudentChange change;
    change.updated = *std::move(updated);
    change.event = StudentChangedEvent(change.updated, call.now);
    change.meta.audit = call.AuditEntryFor(names::Student(ids[k]), request.request_id());
    change.meta.audit.set_detail(StudentAuditDetail(change.updated));
    change.change_year = year;
    change.old = std::move(old);
    rows[i].change = std::move(change);
  }
  SB_RETURN_IF_ERROR(WriteBatch(call, students, BatchKind::kGraduation, request.request_id(), rows));
  AnswerBatch(call, students, rows, response);
  return absl::OkStatus();
}

absl::Status EducationHandlers::WithdrawStudent(const CallContext& call, const v1::WithdrawStudentRequest& request,
                                                v1::WithdrawStudentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckWithdrawalRequest(request, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Student>> opened,
                      OpenStudentChange(store_, students, call, StudentChanger::kSchool, request.id(),
                                        request.request_id(), request.expected_version(), response));
  if (!opened.has_value()) {
    return absl::OkStatus();
  }
  Stored<v1::Student> old = std::move(*opened);
  SB_ASSIGN_OR_RETURN(v1::Student updated, Withdraw(old.record, request, TodayOf(call), call.now));
  *response->mutable_student() = updated;
  StudentChange change{std::move(old), std::move(updated), {}, {}, BureauYear(call.now)};
  change.event = StudentChangedEvent(change.updated, call.now);
  change.meta = MetaFor(call, names::Student(request.id()), request.request_id(), *response);
  change.meta.audit.set_detail(StudentAuditDetail(change.updated));
  return FinishMutation(call, students.Change(change), response);
}

absl::Status EducationHandlers::TransferStudent(const CallContext& call, const v1::TransferStudentRequest& request,
                                                v1::TransferStudentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckTransferRequest(request, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Student>> opened,
                      OpenStudentChange(store_, students, call, StudentChanger::kSchool, request.id(),
                                        request.request_id(), request.expected_version(), response));
  if (!opened.has_value()) {
    return absl::OkStatus();
  }
  Stored<v1::Student> old = std::move(*opened);
  SchoolStore schools(store_.redis());
  SpecialtyStore specialties(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::School> school, LoadStudentSchool(schools, request.to_school_credit_code()));
  SB_ASSIGN_OR_RETURN(const Stored<v1::Specialty> specialty,
                      LoadStudentSpecialty(specialties, request.to_school_credit_code(), request.to_specialty_code()));
  const RedisSequence id = EducationStore::NewId(EducationStore::IdKind::kStudent);
  SB_ASSIGN_OR_RETURN(TransferredRecords records, Transfer(old.record, request, school.record, specialty.record,
                                                           id.marker, TodayOf(call), call.now));
  *response->mutable_from() = records.from;
  *response->mutable_to() = records.to;
  TransferWrite write;
  write.from_event = StudentChangedEvent(records.from, call.now);
  write.to_event = StudentChangedEvent(records.to, call.now);
  write.from = std::move(records.from);
  write.to = std::move(records.to);
  write.specialty_bytes = specialty.bytes;
  write.meta = MetaFor(call, names::Student(request.id()), request.request_id(), *response);
  write.meta.audit.set_detail(
      Concat(StudentAuditDetail(write.from), " -> ", write.to.school_credit_code(), "/", write.to.specialty_code()));
  write.meta.id_sequence = id;
  write.old = std::move(old);
  return FinishMutationWithDrawnId(call, students.Transfer(write), response, [&](const std::string& drawn) {
    response->mutable_from()->set_transferred_to(drawn);
    response->mutable_to()->set_id(drawn);
  });
}

}  // namespace skillbridge::education

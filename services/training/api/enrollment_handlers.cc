// Enrolments: EnrollPerson (a batch of one), BatchEnrollPersons, CompleteEnrollment,
// DropEnrollment, GetEnrollment, ListEnrollments.

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/server/batch_results.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/training/api/handler_support.h"
#include "services/training/api/resource_names.h"
#include "services/training/api/training_handlers.h"
#include "services/training/domain/course_rules.h"
#include "services/training/domain/events.h"
#include "services/training/domain/subsidy_rules.h"

namespace skillbridge::training {

namespace {

// One batch row on its way to the store, or the reason it was refused.
struct PreparedEnrollment {
  absl::Status status;
  v1::Enrollment enrollment;
  int32_t capacity = 0;
};

// The courses a batch names, each read once.
using CourseCache = std::map<std::string, std::optional<v1::Course>>;

// Checks row `index` and fills its enrolment from the course. The row's own refusal goes into
// `status`; the call fails only when the store does.
absl::StatusOr<PreparedEnrollment> PrepareRow(TrainingStore& store, const CallContext& call,
                                              const v1::EnrollmentRow& row, int index, const common::v1::Date& today,
                                              CourseCache& courses) {
  PreparedEnrollment item;
  const std::string prefix = Concat("rows[", index, "]");
  FieldViolations violations;
  CheckRecordId(row.course_id(), Concat(prefix, ".course_id"), "a course id", violations);
  common::v1::PersonRef person;
  CheckPerson(row.person(), Concat(prefix, ".person"), violations, &person);
  common::v1::Date enrolled = today;
  if (IsDateSet(row.enrolled_date()) &&
      CheckPastDate(row.enrolled_date(), Concat(prefix, ".enrolled_date"), today, violations)) {
    enrolled = row.enrolled_date();
  }
  item.status = violations.ToStatus();
  if (!item.status.ok()) {
    return item;
  }
  auto found = courses.find(row.course_id());
  if (found == courses.end()) {
    SB_ASSIGN_OR_RETURN(std::optional<v1::Course> course, store.GetCourse(row.course_id()));
    found = courses.emplace(row.course_id(), std::move(course)).first;
  }
  if (!found->second.has_value()) {
    item.status = NotFoundError("COURSE_NOT_FOUND", Concat("no course ", row.course_id()));
    return item;
  }
  const v1::Course& course = *found->second;
  item.status = CheckOrgScope(call.principal, course.institution().credit_code(), course.institution().district_code());
  if (item.status.ok()) {
    item.status = CheckCourseTakesEnrollments(course.id(), course.status());
  }
  if (!item.status.ok()) {
    return item;
  }
  v1::Enrollment& enrollment = item.enrollment;
  enrollment.set_course_id(course.id());
  *enrollment.mutable_person() = person;
  enrollment.set_institution_credit_code(course.institution().credit_code());
  enrollment.set_district_code(course.institution().district_code());
  enrollment.set_programme(course.programme());
  enrollment.set_occupation_code(course.occupation_code());
  enrollment.set_level(course.level());
  enrollment.set_industry_chain_code(course.industry_chain_code());
  enrollment.set_course_year(course.year());
  enrollment.set_state(v1::ENROLLMENT_STATE_ENROLLED);
  *enrollment.mutable_enrolled_date() = enrolled;
  SetTimestamp(call.now, enrollment.mutable_create_time());
  SetTimestamp(call.now, enrollment.mutable_update_time());
  item.capacity = course.capacity();
  return item;
}

}  // namespace

absl::Status TrainingHandlers::EnrollPerson(const CallContext& call, const v1::EnrollPersonRequest& request,
                                            v1::EnrollPersonResponse* response) {
  // A single enrolment is a batch of one whose errors name the request's own fields.
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.course_id(), "course_id", "a course id", violations);
  CheckPerson(request.person(), "person", violations);
  if (IsDateSet(request.enrolled_date())) {
    CheckPastDate(request.enrolled_date(), "enrolled_date", Today(call), violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  // Looked up first so that a retry gets its first answer even when the course has closed since;
  // the record itself is written in the same atomic step as the enrolment.
  const std::string key = IdempotencyKey(call, request.request_id());
  SB_ASSIGN_OR_RETURN(const bool replayed, ReplayIdempotent(store_, call, key, response));
  if (replayed) {
    return absl::OkStatus();
  }
  v1::BatchEnrollPersonsRequest batch;
  batch.set_request_id(request.request_id());  // for the audit entry; the record is `key`
  v1::EnrollmentRow* row = batch.add_rows();
  row->set_course_id(request.course_id());
  *row->mutable_person() = request.person();
  *row->mutable_enrolled_date() = request.enrolled_date();
  v1::BatchEnrollPersonsResponse results;
  SB_RETURN_IF_ERROR(EnrollRows(call, batch, key, &results));
  const v1::BatchEnrollResult& result = results.results(0);
  SB_RETURN_IF_ERROR(ItemStatus(result.status()));
  *response->mutable_enrollment() = result.enrollment();
  return absl::OkStatus();
}

absl::Status TrainingHandlers::BatchEnrollPersons(const CallContext& call, const v1::BatchEnrollPersonsRequest& request,
                                                  v1::BatchEnrollPersonsResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.rows_size() == 0 || request.rows_size() > kMaxBatchRows) {
    violations.Add("rows", Concat("must hold 1 to ", kMaxBatchRows, " rows"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  return EnrollRows(call, request, "", response);
}

absl::Status TrainingHandlers::EnrollRows(const CallContext& call, const v1::BatchEnrollPersonsRequest& request,
                                          const std::string& single_key, v1::BatchEnrollPersonsResponse* response) {
  // A retried batch is answered row by row: each row written before kept its enrolment under its
  // own idempotency key, in the same atomic step, and the script replays it.
  const std::string batch_key = single_key.empty() ? IdempotencyKey(call, request.request_id()) : std::string();
  const common::v1::Date today = Today(call);
  const int count = request.rows_size();
  if (!batch_key.empty()) {
    // A request_id names one batch: a retry with other rows is refused before anything is written.
    std::vector<std::string> row_keys;
    row_keys.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
      row_keys.push_back(Concat(batch_key, "#", i));
    }
    SB_ASSIGN_OR_RETURN(const auto earlier, store_.LookupIdempotentMany(row_keys));
    for (const std::optional<std::string>& stored : earlier) {
      if (stored.has_value()) {
        SB_RETURN_IF_ERROR(ReplayedResponseBytes(call, *stored).status());
      }
    }
  }
  std::vector<PreparedEnrollment> prepared;
  prepared.reserve(count);
  CourseCache courses;
  int to_write = 0;
  for (int i = 0; i < count; ++i) {
    SB_ASSIGN_OR_RETURN(PreparedEnrollment item, PrepareRow(store_, call, request.rows(i), i, today, courses));
    to_write += item.status.ok() ? 1 : 0;
    prepared.push_back(std::move(item));
  }
  std::vector<EnrollItem> items;
  std::vector<int> item_index;
  items.reserve(to_write);
  for (int i = 0; i < count; ++i) {
    PreparedEnrollment& item = prepared[i];
    if (!item.status.ok()) {
      continue;
    }
    // The id is drawn in the write (a refused row takes none).
    RedisSequence id = TrainingStore::NewId(TrainingStore::IdKind::kEnrollment);
    item.enrollment.set_id(id.marker);
    EnrollItem write;
    write.meta.id_sequence = std::move(id);
    write.enrollment = item.enrollment;
    write.capacity = item.capacity;
    write.event = EnrollmentCreatedEvent(item.enrollment, call.now);
    write.meta.audit = call.AuditEntryFor(names::Enrollment(item.enrollment.id()), request.request_id());
    if (!single_key.empty()) {
      v1::EnrollPersonResponse single;
      *single.mutable_enrollment() = item.enrollment;
      write.meta.idempotency_key = single_key;
      write.meta.response_bytes = IdempotentRecordFor(call, single.SerializeAsString());
    } else if (!batch_key.empty()) {
      write.meta.idempotency_key = Concat(batch_key, "#", i);
      write.meta.response_bytes = IdempotentRecordFor(call, item.enrollment.SerializeAsString());
    }
    items.push_back(std::move(write));
    item_index.push_back(i);
  }
  SB_ASSIGN_OR_RETURN(const auto outcomes, store_.Enroll(items));
  for (size_t k = 0; k < items.size(); ++k) {
    PreparedEnrollment& item = prepared[item_index[k]];
    const absl::StatusOr<WriteOutcome>& outcome = outcomes[k];
    if (!outcome.ok()) {
      item.status = outcome.status();
      continue;
    }
    if (!outcome->replayed) {
      item.enrollment.set_id(outcome->sequence_text);
      continue;
    }
    v1::EnrollPersonResponse single;
    const absl::Status parsed = single_key.empty() ? ParseReplayed(call, outcome->replay_bytes, &item.enrollment)
                                                   : ParseReplayed(call, outcome->replay_bytes, &single);
    if (!parsed.ok()) {
      return parsed;
    }
    if (!single_key.empty()) {
      item.enrollment = std::move(*single.mutable_enrollment());
    }
  }
  for (int i = 0; i < count; ++i) {
    AddItemResult(call, response, i, prepared[i].status, [&item = prepared[i]](v1::BatchEnrollResult* result) {
      *result->mutable_enrollment() = std::move(item.enrollment);
    });
  }
  return absl::OkStatus();
}

absl::Status TrainingHandlers::CompleteEnrollment(const CallContext& call, const v1::CompleteEnrollmentRequest& request,
                                                  v1::CompleteEnrollmentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.enrollment_id(), "enrollment_id", "an enrolment id", violations);
  if (request.hours() <= 0 || request.hours() > kMaxHours) {
    violations.Add("hours", Concat("hours attended from 1 to ", kMaxHours, " are required"));
  }
  const common::v1::Date today = Today(call);
  if (IsDateSet(request.completed_date())) {
    CheckPastDate(request.completed_date(), "completed_date", today, violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(Stored<v1::Enrollment> old, LoadEnrollment(store_, request.enrollment_id()));
  const v1::Enrollment& current = old.record;
  SB_RETURN_IF_ERROR(CheckEnrollmentScope(call.principal, current));
  SB_RETURN_IF_ERROR(CheckEnrollmentTransition(current.state(), v1::ENROLLMENT_STATE_COMPLETED));
  const common::v1::Date completed = IsDateSet(request.completed_date()) ? request.completed_date() : today;
  if (IsDateAfter(current.enrolled_date(), completed)) {
    return InvalidArgumentError("completed_date", "must not lie before the enrolment date");
  }
  SB_ASSIGN_OR_RETURN(const std::optional<int64_t> standard,
                      CatalogueStandard(store_, current.course_year(), current.occupation_code(), current.level()));
  const bool subsidised = standard.has_value();
  v1::Enrollment& updated = *response->mutable_enrollment();
  updated = current;
  updated.set_state(v1::ENROLLMENT_STATE_COMPLETED);
  updated.set_hours(request.hours());
  *updated.mutable_completed_date() = completed;
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, names::Enrollment(updated.id()), request.request_id(), *response);
  // claim_id lives in its own hash, never in the record.
  old.record.clear_claim_id();
  updated.clear_claim_id();
  return FinishMutation(call,
                        store_.CompleteEnrollment(old, updated, subsidised,
                                                  EnrollmentCompletedEvent(updated, subsidised, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::DropEnrollment(const CallContext& call, const v1::DropEnrollmentRequest& request,
                                              v1::DropEnrollmentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.enrollment_id(), "enrollment_id", "an enrolment id", violations);
  CheckText(request.reason(), "reason", /*required=*/false, kMaxReasonChars, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(Stored<v1::Enrollment> old, LoadEnrollment(store_, request.enrollment_id()));
  const v1::Enrollment& current = old.record;
  SB_RETURN_IF_ERROR(CheckEnrollmentScope(call.principal, current));
  SB_RETURN_IF_ERROR(CheckEnrollmentTransition(current.state(), v1::ENROLLMENT_STATE_DROPPED));
  v1::Enrollment& updated = *response->mutable_enrollment();
  updated = current;
  updated.clear_claim_id();
  updated.set_state(v1::ENROLLMENT_STATE_DROPPED);
  updated.set_drop_reason(request.reason());
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, names::Enrollment(updated.id()), request.request_id(), *response);
  old.record.clear_claim_id();
  return FinishMutation(
      call,
      store_.DropEnrollment(old, updated, EnrollmentDroppedEvent(updated, /*course_cancelled=*/false, call.now), meta),
      response);
}

absl::Status TrainingHandlers::GetEnrollment(const CallContext& call, const v1::GetEnrollmentRequest& request,
                                             v1::GetEnrollmentResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "an enrolment id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Enrollment> stored, LoadEnrollment(store_, request.id()));
  SB_RETURN_IF_ERROR(CheckEnrollmentScope(call.principal, stored.record));
  *response->mutable_enrollment() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListEnrollments(const CallContext& call, const v1::ListEnrollmentsRequest& request,
                                               v1::ListEnrollmentsResponse* response) {
  FieldViolations violations;
  PersonOrgFilter shared = ReadPersonOrgFilter(*reference_, request.id_number(), request.institution_credit_code(),
                                               request.district_code(), request.year(), violations);
  CheckEnum(request.state(), v1::EnrollmentState_IsValid, /*required=*/false, "state", "an enrolment state",
            violations);
  if (!request.course_id().empty()) {
    CheckRecordId(request.course_id(), "course_id", "a course id", violations);
  }
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(ScopePersonOrgFilter(call.principal, shared));
  EnrollmentFilter filter;
  filter.id_number = shared.id_number;
  filter.course_id = request.course_id();
  filter.institution_credit_code = shared.institution_credit_code;
  filter.state = request.state();
  filter.year = shared.year;
  filter.district_code = shared.district_code;
  const std::string fingerprint =
      Concat("enr|", filter.course_id, "|", filter.institution_credit_code, "|", filter.id_number, "|",
             static_cast<int>(filter.state), "|", filter.year, "|", filter.district_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListEnrollments(filter, cursor, page_size); }, response,
      [response] { return response->add_enrollments(); });
}

}  // namespace skillbridge::training

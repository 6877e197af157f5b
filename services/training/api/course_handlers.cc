// Courses (classes) of training institutions: CreateCourse, GetCourse, ListCourses, CancelCourse.

#include <algorithm>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/training/api/handler_support.h"
#include "services/training/api/resource_names.h"
#include "services/training/api/training_handlers.h"
#include "services/training/domain/course_rules.h"
#include "services/training/domain/events.h"

namespace skillbridge::training {

absl::Status TrainingHandlers::CreateCourse(const CallContext& call, const v1::CreateCourseRequest& request,
                                            v1::CreateCourseResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::Course& in = request.course();
  CheckCreditCode(in.institution().credit_code(), "course.institution.credit_code", violations);
  CheckText(in.title(), "course.title", /*required=*/true, kMaxOrgNameChars, violations);
  CheckEnum(in.programme(), v1::Programme_IsValid, /*required=*/true, "course.programme", "a programme", violations);
  const Occupation* occupation =
      CheckOccupation(*reference_, in.occupation_code(), "course.occupation_code", violations);
  CheckOccupationLevel(*reference_, occupation, in.level(), "course.level", violations);
  CheckIndustryChain(*reference_, in.industry_chain_code(), "course.industry_chain_code", violations);
  const bool start_ok = CheckDate(in.start_date(), "course.start_date", violations);
  const bool end_ok = CheckDate(in.end_date(), "course.end_date", violations);
  if (start_ok && end_ok && IsDateAfter(in.start_date(), in.end_date())) {
    violations.Add("course.end_date", "must not lie before the start date");
  }
  if (in.capacity() <= 0 || in.capacity() > kMaxCapacity) {
    violations.Add("course.capacity", Concat("a capacity from 1 to ", kMaxCapacity, " is required"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const auto institution, store_.GetInstitution(in.institution().credit_code()));
  if (!institution.has_value()) {
    return FailedPreconditionError("INSTITUTION_NOT_FOUND",
                                   Concat("no training institution with credit code ", in.institution().credit_code()));
  }
  const v1::Institution& inst = institution->record;
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, inst.org().credit_code(), inst.org().district_code()));
  if (inst.status() != v1::INSTITUTION_STATUS_ACTIVE) {
    return FailedPreconditionError("INSTITUTION_NOT_ACTIVE",
                                   Concat("the institution is ", v1::InstitutionStatus_Name(inst.status())));
  }
  const auto& approved = inst.approved_occupation_codes();
  if (std::find(approved.begin(), approved.end(), in.occupation_code()) == approved.end()) {
    return FailedPreconditionError(
        "OCCUPATION_NOT_APPROVED",
        Concat("the institution is not approved to train occupation ", in.occupation_code()));
  }
  SB_ASSIGN_OR_RETURN(const std::optional<int64_t> standard,
                      CatalogueStandard(store_, in.start_date().year(), in.occupation_code(), in.level()));
  const RedisSequence id = TrainingStore::NewId(TrainingStore::IdKind::kCourse);
  // Only the fields a client owns are read from `in`; the rest are the server's.
  v1::Course& course = *response->mutable_course();
  course.set_id(id.marker);  // the id is drawn in the write
  *course.mutable_institution() = inst.org();
  course.set_title(in.title());
  course.set_programme(in.programme());
  course.set_occupation_code(in.occupation_code());
  course.set_level(in.level());
  course.set_industry_chain_code(in.industry_chain_code().empty() ? occupation->default_chain
                                                                  : in.industry_chain_code());
  *course.mutable_start_date() = in.start_date();
  *course.mutable_end_date() = in.end_date();
  course.set_capacity(in.capacity());
  course.set_status(v1::COURSE_STATUS_OPEN);
  course.set_year(in.start_date().year());
  course.set_subsidised(standard.has_value());
  SetTimestamp(call.now, course.mutable_create_time());
  MutationMeta meta = MetaFor(call, names::Course(course.id()), request.request_id(), *response);
  meta.id_sequence = id;
  return FinishMutationWithDrawnId(call, store_.CreateCourse(course, CourseChangedEvent(course, call.now), meta),
                                   response,
                                   [&](const std::string& drawn) { response->mutable_course()->set_id(drawn); });
}

absl::Status TrainingHandlers::GetCourse(const CallContext& call, const v1::GetCourseRequest& request,
                                         v1::GetCourseResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a course id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Course> stored, LoadCourse(store_, request.id()));
  *response->mutable_course() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListCourses(const CallContext& call, const v1::ListCoursesRequest& request,
                                           v1::ListCoursesResponse* response) {
  FieldViolations violations;
  CheckOptionalCreditCode(request.institution_credit_code(), "institution_credit_code", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.programme(), v1::Programme_IsValid, /*required=*/false, "programme", "a programme", violations);
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  CourseFilter filter{
      request.institution_credit_code(), request.district_code(),      request.year(), request.programme(),
      request.occupation_code(),         request.industry_chain_code()};
  const std::string fingerprint =
      Concat("course|", filter.institution_credit_code, "|", filter.district_code, "|", filter.year, "|",
             static_cast<int>(filter.programme), "|", filter.occupation_code, "|", filter.industry_chain_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCourses(filter, cursor, page_size); }, response,
      [response] { return response->add_courses(); });
}

absl::Status TrainingHandlers::CancelCourse(const CallContext& call, const v1::CancelCourseRequest& request,
                                            v1::CancelCourseResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.course_id(), "course_id", "a course id", violations);
  CheckReason(request.reason(), "reason", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Course> stored, LoadCourse(store_, request.course_id()));
  const v1::Course& current = stored.record;
  // The institution running it, the officer of its district, ADMIN.
  SB_RETURN_IF_ERROR(
      CheckOrgScope(call.principal, current.institution().credit_code(), current.institution().district_code()));
  SB_ASSIGN_OR_RETURN(std::vector<Stored<v1::Enrollment>> enrollments, store_.ReadCourseEnrollments(current.id()));
  CourseEnrollmentCounts counts;
  for (const auto& enrollment : enrollments) {
    CountEnrollment(enrollment.record.state(), counts);
  }
  SB_RETURN_IF_ERROR(CheckCourseCancellable(current.status(), counts));
  v1::Course& cancelled = *response->mutable_course();
  cancelled = current;
  cancelled.set_status(v1::COURSE_STATUS_CANCELLED);
  cancelled.set_cancel_reason(request.reason());
  SetTimestamp(call.now, cancelled.mutable_cancel_time());
  cancelled.set_enrolled_count(0);  // every seat was held by an open enrolment, now dropped
  std::vector<CancelDrop> drops;
  drops.reserve(counts.enrolled);
  for (auto& enrollment : enrollments) {
    if (enrollment.record.state() != v1::ENROLLMENT_STATE_ENROLLED) {
      continue;
    }
    CancelDrop& drop = drops.emplace_back();
    drop.old = std::move(enrollment);
    drop.updated = drop.old.record;
    drop.updated.set_state(v1::ENROLLMENT_STATE_DROPPED);
    drop.updated.set_drop_reason(request.reason());
    SetTimestamp(call.now, drop.updated.mutable_update_time());
    drop.event = EnrollmentDroppedEvent(drop.updated, /*course_cancelled=*/true, call.now);
    drop.meta.audit = call.AuditEntryFor(names::Enrollment(drop.updated.id()), request.request_id());
    response->add_dropped_enrollment_ids(drop.updated.id());
  }
  const MutationMeta meta = MetaFor(call, names::Course(cancelled.id()), request.request_id(), *response);
  return FinishMutation(
      call, store_.CancelCourse(stored, cancelled, drops, CourseChangedEvent(cancelled, call.now), meta), response);
}

}  // namespace skillbridge::training

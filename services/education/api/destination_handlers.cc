// First destinations and the reward (毕业去向, 留青就业奖励): RecordFirstEmployment,
// GrantEmploymentReward, MarkEmploymentRewardPaid.
//
// Each: the request's fields (domain/destination_rules.h), the scope (recording: the school, its
// district officer, ADMIN; granting: the bureau — ADMIN or the officer of the school's district;
// paying: ADMIN), idempotent replay, expected_version, the rule, then one write of the record
// guarded by its bytes as read, moving the counters its change moves (student_rules.h
// RecordCounterDeltas: destinations and employed in the city in the graduation year, the reward
// granted and paid in the call day's year).

#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/education/api/education_handlers.h"
#include "services/education/api/handler_support.h"
#include "services/education/api/resource_names.h"
#include "services/education/api/student_handler_support.h"
#include "services/education/domain/destination_rules.h"
#include "services/education/domain/student_rules.h"

namespace skillbridge::education {

namespace {

// Writes `updated` over `old` and answers with it.
template <typename Response>
absl::Status WriteChange(const CallContext& call, StudentStore& students, Stored<v1::Student> old, v1::Student updated,
                         const std::string& request_id, Response* response) {
  *response->mutable_student() = updated;
  StudentChange change{std::move(old), std::move(updated), {}, {}, BureauYear(call.now)};
  change.event = StudentChangedEvent(change.updated, call.now);
  change.meta = MetaFor(call, names::Student(change.updated.id()), request_id, *response);
  change.meta.audit.set_detail(Concat(StudentAuditDetail(change.updated), " ",
                                      v1::EmploymentKind_Name(change.updated.first_employment().kind()), " ",
                                      v1::RewardStatus_Name(change.updated.reward_status())));
  return FinishMutation(call, students.Change(change), response);
}

}  // namespace

absl::Status EducationHandlers::RecordFirstEmployment(const CallContext& call,
                                                      const v1::RecordFirstEmploymentRequest& request,
                                                      v1::RecordFirstEmploymentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckStudentId(request.id(), "id", violations);
  v1::FirstEmployment employment;
  if (!request.has_first_employment()) {
    violations.Add("first_employment", "the first destination is required");
  } else {
    CheckFirstEmployment(request.first_employment(), "first_employment", *reference_, TodayOf(call), violations,
                         &employment);
  }
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
  SB_ASSIGN_OR_RETURN(v1::Student updated, education::RecordFirstEmployment(old.record, employment, call.now));
  return WriteChange(call, students, std::move(old), std::move(updated), request.request_id(), response);
}

absl::Status EducationHandlers::GrantEmploymentReward(const CallContext& call,
                                                      const v1::GrantEmploymentRewardRequest& request,
                                                      v1::GrantEmploymentRewardResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckStudentId(request.id(), "id", violations);
  CheckRewardAmount(request.amount_fen(), "amount_fen", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Student>> opened,
                      OpenStudentChange(store_, students, call, StudentChanger::kBureau, request.id(),
                                        request.request_id(), request.expected_version(), response));
  if (!opened.has_value()) {
    return absl::OkStatus();
  }
  Stored<v1::Student> old = std::move(*opened);
  SB_ASSIGN_OR_RETURN(v1::Student updated, GrantReward(old.record, request.amount_fen(), call.now));
  return WriteChange(call, students, std::move(old), std::move(updated), request.request_id(), response);
}

absl::Status EducationHandlers::MarkEmploymentRewardPaid(const CallContext& call,
                                                         const v1::MarkEmploymentRewardPaidRequest& request,
                                                         v1::MarkEmploymentRewardPaidResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckStudentId(request.id(), "id", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  StudentStore students(store_.redis());
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::Student>> opened,
                      OpenStudentChange(store_, students, call, StudentChanger::kBureau, request.id(),
                                        request.request_id(), request.expected_version(), response));
  if (!opened.has_value()) {
    return absl::OkStatus();
  }
  Stored<v1::Student> old = std::move(*opened);
  SB_ASSIGN_OR_RETURN(v1::Student updated, MarkRewardPaid(old.record, call.now));
  return WriteChange(call, students, std::move(old), std::move(updated), request.request_id(), response);
}

}  // namespace skillbridge::education

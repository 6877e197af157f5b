// Placeholder: the student handlers are being written.

#include "services/education/api/education_handlers.h"

namespace skillbridge::education {

absl::Status EducationHandlers::EnrolStudent(const CallContext& /*call*/, const v1::EnrolStudentRequest& /*request*/,
                                             v1::EnrolStudentResponse* /*response*/) {
  return absl::UnimplementedError("EnrolStudent");
}

absl::Status EducationHandlers::BatchEnrolStudents(const CallContext& /*call*/,
                                                   const v1::BatchEnrolStudentsRequest& /*request*/,
                                                   v1::BatchEnrolStudentsResponse* /*response*/) {
  return absl::UnimplementedError("BatchEnrolStudents");
}

absl::Status EducationHandlers::GetStudent(const CallContext& /*call*/, const v1::GetStudentRequest& /*request*/,
                                           v1::GetStudentResponse* /*response*/) {
  return absl::UnimplementedError("GetStudent");
}

absl::Status EducationHandlers::ListStudents(const CallContext& /*call*/, const v1::ListStudentsRequest& /*request*/,
                                             v1::ListStudentsResponse* /*response*/) {
  return absl::UnimplementedError("ListStudents");
}

absl::Status EducationHandlers::GraduateStudent(const CallContext& /*call*/,
                                                const v1::GraduateStudentRequest& /*request*/,
                                                v1::GraduateStudentResponse* /*response*/) {
  return absl::UnimplementedError("GraduateStudent");
}

absl::Status EducationHandlers::BatchGraduateStudents(const CallContext& /*call*/,
                                                      const v1::BatchGraduateStudentsRequest& /*request*/,
                                                      v1::BatchGraduateStudentsResponse* /*response*/) {
  return absl::UnimplementedError("BatchGraduateStudents");
}

absl::Status EducationHandlers::WithdrawStudent(const CallContext& /*call*/,
                                                const v1::WithdrawStudentRequest& /*request*/,
                                                v1::WithdrawStudentResponse* /*response*/) {
  return absl::UnimplementedError("WithdrawStudent");
}

absl::Status EducationHandlers::TransferStudent(const CallContext& /*call*/,
                                                const v1::TransferStudentRequest& /*request*/,
                                                v1::TransferStudentResponse* /*response*/) {
  return absl::UnimplementedError("TransferStudent");
}

}  // namespace skillbridge::education

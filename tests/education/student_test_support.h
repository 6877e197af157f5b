#pragma once
// Helpers of the student and destination service tests (student_service_test.cc,
// destination_service_test.cc) over an EducationHarness: schools A (CreditCode(1), 市南区 kDistrictA)
// and B (CreditCode(2), 黄岛区 kDistrictB) registered and given specialties through the real RPCs,
// enrolment rows of person n (PersonId(n)), the calls of the student workflow, and the statistics
// of a year. Header-only; not thread-safe except the calls that only use the stub.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/education/education_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing::students {

inline constexpr char kSpecialtyCnc[] = "0103-4";
inline constexpr char kSpecialtyWeld[] = "0105-4";

inline std::string SchoolA() { return CreditCode(1); }
inline std::string SchoolB() { return CreditCode(2); }

inline common::v1::Date Day(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

inline void RegisterSchool(EducationHarness& h, const std::string& code, const std::string& district,
                           const std::string& name) {
  ed::RegisterSchoolRequest request;
  ed::School* school = request.mutable_school();
  school->mutable_org()->set_credit_code(code);
  school->mutable_org()->set_name(name);
  school->mutable_org()->set_district_code(district);
  school->set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  school->set_ownership(ed::OWNERSHIP_PUBLIC);
  ed::RegisterSchoolResponse response;
  const grpc::Status status = h.stub().RegisterSchool(EducationHarness::Context(kAdminToken).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

inline void CreateSpecialty(EducationHarness& h, const std::string& school, const std::string& code,
                            const std::string& chain = "IC01") {
  ed::CreateSpecialtyRequest request;
  ed::Specialty* specialty = request.mutable_specialty();
  specialty->set_school_credit_code(school);
  specialty->set_code(code);
  specialty->set_name("数控加工" + code);
  specialty->set_industry_chain_code(chain);
  specialty->add_levels(ed::TRAINING_LEVEL_INTERMEDIATE);
  specialty->add_levels(ed::TRAINING_LEVEL_SENIOR);
  specialty->set_opened_year(2010);
  ed::CreateSpecialtyResponse response;
  const grpc::Status status =
      h.stub().CreateSpecialty(EducationHarness::Context(kAdminToken).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

// Schools A and B, each with the specialties kSpecialtyCnc and kSpecialtyWeld.
inline void SetUpSchools(EducationHarness& h) {
  RegisterSchool(h, SchoolA(), kDistrictA, "青岛市技师学院");
  RegisterSchool(h, SchoolB(), kDistrictB, "青岛西海岸新区高级技工学校");
  for (const std::string& school : {SchoolA(), SchoolB()}) {
    CreateSpecialty(h, school, kSpecialtyCnc);
    CreateSpecialty(h, school, kSpecialtyWeld, "");
  }
}

inline ed::EnrolmentRow Row(int person, const std::string& specialty = kSpecialtyCnc) {
  ed::EnrolmentRow row;
  row.mutable_person()->set_id_number(PersonId(person));
  row.mutable_person()->set_name("学生" + std::to_string(person));
  row.set_specialty_code(specialty);
  row.set_cohort(2025);
  row.set_target_level(ed::TRAINING_LEVEL_SENIOR);
  *row.mutable_enrol_date() = Day(2025, 9, 1);
  return row;
}

inline ed::EnrolStudentRequest EnrolRequest(int person, const std::string& school = SchoolA(),
                                            const std::string& specialty = kSpecialtyCnc) {
  ed::EnrolStudentRequest request;
  request.set_school_credit_code(school);
  *request.mutable_row() = Row(person, specialty);
  return request;
}

inline grpc::Status Enrol(EducationHarness& h, const ed::EnrolStudentRequest& request, ed::Student* out = nullptr,
                          const std::string& token = kAdminToken) {
  ed::EnrolStudentResponse response;
  const grpc::Status status = h.stub().EnrolStudent(EducationHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.student();
  }
  return status;
}

// Enrols person n at the school (ADMIN); the record.
inline ed::Student Enrolled(EducationHarness& h, int person, const std::string& school = SchoolA(),
                            const std::string& specialty = kSpecialtyCnc) {
  ed::Student student;
  const grpc::Status status = Enrol(h, EnrolRequest(person, school, specialty), &student);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return student;
}

inline ed::Student GetStudent(EducationHarness& h, const std::string& id, const std::string& token = kAdminToken) {
  ed::GetStudentRequest request;
  request.set_id(id);
  ed::GetStudentResponse response;
  const grpc::Status status = h.stub().GetStudent(EducationHarness::Context(token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.student();
}

inline ed::GraduateStudentRequest GraduateRequest(const std::string& id, common::v1::Date date = Day(2026, 6, 10)) {
  ed::GraduateStudentRequest request;
  request.set_id(id);
  *request.mutable_graduation_date() = date;
  return request;
}

inline grpc::Status Graduate(EducationHarness& h, const ed::GraduateStudentRequest& request, ed::Student* out = nullptr,
                             const std::string& token = kAdminToken) {
  ed::GraduateStudentResponse response;
  const grpc::Status status = h.stub().GraduateStudent(EducationHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.student();
  }
  return status;
}

inline ed::WithdrawStudentRequest WithdrawRequest(const std::string& id) {
  ed::WithdrawStudentRequest request;
  request.set_id(id);
  request.set_reason(ed::WITHDRAWAL_REASON_HEALTH);
  *request.mutable_withdrawal_date() = Day(2026, 3, 1);
  return request;
}

inline ed::TransferStudentRequest TransferRequest(const std::string& id, const std::string& school,
                                                  const std::string& specialty) {
  ed::TransferStudentRequest request;
  request.set_id(id);
  request.set_to_school_credit_code(school);
  request.set_to_specialty_code(specialty);
  request.set_target_level(ed::TRAINING_LEVEL_INTERMEDIATE);
  *request.mutable_transfer_date() = Day(2026, 2, 20);
  request.set_reason("家庭搬迁");
  return request;
}

inline grpc::Status Transfer(EducationHarness& h, const ed::TransferStudentRequest& request,
                             ed::TransferStudentResponse* out = nullptr, const std::string& token = kAdminToken) {
  ed::TransferStudentResponse response;
  const grpc::Status status = h.stub().TransferStudent(EducationHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response;
  }
  return status;
}

inline std::vector<ed::Student> ListStudents(EducationHarness& h, ed::ListStudentsRequest request,
                                             const std::string& token = kAdminToken) {
  std::vector<ed::Student> out;
  while (true) {
    ed::ListStudentsResponse response;
    const grpc::Status status = h.stub().ListStudents(EducationHarness::Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) {
      return out;
    }
    out.insert(out.end(), response.students().begin(), response.students().end());
    if (response.next_page_token().empty()) {
      return out;
    }
    request.set_page_token(response.next_page_token());
  }
}

inline ed::EducationStatsRow Stats(EducationHarness& h, int year, const std::string& district = "") {
  ed::GetEducationStatsRequest request;
  request.set_year(year);
  request.set_district_code(district);
  ed::GetEducationStatsResponse response;
  const grpc::Status status =
      h.stub().GetEducationStats(EducationHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.total();
}

inline std::string Load(EducationHarness& h, const std::string& field) {
  auto reply = h.redis_client().Command({"HGET", "education:specialtyload", field});
  EXPECT_TRUE(reply.ok());
  return reply.ok() && !reply->is_nil() ? std::string(reply->str()) : std::string("0");
}

}  // namespace skillbridge::testing::students

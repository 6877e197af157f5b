// Student records of the education service over real gRPC, its own real redis-server and the real
// evaluation service: enrolment with the school's and specialty's attributes, one active
// enrolment per person under parallel calls, graduation, withdrawal and transfers with the
// history kept and counted once, expected_version, idempotent replays, scope by role and ID
// masking, the batch imports (per-row results, duplicates, replay, a 5,000-row call), the
// statistics, change feed and audit, and a bad-input corpus of every student mutation.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/education/education_harness.h"
#include "tests/education/student_test_support.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using namespace students;  // NOLINT(build/namespaces): the helpers of this file's part

#define EXPECT_REFUSED(call, code, reason)                                                            \
  do {                                                                                                \
    const grpc::Status refused_status = (call);                                                       \
    EXPECT_EQ(refused_status.error_code(), grpc::StatusCode::code) << refused_status.error_message(); \
    EXPECT_EQ(ReasonOf(refused_status), reason) << refused_status.error_message();                    \
  } while (0)

class StudentServiceTest : public SuiteHarnessTest<EducationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    SetUpSchools(*harness_);
  }
  EducationHarness& h() { return *harness_; }
};

TEST_F(StudentServiceTest, EnrolmentDenormalisesAndIsReplayedByRequestId) {
  ed::EnrolStudentRequest request = EnrolRequest(1);
  request.set_request_id("enrol-1");
  request.mutable_row()->set_specialty_code(kSpecialtyCnc);
  ed::Student student;
  ASSERT_TRUE(Enrol(h(), request, &student).ok());
  EXPECT_EQ(student.id(), "ST0000000001");
  EXPECT_EQ(student.status(), ed::STUDENT_STATUS_ENROLLED);
  EXPECT_EQ(student.district_code(), kDistrictA);
  EXPECT_EQ(student.industry_chain_code(), "IC01");
  EXPECT_EQ(student.school_name(), "青岛市技师学院");
  EXPECT_EQ(student.specialty_name(), std::string("数控加工") + kSpecialtyCnc);
  EXPECT_EQ(student.person().id_number(), PersonId(1));
  EXPECT_EQ(student.reward_status(), ed::REWARD_STATUS_NONE);
  EXPECT_EQ(student.version(), 1);
  EXPECT_EQ(GetStudent(h(), student.id()).id(), student.id());

  ed::Student again;
  ASSERT_TRUE(Enrol(h(), request, &again).ok());
  EXPECT_EQ(again.id(), student.id());
  EXPECT_EQ(h().CountKeys("education:student:*"), 1);
  request.mutable_row()->mutable_person()->set_name("别人");
  EXPECT_REFUSED(Enrol(h(), request), FAILED_PRECONDITION, "REQUEST_ID_REUSED");

  EXPECT_EQ(Load(h(), SchoolA() + "|" + kSpecialtyCnc), "1");
  EXPECT_EQ(Load(h(), SchoolA() + "|" + kSpecialtyCnc + "|2"), "1");
  const ed::EducationStatsRow now = Stats(h(), 2025);
  EXPECT_EQ(now.students_enrolled(), 1);
  EXPECT_EQ(now.enrolled_in_year(), 1);

  const auto events = h().Events();
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(events.back().has_student_changed());
  EXPECT_EQ(events.back().student_changed().student_id(), student.id());
  EXPECT_EQ(events.back().student_changed().status(), ed::STUDENT_STATUS_ENROLLED);
  int audited = 0;
  for (const common::v1::AuditEntry& entry : h().AuditEntries()) {
    if (entry.resource() == "students/" + student.id()) {
      ++audited;
      EXPECT_EQ(entry.detail().find(PersonId(1)), std::string::npos) << entry.detail();
    }
  }
  EXPECT_EQ(audited, 1);  // the replay writes nothing
}

TEST_F(StudentServiceTest, OneActiveEnrolmentPerPersonUnderParallelCalls) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::atomic<int> already{0};
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      const std::string school = i % 2 == 0 ? SchoolA() : SchoolB();
      const grpc::Status status = Enrol(h(), EnrolRequest(5, school, i % 4 < 2 ? kSpecialtyCnc : kSpecialtyWeld));
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
                 ReasonOf(status) == "ALREADY_ENROLLED") {
        ++already;
        EXPECT_EQ(status.error_message().find(PersonId(5)), std::string::npos) << status.error_message();
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 19);
  EXPECT_EQ(h().CountKeys("education:student:*"), 1);
  EXPECT_EQ(Stats(h(), 2025).students_enrolled(), 1);
  EXPECT_EQ(Stats(h(), 2025).enrolled_in_year(), 1);
  long long load = 0;
  for (const std::string& school : {SchoolA(), SchoolB()}) {
    for (const std::string& code : {std::string(kSpecialtyCnc), std::string(kSpecialtyWeld)}) {
      load += std::stoll(Load(h(), school + "|" + code));
    }
  }
  EXPECT_EQ(load, 1);
}

TEST_F(StudentServiceTest, AlreadyEnrolledNamesTheSchoolOnlyToThoseEntitled) {
  const ed::Student first = Enrolled(h(), 7, SchoolA());
  const grpc::Status admin = Enrol(h(), EnrolRequest(7, SchoolB()));
  EXPECT_REFUSED(admin, FAILED_PRECONDITION, "ALREADY_ENROLLED");
  EXPECT_NE(admin.error_message().find(first.id()), std::string::npos) << admin.error_message();
  EXPECT_EQ(admin.error_message().find(PersonId(7)), std::string::npos);
  // School B may not read school A's students: the existing record is not named.
  const grpc::Status other = Enrol(h(), EnrolRequest(7, SchoolB()), nullptr, kInstitutionBToken);
  EXPECT_REFUSED(other, FAILED_PRECONDITION, "ALREADY_ENROLLED");
  EXPECT_EQ(other.error_message().find(first.id()), std::string::npos) << other.error_message();
  EXPECT_EQ(other.error_message().find(SchoolA()), std::string::npos) << other.error_message();
}

TEST_F(StudentServiceTest, GraduationAndWithdrawalAreFinalAndFreeThePerson) {
  const ed::Student a = Enrolled(h(), 1);
  const ed::Student b = Enrolled(h(), 2);
  ed::GraduateStudentRequest graduate = GraduateRequest(a.id());
  graduate.set_expected_version(7);
  EXPECT_REFUSED(Graduate(h(), graduate), ABORTED, "VERSION_MISMATCH");
  graduate.set_expected_version(1);
  graduate.set_request_id("grad-1");
  ed::Student graduated;
  ASSERT_TRUE(Graduate(h(), graduate, &graduated).ok());
  EXPECT_EQ(graduated.status(), ed::STUDENT_STATUS_GRADUATED);
  EXPECT_EQ(graduated.version(), 2);
  ed::Student replayed;
  ASSERT_TRUE(Graduate(h(), graduate, &replayed).ok());
  EXPECT_EQ(replayed.version(), 2);
  graduate.set_request_id("grad-2");
  graduate.set_expected_version(0);
  EXPECT_REFUSED(Graduate(h(), graduate), FAILED_PRECONDITION, "INVALID_STUDENT_TRANSITION");

  ed::WithdrawStudentResponse withdrawn;
  ASSERT_TRUE(h().stub()
                  .WithdrawStudent(EducationHarness::Context(kAdminToken).get(), WithdrawRequest(b.id()), &withdrawn)
                  .ok());
  EXPECT_EQ(withdrawn.student().status(), ed::STUDENT_STATUS_WITHDRAWN);
  EXPECT_EQ(withdrawn.student().withdrawal_reason(), ed::WITHDRAWAL_REASON_HEALTH);
  EXPECT_REFUSED(Transfer(h(), TransferRequest(b.id(), SchoolB(), kSpecialtyCnc)), FAILED_PRECONDITION,
                 "INVALID_STUDENT_TRANSITION");

  EXPECT_EQ(Stats(h(), 2026).students_enrolled(), 0);
  EXPECT_EQ(Stats(h(), 2026).graduated(), 1);
  EXPECT_EQ(Stats(h(), 2026).withdrawn(), 1);
  EXPECT_EQ(Stats(h(), 2025).enrolled_in_year(), 2);
  EXPECT_EQ(Load(h(), SchoolA() + "|" + kSpecialtyCnc), "0");
  EXPECT_EQ(h().CountKeys("education:active:*"), 0);
  // Both persons may enrol again.
  EXPECT_TRUE(Enrol(h(), EnrolRequest(1, SchoolB())).ok());
  EXPECT_TRUE(Enrol(h(), EnrolRequest(2, SchoolB())).ok());

  ed::ListStudentsRequest graduates;
  graduates.set_graduation_year(2026);
  const auto listed = ListStudents(h(), graduates);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id(), a.id());
}

TEST_F(StudentServiceTest, TransfersKeepHistoryAndCountOnce) {
  const ed::Student first = Enrolled(h(), 9, SchoolA());
  ed::TransferStudentRequest to_b = TransferRequest(first.id(), SchoolB(), kSpecialtyCnc);
  to_b.set_request_id("move-1");
  ed::TransferStudentResponse moved;
  ASSERT_TRUE(Transfer(h(), to_b, &moved).ok());
  EXPECT_EQ(moved.from().status(), ed::STUDENT_STATUS_TRANSFERRED);
  EXPECT_EQ(moved.from().transferred_to(), moved.to().id());
  EXPECT_EQ(moved.to().transferred_from(), first.id());
  EXPECT_EQ(moved.to().id(), "ST0000000002");
  EXPECT_EQ(moved.to().district_code(), kDistrictB);
  ed::TransferStudentResponse replay;
  ASSERT_TRUE(Transfer(h(), to_b, &replay).ok());
  EXPECT_EQ(replay.to().id(), moved.to().id());

  ed::TransferStudentResponse back;
  ASSERT_TRUE(Transfer(h(), TransferRequest(moved.to().id(), SchoolB(), kSpecialtyWeld), &back).ok());
  EXPECT_EQ(back.to().id(), "ST0000000003");

  ed::ListStudentsRequest history;
  history.set_id_number(PersonId(9));
  history.set_page_size(1);  // three pages, newest first across them
  const auto records = ListStudents(h(), history);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].id(), "ST0000000003");  // newest first
  EXPECT_EQ(records[1].id(), "ST0000000002");
  EXPECT_EQ(records[2].id(), "ST0000000001");
  EXPECT_EQ(records[2].transferred_to(), records[1].id());
  EXPECT_EQ(records[1].transferred_from(), records[2].id());
  EXPECT_EQ(records[1].transferred_to(), records[0].id());
  EXPECT_EQ(records[0].transferred_from(), records[1].id());
  EXPECT_EQ(records[0].status(), ed::STUDENT_STATUS_ENROLLED);

  const ed::EducationStatsRow y2025 = Stats(h(), 2025);
  const ed::EducationStatsRow y2026 = Stats(h(), 2026);
  EXPECT_EQ(y2026.students_enrolled(), 1);
  EXPECT_EQ(Stats(h(), 2026, kDistrictA).students_enrolled(), 0);
  EXPECT_EQ(Stats(h(), 2026, kDistrictB).students_enrolled(), 1);
  EXPECT_EQ(y2025.enrolled_in_year() + y2026.enrolled_in_year(), 1);
  EXPECT_EQ(y2026.transferred(), 2);
  EXPECT_EQ(Load(h(), SchoolB() + "|" + kSpecialtyWeld), "1");
  EXPECT_EQ(Load(h(), SchoolB() + "|" + kSpecialtyCnc), "0");
  EXPECT_EQ(Load(h(), SchoolA() + "|" + kSpecialtyCnc), "0");
  auto seq = h().redis_client().Command({"GET", "education:seq:student"});
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(std::string(seq->str()), "3");
  EXPECT_EQ(h().CountKeys("education:studentlink:*"), 0);

  // Two events per transfer: the closed record, then the new one.
  int transferred = 0;
  int opened_by_transfer = 0;
  for (const ed::EducationEvent& event : h().Events()) {
    if (event.has_student_changed() && event.student_changed().status() == ed::STUDENT_STATUS_TRANSFERRED) {
      ++transferred;
    }
    if (event.has_student_changed() && event.student_changed().status() == ed::STUDENT_STATUS_ENROLLED &&
        !event.student_changed().transferred_from().empty()) {
      ++opened_by_transfer;
    }
  }
  EXPECT_EQ(transferred, 2);
  EXPECT_EQ(opened_by_transfer, 2);
}

TEST_F(StudentServiceTest, ScopeRefusalsStoreNothingAndViewersSeeMaskedNumbers) {
  const ed::Student a = Enrolled(h(), 1, SchoolA());
  const long long keys_before = h().CountKeys("education:*");
  EXPECT_REFUSED(Enrol(h(), EnrolRequest(2, SchoolA()), nullptr, kInstitutionBToken), PERMISSION_DENIED,
                 "OUT_OF_SCOPE");
  EXPECT_REFUSED(Enrol(h(), EnrolRequest(2, SchoolA()), nullptr, kDistrictBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Graduate(h(), GraduateRequest(a.id()), nullptr, kInstitutionBToken), PERMISSION_DENIED,
                 "OUT_OF_SCOPE");
  EXPECT_REFUSED(Transfer(h(), TransferRequest(a.id(), SchoolB(), kSpecialtyCnc), nullptr, kDistrictBToken),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_EQ(h().CountKeys("education:*"), keys_before);
  // The school itself and its district officer may.
  EXPECT_TRUE(Enrol(h(), EnrolRequest(2, SchoolA()), nullptr, kInstitutionAToken).ok());
  EXPECT_TRUE(Enrol(h(), EnrolRequest(3, SchoolA()), nullptr, kDistrictAToken).ok());

  EXPECT_EQ(GetStudent(h(), a.id(), kViewerToken).person().id_number().find(PersonId(1).substr(6, 8)),
            std::string::npos);
  EXPECT_EQ(GetStudent(h(), a.id(), kVerifierToken).person().id_number(), PersonId(1));
  ed::GetStudentRequest get;
  get.set_id(a.id());
  ed::GetStudentResponse got;
  EXPECT_REFUSED(h().stub().GetStudent(EducationHarness::Context(kInstitutionBToken).get(), get, &got),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");

  // Lists: an institution its own school, a district officer its district, others refused.
  Enrolled(h(), 4, SchoolB());
  EXPECT_EQ(ListStudents(h(), {}, kInstitutionAToken).size(), 3u);
  EXPECT_EQ(ListStudents(h(), {}, kInstitutionBToken).size(), 1u);
  EXPECT_EQ(ListStudents(h(), {}, kDistrictBToken).size(), 1u);
  EXPECT_EQ(ListStudents(h(), {}, kAdminToken).size(), 4u);
  ed::ListStudentsRequest other;
  other.set_school_credit_code(SchoolA());
  ed::ListStudentsResponse listed;
  EXPECT_REFUSED(h().stub().ListStudents(EducationHarness::Context(kInstitutionBToken).get(), other, &listed),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(h().stub().ListStudents(EducationHarness::Context(kDistrictBToken).get(), other, &listed),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  ed::ListStudentsRequest by_district;
  by_district.set_district_code(kDistrictA);
  EXPECT_REFUSED(h().stub().ListStudents(EducationHarness::Context(kDistrictBToken).get(), by_district, &listed),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  const std::vector<ed::Student> viewed = ListStudents(h(), {}, kViewerToken);
  EXPECT_EQ(viewed.size(), 4u);
  for (const ed::Student& s : viewed) {
    for (const int n : {1, 2, 3, 4}) {
      EXPECT_NE(s.person().id_number(), PersonId(n));
    }
  }
}

TEST_F(StudentServiceTest, BatchEnrolmentAnswersRowByRowAndReplays) {
  ed::BatchEnrolStudentsRequest request;
  request.set_request_id("import-1");
  request.set_school_credit_code(SchoolA());
  for (int n = 0; n < 6; ++n) {
    *request.add_rows() = Row(100 + n);
  }
  request.mutable_rows(2)->mutable_person()->set_id_number(PersonId(100));  // duplicate of rows[0]
  request.mutable_rows(3)->set_specialty_code("9999-9");                    // no such specialty
  request.mutable_rows(4)->set_target_level(ed::TRAINING_LEVEL_PRE_TECHNICIAN);
  Enrolled(h(), 105, SchoolB());  // rows[5] is enrolled elsewhere
  ed::BatchEnrolStudentsResponse response;
  ASSERT_TRUE(h().stub().BatchEnrolStudents(EducationHarness::Context(kAdminToken).get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 6);
  EXPECT_EQ(response.accepted_count(), 2);
  EXPECT_EQ(response.rejected_count(), 4);
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_EQ(response.results(1).status().code(), 0);
  EXPECT_EQ(response.results(0).student().person().id_number(), PersonId(100));
  ExpectInvalidField(response.results(2).status().code(), response.results(2).status(),
                     response.results(2).status().message(), "rows[2].person.id_number");
  EXPECT_EQ(response.results(3).status().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(response.results(4).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(response.results(4).status().message().find("rows[4].target_level"), std::string::npos);
  EXPECT_EQ(response.results(5).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(response.results(5).status().message().find(PersonId(105)), std::string::npos);
  EXPECT_EQ(h().CountKeys("education:student:*"), 3);

  ed::BatchEnrolStudentsResponse again;
  ASSERT_TRUE(h().stub().BatchEnrolStudents(EducationHarness::Context(kAdminToken).get(), request, &again).ok());
  EXPECT_EQ(again.accepted_count(), 2);
  EXPECT_EQ(again.results(0).student().id(), response.results(0).student().id());
  EXPECT_EQ(again.results(1).student().id(), response.results(1).student().id());
  EXPECT_EQ(h().CountKeys("education:student:*"), 3);
  request.mutable_rows(1)->set_cohort(2024);
  const grpc::Status reused =
      h().stub().BatchEnrolStudents(EducationHarness::Context(kAdminToken).get(), request, &again);
  EXPECT_REFUSED(reused, FAILED_PRECONDITION, "REQUEST_ID_REUSED");
  EXPECT_EQ(Stats(h(), 2025).enrolled_in_year(), 3);
}

TEST_F(StudentServiceTest, FiveThousandRowBatchEnrolmentAndGraduation) {
  ed::BatchEnrolStudentsRequest request;
  request.set_request_id("import-big");
  request.set_school_credit_code(SchoolA());
  for (int n = 0; n < 5000; ++n) {
    *request.add_rows() = Row(1000 + n, n % 2 == 0 ? kSpecialtyCnc : kSpecialtyWeld);
  }
  ed::BatchEnrolStudentsResponse response;
  const auto start = std::chrono::steady_clock::now();
  auto context = EducationHarness::Context(kAdminToken);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  const grpc::Status status = h().stub().BatchEnrolStudents(context.get(), request, &response);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::cout << "BatchEnrolStudents of 5,000 rows: " << elapsed << " ms\n";
  EXPECT_EQ(response.accepted_count(), 5000);
  EXPECT_EQ(Stats(h(), 2025).students_enrolled(), 5000);
  EXPECT_EQ(Load(h(), SchoolA() + "|" + kSpecialtyCnc), "2500");

  ed::BatchGraduateStudentsRequest graduate;
  graduate.set_request_id("graduate-big");
  graduate.set_school_credit_code(SchoolA());
  for (const ed::BatchStudentResult& result : response.results()) {
    ed::GraduationRow* row = graduate.add_rows();
    row->set_student_id(result.student().id());
    *row->mutable_graduation_date() = Day(2026, 6, 12);
  }
  ed::BatchGraduateStudentsResponse graduated;
  auto context2 = EducationHarness::Context(kAdminToken);
  context2->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  ASSERT_TRUE(h().stub().BatchGraduateStudents(context2.get(), graduate, &graduated).ok());
  EXPECT_EQ(graduated.accepted_count(), 5000);
  EXPECT_EQ(Stats(h(), 2026).graduated(), 5000);
  EXPECT_EQ(Stats(h(), 2026).students_enrolled(), 0);
}

TEST_F(StudentServiceTest, BatchGraduationAnswersRowByRowAndReplays) {
  const ed::Student a = Enrolled(h(), 1, SchoolA());
  const ed::Student b = Enrolled(h(), 2, SchoolA());
  const ed::Student elsewhere = Enrolled(h(), 3, SchoolB());
  ed::BatchGraduateStudentsRequest request;
  request.set_request_id("grad-batch");
  request.set_school_credit_code(SchoolA());
  for (const std::string& id : {a.id(), b.id(), a.id(), elsewhere.id(), std::string("ST0000009999")}) {
    ed::GraduationRow* row = request.add_rows();
    row->set_student_id(id);
    *row->mutable_graduation_date() = Day(2026, 6, 12);
  }
  *request.mutable_rows(1)->mutable_graduation_date() = Day(2025, 8, 1);  // before the enrolment
  ed::BatchGraduateStudentsResponse response;
  ASSERT_TRUE(h().stub().BatchGraduateStudents(EducationHarness::Context(kAdminToken).get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.accepted_count(), 1);
  EXPECT_EQ(response.results(0).student().status(), ed::STUDENT_STATUS_GRADUATED);
  ExpectInvalidField(response.results(1).status().code(), response.results(1).status(),
                     response.results(1).status().message(), "rows[1].graduation_date");
  ExpectInvalidField(response.results(2).status().code(), response.results(2).status(),
                     response.results(2).status().message(), "rows[2].student_id");
  EXPECT_EQ(response.results(3).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(response.results(4).status().code(), grpc::StatusCode::NOT_FOUND);

  ed::BatchGraduateStudentsResponse again;
  ASSERT_TRUE(h().stub().BatchGraduateStudents(EducationHarness::Context(kAdminToken).get(), request, &again).ok());
  EXPECT_EQ(again.accepted_count(), 1);
  EXPECT_EQ(again.results(0).student().id(), a.id());
  EXPECT_EQ(again.results(0).student().status(), ed::STUDENT_STATUS_GRADUATED);
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(again.results(i).status().code(), response.results(i).status().code()) << i;
  }
  EXPECT_EQ(Stats(h(), 2026).graduated(), 1);
  // The first row under a new request_id: refused now that it is graduated.
  request.set_request_id("grad-batch-2");
  ASSERT_TRUE(h().stub().BatchGraduateStudents(EducationHarness::Context(kAdminToken).get(), request, &again).ok());
  EXPECT_EQ(again.accepted_count(), 0);
  EXPECT_EQ(again.results(0).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(GetStudent(h(), b.id()).status(), ed::STUDENT_STATUS_ENROLLED);
}

TEST_F(StudentServiceTest, ClosedSchoolsAndSpecialtiesTakeNoStudentsAndLoadGuardsTheirClosing) {
  const ed::Student a = Enrolled(h(), 1, SchoolA(), kSpecialtyCnc);
  ed::CloseSpecialtyRequest close;
  close.set_school_credit_code(SchoolA());
  close.set_code(kSpecialtyCnc);
  close.set_year(2026);
  close.set_reason("专业调整");
  ed::CloseSpecialtyResponse closed;
  EXPECT_REFUSED(h().stub().CloseSpecialty(EducationHarness::Context(kAdminToken).get(), close, &closed),
                 FAILED_PRECONDITION, "STUDENTS_ENROLLED");
  // Transferred out, the specialty has no student left and may close; it then enrols no one.
  ASSERT_TRUE(Transfer(h(), TransferRequest(a.id(), SchoolA(), kSpecialtyWeld)).ok());
  ASSERT_TRUE(h().stub().CloseSpecialty(EducationHarness::Context(kAdminToken).get(), close, &closed).ok());
  EXPECT_REFUSED(Enrol(h(), EnrolRequest(2, SchoolA(), kSpecialtyCnc)), FAILED_PRECONDITION, "SPECIALTY_CLOSED");

  // School B closes once its specialties are closed (none has students).
  for (const char* code : {kSpecialtyCnc, kSpecialtyWeld}) {
    ed::CloseSpecialtyRequest close_b = close;
    close_b.set_school_credit_code(SchoolB());
    close_b.set_code(code);
    ASSERT_TRUE(h().stub().CloseSpecialty(EducationHarness::Context(kAdminToken).get(), close_b, &closed).ok());
  }
  ed::CloseSchoolRequest close_school;
  close_school.set_credit_code(SchoolB());
  close_school.set_reason("撤并");
  ed::CloseSchoolResponse school_closed;
  ASSERT_TRUE(h().stub().CloseSchool(EducationHarness::Context(kAdminToken).get(), close_school, &school_closed).ok());
  const long long keys_before = h().CountKeys("education:*");
  EXPECT_REFUSED(Enrol(h(), EnrolRequest(3, SchoolB())), FAILED_PRECONDITION, "SCHOOL_CLOSED");
  const ed::Student moved = ListStudents(h(),
                                         [] {
                                           ed::ListStudentsRequest r;
                                           r.set_status(ed::STUDENT_STATUS_ENROLLED);
                                           return r;
                                         }())
                                .front();
  EXPECT_REFUSED(Transfer(h(), TransferRequest(moved.id(), SchoolB(), kSpecialtyCnc)), FAILED_PRECONDITION,
                 "SCHOOL_CLOSED");
  EXPECT_EQ(h().CountKeys("education:*"), keys_before);
  EXPECT_EQ(Stats(h(), 2026).students_enrolled(), 1);
}

// ---------------------------------------------------------------- bad input

class StudentBadInputTest : public StudentServiceTest {
 protected:
  StoreSize Size() { return MeasureStore(h(), "education:audit", "education:events"); }
  void ExpectAlive() {
    ed::ListStudentsRequest list;
    ed::ListStudentsResponse listed;
    const grpc::Status status = h().stub().ListStudents(EducationHarness::Context(kAdminToken).get(), list, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (ed::EducationService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    ASSERT_FALSE(cases.empty());
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (h().stub().*method)(EducationHarness::Context(kAdminToken).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
  }
};

template <typename R>
void AddStudentIdCases(Cases<R>& cases, const std::string& field, StringSetter<R> set) {
  for (const std::string& bad :
       {std::string(), std::string("ST123"), std::string("SP0000000001"), std::string("ST0000000001/.."),
        Repeat("S", 10000), std::string("ST00000\xe2\x80\xae")}) {
    cases.push_back({field + ": " + bad.substr(0, 20), [set, bad](R& r) { set(r, bad); }, field});
  }
}

template <typename R>
Cases<R> RowCases(std::function<ed::EnrolmentRow*(R&)> row, const std::string& prefix) {
  Cases<R> cases;
  AddIdNumberCases<R>(cases, prefix + ".person.id_number",
                      [row](R& r, const std::string& v) { row(r)->mutable_person()->set_id_number(v); });
  AddTextCases<R>(
      cases, prefix + ".person.name", [row](R& r, const std::string& v) { row(r)->mutable_person()->set_name(v); },
      true, 50);
  for (const std::string& bad : {std::string(), std::string("a"), std::string("0103 4"), Repeat("1", 17)}) {
    cases.push_back({prefix + ".specialty_code: " + bad, [row, bad](R& r) { row(r)->set_specialty_code(bad); },
                     prefix + ".specialty_code"});
  }
  for (const int cohort : {0, 1999, 2028, -5}) {
    cases.push_back({prefix + ".cohort: " + std::to_string(cohort), [row, cohort](R& r) { row(r)->set_cohort(cohort); },
                     prefix + ".cohort"});
  }
  AddEnumCases<R>(
      cases, prefix + ".target_level",
      [row](R& r, int v) { row(r)->set_target_level(static_cast<ed::TrainingLevel>(v)); }, true);
  AddDateCases<R>(
      cases, prefix + ".enrol_date", [row](R& r) { return row(r)->mutable_enrol_date(); }, true, false);
  cases.push_back({prefix + ".enrol_date: two years ahead",
                   [row](R& r) { *row(r)->mutable_enrol_date() = Day(2028, 9, 1); }, prefix + ".enrol_date"});
  return cases;
}

TEST_F(StudentBadInputTest, EnrolStudent) {
  ed::EnrolStudentRequest valid = EnrolRequest(50);
  Cases<ed::EnrolStudentRequest> cases =
      RowCases<ed::EnrolStudentRequest>([](ed::EnrolStudentRequest& r) { return r.mutable_row(); }, "row");
  AddRequestIdCases<ed::EnrolStudentRequest>(
      cases, [](ed::EnrolStudentRequest& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<ed::EnrolStudentRequest>(
      cases, "school_credit_code",
      [](ed::EnrolStudentRequest& r, const std::string& v) { r.set_school_credit_code(v); }, true);
  cases.push_back({"row: unset", [](ed::EnrolStudentRequest& r) { r.clear_row(); }, "row"});
  Run(&ed::EducationService::Stub::EnrolStudent, valid, cases);
}

TEST_F(StudentBadInputTest, BatchEnrolStudentsNamesRowPathsAndStoresNothing) {
  ed::BatchEnrolStudentsRequest valid;
  valid.set_school_credit_code(SchoolA());
  for (int n = 0; n < 5; ++n) {
    *valid.add_rows() = Row(60 + n);
  }
  const auto cases = RowCases<ed::BatchEnrolStudentsRequest>(
      [](ed::BatchEnrolStudentsRequest& r) { return r.mutable_rows(3); }, "rows[3]");
  for (const auto& bad : cases) {
    ed::BatchEnrolStudentsRequest request = valid;
    for (int i = 0; i < request.rows_size(); ++i) {
      if (i != 3) {
        request.mutable_rows(i)->set_cohort(1999);  // every other row invalid too: nothing stored
      }
    }
    bad.mutate(request);
    const StoreSize before = Size();
    ed::BatchEnrolStudentsResponse response;
    const grpc::Status status =
        h().stub().BatchEnrolStudents(EducationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << bad.name << ": " << status.error_message();
    ASSERT_EQ(response.results_size(), 5) << bad.name;
    ExpectInvalidField(response.results(3).status().code(), response.results(3).status(),
                       response.results(3).status().message(), bad.field);
    EXPECT_EQ(response.accepted_count(), 0) << bad.name;
    EXPECT_EQ(Size(), before) << bad.name;
  }
  Cases<ed::BatchEnrolStudentsRequest> whole;
  AddCreditCodeCases<ed::BatchEnrolStudentsRequest>(
      whole, "school_credit_code",
      [](ed::BatchEnrolStudentsRequest& r, const std::string& v) { r.set_school_credit_code(v); }, true);
  whole.push_back({"rows: none", [](ed::BatchEnrolStudentsRequest& r) { r.clear_rows(); }, "rows"});
  whole.push_back({"rows: 5,001",
                   [](ed::BatchEnrolStudentsRequest& r) {
                     while (r.rows_size() <= 5000) {
                       *r.add_rows() = r.rows(0);
                     }
                   },
                   "rows"});
  AddRequestIdCases<ed::BatchEnrolStudentsRequest>(
      whole, [](ed::BatchEnrolStudentsRequest& r, const std::string& v) { r.set_request_id(v); });
  Run(&ed::EducationService::Stub::BatchEnrolStudents, valid, whole);
}

TEST_F(StudentBadInputTest, GraduateWithdrawTransfer) {
  const ed::Student s = Enrolled(h(), 70);
  ed::GraduateStudentRequest graduate = GraduateRequest(s.id());
  Cases<ed::GraduateStudentRequest> graduate_cases;
  AddStudentIdCases<ed::GraduateStudentRequest>(
      graduate_cases, "id", [](ed::GraduateStudentRequest& r, const std::string& v) { r.set_id(v); });
  AddDateCases<ed::GraduateStudentRequest>(
      graduate_cases, "graduation_date", [](ed::GraduateStudentRequest& r) { return r.mutable_graduation_date(); },
      true, true);
  graduate_cases.push_back({"graduation_date: before enrolment",
                            [](ed::GraduateStudentRequest& r) { *r.mutable_graduation_date() = Day(2025, 8, 31); },
                            "graduation_date"});
  graduate_cases.push_back(
      {"expected_version: -1", [](ed::GraduateStudentRequest& r) { r.set_expected_version(-1); }, "expected_version"});
  AddRequestIdCases<ed::GraduateStudentRequest>(
      graduate_cases, [](ed::GraduateStudentRequest& r, const std::string& v) { r.set_request_id(v); });
  Run(&ed::EducationService::Stub::GraduateStudent, graduate, graduate_cases);

  ed::WithdrawStudentRequest withdraw = WithdrawRequest(s.id());
  Cases<ed::WithdrawStudentRequest> withdraw_cases;
  AddStudentIdCases<ed::WithdrawStudentRequest>(
      withdraw_cases, "id", [](ed::WithdrawStudentRequest& r, const std::string& v) { r.set_id(v); });
  AddEnumCases<ed::WithdrawStudentRequest>(
      withdraw_cases, "reason",
      [](ed::WithdrawStudentRequest& r, int v) { r.set_reason(static_cast<ed::WithdrawalReason>(v)); }, true);
  AddTextCases<ed::WithdrawStudentRequest>(
      withdraw_cases, "reason_text", [](ed::WithdrawStudentRequest& r, const std::string& v) { r.set_reason_text(v); },
      false, 500);
  withdraw_cases.push_back({"reason_text: missing for OTHER",
                            [](ed::WithdrawStudentRequest& r) { r.set_reason(ed::WITHDRAWAL_REASON_OTHER); },
                            "reason_text"});
  AddDateCases<ed::WithdrawStudentRequest>(
      withdraw_cases, "withdrawal_date", [](ed::WithdrawStudentRequest& r) { return r.mutable_withdrawal_date(); },
      true, true);
  Run(&ed::EducationService::Stub::WithdrawStudent, withdraw, withdraw_cases);

  ed::TransferStudentRequest transfer = TransferRequest(s.id(), SchoolB(), kSpecialtyCnc);
  Cases<ed::TransferStudentRequest> transfer_cases;
  AddStudentIdCases<ed::TransferStudentRequest>(
      transfer_cases, "id", [](ed::TransferStudentRequest& r, const std::string& v) { r.set_id(v); });
  AddCreditCodeCases<ed::TransferStudentRequest>(
      transfer_cases, "to_school_credit_code",
      [](ed::TransferStudentRequest& r, const std::string& v) { r.set_to_school_credit_code(v); }, true);
  for (const std::string& bad : {std::string(), std::string("x"), Repeat("1", 17)}) {
    transfer_cases.push_back({"to_specialty_code: " + bad,
                              [bad](ed::TransferStudentRequest& r) { r.set_to_specialty_code(bad); },
                              "to_specialty_code"});
  }
  transfer_cases.push_back({"to_specialty_code: the same specialty",
                            [](ed::TransferStudentRequest& r) {
                              r.set_to_school_credit_code(SchoolA());
                              r.set_to_specialty_code(kSpecialtyCnc);
                            },
                            "to_specialty_code"});
  AddEnumCases<ed::TransferStudentRequest>(
      transfer_cases, "target_level",
      [](ed::TransferStudentRequest& r, int v) { r.set_target_level(static_cast<ed::TrainingLevel>(v)); }, true);
  AddDateCases<ed::TransferStudentRequest>(
      transfer_cases, "transfer_date", [](ed::TransferStudentRequest& r) { return r.mutable_transfer_date(); }, true,
      true);
  AddTextCases<ed::TransferStudentRequest>(
      transfer_cases, "reason", [](ed::TransferStudentRequest& r, const std::string& v) { r.set_reason(v); }, true,
      500);
  Run(&ed::EducationService::Stub::TransferStudent, transfer, transfer_cases);
}

TEST_F(StudentBadInputTest, BatchGraduateStudentsNamesRowPaths) {
  const ed::Student s = Enrolled(h(), 71);
  ed::BatchGraduateStudentsRequest valid;
  valid.set_school_credit_code(SchoolA());
  for (int i = 0; i < 4; ++i) {
    ed::GraduationRow* row = valid.add_rows();
    row->set_student_id(i == 3 ? s.id() : "ST000000900" + std::to_string(i));
    *row->mutable_graduation_date() = Day(2026, 6, 1);
  }
  Cases<ed::BatchGraduateStudentsRequest> cases;
  AddStudentIdCases<ed::BatchGraduateStudentsRequest>(
      cases, "rows[3].student_id",
      [](ed::BatchGraduateStudentsRequest& r, const std::string& v) { r.mutable_rows(3)->set_student_id(v); });
  AddDateCases<ed::BatchGraduateStudentsRequest>(
      cases, "rows[3].graduation_date",
      [](ed::BatchGraduateStudentsRequest& r) { return r.mutable_rows(3)->mutable_graduation_date(); }, true, true);
  for (const auto& bad : cases) {
    ed::BatchGraduateStudentsRequest request = valid;
    bad.mutate(request);
    const StoreSize before = Size();
    ed::BatchGraduateStudentsResponse response;
    const grpc::Status status =
        h().stub().BatchGraduateStudents(EducationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << bad.name << ": " << status.error_message();
    ASSERT_EQ(response.results_size(), 4) << bad.name;
    ExpectInvalidField(response.results(3).status().code(), response.results(3).status(),
                       response.results(3).status().message(), bad.field);
    EXPECT_EQ(response.accepted_count(), 0) << bad.name;
    EXPECT_EQ(Size(), before) << bad.name;
  }
  EXPECT_EQ(GetStudent(h(), s.id()).status(), ed::STUDENT_STATUS_ENROLLED);
}

}  // namespace
}  // namespace skillbridge::testing

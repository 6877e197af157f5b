// End to end: the real skillbridge-education and skillbridge-evaluation binaries, each over its
// own real redis-server, driven over TCP:
//  - a BatchEnrolStudents of 2,000 rows acknowledged, then education killed -9 and restarted:
//    every acknowledged student is there exactly once (ListStudents by school, the person's
//    history), and the statistics' counters now and of the year both say 2,000;
//  - evaluation killed -9: RegisterSchool answers UNAVAILABLE EVALUATION_UNAVAILABLE within 2 s
//    and stores nothing; once evaluation is restarted the same request succeeds;
//  - one active enrolment across processes: two education binaries over one store, 20 parallel
//    EnrolStudent calls of one person at two schools (10 through each process): exactly one is
//    stored, the others are refused ALREADY_ENROLLED.

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "gtest/gtest.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace ed = ::skillbridge::education::v1;
namespace ev = ::skillbridge::evaluation::v1;
using SteadyClock = std::chrono::steady_clock;

constexpr int kBatchRows = 2000;

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

absl::CivilDay Today() { return BureauDay(absl::Now()); }
int ThisYear() { return static_cast<int>(Today().year()); }

ed::RegisterSchoolRequest SchoolRequest(int n, const std::string& district) {
  ed::RegisterSchoolRequest request;
  request.set_request_id(Concat("e2e-school-", n));
  ed::School* school = request.mutable_school();
  school->mutable_org()->set_credit_code(CreditCode(40000 + n));
  school->mutable_org()->set_name(Concat("青岛测试技师学院", n));
  school->mutable_org()->set_district_code(district);
  school->set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  school->set_ownership(ed::OWNERSHIP_PUBLIC);
  school->set_contact_name("王老师");
  school->set_contact_phone("0532-88886666");
  return request;
}

ed::EnrolmentRow Row(int person) {
  ed::EnrolmentRow row;
  row.mutable_person()->set_id_number(PersonId(person));
  row.mutable_person()->set_name("学生");
  row.set_specialty_code("0103");
  row.set_cohort(ThisYear());
  row.set_target_level(ed::TRAINING_LEVEL_SENIOR);
  *row.mutable_enrol_date() = ToDate(Today());
  return row;
}

class EducationEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = new State();
    ASSERT_TRUE(state_->evaluation_redis.Start().ok());
    ASSERT_TRUE(state_->education_redis.Start().ok());
    auto dir = MakeTempDir("education-e2e");
    ASSERT_TRUE(dir.ok());
    state_->auth = WriteTestAuthConfig(*dir);
    state_->token_file = *dir + "/service-token";
    std::ofstream(state_->token_file) << kServiceToken << "\n";
    const absl::Status evaluation = StartEvaluation();
    ASSERT_TRUE(evaluation.ok()) << evaluation;
    const absl::Status education = StartEducation(state_->education);
    ASSERT_TRUE(education.ok()) << education;
    state_->stub = ed::EducationService::NewStub(state_->education.Channel());
  }
  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  static absl::Status StartEvaluation() {
    SB_RETURN_IF_ERROR(
        state_->evaluation.Start("evaluation", ServiceFlags(state_->evaluation_redis.uri(), state_->auth)));
    return absl::OkStatus();
  }
  static absl::Status StartEducation(ServiceProcess& process) {
    std::vector<std::string> flags = ServiceFlags(state_->education_redis.uri(), state_->auth);
    flags.insert(flags.end(), {"--evaluation_address=" + state_->evaluation.address(),
                               "--evaluation_token_file=" + state_->token_file, "--evaluation_timeout_ms=1000"});
    return process.Start("education", flags);
  }
  static ed::EducationService::Stub& education() { return *state_->stub; }

  // Registers school `n` (evaluation must be up) with specialty 0103 training 高级工.
  static void SchoolWithSpecialty(int n, const std::string& district) {
    if (!state_->evaluation.IsRunning()) {
      ASSERT_TRUE(StartEvaluation().ok());
    }
    ed::RegisterSchoolResponse registered;
    grpc::Status status = grpc::Status::OK;
    const auto give_up = SteadyClock::now() + std::chrono::seconds(30);
    do {  // education's channel to evaluation reconnects with backoff after a restart
      status = education().RegisterSchool(As(kAdminToken).get(), SchoolRequest(n, district), &registered);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    } while (SteadyClock::now() < give_up);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ed::CreateSpecialtyRequest create;
    create.set_request_id(Concat("e2e-specialty-", n));
    ed::Specialty* specialty = create.mutable_specialty();
    specialty->set_school_credit_code(CreditCode(40000 + n));
    specialty->set_code("0103");
    specialty->set_name("数控加工（数控车工）");
    specialty->set_industry_chain_code("IC07");
    specialty->add_levels(ed::TRAINING_LEVEL_SENIOR);
    specialty->add_levels(ed::TRAINING_LEVEL_PRE_TECHNICIAN);
    specialty->set_opened_year(2010);
    ed::CreateSpecialtyResponse created;
    status = education().CreateSpecialty(As(kAdminToken).get(), create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static std::vector<ed::Student> ListStudents(ed::EducationService::Stub& stub, ed::ListStudentsRequest request) {
    std::vector<ed::Student> students;
    request.set_page_size(1000);
    do {
      ed::ListStudentsResponse page;
      const grpc::Status status = stub.ListStudents(As(kAdminToken).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) {
        break;
      }
      students.insert(students.end(), page.students().begin(), page.students().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return students;
  }

  static ed::EducationStatsRow Stats(const std::string& district = "") {
    ed::GetEducationStatsRequest request;
    request.set_year(ThisYear());
    request.set_district_code(district);
    ed::GetEducationStatsResponse response;
    const grpc::Status status = education().GetEducationStats(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }

  struct State {
    RedisServerProcess evaluation_redis;
    RedisServerProcess education_redis;
    std::string auth;
    std::string token_file;
    ServiceProcess evaluation;
    ServiceProcess education;
    std::unique_ptr<ed::EducationService::Stub> stub;
  };
  static inline State* state_ = nullptr;
};

// 2,000 rows acknowledged, education killed -9 right after and restarted: each acknowledged
// student is there exactly once, a replay of the batch returns the same records and adds none,
// and the counters now and of the year agree with the records.
TEST_F(EducationEndToEndTest, AcknowledgedEnrolmentsSurviveKill9ExactlyOnce) {
  SchoolWithSpecialty(1, kDistrictA);
  ed::BatchEnrolStudentsRequest batch;
  batch.set_request_id("e2e-enrol-batch");
  batch.set_school_credit_code(CreditCode(40001));
  for (int i = 0; i < kBatchRows; ++i) {
    *batch.add_rows() = Row(i);
  }
  ed::BatchEnrolStudentsResponse enrolled;
  grpc::Status status = education().BatchEnrolStudents(As(kAdminToken, 120).get(), batch, &enrolled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(enrolled.accepted_count(), kBatchRows);
  ASSERT_EQ(enrolled.rejected_count(), 0);
  std::map<std::string, std::string> acknowledged;  // id_number → student id
  for (const ed::BatchStudentResult& result : enrolled.results()) {
    acknowledged[result.student().person().id_number()] = result.student().id();
  }
  ASSERT_EQ(acknowledged.size(), static_cast<size_t>(kBatchRows));

  state_->education.Kill9();
  const absl::Status restarted = StartEducation(state_->education);
  ASSERT_TRUE(restarted.ok()) << restarted;
  state_->stub = ed::EducationService::NewStub(state_->education.Channel());

  ed::ListStudentsRequest by_school;
  by_school.set_school_credit_code(CreditCode(40001));
  const std::vector<ed::Student> stored = ListStudents(education(), by_school);
  EXPECT_EQ(stored.size(), static_cast<size_t>(kBatchRows));
  std::map<std::string, int> seen;
  for (const ed::Student& student : stored) {
    ++seen[student.person().id_number()];
    EXPECT_EQ(student.status(), ed::STUDENT_STATUS_ENROLLED);
    EXPECT_EQ(acknowledged[student.person().id_number()], student.id());
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kBatchRows));
  for (const auto& [id_number, count] : seen) {
    EXPECT_EQ(count, 1) << "enrolled more than once";
  }
  ed::ListStudentsRequest history;
  history.set_id_number(PersonId(kBatchRows - 1));
  EXPECT_EQ(ListStudents(education(), history).size(), 1u);

  ed::BatchEnrolStudentsResponse replayed;
  status = education().BatchEnrolStudents(As(kAdminToken, 120).get(), batch, &replayed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(replayed.accepted_count(), kBatchRows);
  ASSERT_EQ(replayed.results_size(), kBatchRows);
  EXPECT_EQ(replayed.results(0).student().id(), enrolled.results(0).student().id());
  EXPECT_EQ(ListStudents(education(), by_school).size(), static_cast<size_t>(kBatchRows));

  const ed::EducationStatsRow district = Stats(kDistrictA);
  EXPECT_EQ(district.students_enrolled(), kBatchRows) << "the counter now";
  EXPECT_EQ(district.enrolled_in_year(), kBatchRows) << "the counter of the year";
  ed::GetSpecialtyRequest get;
  get.set_school_credit_code(CreditCode(40001));
  get.set_code("0103");
  ed::GetSpecialtyResponse specialty;
  ASSERT_TRUE(education().GetSpecialty(As(kAdminToken).get(), get, &specialty).ok());
  EXPECT_EQ(specialty.specialty().enrolled_count(), kBatchRows);
}

// Evaluation killed -9: RegisterSchool answers UNAVAILABLE (EVALUATION_UNAVAILABLE) in under 2 s
// and the school is not stored; after evaluation's restart the same request succeeds.
TEST_F(EducationEndToEndTest, EvaluationDownRegisterSchoolAnswersUnavailablePromptlyAndStoresNothing) {
  if (!state_->evaluation.IsRunning()) {
    ASSERT_TRUE(StartEvaluation().ok());
  }
  const ed::RegisterSchoolRequest request = SchoolRequest(2, kDistrictB);
  state_->evaluation.Kill9();
  const auto start = SteadyClock::now();
  ed::RegisterSchoolResponse refused;
  grpc::Status status = education().RegisterSchool(As(kAdminToken, 60).get(), request, &refused);
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE");
  EXPECT_LT(took, std::chrono::seconds(2)) << "no hang while evaluation is down";

  ed::GetSchoolRequest get;
  get.set_credit_code(CreditCode(40002));
  ed::GetSchoolResponse missing;
  EXPECT_EQ(education().GetSchool(As(kAdminToken).get(), get, &missing).error_code(), grpc::StatusCode::NOT_FOUND)
      << "nothing stored";
  EXPECT_EQ(Stats(kDistrictB).schools(), 0);

  const absl::Status restarted = StartEvaluation();
  ASSERT_TRUE(restarted.ok()) << restarted;
  ed::RegisterSchoolResponse registered;
  const auto give_up = SteadyClock::now() + std::chrono::seconds(30);
  do {  // education's channel reconnects with backoff
    status = education().RegisterSchool(As(kAdminToken, 60).get(), request, &registered);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } while (SteadyClock::now() < give_up);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(registered.school().org().credit_code(), CreditCode(40002));
  EXPECT_EQ(registered.school().filing_status(), ed::FILING_STATUS_NOT_FILED);
  EXPECT_EQ(Stats(kDistrictB).schools(), 1);
}

// Two education processes over one store; 20 parallel enrolments of one person at two schools
// (10 through each process): exactly one is stored, the others ALREADY_ENROLLED.
TEST_F(EducationEndToEndTest, ParallelEnrolmentsOfOnePersonAcrossTwoProcessesStoreOne) {
  SchoolWithSpecialty(3, kDistrictA);
  SchoolWithSpecialty(4, kDistrictB);
  ServiceProcess second;
  const absl::Status started = StartEducation(second);
  ASSERT_TRUE(started.ok()) << started;
  auto second_stub = ed::EducationService::NewStub(second.Channel());
  const int person = 9000;

  std::atomic<int> ok{0};
  std::atomic<int> already{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      ed::EnrolStudentRequest request;
      request.set_request_id(Concat("e2e-race-", i));
      request.set_school_credit_code(CreditCode(i % 4 < 2 ? 40003 : 40004));
      *request.mutable_row() = Row(person);
      ed::EnrolStudentResponse response;
      ed::EducationService::Stub& stub = i % 2 == 0 ? education() : *second_stub;
      const grpc::Status s = stub.EnrolStudent(As(kAdminToken).get(), request, &response);
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION && ReasonOf(s) == "ALREADY_ENROLLED") {
        ++already;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 19);
  EXPECT_EQ(other.load(), 0);

  ed::ListStudentsRequest history;
  history.set_id_number(PersonId(person));
  const std::vector<ed::Student> records = ListStudents(*second_stub, history);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].status(), ed::STUDENT_STATUS_ENROLLED);
  int64_t enrolled = 0;
  for (const std::string& school : {CreditCode(40003), CreditCode(40004)}) {
    ed::ListStudentsRequest by_school;
    by_school.set_school_credit_code(school);
    enrolled += static_cast<int64_t>(ListStudents(education(), by_school).size());
  }
  EXPECT_EQ(enrolled, 1);
}

}  // namespace
}  // namespace skillbridge::testing

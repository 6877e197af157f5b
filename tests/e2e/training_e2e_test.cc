// End to end: the real skillbridge-training and skillbridge-evaluation binaries, each over its
// own real redis-server, driven over TCP: a certificate issued in evaluation makes a subsidy
// claim pass and a revoked one makes it fail; claims racing on the 3-per-year rule; evaluation
// killed mid-way → claims answer UNAVAILABLE quickly and store nothing, and pass again once it is
// back; the permission table for every RPC × role against the binary.

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "gtest/gtest.h"
#include "services/training/training_service_traits.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/health_client.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/retrying_client.h"
#include "tests/support/service_process.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace tr = ::skillbridge::training::v1;
using SteadyClock = std::chrono::steady_clock;

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
const char* const kOccupations[] = {"6-18-02-04", "6-30-99-00", "6-31-01-03", "6-18-01-01",
                                    "6-18-01-02", "6-18-01-04", "6-31-01-10"};

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

// Today in Qingdao (the binaries use the system clock).
absl::CivilDay Today() { return BureauDay(absl::Now()); }

class TrainingEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = new State();
    ASSERT_TRUE(state_->evaluation_redis.Start().ok());
    ASSERT_TRUE(state_->training_redis.Start().ok());
    auto dir = MakeTempDir("training-e2e");
    ASSERT_TRUE(dir.ok());
    state_->auth = WriteTestAuthConfig(*dir);
    state_->token_file = *dir + "/service-token";
    std::ofstream(state_->token_file) << kServiceToken << "\n";
    ASSERT_TRUE(StartEvaluation().ok());
    const absl::Status training = StartTraining();
    ASSERT_TRUE(training.ok()) << training;
    state_->eval_stub = ev::EvaluationService::NewStub(state_->evaluation.Channel());
    state_->stub = tr::TrainingService::NewStub(state_->training.Channel());
    Prepare();
  }
  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  static absl::Status StartTraining() {
    std::vector<std::string> flags = ServiceFlags(state_->training_redis.uri(), state_->auth, 8);
    flags.insert(flags.end(), {"--evaluation_address=" + state_->evaluation.address(),
                               "--evaluation_token_file=" + state_->token_file, "--evaluation_timeout_ms=1000"});
    return state_->training.Start("training", flags);
  }

  static long long EnrollmentKeys() {
    auto client = RedisClient::Create(state_->training_redis.ClientOptions());
    if (!client.ok()) {
      return -1;
    }
    auto count = (*client)->Command({"EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "training:enr:*"});
    return count.ok() ? count->integer() : -1;
  }

  static absl::Status StartEvaluation() {
    if (absl::Status started =
            state_->evaluation.Start("evaluation", ServiceFlags(state_->evaluation_redis.uri(), state_->auth, 8));
        !started.ok()) {
      return started;
    }
    state_->eval_stub = ev::EvaluationService::NewStub(state_->evaluation.Channel());
    return absl::OkStatus();
  }

  // A filed evaluation org, an active institution, this year's catalogue for every occupation.
  static void Prepare() {
    auto& eval = *state_->eval_stub;
    ev::CreateEvaluationOrgRequest create;
    create.mutable_org()->set_credit_code(CreditCode(901));
    create.mutable_org()->set_name("青岛市某技能评价中心");
    create.mutable_org()->set_district_code(kDistrictA);
    create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
    for (const char* occupation : kOccupations) {
      auto* scope = create.add_scope();
      scope->set_occupation_code(occupation);
      scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    }
    ev::CreateEvaluationOrgResponse created;
    ASSERT_TRUE(eval.CreateEvaluationOrg(As(kAdminToken).get(), create, &created).ok());
    ev::StartFilingAssessmentRequest start;
    start.set_credit_code(CreditCode(901));
    ev::StartFilingAssessmentResponse started;
    ASSERT_TRUE(eval.StartFilingAssessment(As(kAdminToken).get(), start, &started).ok());
    ev::ApproveFilingRequest approve;
    approve.set_credit_code(CreditCode(901));
    ev::ApproveFilingResponse approved;
    ASSERT_TRUE(eval.ApproveFiling(As(kAdminToken).get(), approve, &approved).ok());

    tr::CreateInstitutionRequest institution;
    institution.mutable_org()->set_credit_code(CreditCode(1));
    institution.mutable_org()->set_name("青岛市南职业培训学校");
    institution.mutable_org()->set_district_code(kDistrictA);
    institution.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
    for (const char* occupation : kOccupations) {
      institution.add_approved_occupation_codes(occupation);
    }
    tr::CreateInstitutionResponse institution_created;
    grpc::Status status = state_->stub->CreateInstitution(As(kDistrictAToken).get(), institution, &institution_created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const char* occupation : kOccupations) {
      tr::UpsertCatalogEntryRequest entry;
      entry.mutable_entry()->set_year(static_cast<int>(Today().year()));
      entry.mutable_entry()->set_occupation_code(occupation);
      entry.mutable_entry()->set_level(kSenior);
      entry.mutable_entry()->set_subsidy_fen(150000);
      tr::UpsertCatalogEntryResponse upserted;
      ASSERT_TRUE(state_->stub->UpsertCatalogEntry(As(kAdminToken).get(), entry, &upserted).ok());
    }
  }

  // A completed enrolment of person n in a new course (this year) of `occupation` at 三级.
  static std::string Completed(int person, const std::string& occupation) {
    const absl::CivilDay today = Today();
    tr::CreateCourseRequest course;
    course.mutable_course()->mutable_institution()->set_credit_code(CreditCode(1));
    course.mutable_course()->set_title("技能提升班");
    course.mutable_course()->set_programme(tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
    course.mutable_course()->set_occupation_code(occupation);
    course.mutable_course()->set_level(kSenior);
    *course.mutable_course()->mutable_start_date() = ToDate(absl::CivilDay(today.year(), 1, 1));
    *course.mutable_course()->mutable_end_date() = ToDate(today);
    course.mutable_course()->set_capacity(40);
    tr::CreateCourseResponse course_created;
    grpc::Status status = state_->stub->CreateCourse(As(kInstitutionAToken).get(), course, &course_created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    tr::EnrollPersonRequest enroll;
    enroll.set_course_id(course_created.course().id());
    enroll.mutable_person()->set_id_number(PersonId(person));
    enroll.mutable_person()->set_name(EvaluationHarness::PersonName(person));
    *enroll.mutable_enrolled_date() = ToDate(absl::CivilDay(today.year(), 1, 1));
    tr::EnrollPersonResponse enrolled;
    status = state_->stub->EnrollPerson(As(kInstitutionAToken).get(), enroll, &enrolled);
    EXPECT_TRUE(status.ok()) << status.error_message();
    tr::CompleteEnrollmentRequest complete;
    complete.set_enrollment_id(enrolled.enrollment().id());
    complete.set_hours(60);
    tr::CompleteEnrollmentResponse completed;
    status = state_->stub->CompleteEnrollment(As(kInstitutionAToken).get(), complete, &completed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return completed.enrollment().id();
  }

  // A certificate issued (today) in evaluation for person n.
  static std::string Issue(int person, const std::string& occupation) {
    ev::IssueCertificateRequest issue;
    *issue.mutable_certificate() = EvaluationHarness::Draft(person, CreditCode(901), kSenior);
    issue.mutable_certificate()->set_occupation_code(occupation);
    *issue.mutable_certificate()->mutable_issue_date() = ToDate(Today());
    ev::IssueCertificateResponse issued;
    grpc::Status status = state_->eval_stub->IssueCertificate(As(kAdminToken).get(), issue, &issued);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return issued.certificate().number();
  }

  static grpc::Status Claim(const std::string& enrollment, const std::string& number, int seconds = 10) {
    tr::SubmitSubsidyClaimRequest request;
    request.set_enrollment_id(enrollment);
    request.set_certificate_number(number);
    tr::SubmitSubsidyClaimResponse response;
    return state_->stub->SubmitSubsidyClaim(As(kInstitutionAToken, seconds).get(), request, &response);
  }

  static long long ClaimKeys() {
    auto client = RedisClient::Create(state_->training_redis.ClientOptions());
    if (!client.ok()) {
      return -1;
    }
    auto reply = (*client)->Command({"KEYS", "training:claim:*"});
    return reply.ok() ? static_cast<long long>(reply->size()) : -1;
  }

  struct State {
    RedisServerProcess evaluation_redis;
    RedisServerProcess training_redis;
    std::string auth;
    std::string token_file;
    ServiceProcess evaluation;
    ServiceProcess training;
    std::unique_ptr<ev::EvaluationService::Stub> eval_stub;
    std::unique_ptr<tr::TrainingService::Stub> stub;
  };
  static State* state_;
};

TrainingEndToEndTest::State* TrainingEndToEndTest::state_ = nullptr;

TEST_F(TrainingEndToEndTest, IssuedCertificatePassesRevokedOneFails) {
  const std::string enrollment = Completed(1, "6-18-02-04");
  const std::string number = Issue(1, "6-18-02-04");
  grpc::Status status = Claim(enrollment, number);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::string second = Completed(2, "6-18-02-04");
  const std::string revoked_number = Issue(2, "6-18-02-04");
  ev::RevokeCertificateRequest revoke;
  revoke.set_number(revoked_number);
  revoke.set_reason("证书信息有误");
  ev::RevokeCertificateResponse revoked;
  ASSERT_TRUE(state_->eval_stub->RevokeCertificate(As(kAdminToken).get(), revoke, &revoked).ok());
  status = Claim(second, revoked_number);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_NOT_VALID");
}

TEST_F(TrainingEndToEndTest, ConcurrentClaimsRaceOnTheYearlyLimit) {
  const int person = 3;
  std::vector<std::string> enrollments;
  std::vector<std::string> numbers;
  for (const char* occupation : kOccupations) {
    enrollments.push_back(Completed(person, occupation));
    numbers.push_back(Issue(person, occupation));
  }
  std::atomic<int> won{0};
  std::atomic<int> limited{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < enrollments.size(); ++i) {
    threads.emplace_back([&, i] {
      grpc::Status status = Claim(enrollments[i], numbers[i]);
      if (status.ok()) {
        ++won;
      } else if (ReasonOf(status) == "SUBSIDY_YEARLY_LIMIT_REACHED") {
        ++limited;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(won.load(), 3);
  EXPECT_EQ(limited.load(), static_cast<int>(enrollments.size()) - 3);
}

TEST_F(TrainingEndToEndTest, EvaluationKilledMeansUnavailableAndNothingStored) {
  const std::string enrollment = Completed(4, "6-30-99-00");
  const std::string number = Issue(4, "6-30-99-00");
  const long long before = ClaimKeys();
  state_->evaluation.Kill9();
  for (int i = 0; i < 3; ++i) {
    const auto started = SteadyClock::now();
    grpc::Status status = Claim(enrollment, number);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE");
    EXPECT_LT(SteadyClock::now() - started, std::chrono::milliseconds(2500));
  }
  EXPECT_EQ(ClaimKeys(), before);
  // A caller deadline shorter than the evaluation timeout is respected too.
  const auto started = SteadyClock::now();
  grpc::Status status = Claim(enrollment, number, 1);
  EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
  EXPECT_LT(SteadyClock::now() - started, std::chrono::milliseconds(1500));

  // Back again (same Redis, same port): the claim passes.
  ASSERT_TRUE(StartEvaluation().ok());
  bool passed = false;
  for (int attempt = 0; attempt < 50 && !passed; ++attempt) {
    passed = Claim(enrollment, number).ok();
    if (!passed) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  EXPECT_TRUE(passed);
  EXPECT_EQ(ClaimKeys(), before + 1);
}

// A peer that hangs (SIGSTOP: connections stay open, nothing answers) is the worst case for a
// caller: the claim still answers within its deadline (UNAVAILABLE or DEADLINE_EXCEEDED), stores
// nothing, and passes once the peer runs again.
TEST_F(TrainingEndToEndTest, EvaluationHangingMeansAnAnswerWithinTheDeadlineAndNothingStored) {
  const std::string enrollment = Completed(5, "6-30-99-00");
  const std::string number = Issue(5, "6-30-99-00");
  const long long before = ClaimKeys();
  state_->evaluation.Signal(SIGSTOP);
  for (int i = 0; i < 3; ++i) {
    const auto started = SteadyClock::now();
    grpc::Status status = Claim(enrollment, number);
    EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << status.error_code() << " " << status.error_message();
    EXPECT_LT(SteadyClock::now() - started, std::chrono::milliseconds(5500));
  }
  EXPECT_EQ(ClaimKeys(), before);
  state_->evaluation.Signal(SIGCONT);
  bool passed = false;
  for (int attempt = 0; attempt < 50 && !passed; ++attempt) {
    passed = Claim(enrollment, number).ok();
    if (!passed) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  EXPECT_TRUE(passed);
  EXPECT_EQ(ClaimKeys(), before + 1);
}

// Faults under load: clients enrol with request ids and retry whatever was not answered while
// training's Redis is killed -9 and restarted, then the training binary. Every acknowledged
// enrolment is stored exactly once, a retry answers with its first id, no call hangs.
TEST_F(TrainingEndToEndTest, RetryingClientsLoseNothingAcrossKill9OfRedisAndOfTheService) {
  const absl::CivilDay today = Today();
  tr::CreateCourseRequest course;
  course.mutable_course()->mutable_institution()->set_credit_code(CreditCode(1));
  course.mutable_course()->set_title("故障演练班");
  course.mutable_course()->set_programme(tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
  course.mutable_course()->set_occupation_code("6-30-99-00");
  course.mutable_course()->set_level(kSenior);
  *course.mutable_course()->mutable_start_date() = ToDate(absl::CivilDay(today.year(), 1, 1));
  *course.mutable_course()->mutable_end_date() = ToDate(today);
  course.mutable_course()->set_capacity(10000);
  tr::CreateCourseResponse created;
  ASSERT_TRUE(state_->stub->CreateCourse(As(kInstitutionAToken).get(), course, &created).ok());
  const std::string course_id = created.course().id();
  const long long enrolments_before = EnrollmentKeys();

  constexpr int kClients = 4;
  std::atomic<bool> stop{false};
  RetryCounters counters;
  std::vector<std::vector<std::pair<int, std::string>>> acknowledged(kClients);  // person, enrolment id
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = tr::TrainingService::NewStub(state_->training.Channel());
      for (int i = 0; i < 2000 && !stop.load(); ++i) {
        const int person = 60000 + c * 2000 + i;
        tr::EnrollPersonRequest request;
        request.set_request_id("fault-enrol-" + std::to_string(person));
        request.set_course_id(course_id);
        request.mutable_person()->set_id_number(PersonId(person));
        request.mutable_person()->set_name(EvaluationHarness::PersonName(person));
        tr::EnrollPersonResponse response;
        if (CallUntilAnswered([&] { return stub->EnrollPerson(As(kInstitutionAToken, 3).get(), request, &response); },
                              counters)) {
          acknowledged[c].emplace_back(person, response.enrollment().id());
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  state_->training_redis.Kill9();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(state_->training_redis.Restart().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  state_->training.Kill9();
  ASSERT_TRUE(StartTraining().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (std::thread& client : clients) {
    client.join();
  }
  EXPECT_FALSE(counters.hung.load()) << "a call outlived its 3 s deadline by more than 2 s";
  EXPECT_EQ(counters.gave_up.load(), 0);
  EXPECT_GT(counters.retries.load(), 0) << "the faults hit calls in flight";

  std::set<std::string> ids;
  int total = 0;
  for (const auto& per_client : acknowledged) {
    for (const auto& [person, id] : per_client) {
      ++total;
      ids.insert(id);
      tr::EnrollPersonRequest again;
      again.set_request_id("fault-enrol-" + std::to_string(person));
      again.set_course_id(course_id);
      again.mutable_person()->set_id_number(PersonId(person));
      again.mutable_person()->set_name(EvaluationHarness::PersonName(person));
      tr::EnrollPersonResponse replayed;
      const grpc::Status status = state_->stub->EnrollPerson(As(kInstitutionAToken).get(), again, &replayed);
      ASSERT_TRUE(status.ok()) << person << ": " << status.error_message();
      EXPECT_EQ(replayed.enrollment().id(), id) << person;
    }
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(total));
  EXPECT_EQ(EnrollmentKeys() - enrolments_before, total) << "exactly the acknowledged enrolments are stored";
  std::cerr << "fault run: " << total << " enrolments acknowledged, " << counters.retries.load() << " retried calls\n";
}

// The permission table as the real binary enforces it (the table itself is pinned by
// tests/training/training_permissions_test.cc).
TEST_F(TrainingEndToEndTest, PermissionTableForEveryRpcAndRole) {
  const PermissionTable table = training::TrainingServiceTraits::Permissions();
  ExpectEveryRpcTimesEveryRole(*state_->training.Channel(), "skillbridge.training.v1.TrainingService", table);
  ExpectUnauthenticatedWithoutValidToken(*state_->training.Channel(), "skillbridge.training.v1.TrainingService", table);
}

}  // namespace
}  // namespace skillbridge::testing

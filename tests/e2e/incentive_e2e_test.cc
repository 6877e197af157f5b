// End to end: the real skillbridge-incentive and skillbridge-evaluation binaries, each over its
// own real redis-server, driven over TCP:
//  - a wage-survey batch (with corrections) acknowledged, then incentive killed -9 and restarted:
//    every acknowledged row is there as acknowledged, and the year's summary is exact;
//  - evaluation killed -9: SubmitWageSurveys answers UNAVAILABLE promptly (no hang) and stores
//    nothing; once evaluation is restarted the same request is accepted;
//  - the honour quota across processes: two incentive binaries over one store, 20 parallel
//    AwardNomination calls for the last 3 places of a programme: exactly 3 are awarded.

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
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
namespace iv = ::skillbridge::incentive::v1;
using SteadyClock = std::chrono::steady_clock;

constexpr int kEnterprises = 400;  // registered with evaluation: CreditCode(30000 + i)

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

int ThisYear() { return static_cast<int>(BureauDay(absl::Now()).year()); }

std::string Enterprise(int i) { return CreditCode(30000 + i); }

// A consistent survey row for enterprise `i`, `variant` changing the numbers (a correction).
iv::WageSurveyDraft Row(int i, int variant = 0) {
  iv::WageSurveyDraft draft;
  draft.set_credit_code(Enterprise(i));
  const int64_t levels[5] = {20 + i % 7, 30 + i % 11, 12 + i % 5, 4 + i % 3, 1 + i % 2};
  int64_t skilled = 0;
  for (int l = 0; l < 5; ++l) {
    iv::LevelPay* pay = draft.add_levels();
    pay->set_level(static_cast<common::v1::SkillLevel>(common::v1::SKILL_LEVEL_5_JUNIOR + l));
    pay->set_headcount(levels[l]);
    pay->set_average_annual_pay_fen((6'000'000 + 1'200'000 * l + 1000 * i + 100 * variant));
    skilled += levels[l];
  }
  draft.set_uncertified_headcount(60 + i % 13 + variant);
  draft.set_uncertified_average_pay_fen(5'000'000 + 100 * i);
  draft.set_workforce(skilled + draft.uncertified_headcount());
  return draft;
}

struct Totals {
  int64_t enterprises = 0, workforce = 0, skilled = 0, high = 0, skilled_pay = 0, high_pay = 0;
  void Add(const iv::WageSurveyDraft& d) {
    ++enterprises;
    workforce += d.workforce();
    for (const iv::LevelPay& l : d.levels()) {
      skilled += l.headcount();
      skilled_pay += l.headcount() * l.average_annual_pay_fen();
      if (l.level() >= common::v1::SKILL_LEVEL_3_SENIOR) {
        high += l.headcount();
        high_pay += l.headcount() * l.average_annual_pay_fen();
      }
    }
  }
};

class IncentiveEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = new State();
    ASSERT_TRUE(state_->evaluation_redis.Start().ok());
    ASSERT_TRUE(state_->incentive_redis.Start().ok());
    auto dir = MakeTempDir("incentive-e2e");
    ASSERT_TRUE(dir.ok());
    state_->auth = WriteTestAuthConfig(*dir);
    state_->token_file = *dir + "/service-token";
    std::ofstream(state_->token_file) << kServiceToken << "\n";
    const absl::Status evaluation = StartEvaluation();
    ASSERT_TRUE(evaluation.ok()) << evaluation;
    for (int i = 0; i < kEnterprises; ++i) {
      ev::UpsertEnterpriseRequest request;
      request.set_request_id(Concat("e2e-enterprise-", i));
      ev::Enterprise* e = request.mutable_enterprise();
      e->mutable_org()->set_credit_code(Enterprise(i));
      e->mutable_org()->set_name(Concat("青岛测试制造有限公司", i));
      e->mutable_org()->set_district_code(i % 2 == 0 ? kDistrictA : kDistrictB);
      e->set_above_designated_size(true);
      e->set_industry_chain_code(i % 3 == 0 ? "IC03" : "IC07");
      e->set_employee_count(200);
      ev::UpsertEnterpriseResponse response;
      const grpc::Status status = evaluation_stub().UpsertEnterprise(As(kAdminToken).get(), request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    const absl::Status incentive = StartIncentive(state_->incentive);
    ASSERT_TRUE(incentive.ok()) << incentive;
    state_->stub = iv::IncentiveService::NewStub(state_->incentive.Channel());
  }
  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  static absl::Status StartEvaluation() {
    SB_RETURN_IF_ERROR(
        state_->evaluation.Start("evaluation", ServiceFlags(state_->evaluation_redis.uri(), state_->auth)));
    state_->evaluation_stub = ev::EvaluationService::NewStub(state_->evaluation.Channel());
    return absl::OkStatus();
  }
  static absl::Status StartIncentive(ServiceProcess& process) {
    std::vector<std::string> flags = ServiceFlags(state_->incentive_redis.uri(), state_->auth);
    flags.insert(flags.end(), {"--evaluation_address=" + state_->evaluation.address(),
                               "--evaluation_token_file=" + state_->token_file, "--evaluation_timeout_ms=1000"});
    return process.Start("incentive", flags);
  }

  static iv::IncentiveService::Stub& incentive() { return *state_->stub; }
  static ev::EvaluationService::Stub& evaluation_stub() { return *state_->evaluation_stub; }

  static iv::GetWageSurveySummaryResponse Summary(int year) {
    iv::GetWageSurveySummaryRequest request;
    request.set_year(year);
    iv::GetWageSurveySummaryResponse response;
    const grpc::Status status = incentive().GetWageSurveySummary(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  struct State {
    RedisServerProcess evaluation_redis;
    RedisServerProcess incentive_redis;
    std::string auth;
    std::string token_file;
    ServiceProcess evaluation;
    ServiceProcess incentive;
    std::unique_ptr<ev::EvaluationService::Stub> evaluation_stub;
    std::unique_ptr<iv::IncentiveService::Stub> stub;
  };
  static inline State* state_ = nullptr;
};

// 300 rows acknowledged, 10 of them corrected; incentive killed -9 and restarted: every row is
// there as last acknowledged (revision 2 for the corrected) and the summary is exact.
TEST_F(IncentiveEndToEndTest, AcknowledgedSurveyRowsSurviveKill9AndTheSummaryIsExact) {
  const int year = ThisYear();
  iv::SubmitWageSurveysRequest submit;
  submit.set_request_id("e2e-survey-batch");
  submit.set_year(year);
  std::map<std::string, iv::WageSurveyDraft> expected;
  for (int i = 0; i < 300; ++i) {
    *submit.add_surveys() = Row(i);
    expected[Enterprise(i)] = Row(i);
  }
  iv::SubmitWageSurveysResponse submitted;
  grpc::Status status = incentive().SubmitWageSurveys(As(kAdminToken, 120).get(), submit, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(submitted.accepted_count(), 300);
  ASSERT_EQ(submitted.rejected_count(), 0);

  iv::SubmitWageSurveysRequest correct;
  correct.set_request_id("e2e-survey-corrections");
  correct.set_year(year);
  for (int i = 0; i < 10; ++i) {
    *correct.add_surveys() = Row(i * 7, 1);
    expected[Enterprise(i * 7)] = Row(i * 7, 1);
  }
  iv::SubmitWageSurveysResponse corrected;
  status = incentive().SubmitWageSurveys(As(kAdminToken).get(), correct, &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(corrected.accepted_count(), 10);
  EXPECT_EQ(corrected.replaced_count(), 10);

  state_->incentive.Kill9();
  const absl::Status restarted = StartIncentive(state_->incentive);
  ASSERT_TRUE(restarted.ok()) << restarted;
  state_->stub = iv::IncentiveService::NewStub(state_->incentive.Channel());

  std::map<std::string, iv::WageSurvey> stored;
  iv::ListWageSurveysRequest list;
  list.set_year(year);
  list.set_page_size(1000);
  do {
    iv::ListWageSurveysResponse page;
    status = incentive().ListWageSurveys(As(kAdminToken).get(), list, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const iv::WageSurvey& survey : page.surveys()) {
      stored[survey.report().credit_code()] = survey;
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  ASSERT_EQ(stored.size(), expected.size());
  Totals totals;
  for (const auto& [code, draft] : expected) {
    totals.Add(draft);
    const auto found = stored.find(code);
    ASSERT_NE(found, stored.end()) << code;
    const iv::WageSurvey& survey = found->second;
    EXPECT_EQ(survey.report().workforce(), draft.workforce()) << code;
    EXPECT_EQ(survey.report().uncertified_headcount(), draft.uncertified_headcount()) << code;
    ASSERT_EQ(survey.report().levels_size(), draft.levels_size()) << code;
    for (int l = 0; l < draft.levels_size(); ++l) {
      EXPECT_EQ(survey.report().levels(l).headcount(), draft.levels(l).headcount()) << code;
      EXPECT_EQ(survey.report().levels(l).average_annual_pay_fen(), draft.levels(l).average_annual_pay_fen()) << code;
    }
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(stored[Enterprise(i * 7)].revision(), 2) << "a correction replaces the row";
  }
  EXPECT_EQ(stored[Enterprise(1)].revision(), 1);

  const iv::GetWageSurveySummaryResponse summary = Summary(year);
  const iv::SurveyTotals& city = summary.city();
  EXPECT_EQ(city.enterprises(), totals.enterprises);
  EXPECT_EQ(city.workforce(), totals.workforce);
  EXPECT_EQ(city.skilled_headcount(), totals.skilled);
  EXPECT_EQ(city.high_skilled_headcount(), totals.high);
  EXPECT_EQ(city.skilled_pay_total_fen(), totals.skilled_pay);
  EXPECT_EQ(city.high_skilled_pay_total_fen(), totals.high_pay);
  EXPECT_DOUBLE_EQ(city.skilled_share_of_workforce(),
                   static_cast<double>(totals.skilled) / static_cast<double>(totals.workforce));
  EXPECT_DOUBLE_EQ(city.high_skilled_share_of_skilled(),
                   static_cast<double>(totals.high) / static_cast<double>(totals.skilled));
  int64_t district_enterprises = 0;
  for (const iv::DistrictSurveyTotals& district : summary.districts()) {
    district_enterprises += district.totals().enterprises();
  }
  EXPECT_EQ(district_enterprises, totals.enterprises);
}

// Evaluation killed -9: the submission answers UNAVAILABLE within a few seconds and nothing of it
// is stored; after evaluation's restart the same request is accepted.
TEST_F(IncentiveEndToEndTest, EvaluationDownSubmitAnswersUnavailablePromptlyAndStoresNothing) {
  const int year = ThisYear() - 1;
  iv::SubmitWageSurveysRequest submit;
  submit.set_request_id("e2e-survey-evaluation-down");
  submit.set_year(year);
  for (int i = 300; i < 320; ++i) {
    *submit.add_surveys() = Row(i);
  }
  state_->evaluation.Kill9();
  const auto start = SteadyClock::now();
  iv::SubmitWageSurveysResponse refused;
  grpc::Status status = incentive().SubmitWageSurveys(As(kAdminToken, 60).get(), submit, &refused);
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_LT(took, std::chrono::seconds(10)) << "no hang while evaluation is down";

  EXPECT_EQ(Summary(year).city().enterprises(), 0) << "nothing stored";
  iv::GetWageSurveyRequest get;
  get.set_year(year);
  get.set_credit_code(Enterprise(300));
  iv::GetWageSurveyResponse missing;
  EXPECT_EQ(incentive().GetWageSurvey(As(kAdminToken).get(), get, &missing).error_code(), grpc::StatusCode::NOT_FOUND);

  const absl::Status restarted = StartEvaluation();
  ASSERT_TRUE(restarted.ok()) << restarted;
  iv::SubmitWageSurveysResponse accepted;
  const auto give_up = SteadyClock::now() + std::chrono::seconds(30);
  do {  // the incentive's channel reconnects with backoff
    status = incentive().SubmitWageSurveys(As(kAdminToken, 60).get(), submit, &accepted);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } while (SteadyClock::now() < give_up);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(accepted.accepted_count(), 20);
  EXPECT_EQ(Summary(year).city().enterprises(), 20);
}

// Two incentive processes over one store; 20 parallel awards (10 through each) for the last 3
// places of a programme of quota 5: exactly 3 succeed, the others QUOTA_EXHAUSTED.
TEST_F(IncentiveEndToEndTest, ParallelAwardsAcrossTwoProcessesNeverExceedTheQuota) {
  if (!state_->evaluation.IsRunning()) {
    ASSERT_TRUE(StartEvaluation().ok());
  }
  ServiceProcess second;
  const absl::Status started = StartIncentive(second);
  ASSERT_TRUE(started.ok()) << started;
  auto second_stub = iv::IncentiveService::NewStub(second.Channel());

  iv::CreateHonourProgrammeRequest create;
  create.set_request_id("e2e-programme-race");
  iv::HonourProgramme* programme = create.mutable_programme();
  programme->set_year(ThisYear());
  programme->set_kind(iv::HONOUR_KIND_QINGDAO_CRAFTSMAN);
  programme->set_title(Concat(ThisYear(), "年度“青岛工匠”（端到端测试）"));
  programme->set_quota(5);
  programme->set_award_fen(3'000'000);
  iv::CreateHonourProgrammeResponse created;
  grpc::Status status = incentive().CreateHonourProgramme(As(kAdminToken).get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string programme_id = created.programme().id();

  std::vector<std::string> nominations;
  for (int i = 0; i < 22; ++i) {
    iv::NominateForHonourRequest nominate;
    nominate.set_request_id(Concat("e2e-nominate-", i));
    iv::Nomination* n = nominate.mutable_nomination();
    n->set_programme_id(programme_id);
    n->mutable_person()->set_id_number(PersonId(500 + i));
    n->mutable_person()->set_name("候选人");
    n->mutable_employer()->set_credit_code(Enterprise(i));
    n->mutable_employer()->set_name(Concat("青岛测试制造有限公司", i));
    n->mutable_employer()->set_district_code(i % 2 == 0 ? kDistrictA : kDistrictB);
    iv::NominateForHonourResponse nominated;
    status = incentive().NominateForHonour(As(kAdminToken).get(), nominate, &nominated);
    ASSERT_TRUE(status.ok()) << status.error_message();
    iv::StartNominationReviewRequest review;
    review.set_request_id(Concat("e2e-review-", i));
    review.set_id(nominated.nomination().id());
    iv::StartNominationReviewResponse reviewed;
    status = incentive().StartNominationReview(As(kAdminToken).get(), review, &reviewed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    nominations.push_back(nominated.nomination().id());
  }
  for (int i = 0; i < 2; ++i) {
    iv::AwardNominationRequest award;
    award.set_request_id(Concat("e2e-award-", i));
    award.set_id(nominations[static_cast<size_t>(i)]);
    iv::AwardNominationResponse awarded;
    status = incentive().AwardNomination(As(kAdminToken).get(), award, &awarded);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::atomic<int> ok{0};
  std::atomic<int> exhausted{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 2; i < 22; ++i) {
    threads.emplace_back([&, i] {
      iv::AwardNominationRequest award;
      award.set_request_id(Concat("e2e-award-", i));
      award.set_id(nominations[static_cast<size_t>(i)]);
      iv::AwardNominationResponse awarded;
      iv::IncentiveService::Stub& stub = i % 2 == 0 ? incentive() : *second_stub;
      const grpc::Status s = stub.AwardNomination(As(kAdminToken).get(), award, &awarded);
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION && ReasonOf(s) == "QUOTA_EXHAUSTED") {
        ++exhausted;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(exhausted.load(), 17);
  EXPECT_EQ(other.load(), 0);

  iv::GetHonourProgrammeRequest get;
  get.set_id(programme_id);
  iv::GetHonourProgrammeResponse got;
  ASSERT_TRUE(incentive().GetHonourProgramme(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.programme().awarded_count(), 5);
  iv::ListNominationsRequest list;
  list.set_programme_id(programme_id);
  list.set_status(iv::NOMINATION_STATUS_AWARDED);
  list.set_page_size(100);
  iv::ListNominationsResponse awarded;
  ASSERT_TRUE(incentive().ListNominations(As(kAdminToken).get(), list, &awarded).ok());
  EXPECT_EQ(awarded.nominations_size(), 5);
}

}  // namespace
}  // namespace skillbridge::testing

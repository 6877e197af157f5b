// The aggregator with education (and evaluation) as real sources: the real evaluation and
// education services and the real aggregator in this process (real gRPC over TCP, each over its
// own real redis-server). Two schools in districts A and B open specialties (one with no chain,
// one closed), the bureau features two and withdraws one designation; five persons enrol: two
// graduate (one first employed in the city, one whose IN_CITY destination is corrected to further
// study), one transfers to the other school on the last day of 2025, one withdraws, one is still
// enrolled. Once the aggregator has applied the feeds it shows:
//  - on the dashboard: featured specialties, the specialty–industry match, the students enrolled
//    now and at the end of 2025 (the transferred person once), graduates and the share first
//    employed in the city, the talent database — for the city and per district;
//  - per industry chain: the graduates of the year;
//  - in the talent profile: the person's student records (both records of the transfer), scoped
//    by role;
//  - the recount from education's own records (tools/reconcile) equal to the dashboard, for the
//    current year and the past one;
//  - the same figures after RebuildViews, education's whole feed consumed again from zero.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/education/education_service_traits.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"
#include "tools/reconcile/compare.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
namespace ids = ::skillbridge::aggregator::ids;
namespace ed = ::skillbridge::education::v1;
namespace ev = ::skillbridge::evaluation::v1;

constexpr int kSchoolA = 81;      // 技师学院 in district A
constexpr int kSchoolB = 82;      // 技工学校 in district B
constexpr int kEmployer = 83;     // the in-city employer, district A
constexpr int kEmployed = 91;     // graduates 2026, first employed in the city
constexpr int kCorrected = 92;    // graduates 2026, IN_CITY corrected to FURTHER_STUDY
constexpr int kTransferred = 93;  // A → B on 2025-12-31, still enrolled
constexpr int kWithdrawn = 94;    // enrolled 2025 at B, withdrawn 2026-03-01
constexpr int kEnrolled = 95;     // enrolled 2026 at B
constexpr char kChainA[] = "IC06";
constexpr char kChainB[] = "IC03";

std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return ContextWithToken(token); }

#define ASSERT_RPC_OK(call)                                                      \
  do {                                                                           \
    const grpc::Status rpc_status = (call);                                      \
    ASSERT_TRUE(rpc_status.ok()) << #call << ": " << rpc_status.error_message(); \
  } while (0)

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

std::string RequestId(const std::string& what) { return "agg-edu-" + what; }

struct Services {
  EvaluationHarness evaluation;
  ServiceHarness<education::EducationServiceTraits> education;
  AggregatorHarness aggregator;
  // Student ids by person.
  std::map<int, std::string> students;
  std::string transferred_to;
  bool ran = false;
};

class AggregatorEducationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new Services();
    ASSERT_TRUE(s_->evaluation.Start().ok());
    education::EducationServiceTraits::Options options;
    options.evaluation.address = s_->evaluation.address();
    options.evaluation.timeout = std::chrono::milliseconds(2000);
    absl::Status started = s_->education.Start(
        std::move(options), [](HarnessEnvironment& env, education::EducationServiceTraits::Options& o) {
          o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
        });
    ASSERT_TRUE(started.ok()) << started;
    started = s_->aggregator.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
      config.sources["evaluation"] = {s_->evaluation.address(), ""};
      config.sources["education"] = {s_->education.address(), ""};
      config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
    });
    ASSERT_TRUE(started.ok()) << started;
    RunRecords();
  }

  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(s_, nullptr);
    ASSERT_TRUE(s_->ran) << "the records were not written";
  }

  static void RegisterSchool(int n, const std::string& district, ed::SchoolKind kind) {
    ed::RegisterSchoolRequest request;
    request.set_request_id(RequestId("school-" + std::to_string(n)));
    common::v1::OrgRef* org = request.mutable_school()->mutable_org();
    org->set_credit_code(CreditCode(n));
    org->set_name("青岛测试技工院校" + std::to_string(n));
    org->set_district_code(district);
    request.mutable_school()->set_kind(kind);
    request.mutable_school()->set_ownership(ed::OWNERSHIP_PUBLIC);
    ed::RegisterSchoolResponse response;
    ASSERT_RPC_OK(s_->education.stub().RegisterSchool(As(kAdminToken).get(), request, &response));
  }

  static void CreateSpecialty(int school, const std::string& code, const std::string& chain, ed::TrainingLevel level) {
    ed::CreateSpecialtyRequest request;
    request.set_request_id(RequestId("specialty-" + std::to_string(school) + "-" + code));
    ed::Specialty* s = request.mutable_specialty();
    s->set_school_credit_code(CreditCode(school));
    s->set_code(code);
    s->set_name("专业" + code);
    s->set_industry_chain_code(chain);
    s->add_levels(level);
    s->set_opened_year(2015);
    ed::CreateSpecialtyResponse response;
    ASSERT_RPC_OK(s_->education.stub().CreateSpecialty(As(kAdminToken).get(), request, &response));
  }

  static void Feature(int school, const std::string& code, bool featured) {
    ed::SetSpecialtyFeaturedRequest request;
    request.set_request_id(RequestId("feature-" + std::to_string(school) + code + (featured ? "1" : "0")));
    request.set_school_credit_code(CreditCode(school));
    request.set_code(code);
    request.set_featured(featured);
    if (featured) {
      request.set_year(2026);
    }
    ed::SetSpecialtyFeaturedResponse response;
    ASSERT_RPC_OK(s_->education.stub().SetSpecialtyFeatured(As(kAdminToken).get(), request, &response));
  }

  static void Enrol(int person, int school, const std::string& specialty, ed::TrainingLevel level,
                    const common::v1::Date& date) {
    ed::EnrolStudentRequest request;
    request.set_request_id(RequestId("enrol-" + std::to_string(person)));
    request.set_school_credit_code(CreditCode(school));
    ed::EnrolmentRow* row = request.mutable_row();
    row->mutable_person()->set_id_number(PersonId(person));
    row->mutable_person()->set_name("学生" + std::to_string(person));
    row->set_specialty_code(specialty);
    row->set_cohort(date.year());
    row->set_target_level(level);
    *row->mutable_enrol_date() = date;
    ed::EnrolStudentResponse response;
    ASSERT_RPC_OK(s_->education.stub().EnrolStudent(As(kAdminToken).get(), request, &response));
    s_->students[person] = response.student().id();
  }

  static void Graduate(int person, const common::v1::Date& date) {
    ed::GraduateStudentRequest request;
    request.set_request_id(RequestId("graduate-" + std::to_string(person)));
    request.set_id(s_->students[person]);
    *request.mutable_graduation_date() = date;
    ed::GraduateStudentResponse response;
    ASSERT_RPC_OK(s_->education.stub().GraduateStudent(As(kAdminToken).get(), request, &response));
  }

  static void FirstDestination(int person, ed::EmploymentKind kind, const std::string& tag) {
    ed::RecordFirstEmploymentRequest request;
    request.set_request_id(RequestId("destination-" + std::to_string(person) + tag));
    request.set_id(s_->students[person]);
    ed::FirstEmployment* f = request.mutable_first_employment();
    f->set_kind(kind);
    if (kind == ed::EMPLOYMENT_KIND_IN_CITY) {
      f->mutable_employer()->set_credit_code(CreditCode(kEmployer));
      f->mutable_employer()->set_name("青岛测试企业");
      f->mutable_employer()->set_district_code(kDistrictA);
      f->set_industry_chain_code(kChainA);
    }
    *f->mutable_start_date() = Day(2026, 6, 12);
    ed::RecordFirstEmploymentResponse response;
    ASSERT_RPC_OK(s_->education.stub().RecordFirstEmployment(As(kAdminToken).get(), request, &response));
  }

  static void RunRecords() {
    RegisterSchool(kSchoolA, kDistrictA, ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
    RegisterSchool(kSchoolB, kDistrictB, ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
    // Active: A/0601 (chain), A/0602 (no chain), B/0701 (chain); B/0702 closed.
    CreateSpecialty(kSchoolA, "0601", kChainA, ed::TRAINING_LEVEL_SENIOR);
    CreateSpecialty(kSchoolA, "0602", "", ed::TRAINING_LEVEL_SENIOR);
    CreateSpecialty(kSchoolB, "0701", kChainB, ed::TRAINING_LEVEL_INTERMEDIATE);
    CreateSpecialty(kSchoolB, "0702", "", ed::TRAINING_LEVEL_INTERMEDIATE);
    ed::CloseSpecialtyRequest close;
    close.set_request_id(RequestId("close-0702"));
    close.set_school_credit_code(CreditCode(kSchoolB));
    close.set_code("0702");
    close.set_year(2026);
    close.set_reason("停止招生");
    ed::CloseSpecialtyResponse closed;
    ASSERT_RPC_OK(s_->education.stub().CloseSpecialty(As(kAdminToken).get(), close, &closed));
    // Featured: A/0601 stays, B/0701's designation is withdrawn.
    Feature(kSchoolA, "0601", true);
    Feature(kSchoolB, "0701", true);
    Feature(kSchoolB, "0701", false);

    Enrol(kEmployed, kSchoolA, "0601", ed::TRAINING_LEVEL_SENIOR, Day(2023, 9, 1));
    Enrol(kCorrected, kSchoolA, "0601", ed::TRAINING_LEVEL_SENIOR, Day(2023, 9, 1));
    Enrol(kTransferred, kSchoolA, "0602", ed::TRAINING_LEVEL_SENIOR, Day(2024, 9, 1));
    Enrol(kWithdrawn, kSchoolB, "0701", ed::TRAINING_LEVEL_INTERMEDIATE, Day(2025, 9, 1));
    Enrol(kEnrolled, kSchoolB, "0701", ed::TRAINING_LEVEL_INTERMEDIATE, Day(2026, 3, 1));
    Graduate(kEmployed, Day(2026, 6, 10));
    Graduate(kCorrected, Day(2026, 6, 10));
    FirstDestination(kEmployed, ed::EMPLOYMENT_KIND_IN_CITY, "");
    FirstDestination(kCorrected, ed::EMPLOYMENT_KIND_IN_CITY, "");
    FirstDestination(kCorrected, ed::EMPLOYMENT_KIND_FURTHER_STUDY, "-corrected");

    ed::TransferStudentRequest transfer;
    transfer.set_request_id(RequestId("transfer"));
    transfer.set_id(s_->students[kTransferred]);
    transfer.set_to_school_credit_code(CreditCode(kSchoolB));
    transfer.set_to_specialty_code("0701");
    transfer.set_target_level(ed::TRAINING_LEVEL_INTERMEDIATE);
    *transfer.mutable_transfer_date() = Day(2025, 12, 31);
    transfer.set_reason("家庭搬迁");
    ed::TransferStudentResponse transferred;
    ASSERT_RPC_OK(s_->education.stub().TransferStudent(As(kAdminToken).get(), transfer, &transferred));
    s_->transferred_to = transferred.to().id();

    ed::WithdrawStudentRequest withdraw;
    withdraw.set_request_id(RequestId("withdraw"));
    withdraw.set_id(s_->students[kWithdrawn]);
    withdraw.set_reason(ed::WITHDRAWAL_REASON_PERSONAL);
    *withdraw.mutable_withdrawal_date() = Day(2026, 3, 1);
    ed::WithdrawStudentResponse withdrawn;
    ASSERT_RPC_OK(s_->education.stub().WithdrawStudent(As(kAdminToken).get(), withdraw, &withdrawn));
    WaitCaughtUp();
    s_->ran = true;
  }

  // Until the aggregator has applied every event of both feeds.
  static void WaitCaughtUp() {
    std::string last;
    ed::ListEventsRequest request;
    request.set_max_events(1000);
    do {
      ed::ListEventsResponse events;
      ASSERT_RPC_OK(s_->education.stub().ListEvents(As(kServiceToken).get(), request, &events));
      if (events.events().empty()) {
        break;
      }
      last = events.last_id();
      request.set_after_id(last);
    } while (true);
    ASSERT_FALSE(last.empty()) << "education wrote no events";
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (absl::Now() < give_up) {
      agg::GetSourceStatusResponse status;
      ASSERT_RPC_OK(s_->aggregator.stub().GetSourceStatus(As(kAdminToken).get(), {}, &status));
      bool caught_up = true;
      for (const auto& source : status.sources()) {
        if (source.source() == "education") {
          caught_up = caught_up && source.cursor() == last;
        } else if (source.connected()) {
          // Evaluation holds no records here: its feed is empty, its cursor stays "0".
          caught_up = caught_up && source.healthy();
        }
      }
      if (caught_up) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    agg::GetSourceStatusResponse status;
    ASSERT_RPC_OK(s_->aggregator.stub().GetSourceStatus(As(kAdminToken).get(), {}, &status));
    FAIL() << "the aggregator did not catch up with education's feed (last id " << last
           << "): " << status.ShortDebugString();
  }

  static agg::GetDashboardResponse Dashboard(const std::string& district, int year = 2026) {
    agg::GetDashboardRequest request;
    request.set_year(year);
    request.set_district_code(district);
    agg::GetDashboardResponse response;
    const grpc::Status status = s_->aggregator.stub().GetDashboard(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static agg::IndicatorValue ValueOf(const agg::GetDashboardResponse& dashboard, const std::string& id) {
    for (const auto& group : dashboard.measures()) {
      for (const auto& value : group.values()) {
        if (value.indicator_id() == id) {
          return value;
        }
      }
    }
    ADD_FAILURE() << id << " is not on the dashboard";
    return {};
  }

  static agg::GetTalentProfileResponse Profile(int person, const std::string& token) {
    agg::GetTalentProfileRequest request;
    request.set_id_number(PersonId(person));
    agg::GetTalentProfileResponse response;
    const grpc::Status status = s_->aggregator.stub().GetTalentProfile(As(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static void ExpectRecountMatches(int year) {
    auto evaluation = ev::EvaluationService::NewStub(s_->evaluation.channel());
    auto education = ed::EducationService::NewStub(s_->education.channel());
    reconcile::RecountSources sources;
    sources.evaluation = evaluation.get();
    sources.education = education.get();
    sources.token = kServiceToken;
    auto recount = reconcile::RecountFromSources(sources, year);
    ASSERT_TRUE(recount.ok()) << recount.status();
    const std::vector<agg::GetDashboardResponse> dashboards = {Dashboard("", year), Dashboard(kDistrictA, year),
                                                               Dashboard(kDistrictB, year)};
    int compared = 0;
    for (const auto& row : reconcile::Compare(*recount, dashboards)) {
      EXPECT_TRUE(row.equal) << year << " " << row.indicator << " " << row.district << ": aggregator " << row.aggregator
                             << ", recount " << row.recount;
      ++compared;
    }
    // Five education indicators and the evaluation ones, for the city and two districts.
    EXPECT_GE(compared, 3 * 5);
  }

  static Services* s_;
};

Services* AggregatorEducationTest::s_ = nullptr;

TEST_F(AggregatorEducationTest, DashboardShowsTheSpecialtiesInTheirCurrentState) {
  const agg::GetDashboardResponse city = Dashboard("");
  EXPECT_TRUE(ValueOf(city, ids::kFeaturedSpecialties).source_connected());
  EXPECT_EQ(ValueOf(city, ids::kFeaturedSpecialties).value(), 1);
  EXPECT_NEAR(ValueOf(city, ids::kSpecialtyIndustryMatch).value(), 200.0 / 3, 1e-9);
  const agg::GetDashboardResponse a = Dashboard(kDistrictA);
  EXPECT_EQ(ValueOf(a, ids::kFeaturedSpecialties).value(), 1);
  EXPECT_EQ(ValueOf(a, ids::kSpecialtyIndustryMatch).value(), 50);
  const agg::GetDashboardResponse b = Dashboard(kDistrictB);
  EXPECT_EQ(ValueOf(b, ids::kFeaturedSpecialties).value(), 0);
  EXPECT_EQ(ValueOf(b, ids::kSpecialtyIndustryMatch).value(), 100);
}

TEST_F(AggregatorEducationTest, DashboardCountsStudentsGraduatesAndTheInCityShare) {
  const agg::GetDashboardResponse city = Dashboard("");
  // Now: the transferred person's new record and the 2026 enrolment, both at school B.
  EXPECT_EQ(ValueOf(city, ids::kStudentsEnrolled).value(), 2);
  EXPECT_EQ(ValueOf(Dashboard(kDistrictA), ids::kStudentsEnrolled).value(), 0);
  EXPECT_EQ(ValueOf(Dashboard(kDistrictB), ids::kStudentsEnrolled).value(), 2);
  EXPECT_EQ(ValueOf(city, ids::kGraduates).value(), 2);
  EXPECT_EQ(ValueOf(Dashboard(kDistrictA), ids::kGraduates).value(), 2);
  EXPECT_EQ(ValueOf(city, ids::kGraduatesEmployedInCity).value(), 50);
  EXPECT_EQ(ValueOf(city, ids::kGraduatesEmployedInCity).numerator(), 1);
  EXPECT_EQ(ValueOf(city, ids::kTalentDatabase).value(), 5);
  // At the end of 2025: the two later graduates, the transferred person once (the new record from
  // its transfer on 2025-12-31) and the one withdrawn in 2026.
  const agg::GetDashboardResponse past = Dashboard("", 2025);
  EXPECT_EQ(ValueOf(past, ids::kStudentsEnrolled).value(), 4);
  EXPECT_EQ(ValueOf(Dashboard(kDistrictA, 2025), ids::kStudentsEnrolled).value(), 2);
  EXPECT_EQ(ValueOf(Dashboard(kDistrictB, 2025), ids::kStudentsEnrolled).value(), 2);
  agg::GetTrendRequest trend;
  trend.set_indicator_id(ids::kStudentsEnrolled);
  trend.set_from_year(2023);
  trend.set_to_year(2026);
  agg::GetTrendResponse points;
  ASSERT_RPC_OK(s_->aggregator.stub().GetTrend(As(kAdminToken).get(), trend, &points));
  ASSERT_EQ(points.points_size(), 4);
  EXPECT_EQ(points.points(0).value(), 2);  // 2023: the two who graduate in 2026
  EXPECT_EQ(points.points(1).value(), 3);  // 2024: and the one transferred later
  EXPECT_EQ(points.points(2).value(), 4);
  EXPECT_EQ(points.points(3).value(), 2);
}

TEST_F(AggregatorEducationTest, ChainViewShowsTheGraduatesOfEachChain) {
  agg::GetIndustryChainViewRequest request;
  request.set_year(2026);
  agg::GetIndustryChainViewResponse response;
  ASSERT_RPC_OK(s_->aggregator.stub().GetIndustryChainView(As(kViewerToken).get(), request, &response));
  int seen = 0;
  for (const auto& row : response.rows()) {
    ASSERT_TRUE(row.has_graduates()) << row.industry_chain_code();
    EXPECT_EQ(row.graduates(), row.industry_chain_code() == kChainA ? 2 : 0) << row.industry_chain_code();
    seen += row.industry_chain_code() == kChainA ? 1 : 0;
  }
  EXPECT_EQ(seen, 1);
  for (const auto& missing : response.sources_not_connected()) {
    EXPECT_NE(missing, "education");
  }
}

TEST_F(AggregatorEducationTest, ProfileShowsTheStudentRecordsScopedByRole) {
  const agg::GetTalentProfileResponse admin = Profile(kTransferred, kAdminToken);
  EXPECT_FALSE(admin.partial());
  ASSERT_EQ(admin.student_records_size(), 2);
  int transferred = 0;
  for (const auto& r : admin.student_records()) {
    if (r.status() == "TRANSFERRED") {
      ++transferred;
      EXPECT_EQ(r.district_code(), kDistrictA);
      EXPECT_EQ(r.transferred_to(), s_->transferred_to);
      EXPECT_EQ(r.status_date().year(), 2025);
    } else {
      EXPECT_EQ(r.status(), "ENROLLED");
      EXPECT_EQ(r.student_id(), s_->transferred_to);
      EXPECT_EQ(r.district_code(), kDistrictB);
      EXPECT_EQ(r.industry_chain_code(), kChainB);
      EXPECT_EQ(r.target_level(), "INTERMEDIATE");
    }
  }
  EXPECT_EQ(transferred, 1);
  EXPECT_EQ(admin.person().name(), "学生" + std::to_string(kTransferred));
  const agg::GetTalentProfileResponse employed = Profile(kEmployed, kServiceToken);
  ASSERT_EQ(employed.student_records_size(), 1);
  EXPECT_EQ(employed.student_records(0).first_destination_kind(), "IN_CITY");
  EXPECT_EQ(employed.student_records(0).employer_district_code(), kDistrictA);
  EXPECT_EQ(Profile(kCorrected, kAdminToken).student_records(0).first_destination_kind(), "FURTHER_STUDY");
  // A district officer sees the records of its district's schools; the verification view none.
  EXPECT_EQ(Profile(kTransferred, kDistrictAToken).student_records_size(), 1);
  EXPECT_EQ(Profile(kTransferred, kDistrictBToken).student_records_size(), 1);
  EXPECT_EQ(Profile(kEnrolled, kDistrictAToken).student_records_size(), 0);
  EXPECT_TRUE(Profile(kEnrolled, kDistrictAToken).person().name().empty());
  const agg::GetTalentProfileResponse verified = Profile(kTransferred, kVerifierToken);
  EXPECT_TRUE(verified.masked());
  EXPECT_EQ(verified.student_records_size(), 0);
}

TEST_F(AggregatorEducationTest, AProfileWithoutAnAnsweringEducationIsPartialNamingIt) {
  // Education configured at an address where nothing listens: the other parts still come, in time.
  AggregatorHarness aggregator;
  const absl::Status started =
      aggregator.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
        config.sources["evaluation"] = {s_->evaluation.address(), ""};
        config.sources["education"] = {"127.0.0.1:1", ""};
        config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
      });
  ASSERT_TRUE(started.ok()) << started;
  agg::GetTalentProfileRequest request;
  request.set_id_number(PersonId(kTransferred));
  agg::GetTalentProfileResponse response;
  ASSERT_RPC_OK(aggregator.stub().GetTalentProfile(As(kAdminToken).get(), request, &response));
  EXPECT_TRUE(response.partial());
  ASSERT_EQ(response.missing_sources_size(), 1);
  EXPECT_EQ(response.missing_sources(0), "education");
  EXPECT_EQ(response.student_records_size(), 0);
  bool evaluation_answered = false;
  for (const auto& answer : response.answers()) {
    if (answer.source() == "education") {
      EXPECT_NE(answer.code(), "OK");
    } else if (answer.source() == "evaluation") {
      evaluation_answered = answer.code() == "OK";
    }
  }
  EXPECT_TRUE(evaluation_answered);
}

TEST_F(AggregatorEducationTest, TheRecountFromEducationsRecordsMatchesTheDashboard) {
  ExpectRecountMatches(2026);
  ExpectRecountMatches(2025);
}

TEST_F(AggregatorEducationTest, AFeedConsumedAgainFromZeroGivesTheSameFigures) {
  const std::vector<std::string> education_ids = {ids::kFeaturedSpecialties,     ids::kSpecialtyIndustryMatch,
                                                  ids::kStudentsEnrolled,        ids::kGraduates,
                                                  ids::kGraduatesEmployedInCity, ids::kTalentDatabase};
  const auto figures = [&education_ids] {
    std::vector<double> out;
    for (int year : {2025, 2026}) {
      for (const std::string& district : {std::string(), std::string(kDistrictA), std::string(kDistrictB)}) {
        const agg::GetDashboardResponse dashboard = Dashboard(district, year);
        for (const std::string& id : education_ids) {
          out.push_back(ValueOf(dashboard, id).value());
        }
      }
    }
    return out;
  };
  const std::vector<double> before = figures();
  EXPECT_EQ(before[0], 1);  // featured_specialties, city
  agg::RebuildViewsRequest rebuild;
  rebuild.set_request_id("rebuild-education-1");
  agg::RebuildViewsResponse rebuilt;
  ASSERT_RPC_OK(s_->aggregator.stub().RebuildViews(As(kAdminToken).get(), rebuild, &rebuilt));
  EXPECT_GT(rebuilt.keys_removed(), 0);
  WaitCaughtUp();
  EXPECT_EQ(figures(), before);
}

}  // namespace
}  // namespace skillbridge::testing

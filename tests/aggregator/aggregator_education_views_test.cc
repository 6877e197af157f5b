// The education indicators on hand-computed fixtures: education feed events translated by the real
// translation, applied through the real Lua script on a real redis-server, and read back through
// the real handlers (GetDashboard, GetTrend, GetDistrictRanking, GetIndustryChainView):
//  - featured specialties and the specialty–industry match in their current state (unfeatured,
//    closed), the same in every year;
//  - the students enrolled now (the current year) and at a past year's end, a transfer on the last
//    day of a year counted once, with a yearly trend and no monthly one;
//  - graduates and the share first employed in the city, a corrected destination replacing the
//    first, with a monthly trend;
//  - the chain view's graduates;
//  - a batch told again changing nothing, and a rebuild from zero giving the same figures.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/reference/bureau_calendar.h"
#include "gtest/gtest.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/education_commands.h"
#include "services/aggregator/store/aggregator_store.h"
#include "tests/aggregator/feed_batch.h"
#include "tests/support/redis_server.h"

namespace skillbridge::aggregator {
namespace {

namespace ed = ::skillbridge::education::v1;
using ::skillbridge::testing::RedisTest;

constexpr char kHuangdao[] = "370211";
constexpr char kShinan[] = "370202";

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

ed::EducationEvent Specialty(const std::string& code, const std::string& district, const std::string& chain,
                             bool featured, ed::SpecialtyStatus status = ed::SPECIALTY_STATUS_ACTIVE) {
  ed::EducationEvent e;
  ed::SpecialtyChanged* s = e.mutable_specialty_changed();
  s->set_school_credit_code("52370200MJ000000" + district.substr(4));
  s->set_code(code);
  s->set_name("专业" + code);
  s->set_district_code(district);
  s->set_industry_chain_code(chain);
  s->set_featured(featured);
  s->set_status(status);
  s->set_opened_year(2015);
  return e;
}

ed::EducationEvent Student(const std::string& id, const std::string& person, const std::string& district,
                           const std::string& chain, ed::StudentStatus status, const common::v1::Date& enrol,
                           const common::v1::Date* status_date = nullptr,
                           ed::EmploymentKind kind = ed::EMPLOYMENT_KIND_UNSPECIFIED) {
  ed::EducationEvent e;
  ed::StudentChanged* s = e.mutable_student_changed();
  s->set_student_id(id);
  s->mutable_person()->set_id_number(person);
  s->set_district_code(district);
  s->set_industry_chain_code(chain);
  s->set_cohort(enrol.year());
  s->set_status(status);
  *s->mutable_enrol_date() = enrol;
  if (status_date != nullptr) {
    *s->mutable_status_date() = *status_date;
  }
  s->set_employment_kind(kind);
  return e;
}

class AggregatorEducationViewsTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<AggregatorStore>(redis(), "test-owner");
    ASSERT_TRUE(store_->Initialize().ok());
    auto reference = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    ASSERT_TRUE(reference.ok()) << reference.status();
    handlers_ = std::make_unique<AggregatorHandlers>(
        *store_, *reference, std::make_shared<const Catalogue>(std::set<v1::Source>{v1::SOURCE_EDUCATION}),
        std::vector<FeedConsumer*>{}, std::vector<ProfileSource>{}, apply_mu_, HandlerOptions{});
    call_.principal.name = "admin";
    call_.principal.role = common::v1::ROLE_ADMIN;
    call_.now = BureauTime(absl::CivilSecond(2026, 6, 15, 10, 0, 0));
  }

  void Apply(const std::vector<ed::EducationEvent>& events) {
    ApplyFeedBatch(*store_, "education", events, &CommandsForEducationEvent, cursor_, batches_);
  }

  v1::IndicatorValue Value(const std::string& indicator, const std::string& district = "", int year = 2026) {
    v1::GetDashboardRequest request;
    request.set_year(year);
    request.set_district_code(district);
    v1::GetDashboardResponse response;
    const absl::Status st = handlers_->GetDashboard(call_, request, &response);
    EXPECT_TRUE(st.ok()) << st;
    for (const auto& group : response.measures()) {
      for (const auto& value : group.values()) {
        if (value.indicator_id() == indicator) {
          return value;
        }
      }
    }
    ADD_FAILURE() << indicator << " is not on the dashboard";
    return {};
  }

  // Every education figure the dashboard shows for 2025 and 2026, city and two districts.
  std::vector<double> Figures() {
    std::vector<double> out;
    for (int year : {2025, 2026}) {
      for (const char* district : {"", kShinan, kHuangdao}) {
        for (const char* id : {ids::kFeaturedSpecialties, ids::kSpecialtyIndustryMatch, ids::kStudentsEnrolled,
                               ids::kGraduates, ids::kGraduatesEmployedInCity, ids::kTalentDatabase}) {
          out.push_back(Value(id, district, year).value());
        }
      }
    }
    return out;
  }

  // The fixture: specialties in both districts; five records of four persons (one transferred on
  // 2025-12-31 from 市南区 to 黄岛区).
  void ApplyCity() {
    Apply({Specialty("0601", kShinan, "IC06", true), Specialty("0602", kShinan, "", false),
           Specialty("0701", kHuangdao, "IC03", true), Specialty("0702", kHuangdao, "", true)});
    const common::v1::Date graduated = Day(2026, 6, 10);
    const common::v1::Date transfer = Day(2025, 12, 31);
    Apply({Student("ST1", "P1", kShinan, "IC06", ed::STUDENT_STATUS_GRADUATED, Day(2023, 9, 1), &graduated,
                   ed::EMPLOYMENT_KIND_IN_CITY),
           Student("ST2", "P2", kShinan, "IC06", ed::STUDENT_STATUS_GRADUATED, Day(2023, 9, 1), &graduated,
                   ed::EMPLOYMENT_KIND_ELSEWHERE),
           Student("ST3", "P3", kShinan, "", ed::STUDENT_STATUS_TRANSFERRED, Day(2024, 9, 1), &transfer),
           Student("ST4", "P3", kHuangdao, "IC03", ed::STUDENT_STATUS_ENROLLED, transfer),
           Student("ST5", "P4", kHuangdao, "IC03", ed::STUDENT_STATUS_ENROLLED, Day(2026, 3, 1))});
  }

  std::unique_ptr<AggregatorStore> store_;
  std::unique_ptr<AggregatorHandlers> handlers_;
  absl::Mutex apply_mu_;
  CallContext call_;
  std::string cursor_ = "0";
  int batches_ = 0;
};

TEST_F(AggregatorEducationViewsTest, SpecialtiesInTheirCurrentStateInEveryYear) {
  ApplyCity();
  EXPECT_EQ(Value(ids::kFeaturedSpecialties).value(), 3);
  EXPECT_EQ(Value(ids::kFeaturedSpecialties, kHuangdao).value(), 2);
  EXPECT_DOUBLE_EQ(Value(ids::kSpecialtyIndustryMatch).value(), 50);
  EXPECT_EQ(Value(ids::kSpecialtyIndustryMatch).numerator(), 2);
  EXPECT_EQ(Value(ids::kSpecialtyIndustryMatch).denominator(), 4);
  // 0702 loses its designation, then closes; 0602 gets a chain.
  Apply({Specialty("0702", kHuangdao, "", false)});
  EXPECT_EQ(Value(ids::kFeaturedSpecialties, kHuangdao).value(), 1);
  Apply({Specialty("0702", kHuangdao, "", false, ed::SPECIALTY_STATUS_CLOSED),
         Specialty("0602", kShinan, "IC06", false)});
  EXPECT_DOUBLE_EQ(Value(ids::kSpecialtyIndustryMatch).value(), 100);
  EXPECT_DOUBLE_EQ(Value(ids::kSpecialtyIndustryMatch, kHuangdao).value(), 100);
  EXPECT_EQ(Value(ids::kFeaturedSpecialties).value(), 2);
  // A current state: the same in a past year, and no history.
  EXPECT_EQ(Value(ids::kFeaturedSpecialties, "", 2024).value(), 2);
  v1::GetTrendRequest trend;
  trend.set_indicator_id(ids::kFeaturedSpecialties);
  trend.set_from_year(2025);
  trend.set_to_year(2026);
  v1::GetTrendResponse points;
  EXPECT_EQ(handlers_->GetTrend(call_, trend, &points).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(AggregatorEducationViewsTest, StudentsEnrolledNowAndAtAPastYearEnd) {
  ApplyCity();
  // Now: P3's new record and P4, both in 黄岛区.
  EXPECT_EQ(Value(ids::kStudentsEnrolled).value(), 2);
  EXPECT_EQ(Value(ids::kStudentsEnrolled, kShinan).value(), 0);
  EXPECT_EQ(Value(ids::kStudentsEnrolled, kHuangdao).value(), 2);
  // End of 2025: P1, P2 (市南区) and P3 once (its new record, 黄岛区).
  EXPECT_EQ(Value(ids::kStudentsEnrolled, "", 2025).value(), 3);
  EXPECT_EQ(Value(ids::kStudentsEnrolled, kShinan, 2025).value(), 2);
  EXPECT_EQ(Value(ids::kStudentsEnrolled, kHuangdao, 2025).value(), 1);
  v1::GetTrendRequest trend;
  trend.set_indicator_id(ids::kStudentsEnrolled);
  trend.set_from_year(2022);
  trend.set_to_year(2027);
  v1::GetTrendResponse years;
  ASSERT_TRUE(handlers_->GetTrend(call_, trend, &years).ok());
  ASSERT_EQ(years.points_size(), 6);
  const std::vector<double> expected = {0, 2, 3, 3, 2, 2};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(years.points(i).value(), expected[static_cast<size_t>(i)]) << years.points(i).year();
  }
  trend.set_monthly(true);
  trend.set_to_year(2026);
  v1::GetTrendResponse monthly;
  EXPECT_EQ(handlers_->GetTrend(call_, trend, &monthly).code(), absl::StatusCode::kFailedPrecondition);
  // The district ranking of the stock.
  v1::GetDistrictRankingRequest ranking;
  ranking.set_year(2026);
  ranking.set_indicator_id(ids::kStudentsEnrolled);
  v1::GetDistrictRankingResponse rows;
  ASSERT_TRUE(handlers_->GetDistrictRanking(call_, ranking, &rows).ok());
  EXPECT_EQ(rows.city_value(), 2);
  ASSERT_GT(rows.rows_size(), 0);
  EXPECT_EQ(rows.rows(0).district_code(), kHuangdao);
  EXPECT_EQ(rows.rows(0).value(), 2);
}

TEST_F(AggregatorEducationViewsTest, GraduatesAndTheInCityShareWithACorrectedDestination) {
  ApplyCity();
  EXPECT_EQ(Value(ids::kGraduates).value(), 2);
  EXPECT_EQ(Value(ids::kGraduates, kShinan).value(), 2);
  EXPECT_EQ(Value(ids::kGraduates, "", 2025).value(), 0);
  EXPECT_DOUBLE_EQ(Value(ids::kGraduatesEmployedInCity).value(), 50);
  const common::v1::Date graduated = Day(2026, 6, 10);
  Apply({Student("ST2", "P2", kShinan, "IC06", ed::STUDENT_STATUS_GRADUATED, Day(2023, 9, 1), &graduated,
                 ed::EMPLOYMENT_KIND_IN_CITY)});
  EXPECT_DOUBLE_EQ(Value(ids::kGraduatesEmployedInCity).value(), 100);
  EXPECT_EQ(Value(ids::kGraduatesEmployedInCity).denominator(), 2);
  v1::GetTrendRequest trend;
  trend.set_indicator_id(ids::kGraduates);
  trend.set_from_year(2026);
  trend.set_to_year(2026);
  trend.set_monthly(true);
  v1::GetTrendResponse months;
  ASSERT_TRUE(handlers_->GetTrend(call_, trend, &months).ok());
  ASSERT_EQ(months.points_size(), 12);
  EXPECT_EQ(months.points(5).value(), 2);
  EXPECT_EQ(months.points(4).value(), 0);

  v1::GetIndustryChainViewRequest chains;
  chains.set_year(2026);
  v1::GetIndustryChainViewResponse view;
  ASSERT_TRUE(handlers_->GetIndustryChainView(call_, chains, &view).ok());
  for (const auto& row : view.rows()) {
    ASSERT_TRUE(row.has_graduates());
    EXPECT_EQ(row.graduates(), row.industry_chain_code() == "IC06" ? 2 : 0) << row.industry_chain_code();
    EXPECT_FALSE(row.has_workforce());
  }
}

TEST_F(AggregatorEducationViewsTest, ABatchToldAgainAndARebuildFromZeroChangeNothing) {
  ApplyCity();
  const std::vector<double> before = Figures();
  EXPECT_EQ(Value(ids::kTalentDatabase).value(), 4);
  ApplyCity();
  EXPECT_EQ(Figures(), before);
  MutationMeta meta;
  auto removed = store_->RebuildViews(meta);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_GT(*removed, 0);
  EXPECT_EQ(Value(ids::kStudentsEnrolled).value(), 0);
  cursor_ = "0";
  ApplyCity();
  EXPECT_EQ(Figures(), before);
}

}  // namespace
}  // namespace skillbridge::aggregator

// The wage survey of the incentive service over real gRPC, its own real redis-server, and the
// real evaluation service holding the enterprise register: submissions stored, attributed by the
// register and summarised; rows refused with their field paths (nothing stored for them);
// corrections replacing earlier revisions exactly in the totals, the feed and the audit trail;
// unregistered enterprises; closed years (also racing submissions); scope by role; idempotent
// replay; a batch of 2,000 rows; evaluation down; and the bad-input corpus of the five RPCs.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/incentive/store/keys.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

constexpr int kYear = 2025;
constexpr char kDistrictA[] = "370202";  // kDistrictAToken's
constexpr char kDistrictB[] = "370211";  // kDistrictBToken's

std::string ReasonOfDetails(const google::rpc::Status& details) {
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

std::vector<std::string> FieldsOfDetails(const google::rpc::Status& details) {
  std::vector<std::string> fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  return fields;
}

std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  return ReasonOfDetails(details);
}

#define EXPECT_REFUSED(call, code, reason)                                                            \
  do {                                                                                                \
    const grpc::Status refused_status = (call);                                                       \
    EXPECT_EQ(refused_status.error_code(), grpc::StatusCode::code) << refused_status.error_message(); \
    EXPECT_EQ(Reason(refused_status), reason) << refused_status.error_message();                      \
  } while (0)

#define EXPECT_ROW(result, expected_code, reason)                                                            \
  do {                                                                                                       \
    const google::rpc::Status& row_status = (result).status();                                               \
    EXPECT_EQ(row_status.code(), static_cast<int>(grpc::StatusCode::expected_code)) << row_status.message(); \
    EXPECT_EQ(ReasonOfDetails(row_status), reason) << row_status.message();                                  \
  } while (0)

// A row for enterprise CreditCode(n): `workforce` workers, a fifth uncertified, a fifth at each of
// four levels (junior, intermediate, senior, technician), paid by `base_pay_fen` and up.
iv::WageSurveyDraft Row(int n, int64_t workforce = 500, int64_t base_pay_fen = 6'000'000) {
  iv::WageSurveyDraft row;
  row.set_credit_code(CreditCode(n));
  row.set_workforce(workforce);
  const int64_t fifth = workforce / 5;
  row.set_uncertified_headcount(workforce - 4 * fifth);
  row.set_uncertified_average_pay_fen(base_pay_fen);
  const common::v1::SkillLevel levels[] = {common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE,
                                           common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_2_TECHNICIAN};
  for (int i = 0; i < 4; ++i) {
    iv::LevelPay* level = row.add_levels();
    level->set_level(levels[i]);
    level->set_headcount(fifth);
    level->set_average_annual_pay_fen(fifth == 0 ? 0 : base_pay_fen + (i + 1) * 1'000'000);
  }
  return row;
}

struct Sums {
  int64_t workforce = 0, skilled = 0, high = 0, skilled_pay = 0, high_pay = 0;
};

Sums SumsOf(const iv::WageSurveyDraft& row) {
  Sums sums;
  sums.workforce = row.workforce();
  for (const iv::LevelPay& level : row.levels()) {
    sums.skilled += level.headcount();
    sums.skilled_pay += level.headcount() * level.average_annual_pay_fen();
    if (level.level() >= common::v1::SKILL_LEVEL_3_SENIOR) {
      sums.high += level.headcount();
      sums.high_pay += level.headcount() * level.average_annual_pay_fen();
    }
  }
  return sums;
}

class SurveyServiceTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
  }

  static iv::IncentiveService::Stub& stub() { return harness_->stub(); }

  // Registers CreditCode(n) in the enterprise register (as ADMIN).
  static void Register(int n, const std::string& district, const std::string& chain = "") {
    ev::UpsertEnterpriseRequest request;
    ev::Enterprise& enterprise = *request.mutable_enterprise();
    enterprise.mutable_org()->set_credit_code(CreditCode(n));
    enterprise.mutable_org()->set_name("青岛测试企业" + std::to_string(n));
    enterprise.mutable_org()->set_district_code(district);
    enterprise.set_above_designated_size(true);
    enterprise.set_industry_chain_code(chain);
    enterprise.set_employee_count(500);
    ev::UpsertEnterpriseResponse response;
    const grpc::Status status = harness_->evaluation().stub().UpsertEnterprise(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Registers CreditCode(first) .. CreditCode(first + count - 1), four callers at a time.
  static void RegisterMany(int first, int count, const std::string& district, const std::string& chain) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([=] {
        for (int n = first + t; n < first + count; n += 4) {
          Register(n, district, chain);
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }

  static grpc::Status Submit(const std::string& token, const iv::SubmitWageSurveysRequest& request,
                             iv::SubmitWageSurveysResponse* response) {
    return stub().SubmitWageSurveys(IncentiveHarness::Context(token).get(), request, response);
  }

  static iv::SubmitWageSurveysRequest Request(const std::vector<iv::WageSurveyDraft>& rows,
                                              const std::string& request_id = "") {
    iv::SubmitWageSurveysRequest request;
    request.set_request_id(request_id);
    request.set_year(kYear);
    for (const iv::WageSurveyDraft& row : rows) {
      *request.add_surveys() = row;
    }
    return request;
  }

  static iv::SubmitWageSurveysResponse SubmitOk(const std::vector<iv::WageSurveyDraft>& rows,
                                                const std::string& token = kAdminToken,
                                                const std::string& request_id = "") {
    iv::SubmitWageSurveysResponse response;
    const grpc::Status status = Submit(token, Request(rows, request_id), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static grpc::Status Get(const std::string& token, int n, iv::WageSurvey* survey = nullptr) {
    iv::GetWageSurveyRequest request;
    request.set_year(kYear);
    request.set_credit_code(CreditCode(n));
    iv::GetWageSurveyResponse response;
    const grpc::Status status = stub().GetWageSurvey(IncentiveHarness::Context(token).get(), request, &response);
    if (survey != nullptr) {
      *survey = response.survey();
    }
    return status;
  }

  static iv::GetWageSurveySummaryResponse Summary(int year = kYear) {
    iv::GetWageSurveySummaryRequest request;
    request.set_year(year);
    iv::GetWageSurveySummaryResponse response;
    const grpc::Status status =
        stub().GetWageSurveySummary(IncentiveHarness::Context(kViewerToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static std::vector<std::string> List(const std::string& token, const std::string& district, const std::string& chain,
                                       int page_size = 0, grpc::Status* failed = nullptr) {
    std::vector<std::string> codes;
    iv::ListWageSurveysRequest request;
    request.set_year(kYear);
    request.set_district_code(district);
    request.set_industry_chain_code(chain);
    request.set_page_size(page_size);
    for (int pages = 0; pages < 100; ++pages) {
      iv::ListWageSurveysResponse response;
      const grpc::Status status = stub().ListWageSurveys(IncentiveHarness::Context(token).get(), request, &response);
      if (failed != nullptr) {
        *failed = status;
      }
      if (!status.ok()) {
        return codes;
      }
      for (const iv::WageSurvey& survey : response.surveys()) {
        codes.push_back(survey.report().credit_code());
      }
      if (response.next_page_token().empty()) {
        break;
      }
      request.set_page_token(response.next_page_token());
    }
    return codes;
  }

  static grpc::Status Close(const std::string& token, const std::string& request_id,
                            iv::CloseSurveyYearResponse* response, int year = kYear) {
    iv::CloseSurveyYearRequest request;
    request.set_request_id(request_id);
    request.set_year(year);
    return stub().CloseSurveyYear(IncentiveHarness::Context(token).get(), request, response);
  }

  static long long SurveyKeys() { return harness_->CountKeys("incentive:survey*"); }

  static StoreSize Size() { return MeasureStore(*harness_, incentive::keys::kAudit, incentive::keys::kEvents); }

  static long long AuditLength() {
    auto reply = harness_->redis_client().Command({"XLEN", std::string(incentive::keys::kAudit)});
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? reply->integer() : -1;
  }

  static std::vector<iv::WageSurveySubmitted> SurveyEvents() {
    std::vector<iv::WageSurveySubmitted> out;
    for (const iv::IncentiveEvent& event : harness_->Events()) {
      if (event.has_wage_survey_submitted()) {
        out.push_back(event.wage_survey_submitted());
      }
    }
    return out;
  }

  static void ExpectTotals(const iv::SurveyTotals& totals, int64_t enterprises, const Sums& sums) {
    EXPECT_EQ(totals.enterprises(), enterprises);
    EXPECT_EQ(totals.workforce(), sums.workforce);
    EXPECT_EQ(totals.skilled_headcount(), sums.skilled);
    EXPECT_EQ(totals.high_skilled_headcount(), sums.high);
    EXPECT_EQ(totals.skilled_pay_total_fen(), sums.skilled_pay);
    EXPECT_EQ(totals.high_skilled_pay_total_fen(), sums.high_pay);
  }
};

Sums Plus(Sums a, const Sums& b) {
  a.workforce += b.workforce;
  a.skilled += b.skilled;
  a.high += b.high;
  a.skilled_pay += b.skilled_pay;
  a.high_pay += b.high_pay;
  return a;
}

TEST_F(SurveyServiceTest, ASubmissionIsStoredAttributedByTheRegisterAndSummarised) {
  Register(11, kDistrictA, "IC01");
  Register(12, kDistrictB, "IC02");
  Register(13, kDistrictB, "");
  const std::vector<iv::WageSurveyDraft> rows = {Row(11, 1000), Row(12, 250, 7'000'000), Row(13, 40)};
  const iv::SubmitWageSurveysResponse response = SubmitOk(rows);
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.accepted_count(), 3);
  EXPECT_EQ(response.replaced_count(), 0);
  EXPECT_EQ(response.rejected_count(), 0);
  const iv::WageSurvey& first = response.results(0).survey();
  EXPECT_EQ(response.results(0).index(), 0);
  EXPECT_EQ(first.year(), kYear);
  EXPECT_EQ(first.enterprise().credit_code(), CreditCode(11));
  EXPECT_EQ(first.enterprise().name(), "青岛测试企业11");
  EXPECT_EQ(first.enterprise().district_code(), kDistrictA);
  EXPECT_EQ(first.industry_chain_code(), "IC01");
  EXPECT_EQ(first.skilled_headcount(), 800);
  EXPECT_EQ(first.high_skilled_headcount(), 400);
  EXPECT_EQ(first.skilled_pay_total_fen(), SumsOf(rows[0]).skilled_pay);
  EXPECT_EQ(first.high_skilled_pay_total_fen(), SumsOf(rows[0]).high_pay);
  EXPECT_EQ(first.revision(), 1);
  EXPECT_FALSE(first.submitted_by().empty());
  EXPECT_TRUE(MessageDifferencer::Equals(first.report(), rows[0]));

  iv::WageSurvey stored;
  ASSERT_TRUE(Get(kAdminToken, 11, &stored).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(stored, first));

  const iv::GetWageSurveySummaryResponse summary = Summary();
  EXPECT_EQ(summary.survey_year().year(), kYear);
  EXPECT_FALSE(summary.survey_year().closed());
  const Sums all = Plus(Plus(SumsOf(rows[0]), SumsOf(rows[1])), SumsOf(rows[2]));
  ExpectTotals(summary.city(), 3, all);
  EXPECT_DOUBLE_EQ(summary.city().skilled_share_of_workforce(),
                   static_cast<double>(all.skilled) / static_cast<double>(all.workforce));
  EXPECT_DOUBLE_EQ(summary.city().high_skilled_share_of_skilled(),
                   static_cast<double>(all.high) / static_cast<double>(all.skilled));
  EXPECT_DOUBLE_EQ(summary.city().skill_wage_premium(),
                   (static_cast<double>(all.high_pay) / static_cast<double>(all.high)) /
                       (static_cast<double>(all.skilled_pay) / static_cast<double>(all.skilled)));
  ASSERT_EQ(summary.districts_size(), 2);
  EXPECT_EQ(summary.districts(0).district_code(), kDistrictA);
  ExpectTotals(summary.districts(0).totals(), 1, SumsOf(rows[0]));
  EXPECT_EQ(summary.districts(1).district_code(), kDistrictB);
  ExpectTotals(summary.districts(1).totals(), 2, Plus(SumsOf(rows[1]), SumsOf(rows[2])));
  ASSERT_EQ(summary.industry_chains_size(), 3);
  EXPECT_EQ(summary.industry_chains(0).industry_chain_code(), "");
  ExpectTotals(summary.industry_chains(0).totals(), 1, SumsOf(rows[2]));
  EXPECT_EQ(summary.industry_chains(1).industry_chain_code(), "IC01");
  EXPECT_EQ(summary.industry_chains(2).industry_chain_code(), "IC02");

  // A year without surveys: zeros, no rows.
  const iv::GetWageSurveySummaryResponse empty = Summary(2024);
  EXPECT_EQ(empty.city().enterprises(), 0);
  EXPECT_EQ(empty.city().skill_wage_premium(), 0);
  EXPECT_EQ(empty.districts_size(), 0);

  // Listings by district and chain, in credit-code order, paged.
  EXPECT_EQ(List(kViewerToken, kDistrictB, ""), (std::vector<std::string>{CreditCode(12), CreditCode(13)}));
  EXPECT_EQ(List(kViewerToken, "", "IC01"), std::vector<std::string>{CreditCode(11)});
  EXPECT_EQ(List(kViewerToken, kDistrictA, "IC02"), std::vector<std::string>{});
  EXPECT_EQ(List(kServiceToken, "", "", 1), (std::vector<std::string>{CreditCode(11), CreditCode(12), CreditCode(13)}));

  // One event per row with the sums.
  const std::vector<iv::WageSurveySubmitted> events = SurveyEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].credit_code(), CreditCode(12));
  EXPECT_EQ(events[1].district_code(), kDistrictB);
  EXPECT_EQ(events[1].industry_chain_code(), "IC02");
  EXPECT_EQ(events[1].workforce(), 250);
  EXPECT_EQ(events[1].skilled_pay_total_fen(), SumsOf(rows[1]).skilled_pay);
  EXPECT_EQ(events[1].revision(), 1);
}

TEST_F(SurveyServiceTest, RowsThatDoNotAddUpAreRefusedWithTheirFieldPathAndNothingIsStored) {
  Register(21, kDistrictA);
  Register(22, kDistrictA);
  Register(23, kDistrictA);
  iv::WageSurveyDraft mismatch = Row(22);
  mismatch.set_workforce(501);
  iv::WageSurveyDraft bad_level = Row(23);
  bad_level.mutable_levels(1)->set_headcount(-1);
  const iv::SubmitWageSurveysResponse response = SubmitOk({Row(21), mismatch, bad_level});
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.accepted_count(), 1);
  EXPECT_EQ(response.rejected_count(), 2);
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_ROW(response.results(1), INVALID_ARGUMENT, "HEADCOUNT_MISMATCH");
  EXPECT_EQ(FieldsOfDetails(response.results(1).status()), std::vector<std::string>{"surveys[1].workforce"});
  EXPECT_FALSE(response.results(1).has_survey());
  EXPECT_ROW(response.results(2), INVALID_ARGUMENT, "INVALID_FIELD");
  EXPECT_EQ(FieldsOfDetails(response.results(2).status()), std::vector<std::string>{"surveys[2].levels[1].headcount"});

  EXPECT_REFUSED(Get(kAdminToken, 22), NOT_FOUND, "WAGE_SURVEY_NOT_FOUND");
  EXPECT_REFUSED(Get(kAdminToken, 23), NOT_FOUND, "WAGE_SURVEY_NOT_FOUND");
  EXPECT_EQ(harness_->CountKeys("incentive:survey*:" + CreditCode(22) + "*"), 0);
  EXPECT_EQ(Summary().city().enterprises(), 1);
  EXPECT_EQ(SurveyEvents().size(), 1u);
}

TEST_F(SurveyServiceTest, ACorrectedSurveyReplacesTheFirstExactly) {
  Register(31, kDistrictA, "IC01");
  Register(32, kDistrictB, "IC02");
  const iv::WageSurveyDraft second = Row(31, 300, 9'000'000);
  ASSERT_EQ(SubmitOk({Row(31, 1000), Row(32, 250)}).accepted_count(), 2);
  // The register moves the enterprise to another district and chain before the correction.
  Register(31, kDistrictB, "IC03");
  const iv::SubmitWageSurveysResponse corrected = SubmitOk({second});
  ASSERT_EQ(corrected.results_size(), 1);
  EXPECT_EQ(corrected.accepted_count(), 1);
  EXPECT_EQ(corrected.replaced_count(), 1);
  const iv::WageSurvey& survey = corrected.results(0).survey();
  EXPECT_EQ(survey.revision(), 2);
  EXPECT_EQ(survey.enterprise().district_code(), kDistrictB);
  EXPECT_EQ(survey.industry_chain_code(), "IC03");
  EXPECT_EQ(survey.report().workforce(), 300);
  const iv::GetWageSurveySummaryResponse replaced = Summary();
  EXPECT_EQ(List(kViewerToken, kDistrictA, ""), std::vector<std::string>{});
  EXPECT_EQ(List(kViewerToken, "", "IC01"), std::vector<std::string>{});
  EXPECT_EQ(List(kViewerToken, "", "IC03"), std::vector<std::string>{CreditCode(31)});

  // Two events for the enterprise, revision 1 then 2; two audit entries saying so.
  std::vector<int> revisions;
  for (const iv::WageSurveySubmitted& event : SurveyEvents()) {
    if (event.credit_code() == CreditCode(31)) {
      revisions.push_back(event.revision());
      if (event.revision() == 2) {
        EXPECT_EQ(event.workforce(), 300);
        EXPECT_EQ(event.district_code(), kDistrictB);
      }
    }
  }
  EXPECT_EQ(revisions, (std::vector<int>{1, 2}));
  std::vector<std::string> details;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    if (entry.resource() == "wageSurveys/2025/" + CreditCode(31)) {
      details.push_back(entry.detail());
    }
  }
  std::sort(details.begin(), details.end());
  EXPECT_EQ(details, (std::vector<std::string>{"revision 1", "revision 2 replaces 1"}));

  // The same totals as a store that only ever had the second revision.
  ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
  ASSERT_EQ(SubmitOk({Row(32, 250), second}).accepted_count(), 2);
  const iv::GetWageSurveySummaryResponse fresh = Summary();
  EXPECT_TRUE(MessageDifferencer::Equals(replaced.city(), fresh.city()))
      << replaced.city().DebugString() << fresh.city().DebugString();
  ASSERT_EQ(replaced.districts_size(), fresh.districts_size());
  for (int i = 0; i < fresh.districts_size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(replaced.districts(i), fresh.districts(i)));
  }
  ASSERT_EQ(replaced.industry_chains_size(), fresh.industry_chains_size());
  for (int i = 0; i < fresh.industry_chains_size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(replaced.industry_chains(i), fresh.industry_chains(i)));
  }
  ASSERT_EQ(replaced.districts_size(), 1);
  ExpectTotals(replaced.districts(0).totals(), 2, Plus(SumsOf(second), SumsOf(Row(32, 250))));
}

TEST_F(SurveyServiceTest, AnUnregisteredEnterpriseIsRefused) {
  Register(41, kDistrictA);
  const iv::SubmitWageSurveysResponse response = SubmitOk({Row(42), Row(41)});
  EXPECT_ROW(response.results(0), NOT_FOUND, "ENTERPRISE_NOT_REGISTERED");
  EXPECT_EQ(response.results(1).status().code(), 0);
  EXPECT_EQ(response.results(1).index(), 1);
  EXPECT_REFUSED(Get(kAdminToken, 42), NOT_FOUND, "WAGE_SURVEY_NOT_FOUND");
  EXPECT_EQ(Summary().city().enterprises(), 1);
}

TEST_F(SurveyServiceTest, TheSameEnterpriseTwiceInOneCallIsRefusedTheSecondTime) {
  Register(43, kDistrictA);
  iv::WageSurveyDraft again = Row(43, 100);
  std::string lower = again.credit_code();
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  again.set_credit_code(lower);
  const iv::SubmitWageSurveysResponse response = SubmitOk({Row(43), again});
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_ROW(response.results(1), INVALID_ARGUMENT, "DUPLICATE_ENTERPRISE");
  EXPECT_EQ(FieldsOfDetails(response.results(1).status()), std::vector<std::string>{"surveys[1].credit_code"});
  iv::WageSurvey stored;
  ASSERT_TRUE(Get(kAdminToken, 43, &stored).ok());
  EXPECT_EQ(stored.report().workforce(), 500);
}

TEST_F(SurveyServiceTest, AClosedYearTakesNoMoreRows) {
  Register(51, kDistrictA);
  Register(52, kDistrictA);
  ASSERT_EQ(SubmitOk({Row(51)}).accepted_count(), 1);
  iv::CloseSurveyYearResponse refused;
  EXPECT_REFUSED(Close(kDistrictAToken, "close-a", &refused), PERMISSION_DENIED, "ROLE_NOT_ALLOWED");

  iv::CloseSurveyYearResponse closed;
  ASSERT_TRUE(Close(kAdminToken, "close-1", &closed).ok());
  EXPECT_EQ(closed.survey_year().year(), kYear);
  EXPECT_TRUE(closed.survey_year().closed());
  EXPECT_FALSE(closed.survey_year().closed_by().empty());
  // The same request again: the same answer, nothing written.
  const StoreSize before = Size();
  iv::CloseSurveyYearResponse again;
  ASSERT_TRUE(Close(kAdminToken, "close-1", &again).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(closed, again));
  EXPECT_EQ(Size(), before);
  // Another close of the closed year.
  iv::CloseSurveyYearResponse twice;
  EXPECT_REFUSED(Close(kAdminToken, "close-2", &twice), FAILED_PRECONDITION, "SURVEY_YEAR_CLOSED");

  // Neither a new row nor a correction gets in.
  const iv::SubmitWageSurveysResponse response = SubmitOk({Row(52), Row(51, 100)});
  EXPECT_EQ(response.accepted_count(), 0);
  EXPECT_ROW(response.results(0), FAILED_PRECONDITION, "SURVEY_YEAR_CLOSED");
  EXPECT_ROW(response.results(1), FAILED_PRECONDITION, "SURVEY_YEAR_CLOSED");
  EXPECT_EQ(Size(), before);
  iv::WageSurvey stored;
  ASSERT_TRUE(Get(kAdminToken, 51, &stored).ok());
  EXPECT_EQ(stored.revision(), 1);

  const iv::GetWageSurveySummaryResponse summary = Summary();
  EXPECT_TRUE(summary.survey_year().closed());
  EXPECT_TRUE(MessageDifferencer::Equals(summary.survey_year(), closed.survey_year()));
  int closed_events = 0;
  for (const iv::IncentiveEvent& event : harness_->Events()) {
    closed_events += event.has_survey_year_closed() && event.survey_year_closed().year() == kYear ? 1 : 0;
  }
  EXPECT_EQ(closed_events, 1);
  // Another year is still open.
  EXPECT_FALSE(Summary(2024).survey_year().closed());
}

TEST_F(SurveyServiceTest, ACloseRacingSubmissionsLetsNoRowInAfterIt) {
  constexpr int kCalls = 20;
  constexpr int kRowsPerCall = 25;
  RegisterMany(1000, kCalls * kRowsPerCall, kDistrictA, "IC01");
  std::atomic<int> accepted{0};
  std::atomic<bool> first_done{false};
  std::thread submitter([&] {
    for (int call = 0; call < kCalls; ++call) {
      std::vector<iv::WageSurveyDraft> rows;
      for (int i = 0; i < kRowsPerCall; ++i) {
        rows.push_back(Row(1000 + call * kRowsPerCall + i));
      }
      accepted += SubmitOk(rows).accepted_count();
      first_done = true;
    }
  });
  // Close while the later calls are under way.
  while (!first_done) {
    std::this_thread::yield();
  }
  iv::CloseSurveyYearResponse closed;
  const grpc::Status close_status = Close(kAdminToken, "close-race", &closed);
  submitter.join();
  ASSERT_TRUE(close_status.ok()) << close_status.error_message();

  // In the feed, which is in write order, no survey of the year follows the close.
  bool after_close = false;
  int stored_events = 0;
  for (const iv::IncentiveEvent& event : harness_->Events()) {
    if (event.has_survey_year_closed()) {
      after_close = true;
    } else if (event.has_wage_survey_submitted()) {
      EXPECT_FALSE(after_close) << event.wage_survey_submitted().credit_code();
      ++stored_events;
    }
  }
  EXPECT_TRUE(after_close);
  EXPECT_GE(accepted.load(), kRowsPerCall);
  EXPECT_EQ(stored_events, accepted.load());
  EXPECT_EQ(Summary().city().enterprises(), accepted.load());
  EXPECT_EQ(harness_->CountKeys("incentive:survey:2025:*"), accepted.load());
}

// Corrections of the same enterprises racing each other: each row is stored or refused ABORTED
// CONCURRENT_MODIFICATION, never lost in the totals: they always count every current survey once.
TEST_F(SurveyServiceTest, RacingCorrectionsKeepTheTotalsExact) {
  constexpr int kEnterprises = 10;
  constexpr int kRounds = 15;
  RegisterMany(2000, kEnterprises, kDistrictB, "IC04");
  std::atomic<int> stored{0};
  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        std::vector<iv::WageSurveyDraft> rows;
        for (int e = 0; e < kEnterprises; ++e) {
          rows.push_back(Row(2000 + e, 100 + 10 * t + round, 6'000'000 + 100'000 * t));
        }
        const iv::SubmitWageSurveysResponse response = SubmitOk(rows);
        stored += response.accepted_count();
        for (const iv::SubmitWageSurveyResult& result : response.results()) {
          if (result.status().code() != 0) {
            EXPECT_EQ(ReasonOfDetails(result.status()), "CONCURRENT_MODIFICATION") << result.status().message();
            ++aborted;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(stored + aborted, 3 * kRounds * kEnterprises);
  Sums current;
  int revisions = 0;
  for (int e = 0; e < kEnterprises; ++e) {
    iv::WageSurvey survey;
    ASSERT_TRUE(Get(kAdminToken, 2000 + e, &survey).ok());
    current = Plus(current, SumsOf(survey.report()));
    revisions += survey.revision();
  }
  EXPECT_EQ(revisions, stored.load());
  ExpectTotals(Summary().city(), kEnterprises, current);
  EXPECT_EQ(SurveyEvents().size(), static_cast<size_t>(stored.load()));
}

TEST_F(SurveyServiceTest, ScopeByRole) {
  Register(1, kDistrictA);  // institution A's own enterprise
  Register(2, kDistrictB);  // institution B's
  Register(61, kDistrictA);
  Register(62, kDistrictB);

  // An institution submits its own row only.
  const iv::SubmitWageSurveysResponse own = SubmitOk({Row(1), Row(2)}, kInstitutionAToken);
  EXPECT_EQ(own.results(0).status().code(), 0);
  EXPECT_ROW(own.results(1), PERMISSION_DENIED, "OUT_OF_SCOPE");
  // A district officer the enterprises registered in its district.
  const iv::SubmitWageSurveysResponse district = SubmitOk({Row(61), Row(62)}, kDistrictAToken);
  EXPECT_EQ(district.results(0).status().code(), 0);
  EXPECT_ROW(district.results(1), PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_EQ(SubmitOk({Row(2), Row(62)}).accepted_count(), 2);
  // Neither a viewer nor a service submits.
  iv::SubmitWageSurveysResponse none;
  EXPECT_REFUSED(Submit(kViewerToken, Request({Row(61)}), &none), PERMISSION_DENIED, "ROLE_NOT_ALLOWED");

  // Reads: an institution its own; a district officer its district's; viewers and services any.
  EXPECT_TRUE(Get(kInstitutionAToken, 1).ok());
  EXPECT_REFUSED(Get(kInstitutionAToken, 2), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Get(kInstitutionBToken, 1), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_TRUE(Get(kDistrictAToken, 61).ok());
  EXPECT_REFUSED(Get(kDistrictAToken, 62), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_TRUE(Get(kDistrictBToken, 62).ok());
  EXPECT_TRUE(Get(kViewerToken, 62).ok());
  EXPECT_TRUE(Get(kServiceToken, 1).ok());

  // A district officer lists its district only.
  EXPECT_EQ(List(kDistrictAToken, "", ""), (std::vector<std::string>{CreditCode(1), CreditCode(61)}));
  grpc::Status failed;
  List(kDistrictAToken, kDistrictB, "", 0, &failed);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  List(kInstitutionAToken, "", "", 0, &failed);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(SurveyServiceTest, AReplayedBatchReturnsTheSameResultsAndWritesNothing) {
  Register(71, kDistrictA);
  Register(72, kDistrictB, "IC02");
  iv::WageSurveyDraft mismatch = Row(72);
  mismatch.set_uncertified_headcount(1);
  const iv::SubmitWageSurveysRequest request = Request({Row(71), mismatch, Row(73), Row(72, 50)}, "survey-batch-1");
  iv::SubmitWageSurveysResponse first;
  ASSERT_TRUE(Submit(kAdminToken, request, &first).ok());
  EXPECT_EQ(first.accepted_count(), 2);
  EXPECT_EQ(first.rejected_count(), 2);
  const StoreSize before = Size();
  const long long audit = AuditLength();

  iv::SubmitWageSurveysResponse replayed;
  ASSERT_TRUE(Submit(kAdminToken, request, &replayed).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, replayed)) << first.DebugString() << replayed.DebugString();
  EXPECT_EQ(Size(), before);
  EXPECT_EQ(AuditLength(), audit);

  // Other content under the same request_id is refused, and writes nothing.
  iv::SubmitWageSurveysRequest other = request;
  other.mutable_surveys(0)->set_workforce(600);
  other.mutable_surveys(0)->set_uncertified_headcount(200);
  iv::SubmitWageSurveysResponse refused;
  EXPECT_REFUSED(Submit(kAdminToken, other, &refused), FAILED_PRECONDITION, "REQUEST_ID_REUSED");
  EXPECT_EQ(Size(), before);

  // After a later correction, the retry still answers with the rows as the first call stored them.
  ASSERT_EQ(SubmitOk({Row(71, 1000)}, kAdminToken, "survey-batch-2").replaced_count(), 1);
  iv::SubmitWageSurveysResponse late;
  ASSERT_TRUE(Submit(kAdminToken, request, &late).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, late));
  iv::WageSurvey current;
  ASSERT_TRUE(Get(kAdminToken, 71, &current).ok());
  EXPECT_EQ(current.revision(), 2);
  EXPECT_EQ(current.report().workforce(), 1000);
}

TEST_F(SurveyServiceTest, ABatchOf2000RowsAnswersRowByRow) {
  constexpr int kRows = 2000;
  RegisterMany(3000, kRows - 10, kDistrictB, "IC05");  // the last 10 are not registered
  std::vector<iv::WageSurveyDraft> rows;
  for (int i = 0; i < kRows; ++i) {
    rows.push_back(Row(3000 + i, 100 + i));
  }
  rows[1500].set_workforce(1);  // does not add up
  iv::SubmitWageSurveysResponse response;
  ASSERT_TRUE(Submit(kAdminToken, Request(rows, "survey-2000"), &response).ok());
  ASSERT_EQ(response.results_size(), kRows);
  EXPECT_EQ(response.accepted_count(), kRows - 11);
  EXPECT_EQ(response.rejected_count(), 11);
  Sums expected;
  for (int i = 0; i < kRows; ++i) {
    const iv::SubmitWageSurveyResult& result = response.results(i);
    EXPECT_EQ(result.index(), i);
    if (i == 1500) {
      EXPECT_ROW(result, INVALID_ARGUMENT, "HEADCOUNT_MISMATCH");
      EXPECT_EQ(FieldsOfDetails(result.status()), std::vector<std::string>{"surveys[1500].workforce"});
    } else if (i >= kRows - 10) {
      EXPECT_ROW(result, NOT_FOUND, "ENTERPRISE_NOT_REGISTERED");
    } else {
      EXPECT_EQ(result.status().code(), 0) << i << " " << result.status().message();
      EXPECT_EQ(result.survey().report().credit_code(), CreditCode(3000 + i));
      expected = Plus(expected, SumsOf(rows[i]));
    }
  }
  const iv::GetWageSurveySummaryResponse summary = Summary();
  ExpectTotals(summary.city(), kRows - 11, expected);
  EXPECT_EQ(SurveyEvents().size(), static_cast<size_t>(kRows - 11));
  EXPECT_EQ(harness_->CountKeys("incentive:survey:2025:*"), kRows - 11);
  EXPECT_EQ(List(kViewerToken, kDistrictB, "IC05", 1000).size(), static_cast<size_t>(kRows - 11));

  // The whole batch again: the same answer, nothing more written.
  const StoreSize before = Size();
  iv::SubmitWageSurveysResponse replayed;
  ASSERT_TRUE(Submit(kAdminToken, Request(rows, "survey-2000"), &replayed).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(response, replayed));
  EXPECT_EQ(Size(), before);
}

// Evaluation down: the whole call fails and nothing is stored.
TEST(SurveyEvaluationDownTest, TheCallFailsUnavailableAndNothingIsStored) {
  IncentiveHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  ev::UpsertEnterpriseRequest upsert;
  upsert.mutable_enterprise()->mutable_org()->set_credit_code(CreditCode(81));
  upsert.mutable_enterprise()->mutable_org()->set_name("青岛测试企业81");
  upsert.mutable_enterprise()->mutable_org()->set_district_code(kDistrictA);
  upsert.mutable_enterprise()->set_above_designated_size(true);
  ev::UpsertEnterpriseResponse upserted;
  ASSERT_TRUE(harness.evaluation()
                  .stub()
                  .UpsertEnterprise(EvaluationHarness::Context(kAdminToken).get(), upsert, &upserted)
                  .ok());
  harness.evaluation().Stop();

  iv::SubmitWageSurveysRequest request;
  request.set_request_id("survey-down");
  request.set_year(kYear);
  *request.add_surveys() = Row(81);
  iv::SubmitWageSurveysResponse response;
  const grpc::Status status =
      harness.stub().SubmitWageSurveys(IncentiveHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(Reason(status), "EVALUATION_UNAVAILABLE");
  EXPECT_EQ(harness.CountKeys("incentive:survey*"), 0);
  EXPECT_EQ(harness.CountKeys("incentive:idem:*"), 0);
  auto events = harness.redis_client().Command({"XLEN", std::string(incentive::keys::kEvents)});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->integer(), 0);
}

// ---------------------------------------------------------------- bad input

class SurveyBadInputTest : public SurveyServiceTest {
 protected:
  void SetUp() override {
    SurveyServiceTest::SetUp();
    Register(91, kDistrictA, "IC01");
    ASSERT_EQ(SubmitOk({Row(91)}).accepted_count(), 1);
  }

  static void ExpectAlive() {
    iv::GetWageSurveySummaryRequest request;
    request.set_year(kYear);
    iv::GetWageSurveySummaryResponse response;
    const grpc::Status status =
        stub().GetWageSurveySummary(IncentiveHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_GE(response.city().enterprises(), 1);
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (iv::IncentiveService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  static void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    ASSERT_FALSE(cases.empty());
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (stub().*method)(IncentiveHarness::Context(kAdminToken).get(), request, response);
        },
        [] { return Size(); }, [] { ExpectAlive(); });
    // The valid request itself passes.
    Response response;
    const grpc::Status status = (stub().*method)(IncentiveHarness::Context(kAdminToken).get(), valid, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename R>
  static void AddYearCases(Cases<R>& cases, std::function<void(R&, int)> set, bool up_to_this_year) {
    std::vector<std::pair<std::string, int>> years = {
        {"0", 0}, {"1999", 1999}, {"-1", -1}, {"INT_MIN", INT_MIN}, {"INT_MAX", INT_MAX}, {"2101", 2101}};
    if (up_to_this_year) {
      years.emplace_back("next year", 2027);
    }
    for (const auto& [what, year] : years) {
      cases.push_back({"year: " + what, [set, year = year](R& r) { set(r, year); }, "year"});
    }
  }
};

TEST_F(SurveyBadInputTest, SubmitWageSurveys) {
  using Req = iv::SubmitWageSurveysRequest;
  const Req valid = Request({Row(91, 800)});
  Cases<Req> cases;
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  AddYearCases<Req>(
      cases, [](Req& r, int year) { r.set_year(year); }, /*up_to_this_year=*/true);
  cases.push_back({"surveys: none", [](Req& r) { r.clear_surveys(); }, "surveys"});
  cases.push_back({"surveys: 5,001 rows",
                   [](Req& r) {
                     for (int i = 0; i < 5000; ++i) {
                       *r.add_surveys() = r.surveys(0);
                     }
                   },
                   "surveys"});
  Run(&iv::IncentiveService::Stub::SubmitWageSurveys, valid, cases);
}

// Malformed rows: the call answers, the row is refused naming its field, nothing is stored.
TEST_F(SurveyBadInputTest, SubmitWageSurveysRows) {
  using Row_ = iv::WageSurveyDraft;
  Cases<Row_> rows;
  AddCreditCodeCases<Row_>(
      rows, "credit_code", [](Row_& r, const std::string& v) { r.set_credit_code(v); },
      /*alone=*/false);
  auto add = [&rows](const std::string& name, std::function<void(Row_&)> mutate, const std::string& field) {
    rows.push_back({name, std::move(mutate), field});
  };
  add(
      "workforce 0", [](Row_& r) { r.set_workforce(0); }, "workforce");
  add(
      "workforce -1", [](Row_& r) { r.set_workforce(-1); }, "workforce");
  add(
      "workforce 1,000,001", [](Row_& r) { r.set_workforce(1'000'001); }, "workforce");
  add(
      "workforce INT64_MAX", [](Row_& r) { r.set_workforce(INT64_MAX); }, "workforce");
  add(
      "uncertified -1", [](Row_& r) { r.set_uncertified_headcount(-1); }, "uncertified_headcount");
  add(
      "uncertified INT64_MIN", [](Row_& r) { r.set_uncertified_headcount(INT64_MIN); }, "uncertified_headcount");
  add(
      "uncertified pay 999,999 fen", [](Row_& r) { r.set_uncertified_average_pay_fen(999'999); },
      "uncertified_average_pay_fen");
  add(
      "uncertified pay negative", [](Row_& r) { r.set_uncertified_average_pay_fen(-6'000'000); },
      "uncertified_average_pay_fen");
  add(
      "level unspecified", [](Row_& r) { r.mutable_levels(0)->set_level(common::v1::SKILL_LEVEL_UNSPECIFIED); },
      "levels[0].level");
  add(
      "level apprentice", [](Row_& r) { r.mutable_levels(0)->set_level(common::v1::SKILL_LEVEL_APPRENTICE); },
      "levels[0].level");
  add(
      "level 99", [](Row_& r) { r.mutable_levels(3)->set_level(static_cast<common::v1::SkillLevel>(99)); },
      "levels[3].level");
  add(
      "level -1", [](Row_& r) { r.mutable_levels(3)->set_level(static_cast<common::v1::SkillLevel>(-1)); },
      "levels[3].level");
  add(
      "level repeated", [](Row_& r) { r.mutable_levels(3)->set_level(r.levels(1).level()); }, "levels[3].level");
  add(
      "headcount 1,000,001", [](Row_& r) { r.mutable_levels(1)->set_headcount(1'000'001); }, "levels[1].headcount");
  add(
      "headcount -5", [](Row_& r) { r.mutable_levels(1)->set_headcount(-5); }, "levels[1].headcount");
  add(
      "pay above 500,000,000 fen", [](Row_& r) { r.mutable_levels(2)->set_average_annual_pay_fen(500'000'001); },
      "levels[2].average_annual_pay_fen");
  add(
      "pay INT64_MAX", [](Row_& r) { r.mutable_levels(2)->set_average_annual_pay_fen(INT64_MAX); },
      "levels[2].average_annual_pay_fen");
  add(
      "pay 0 with headcount", [](Row_& r) { r.mutable_levels(2)->set_average_annual_pay_fen(0); },
      "levels[2].average_annual_pay_fen");
  add(
      "pay without headcount",
      [](Row_& r) {
        r.set_uncertified_headcount(r.uncertified_headcount() + r.levels(2).headcount());
        r.mutable_levels(2)->set_headcount(0);
      },
      "levels[2].average_annual_pay_fen");
  add(
      "eight level rows",
      [](Row_& r) {
        for (int i = 0; i < 4; ++i) {
          *r.add_levels() = r.levels(i);
        }
      },
      "levels");

  const Row_ valid = Row(91, 800);
  int checked = 0;
  for (const BadCase<Row_>& c : rows) {
    SCOPED_TRACE(c.name);
    Row_ row = valid;
    c.mutate(row);
    // The malformed row second, after a valid one of another (unregistered) enterprise.
    const StoreSize before = Size();
    iv::SubmitWageSurveysResponse response;
    const grpc::Status status = Submit(kAdminToken, Request({Row(92), row}), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), 2);
    EXPECT_ROW(response.results(0), NOT_FOUND, "ENTERPRISE_NOT_REGISTERED");
    const google::rpc::Status& refused = response.results(1).status();
    ExpectInvalidField(refused.code(), refused, refused.message(), "surveys[1]." + c.field);
    EXPECT_EQ(response.rejected_count(), 2);
    EXPECT_EQ(Size(), before);
    ++checked;
  }
  ExpectAlive();
  iv::WageSurvey stored;
  ASSERT_TRUE(Get(kAdminToken, 91, &stored).ok());
  EXPECT_EQ(stored.revision(), 1);
  EXPECT_GE(checked, 25);
}

TEST_F(SurveyBadInputTest, GetWageSurvey) {
  using Req = iv::GetWageSurveyRequest;
  Req valid;
  valid.set_year(kYear);
  valid.set_credit_code(CreditCode(91));
  Cases<Req> cases;
  AddYearCases<Req>(
      cases, [](Req& r, int year) { r.set_year(year); }, /*up_to_this_year=*/false);
  AddCreditCodeCases<Req>(
      cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); },
      /*alone=*/false);
  Run(&iv::IncentiveService::Stub::GetWageSurvey, valid, cases);
}

TEST_F(SurveyBadInputTest, ListWageSurveys) {
  using Req = iv::ListWageSurveysRequest;
  Req valid;
  valid.set_year(kYear);
  valid.set_district_code(kDistrictA);
  valid.set_industry_chain_code("IC01");
  Cases<Req> cases;
  AddYearCases<Req>(
      cases, [](Req& r, int year) { r.set_year(year); }, /*up_to_this_year=*/false);
  AddDistrictCases<Req>(
      cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); },
      /*required=*/false);
  for (const std::string& chain :
       {std::string("IC99"), std::string("ic01"), Repeat("I", 10000), std::string("IC\n1")}) {
    cases.push_back({"industry_chain_code: " + chain.substr(0, 8),
                     [chain](Req& r) { r.set_industry_chain_code(chain); }, "industry_chain_code"});
  }
  AddPageCases<Req>(
      cases, [](Req& r, int size) { r.set_page_size(size); },
      [](Req& r, const std::string& token) { r.set_page_token(token); });
  // A token issued for another filter.
  Req other = valid;
  other.set_district_code("");
  other.set_industry_chain_code("");
  other.set_page_size(1);
  Register(93, kDistrictA);
  ASSERT_EQ(SubmitOk({Row(93)}).accepted_count(), 1);
  iv::ListWageSurveysResponse page;
  ASSERT_TRUE(stub().ListWageSurveys(IncentiveHarness::Context(kAdminToken).get(), other, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  cases.push_back({"page_token: of another filter",
                   [token = page.next_page_token()](Req& r) { r.set_page_token(token); }, "page_token"});
  Run(&iv::IncentiveService::Stub::ListWageSurveys, valid, cases);
}

TEST_F(SurveyBadInputTest, CloseSurveyYear) {
  using Req = iv::CloseSurveyYearRequest;
  Req valid;
  valid.set_request_id("close-valid");
  valid.set_year(2024);
  Cases<Req> cases;
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  AddYearCases<Req>(
      cases, [](Req& r, int year) { r.set_year(year); }, /*up_to_this_year=*/true);
  Run(&iv::IncentiveService::Stub::CloseSurveyYear, valid, cases);
}

TEST_F(SurveyBadInputTest, GetWageSurveySummary) {
  using Req = iv::GetWageSurveySummaryRequest;
  Req valid;
  valid.set_year(kYear);
  Cases<Req> cases;
  AddYearCases<Req>(
      cases, [](Req& r, int year) { r.set_year(year); }, /*up_to_this_year=*/false);
  Run(&iv::IncentiveService::Stub::GetWageSurveySummary, valid, cases);
}

}  // namespace
}  // namespace skillbridge::testing

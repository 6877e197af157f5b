// Unit tests of the incentive feed's translation into commands (domain/incentive_commands.h): a
// survey is one replaced fact per (year, credit code) carrying its five totals in the year,
// district and chain buckets; a nomination counts only when AWARDED, by the programme's year; a
// bridging application counts only when APPROVED, on the civil day of its status_time in China
// Standard Time; nominees and applicants join the talent database.

#include "services/aggregator/domain/incentive_commands.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/reference/bureau_calendar.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/feed_commands.h"

namespace skillbridge::aggregator {
namespace {

namespace ic = ::skillbridge::incentive::v1;

// indicator -> bucket -> amount of the count updates of `command`.
std::map<std::string, std::map<std::string, int64_t>> Counts(const FeedCommand& command) {
  std::map<std::string, std::map<std::string, int64_t>> out;
  for (const ViewUpdate& u : command.updates) {
    if (u.kind == ViewUpdate::Kind::kCount) {
      out[u.indicator][u.bucket] += u.amount;
    }
  }
  return out;
}

ic::IncentiveEvent Survey(int year, const std::string& credit_code, int64_t workforce, int64_t skilled,
                          int64_t high_skilled, int64_t skilled_pay, int64_t high_pay, int revision = 1,
                          const std::string& chain = "IC03") {
  ic::IncentiveEvent e;
  ic::WageSurveySubmitted* s = e.mutable_wage_survey_submitted();
  s->set_year(year);
  s->set_credit_code(credit_code);
  s->set_district_code("370211");
  s->set_industry_chain_code(chain);
  s->set_workforce(workforce);
  s->set_skilled_headcount(skilled);
  s->set_high_skilled_headcount(high_skilled);
  s->set_skilled_pay_total_fen(skilled_pay);
  s->set_high_skilled_pay_total_fen(high_pay);
  s->set_revision(revision);
  return e;
}

ic::IncentiveEvent Nomination(const std::string& id, ic::NominationStatus status, int64_t award_fen = 0) {
  ic::IncentiveEvent e;
  ic::NominationChanged* n = e.mutable_nomination_changed();
  n->set_nomination_id(id);
  n->set_programme_id("HP00000001");
  n->set_year(2026);
  n->set_kind(ic::HONOUR_KIND_LEADING_TALENT);
  n->mutable_person()->set_id_number("370202199001011234");
  n->set_employer_credit_code("91370200MA00000001");
  n->set_district_code("370202");
  n->set_status(status);
  n->set_award_fen(award_fen);
  return e;
}

ic::IncentiveEvent Bridge(const std::string& id, ic::BridgeStatus status, absl::Time status_time) {
  ic::IncentiveEvent e;
  ic::BridgeApplicationChanged* a = e.mutable_bridge_application_changed();
  a->set_application_id(id);
  a->mutable_person()->set_id_number("370202199001011234");
  a->set_district_code("370203");
  a->set_series(ic::TITLE_SERIES_ENGINEERING);
  a->set_grade(ic::TITLE_GRADE_INTERMEDIATE);
  a->set_status(status);
  a->set_year(2025);
  *a->mutable_status_time() = ToTimestamp(status_time);
  return e;
}

TEST(IncentiveCommandsTest, SurveyIsOneReplacedFactPerYearAndEnterpriseWithItsTotalsInYearDistrictAndChain) {
  const auto commands = CommandsForIncentiveEvent(Survey(2025, "91370200MA0000000X", 100, 60, 20, 600, 300, 2));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kReplaceFact);
  EXPECT_EQ(commands[0].fact_key, "incentive:survey:2025:91370200MA0000000X");
  const auto counts = Counts(commands[0]);
  const std::map<std::string, int64_t> expected_totals = {{ids::kSurveyWorkforce, 100},
                                                          {ids::kSurveySkilled, 60},
                                                          {ids::kSurveyHighSkilled, 20},
                                                          {ids::kSurveySkilledPay, 600},
                                                          {ids::kSurveyHighSkilledPay, 300}};
  ASSERT_EQ(counts.size(), expected_totals.size());
  for (const auto& [indicator, total] : expected_totals) {
    const std::map<std::string, int64_t> expected = {{"2025", total}, {"2025|d:370211", total}, {"2025|c:IC03", total}};
    EXPECT_EQ(counts.at(indicator), expected) << indicator;
  }
}

TEST(IncentiveCommandsTest, ResubmittedSurveyHasTheSameFactKeySoItReplacesTheFirst) {
  const auto first = CommandsForIncentiveEvent(Survey(2025, "C1", 100, 60, 20, 600, 300, 1));
  const auto second = CommandsForIncentiveEvent(Survey(2025, "C1", 120, 70, 25, 700, 400, 2, ""));
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].fact_key, second[0].fact_key);
  EXPECT_EQ(second[0].kind, FeedCommand::Kind::kReplaceFact);
  // No chain: its bucket is left out.
  EXPECT_EQ(Counts(second[0]).at(ids::kSurveyWorkforce),
            (std::map<std::string, int64_t>{{"2025", 120}, {"2025|d:370211", 120}}));
  // Another year of the same enterprise is another fact.
  EXPECT_NE(CommandsForIncentiveEvent(Survey(2026, "C1", 1, 1, 1, 1, 1))[0].fact_key, first[0].fact_key);
}

TEST(IncentiveCommandsTest, NominationCountsOnlyWhenAwardedWithItsAwardByProgrammeYear) {
  for (ic::NominationStatus status : {ic::NOMINATION_STATUS_NOMINATED, ic::NOMINATION_STATUS_UNDER_REVIEW,
                                      ic::NOMINATION_STATUS_REJECTED, ic::NOMINATION_STATUS_WITHDRAWN}) {
    const auto commands = CommandsForIncentiveEvent(Nomination("NM0000000001", status));
    ASSERT_EQ(commands.size(), 2u) << status;
    EXPECT_EQ(commands[1].kind, FeedCommand::Kind::kReplaceFact);
    EXPECT_EQ(commands[1].fact_key, "incentive:nomination:NM0000000001");
    EXPECT_TRUE(commands[1].updates.empty()) << status;
  }
  const auto awarded = CommandsForIncentiveEvent(Nomination("NM0000000001", ic::NOMINATION_STATUS_AWARDED, 5000000));
  ASSERT_EQ(awarded.size(), 2u);
  // The nominee joins the talent database of the employer's district, once.
  EXPECT_EQ(awarded[0].kind, FeedCommand::Kind::kAddFact);
  EXPECT_EQ(awarded[0].fact_key, "incentive:nominee:NM0000000001");
  ASSERT_EQ(awarded[0].updates.size(), 1u);
  EXPECT_EQ(awarded[0].updates[0].kind, ViewUpdate::Kind::kPerson);
  EXPECT_EQ(awarded[0].updates[0].person, "370202199001011234");
  EXPECT_EQ(awarded[0].updates[0].bucket, "370202");
  const auto counts = Counts(awarded[1]);
  EXPECT_EQ(counts.at(ids::kHonoursAwarded), (std::map<std::string, int64_t>{{"2026", 1}, {"2026|d:370202", 1}}));
  EXPECT_EQ(counts.at(ids::kAwardAmount),
            (std::map<std::string, int64_t>{{"2026", 5000000}, {"2026|d:370202", 5000000}}));
}

TEST(IncentiveCommandsTest, ApprovalCountsOnTheBureauDayOfItsStatusTime) {
  // 2025-12-31 17:30 UTC is 2026-01-01 01:30 in Qingdao: counted in January 2026, not in 2025 (the
  // year applied).
  const absl::Time new_year = absl::FromCivil(absl::CivilSecond(2025, 12, 31, 17, 30, 0), absl::UTCTimeZone());
  const auto approved = CommandsForIncentiveEvent(Bridge("BA0000000001", ic::BRIDGE_STATUS_APPROVED, new_year));
  ASSERT_EQ(approved.size(), 2u);
  EXPECT_EQ(approved[0].fact_key, "incentive:applicant:BA0000000001");
  EXPECT_EQ(approved[1].kind, FeedCommand::Kind::kReplaceFact);
  EXPECT_EQ(approved[1].fact_key, "incentive:bridge:BA0000000001");
  EXPECT_EQ(
      Counts(approved[1]).at(ids::kCareerBridgeApproved),
      (std::map<std::string, int64_t>{{"2026", 1}, {"2026|d:370203", 1}, {"2026-01", 1}, {"2026-01|d:370203", 1}}));
  for (ic::BridgeStatus status : {ic::BRIDGE_STATUS_APPLIED, ic::BRIDGE_STATUS_REJECTED, ic::BRIDGE_STATUS_WITHDRAWN}) {
    const auto commands = CommandsForIncentiveEvent(Bridge("BA0000000001", status, new_year));
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_TRUE(commands[1].updates.empty()) << status;
  }
}

TEST(IncentiveCommandsTest, PlatformFundingAndProgrammeEventsGiveNoCommand) {
  ic::IncentiveEvent programme;
  programme.mutable_programme_changed()->set_programme_id("HP00000001");
  ic::IncentiveEvent platform;
  platform.mutable_platform_changed()->set_platform_id("PF00000001");
  ic::IncentiveEvent funding;
  funding.mutable_funding_changed()->set_funding_id("FD0000000001");
  ic::IncentiveEvent closed;
  closed.mutable_survey_year_closed()->set_year(2025);
  for (const auto& e : {programme, platform, funding, closed, ic::IncentiveEvent()}) {
    EXPECT_TRUE(CommandsForIncentiveEvent(e).empty()) << e.ShortDebugString();
  }
}

}  // namespace
}  // namespace skillbridge::aggregator

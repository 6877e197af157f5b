// The career-bridging workflow rules (services/incentive/domain/bridge_rules.h): which decisions
// an application takes and what it looks like after one, and its feed event.

#include "services/incentive/domain/bridge_rules.h"

#include "common/status/errors.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"

namespace skillbridge::incentive {
namespace {

v1::BridgeApplication Applied() {
  v1::BridgeApplication application;
  application.set_id("BA0000000001");
  application.mutable_person()->set_id_number("34052419800101001X");
  application.mutable_person()->set_name("张三");
  application.mutable_employer()->set_credit_code("91370202MA3CK1L2X8");
  application.mutable_employer()->set_district_code("370202");
  application.set_series(v1::TITLE_SERIES_ENGINEERING);
  application.set_grade(v1::TITLE_GRADE_INTERMEDIATE);
  application.set_status(v1::BRIDGE_STATUS_APPLIED);
  application.set_year(2026);
  application.set_qualifying_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  application.set_version(1);
  return application;
}

const absl::Time kNow = absl::FromUnixSeconds(1781000000);

TEST(BridgeRulesTest, AnAppliedApplicationTakesEachDecisionOnce) {
  for (const v1::BridgeStatus target :
       {v1::BRIDGE_STATUS_APPROVED, v1::BRIDGE_STATUS_REJECTED, v1::BRIDGE_STATUS_WITHDRAWN}) {
    absl::StatusOr<v1::BridgeApplication> decided = DecideBridgeApplication(Applied(), target, "理由", kNow);
    ASSERT_TRUE(decided.ok()) << decided.status();
    EXPECT_EQ(decided->status(), target);
    EXPECT_EQ(decided->decision_reason(), "理由");
    EXPECT_EQ(decided->version(), 2);
    EXPECT_EQ(FromTimestamp(decided->decide_time()), kNow);
    EXPECT_EQ(FromTimestamp(decided->update_time()), kNow);
    absl::StatusOr<v1::BridgeApplication> again = DecideBridgeApplication(*decided, target, "", kNow);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(again.status()), kReasonInvalidBridgeTransition);
  }
}

TEST(BridgeRulesTest, NoDecisionLeadsBackToAppliedOrNowhere) {
  for (const v1::BridgeStatus target : {v1::BRIDGE_STATUS_APPLIED, v1::BRIDGE_STATUS_UNSPECIFIED}) {
    absl::StatusOr<v1::BridgeApplication> decided = DecideBridgeApplication(Applied(), target, "", kNow);
    ASSERT_FALSE(decided.ok());
    EXPECT_EQ(ReasonOf(decided.status()), kReasonInvalidBridgeTransition);
  }
}

TEST(BridgeRulesTest, TheEventCarriesTheStateAndItsTime) {
  v1::BridgeApplication approved = *DecideBridgeApplication(Applied(), v1::BRIDGE_STATUS_APPROVED, "", kNow);
  const v1::IncentiveEvent event = BridgeChangedEvent(approved, kNow);
  ASSERT_TRUE(event.has_bridge_application_changed());
  const v1::BridgeApplicationChanged& changed = event.bridge_application_changed();
  EXPECT_EQ(changed.application_id(), "BA0000000001");
  EXPECT_EQ(changed.person().id_number(), "34052419800101001X");
  EXPECT_EQ(changed.employer_credit_code(), "91370202MA3CK1L2X8");
  EXPECT_EQ(changed.district_code(), "370202");
  EXPECT_EQ(changed.series(), v1::TITLE_SERIES_ENGINEERING);
  EXPECT_EQ(changed.grade(), v1::TITLE_GRADE_INTERMEDIATE);
  EXPECT_EQ(changed.status(), v1::BRIDGE_STATUS_APPROVED);
  EXPECT_EQ(changed.year(), 2026);
  EXPECT_EQ(changed.qualifying_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(FromTimestamp(changed.status_time()), kNow);
  EXPECT_EQ(FromTimestamp(event.time()), kNow);
}

}  // namespace
}  // namespace skillbridge::incentive

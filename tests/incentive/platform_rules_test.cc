// The talent-platform rules (services/incentive/domain/platform_rules.h): what a platform, an
// evaluation and a funding grant must carry (each field path named), the grade bounds 90/75/60,
// the platform and funding workflows, the totals a funding status counts in, and the change events.

#include "services/incentive/domain/platform_rules.h"

#include <cctype>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/test_ids.h"

namespace skillbridge::incentive {
namespace {

using ::skillbridge::testing::CreditCode;
using ::skillbridge::testing::PersonId;

const ReferenceData& Reference() {
  static const std::shared_ptr<const ReferenceData>* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(SKILLBRIDGE_REFERENCE_DIR);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(loaded.ok() ? *loaded : nullptr);
  }();
  return **reference;
}

v1::TalentPlatform ValidStudio() {
  v1::TalentPlatform p;
  p.set_kind(v1::PLATFORM_KIND_MASTER_STUDIO);
  p.set_level(v1::PLATFORM_LEVEL_MUNICIPAL);
  p.set_name("青岛市王某某技能大师工作室");
  p.mutable_host()->set_credit_code(CreditCode(7));
  p.mutable_host()->set_name("青岛某机械有限公司");
  p.mutable_host()->set_district_code("370202");
  p.set_industry_chain_code("IC01");
  p.add_occupation_codes("6-18-02-04");
  p.add_occupation_codes("4-01-02-02");
  p.set_approved_year(2020);
  p.mutable_leader()->set_id_number(PersonId(3));
  p.mutable_leader()->set_name("王某某");
  return p;
}

// The field paths a check names.
std::vector<std::string> Fields(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

std::vector<std::string> PlatformFields(const v1::TalentPlatform& p, int current_year = 2026) {
  FieldViolations violations;
  CheckPlatformDraft(Reference(), p, current_year, violations);
  return Fields(violations);
}

using Names = std::vector<std::string>;

TEST(PlatformDraftTest, ValidStudioPassesAndIsNormalised) {
  v1::TalentPlatform in = ValidStudio();
  std::string lower = CreditCode(7);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  in.mutable_host()->set_credit_code(lower);
  in.set_id("PF99999999");
  in.set_status(v1::PLATFORM_STATUS_REVOKED);
  in.set_funding_granted_fen(5);
  FieldViolations violations;
  v1::TalentPlatform out;
  CheckPlatformDraft(Reference(), in, 2026, violations, &out);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(out.host().credit_code(), CreditCode(7));
  EXPECT_EQ(out.leader().id_number(), PersonId(3));
  EXPECT_TRUE(out.id().empty());
  EXPECT_EQ(out.status(), v1::PLATFORM_STATUS_UNSPECIFIED);
  EXPECT_EQ(out.funding_granted_fen(), 0);
  EXPECT_EQ(out.occupation_codes_size(), 2);
}

TEST(PlatformDraftTest, EachFieldIsNamed) {
  v1::TalentPlatform p = ValidStudio();
  p.set_kind(v1::PLATFORM_KIND_UNSPECIFIED);
  EXPECT_EQ(PlatformFields(p), Names{"platform.kind"});
  p = ValidStudio();
  p.set_level(static_cast<v1::PlatformLevel>(9));
  EXPECT_EQ(PlatformFields(p), Names{"platform.level"});
  p = ValidStudio();
  p.set_name("");
  EXPECT_EQ(PlatformFields(p), Names{"platform.name"});
  p.set_name(std::string(201, 'a'));
  EXPECT_EQ(PlatformFields(p), Names{"platform.name"});
  p = ValidStudio();
  p.mutable_host()->set_district_code("");
  EXPECT_EQ(PlatformFields(p), Names{"platform.host.district_code"});
  p = ValidStudio();
  p.set_industry_chain_code("NOPE");
  EXPECT_EQ(PlatformFields(p), Names{"platform.industry_chain_code"});
  p = ValidStudio();
  p.add_occupation_codes("6-99-99-99");
  EXPECT_EQ(PlatformFields(p), Names{"platform.occupation_codes[2]"});
  p = ValidStudio();
  p.add_occupation_codes("6-18-02-04");
  EXPECT_EQ(PlatformFields(p), Names{"platform.occupation_codes[2]"});
  p = ValidStudio();
  p.set_approved_year(1989);
  EXPECT_EQ(PlatformFields(p), Names{"platform.approved_year"});
  p.set_approved_year(2027);
  EXPECT_EQ(PlatformFields(p), Names{"platform.approved_year"});
  p.set_approved_year(2026);
  EXPECT_TRUE(PlatformFields(p).empty());
  p = ValidStudio();
  p.mutable_leader()->set_id_number("123");
  EXPECT_EQ(PlatformFields(p), Names{"platform.leader.id_number"});
}

TEST(PlatformDraftTest, AtMostFiftyOccupations) {
  v1::TalentPlatform p = ValidStudio();
  p.clear_occupation_codes();
  for (int i = 0; i < 51; ++i) {
    p.add_occupation_codes("6-18-02-04");
  }
  const Names fields = PlatformFields(p);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields.front(), "platform.occupation_codes");
}

TEST(PlatformDraftTest, LeaderRequiredOnlyForMasterStudio) {
  v1::TalentPlatform p = ValidStudio();
  p.clear_leader();
  EXPECT_EQ(PlatformFields(p), Names{"platform.leader"});
  p.set_kind(v1::PLATFORM_KIND_TRAINING_DEMO_BASE);
  EXPECT_TRUE(PlatformFields(p).empty());
  v1::TalentPlatform out;
  FieldViolations violations;
  CheckPlatformDraft(Reference(), p, 2026, violations, &out);
  EXPECT_FALSE(out.has_leader());
}

TEST(PlatformEvaluationDraftTest, YearScoreRemarks) {
  v1::PlatformEvaluation e;
  e.set_year(2024);
  e.set_score(88);
  e.set_remarks("完成年度培训任务");
  FieldViolations ok;
  CheckEvaluationDraft(e, 2020, 2026, ok);
  EXPECT_TRUE(ok.empty());
  const auto fields = [](const v1::PlatformEvaluation& ev) {
    FieldViolations violations;
    CheckEvaluationDraft(ev, 2020, 2026, violations);
    return Fields(violations);
  };
  v1::PlatformEvaluation bad = e;
  bad.set_year(2019);
  EXPECT_EQ(fields(bad), Names{"evaluation.year"});
  bad.set_year(2027);
  EXPECT_EQ(fields(bad), Names{"evaluation.year"});
  bad = e;
  bad.set_score(-1);
  EXPECT_EQ(fields(bad), Names{"evaluation.score"});
  bad.set_score(101);
  EXPECT_EQ(fields(bad), Names{"evaluation.score"});
  bad = e;
  bad.set_remarks(std::string(501, 'x'));
  EXPECT_EQ(fields(bad), Names{"evaluation.remarks"});
  bad.set_remarks("");
  EXPECT_TRUE(fields(bad).empty());
}

TEST(PlatformFundingDraftTest, Bounds) {
  v1::PlatformFunding f;
  f.set_platform_id("PF00000001");
  f.set_year(2026);
  f.set_amount_fen(50000000);
  f.set_purpose("建设补助");
  const auto fields = [](const v1::PlatformFunding& funding) {
    FieldViolations violations;
    CheckFundingDraft(funding, violations);
    return Fields(violations);
  };
  EXPECT_TRUE(fields(f).empty());
  v1::PlatformFunding bad = f;
  bad.set_platform_id("");
  EXPECT_EQ(fields(bad), Names{"funding.platform_id"});
  bad = f;
  bad.set_year(1999);
  EXPECT_EQ(fields(bad), Names{"funding.year"});
  bad.set_year(2101);
  EXPECT_EQ(fields(bad), Names{"funding.year"});
  bad = f;
  bad.set_amount_fen(0);
  EXPECT_EQ(fields(bad), Names{"funding.amount_fen"});
  bad.set_amount_fen(kMaxFundingFen + 1);
  EXPECT_EQ(fields(bad), Names{"funding.amount_fen"});
  bad.set_amount_fen(kMaxFundingFen);
  EXPECT_TRUE(fields(bad).empty());
  bad = f;
  bad.set_purpose(" ");
  EXPECT_EQ(fields(bad), Names{"funding.purpose"});
}

TEST(PlatformGradeTest, Bounds) {
  EXPECT_EQ(GradeOf(100), v1::PERFORMANCE_GRADE_EXCELLENT);
  EXPECT_EQ(GradeOf(90), v1::PERFORMANCE_GRADE_EXCELLENT);
  EXPECT_EQ(GradeOf(89), v1::PERFORMANCE_GRADE_GOOD);
  EXPECT_EQ(GradeOf(75), v1::PERFORMANCE_GRADE_GOOD);
  EXPECT_EQ(GradeOf(74), v1::PERFORMANCE_GRADE_PASS);
  EXPECT_EQ(GradeOf(60), v1::PERFORMANCE_GRADE_PASS);
  EXPECT_EQ(GradeOf(59), v1::PERFORMANCE_GRADE_FAIL);
  EXPECT_EQ(GradeOf(0), v1::PERFORMANCE_GRADE_FAIL);
}

TEST(PlatformWorkflowTest, PlatformActiveAndFundingTransitions) {
  EXPECT_TRUE(CheckPlatformActive(v1::PLATFORM_STATUS_ACTIVE).ok());
  const absl::Status revoked = CheckPlatformActive(v1::PLATFORM_STATUS_REVOKED);
  EXPECT_EQ(revoked.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(revoked), kReasonPlatformRevoked);

  EXPECT_TRUE(CheckFundingTransition(v1::FUNDING_STATUS_GRANTED, v1::FUNDING_STATUS_PAID).ok());
  EXPECT_TRUE(CheckFundingTransition(v1::FUNDING_STATUS_GRANTED, v1::FUNDING_STATUS_CANCELLED).ok());
  for (const auto& [from, to] : std::vector<std::pair<v1::FundingStatus, v1::FundingStatus>>{
           {v1::FUNDING_STATUS_PAID, v1::FUNDING_STATUS_CANCELLED},
           {v1::FUNDING_STATUS_PAID, v1::FUNDING_STATUS_PAID},
           {v1::FUNDING_STATUS_CANCELLED, v1::FUNDING_STATUS_PAID},
           {v1::FUNDING_STATUS_CANCELLED, v1::FUNDING_STATUS_CANCELLED},
           {v1::FUNDING_STATUS_GRANTED, v1::FUNDING_STATUS_GRANTED}}) {
    const absl::Status s = CheckFundingTransition(from, to);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << from << " -> " << to;
    EXPECT_EQ(ReasonOf(s), kReasonInvalidFundingTransition);
  }
}

TEST(PlatformWorkflowTest, FundingTotals) {
  v1::TalentPlatform p;
  ApplyFundingChange(v1::FUNDING_STATUS_UNSPECIFIED, v1::FUNDING_STATUS_GRANTED, 700, p);
  ApplyFundingChange(v1::FUNDING_STATUS_UNSPECIFIED, v1::FUNDING_STATUS_GRANTED, 300, p);
  EXPECT_EQ(p.funding_granted_fen(), 1000);
  EXPECT_EQ(p.funding_paid_fen(), 0);
  ApplyFundingChange(v1::FUNDING_STATUS_GRANTED, v1::FUNDING_STATUS_PAID, 700, p);
  EXPECT_EQ(p.funding_granted_fen(), 1000);
  EXPECT_EQ(p.funding_paid_fen(), 700);
  ApplyFundingChange(v1::FUNDING_STATUS_GRANTED, v1::FUNDING_STATUS_CANCELLED, 300, p);
  EXPECT_EQ(p.funding_granted_fen(), 700);
  EXPECT_EQ(p.funding_paid_fen(), 700);
  EXPECT_EQ(GrantedFen(v1::FUNDING_STATUS_CANCELLED, 5), 0);
  EXPECT_EQ(PaidFen(v1::FUNDING_STATUS_GRANTED, 5), 0);
}

TEST(PlatformWorkflowTest, LatestEvaluationIsTheNewestYear) {
  v1::TalentPlatform p;
  v1::PlatformEvaluation e2024;
  e2024.set_year(2024);
  e2024.set_score(80);
  v1::PlatformEvaluation e2022;
  e2022.set_year(2022);
  e2022.set_score(50);
  ApplyEvaluation(e2024, p);
  ApplyEvaluation(e2022, p);
  EXPECT_EQ(p.latest_evaluation().year(), 2024);
  v1::PlatformEvaluation e2025;
  e2025.set_year(2025);
  ApplyEvaluation(e2025, p);
  EXPECT_EQ(p.latest_evaluation().year(), 2025);
}

TEST(PlatformEventsTest, PlatformAndFundingChanged) {
  v1::TalentPlatform p = ValidStudio();
  p.set_id("PF00000001");
  p.set_status(v1::PLATFORM_STATUS_ACTIVE);
  p.set_funding_granted_fen(10);
  p.set_funding_paid_fen(4);
  v1::PlatformEvaluation e;
  e.set_year(2025);
  e.set_grade(v1::PERFORMANCE_GRADE_GOOD);
  *p.mutable_latest_evaluation() = e;
  const absl::Time now = absl::FromUnixSeconds(1781489000);
  const v1::IncentiveEvent event = PlatformChangedEvent(p, now);
  ASSERT_TRUE(event.has_platform_changed());
  EXPECT_EQ(event.time().seconds(), 1781489000);
  const v1::PlatformChanged& c = event.platform_changed();
  EXPECT_EQ(c.platform_id(), "PF00000001");
  EXPECT_EQ(c.host_credit_code(), CreditCode(7));
  EXPECT_EQ(c.district_code(), "370202");
  EXPECT_EQ(c.industry_chain_code(), "IC01");
  EXPECT_EQ(c.latest_evaluation_year(), 2025);
  EXPECT_EQ(c.latest_grade(), v1::PERFORMANCE_GRADE_GOOD);
  EXPECT_EQ(c.funding_granted_fen(), 10);
  EXPECT_EQ(c.funding_paid_fen(), 4);
  EXPECT_EQ(c.leader().id_number(), PersonId(3));

  v1::PlatformFunding f;
  f.set_id("FD0000000001");
  f.set_platform_id("PF00000001");
  f.set_year(2026);
  f.set_district_code("370202");
  f.set_amount_fen(99);
  f.set_status(v1::FUNDING_STATUS_PAID);
  const v1::IncentiveEvent funding = FundingChangedEvent(f, now);
  ASSERT_TRUE(funding.has_funding_changed());
  EXPECT_EQ(funding.funding_changed().funding_id(), "FD0000000001");
  EXPECT_EQ(funding.funding_changed().amount_fen(), 99);
  EXPECT_EQ(funding.funding_changed().status(), v1::FUNDING_STATUS_PAID);
  EXPECT_EQ(funding.funding_changed().year(), 2026);
}

}  // namespace
}  // namespace skillbridge::incentive

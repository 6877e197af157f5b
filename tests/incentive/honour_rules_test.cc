// The honour rules of the incentive service (services/incentive/domain/honour_rules.h): programme
// drafts and citations, the programme and nomination workflows, the quota left, the level
// eligibility from evaluation's answer, applying a step, the directory entry, the change events
// and the audit note (ID numbers masked).

#include "services/incentive/domain/honour_rules.h"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status/errors.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"
#include "tests/support/test_ids.h"

namespace skillbridge::incentive {
namespace {

using common::v1::SkillLevel;
using skillbridge::testing::CreditCode;
using skillbridge::testing::PersonId;

v1::HonourProgramme ValidProgramme() {
  v1::HonourProgramme p;
  p.set_year(2026);
  p.set_kind(v1::HONOUR_KIND_LEADING_TALENT);
  p.set_title("2026年度青岛市高技能领军人才");
  p.set_quota(30);
  p.set_award_fen(5000000);
  p.set_required_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  return p;
}

// The fields named by the violations of one draft.
std::vector<std::string> FieldsOf(const v1::HonourProgramme& programme) {
  FieldViolations violations;
  CheckProgrammeDraft(programme, "programme.", violations);
  std::vector<std::string> fields;
  for (const FieldViolation& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

v1::Nomination SampleNomination() {
  v1::Nomination n;
  n.set_id("NM0000000007");
  n.set_programme_id("HP00000003");
  n.mutable_person()->set_id_number(PersonId(7));
  n.mutable_person()->set_name("张三7");
  n.mutable_employer()->set_credit_code(CreditCode(1));
  n.mutable_employer()->set_name("青岛测试企业");
  n.mutable_employer()->set_district_code("370211");
  n.set_occupation_code("6-18-02-04");
  n.set_year(2026);
  n.set_kind(v1::HONOUR_KIND_LEADING_TALENT);
  n.set_programme_title("2026年度青岛市高技能领军人才");
  n.set_status(v1::NOMINATION_STATUS_UNDER_REVIEW);
  n.set_verified_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  n.set_verified_certificate_number("S000037000001262000001");
  n.set_award_fen(5000000);
  n.set_version(2);
  return n;
}

HeldQualification Held(SkillLevel level, std::string number) {
  HeldQualification q;
  q.level = level;
  q.certificate_number = std::move(number);
  q.occupation_code = "6-18-02-04";
  return q;
}

// ---------------------------------------------------------------- drafts

TEST(HonourRulesTest, AValidProgrammeDraftPasses) {
  EXPECT_TRUE(FieldsOf(ValidProgramme()).empty());
  v1::HonourProgramme bounds = ValidProgramme();
  bounds.set_year(2000);
  bounds.set_quota(1);
  bounds.set_award_fen(0);
  bounds.set_required_level(common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(FieldsOf(bounds).empty());
  bounds.set_year(2100);
  bounds.set_quota(kMaxQuota);
  bounds.set_award_fen(kMaxAwardFen);
  bounds.set_title(std::string(200 * 3, 'a').substr(0, 200));
  EXPECT_TRUE(FieldsOf(bounds).empty());
}

TEST(HonourRulesTest, EachBadProgrammeFieldIsNamed) {
  const std::vector<std::pair<std::string, std::function<void(v1::HonourProgramme&)>>> cases = {
      {"programme.year", [](v1::HonourProgramme& p) { p.set_year(1999); }},
      {"programme.year", [](v1::HonourProgramme& p) { p.set_year(2101); }},
      {"programme.year", [](v1::HonourProgramme& p) { p.set_year(0); }},
      {"programme.kind", [](v1::HonourProgramme& p) { p.set_kind(v1::HONOUR_KIND_UNSPECIFIED); }},
      {"programme.kind", [](v1::HonourProgramme& p) { p.set_kind(static_cast<v1::HonourKind>(99)); }},
      {"programme.title", [](v1::HonourProgramme& p) { p.set_title(""); }},
      {"programme.title", [](v1::HonourProgramme& p) { p.set_title("   "); }},
      {"programme.title", [](v1::HonourProgramme& p) { p.set_title(std::string(201, 'a')); }},
      {"programme.title", [](v1::HonourProgramme& p) { p.set_title("领军\n人才"); }},
      {"programme.quota", [](v1::HonourProgramme& p) { p.set_quota(0); }},
      {"programme.quota", [](v1::HonourProgramme& p) { p.set_quota(-3); }},
      {"programme.quota", [](v1::HonourProgramme& p) { p.set_quota(kMaxQuota + 1); }},
      {"programme.award_fen", [](v1::HonourProgramme& p) { p.set_award_fen(-1); }},
      {"programme.award_fen", [](v1::HonourProgramme& p) { p.set_award_fen(kMaxAwardFen + 1); }},
      {"programme.required_level", [](v1::HonourProgramme& p) { p.set_required_level(static_cast<SkillLevel>(77)); }},
  };
  for (const auto& [field, mutate] : cases) {
    v1::HonourProgramme p = ValidProgramme();
    mutate(p);
    EXPECT_EQ(FieldsOf(p), std::vector<std::string>{field}) << field;
  }
}

TEST(HonourRulesTest, CitationsAreOptionalAndBounded) {
  for (const std::string& ok :
       {std::string(), std::string("爱岗敬业，技艺精湛"), std::string(kMaxCitationChars, 'a')}) {
    FieldViolations violations;
    CheckCitation(ok, "nomination.citation", violations);
    EXPECT_TRUE(violations.empty());
  }
  for (const std::string& bad : {std::string(kMaxCitationChars + 1, 'a'), std::string("事迹\x1b材料")}) {
    FieldViolations violations;
    CheckCitation(bad, "nomination.citation", violations);
    ASSERT_EQ(violations.violations().size(), 1u);
    EXPECT_EQ(violations.violations()[0].field, "nomination.citation");
  }
}

// ---------------------------------------------------------------- workflows

TEST(HonourRulesTest, OnlyAnOpenProgrammeTakesNominationsAndAwards) {
  EXPECT_TRUE(CheckProgrammeOpen(v1::PROGRAMME_STATUS_OPEN).ok());
  for (const auto status : {v1::PROGRAMME_STATUS_CLOSED, v1::PROGRAMME_STATUS_UNSPECIFIED}) {
    const absl::Status refused = CheckProgrammeOpen(status);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(refused), kReasonProgrammeClosed);
  }
}

TEST(HonourRulesTest, TheQuotaIsLeftWhileAwardsAreBelowIt) {
  v1::HonourProgramme p = ValidProgramme();
  p.set_quota(5);
  p.set_awarded_count(4);
  EXPECT_TRUE(CheckQuotaLeft(p).ok());
  p.set_awarded_count(5);
  EXPECT_EQ(CheckQuotaLeft(p).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(CheckQuotaLeft(p)), kReasonQuotaExhausted);
}

TEST(HonourRulesTest, TheNominationWorkflowAllowsExactlyItsSteps) {
  using S = v1::NominationStatus;
  const std::vector<S> all = {v1::NOMINATION_STATUS_UNSPECIFIED,  v1::NOMINATION_STATUS_NOMINATED,
                              v1::NOMINATION_STATUS_UNDER_REVIEW, v1::NOMINATION_STATUS_AWARDED,
                              v1::NOMINATION_STATUS_REJECTED,     v1::NOMINATION_STATUS_WITHDRAWN};
  const std::vector<std::pair<S, S>> allowed = {
      {v1::NOMINATION_STATUS_NOMINATED, v1::NOMINATION_STATUS_UNDER_REVIEW},
      {v1::NOMINATION_STATUS_UNDER_REVIEW, v1::NOMINATION_STATUS_AWARDED},
      {v1::NOMINATION_STATUS_NOMINATED, v1::NOMINATION_STATUS_REJECTED},
      {v1::NOMINATION_STATUS_UNDER_REVIEW, v1::NOMINATION_STATUS_REJECTED},
      {v1::NOMINATION_STATUS_NOMINATED, v1::NOMINATION_STATUS_WITHDRAWN},
      {v1::NOMINATION_STATUS_UNDER_REVIEW, v1::NOMINATION_STATUS_WITHDRAWN},
  };
  int refused_count = 0;
  for (const S from : all) {
    for (const S to : all) {
      const bool expected = std::find(allowed.begin(), allowed.end(), std::make_pair(from, to)) != allowed.end();
      const absl::Status status = CheckNominationTransition(from, to);
      EXPECT_EQ(status.ok(), expected) << from << " -> " << to;
      if (!expected) {
        ++refused_count;
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(ReasonOf(status), kReasonInvalidNominationTransition);
        EXPECT_NE(status.message().find(v1::NominationStatus_Name(from)), std::string::npos) << status.message();
      }
    }
  }
  EXPECT_EQ(refused_count, 36 - 6);
  EXPECT_TRUE(IsFinalNominationStatus(v1::NOMINATION_STATUS_AWARDED));
  EXPECT_TRUE(IsFinalNominationStatus(v1::NOMINATION_STATUS_REJECTED));
  EXPECT_TRUE(IsFinalNominationStatus(v1::NOMINATION_STATUS_WITHDRAWN));
  EXPECT_FALSE(IsFinalNominationStatus(v1::NOMINATION_STATUS_NOMINATED));
  EXPECT_FALSE(IsFinalNominationStatus(v1::NOMINATION_STATUS_UNDER_REVIEW));
}

// ---------------------------------------------------------------- eligibility

TEST(HonourRulesTest, TheHighestHeldLevelDecidesEligibility) {
  const std::vector<HeldQualification> held = {Held(common::v1::SKILL_LEVEL_3_SENIOR, "S1"),
                                               Held(common::v1::SKILL_LEVEL_2_TECHNICIAN, "S2"),
                                               Held(common::v1::SKILL_LEVEL_4_INTERMEDIATE, "S3")};
  absl::StatusOr<VerifiedLevel> verified = CheckEligibility(common::v1::SKILL_LEVEL_2_TECHNICIAN, held);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(verified->certificate_number, "S2");
  verified = CheckEligibility(common::v1::SKILL_LEVEL_3_SENIOR, held);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->certificate_number, "S2");
  // No level required: whatever is held is recorded, holding nothing is fine.
  verified = CheckEligibility(common::v1::SKILL_LEVEL_UNSPECIFIED, {});
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->level, common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(verified->certificate_number.empty());
}

TEST(HonourRulesTest, BelowTheRequiredLevelIsNotEligibleNamingBothLevels) {
  const absl::StatusOr<VerifiedLevel> below =
      CheckEligibility(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, {Held(common::v1::SKILL_LEVEL_3_SENIOR, "S1")});
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(below.status()), kReasonNotEligible);
  EXPECT_NE(below.status().message().find("一级/高级技师"), std::string::npos) << below.status().message();
  EXPECT_NE(below.status().message().find("三级/高级工"), std::string::npos) << below.status().message();
  const absl::StatusOr<VerifiedLevel> none = CheckEligibility(common::v1::SKILL_LEVEL_5_JUNIOR, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(ReasonOf(none.status()), kReasonNotEligible);
  EXPECT_NE(none.status().message().find("no skill level"), std::string::npos) << none.status().message();
}

// ---------------------------------------------------------------- records and events

TEST(HonourRulesTest, ApplyingAStepSetsStatusTimesReasonAndVersion) {
  const absl::Time now = absl::FromUnixSeconds(1781488800);
  v1::Nomination n = SampleNomination();
  n.set_status(v1::NOMINATION_STATUS_NOMINATED);
  n.set_version(1);
  ApplyNominationStep(n, v1::NOMINATION_STATUS_UNDER_REVIEW, "", now);
  EXPECT_EQ(n.status(), v1::NOMINATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(n.version(), 2);
  EXPECT_EQ(FromTimestamp(n.update_time()), now);
  EXPECT_FALSE(n.has_decide_time());
  ApplyNominationStep(n, v1::NOMINATION_STATUS_REJECTED, "事迹材料不实", now + absl::Hours(1));
  EXPECT_EQ(n.version(), 3);
  EXPECT_EQ(n.decision_reason(), "事迹材料不实");
  EXPECT_EQ(FromTimestamp(n.decide_time()), now + absl::Hours(1));
}

TEST(HonourRulesTest, TheProgrammeRecordLeavesTheAwardedCountOut) {
  v1::HonourProgramme p = ValidProgramme();
  p.set_awarded_count(4);
  const v1::HonourProgramme record = ProgrammeRecord(p);
  EXPECT_EQ(record.awarded_count(), 0);
  EXPECT_EQ(record.quota(), 30);
  EXPECT_EQ(record.title(), p.title());
}

TEST(HonourRulesTest, TheDirectoryEntryCarriesTheAwardedNomination) {
  v1::Nomination n = SampleNomination();
  ApplyNominationStep(n, v1::NOMINATION_STATUS_AWARDED, "", absl::FromUnixSeconds(1781488800));
  const v1::LeadingTalent talent = LeadingTalentOf(n);
  EXPECT_EQ(talent.person().id_number(), PersonId(7));
  EXPECT_EQ(talent.employer().district_code(), "370211");
  EXPECT_EQ(talent.occupation_code(), "6-18-02-04");
  EXPECT_EQ(talent.level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(talent.year(), 2026);
  EXPECT_EQ(talent.programme_title(), n.programme_title());
  EXPECT_EQ(talent.nomination_id(), "NM0000000007");
  EXPECT_EQ(FromTimestamp(talent.award_time()), absl::FromUnixSeconds(1781488800));
}

TEST(HonourRulesTest, EventsDescribeTheRecordsAsTheyAreNow) {
  const absl::Time now = absl::FromUnixSeconds(1781488800);
  v1::HonourProgramme p = ValidProgramme();
  p.set_id("HP00000003");
  p.set_status(v1::PROGRAMME_STATUS_OPEN);
  p.set_awarded_count(3);
  const v1::IncentiveEvent programme_event = HonourProgrammeChangedEvent(p, now);
  ASSERT_TRUE(programme_event.has_programme_changed());
  EXPECT_EQ(programme_event.programme_changed().programme_id(), "HP00000003");
  EXPECT_EQ(programme_event.programme_changed().awarded_count(), 3);
  EXPECT_EQ(programme_event.programme_changed().quota(), 30);
  EXPECT_EQ(programme_event.programme_changed().award_fen(), 5000000);
  EXPECT_EQ(programme_event.programme_changed().kind(), v1::HONOUR_KIND_LEADING_TALENT);
  EXPECT_EQ(FromTimestamp(programme_event.time()), now);

  v1::Nomination n = SampleNomination();
  const v1::IncentiveEvent review = NominationChangedEvent(n, now);
  ASSERT_TRUE(review.has_nomination_changed());
  EXPECT_EQ(review.nomination_changed().status(), v1::NOMINATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(review.nomination_changed().award_fen(), 0);  // only when AWARDED
  EXPECT_EQ(review.nomination_changed().district_code(), "370211");
  EXPECT_EQ(review.nomination_changed().employer_credit_code(), CreditCode(1));
  EXPECT_EQ(review.nomination_changed().person().id_number(), PersonId(7));  // the feed is SERVICE/ADMIN only
  EXPECT_EQ(FromTimestamp(review.nomination_changed().status_time()), now);
  n.set_status(v1::NOMINATION_STATUS_AWARDED);
  EXPECT_EQ(NominationChangedEvent(n, now).nomination_changed().award_fen(), 5000000);
}

TEST(HonourRulesTest, TheAuditNoteMasksEveryIdNumber) {
  v1::Nomination n = SampleNomination();
  n.set_status(v1::NOMINATION_STATUS_REJECTED);
  const std::string other = PersonId(8);
  n.set_decision_reason("与 " + other + " 的材料重复");
  const std::string detail = NominationAuditDetail(n);
  EXPECT_EQ(detail.find(PersonId(7)), std::string::npos) << detail;
  EXPECT_EQ(detail.find(other), std::string::npos) << detail;
  EXPECT_NE(detail.find(PersonId(7).substr(0, 6)), std::string::npos) << detail;
  EXPECT_NE(detail.find("NOMINATION_STATUS_REJECTED"), std::string::npos) << detail;
  EXPECT_NE(detail.find("HP00000003"), std::string::npos) << detail;
  EXPECT_NE(detail.find("的材料重复"), std::string::npos) << detail;
}

}  // namespace
}  // namespace skillbridge::incentive

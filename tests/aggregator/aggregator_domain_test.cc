// Unit tests of the aggregator's pure parts: the catalogue, event -> command translation (evaluation
// and training), and the indicator arithmetic (targets, share, on-track, ranking).

#include <algorithm>

#include "common/reference/bureau_calendar.h"
#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/domain/feed_commands.h"
#include "services/aggregator/domain/indicator_math.h"
#include "services/aggregator/domain/training_commands.h"

namespace skillbridge::aggregator {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(CatalogueTest, ListsEveryIndicatorOfTheDesignWithNamesAndDepartments) {
  Catalogue catalogue({v1::SOURCE_EVALUATION});
  for (const char* id : {"new_high_skilled_persons",
                         "skilled_share_of_workforce",
                         "high_skilled_share_of_skilled",
                         "introduced_skilled_persons",
                         "subsidized_training_person_times",
                         "training_subsidy_paid",
                         "newly_certified_persons",
                         "newly_certified_senior_plus",
                         "self_evaluation_coverage",
                         "competitions_held",
                         "competition_participants",
                         "competition_promotions",
                         "honours_awarded",
                         "award_amount",
                         "career_bridge_approved",
                         "skill_wage_premium",
                         "featured_specialties",
                         "specialty_industry_match",
                         "students_enrolled",
                         "graduates",
                         "talent_database_persons",
                         "training_certificate_conversion",
                         "competition_promotion_certified",
                         "graduates_employed_in_city"}) {
    const v1::Indicator* ind = catalogue.Find(id);
    ASSERT_NE(ind, nullptr) << id;
    EXPECT_FALSE(ind->name_zh().empty()) << id;
    EXPECT_FALSE(ind->name_en().empty()) << id;
    EXPECT_FALSE(ind->definition().empty()) << id;
    EXPECT_GT(ind->responsible_departments_size(), 0) << id;
    EXPECT_GE(ind->measure(), 1);
    EXPECT_LE(ind->measure(), 7);
  }
  ASSERT_EQ(catalogue.measures().size(), 7u);
  EXPECT_EQ(catalogue.measures()[2].name_zh(), "推进技能评价改革新模式");
  EXPECT_EQ(catalogue.Find("newly_certified_persons")->default_target(), 50000);
  EXPECT_EQ(catalogue.Find("newly_certified_senior_plus")->default_target(), 20000);
  EXPECT_EQ(catalogue.Find("new_high_skilled_persons")->default_target(), 20000);
  EXPECT_EQ(catalogue.Find("subsidized_training_person_times")->default_target(), 100000);
  EXPECT_EQ(catalogue.Find("skilled_share_of_workforce")->target_year(), 2023);
}

TEST(CatalogueTest, SourceConnectedFollowsTheConfiguredFeeds) {
  Catalogue only_evaluation({v1::SOURCE_EVALUATION});
  EXPECT_TRUE(only_evaluation.Find("newly_certified_persons")->source_connected());
  EXPECT_FALSE(only_evaluation.Find("subsidized_training_person_times")->source_connected());
  EXPECT_FALSE(only_evaluation.Find("graduates")->source_connected());
  EXPECT_FALSE(only_evaluation.Find("competitions_held")->source_connected());
  EXPECT_TRUE(only_evaluation.Find("talent_database_persons")->source_connected());
  Catalogue both({v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING});
  EXPECT_TRUE(both.Find("subsidized_training_person_times")->source_connected());
  EXPECT_TRUE(both.Find("training_subsidy_paid")->source_connected());
  // Integration indicators need every source they join.
  EXPECT_FALSE(only_evaluation.Find("training_certificate_conversion")->source_connected());
  EXPECT_TRUE(both.Find("training_certificate_conversion")->source_connected());
  EXPECT_FALSE(both.Find("competition_promotion_certified")->source_connected());
  EXPECT_FALSE(both.Find("graduates_employed_in_city")->source_connected());
}

TEST(FeedCommandsTest, CertificatesAndCompletionsFeedTheConversionByOccupation) {
  ev::EvaluationEvent e;
  ev::CertificateIssued* c = e.mutable_certificate_issued();
  c->set_number("Y00003702000126300001");
  c->set_id_number("P1");
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_occupation_code("6-18-02-04");
  c->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  c->set_district_code("370202");
  *c->mutable_issue_date() = MakeDate(2026, 6, 1);
  const auto commands = CommandsForEvaluationEvent(e);
  ASSERT_EQ(commands.size(), 1u);
  const ViewUpdate* certified = nullptr;
  for (const auto& u : commands[0].updates) {
    if (u.kind == ViewUpdate::Kind::kCertifiedIn) {
      certified = &u;
    }
  }
  ASSERT_NE(certified, nullptr);
  EXPECT_EQ(certified->indicator, ids::kTrainingCertified);
  EXPECT_EQ(certified->person, "P1");
  EXPECT_EQ(certified->bucket, "6-18-02-04");
  EXPECT_EQ(certified->score, 20260601);
  EXPECT_EQ(certified->member, "Y00003702000126300001");
  // A special-ability certificate is not a qualification in the occupation.
  c->set_type(ev::CERTIFICATE_TYPE_SPECIAL_ABILITY);
  const auto special = CommandsForEvaluationEvent(e);
  ASSERT_EQ(special.size(), 1u);
  for (const auto& u : special[0].updates) {
    EXPECT_NE(u.kind, ViewUpdate::Kind::kCertifiedIn);
  }
}

TEST(FeedCommandsTest, BucketsCoverYearDistrictChainAndMonth) {
  EXPECT_EQ(BucketsFor(MakeDate(2026, 5, 20), "370202", "IC07"),
            (std::vector<std::string>{"2026", "2026|d:370202", "2026|c:IC07", "2026-05", "2026-05|d:370202"}));
  EXPECT_EQ(BucketsFor(MakeDate(2026, 5, 20), "", ""), (std::vector<std::string>{"2026", "2026-05"}));
  EXPECT_TRUE(BucketsFor(MakeDate(0, 0, 0), "370202", "").empty());
}

TEST(FeedCommandsTest, SeniorCertificateCountsPersonsSeniorAndFirstHighSkilled) {
  ev::EvaluationEvent event;
  ev::CertificateIssued* c = event.mutable_certificate_issued();
  c->set_number("S000037000001263000001");
  c->set_id_number("34052419800101001X");
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  c->set_district_code("370202");
  c->set_industry_chain_code("IC07");
  *c->mutable_issue_date() = MakeDate(2026, 5, 20);
  const auto commands = CommandsForEvaluationEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kAddFact);
  EXPECT_EQ(commands[0].fact_key, "evaluation:cert:S000037000001263000001");
  auto count = [&](ViewUpdate::Kind kind, const std::string& indicator) {
    return std::count_if(commands[0].updates.begin(), commands[0].updates.end(),
                         [&](const ViewUpdate& u) { return u.kind == kind && u.indicator == indicator; });
  };
  EXPECT_EQ(count(ViewUpdate::Kind::kDistinct, "newly_certified_persons"), 5);
  EXPECT_EQ(count(ViewUpdate::Kind::kDistinct, "newly_certified_senior_plus"), 5);
  EXPECT_EQ(count(ViewUpdate::Kind::kFirst, "new_high_skilled_persons"), 1);
  EXPECT_EQ(count(ViewUpdate::Kind::kCount, "certificates_issued"), 5);
  EXPECT_EQ(count(ViewUpdate::Kind::kPerson, ""), 1);
}

TEST(FeedCommandsTest, JuniorAndSpecialAbilityCertificatesAreNotSeniorOrNotCertified) {
  ev::EvaluationEvent event;
  ev::CertificateIssued* c = event.mutable_certificate_issued();
  c->set_number("N1");
  c->set_id_number("P1");
  c->set_type(ev::CERTIFICATE_TYPE_SPECIAL_ABILITY);
  c->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  *c->mutable_issue_date() = MakeDate(2026, 1, 2);
  const auto commands = CommandsForEvaluationEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  for (const ViewUpdate& u : commands[0].updates) {
    EXPECT_NE(u.indicator, "newly_certified_persons");
    EXPECT_NE(u.indicator, "newly_certified_senior_plus");
    EXPECT_NE(u.indicator, "new_high_skilled_persons");
  }
}

TEST(FeedCommandsTest, RevocationRemovesTheFactAndEnterprisesAreMemberships) {
  ev::EvaluationEvent revoked;
  revoked.mutable_certificate_revoked()->set_number("N1");
  auto commands = CommandsForEvaluationEvent(revoked);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kRemoveFact);
  EXPECT_EQ(commands[0].fact_key, "evaluation:cert:N1");

  ev::EvaluationEvent enterprise;
  enterprise.mutable_enterprise_changed()->set_credit_code("C1");
  enterprise.mutable_enterprise_changed()->set_district_code("370211");
  enterprise.mutable_enterprise_changed()->set_above_designated_size(true);
  enterprise.mutable_enterprise_changed()->set_self_evaluation_eligible(true);
  commands = CommandsForEvaluationEvent(enterprise);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kMembership);
  EXPECT_EQ(commands[0].group, kEligibleEnterprises);
  EXPECT_TRUE(commands[0].present);

  ev::EvaluationEvent org;
  org.mutable_evaluation_org_changed()->set_credit_code("C1");
  org.mutable_evaluation_org_changed()->set_kind(ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION);
  org.mutable_evaluation_org_changed()->set_state(ev::FILING_STATE_SUSPENDED);
  commands = CommandsForEvaluationEvent(org);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_FALSE(commands[0].present);
}

// How many updates of `kind` on `indicator` a command carries.
long CountUpdates(const FeedCommand& command, ViewUpdate::Kind kind, const std::string& indicator) {
  return std::count_if(command.updates.begin(), command.updates.end(),
                       [&](const ViewUpdate& u) { return u.kind == kind && u.indicator == indicator; });
}

TEST(FeedCommandsTest, HighSkilledIsAKnownLevelOfThreeOrAbove) {
  ev::EvaluationEvent event;
  ev::CertificateIssued* c = event.mutable_certificate_issued();
  c->set_number("S000037000001263000009");
  c->set_id_number("P9");
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_district_code("370202");
  c->set_industry_chain_code("IC07");
  *c->mutable_issue_date() = MakeDate(2026, 5, 20);
  // 三级 counts; 首席技师 (the highest level) counts; 四级, an unspecified level and a level this
  // build does not know (a newer source) are certified but never high-skilled.
  const std::pair<int, bool> cases[] = {{common::v1::SKILL_LEVEL_3_SENIOR, true},
                                        {common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN, true},
                                        {common::v1::SKILL_LEVEL_4_INTERMEDIATE, false},
                                        {common::v1::SKILL_LEVEL_UNSPECIFIED, false},
                                        {99, false}};
  for (const auto& [level, high] : cases) {
    c->set_level(static_cast<common::v1::SkillLevel>(level));
    const auto commands = CommandsForEvaluationEvent(event);
    ASSERT_EQ(commands.size(), 1u) << level;
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kCertificatesIssued), 5) << level;
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kDistinct, ids::kNewlyCertified), 5) << level;
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kDistinct, ids::kNewlyCertifiedSenior), high ? 5 : 0)
        << level;
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kFirst, ids::kNewHighSkilled), high ? 1 : 0) << level;
  }
  ev::EvaluationEvent intro;
  ev::IntroductionRegistered* i = intro.mutable_introduction_registered();
  i->set_id("I1");
  i->set_id_number("P9");
  i->set_district_code("370211");
  *i->mutable_arrival_date() = MakeDate(2026, 7, 1);
  for (const auto& [level, high] : cases) {
    i->set_level(static_cast<common::v1::SkillLevel>(level));
    const auto commands = CommandsForEvaluationEvent(intro);
    ASSERT_EQ(commands.size(), 1u) << level;
    EXPECT_EQ(commands[0].fact_key, "evaluation:intro:I1");
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kIntroduced), 4) << level;
    EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kFirst, ids::kNewHighSkilled), high ? 1 : 0) << level;
  }
}

TEST(TrainingCommandsTest, ACompletionCountsTheTraineeSubsidisedOrNotAndFeedsTheConversion) {
  tr::TrainingEvent event;
  tr::EnrollmentCompleted* e = event.mutable_enrollment_completed();
  e->set_enrollment_id("E1");
  e->set_id_number("P1");
  e->set_occupation_code("6-18-02-04");
  e->set_district_code("370202");
  e->set_industry_chain_code("IC07");
  *e->mutable_completed_date() = MakeDate(2026, 4, 30);
  e->set_subsidised(true);
  auto commands = CommandsForTrainingEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kAddFact);
  EXPECT_EQ(commands[0].fact_key, "training:completed:E1");
  EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kTrainingCompleted), 5);
  EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kSubsidisedTraining), 5);
  EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kPerson, ""), 1);
  const auto trainee = std::find_if(commands[0].updates.begin(), commands[0].updates.end(),
                                    [](const ViewUpdate& u) { return u.kind == ViewUpdate::Kind::kTrainee; });
  ASSERT_NE(trainee, commands[0].updates.end());
  EXPECT_EQ(trainee->indicator, ids::kTrainingCertified);
  EXPECT_EQ(trainee->bucket, "6-18-02-04");
  EXPECT_EQ(trainee->score, 20260430);
  EXPECT_EQ(trainee->member, "E1");
  EXPECT_EQ(trainee->buckets, BucketsFor(MakeDate(2026, 4, 30), "370202", "IC07"));

  e->set_subsidised(false);
  commands = CommandsForTrainingEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kTrainingCompleted), 5);
  EXPECT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kSubsidisedTraining), 0);
}

TEST(TrainingCommandsTest, PaymentsCountFenAndEnrolmentsOnlyThePerson) {
  tr::TrainingEvent paid;
  tr::SubsidyClaimPaid* p = paid.mutable_subsidy_claim_paid();
  p->set_claim_id("S7");
  p->set_amount_fen(150000);
  p->set_district_code("370211");
  *p->mutable_paid_date() = MakeDate(2026, 8, 3);
  auto commands = CommandsForTrainingEvent(paid);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].fact_key, "training:paid:S7");
  ASSERT_EQ(CountUpdates(commands[0], ViewUpdate::Kind::kCount, ids::kSubsidyPaid), 4);
  for (const ViewUpdate& u : commands[0].updates) {
    EXPECT_EQ(u.amount, 150000);
  }

  tr::TrainingEvent enrolled;
  enrolled.mutable_enrollment_created()->set_enrollment_id("E2");
  enrolled.mutable_enrollment_created()->set_id_number("P2");
  enrolled.mutable_enrollment_created()->set_district_code("370211");
  commands = CommandsForTrainingEvent(enrolled);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].fact_key, "training:enrolled:E2");
  ASSERT_EQ(commands[0].updates.size(), 1u);
  EXPECT_EQ(commands[0].updates[0].kind, ViewUpdate::Kind::kPerson);
  EXPECT_EQ(commands[0].updates[0].person, "P2");
  EXPECT_EQ(commands[0].updates[0].bucket, "370211");

  EXPECT_TRUE(CommandsForTrainingEvent(tr::TrainingEvent()).empty());
}

absl::Time At(int y, int m, int d) { return absl::FromCivil(absl::CivilDay(y, m, d), BureauTimeZone()); }

TEST(IndicatorMathTest, ElapsedShareOfYear) {
  EXPECT_DOUBLE_EQ(ElapsedShareOfYear(2026, At(2026, 1, 1)), 0.0);
  EXPECT_DOUBLE_EQ(ElapsedShareOfYear(2026, At(2027, 1, 1)), 1.0);
  EXPECT_NEAR(ElapsedShareOfYear(2026, At(2026, 7, 2) + absl::Hours(12)), 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(ElapsedShareOfYear(2025, At(2026, 3, 1)), 1.0);
}

TEST(IndicatorMathTest, TargetChoiceDistrictThenCityThenSeed) {
  Catalogue catalogue({v1::SOURCE_EVALUATION});
  const v1::Indicator& ind = *catalogue.Find("newly_certified_persons");
  std::map<std::string, v1::Target> targets;
  EXPECT_EQ(ChooseTarget(ind, 2026, "", targets).origin, "seed");
  EXPECT_EQ(*ChooseTarget(ind, 2026, "", targets).value, 50000);
  EXPECT_FALSE(ChooseTarget(ind, 2026, "370202", targets).value.has_value());
  targets["newly_certified_persons|"].set_value(60000);
  targets["newly_certified_persons|370202"].set_value(6000);
  EXPECT_EQ(*ChooseTarget(ind, 2026, "", targets).value, 60000);
  EXPECT_EQ(ChooseTarget(ind, 2026, "370202", targets).origin, "district");
  EXPECT_EQ(*ChooseTarget(ind, 2026, "370202", targets).value, 6000);
  // A deadline target (2023) does not apply to earlier years.
  const v1::Indicator& coverage = *catalogue.Find("self_evaluation_coverage");
  EXPECT_FALSE(ChooseTarget(coverage, 2022, "", {}).value.has_value());
  EXPECT_TRUE(ChooseTarget(coverage, 2024, "", {}).value.has_value());
}

TEST(IndicatorMathTest, OnTrackComparesWithTheElapsedShareOfTheYear) {
  Catalogue catalogue({v1::SOURCE_EVALUATION});
  const v1::Indicator& ind = *catalogue.Find("newly_certified_persons");
  ChosenTarget target{50000.0, "seed"};
  const absl::Time mid = At(2026, 7, 2) + absl::Hours(12);  // half the year
  RawValue raw;
  raw.value = 25001;
  v1::IndicatorValue v = ComposeValue(ind, 2026, raw, target, mid);
  EXPECT_TRUE(v.on_track());
  EXPECT_NEAR(v.share_of_target(), 0.50002, 1e-9);
  EXPECT_EQ(v.year_to_date(), 25001);
  raw.value = 24000;
  EXPECT_FALSE(ComposeValue(ind, 2026, raw, target, mid).on_track());
  // A past year is judged on the full target, without a year-to-date.
  v = ComposeValue(ind, 2025, raw, target, mid);
  EXPECT_FALSE(v.on_track());
  EXPECT_FALSE(v.has_year_to_date());
}

TEST(IndicatorMathTest, ARatioIsOnTrackAgainstItsTargetNotTheElapsedShare) {
  Catalogue catalogue({v1::SOURCE_EVALUATION, v1::SOURCE_TRAINING});
  const v1::Indicator& ind = *catalogue.Find("training_certificate_conversion");
  const absl::Time mid = At(2026, 7, 2) + absl::Hours(12);
  RawValue raw = Percent(30, 100);
  v1::IndicatorValue v = ComposeValue(ind, 2026, raw, ChosenTarget{40.0, "city"}, mid);
  EXPECT_EQ(v.value(), 30);
  EXPECT_EQ(v.numerator(), 30);
  EXPECT_EQ(v.denominator(), 100);
  EXPECT_FALSE(v.on_track());  // 30 % < 40 %, although 30 > 40 x 0.5
  EXPECT_TRUE(ComposeValue(ind, 2026, Percent(41, 100), ChosenTarget{40.0, "city"}, mid).on_track());
}

TEST(IndicatorMathTest, NotConnectedHasNoValue) {
  Catalogue catalogue({v1::SOURCE_EVALUATION});
  RawValue raw;
  raw.value = 5;
  v1::IndicatorValue v = ComposeValue(*catalogue.Find("graduates"), 2026, raw, {7000.0, "seed"}, At(2026, 6, 1));
  EXPECT_FALSE(v.source_connected());
  EXPECT_FALSE(v.has_value());
  EXPECT_FALSE(v.has_on_track());
}

TEST(IndicatorMathTest, RankingOrdersByShareThenValueThenCode) {
  std::vector<v1::DistrictRankingRow> rows(4);
  rows[0].set_district_code("370203");
  rows[0].set_value(10);
  rows[1].set_district_code("370202");
  rows[1].set_value(10);
  rows[2].set_district_code("370211");
  rows[2].set_value(5);
  rows[2].set_share_of_target(0.5);
  rows[3].set_district_code("370212");
  rows[3].set_value(50);
  rows[3].set_share_of_target(0.25);
  RankRows(rows);
  EXPECT_EQ(rows[0].district_code(), "370211");
  EXPECT_EQ(rows[1].district_code(), "370212");
  EXPECT_EQ(rows[2].district_code(), "370202");
  EXPECT_EQ(rows[3].district_code(), "370203");
  EXPECT_EQ(rows[3].rank(), 4);
}

}  // namespace
}  // namespace skillbridge::aggregator

// Unit tests of the competition feed's translation into commands (domain/competition_commands.h)
// and of the evaluation side of its join: what each event counts, in which buckets, and that a
// promotion is one replaced fact per entry (a correction or a certificate moves it, never adds).

#include "services/aggregator/domain/competition_commands.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/domain/feed_commands.h"

namespace skillbridge::aggregator {
namespace {

namespace cp = ::skillbridge::competition::v1;
namespace ev = ::skillbridge::evaluation::v1;

std::vector<std::string> BucketsOf(const FeedCommand& command, ViewUpdate::Kind kind, const std::string& indicator) {
  std::vector<std::string> out;
  for (const ViewUpdate& u : command.updates) {
    if (u.kind == kind && u.indicator == indicator) {
      out.push_back(u.bucket);
    }
  }
  return out;
}

const ViewUpdate* FindUpdate(const FeedCommand& command, ViewUpdate::Kind kind) {
  const auto it = std::find_if(command.updates.begin(), command.updates.end(),
                               [kind](const ViewUpdate& u) { return u.kind == kind; });
  return it == command.updates.end() ? nullptr : &*it;
}

cp::CompetitionEvent Competition(const std::string& id, cp::CompetitionStatus status) {
  cp::CompetitionEvent e;
  cp::CompetitionChanged* c = e.mutable_competition_changed();
  c->set_competition_id(id);
  c->set_year(2026);
  c->set_level(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I);
  c->set_district_code("370211");
  c->set_status(status);
  return e;
}

cp::CompetitionEvent Promotion(const std::string& entry, cp::PromotionStatus status, const std::string& number = "") {
  cp::CompetitionEvent e;
  cp::PromotionChanged* p = e.mutable_promotion_changed();
  p->set_entry_id(entry);
  p->set_competition_id("CP0000000001");
  p->set_id_number("P1");
  p->set_year(2026);
  p->set_level(cp::COMPETITION_LEVEL_PROVINCIAL);
  p->set_district_code("370202");
  p->set_industry_chain_code("IC07");
  p->set_status(status);
  p->set_certificate_number(number);
  return e;
}

TEST(AggregatorCompetitionCommandsTest, LevelCodesAndYearOnlyBuckets) {
  EXPECT_EQ(CompetitionLevelCode(cp::COMPETITION_LEVEL_NATIONAL), "NATIONAL");
  EXPECT_EQ(CompetitionLevelCode(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II), "MUNICIPAL_CLASS_II");
  EXPECT_EQ(CompetitionLevelCode(cp::COMPETITION_LEVEL_UNSPECIFIED), "");
  EXPECT_EQ(CompetitionLevelCode(static_cast<cp::CompetitionLevel>(99)), "");
  // Every level once, in the enum's order: the buckets of the by-level breakdown.
  EXPECT_EQ(CompetitionLevelCodes(),
            (std::vector<std::string>{"WORLD", "NATIONAL", "PROVINCIAL", "MUNICIPAL_CLASS_I", "MUNICIPAL_CLASS_II",
                                      "DISTRICT", "INDUSTRY", "ENTERPRISE"}));
  EXPECT_EQ(YearOnlyBuckets(2026, "370202", "IC07", "NATIONAL"),
            (std::vector<std::string>{"2026", "2026|d:370202", "2026|c:IC07", "2026|l:NATIONAL"}));
  EXPECT_EQ(YearOnlyBuckets(2026, "", "", ""), (std::vector<std::string>{"2026"}));
  EXPECT_TRUE(YearOnlyBuckets(0, "370202", "IC07", "NATIONAL").empty());
}

TEST(AggregatorCompetitionCommandsTest, ACompetitionCountsOnceItsResultsArePublishedAndItsCancellationIsEvidence) {
  for (cp::CompetitionStatus status : {cp::COMPETITION_STATUS_DRAFT, cp::COMPETITION_STATUS_FILED,
                                       cp::COMPETITION_STATUS_OPEN, cp::COMPETITION_STATUS_CLOSED}) {
    const auto commands = CommandsForCompetitionEvent(Competition("CP1", status));
    ASSERT_EQ(commands.size(), 1u) << status;
    EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kReplaceFact) << status;
    EXPECT_EQ(commands[0].fact_key, "competition:competition:CP1");
    EXPECT_TRUE(commands[0].updates.empty()) << status;
  }
  auto commands = CommandsForCompetitionEvent(Competition("CP1", cp::COMPETITION_STATUS_RESULTS_PUBLISHED));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kReplaceFact);
  // By the organiser's district and by level; a competition has no chain.
  EXPECT_EQ(BucketsOf(commands[0], ViewUpdate::Kind::kCount, ids::kCompetitionsHeld),
            (std::vector<std::string>{"2026", "2026|d:370211", "2026|l:MUNICIPAL_CLASS_I"}));
  commands = CommandsForCompetitionEvent(Competition("CP1", cp::COMPETITION_STATUS_CANCELLED));
  ASSERT_EQ(commands.size(), 1u);
  ASSERT_EQ(commands[0].updates.size(), 1u);
  const ViewUpdate& cancelled = commands[0].updates[0];
  EXPECT_EQ(cancelled.kind, ViewUpdate::Kind::kMatchEvidence);
  EXPECT_EQ(cancelled.indicator, ids::kCompetitionParticipants);
  EXPECT_EQ(cancelled.bucket, "cancelled:CP1");
}

TEST(AggregatorCompetitionCommandsTest, AnEntryIsAPersonAndAParticipantWhileItsCompetitionIsNotCancelled) {
  cp::CompetitionEvent event;
  cp::EntryRegistered* e = event.mutable_entry_registered();
  e->set_entry_id("EN1");
  e->set_contest_id("CT1");
  e->set_competition_id("CP1");
  e->set_id_number("P1");
  e->set_year(2026);
  e->set_level(cp::COMPETITION_LEVEL_ENTERPRISE);
  e->set_industry_chain_code("IC03");
  e->set_district_code("370214");
  const auto commands = CommandsForCompetitionEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kAddFact);
  EXPECT_EQ(commands[0].fact_key, "competition:entry:EN1");
  const ViewUpdate* person = FindUpdate(commands[0], ViewUpdate::Kind::kPerson);
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->person, "P1");
  EXPECT_EQ(person->bucket, "370214");
  const ViewUpdate* claim = FindUpdate(commands[0], ViewUpdate::Kind::kMatchClaim);
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->indicator, ids::kCompetitionParticipants);
  EXPECT_EQ(claim->bucket, "cancelled:CP1");  // the same key as the competition's cancellation
  EXPECT_EQ(claim->person, "EN1");
  EXPECT_EQ(claim->amount, 0);  // counted while there is no such evidence
  EXPECT_EQ(claim->buckets, (std::vector<std::string>{"2026", "2026|d:370214", "2026|c:IC03", "2026|l:ENTERPRISE"}));
}

TEST(AggregatorCompetitionCommandsTest, APromotionIsOneReplacedFactPerEntryInItsLatestState) {
  const std::vector<std::string> buckets = {"2026", "2026|d:370202", "2026|c:IC07", "2026|l:PROVINCIAL"};
  // Granted and waiting for its certificate: a promotion, not certified.
  auto commands = CommandsForCompetitionEvent(Promotion("EN1", cp::PROMOTION_STATUS_PENDING));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kReplaceFact);
  EXPECT_EQ(commands[0].fact_key, "competition:promotion:EN1");
  EXPECT_EQ(BucketsOf(commands[0], ViewUpdate::Kind::kCount, ids::kCompetitionPromotions), buckets);
  EXPECT_EQ(FindUpdate(commands[0], ViewUpdate::Kind::kMatchClaim), nullptr);
  // Issued: the same fact, now also a claim on the certificate number.
  commands = CommandsForCompetitionEvent(Promotion("EN1", cp::PROMOTION_STATUS_ISSUED, "Y0000370000012631000001"));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].fact_key, "competition:promotion:EN1");
  EXPECT_EQ(BucketsOf(commands[0], ViewUpdate::Kind::kCount, ids::kCompetitionPromotions), buckets);
  const ViewUpdate* claim = FindUpdate(commands[0], ViewUpdate::Kind::kMatchClaim);
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->indicator, ids::kCompetitionPromotionsWithCertificate);
  EXPECT_EQ(claim->bucket, PromotionCertificateKey("Y0000370000012631000001"));
  EXPECT_EQ(claim->amount, 1);
  EXPECT_EQ(claim->buckets, buckets);
  // Refused, not eligible (e.g. after a correction): the same fact with nothing counted.
  for (cp::PromotionStatus status : {cp::PROMOTION_STATUS_REFUSED, cp::PROMOTION_STATUS_NOT_ELIGIBLE}) {
    commands = CommandsForCompetitionEvent(Promotion("EN1", status));
    ASSERT_EQ(commands.size(), 1u) << status;
    EXPECT_EQ(commands[0].kind, FeedCommand::Kind::kReplaceFact);
    EXPECT_EQ(commands[0].fact_key, "competition:promotion:EN1");
    EXPECT_TRUE(commands[0].updates.empty()) << status;
  }
}

TEST(AggregatorCompetitionCommandsTest, APublishedResultSetsThePromotionAndACorrectionAloneCountsNothing) {
  cp::CompetitionEvent published;
  cp::EntryResultPublished* r = published.mutable_entry_result_published();
  r->set_entry_id("EN2");
  r->set_year(2026);
  r->set_level(cp::COMPETITION_LEVEL_NATIONAL);
  r->set_district_code("370203");
  r->set_rank(1);
  r->set_award(cp::AWARD_GOLD);
  r->set_promotion_status(cp::PROMOTION_STATUS_PENDING);
  auto commands = CommandsForCompetitionEvent(published);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].fact_key, "competition:promotion:EN2");
  EXPECT_EQ(BucketsOf(commands[0], ViewUpdate::Kind::kCount, ids::kCompetitionPromotions),
            (std::vector<std::string>{"2026", "2026|d:370203", "2026|l:NATIONAL"}));
  r->set_promotion_status(cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  commands = CommandsForCompetitionEvent(published);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_TRUE(commands[0].updates.empty());

  cp::CompetitionEvent corrected;
  corrected.mutable_entry_result_corrected()->set_entry_id("EN2");
  corrected.mutable_entry_result_corrected()->set_award(cp::AWARD_SILVER);
  EXPECT_TRUE(CommandsForCompetitionEvent(corrected).empty());
  cp::CompetitionEvent contest;
  contest.mutable_contest_changed()->set_contest_id("CT1");
  EXPECT_TRUE(CommandsForCompetitionEvent(contest).empty());
  EXPECT_TRUE(CommandsForCompetitionEvent(cp::CompetitionEvent()).empty());
}

TEST(AggregatorCompetitionCommandsTest, OnlyCompetitionPromotionCertificatesAreEvidenceOfACertifiedPromotion) {
  ev::EvaluationEvent event;
  ev::CertificateIssued* c = event.mutable_certificate_issued();
  c->set_number("Y0000370000012631000001");
  c->set_id_number("P1");
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  c->mutable_issue_date()->set_year(2026);
  c->mutable_issue_date()->set_month(9);
  c->mutable_issue_date()->set_day(1);
  c->set_basis(ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  auto commands = CommandsForEvaluationEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  const ViewUpdate* evidence = FindUpdate(commands[0], ViewUpdate::Kind::kMatchEvidence);
  ASSERT_NE(evidence, nullptr);
  EXPECT_EQ(evidence->indicator, ids::kCompetitionPromotionsWithCertificate);
  EXPECT_EQ(evidence->bucket, PromotionCertificateKey("Y0000370000012631000001"));
  EXPECT_EQ(evidence->member, "Y0000370000012631000001");
  c->set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  commands = CommandsForEvaluationEvent(event);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(FindUpdate(commands[0], ViewUpdate::Kind::kMatchEvidence), nullptr);
}

TEST(AggregatorCompetitionCommandsTest, CatalogueNeedsCompetitionAndEvaluationForTheIntegrationFigure) {
  Catalogue competition_only({v1::SOURCE_COMPETITION});
  for (const char* id : {ids::kCompetitionsHeld, ids::kCompetitionParticipants, ids::kCompetitionPromotions}) {
    const v1::Indicator* ind = competition_only.Find(id);
    ASSERT_NE(ind, nullptr) << id;
    EXPECT_TRUE(ind->source_connected()) << id;
    EXPECT_EQ(ind->measure(), 4) << id;
    EXPECT_EQ(ind->default_target(), 0) << id;  // tracking
    EXPECT_EQ(ind->kind(), v1::INDICATOR_KIND_FLOW) << id;
  }
  EXPECT_FALSE(competition_only.Find(ids::kCompetitionsHeld)->per_industry_chain());
  EXPECT_TRUE(competition_only.Find(ids::kCompetitionParticipants)->per_industry_chain());
  EXPECT_FALSE(competition_only.Find(ids::kCompetitionPromotionIssued)->source_connected());
  EXPECT_TRUE(competition_only.Find(ids::kTalentDatabase)->source_connected());
  Catalogue both({v1::SOURCE_COMPETITION, v1::SOURCE_EVALUATION});
  const v1::Indicator* certified = both.Find(ids::kCompetitionPromotionIssued);
  EXPECT_TRUE(certified->source_connected());
  EXPECT_EQ(certified->unit(), v1::UNIT_PERCENT);
  EXPECT_EQ(certified->default_target(), 0);
}

}  // namespace
}  // namespace skillbridge::aggregator

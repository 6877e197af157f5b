// The competition recount on hand-built records: held once published, participants of competitions
// not cancelled, promotions PENDING or ISSUED, certified only with evaluation's valid promotion
// certificate, city and district values, and every entrant in the talent database.

#include "tools/reconcile/competition_tally.h"

#include "gtest/gtest.h"

namespace skillbridge::reconcile {
namespace {

namespace cp = ::skillbridge::competition::v1;

cp::Competition MakeCompetition(const std::string& id, int year, cp::CompetitionStatus status,
                                const std::string& district) {
  cp::Competition c;
  c.set_id(id);
  c.set_year(year);
  c.set_status(status);
  c.mutable_organiser()->set_district_code(district);
  return c;
}

cp::Entry MakeEntry(const std::string& id, const std::string& competition, const std::string& person, int year,
                    const std::string& district, cp::PromotionStatus promotion = cp::PROMOTION_STATUS_UNSPECIFIED,
                    const std::string& number = "") {
  cp::Entry e;
  e.set_id(id);
  e.set_competition_id(competition);
  e.mutable_person()->set_id_number(person);
  e.set_year(year);
  e.mutable_affiliation()->set_district_code(district);
  if (promotion != cp::PROMOTION_STATUS_UNSPECIFIED) {
    e.mutable_promotion()->set_status(promotion);
    e.mutable_promotion()->set_certificate_number(number);
  }
  return e;
}

TEST(ReconcileCompetitionTallyTest, CountsTheYearsFiguresByDistrictFromTheRecords) {
  const std::vector<cp::Competition> competitions = {
      MakeCompetition("CP1", 2026, cp::COMPETITION_STATUS_RESULTS_PUBLISHED, "370211"),
      MakeCompetition("CP2", 2026, cp::COMPETITION_STATUS_CANCELLED, "370202"),
      MakeCompetition("CP3", 2026, cp::COMPETITION_STATUS_RESULTS_PUBLISHED, ""),  // city-wide
      MakeCompetition("CP4", 2026, cp::COMPETITION_STATUS_CLOSED, "370202"),
      MakeCompetition("CP5", 2025, cp::COMPETITION_STATUS_RESULTS_PUBLISHED, "370211"),
  };
  const std::vector<cp::Entry> entries = {
      MakeEntry("EN1", "CP1", "P1", 2026, "370202", cp::PROMOTION_STATUS_ISSUED, "N1"),
      MakeEntry("EN2", "CP1", "P2", 2026, "370202", cp::PROMOTION_STATUS_ISSUED, "N2"),  // N2 revoked
      MakeEntry("EN3", "CP1", "P3", 2026, "370203", cp::PROMOTION_STATUS_PENDING),
      MakeEntry("EN4", "CP1", "P4", 2026, "370203", cp::PROMOTION_STATUS_NOT_ELIGIBLE),
      MakeEntry("EN5", "CP2", "P5", 2026, "370202"),                                     // cancelled competition
      MakeEntry("EN6", "CP5", "P6", 2025, "370211", cp::PROMOTION_STATUS_ISSUED, "N6"),  // other year
      MakeEntry("EN7", "CP4", "P1", 2026, "370202"),
  };
  Figures f;
  PersonsByDistrict talent;
  TallyCompetitions(competitions, entries, {"N1", "N6"}, 2026, f, talent);
  EXPECT_EQ(FigureOf(f, "competitions_held", ""), 2);
  EXPECT_EQ(FigureOf(f, "competitions_held", "370211"), 1);
  EXPECT_EQ(FigureOf(f, "competitions_held", "370202"), 0);
  EXPECT_EQ(FigureOf(f, "competition_participants", ""), 5);  // EN1-EN4, EN7
  EXPECT_EQ(FigureOf(f, "competition_participants", "370202"), 3);
  EXPECT_EQ(FigureOf(f, "competition_participants", "370203"), 2);
  EXPECT_EQ(FigureOf(f, "competition_promotions", ""), 3);  // EN1, EN2, EN3
  EXPECT_EQ(FigureOf(f, "competition_promotions", "370202"), 2);
  EXPECT_DOUBLE_EQ(FigureOf(f, "competition_promotion_certified", ""), 100.0 / 3.0);  // EN1 of 3
  EXPECT_DOUBLE_EQ(FigureOf(f, "competition_promotion_certified", "370202"), 50);
  EXPECT_DOUBLE_EQ(FigureOf(f, "competition_promotion_certified", "370203"), 0);
  EXPECT_EQ(talent[""].size(), 6u);  // P1-P6, any year, cancelled or not
  EXPECT_EQ(talent["370202"].size(), 3u);
}

TEST(ReconcileCompetitionTallyTest, NoRecordsIsZeroEverywhere) {
  Figures f;
  PersonsByDistrict talent;
  TallyCompetitions({}, {}, {}, 2026, f, talent);
  for (const char* id :
       {"competitions_held", "competition_participants", "competition_promotions", "competition_promotion_certified"}) {
    ASSERT_EQ(f.count(id), 1u) << id;
    EXPECT_EQ(FigureOf(f, id, ""), 0) << id;
  }
  EXPECT_TRUE(talent.empty());
}

}  // namespace
}  // namespace skillbridge::reconcile

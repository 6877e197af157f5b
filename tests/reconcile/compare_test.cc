// Compare: counts must be equal, ratios equal within 1e-9, a missing value is a difference, and
// only the indicators the recount has are compared.

#include "tools/reconcile/compare.h"

#include "gtest/gtest.h"

namespace skillbridge::reconcile {
namespace {

namespace agg = ::skillbridge::aggregator::v1;

void AddValue(agg::MeasureGroup* group, const std::string& id, agg::Unit unit, std::optional<double> value) {
  agg::Indicator* ind = group->add_indicators();
  ind->set_id(id);
  ind->set_unit(unit);
  agg::IndicatorValue* v = group->add_values();
  v->set_indicator_id(id);
  if (value.has_value()) {
    v->set_value(*value);
  }
}

TEST(CompareTest, CountsExactRatiosWithinToleranceMissingIsADifference) {
  agg::GetDashboardResponse city;
  agg::MeasureGroup* group = city.add_measures();
  AddValue(group, "newly_certified_persons", agg::UNIT_PERSONS, 120);
  AddValue(group, "training_certificate_conversion", agg::UNIT_PERCENT, 100.0 / 3.0);
  AddValue(group, "graduates", agg::UNIT_PERSONS, std::nullopt);  // not in the recount: skipped
  agg::GetDashboardResponse district = city;
  district.set_district_code("370202");
  district.mutable_measures(0)->mutable_values(0)->set_value(41);
  district.mutable_measures(0)->mutable_values(1)->clear_value();

  Figures recount;
  recount["newly_certified_persons"][""] = 120;
  recount["newly_certified_persons"]["370202"] = 40;
  recount["training_certificate_conversion"][""] = 100.0 * 1.0 / 3.0;
  recount["training_certificate_conversion"]["370202"] = 0;

  const std::vector<ComparedValue> rows = Compare(recount, {city, district});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].indicator, "newly_certified_persons");
  EXPECT_EQ(rows[0].district, "");
  EXPECT_TRUE(rows[0].equal);
  EXPECT_TRUE(rows[1].equal) << "a ratio computed in another order is still equal";
  EXPECT_FALSE(rows[2].equal) << "41 != 40";
  EXPECT_EQ(rows[2].aggregator, 41);
  EXPECT_EQ(rows[2].recount, 40);
  EXPECT_FALSE(rows[3].equal) << "a value missing from the dashboard is a difference";
  EXPECT_FALSE(rows[3].on_dashboard);
}

TEST(CompareTest, FigureOfAbsentIsZero) {
  Figures f;
  f["a"]["370202"] = 3;
  EXPECT_EQ(FigureOf(f, "a", "370202"), 3);
  EXPECT_EQ(FigureOf(f, "a", ""), 0);
  EXPECT_EQ(FigureOf(f, "b", ""), 0);
}

}  // namespace
}  // namespace skillbridge::reconcile

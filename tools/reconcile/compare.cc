#include "tools/reconcile/compare.h"

#include <cmath>

namespace skillbridge::reconcile {

std::vector<ComparedValue> Compare(const Figures& recount,
                                   const std::vector<aggregator::v1::GetDashboardResponse>& dashboards) {
  std::vector<ComparedValue> out;
  for (const auto& dashboard : dashboards) {
    for (const auto& group : dashboard.measures()) {
      for (int i = 0; i < group.values_size(); ++i) {
        const auto& value = group.values(i);
        if (recount.count(value.indicator_id()) == 0) {
          continue;
        }
        ComparedValue row;
        row.indicator = value.indicator_id();
        row.district = dashboard.district_code();
        row.on_dashboard = value.has_value();
        row.aggregator = value.value();
        row.recount = FigureOf(recount, row.indicator, row.district);
        const bool ratio = i < group.indicators_size() && (group.indicators(i).unit() == aggregator::v1::UNIT_PERCENT ||
                                                           group.indicators(i).unit() == aggregator::v1::UNIT_RATIO);
        row.equal = row.on_dashboard &&
                    (ratio ? std::fabs(row.aggregator - row.recount) <= 1e-9 : row.aggregator == row.recount);
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

}  // namespace skillbridge::reconcile

#pragma once
// Compare: the aggregator's dashboards side by side with a recount from the sources (recount.h),
// one row per indicator and district, for every indicator the recount has. Counts must be equal;
// ratios (percent, and plain ratios such as the wage premium) equal within 1e-9. Pure, thread-safe.

#include <string>
#include <vector>

#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::reconcile {

struct ComparedValue {
  std::string indicator;
  std::string district;  // "" = the city
  bool on_dashboard = false;
  double aggregator = 0;
  double recount = 0;
  bool equal = false;
};

// `dashboards`: GetDashboard answers of one year (the city and any districts).
std::vector<ComparedValue> Compare(const Figures& recount,
                                   const std::vector<aggregator::v1::GetDashboardResponse>& dashboards);

}  // namespace skillbridge::reconcile

#pragma once
// The aggregator's tables as sheets:
//  - the district circular (调度通报): the same rows as the aggregator's own CSV circular
//    (AggregatorHandlers::RankingCsv): a title row (调度通报, the indicator, the year), the header
//    排名, 区市代码, 区市, 完成值, 目标, 完成率(%), 进度, one row per district in the service's
//    order, and the city-wide value last;
//  - the indicator table: one row per indicator of each dashboard given (the city's, or one per
//    district), in the service's measure order: year, district, measure, indicator, unit, value,
//    target, share of target (%), progress (the service's own on-track verdict, never recomputed)
//    and a remark for indicators whose source is not connected;
//  - the industry-chain view: one row per chain, a cell left empty where the figure's source is
//    not connected (rather than a misleading 0).
// Figures as cell_format.h writes them; enum cells (the unit) by EnumCellText. Pure; thread-safe.

#include <string>
#include <vector>

#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "tools/cli/export/cell_format.h"

namespace skillbridge::cli {

SheetRows CircularRows(const aggregator::v1::GetDistrictRankingResponse& ranking);

const std::vector<std::string>& IndicatorHeader();
// The header, then the rows of each dashboard in turn.
SheetRows IndicatorRows(const std::vector<aggregator::v1::GetDashboardResponse>& dashboards);

const std::vector<std::string>& ChainHeader();
// The header, then one row per chain of `view` in its order.
SheetRows ChainRows(const aggregator::v1::GetIndustryChainViewResponse& view);

}  // namespace skillbridge::cli

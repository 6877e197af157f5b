// The aggregator's tables as exports (aggregator_exports.h).

#include "tools/cli/export/aggregator_exports.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "tools/cli/export/aggregator_fetchers.h"
#include "tools/cli/export/indicator_tables.h"
#include "tools/cli/export/profile_table.h"

namespace skillbridge::cli {

namespace agg = ::skillbridge::aggregator::v1;

namespace {

// The usage error for a missing or unknown --indicator, listing the per-district indicators (or
// saying that the list could not be read).
absl::Status IndicatorChoiceError(const Connection& aggregator, const std::string& given) {
  std::string problem = given.empty() ? "export circular needs --indicator / 调度通报需要 --indicator"
                                      : Concat("--indicator '", given, "' is not an indicator / 没有这个指标");
  absl::StatusOr<agg::ListIndicatorsResponse> indicators = FetchIndicators(aggregator);
  if (!indicators.ok()) {
    return absl::InvalidArgumentError(Concat(
        problem, " (the list of indicators could not be read: ", std::string(indicators.status().message()), ")"));
  }
  problem += "; one of / 可选:";
  for (const agg::Indicator& i : indicators->indicators()) {
    if (i.per_district()) {
      problem +=
          Concat("\n  ", i.id(), "  ", i.name_zh(), i.source_connected() ? "" : " (数据源未接入 / not connected)");
    }
  }
  return absl::InvalidArgumentError(problem);
}

}  // namespace

int YearOrCurrent(int year) { return year != 0 ? year : BureauYear(absl::Now()); }

absl::StatusOr<ExportSheet> ExportCircular(const Connection& aggregator, const ExportFilters& filters) {
  if (filters.indicator.empty()) {
    return IndicatorChoiceError(aggregator, "");
  }
  absl::StatusOr<agg::GetDistrictRankingResponse> ranking =
      FetchRanking(aggregator, YearOrCurrent(filters.year), filters.indicator);
  if (!ranking.ok()) {
    if (ranking.status().code() == absl::StatusCode::kNotFound) {
      return IndicatorChoiceError(aggregator, filters.indicator);
    }
    return ranking.status();
  }
  return ExportSheet{CircularRows(*ranking), static_cast<size_t>(ranking->rows_size()), "调度通报"};
}

absl::StatusOr<ExportSheet> ExportIndicators(const Connection& aggregator, const ExportFilters& filters) {
  const int year = YearOrCurrent(filters.year);
  std::vector<agg::GetDashboardResponse> dashboards;
  if (filters.by == "district") {
    if (!filters.district.empty()) {
      return absl::InvalidArgumentError(
          "--by=district lists every district: leave out --district / 按区市分列时不要指定 --district");
    }
    absl::StatusOr<std::vector<agg::GetDashboardResponse>> fetched = FetchDistrictDashboards(aggregator, year);
    if (!fetched.ok()) {
      return fetched.status();
    }
    dashboards = *std::move(fetched);
  } else if (filters.by.empty()) {
    absl::StatusOr<agg::GetDashboardResponse> dashboard = FetchDashboard(aggregator, year, filters.district);
    if (!dashboard.ok()) {
      return dashboard.status();
    }
    dashboards.push_back(*std::move(dashboard));
  } else {
    return absl::InvalidArgumentError(
        Concat("--by '", filters.by, "': the only split is --by=district / 仅支持 --by=district"));
  }
  ExportSheet sheet{IndicatorRows(dashboards), 0, "指标完成情况"};
  sheet.record_count = sheet.rows.size() - 1;
  return sheet;
}

absl::StatusOr<ExportSheet> ExportChains(const Connection& aggregator, const ExportFilters& filters) {
  absl::StatusOr<agg::GetIndustryChainViewResponse> view = FetchChainView(aggregator, YearOrCurrent(filters.year));
  if (!view.ok()) {
    return view.status();
  }
  if (!filters.chain.empty()) {
    auto* rows = view->mutable_rows();
    std::string known;
    for (const agg::IndustryChainRow& row : *rows) {
      known += Concat(known.empty() ? "" : ", ", row.industry_chain_code());
    }
    rows->erase(
        std::remove_if(rows->begin(), rows->end(),
                       [&](const agg::IndustryChainRow& row) { return row.industry_chain_code() != filters.chain; }),
        rows->end());
    if (rows->empty()) {
      return absl::InvalidArgumentError(
          Concat("--chain '", filters.chain, "' is not an industry chain; one of / 可选: ", known));
    }
  }
  return ExportSheet{ChainRows(*view), static_cast<size_t>(view->rows_size()), "产业链"};
}

absl::StatusOr<ExportSheet> ExportProfile(const Connection& aggregator, const ExportFilters& filters) {
  if (filters.id_number.empty()) {
    return absl::InvalidArgumentError("export profile needs --id_number / 人才档案需要 --id_number");
  }
  absl::StatusOr<agg::GetTalentProfileResponse> profile = FetchProfile(aggregator, filters.id_number);
  if (!profile.ok()) {
    return profile.status();
  }
  const size_t records = static_cast<size_t>(profile->certificates_size() + profile->trainings_size() +
                                             profile->competition_entries_size() + profile->nominations_size() +
                                             profile->bridge_applications_size() + profile->student_records_size());
  return ExportSheet{ProfileRows(*profile), records, "人才档案"};
}

}  // namespace skillbridge::cli

#pragma once
// Turning raw counts into what the dashboard shows: target choice (district target, else city
// target, else — for the city — the seed's default), share of target, year-to-date and
// on-track status (flow counts of the current year: value >= target x elapsed share of the
// year; ratios and stocks: value >= target), and the order of the district circular. Years are
// the bureau's calendar years (common/reference/bureau_calendar.h, UTC+8). Pure, thread-safe.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/util/proto_time.h"
#include "google/protobuf/timestamp.pb.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

// Share of the bureau's calendar `year` elapsed at `now` (0 before it starts, 1 after it ends).
double ElapsedShareOfYear(int year, absl::Time now);

struct ChosenTarget {
  std::optional<double> value;
  std::string origin;  // "district", "city", "seed" or ""
};

// `targets` keyed "<indicator>|<district>" (district "" = city).
ChosenTarget ChooseTarget(const v1::Indicator& indicator, int year, const std::string& district,
                          const std::map<std::string, v1::Target>& targets);

struct RawValue {
  std::optional<double> value;
  std::optional<double> numerator;
  std::optional<double> denominator;
};

// A ratio in percent (0 when the denominator is 0).
RawValue Percent(int64_t numerator, int64_t denominator);
// The ratio of two averages, (a_total / a_count) / (b_total / b_count) — the skill wage premium:
// numerator a_total / a_count, denominator b_total / b_count (each 0 when its count is 0), value
// their ratio (0 when the denominator is 0).
RawValue RatioOfAverages(int64_t a_total, int64_t a_count, int64_t b_total, int64_t b_count);

v1::IndicatorValue ComposeValue(const v1::Indicator& indicator, int year, const RawValue& raw,
                                const ChosenTarget& target, absl::Time now);

// Sorts by share of target (descending; rows without one last), then value (descending), then
// district code, and numbers the ranks 1..n.
void RankRows(std::vector<v1::DistrictRankingRow>& rows);

}  // namespace skillbridge::aggregator

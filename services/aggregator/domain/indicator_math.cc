#include "services/aggregator/domain/indicator_math.h"

#include <algorithm>

#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "google/protobuf/util/time_util.h"

namespace skillbridge::aggregator {

double ElapsedShareOfYear(int year, absl::Time now) {
  const absl::TimeZone& tz = BureauTimeZone();
  const absl::Time start = absl::FromCivil(absl::CivilYear(year), tz);
  const absl::Time end = absl::FromCivil(absl::CivilYear(year + 1), tz);
  if (now <= start) {
    return 0;
  }
  if (now >= end) {
    return 1;
  }
  return absl::FDivDuration(now - start, end - start);
}

ChosenTarget ChooseTarget(const v1::Indicator& indicator, int year, const std::string& district,
                          const std::map<std::string, v1::Target>& targets) {
  ChosenTarget out;
  if (auto it = targets.find(Concat(indicator.id(), "|", district)); it != targets.end()) {
    out.value = it->second.value();
    out.origin = district.empty() ? "city" : "district";
    return out;
  }
  if (district.empty() && indicator.default_target() > 0 &&
      (indicator.target_year() == 0 || year >= indicator.target_year())) {
    out.value = indicator.default_target();
    out.origin = "seed";
  }
  return out;
}

RawValue Percent(int64_t numerator, int64_t denominator) {
  RawValue raw;
  raw.numerator = static_cast<double>(numerator);
  raw.denominator = static_cast<double>(denominator);
  raw.value = denominator > 0 ? 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator) : 0.0;
  return raw;
}

RawValue RatioOfAverages(int64_t a_total, int64_t a_count, int64_t b_total, int64_t b_count) {
  const auto average = [](int64_t total, int64_t count) {
    return count > 0 ? static_cast<double>(total) / static_cast<double>(count) : 0.0;
  };
  RawValue raw;
  raw.numerator = average(a_total, a_count);
  raw.denominator = average(b_total, b_count);
  raw.value = *raw.denominator > 0 ? *raw.numerator / *raw.denominator : 0.0;
  return raw;
}

v1::IndicatorValue ComposeValue(const v1::Indicator& indicator, int year, const RawValue& raw,
                                const ChosenTarget& target, absl::Time now) {
  v1::IndicatorValue out;
  out.set_indicator_id(indicator.id());
  out.set_source_connected(indicator.source_connected());
  *out.mutable_as_of() = ToTimestamp(now);
  if (target.value.has_value()) {
    out.set_target(*target.value);
    out.set_target_origin(target.origin);
  }
  if (!indicator.source_connected() || !raw.value.has_value()) {
    return out;
  }
  const double value = *raw.value;
  out.set_value(value);
  if (raw.numerator.has_value()) {
    out.set_numerator(*raw.numerator);
  }
  if (raw.denominator.has_value()) {
    out.set_denominator(*raw.denominator);
  }
  const int current = BureauYear(now);
  const bool flow = indicator.kind() == v1::INDICATOR_KIND_FLOW;
  if (flow && year == current) {
    out.set_year_to_date(value);
  }
  if (target.value.has_value() && *target.value > 0) {
    out.set_share_of_target(value / *target.value);
    const bool ratio = indicator.unit() == v1::UNIT_PERCENT || indicator.unit() == v1::UNIT_RATIO;
    if (flow && !ratio) {
      if (year <= current) {
        out.set_on_track(value >= *target.value * ElapsedShareOfYear(year, now));
      }
    } else {
      out.set_on_track(value >= *target.value);
    }
  }
  return out;
}

void RankRows(std::vector<v1::DistrictRankingRow>& rows) {
  std::sort(rows.begin(), rows.end(), [](const v1::DistrictRankingRow& a, const v1::DistrictRankingRow& b) {
    if (a.has_share_of_target() != b.has_share_of_target()) {
      return a.has_share_of_target();
    }
    if (a.has_share_of_target() && a.share_of_target() != b.share_of_target()) {
      return a.share_of_target() > b.share_of_target();
    }
    if (a.value() != b.value()) {
      return a.value() > b.value();
    }
    return a.district_code() < b.district_code();
  });
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].set_rank(static_cast<int>(i + 1));
  }
}

}  // namespace skillbridge::aggregator

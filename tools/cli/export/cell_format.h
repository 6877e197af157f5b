#pragma once
// How the exports write values into cells, the same way in every table: dates as YYYY-MM-DD,
// instants as the bureau's day (UTC+8), figures as the aggregator's own CSV circular writes them
// (whole numbers without decimals, others with two), shares of target as percentages, money in
// yuan with two decimals, yes/no in Chinese, and enum names the services send as text without
// their prefix ("VALID", "GOLD") as the Chinese label of the full value name. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/timestamp.pb.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::cli {

// A sheet as the exports build it: rows of UTF-8 cells, the header (or title) first.
using SheetRows = std::vector<std::vector<std::string>>;

// "2026-05-20"; "" for an unset date (all zero).
std::string DateCell(const common::v1::Date& date);
// The bureau's day of `time` as YYYY-MM-DD; "" for an unset timestamp (0).
std::string TimestampDayCell(const google::protobuf::Timestamp& time);
// "20000" for whole numbers, "12.35" otherwise (two decimals).
std::string NumberCell(double value);
// NumberCell of the value, or "" when absent.
std::string OptionalNumberCell(std::optional<double> value);
// A share of target (0.4567) as a percentage rounded to two decimals: "45.67".
std::string PercentCell(double share);
// Fen as yuan: 123450 → "1234.50", -5 → "-0.05".
std::string YuanCell(int64_t fen);
// "是" or "否".
std::string YesNoCell(bool yes);
// The circular's progress words: "达到进度" (on track), "落后进度" (behind), "" (no verdict).
std::string OnTrackCell(std::optional<bool> on_track);
// The Chinese label of `prefix` + `short_name` ("CERTIFICATE_STATUS_" + "VALID" → 有效), or
// `short_name` as it is when there is none.
std::string ShortEnumNameCell(std::string_view prefix, std::string_view short_name);

}  // namespace skillbridge::cli

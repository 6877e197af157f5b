// Cell formatting shared by the export tables (cell_format.h).

#include "tools/cli/export/cell_format.h"

#include <cmath>
#include <cstdio>

#include "absl/time/time.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

std::string DateCell(const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return "";
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return text;
}

std::string TimestampDayCell(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) {
    return "";
  }
  return DateCell(ToDate(BureauDay(FromTimestamp(time))));
}

std::string NumberCell(double value) {
  char text[64];
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof(text), "%.0f", value);
  } else {
    std::snprintf(text, sizeof(text), "%.2f", value);
  }
  return text;
}

std::string OptionalNumberCell(std::optional<double> value) {
  return value.has_value() ? NumberCell(*value) : std::string();
}

std::string PercentCell(double share) { return NumberCell(std::round(share * 10000) / 100); }

std::string YuanCell(int64_t fen) {
  const uint64_t magnitude = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  char cents[8];
  std::snprintf(cents, sizeof(cents), "%02u", static_cast<unsigned>(magnitude % 100));
  return Concat(fen < 0 ? "-" : "", std::to_string(magnitude / 100), ".", std::string_view(cents));
}

std::string YesNoCell(bool yes) { return yes ? "是" : "否"; }

std::string OnTrackCell(std::optional<bool> on_track) {
  if (!on_track.has_value()) {
    return "";
  }
  return *on_track ? "达到进度" : "落后进度";
}

std::string ShortEnumNameCell(std::string_view prefix, std::string_view short_name) {
  if (short_name.empty()) {
    return "";
  }
  const std::string_view label = ChineseLabel(Concat(prefix, short_name));
  return label.empty() ? std::string(short_name) : std::string(label);
}

}  // namespace skillbridge::cli

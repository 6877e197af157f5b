#pragma once
// The indicator table of `skillbridge dashboard` as terminal text: a title (year, the city or the
// district, the day of the figures, the share of the year elapsed), then one line per indicator
// in the service's measure order — 措施 (on the first line of its measure), 指标, 完成值, 目标,
// 完成率, 进度 — with columns aligned by display width (display_width.h), and a last line naming
// the sources that are not connected or not healthy. 进度 is the service's own verdict
// (IndicatorValue.on_track), never recomputed: 达标 on track, 落后 behind, or why there is none
// (未接入 not connected, 无目标 no target). With `color`, the verdict is green (on track) or
// red (behind) in ANSI colours. Pure; thread-safe.

#include <string>

#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::cli {

std::string RenderDashboard(const aggregator::v1::GetDashboardResponse& dashboard, bool color);

// Whether to colour: stdout is a terminal and NO_COLOR is unset (https://no-color.org).
bool ShouldColor(bool stdout_is_terminal, const char* no_color_env);

}  // namespace skillbridge::cli

// The terminal dashboard (dashboard_view.h).

#include "tools/cli/export/dashboard_view.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "common/util/concat.h"
#include "tools/cli/export/cell_format.h"
#include "tools/cli/table/display_width.h"

namespace skillbridge::cli {

namespace agg = ::skillbridge::aggregator::v1;

namespace {

constexpr char kGreen[] = "\x1b[32m";
constexpr char kRed[] = "\x1b[31m";
constexpr char kReset[] = "\x1b[0m";
constexpr char kGap[] = "  ";

// A figure in its unit: percentages with "%", money (fen) in yuan.
std::string Figure(double value, agg::Unit unit) {
  if (unit == agg::UNIT_PERCENT) return NumberCell(value) + "%";
  if (unit == agg::UNIT_FEN) return YuanCell(std::llround(value)) + " 元";
  return NumberCell(value);
}

struct Line {
  std::string measure;
  std::string indicator;
  std::string value;
  std::string target;
  std::string share;
  std::string verdict;
  int tone = 0;  // 1 on track (green), -1 behind (red), 0 none
};

Line LineOf(const agg::Indicator& indicator, const agg::IndicatorValue* v) {
  Line line;
  line.indicator = indicator.name_zh();
  if (v != nullptr && v->has_target()) line.target = Figure(v->target(), indicator.unit());
  if (v == nullptr || !v->source_connected()) {
    line.verdict = "未接入 not connected";
    return line;
  }
  if (v->has_value()) line.value = Figure(v->value(), indicator.unit());
  if (v->has_share_of_target()) line.share = PercentCell(v->share_of_target()) + "%";
  if (v->has_on_track()) {
    line.verdict = v->on_track() ? "达标 on track" : "落后 behind";
    line.tone = v->on_track() ? 1 : -1;
  } else if (!v->has_target()) {
    line.verdict = "无目标 no target";
  }
  return line;
}

}  // namespace

bool ShouldColor(bool stdout_is_terminal, const char* no_color_env) {
  return stdout_is_terminal && (no_color_env == nullptr || no_color_env[0] == '\0');
}

std::string RenderDashboard(const agg::GetDashboardResponse& dashboard, bool color) {
  std::vector<Line> lines;
  for (const agg::MeasureGroup& group : dashboard.measures()) {
    std::map<std::string, const agg::IndicatorValue*> values;
    for (const agg::IndicatorValue& v : group.values()) values[v.indicator_id()] = &v;
    bool first = true;
    for (const agg::Indicator& indicator : group.indicators()) {
      const auto found = values.find(indicator.id());
      Line line = LineOf(indicator, found == values.end() ? nullptr : found->second);
      if (first) line.measure = Concat(group.measure().number(), " ", group.measure().name_zh());
      first = false;
      lines.push_back(std::move(line));
    }
  }
  Line header{"措施 measure", "指标 indicator", "完成值 value", "目标 target", "完成率 share", "进度 status", 0};
  size_t widths[5] = {0, 0, 0, 0, 0};
  const auto widen = [&widths](const Line& l) {
    const std::string* cells[5] = {&l.measure, &l.indicator, &l.value, &l.target, &l.share};
    for (int i = 0; i < 5; ++i) widths[i] = std::max(widths[i], DisplayWidth(*cells[i]));
  };
  widen(header);
  for (const Line& line : lines) widen(line);

  const std::string place = dashboard.district_code().empty()
                                ? "全市 the city"
                                : Concat(dashboard.district_name(), " ", dashboard.district_code());
  std::string out = Concat(dashboard.year(), "年 ", place, " 指标完成情况 / indicators");
  const std::string day = TimestampDayCell(dashboard.as_of());
  if (!day.empty())
    out +=
        Concat("（截至 as of ", day, "，全年进度 year elapsed ", PercentCell(dashboard.elapsed_share_of_year()), "%）");
  out += "\n\n";
  const auto render = [&](const Line& l) {
    std::string text = Concat(PadRight(l.measure, widths[0]), kGap, PadRight(l.indicator, widths[1]), kGap,
                              PadLeft(l.value, widths[2]), kGap, PadLeft(l.target, widths[3]), kGap,
                              PadLeft(l.share, widths[4]), kGap);
    if (color && l.tone != 0) {
      text += Concat(l.tone > 0 ? kGreen : kRed, l.verdict, kReset);
    } else {
      text += l.verdict;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  out += render(header);
  for (const Line& line : lines) out += render(line);

  std::string missing;
  for (const agg::SourceStatus& s : dashboard.sources()) {
    if (!s.connected()) {
      missing += Concat(missing.empty() ? "" : ", ", s.source(), " (未接入 not connected)");
    } else if (!s.healthy()) {
      missing += Concat(missing.empty() ? "" : ", ", s.source(), " (异常 unhealthy", s.last_error().empty() ? "" : ": ",
                        s.last_error(), ")");
    }
  }
  if (!missing.empty()) out += Concat("\n数据源 sources: ", missing, "\n");
  return out;
}

}  // namespace skillbridge::cli

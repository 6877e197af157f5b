// The circular, indicator and industry-chain sheets (indicator_tables.h).

#include "tools/cli/export/indicator_tables.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/util/concat.h"
#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

namespace agg = ::skillbridge::aggregator::v1;

namespace {

template <typename Message>
std::optional<double> Target(const Message& m) {
  return m.has_target() ? std::optional<double>(m.target()) : std::nullopt;
}
template <typename Message>
std::string Share(const Message& m) {
  return m.has_share_of_target() ? PercentCell(m.share_of_target()) : std::string();
}
template <typename Message>
std::optional<bool> OnTrack(const Message& m) {
  return m.has_on_track() ? std::optional<bool>(m.on_track()) : std::nullopt;
}

std::string Count(bool connected, int64_t value) { return connected ? std::to_string(value) : std::string(); }

}  // namespace

SheetRows CircularRows(const agg::GetDistrictRankingResponse& ranking) {
  SheetRows rows;
  rows.push_back({"调度通报", ranking.indicator().name_zh(), Concat(ranking.year(), "年")});
  rows.push_back({"排名", "区市代码", "区市", "完成值", "目标", "完成率(%)", "进度"});
  for (const agg::DistrictRankingRow& row : ranking.rows()) {
    rows.push_back({std::to_string(row.rank()), row.district_code(), row.district_name(), NumberCell(row.value()),
                    OptionalNumberCell(Target(row)), Share(row), OnTrackCell(OnTrack(row))});
  }
  rows.push_back({"", "", "全市", NumberCell(ranking.city_value()), "", "", ""});
  return rows;
}

const std::vector<std::string>& IndicatorHeader() {
  static const auto* header =
      new std::vector<std::string>{"年度", "区市代码", "区市", "措施序号",  "措施", "指标编号", "指标名称",
                                   "单位", "完成值",   "目标", "完成率(%)", "进度", "备注"};
  return *header;
}

SheetRows IndicatorRows(const std::vector<agg::GetDashboardResponse>& dashboards) {
  SheetRows rows;
  rows.push_back(IndicatorHeader());
  for (const agg::GetDashboardResponse& dashboard : dashboards) {
    const std::string district_name =
        dashboard.district_code().empty() && dashboard.district_name().empty() ? "全市" : dashboard.district_name();
    for (const agg::MeasureGroup& group : dashboard.measures()) {
      std::map<std::string, const agg::IndicatorValue*> values;
      for (const agg::IndicatorValue& v : group.values()) {
        values[v.indicator_id()] = &v;
      }
      for (const agg::Indicator& indicator : group.indicators()) {
        const auto found = values.find(indicator.id());
        const agg::IndicatorValue* v = found == values.end() ? nullptr : found->second;
        const bool connected = v != nullptr ? v->source_connected() : indicator.source_connected();
        rows.push_back({
            std::to_string(dashboard.year()),
            dashboard.district_code(),
            district_name,
            std::to_string(group.measure().number()),
            group.measure().name_zh(),
            indicator.id(),
            indicator.name_zh(),
            EnumCellText(*agg::Unit_descriptor(), indicator.unit()),
            v != nullptr && v->has_value() ? NumberCell(v->value()) : std::string(),
            v != nullptr ? OptionalNumberCell(Target(*v)) : std::string(),
            v != nullptr ? Share(*v) : std::string(),
            v != nullptr ? OnTrackCell(OnTrack(*v)) : std::string(),
            connected ? std::string() : "数据源未接入",
        });
      }
    }
  }
  return rows;
}

const std::vector<std::string>& ChainHeader() {
  static const auto* header = new std::vector<std::string>{
      "产业链代码",        "产业链",     "重点产业链",           "发证数",         "取证人数",
      "新增高技能人才",    "培训人次",   "补贴性培训人次",       "培训后取证人数", "培训取证转化率(%)",
      "技工院校毕业生",    "产业工人数", "每千名产业工人取证数", "竞赛参赛人次",   "竞赛晋升人数",
      "竞赛晋升已取证人数"};
  return *header;
}

SheetRows ChainRows(const agg::GetIndustryChainViewResponse& view) {
  const auto connected = [&view](std::string_view source) {
    return std::find(view.sources_not_connected().begin(), view.sources_not_connected().end(), source) ==
           view.sources_not_connected().end();
  };
  const bool evaluation = connected("evaluation");
  const bool training = connected("training");
  SheetRows rows;
  rows.push_back(ChainHeader());
  for (const agg::IndustryChainRow& r : view.rows()) {
    const auto optional_count = [](bool has, int64_t value) { return has ? std::to_string(value) : std::string(); };
    rows.push_back({
        r.industry_chain_code(),
        r.industry_chain_name(),
        YesNoCell(r.key_chain()),
        Count(evaluation, r.certificates()),
        Count(evaluation, r.certified_persons()),
        Count(evaluation, r.new_high_skilled_persons()),
        Count(training, r.trainees()),
        Count(training, r.subsidised_trainees()),
        optional_count(r.has_trainees_certified(), r.trainees_certified()),
        r.has_training_conversion_percent() ? NumberCell(r.training_conversion_percent()) : std::string(),
        optional_count(r.has_graduates(), r.graduates()),
        optional_count(r.has_workforce(), r.workforce()),
        r.has_certificates_per_thousand_workforce() ? NumberCell(r.certificates_per_thousand_workforce())
                                                    : std::string(),
        optional_count(r.has_competition_participants(), r.competition_participants()),
        optional_count(r.has_competition_promotions(), r.competition_promotions()),
        optional_count(r.has_competition_promotions_certified(), r.competition_promotions_certified()),
    });
  }
  return rows;
}

}  // namespace skillbridge::cli

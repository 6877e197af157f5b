// The export kinds and running one (exporter.h).

#include "tools/cli/export/exporter.h"

#include <algorithm>
#include <utility>

#include "common/util/concat.h"
#include "tools/cli/export/aggregator_exports.h"
#include "tools/cli/export/record_exports.h"

namespace skillbridge::cli {

namespace {

// The filters given, by flag name.
std::vector<std::pair<std::string_view, bool>> GivenFilters(const ExportFilters& f) {
  return {{"year", f.year != 0},
          {"district", !f.district.empty()},
          {"indicator", !f.indicator.empty()},
          {"by", !f.by.empty()},
          {"chain", !f.chain.empty()},
          {"id_number", !f.id_number.empty()},
          {"level", !f.level.empty()},
          {"type", !f.type.empty()},
          {"status", !f.status.empty()},
          {"issuer_credit_code", !f.issuer_credit_code.empty()},
          {"course_id", !f.course.empty()},
          {"institution", !f.institution.empty()}};
}

std::string FlagList(const std::vector<std::string_view>& names) {
  std::string list;
  for (const std::string_view name : names) {
    list += Concat(list.empty() ? "" : " ", "--", name);
  }
  return list;
}

}  // namespace

const std::vector<ExportKind>& ExportKinds() {
  static const auto* kinds = new std::vector<ExportKind>{
      {"certificates",
       "证书",
       "certificates by filter (importable back with `skillbridge import certificates`)",
       "evaluation",
       {"year", "district", "level", "type", "status", "issuer_credit_code", "id_number"},
       ExportCertificates},
      {"enrolments",
       "培训报名",
       "training enrolments",
       "training",
       {"year", "district", "status", "course_id", "institution", "id_number"},
       ExportEnrollments},
      {"claims",
       "培训补贴申请",
       "training subsidy claims",
       "training",
       {"year", "district", "status", "institution", "id_number"},
       ExportSubsidyClaims},
      {"circular",
       "调度通报",
       "the district circular: districts ranked by one indicator",
       "aggregator",
       {"year", "indicator"},
       ExportCircular},
      {"indicators",
       "指标完成情况",
       "the indicator table of the city, a district, or every district (--by=district)",
       "aggregator",
       {"year", "district", "by"},
       ExportIndicators},
      {"chains", "产业链人才供给", "the industry-chain view", "aggregator", {"year", "chain"}, ExportChains},
      {"profile",
       "人才档案",
       "one person's talent profile, masked as the caller's role requires",
       "aggregator",
       {"id_number"},
       ExportProfile},
  };
  return *kinds;
}

std::string ExportKindList() {
  std::string text = "skillbridge export <kind> --out=<file.csv|file.xlsx|-> [--encoding=gbk] / 导出类型:\n";
  for (const ExportKind& kind : ExportKinds()) {
    text += Concat("  ", kind.name, std::string(kind.name.size() < 13 ? 13 - kind.name.size() : 1, ' '), kind.zh, " / ",
                   kind.en, "\n", std::string(15, ' '), "filters / 筛选: ", FlagList(kind.filters), "\n");
  }
  return text;
}

absl::StatusOr<ExportSheet> RunExportKind(std::string_view kind, const ExportFilters& filters,
                                          const Connector& connect) {
  const auto found =
      std::find_if(ExportKinds().begin(), ExportKinds().end(), [&](const ExportKind& k) { return k.name == kind; });
  if (found == ExportKinds().end()) {
    std::string list;
    for (const ExportKind& k : ExportKinds()) list += Concat(list.empty() ? "" : ", ", k.name);
    return absl::InvalidArgumentError(
        Concat("unknown export kind '", kind, "' (", list, "; see skillbridge export list) / 没有这种导出类型"));
  }
  for (const auto& [flag, given] : GivenFilters(filters)) {
    if (given && std::find(found->filters.begin(), found->filters.end(), flag) == found->filters.end()) {
      return absl::InvalidArgumentError(Concat("--", flag, " does not apply to export ", kind, " (it takes ",
                                               FlagList(found->filters), ") / 该导出类型不支持 --", flag));
    }
  }
  absl::StatusOr<Connection> connection = connect(found->service);
  if (!connection.ok()) {
    return connection.status();
  }
  return found->build(*connection, filters);
}

}  // namespace skillbridge::cli

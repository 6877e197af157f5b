// The flags of `skillbridge export` and `skillbridge dashboard` (export_flags.h).

#include "tools/cli/export/export_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, out, "", "export: the file to write, .csv or .xlsx; - for CSV on stdout / 导出文件");
ABSL_FLAG(std::string, encoding, "",
          "CSV text encoding: utf-8 or gbk (export default: UTF-8 with BOM; import default: detected) / CSV 编码");
ABSL_FLAG(int, year, 0, "export, dashboard: the year (records: any when 0; indicators: the current year) / 年度");
ABSL_FLAG(std::string, district, "",
          "export, dashboard: district code, e.g. 370202 (default: all / the city) / 区市代码");
ABSL_FLAG(std::string, indicator, "", "export circular: the indicator id / 调度通报的指标编号");
ABSL_FLAG(std::string, by, "", "export indicators: 'district' for one block per district / 按区市分列");
ABSL_FLAG(std::string, chain, "", "export chains: one industry chain's code, e.g. IC07 / 产业链代码");
ABSL_FLAG(std::string, level, "", "export: skill level, e.g. 三级 / 等级");
ABSL_FLAG(std::string, type, "", "export certificates: certificate type, e.g. 职业技能等级 / 证书类型");
ABSL_FLAG(std::string, status, "", "export: status or state, e.g. 有效, 已结业, 已拨付 / 状态");
ABSL_FLAG(std::string, issuer_credit_code, "",
          "certificates: the issuing organisation's credit code (export: a filter; import: for rows without one) / "
          "发证机构统一社会信用代码");
ABSL_FLAG(std::string, institution, "",
          "export enrolments, claims: training institution's credit code / 培训机构统一社会信用代码");

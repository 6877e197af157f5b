#pragma once
// The certificates export: one row per certificate, the columns `skillbridge import
// certificates` reads first (证书编号, 姓名, 身份证号, 证书类型, 评价方式, 职业编码, 等级,
// 发证机构统一社会信用代码, 产业链, 发证日期), so an export imports back into an empty store as
// it was; then the columns the import ignores (职业名称, 发证机构名称, 区市代码, 状态, 撤销原因).
// Enum cells are their Chinese labels (enum_labels.h), dates YYYY-MM-DD. ID numbers are written
// as the service sent them: masked for callers it masks them for, never unmasked here.
// Pure; thread-safe.

#include <string>
#include <vector>

#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "tools/cli/export/cell_format.h"

namespace skillbridge::cli {

// The header row.
const std::vector<std::string>& CertificateHeader();

// One certificate's row.
std::vector<std::string> CertificateRow(const evaluation::v1::Certificate& certificate);
// The header, then one row per certificate in the order given.
SheetRows CertificateRows(const std::vector<evaluation::v1::Certificate>& certificates);

}  // namespace skillbridge::cli

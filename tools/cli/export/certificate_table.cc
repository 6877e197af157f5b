// The certificates export's rows (certificate_table.h).

#include "tools/cli/export/certificate_table.h"

#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

namespace ev = ::skillbridge::evaluation::v1;

const std::vector<std::string>& CertificateHeader() {
  static const auto* header =
      new std::vector<std::string>{// What the import reads, in its order.
                                   "证书编号", "姓名", "身份证号", "证书类型", "评价方式", "职业编码", "等级",
                                   "发证机构统一社会信用代码", "产业链", "发证日期",
                                   // Information only.
                                   "职业名称", "发证机构名称", "区市代码", "状态", "撤销原因"};
  return *header;
}

std::vector<std::string> CertificateRow(const ev::Certificate& c) {
  return {
      c.number(),
      c.person().name(),
      c.person().id_number(),
      EnumCellText(*ev::CertificateType_descriptor(), c.type()),
      EnumCellText(*ev::CertificateBasis_descriptor(), c.basis()),
      c.occupation_code(),
      EnumCellText(*common::v1::SkillLevel_descriptor(), c.level()),
      c.issuer().credit_code(),
      c.industry_chain_code(),
      DateCell(c.issue_date()),
      c.occupation_name(),
      c.issuer().name(),
      c.issuer().district_code(),
      EnumCellText(*ev::CertificateStatus_descriptor(), c.status()),
      c.revoke_reason(),
  };
}

SheetRows CertificateRows(const std::vector<ev::Certificate>& certificates) {
  SheetRows rows;
  rows.reserve(certificates.size() + 1);
  rows.push_back(CertificateHeader());
  for (const ev::Certificate& c : certificates) {
    rows.push_back(CertificateRow(c));
  }
  return rows;
}

}  // namespace skillbridge::cli

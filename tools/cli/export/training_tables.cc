// The enrolment and subsidy-claim exports' rows (training_tables.h).

#include "tools/cli/export/training_tables.h"

#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

namespace tr = ::skillbridge::training::v1;

namespace {

std::string Level(common::v1::SkillLevel level) { return EnumCellText(*common::v1::SkillLevel_descriptor(), level); }
std::string Programme(tr::Programme programme) { return EnumCellText(*tr::Programme_descriptor(), programme); }
std::string YearCell(int year) { return year == 0 ? std::string() : std::to_string(year); }

}  // namespace

const std::vector<std::string>& EnrollmentHeader() {
  static const auto* header = new std::vector<std::string>{
      "报名编号", "课程编号",     "姓名",     "身份证号", "报名日期",    "培训机构统一社会信用代码",
      "区市代码", "培训项目类型", "职业编码", "等级",     "产业链",      "年度",
      "状态",     "结业日期",     "学时",     "退出原因", "补贴申请编号"};
  return *header;
}

std::vector<std::string> EnrollmentRow(const tr::Enrollment& e) {
  return {
      e.id(),
      e.course_id(),
      e.person().name(),
      e.person().id_number(),
      DateCell(e.enrolled_date()),
      e.institution_credit_code(),
      e.district_code(),
      Programme(e.programme()),
      e.occupation_code(),
      Level(e.level()),
      e.industry_chain_code(),
      YearCell(e.course_year()),
      EnumCellText(*tr::EnrollmentState_descriptor(), e.state()),
      DateCell(e.completed_date()),
      e.hours() == 0 ? std::string() : std::to_string(e.hours()),
      e.drop_reason(),
      e.claim_id(),
  };
}

SheetRows EnrollmentRows(const std::vector<tr::Enrollment>& enrollments) {
  SheetRows rows;
  rows.reserve(enrollments.size() + 1);
  rows.push_back(EnrollmentHeader());
  for (const tr::Enrollment& e : enrollments) {
    rows.push_back(EnrollmentRow(e));
  }
  return rows;
}

const std::vector<std::string>& SubsidyClaimHeader() {
  static const auto* header = new std::vector<std::string>{
      "申请编号",     "报名编号", "课程编号",     "姓名",      "身份证号", "培训机构统一社会信用代码",
      "培训机构名称", "区市代码", "培训项目类型", "职业编码",  "等级",     "产业链",
      "证书编号",     "发证日期", "补贴金额(元)", "申报年度",  "状态",     "申报日期",
      "审核日期",     "审核意见", "拨付日期",     "拨付凭证号"};
  return *header;
}

std::vector<std::string> SubsidyClaimRow(const tr::SubsidyClaim& c) {
  return {
      c.id(),
      c.enrollment_id(),
      c.course_id(),
      c.person().name(),
      c.person().id_number(),
      c.institution().credit_code(),
      c.institution().name(),
      c.institution().district_code(),
      Programme(c.programme()),
      c.occupation_code(),
      Level(c.level()),
      c.industry_chain_code(),
      c.certificate_number(),
      DateCell(c.certificate_issue_date()),
      YuanCell(c.amount_fen()),
      YearCell(c.claim_year()),
      EnumCellText(*tr::ClaimState_descriptor(), c.state()),
      DateCell(c.submit_date()),
      DateCell(c.decide_date()),
      c.decision_reason(),
      DateCell(c.paid_date()),
      c.payment_reference(),
  };
}

SheetRows SubsidyClaimRows(const std::vector<tr::SubsidyClaim>& claims) {
  SheetRows rows;
  rows.reserve(claims.size() + 1);
  rows.push_back(SubsidyClaimHeader());
  for (const tr::SubsidyClaim& c : claims) {
    rows.push_back(SubsidyClaimRow(c));
  }
  return rows;
}

}  // namespace skillbridge::cli

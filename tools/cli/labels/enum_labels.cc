// Chinese labels of the API's enum values and reading them back (enum_labels.h).

#include "tools/cli/labels/enum_labels.h"

#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "common/util/concat.h"
#include "tools/cli/table/cell_values.h"

namespace skillbridge::cli {
namespace {

// Value name → label. The labels of values the protos comment in Chinese are those comments; the
// others are the words of the plan and of the bureau's forms.
const std::unordered_map<std::string_view, std::string_view>& Labels() {
  static const auto* labels = new std::unordered_map<std::string_view, std::string_view>{
      // aggregator
      {"UNIT_PERSONS", "人"},
      {"UNIT_PERSON_TIMES", "人次"},
      {"UNIT_FEN", "分"},
      {"UNIT_PERCENT", "%"},
      {"UNIT_COUNT", "个"},
      {"UNIT_RATIO", "比值"},
      {"INDICATOR_KIND_FLOW", "年度增量"},
      {"INDICATOR_KIND_STOCK", "存量"},
      {"SOURCE_EVALUATION", "评价"},
      {"SOURCE_TRAINING", "培训"},
      {"SOURCE_COMPETITION", "竞赛"},
      {"SOURCE_INCENTIVE", "激励"},
      {"SOURCE_EDUCATION", "技工教育"},
      // common
      {"GENDER_MALE", "男"},
      {"GENDER_FEMALE", "女"},
      {"SKILL_LEVEL_APPRENTICE", "学徒工"},
      {"SKILL_LEVEL_5_JUNIOR", "五级/初级工"},
      {"SKILL_LEVEL_4_INTERMEDIATE", "四级/中级工"},
      {"SKILL_LEVEL_3_SENIOR", "三级/高级工"},
      {"SKILL_LEVEL_2_TECHNICIAN", "二级/技师"},
      {"SKILL_LEVEL_1_SENIOR_TECHNICIAN", "一级/高级技师"},
      {"SKILL_LEVEL_PRINCIPAL_TECHNICIAN", "特级技师"},
      {"SKILL_LEVEL_CHIEF_TECHNICIAN", "首席技师"},
      // evaluation
      {"ORG_KIND_ENTERPRISE_SELF_EVALUATION", "用人单位自主评价"},
      {"ORG_KIND_SOCIAL_TRAINING_EVALUATION", "社会培训评价组织"},
      {"ORG_KIND_TECHNICAL_SCHOOL", "技工院校"},
      {"ORG_KIND_QUALIFICATION_BODY", "职业资格实施机构"},
      {"FILING_STATE_APPLIED", "已申请"},
      {"FILING_STATE_UNDER_ASSESSMENT", "评估中"},
      {"FILING_STATE_FILED", "已备案"},
      {"FILING_STATE_SUSPENDED", "已暂停"},
      {"FILING_STATE_REVOKED", "已撤销"},
      {"CERTIFICATE_TYPE_ACCESS_QUALIFICATION", "准入类职业资格"},
      {"CERTIFICATE_TYPE_SKILL_LEVEL", "职业技能等级"},
      {"CERTIFICATE_TYPE_SPECIAL_ABILITY", "专项职业能力"},
      {"CERTIFICATE_BASIS_ASSESSMENT", "考核评价"},
      {"CERTIFICATE_BASIS_COMPETITION_PROMOTION", "竞赛晋升"},
      {"CERTIFICATE_BASIS_RECOGNITION", "认定"},
      {"CERTIFICATE_STATUS_VALID", "有效"},
      {"CERTIFICATE_STATUS_REVOKED", "已撤销"},
      {"VERIFICATION_RESULT_VALID", "有效"},
      {"VERIFICATION_RESULT_REVOKED", "已撤销"},
      {"VERIFICATION_RESULT_NOT_FOUND", "查无此证"},
      // training
      {"INSTITUTION_KIND_ENTERPRISE_TRAINING_CENTRE", "企业培训中心"},
      {"INSTITUTION_KIND_TECHNICAL_SCHOOL", "技工院校"},
      {"INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION", "社会培训机构"},
      {"INSTITUTION_KIND_PUBLIC_TRAINING_BASE", "公共实训基地"},
      {"INSTITUTION_STATUS_PENDING", "待审核"},
      {"INSTITUTION_STATUS_ACTIVE", "正常"},
      {"INSTITUTION_STATUS_SUSPENDED", "已暂停"},
      {"INSTITUTION_STATUS_REVOKED", "已撤销"},
      {"PROGRAMME_EMPLOYMENT_SKILLS", "就业技能培训"},
      {"PROGRAMME_ON_THE_JOB_UPGRADE", "岗位技能提升培训"},
      {"PROGRAMME_NEW_APPRENTICESHIP", "新型学徒制"},
      {"PROGRAMME_GOLDEN_BLUE_COLLAR", "金蓝领"},
      {"PROGRAMME_NEW_HIRE", "新录用人员岗前培训"},
      {"PROGRAMME_SPECIALISED", "专项培训"},
      {"COURSE_STATUS_OPEN", "开班"},
      {"COURSE_STATUS_CANCELLED", "已取消"},
      {"ENROLLMENT_STATE_ENROLLED", "在训"},
      {"ENROLLMENT_STATE_COMPLETED", "已结业"},
      {"ENROLLMENT_STATE_DROPPED", "已退出"},
      {"CLAIM_STATE_SUBMITTED", "已申报"},
      {"CLAIM_STATE_APPROVED", "已审核"},
      {"CLAIM_STATE_REJECTED", "已驳回"},
      {"CLAIM_STATE_PAID", "已拨付"},
      // competition
      {"COMPETITION_LEVEL_WORLD", "世界技能大赛"},
      {"COMPETITION_LEVEL_NATIONAL", "国家级"},
      {"COMPETITION_LEVEL_PROVINCIAL", "省级"},
      {"COMPETITION_LEVEL_MUNICIPAL_CLASS_I", "市级一类"},
      {"COMPETITION_LEVEL_MUNICIPAL_CLASS_II", "市级二类"},
      {"COMPETITION_LEVEL_DISTRICT", "区(市)级"},
      {"COMPETITION_LEVEL_INDUSTRY", "行业"},
      {"COMPETITION_LEVEL_ENTERPRISE", "企业"},
      {"COMPETITION_STATUS_DRAFT", "草稿"},
      {"COMPETITION_STATUS_FILED", "已备案"},
      {"COMPETITION_STATUS_OPEN", "报名中"},
      {"COMPETITION_STATUS_CLOSED", "报名截止"},
      {"COMPETITION_STATUS_RESULTS_PUBLISHED", "已公布成绩"},
      {"COMPETITION_STATUS_CANCELLED", "已取消"},
      {"CONTEST_GROUP_EMPLOYEES", "职工组"},
      {"CONTEST_GROUP_STUDENTS", "学生组"},
      {"AWARD_NONE", "未获奖"},
      {"AWARD_EXCELLENCE", "优胜奖"},
      {"AWARD_BRONZE", "铜奖/三等奖"},
      {"AWARD_SILVER", "银奖/二等奖"},
      {"AWARD_GOLD", "金奖/一等奖"},
      {"HONOUR_TITLE_MUNICIPAL_TECHNICAL_EXPERT", "青岛市技术能手"},
      {"HONOUR_TITLE_PROVINCIAL_TECHNICAL_EXPERT", "山东省技术能手"},
      {"HONOUR_TITLE_NATIONAL_TECHNICAL_EXPERT", "全国技术能手"},
      {"PROMOTION_STATUS_PENDING", "待晋升"},
      {"PROMOTION_STATUS_ISSUED", "已晋升"},
      {"PROMOTION_STATUS_REFUSED", "未予晋升"},
      {"PROMOTION_STATUS_NOT_ELIGIBLE", "不符合晋升条件"},
      // incentive
      {"HONOUR_KIND_LEADING_TALENT", "高技能领军人才"},
      {"HONOUR_KIND_MASTER_STUDIO", "技能大师工作室领办人"},
      {"HONOUR_KIND_TOP_TALENT", "拔尖人才"},
      {"HONOUR_KIND_INDUSTRY_LEADING_TALENT", "产业领军人才"},
      {"HONOUR_KIND_ZHENCHAO_AWARD", "振超技能奖"},
      {"HONOUR_KIND_QINGDAO_CRAFTSMAN", "青岛工匠"},
      {"HONOUR_KIND_OTHER", "其他"},
      {"PROGRAMME_STATUS_OPEN", "申报中"},
      {"PROGRAMME_STATUS_CLOSED", "已结束"},
      {"NOMINATION_STATUS_NOMINATED", "已推荐"},
      {"NOMINATION_STATUS_UNDER_REVIEW", "评审中"},
      {"NOMINATION_STATUS_AWARDED", "已授予"},
      {"NOMINATION_STATUS_REJECTED", "未通过"},
      {"NOMINATION_STATUS_WITHDRAWN", "已撤回"},
      {"PLATFORM_KIND_TRAINING_DEMO_BASE", "高技能人才培训示范基地"},
      {"PLATFORM_KIND_PUBLIC_TRAINING_BASE", "专项公共实训基地"},
      {"PLATFORM_KIND_MASTER_STUDIO", "技能大师工作室"},
      {"PLATFORM_LEVEL_NATIONAL", "国家级"},
      {"PLATFORM_LEVEL_PROVINCIAL", "省级"},
      {"PLATFORM_LEVEL_MUNICIPAL", "市级"},
      {"PLATFORM_STATUS_ACTIVE", "正常"},
      {"PLATFORM_STATUS_REVOKED", "已撤销"},
      {"PERFORMANCE_GRADE_EXCELLENT", "优秀"},
      {"PERFORMANCE_GRADE_GOOD", "良好"},
      {"PERFORMANCE_GRADE_PASS", "合格"},
      {"PERFORMANCE_GRADE_FAIL", "不合格"},
      {"FUNDING_STATUS_GRANTED", "已核定"},
      {"FUNDING_STATUS_PAID", "已拨付"},
      {"FUNDING_STATUS_CANCELLED", "已取消"},
      {"TITLE_SERIES_ENGINEERING", "工程系列"},
      {"TITLE_SERIES_AGRICULTURE", "农业系列"},
      {"TITLE_SERIES_TECHNICAL_SCHOOL_TEACHER", "技工院校教师系列"},
      {"TITLE_SERIES_ARTS_AND_CRAFTS", "工艺美术系列"},
      {"TITLE_GRADE_ASSISTANT", "助理级"},
      {"TITLE_GRADE_INTERMEDIATE", "中级"},
      {"TITLE_GRADE_DEPUTY_SENIOR", "副高级"},
      {"BRIDGE_STATUS_APPLIED", "已申请"},
      {"BRIDGE_STATUS_APPROVED", "已批准"},
      {"BRIDGE_STATUS_REJECTED", "未批准"},
      {"BRIDGE_STATUS_WITHDRAWN", "已撤回"},
      // education
      {"SCHOOL_KIND_TECHNICIAN_COLLEGE", "技师学院"},
      {"SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL", "高级技工学校"},
      {"SCHOOL_KIND_TECHNICAL_SCHOOL", "技工学校"},
      {"OWNERSHIP_PUBLIC", "公办"},
      {"OWNERSHIP_PRIVATE", "民办"},
      {"SCHOOL_STATUS_ACTIVE", "正常"},
      {"SCHOOL_STATUS_CLOSED", "已关闭"},
      {"FILING_STATUS_NOT_FILED", "未备案"},
      {"FILING_STATUS_PENDING", "备案中"},
      {"FILING_STATUS_FILED", "已备案"},
      {"FILING_STATUS_SUSPENDED_OR_REVOKED", "已暂停或撤销"},
      {"TRAINING_LEVEL_INTERMEDIATE", "中级工"},
      {"TRAINING_LEVEL_SENIOR", "高级工"},
      {"TRAINING_LEVEL_PRE_TECHNICIAN", "预备技师"},
      {"SPECIALTY_STATUS_ACTIVE", "正常"},
      {"SPECIALTY_STATUS_CLOSED", "已停招"},
      {"STUDENT_STATUS_ENROLLED", "在校"},
      {"STUDENT_STATUS_GRADUATED", "已毕业"},
      {"STUDENT_STATUS_WITHDRAWN", "已退学"},
      {"STUDENT_STATUS_TRANSFERRED", "已转学"},
      {"WITHDRAWAL_REASON_PERSONAL", "个人原因"},
      {"WITHDRAWAL_REASON_HEALTH", "健康原因"},
      {"WITHDRAWAL_REASON_ACADEMIC", "学业原因"},
      {"WITHDRAWAL_REASON_EMPLOYMENT", "就业"},
      {"WITHDRAWAL_REASON_MILITARY", "参军入伍"},
      {"WITHDRAWAL_REASON_DISCIPLINARY", "违纪"},
      {"WITHDRAWAL_REASON_OTHER", "其他"},
      {"EMPLOYMENT_KIND_IN_CITY", "本市就业"},
      {"EMPLOYMENT_KIND_ELSEWHERE", "外地就业"},
      {"EMPLOYMENT_KIND_FURTHER_STUDY", "升学"},
      {"EMPLOYMENT_KIND_NONE", "未就业"},
      {"REWARD_STATUS_NONE", "无"},
      {"REWARD_STATUS_GRANTED", "已核定"},
      {"REWARD_STATUS_PAID", "已拨付"},
      {"PARTNERSHIP_KIND_ORDER_CLASS", "订单班"},
      {"PARTNERSHIP_KIND_SHARED_TRAINING_BASE", "共建实训基地"},
      {"PARTNERSHIP_KIND_APPRENTICESHIP", "学徒制"},
      {"PARTNERSHIP_STATUS_ACTIVE", "合作中"},
      {"PARTNERSHIP_STATUS_ENDED", "已结束"},
  };
  return *labels;
}

// The part of the value names the enum's values share ("SKILL_LEVEL_" for SkillLevel).
std::string CommonPrefix(const google::protobuf::EnumDescriptor& type) {
  std::string prefix = type.value(0)->name();
  for (int i = 1; i < type.value_count(); ++i) {
    const std::string& name = type.value(i)->name();
    size_t n = 0;
    while (n < prefix.size() && n < name.size() && prefix[n] == name[n]) ++n;
    prefix.resize(n);
  }
  if (const size_t underscore = prefix.rfind('_'); underscore != std::string::npos) {
    prefix.resize(underscore + 1);
  } else {
    prefix.clear();
  }
  return prefix;
}

}  // namespace

std::string_view ChineseLabel(std::string_view full_name) {
  const auto it = Labels().find(full_name);
  return it == Labels().end() ? std::string_view() : it->second;
}

std::string EnumCellText(const google::protobuf::EnumDescriptor& type, int value) {
  if (value == 0) {
    return "";
  }
  const google::protobuf::EnumValueDescriptor* descriptor = type.FindValueByNumber(value);
  if (descriptor == nullptr) {
    return std::to_string(value);
  }
  const std::string_view label = ChineseLabel(descriptor->name());
  return label.empty() ? descriptor->name() : std::string(label);
}

absl::StatusOr<int> ParseEnumCell(const google::protobuf::EnumDescriptor& type, std::string_view cell) {
  const std::string text(TrimCell(cell));
  if (text.empty()) {
    return 0;
  }
  const std::string upper = absl::AsciiStrToUpper(text);
  const std::string prefix = CommonPrefix(type);
  const bool is_level = type.full_name() == "skillbridge.common.v1.SkillLevel";
  std::vector<std::string> accepted;
  for (int i = 0; i < type.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor& value = *type.value(i);
    if (value.number() == 0) {
      continue;
    }
    const std::string& name = value.name();
    const std::string_view label = ChineseLabel(name);
    if (upper == name || (name.size() > prefix.size() && upper == name.substr(prefix.size())) ||
        text == std::to_string(value.number())) {
      if (!is_level || text != std::to_string(value.number())) {
        return value.number();
      }
    }
    if (!label.empty()) {
      if (text == label) {
        return value.number();
      }
      // Either half of a label written "a/b" (三级/高级工: 三级 or 高级工).
      if (const size_t slash = label.find('/'); slash != std::string_view::npos) {
        if (text == label.substr(0, slash) || text == label.substr(slash + 1)) {
          return value.number();
        }
      }
      accepted.emplace_back(label);
    } else {
      accepted.push_back(name.substr(prefix.size()));
    }
  }
  if (is_level) {
    // The digit of the new eight levels: "3" or "3级" is 三级/高级工.
    std::string digits = text;
    if (digits.size() > 3 && digits.compare(digits.size() - 3, 3, "级") == 0) digits.resize(digits.size() - 3);
    if (digits.size() == 1 && digits[0] >= '1' && digits[0] <= '5') {
      const int digit = digits[0] - '0';
      return 7 - digit;  // 5 → SKILL_LEVEL_5_JUNIOR (2) ... 1 → SKILL_LEVEL_1_SENIOR_TECHNICIAN (6)
    }
  }
  std::string list;
  for (size_t i = 0; i < accepted.size() && i < 12; ++i) {
    list += (i == 0 ? "" : ", ") + accepted[i];
  }
  return absl::InvalidArgumentError(Concat("'", text, "' is not one of: ", list, " / 不是可选值之一"));
}

}  // namespace skillbridge::cli

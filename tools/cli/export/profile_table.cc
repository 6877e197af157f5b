// The talent profile sheet (profile_table.h).

#include "tools/cli/export/profile_table.h"

#include <string>
#include <vector>

#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

namespace agg = ::skillbridge::aggregator::v1;

namespace {

std::string Level(common::v1::SkillLevel level) { return EnumCellText(*common::v1::SkillLevel_descriptor(), level); }
std::string NonZero(int64_t value) { return value == 0 ? std::string() : std::to_string(value); }

// A section: its title row, its header, its rows (or "（无）").
template <typename Record, typename ToRow>
void AddSection(SheetRows& rows, const std::string& title, std::vector<std::string> header,
                const google::protobuf::RepeatedPtrField<Record>& records, ToRow to_row) {
  rows.push_back({});
  rows.push_back({title});
  rows.push_back(std::move(header));
  if (records.empty()) {
    rows.push_back({"（无）"});
  }
  for (const Record& record : records) {
    rows.push_back(to_row(record));
  }
}

}  // namespace

SheetRows ProfileRows(const agg::GetTalentProfileResponse& p) {
  std::string missing;
  for (const std::string& source : p.missing_sources()) {
    missing += (missing.empty() ? "" : "、") + source;
  }
  SheetRows rows = {
      {"项目", "内容"},
      {"姓名", p.person().name()},
      {"身份证号", p.person().id_number()},
      {"性别", EnumCellText(*common::v1::Gender_descriptor(), p.person().gender())},
      {"出生日期", DateCell(p.person().birth_date())},
      {"最高等级", Level(p.highest_level())},
      {"高技能人才", YesNoCell(p.high_skilled())},
      {"视图", p.masked() ? "核验视图（已遮蔽）" : "完整视图"},
      {"未应答的数据源", missing},
  };
  AddSection(rows, "【证书】",
             {"证书编号", "证书类型", "职业编码", "等级", "发证日期", "状态", "区市代码", "发证机构统一社会信用代码"},
             p.certificates(), [](const agg::ProfileCertificate& c) -> std::vector<std::string> {
               return {c.number(),
                       c.type(),
                       c.occupation_code(),
                       Level(c.level()),
                       DateCell(c.issue_date()),
                       ShortEnumNameCell("CERTIFICATE_STATUS_", c.status()),
                       c.district_code(),
                       c.issuer_credit_code()};
             });
  AddSection(rows, "【培训】",
             {"报名编号", "课程编号", "职业编码", "等级", "状态", "培训机构统一社会信用代码", "区市代码"},
             p.trainings(), [](const agg::ProfileTraining& t) -> std::vector<std::string> {
               // The state comes as the full value name (ENROLLMENT_STATE_COMPLETED).
               return {t.enrollment_id(),
                       t.course_id(),
                       t.occupation_code(),
                       Level(t.level()),
                       ShortEnumNameCell("", t.state()),
                       t.institution_credit_code(),
                       t.district_code()};
             });
  AddSection(rows, "【技能竞赛】",
             {"参赛编号", "竞赛编号", "竞赛名称", "赛项编号", "职业编码", "年度", "竞赛级别", "组别", "名次", "奖项",
              "荣誉称号", "晋升状态", "晋升等级", "晋升证书编号", "区市代码"},
             p.competition_entries(), [](const agg::ProfileCompetitionEntry& e) -> std::vector<std::string> {
               return {e.entry_id(),
                       e.competition_id(),
                       e.competition_title(),
                       e.contest_id(),
                       e.occupation_code(),
                       NonZero(e.year()),
                       ShortEnumNameCell("COMPETITION_LEVEL_", e.level()),
                       ShortEnumNameCell("CONTEST_GROUP_", e.group()),
                       NonZero(e.rank()),
                       ShortEnumNameCell("AWARD_", e.award()),
                       ShortEnumNameCell("HONOUR_TITLE_", e.honour()),
                       ShortEnumNameCell("PROMOTION_STATUS_", e.promotion_status()),
                       Level(e.target_level()),
                       e.certificate_number(),
                       e.district_code()};
             });
  AddSection(rows, "【表彰推荐】",
             {"推荐编号", "项目编号", "项目名称", "年度", "类别", "状态", "奖励金额(元)", "职业编码",
              "单位统一社会信用代码", "区市代码", "决定日期"},
             p.nominations(), [](const agg::ProfileNomination& n) -> std::vector<std::string> {
               return {n.nomination_id(),
                       n.programme_id(),
                       n.programme_title(),
                       NonZero(n.year()),
                       ShortEnumNameCell("HONOUR_KIND_", n.kind()),
                       ShortEnumNameCell("NOMINATION_STATUS_", n.status()),
                       n.award_fen() == 0 ? std::string() : YuanCell(n.award_fen()),
                       n.occupation_code(),
                       n.employer_credit_code(),
                       n.district_code(),
                       TimestampDayCell(n.decide_time())};
             });
  AddSection(rows, "【职业贯通】",
             {"申请编号", "职称系列", "职称级别", "状态", "年度", "依据技能等级", "单位统一社会信用代码", "区市代码",
              "决定日期"},
             p.bridge_applications(), [](const agg::ProfileBridgeApplication& a) -> std::vector<std::string> {
               return {a.application_id(),
                       ShortEnumNameCell("TITLE_SERIES_", a.series()),
                       ShortEnumNameCell("TITLE_GRADE_", a.grade()),
                       ShortEnumNameCell("BRIDGE_STATUS_", a.status()),
                       NonZero(a.year()),
                       Level(a.qualifying_level()),
                       a.employer_credit_code(),
                       a.district_code(),
                       TimestampDayCell(a.decide_time())};
             });
  AddSection(
      rows, "【技工院校学籍】",
      {"学籍编号", "学校统一社会信用代码", "学校", "专业代码", "专业", "区市代码", "产业链", "入学年级", "培养层次",
       "状态", "入学日期", "状态日期", "转出自", "转入至", "毕业去向", "就业单位统一社会信用代码", "就业区市代码"},
      p.student_records(), [](const agg::ProfileStudentRecord& s) -> std::vector<std::string> {
        return {s.student_id(),
                s.school_credit_code(),
                s.school_name(),
                s.specialty_code(),
                s.specialty_name(),
                s.district_code(),
                s.industry_chain_code(),
                NonZero(s.cohort()),
                ShortEnumNameCell("TRAINING_LEVEL_", s.target_level()),
                ShortEnumNameCell("STUDENT_STATUS_", s.status()),
                DateCell(s.enrol_date()),
                DateCell(s.status_date()),
                s.transferred_from(),
                s.transferred_to(),
                ShortEnumNameCell("EMPLOYMENT_KIND_", s.first_destination_kind()),
                s.employer_credit_code(),
                s.employer_district_code()};
      });
  AddSection(rows, "【数据来源应答】", {"数据源", "结果", "原因", "用时(毫秒)"}, p.answers(),
             [](const agg::SourceAnswer& a) -> std::vector<std::string> {
               return {a.source(), a.code(), a.message(), std::to_string(a.elapsed_ms())};
             });
  return rows;
}

}  // namespace skillbridge::cli

// The kinds of import and their columns (import_catalog.h). The local checks call the services'
// own validators (the evaluation, education and incentive domain rules, and the shared request
// field checks the training and competition handlers use), so a --dry-run refuses what the
// service would refuse for the row's own content.

#include "tools/cli/import/import_catalog.h"

#include <string>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/request_fields.h"
#include "services/competition/domain/result_rules.h"
#include "services/education/domain/student_rules.h"
#include "services/evaluation/domain/request_validation.h"
#include "services/incentive/domain/survey_rules.h"
#include "services/training/api/handler_support.h"
#include "skillbridge/competition/v1/competition.pb.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::cli {
namespace {

namespace pb = google::protobuf;

ImportColumn Column(std::string path, CellKind kind, std::vector<std::string> names, bool required = true,
                    std::string note = "") {
  ImportColumn column;
  column.column.field = path;
  column.column.names = std::move(names);
  column.column.required = required;
  column.path = std::move(path);
  column.kind = kind;
  column.note = std::move(note);
  return column;
}

// The person columns every import of people has.
void AddPersonColumns(std::vector<ImportColumn>& columns, const std::string& prefix = "person.") {
  columns.push_back(Column(prefix + "name", CellKind::kText, {"姓名", "name"}));
  columns.push_back(Column(prefix + "id_number", CellKind::kIdNumber,
                           {"身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number"}, true,
                           "18 位，格式设为文本 / 18 characters, column formatted as text"));
}

template <typename T>
const T& As(const pb::Message& message) {
  return static_cast<const T&>(message);
}

std::string At(std::string_view prefix, std::string_view field) {
  return prefix.empty() ? std::string(field) : Concat(prefix, ".", field);
}

ImportSpec Certificates() {
  ImportSpec spec;
  spec.kind = "certificates";
  spec.title_zh = "证书批量发放";
  spec.title_en = "bulk certificate issue";
  spec.service = "evaluation";
  spec.method = "BatchIssueCertificates";
  spec.rows_field = "certificates";
  spec.max_batch = evaluation::kMaxBatchItems;
  spec.roles = "INSTITUTION (its own filed organisation), ADMIN";
  spec.columns.push_back(Column("number", CellKind::kCode, {"证书编号", "number", "certificate_number"}, false,
                                "空则由系统生成 / generated when empty"));
  AddPersonColumns(spec.columns);
  spec.columns.push_back(Column("type", CellKind::kEnum, {"证书类型", "type"}, false,
                                "职业技能等级 / 准入类职业资格 / 专项职业能力 (default --certificate_type)"));
  spec.columns.push_back(Column("basis", CellKind::kEnum, {"评价方式", "发证依据", "basis"}, false,
                                "考核评价 / 认定 (default --certificate_basis)"));
  spec.columns.push_back(Column("occupation_code", CellKind::kCode, {"职业编码", "职业代码", "occupation_code"}));
  spec.columns.push_back(
      Column("level", CellKind::kEnum, {"等级", "技能等级", "level"}, false, "五级/初级工 … 一级/高级技师, or 5 … 1"));
  spec.columns.push_back(Column("issuer_credit_code", CellKind::kCode,
                                {"发证机构统一社会信用代码", "评价机构统一社会信用代码", "issuer_credit_code"}, false,
                                "default --issuer_credit_code"));
  spec.columns.push_back(Column("industry_chain_code", CellKind::kCode, {"产业链", "产业链代码", "industry_chain_code"},
                                false, "空则取职业默认产业链 / the occupation's default when empty"));
  spec.columns.push_back(Column("issue_date", CellKind::kDate, {"发证日期", "issue_date"}));
  spec.columns.push_back(Column("site_serial", CellKind::kText, {"考核点序号", "site_serial"}, false));
  spec.flag_values = {{"issuer_credit_code", "issuer_credit_code", CellKind::kCode, false, false},
                      {"certificate_type", "type", CellKind::kEnum, false, false},
                      {"certificate_basis", "basis", CellKind::kEnum, false, false}};
  spec.check = [](const pb::Message& row, std::string_view prefix, const LocalCheckContext& context) {
    return evaluation::ValidateDraft(As<evaluation::v1::CertificateDraft>(row), prefix,
                                     {context.reference, context.today})
        .status();
  };
  return spec;
}

ImportSpec Introductions() {
  ImportSpec spec;
  spec.kind = "introductions";
  spec.title_zh = "引进人才登记";
  spec.title_en = "talent introductions";
  spec.service = "evaluation";
  spec.method = "RegisterIntroduction";
  spec.row_field = "introduction";
  spec.roles = "DISTRICT_OFFICER (own district), ADMIN";
  AddPersonColumns(spec.columns);
  spec.columns.push_back(
      Column("employer.credit_code", CellKind::kCode, {"用人单位统一社会信用代码", "employer_credit_code"}));
  spec.columns.push_back(Column("employer.name", CellKind::kText, {"用人单位名称", "用人单位", "employer_name"}));
  spec.columns.push_back(
      Column("employer.district_code", CellKind::kCode, {"区市代码", "用人单位区市代码", "employer_district_code"}));
  spec.columns.push_back(Column("occupation_code", CellKind::kCode, {"职业编码", "职业代码", "occupation_code"}));
  spec.columns.push_back(Column("level", CellKind::kEnum, {"等级", "技能等级", "level"}));
  spec.columns.push_back(Column("outside_certificate_number", CellKind::kText,
                                {"原证书编号", "外地证书编号", "outside_certificate_number"}));
  spec.columns.push_back(Column("outside_issuer", CellKind::kText, {"原发证机构", "外地发证机构", "outside_issuer"}));
  spec.columns.push_back(Column("outside_issue_date", CellKind::kDate, {"原发证日期", "outside_issue_date"}));
  spec.columns.push_back(Column("arrival_date", CellKind::kDate, {"引进日期", "来青日期", "arrival_date"}));
  spec.columns.push_back(
      Column("industry_chain_code", CellKind::kCode, {"产业链", "产业链代码", "industry_chain_code"}, false));
  spec.check = [](const pb::Message& row, std::string_view, const LocalCheckContext& context) {
    evaluation::v1::RegisterIntroductionRequest request;
    *request.mutable_introduction() = As<evaluation::v1::Introduction>(row);
    return evaluation::ValidateIntroduction(request, {context.reference, context.today}).status();
  };
  return spec;
}

ImportSpec Enterprises() {
  ImportSpec spec;
  spec.kind = "enterprises";
  spec.title_zh = "企业名录";
  spec.title_en = "enterprise register";
  spec.service = "evaluation";
  spec.method = "UpsertEnterprise";
  spec.row_field = "enterprise";
  spec.roles = "ADMIN, DISTRICT_OFFICER (own district)";
  spec.columns.push_back(Column("org.credit_code", CellKind::kCode, {"统一社会信用代码", "credit_code"}));
  spec.columns.push_back(Column("org.name", CellKind::kText, {"企业名称", "单位名称", "name"}));
  spec.columns.push_back(Column("org.district_code", CellKind::kCode, {"区市代码", "所在区市", "district_code"}));
  spec.columns.push_back(Column("above_designated_size", CellKind::kBool,
                                {"规模以上", "规上企业", "above_designated_size"}, false, "是/否"));
  spec.columns.push_back(Column("self_evaluation_eligible", CellKind::kBool,
                                {"具备自主评价条件", "self_evaluation_eligible"}, false, "是/否"));
  spec.columns.push_back(
      Column("industry_chain_code", CellKind::kCode, {"产业链", "产业链代码", "industry_chain_code"}, false));
  spec.columns.push_back(Column("employee_count", CellKind::kInteger, {"职工人数", "employee_count"}, false));
  spec.check = [](const pb::Message& row, std::string_view, const LocalCheckContext& context) {
    evaluation::v1::UpsertEnterpriseRequest request;
    *request.mutable_enterprise() = As<evaluation::v1::Enterprise>(row);
    return evaluation::ValidateEnterprise(request, {context.reference, context.today}).status();
  };
  return spec;
}

ImportSpec Enrolments() {
  ImportSpec spec;
  spec.kind = "enrolments";
  spec.title_zh = "培训报名";
  spec.title_en = "training enrolments";
  spec.service = "training";
  spec.method = "BatchEnrollPersons";
  spec.rows_field = "rows";
  spec.max_batch = 5000;
  spec.roles = "INSTITUTION (own courses), ADMIN";
  spec.columns.push_back(
      Column("course_id", CellKind::kText, {"培训班编号", "课程编号", "course_id"}, false, "default --course_id"));
  AddPersonColumns(spec.columns);
  spec.columns.push_back(Column("enrolled_date", CellKind::kDate, {"报名日期", "入班日期", "enrolled_date"}, false,
                                "空则为当天 / today when empty"));
  spec.flag_values = {{"course_id", "course_id", CellKind::kText, false, false}};
  spec.check = [](const pb::Message& message, std::string_view prefix, const LocalCheckContext& context) {
    const auto& row = As<training::v1::EnrollmentRow>(message);
    FieldViolations violations;
    CheckRecordId(row.course_id(), At(prefix, "course_id"), "a course id", violations);
    CheckPerson(row.person(), At(prefix, "person"), violations);
    if (IsDateSet(row.enrolled_date())) {
      CheckPastDate(row.enrolled_date(), At(prefix, "enrolled_date"), context.today, violations);
    }
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Completions() {
  ImportSpec spec;
  spec.kind = "completions";
  spec.title_zh = "培训结业";
  spec.title_en = "training completions";
  spec.service = "training";
  spec.method = "CompleteEnrollment";
  spec.roles = "INSTITUTION (own courses), ADMIN";
  spec.columns.push_back(Column("enrollment_id", CellKind::kText, {"报名编号", "enrollment_id"}));
  spec.columns.push_back(Column("hours", CellKind::kInteger, {"学时", "培训学时", "hours"}));
  spec.columns.push_back(Column("completed_date", CellKind::kDate, {"结业日期", "completed_date"}, false));
  spec.check = [](const pb::Message& message, std::string_view, const LocalCheckContext& context) {
    const auto& request = As<training::v1::CompleteEnrollmentRequest>(message);
    FieldViolations violations;
    CheckRecordId(request.enrollment_id(), "enrollment_id", "an enrolment id", violations);
    if (request.hours() <= 0 || request.hours() > training::kMaxHours) {
      violations.Add("hours", Concat("hours attended from 1 to ", training::kMaxHours, " are required"));
    }
    if (IsDateSet(request.completed_date())) {
      CheckPastDate(request.completed_date(), "completed_date", context.today, violations);
    }
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Claims() {
  ImportSpec spec;
  spec.kind = "claims";
  spec.title_zh = "培训补贴申领";
  spec.title_en = "training subsidy claims";
  spec.service = "training";
  spec.method = "SubmitSubsidyClaim";
  spec.roles = "INSTITUTION (own enrolments), ADMIN";
  spec.columns.push_back(Column("enrollment_id", CellKind::kText, {"报名编号", "enrollment_id"}));
  spec.columns.push_back(Column("certificate_number", CellKind::kCode, {"证书编号", "certificate_number"}));
  spec.check = [](const pb::Message& message, std::string_view, const LocalCheckContext&) {
    const auto& request = As<training::v1::SubmitSubsidyClaimRequest>(message);
    FieldViolations violations;
    CheckRecordId(request.enrollment_id(), "enrollment_id", "an enrolment id", violations);
    violations.AddStatus(ParseCertificateNumber(request.certificate_number(), "certificate_number").status(),
                         "certificate_number");
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Entries() {
  ImportSpec spec;
  spec.kind = "entries";
  spec.title_zh = "竞赛报名";
  spec.title_en = "competition entries";
  spec.service = "competition";
  spec.method = "BatchRegisterEntries";
  spec.rows_field = "entries";
  spec.max_batch = 5000;
  spec.roles = "the organiser (ADMIN, DISTRICT_OFFICER, INSTITUTION), or INSTITUTION for its own staff";
  spec.columns.push_back(
      Column("contest_id", CellKind::kText, {"赛项编号", "contest_id"}, false, "default --contest_id"));
  AddPersonColumns(spec.columns);
  spec.columns.push_back(
      Column("affiliation.credit_code", CellKind::kCode, {"单位统一社会信用代码", "affiliation_credit_code"}));
  spec.columns.push_back(Column("affiliation.name", CellKind::kText, {"单位名称", "所在单位", "affiliation_name"}));
  spec.columns.push_back(
      Column("affiliation.district_code", CellKind::kCode, {"区市代码", "单位区市代码", "affiliation_district_code"}));
  spec.flag_values = {{"contest_id", "contest_id", CellKind::kText, false, false}};
  spec.check = [](const pb::Message& message, std::string_view prefix, const LocalCheckContext& context) {
    const auto& row = As<competition::v1::EntryDraft>(message);
    FieldViolations violations;
    CheckRecordId(row.contest_id(), At(prefix, "contest_id"), "a contest id", violations);
    CheckPerson(row.person(), At(prefix, "person"), violations);
    CheckOrgRef(row.affiliation(), At(prefix, "affiliation"), *context.reference, violations);
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Results() {
  ImportSpec spec;
  spec.kind = "results";
  spec.title_zh = "竞赛成绩发布";
  spec.title_en = "competition results (one contest, published once)";
  spec.service = "competition";
  spec.method = "PublishResults";
  spec.rows_field = "results";
  spec.max_batch = competition::kMaxResultRows;
  spec.whole_file_in_one_call = true;
  spec.roles = "the organiser (ADMIN, DISTRICT_OFFICER, INSTITUTION)";
  spec.columns.push_back(Column("entry_id", CellKind::kText, {"参赛编号", "报名编号", "entry_id"}));
  spec.columns.push_back(Column("rank", CellKind::kInteger, {"名次", "rank"}, false, "0 或空 = 未排名 / unranked"));
  spec.columns.push_back(Column("award", CellKind::kEnum, {"奖项", "award"}, false, "金奖/一等奖 … 未获奖"));
  spec.flag_values = {{"contest_id", "contest_id", CellKind::kText, true, true}};
  spec.check = [](const pb::Message& message, std::string_view prefix, const LocalCheckContext&) {
    const auto& row = As<competition::v1::ResultRow>(message);
    FieldViolations violations;
    CheckRecordId(row.entry_id(), At(prefix, "entry_id"), "an entry id", violations);
    competition::CheckResult(row.rank(), row.award(), competition::kMaxResultRows, At(prefix, "rank"),
                             At(prefix, "award"), violations);
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Surveys() {
  ImportSpec spec;
  spec.kind = "surveys";
  spec.title_zh = "企业工资分配调查";
  spec.title_en = "enterprise wage surveys";
  spec.service = "incentive";
  spec.method = "SubmitWageSurveys";
  spec.rows_field = "surveys";
  spec.max_batch = incentive::kMaxSurveyRows;
  spec.roles = "DISTRICT_OFFICER (own district), ADMIN";
  spec.columns.push_back(Column("credit_code", CellKind::kCode, {"统一社会信用代码", "credit_code"}));
  spec.columns.push_back(Column("workforce", CellKind::kInteger, {"职工人数", "workforce"}));
  spec.columns.push_back(
      Column("uncertified_headcount", CellKind::kInteger, {"未取证人数", "uncertified_headcount"}, false));
  spec.columns.push_back(Column("uncertified_average_pay_fen", CellKind::kYuan,
                                {"未取证平均年薪(元)", "未取证平均年薪", "uncertified_average_pay_yuan"}, false));
  const std::pair<const char*, const char*> levels[] = {{"SKILL_LEVEL_5_JUNIOR", "五级"},
                                                        {"SKILL_LEVEL_4_INTERMEDIATE", "四级"},
                                                        {"SKILL_LEVEL_3_SENIOR", "三级"},
                                                        {"SKILL_LEVEL_2_TECHNICIAN", "二级"},
                                                        {"SKILL_LEVEL_1_SENIOR_TECHNICIAN", "一级"}};
  int digit = 5;
  for (const auto& [level, word] : levels) {
    const std::string element = Concat("levels[level=", level, "]");
    spec.columns.push_back(Column(Concat(element, ".headcount"), CellKind::kInteger,
                                  {Concat(word, "人数"), Concat("level", digit, "_headcount")}, false));
    spec.columns.push_back(Column(
        Concat(element, ".average_annual_pay_fen"), CellKind::kYuan,
        {Concat(word, "平均年薪(元)"), Concat(word, "平均年薪"), Concat("level", digit, "_average_pay_yuan")}, false));
    --digit;
  }
  spec.flag_values = {{"survey_year", "year", CellKind::kInteger, true, true}};
  spec.check = [](const pb::Message& row, std::string_view prefix, const LocalCheckContext&) {
    return incentive::ValidateSurveyDraft(As<incentive::v1::WageSurveyDraft>(row), prefix).status();
  };
  return spec;
}

ImportSpec Students() {
  ImportSpec spec;
  spec.kind = "students";
  spec.title_zh = "技工院校新生入学";
  spec.title_en = "technical-school enrolments";
  spec.service = "education";
  spec.method = "BatchEnrolStudents";
  spec.rows_field = "rows";
  spec.max_batch = 5000;
  spec.roles = "INSTITUTION (the school), its DISTRICT_OFFICER, ADMIN";
  AddPersonColumns(spec.columns);
  spec.columns.push_back(Column("specialty_code", CellKind::kCode, {"专业代码", "specialty_code"}));
  spec.columns.push_back(Column("cohort", CellKind::kInteger, {"年级", "入学年份", "cohort"}));
  spec.columns.push_back(
      Column("target_level", CellKind::kEnum, {"培养层次", "target_level"}, true, "中级工 / 高级工 / 预备技师"));
  spec.columns.push_back(Column("enrol_date", CellKind::kDate, {"入学日期", "enrol_date"}));
  spec.flag_values = {{"school_credit_code", "school_credit_code", CellKind::kCode, true, true}};
  spec.check = [](const pb::Message& row, std::string_view prefix, const LocalCheckContext& context) {
    FieldViolations violations;
    common::v1::PersonRef normalized;
    education::CheckEnrolmentRow(As<education::v1::EnrolmentRow>(row), prefix, context.today, violations, &normalized);
    return violations.ToStatus();
  };
  return spec;
}

ImportSpec Graduations() {
  ImportSpec spec;
  spec.kind = "graduations";
  spec.title_zh = "技工院校毕业";
  spec.title_en = "technical-school graduations";
  spec.service = "education";
  spec.method = "BatchGraduateStudents";
  spec.rows_field = "rows";
  spec.max_batch = 5000;
  spec.roles = "INSTITUTION (the school), its DISTRICT_OFFICER, ADMIN";
  spec.columns.push_back(Column("student_id", CellKind::kCode, {"学籍号", "学生编号", "student_id"}));
  spec.columns.push_back(Column("graduation_date", CellKind::kDate, {"毕业日期", "graduation_date"}));
  spec.flag_values = {{"school_credit_code", "school_credit_code", CellKind::kCode, true, true}};
  spec.check = [](const pb::Message& row, std::string_view prefix, const LocalCheckContext&) {
    FieldViolations violations;
    education::CheckGraduationRow(As<education::v1::GraduationRow>(row), prefix, violations);
    return violations.ToStatus();
  };
  return spec;
}

}  // namespace

const std::vector<ImportSpec>& ImportSpecs() {
  static const auto* specs =
      new std::vector<ImportSpec>{Certificates(), Introductions(), Enterprises(), Enrolments(), Completions(), Claims(),
                                  Entries(),      Results(),       Surveys(),     Students(),   Graduations()};
  return *specs;
}

const ImportSpec* FindImportSpec(std::string_view kind) {
  for (const ImportSpec& spec : ImportSpecs()) {
    if (spec.kind == kind) {
      return &spec;
    }
  }
  return nullptr;
}

}  // namespace skillbridge::cli

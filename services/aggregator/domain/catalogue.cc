#include "services/aggregator/domain/catalogue.h"

#include <utility>

namespace skillbridge::aggregator {

namespace {

constexpr char kAbility[] = "职业能力建设处";
constexpr char kEmployment[] = "青岛市公共就业和人才服务中心";
constexpr char kDevelopment[] = "青岛市人力资源发展研究与促进中心";
constexpr char kTalent[] = "人才开发处";
constexpr char kLabour[] = "劳动关系处";
constexpr char kProfessional[] = "专业技术人员管理处";
constexpr char kResearch[] = "研究室";

v1::Measure MakeMeasure(int number, const char* zh, const char* en, std::vector<const char*> departments) {
  v1::Measure m;
  m.set_number(number);
  m.set_name_zh(zh);
  m.set_name_en(en);
  for (const char* d : departments) {
    m.add_responsible_departments(d);
  }
  return m;
}

struct Def {
  const char* id;
  const char* zh;
  const char* en;
  int measure;
  v1::Unit unit;
  v1::IndicatorKind kind;
  const char* definition;
  const char* numerator;
  const char* denominator;
  double target;
  int target_year;
  std::vector<v1::Source> sources;
  bool per_district;
  bool per_chain;
};

std::vector<Def> Definitions() {
  using v1::INDICATOR_KIND_FLOW;
  using v1::INDICATOR_KIND_STOCK;
  constexpr v1::Source kEval = v1::SOURCE_EVALUATION;
  constexpr v1::Source kTrain = v1::SOURCE_TRAINING;
  constexpr v1::Source kComp = v1::SOURCE_COMPETITION;
  constexpr v1::Source kInc = v1::SOURCE_INCENTIVE;
  constexpr v1::Source kEdu = v1::SOURCE_EDUCATION;
  return {
      {ids::kNewHighSkilled,
       "新增高技能人才",
       "New high-skilled talents",
       1,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_FLOW,
       "年内最高技能等级首次达到三级/高级工及以上的人数（证书或引进；证书撤销后按其余有效记录重算）",
       "distinct persons whose highest valid level first reaches 三级/高级工 or above in year Y (certificate or "
       "introduction)",
       "",
       20000,
       0,
       {kEval},
       true,
       true},
      {ids::kSkilledShare,
       "技能人才占产业工人比例",
       "Skilled talent share of the industrial workforce",
       1,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_STOCK,
       "企业工资分配调查：持证技能人才人数 ÷ 产业工人人数（各企业当年最新一次填报）",
       "wage survey Y: Σ certified skilled headcount",
       "wage survey Y: Σ industrial workforce",
       55,
       2023,
       {kInc},
       true,
       true},
      {ids::kHighSkilledShare,
       "高技能人才占技能人才比例",
       "High-skilled share of skilled talent",
       1,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_STOCK,
       "企业工资分配调查：高技能人才人数 ÷ 技能人才人数（各企业当年最新一次填报）",
       "wage survey Y: Σ high-skilled headcount",
       "wage survey Y: Σ skilled headcount",
       32,
       2023,
       {kInc},
       true,
       true},
      {ids::kIntroduced,
       "引进技能人才",
       "Skilled talents introduced",
       1,
       v1::UNIT_PERSON_TIMES,
       INDICATOR_KIND_FLOW,
       "年内登记引进（到岗日期在年内）的技能人才人次",
       "introductions with an arrival date in year Y",
       "",
       0,
       0,
       {kEval},
       true,
       true},
      {ids::kSubsidisedTraining,
       "补贴性职业技能培训",
       "Subsidised vocational training",
       2,
       v1::UNIT_PERSON_TIMES,
       INDICATOR_KIND_FLOW,
       "年内结业、且课程职业（工种）等级在当年补贴目录内的培训人次",
       "completed enrolments in year Y in courses of the subsidised catalogue",
       "",
       100000,
       0,
       {kTrain},
       true,
       true},
      {ids::kSubsidyPaid,
       "职业培训补贴支付金额",
       "Training subsidies paid",
       2,
       v1::UNIT_FEN,
       INDICATOR_KIND_FLOW,
       "年内已支付的职业培训补贴金额（分）",
       "Σ amount of subsidy claims paid in year Y",
       "",
       0,
       0,
       {kTrain},
       true,
       true},
      {ids::kTrainingConversion,
       "培训后取证转化率",
       "Training to certificate conversion",
       2,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_FLOW,
       "年内结业的培训人次中，结业后12个月内取得同一职业（工种）职业资格或技能等级证书的占比（跨培训、评价两个系统；"
       "按结业年份统计，当年数值随取证陆续增加；证书撤销后重算）",
       "completed enrolments of year Y whose person holds a valid qualification or skill-level certificate in the "
       "same occupation issued on or after the completion date and within 12 months of it",
       "completed enrolments of year Y",
       0,
       0,
       {kTrain, kEval},
       true,
       true},
      {ids::kNewlyCertified,
       "新增取得职业资格证书、职业技能等级证书人数",
       "Persons newly certified",
       3,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_FLOW,
       "年内取得职业资格证书或职业技能等级证书（有效）的人数，一人多证计一人",
       "distinct persons with a valid access-qualification or skill-level certificate issued in year Y",
       "",
       50000,
       0,
       {kEval},
       true,
       true},
      {ids::kNewlyCertifiedSenior,
       "其中取得高级工以上证书人数",
       "Of whom certified at 高级工 or above",
       3,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_FLOW,
       "年内取得三级/高级工及以上证书（有效）的人数，一人多证计一人",
       "distinct persons with a valid certificate at 三级/高级工 or above issued in year Y",
       "",
       20000,
       0,
       {kEval},
       true,
       true},
      {ids::kSelfEvaluationCoverage,
       "规模以上企业技能人才自主评价覆盖率",
       "Self-evaluation coverage",
       3,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_STOCK,
       "符合条件的规模以上企业中已备案自主评价机构的企业占比（当前状态）",
       "eligible above-designated-size enterprises with a filed self-evaluation organisation",
       "eligible above-designated-size enterprises",
       100,
       2023,
       {kEval},
       true,
       false},
      {ids::kCompetitionsHeld,
       "举办职业技能竞赛",
       "Competitions held",
       4,
       v1::UNIT_COUNT,
       INDICATOR_KIND_FLOW,
       "竞赛年度为当年、全部赛项成绩已公布的职业技能竞赛项数（按主办单位所在区市、按竞赛级别统计；取消的竞赛不计）",
       "competitions of year Y whose status reached RESULTS_PUBLISHED (every contest's results published), by the "
       "organiser's district and by level; cancelled competitions never count",
       "",
       0,
       0,
       {kComp},
       true,
       false},
      {ids::kCompetitionParticipants,
       "竞赛参赛人次",
       "Competition participants",
       4,
       v1::UNIT_PERSON_TIMES,
       INDICATOR_KIND_FLOW,
       "竞赛年度为当年的竞赛报名人次（一人一赛项计一次；按参赛者单位或学校所在区市、赛项产业链、竞赛级别统计；"
       "已取消竞赛的报名不计）",
       "entries (person x contest) registered in competitions of year Y that are not cancelled, by the district of "
       "the entrant's employer or school, the contest's industry chain and the competition's level",
       "",
       0,
       0,
       {kComp},
       true,
       true},
      {ids::kCompetitionPromotions,
       "竞赛晋升技能等级人数",
       "Competition promotions",
       4,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_FLOW,
       "竞赛年度为当年、按成绩认定晋升职业技能等级的人数（待发证或已发证；每人每年至多一次；成绩更正后按更正后的认定）",
       "entries of competitions of year Y whose promotion is granted (PENDING or ISSUED) as last decided (a corrected "
       "result decides it again); at most one per person and year",
       "",
       0,
       0,
       {kComp},
       true,
       true},
      {ids::kCompetitionPromotionIssued,
       "竞赛晋升证书落实率",
       "Competition promotions certified",
       4,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_FLOW,
       "竞赛年度为当年的竞赛晋升中，竞赛系统记录已发证、且评价系统持有该证书（依据为竞赛晋升、有效）的占比（跨竞赛、"
       "评价两个系统；证书撤销后重算）",
       "promotions of year Y with status ISSUED whose certificate number evaluation shows as a valid certificate "
       "with basis COMPETITION_PROMOTION",
       "promotions granted in year Y (PENDING or ISSUED)",
       0,
       0,
       {kComp, kEval},
       true,
       true},
      {ids::kHonoursAwarded,
       "高技能人才表彰奖励",
       "Honours awarded",
       5,
       v1::UNIT_PERSON_TIMES,
       INDICATOR_KIND_FLOW,
       "评选年度为当年、已授予的高技能人才荣誉人次（领军人才、技能大师工作室等；按推荐对象单位所在区市统计）",
       "nominations of programmes of year Y whose status is AWARDED, by the district of the nominee's employer",
       "",
       0,
       0,
       {kInc},
       true,
       false},
      {ids::kAwardAmount,
       "奖励资助金额",
       "Award amounts",
       5,
       v1::UNIT_FEN,
       INDICATOR_KIND_FLOW,
       "评选年度为当年、已授予荣誉的奖励金额合计（分；按推荐对象单位所在区市统计）",
       "Σ award_fen of the nominations of programmes of year Y whose status is AWARDED",
       "",
       0,
       0,
       {kInc},
       true,
       false},
      {ids::kCareerBridgeApproved,
       "技能人才与专业技术人才贯通人数",
       "Career bridging approved",
       5,
       v1::UNIT_PERSON_TIMES,
       INDICATOR_KIND_FLOW,
       "年内（按批准日期，北京时间）获批的贯通申请人次（按申请人单位所在区市统计）",
       "career bridging applications whose status reached APPROVED in year Y (the approval's civil day in China "
       "Standard Time), by the district of the applicant's employer",
       "",
       0,
       0,
       {kInc},
       true,
       false},
      {ids::kSkillWagePremium,
       "高技能人才工资溢价",
       "Skill wage premium",
       5,
       v1::UNIT_RATIO,
       INDICATOR_KIND_STOCK,
       "企业工资分配调查：高技能人才平均工资 ÷ 全部技能人才平均工资（各企业当年最新一次填报；平均工资为工资总额 ÷ "
       "人数）",
       "wage survey Y: average pay of high-skilled (Σ high-skilled pay ÷ Σ high-skilled headcount)",
       "wage survey Y: average pay of all skilled (Σ skilled pay ÷ Σ skilled headcount)",
       0,
       0,
       {kInc},
       true,
       true},
      {ids::kFeaturedSpecialties,
       "技工教育特色品牌专业",
       "Featured brand specialties",
       6,
       v1::UNIT_COUNT,
       INDICATOR_KIND_STOCK,
       "在办且标记为特色品牌的专业数",
       "active specialties flagged featured brand",
       "",
       30,
       0,
       {kEdu},
       true,
       true},
      {ids::kSpecialtyIndustryMatch,
       "专业设置与主导产业匹配度",
       "Specialty–industry match",
       6,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_STOCK,
       "对接重点产业链的在办专业 ÷ 在办专业",
       "active specialties mapped to a key industry chain",
       "active specialties",
       75,
       0,
       {kEdu},
       true,
       false},
      {ids::kStudentsEnrolled,
       "技工院校在校生",
       "Technical-school students enrolled",
       6,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_STOCK,
       "年末（或当前）在校状态的学生人数",
       "students enrolled at the end of year Y (or now)",
       "",
       30000,
       0,
       {kEdu},
       true,
       true},
      {ids::kGraduates,
       "技工院校毕业生",
       "Technical-school graduates",
       6,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_FLOW,
       "年内毕业的学生人数",
       "students graduated in year Y",
       "",
       7000,
       0,
       {kEdu},
       true,
       true},
      {ids::kGraduatesEmployedInCity,
       "毕业生留青就业率",
       "Graduates employed in the city",
       6,
       v1::UNIT_PERCENT,
       INDICATOR_KIND_FLOW,
       "年内毕业的技工院校学生中，首次就业在本市的占比",
       "graduates of year Y whose first employment is in the city",
       "graduates of year Y",
       0,
       0,
       {kEdu},
       true,
       true},
      {ids::kTalentDatabase,
       "技能人才库人数",
       "Talent database persons",
       7,
       v1::UNIT_PERSONS,
       INDICATOR_KIND_STOCK,
       "在任一已接入业务系统中有记录（证书、引进、培训、竞赛报名、荣誉推荐、贯通申请、技工院校学籍等）的不同人数",
       "distinct persons with any record in any connected service",
       "",
       0,
       0,
       {kEval, kTrain, kComp, kInc, kEdu},
       true,
       false},
  };
}

}  // namespace

std::string_view SourceName(v1::Source source) {
  switch (source) {
    case v1::SOURCE_EVALUATION:
      return "evaluation";
    case v1::SOURCE_TRAINING:
      return "training";
    case v1::SOURCE_COMPETITION:
      return "competition";
    case v1::SOURCE_INCENTIVE:
      return "incentive";
    case v1::SOURCE_EDUCATION:
      return "education";
    default:
      return "unspecified";
  }
}

Catalogue::Catalogue(std::set<v1::Source> connected) : connected_(std::move(connected)) {
  measures_ = {
      MakeMeasure(1, "塑造高技能人才培养新引擎", "High-skilled talent engine", {kAbility, kEmployment, kDevelopment}),
      MakeMeasure(2, "打造职业技能提升新高地", "Vocational training", {kAbility, kEmployment, kDevelopment}),
      MakeMeasure(3, "推进技能评价改革新模式", "Skill evaluation reform", {kDevelopment, kAbility, kEmployment}),
      MakeMeasure(4, "构建多层次技能竞赛新格局", "Skill competitions", {kAbility, kDevelopment, kEmployment}),
      MakeMeasure(5, "形成技能人才激励新机制", "Incentives",
                  {kAbility, kTalent, kLabour, kProfessional, kEmployment, kDevelopment}),
      MakeMeasure(6, "激活技工教育发展新动能", "Technical education", {kDevelopment, kAbility}),
      MakeMeasure(7, "创响青岛工匠技能新品牌", "\"Qingdao Craftsman\" brand",
                  {kAbility, kResearch, kTalent, kDevelopment, kEmployment}),
  };
  for (const Def& def : Definitions()) {
    v1::Indicator ind;
    ind.set_id(def.id);
    ind.set_name_zh(def.zh);
    ind.set_name_en(def.en);
    ind.set_measure(def.measure);
    ind.set_unit(def.unit);
    ind.set_kind(def.kind);
    ind.set_definition(def.definition);
    ind.set_numerator(def.numerator);
    ind.set_denominator(def.denominator);
    ind.set_default_target(def.target);
    ind.set_target_year(def.target_year);
    for (const auto& d : measures_[static_cast<size_t>(def.measure - 1)].responsible_departments()) {
      ind.add_responsible_departments(d);
    }
    // An indicator joined across services (the talent database) is computed as soon as one of its
    // sources is connected; any other needs all of them.
    bool all = true;
    bool any = false;
    for (v1::Source s : def.sources) {
      ind.add_sources(s);
      all = all && connected_.count(s) > 0;
      any = any || connected_.count(s) > 0;
    }
    ind.set_source_connected(std::string_view(def.id) == ids::kTalentDatabase ? any : all);
    ind.set_per_district(def.per_district);
    ind.set_per_industry_chain(def.per_chain);
    indicators_.push_back(std::move(ind));
  }
}

const v1::Indicator* Catalogue::Find(std::string_view id) const {
  for (const auto& ind : indicators_) {
    if (ind.id() == id) {
      return &ind;
    }
  }
  return nullptr;
}

}  // namespace skillbridge::aggregator

#include "tools/simulator/education_plan.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "common/util/concat.h"

namespace skillbridge::simulator {

namespace {

namespace ed = ::skillbridge::education::v1;
using common::v1::SkillLevel;

// ------------------------------------------------------------------ catalogue

// An entry of the technical-school specialty catalogue (技工院校专业目录) and the key industry chain
// it serves ("" = none).
struct CatalogueEntry {
  std::string_view code;
  std::string_view name;
  std::string_view chain;
};

constexpr CatalogueEntry kCatalogue[] = {
    {"0101", "机床切削加工（车工）", "IC07"},
    {"0102", "机床切削加工（铣工）", "IC07"},
    {"0103", "数控加工（数控车工）", "IC07"},
    {"0104", "数控加工（数控铣工）", "IC07"},
    {"0105", "数控加工（加工中心操作工）", "IC07"},
    {"0106", "数控编程", "IC07"},
    {"0107", "数控机床装配与维修", "IC07"},
    {"0108", "机械设备装配与自动控制", "IC07"},
    {"0109", "模具制造", "IC12"},
    {"0110", "焊接加工", "IC06"},
    {"0111", "机电设备安装与维修", "IC07"},
    {"0112", "机电一体化技术", "IC07"},
    {"0113", "工业机器人应用与维护", "IC02"},
    {"0114", "电梯工程技术", "IC07"},
    {"0115", "增材制造技术应用", "IC07"},
    {"0116", "船舶制造与修理", "IC06"},
    {"0117", "海洋工程装备技术", "IC06"},
    {"0118", "轨道交通车辆制造与维护", "IC05"},
    {"0119", "工业设计", "IC12"},
    {"0201", "电气自动化设备安装与维修", "IC07"},
    {"0202", "电子技术应用", "IC01"},
    {"0203", "电子产品检测与维修", "IC01"},
    {"0204", "家用电器产品检测与维修", "IC03"},
    {"0205", "制冷设备运用与维修", "IC03"},
    {"0206", "楼宇自动控制设备安装与维护", ""},
    {"0207", "光伏发电技术应用", "IC13"},
    {"0208", "风电设备安装与维护", "IC13"},
    {"0209", "储能技术应用", "IC13"},
    {"0210", "无人机应用技术", "IC02"},
    {"0211", "智能家居设备安装与调试", "IC03"},
    {"0301", "计算机网络应用", "IC01"},
    {"0302", "计算机程序设计", "IC01"},
    {"0303", "计算机应用与维修", "IC01"},
    {"0304", "网络安全技术", "IC01"},
    {"0305", "物联网应用技术", "IC01"},
    {"0306", "云计算技术应用", "IC01"},
    {"0307", "大数据技术应用", "IC02"},
    {"0308", "人工智能技术应用", "IC02"},
    {"0309", "计算机动画制作", ""},
    {"0310", "电子商务", ""},
    {"0311", "虚拟现实技术应用", "IC01"},
    {"0312", "数字媒体技术应用", "IC01"},
    {"0401", "汽车维修", "IC04"},
    {"0402", "汽车钣金与涂装", "IC04"},
    {"0403", "新能源汽车检测与维修", "IC04"},
    {"0404", "汽车制造与装配", "IC04"},
    {"0405", "智能网联汽车技术", "IC04"},
    {"0406", "汽车电器维修", "IC04"},
    {"0407", "工程机械运用与维修", "IC07"},
    {"0408", "港口机械运用与维修", "IC06"},
    {"0409", "城市轨道交通运输与管理", "IC05"},
    {"0410", "轨道交通信号", "IC05"},
    {"0411", "航空服务", ""},
    {"0501", "化工工艺", "IC09"},
    {"0502", "化工分析与检验", "IC09"},
    {"0503", "高分子材料加工工艺", "IC09"},
    {"0504", "复合材料加工与应用", "IC09"},
    {"0505", "橡胶制品生产工艺", "IC09"},
    {"0601", "药物制剂", "IC08"},
    {"0602", "生物制药", "IC08"},
    {"0603", "医疗器械维修", "IC08"},
    {"0604", "食品药品检验", "IC08"},
    {"0605", "护理", "IC08"},
    {"0606", "康复保健", "IC08"},
    {"0607", "健康服务与管理", "IC08"},
    {"0701", "食品加工与检验", "IC10"},
    {"0702", "酿酒技术", "IC10"},
    {"0703", "服装设计与制作", "IC11"},
    {"0704", "纺织技术及营销", "IC11"},
    {"0705", "家具设计与制作", "IC12"},
    {"0706", "印刷技术", "IC12"},
    {"0707", "包装设计与制作", "IC12"},
    {"0708", "工艺美术", ""},
    {"0801", "烹饪（中式烹调）", ""},
    {"0802", "烹饪（西式烹调）", ""},
    {"0803", "中西面点", ""},
    {"0804", "美容美发与造型", ""},
    {"0805", "酒店管理", ""},
    {"0806", "旅游服务与管理", ""},
    {"0807", "物流服务与管理", ""},
    {"0808", "会计", ""},
    {"0809", "市场营销", ""},
    {"0810", "幼儿教育", ""},
    {"0811", "养老服务", ""},
    {"0812", "建筑施工", ""},
    {"0813", "工程造价", ""},
    {"0814", "园林技术", ""},
    {"0815", "商务文秘", ""},
};

// ------------------------------------------------------------------ schools

struct SchoolSeed {
  std::string_view name;
  std::string_view district;
  ed::SchoolKind kind;
  ed::Ownership ownership;
  bool filed;
};

// The city's and the districts' own schools.
constexpr SchoolSeed kPublicSchools[] = {
    {"青岛市技师学院", "370211", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛西海岸新区高级技工学校", "370211", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, true},
    {"青岛港湾技师学院", "370203", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛工贸技师学院", "370213", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛交通技师学院", "370214", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛海洋技师学院", "370211", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛城市建设技师学院", "370212", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛轨道交通技师学院", "370214", ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, ed::OWNERSHIP_PUBLIC, true},
    {"青岛即墨区高级技工学校", "370215", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, true},
    {"胶州市高级技工学校", "370281", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, true},
    {"平度市高级技工学校", "370283", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"莱西市高级技工学校", "370285", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"青岛城阳区高级技工学校", "370214", ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, true},
    {"青岛市北区技工学校", "370203", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"青岛市南区技工学校", "370202", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"青岛李沧区技工学校", "370213", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"青岛崂山区技工学校", "370212", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"平度市技工学校", "370283", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"莱西市技工学校", "370285", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
    {"胶州市技工学校", "370281", ed::SCHOOL_KIND_TECHNICAL_SCHOOL, ed::OWNERSHIP_PUBLIC, false},
};

// Private schools: kind, and whether filed; the name is a brand and the kind's ending.
constexpr std::pair<ed::SchoolKind, bool> kPrivateSchools[] = {
    {ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, true},       {ed::SCHOOL_KIND_TECHNICIAN_COLLEGE, false},
    {ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, true},  {ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, false}, {ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},        {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},        {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},        {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL, false}, {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},
    {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},        {ed::SCHOOL_KIND_TECHNICAL_SCHOOL, false},
};
static_assert(std::size(kPublicSchools) + std::size(kPrivateSchools) == kEducationSchools);

std::string_view KindEnding(ed::SchoolKind kind) {
  switch (kind) {
    case ed::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      return "技师学院";
    case ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      return "高级技工学校";
    default:
      return "技工学校";
  }
}

double KindWeight(ed::SchoolKind kind) {
  switch (kind) {
    case ed::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      return 3.0;
    case ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      return 1.7;
    default:
      return 0.8;
  }
}

int SpecialtiesOfKind(ed::SchoolKind kind) {
  switch (kind) {
    case ed::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      return 13;
    case ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      return 8;
    default:
      return 5;
  }
}

std::string KnownDistrict(const ReferenceData& reference, std::string_view code) {
  if (reference.FindDistrict(code) != nullptr || reference.districts().empty()) {
    return std::string(code);
  }
  return reference.districts().front().code;
}

std::vector<PlannedScope> SchoolScope(Stream& stream, const ReferenceData& reference) {
  std::vector<const Occupation*> pool;
  for (const Occupation& occupation : reference.occupations()) {
    if (IsProduction(occupation)) {
      pool.push_back(&occupation);
    }
  }
  std::vector<PlannedScope> scope;
  for (const Occupation* occupation : PickOccupations(stream, pool, stream.Between(3, 6))) {
    const SkillLevel level = ScopeLevelFor(*occupation, common::v1::SKILL_LEVEL_2_TECHNICIAN);
    if (level != common::v1::SKILL_LEVEL_UNSPECIFIED) {
      scope.push_back(PlannedScope{occupation->code, level});
    }
  }
  return scope;
}

std::vector<PlannedSchool> PlanSchools(const PlanOptions& options, const ReferenceData& reference) {
  Stream stream(options.seed, "schools");
  Stream people(options.seed, "school-contacts");
  std::vector<PlannedSchool> schools;
  std::set<std::string> codes;
  std::set<std::string> names;
  auto finish = [&](PlannedSchool school, bool filed) {
    const std::string_view category = school.ownership == ed::OWNERSHIP_PUBLIC ? "12" : "52";
    do {
      school.credit_code = MakeCreditCode(category, school.district_code, stream.Next());
    } while (!codes.insert(school.credit_code).second);
    school.filed = filed;
    if (filed) {
      school.evaluation_scope = SchoolScope(stream, reference);
    }
    school.weight = KindWeight(school.kind) * (0.7 + 0.6 * stream.Uniform());
    school.contact_name = PickName(people, people.Chance(0.5));
    school.contact_phone = Phone(people);
    names.insert(school.name);
    schools.push_back(std::move(school));
  };
  for (const SchoolSeed& seed : kPublicSchools) {
    PlannedSchool school;
    school.name = std::string(seed.name);
    school.district_code = KnownDistrict(reference, seed.district);
    school.kind = seed.kind;
    school.ownership = seed.ownership;
    finish(std::move(school), seed.filed);
  }
  std::vector<double> district_weights;
  for (const District& district : reference.districts()) {
    district_weights.push_back(DistrictWeight(district.code));
  }
  for (const auto& [kind, filed] : kPrivateSchools) {
    PlannedSchool school;
    school.kind = kind;
    school.ownership = ed::OWNERSHIP_PRIVATE;
    school.district_code = reference.districts().empty()
                               ? std::string("370202")
                               : reference.districts()[static_cast<size_t>(stream.Weighted(district_weights))].code;
    do {
      school.name = Concat("青岛", PickBrand(stream), KindEnding(kind));
    } while (names.count(school.name) > 0);
    finish(std::move(school), filed);
  }
  return schools;
}

// ------------------------------------------------------------------ specialties

std::vector<ed::TrainingLevel> PickLevels(Stream& stream, ed::SchoolKind kind) {
  const double u = stream.Uniform();
  switch (kind) {
    case ed::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      if (u < 0.55) {
        return {ed::TRAINING_LEVEL_SENIOR, ed::TRAINING_LEVEL_PRE_TECHNICIAN};
      }
      if (u < 0.85) {
        return {ed::TRAINING_LEVEL_INTERMEDIATE, ed::TRAINING_LEVEL_SENIOR, ed::TRAINING_LEVEL_PRE_TECHNICIAN};
      }
      return {ed::TRAINING_LEVEL_SENIOR};
    case ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      if (u < 0.6) {
        return {ed::TRAINING_LEVEL_INTERMEDIATE, ed::TRAINING_LEVEL_SENIOR};
      }
      if (u < 0.85) {
        return {ed::TRAINING_LEVEL_SENIOR};
      }
      return {ed::TRAINING_LEVEL_INTERMEDIATE};
    default:
      return {ed::TRAINING_LEVEL_INTERMEDIATE};
  }
}

std::vector<PlannedSpecialty> PlanSpecialties(const PlanOptions& options, const ReferenceData& reference,
                                              const std::vector<PlannedSchool>& schools) {
  Stream stream(options.seed, "specialties");
  std::vector<PlannedSpecialty> specialties;
  if (schools.empty()) {
    return specialties;
  }
  // How many each school runs: by kind, the rest of kEducationSpecialties round the schools.
  std::vector<int> counts;
  int total = 0;
  for (const PlannedSchool& school : schools) {
    counts.push_back(SpecialtiesOfKind(school.kind));
    total += counts.back();
  }
  for (size_t i = 0; total != kEducationSpecialties; i = (i + 1) % counts.size()) {
    const int step = total < kEducationSpecialties ? 1 : -1;
    if (counts[i] + step >= 3) {
      counts[i] += step;
      total += step;
    }
  }
  // Which specialties serve a chain: exactly the planned share, spread at random.
  std::vector<bool> with_chain(static_cast<size_t>(kEducationSpecialties), false);
  const int chained = static_cast<int>(kSpecialtyChainShare * kEducationSpecialties + 0.5);
  for (int i = 0; i < chained; ++i) {
    with_chain[static_cast<size_t>(i)] = true;
  }
  for (int i = kEducationSpecialties - 1; i > 0; --i) {
    const int j = stream.Below(i + 1);
    const bool swap = with_chain[static_cast<size_t>(i)];
    with_chain[static_cast<size_t>(i)] = with_chain[static_cast<size_t>(j)];
    with_chain[static_cast<size_t>(j)] = swap;
  }
  std::vector<const CatalogueEntry*> chain_pool;
  std::vector<const CatalogueEntry*> other_pool;
  for (const CatalogueEntry& entry : kCatalogue) {
    const bool known = !entry.chain.empty() && reference.FindIndustryChain(entry.chain) != nullptr;
    (known ? chain_pool : other_pool).push_back(&entry);
  }
  size_t next = 0;
  for (size_t s = 0; s < schools.size(); ++s) {
    std::set<std::string_view> taken;
    for (int k = 0; k < counts[s]; ++k, ++next) {
      const auto& preferred = with_chain[next] ? chain_pool : other_pool;
      const auto& fallback = with_chain[next] ? other_pool : chain_pool;
      const CatalogueEntry* entry = nullptr;
      for (const auto* pool : {&preferred, &fallback}) {
        std::vector<const CatalogueEntry*> free;
        for (const CatalogueEntry* candidate : *pool) {
          if (taken.count(candidate->code) == 0) {
            free.push_back(candidate);
          }
        }
        if (!free.empty()) {
          entry = stream.Pick(free);
          break;
        }
      }
      taken.insert(entry->code);
      PlannedSpecialty specialty;
      specialty.school = static_cast<int>(s);
      specialty.code = std::string(entry->code);
      specialty.name = std::string(entry->name);
      if (reference.FindIndustryChain(entry->chain) != nullptr) {
        specialty.industry_chain_code = std::string(entry->chain);
      }
      specialty.levels = PickLevels(stream, schools[s].kind);
      specialty.opened_year = stream.Between(1990, options.year - 4);
      specialty.weight = 0.4 + stream.Uniform() * 1.6;
      specialties.push_back(std::move(specialty));
    }
  }
  // Closed this year: specialties without students (their weight is 0).
  static constexpr std::string_view kCloseReasons[] = {"生源不足，停止招生", "专业结构调整，并入相近专业",
                                                       "实训条件不再满足办学要求"};
  std::set<int> closed;
  const int to_close = std::min(kClosedSpecialties, static_cast<int>(specialties.size()) / 10);
  for (int attempts = 0; static_cast<int>(closed.size()) < to_close && attempts < 1000; ++attempts) {
    const int i = stream.Below(static_cast<int>(specialties.size()));
    // Keep at least two open specialties at every school.
    int open_at_school = 0;
    for (size_t j = 0; j < specialties.size(); ++j) {
      if (specialties[j].school == specialties[static_cast<size_t>(i)].school && !specialties[j].closed) {
        ++open_at_school;
      }
    }
    if (open_at_school <= 2 || !closed.insert(i).second) {
      continue;
    }
    PlannedSpecialty& specialty = specialties[static_cast<size_t>(i)];
    specialty.closed = true;
    specialty.weight = 0;
    specialty.close_reason = std::string(kCloseReasons[stream.Below(static_cast<int>(std::size(kCloseReasons)))]);
  }
  // Featured brand specialties: open ones serving a chain, at technician colleges and senior
  // schools first.
  std::vector<int> candidates;
  std::vector<int> others;
  for (size_t i = 0; i < specialties.size(); ++i) {
    const PlannedSpecialty& specialty = specialties[i];
    if (specialty.closed) {
      continue;
    }
    const bool strong = !specialty.industry_chain_code.empty() &&
                        schools[static_cast<size_t>(specialty.school)].kind != ed::SCHOOL_KIND_TECHNICAL_SCHOOL;
    (strong ? candidates : others).push_back(static_cast<int>(i));
  }
  for (int featured = 0; featured < kFeaturedSpecialties && !(candidates.empty() && others.empty()); ++featured) {
    auto& pool = candidates.empty() ? others : candidates;
    const int at = stream.Below(static_cast<int>(pool.size()));
    PlannedSpecialty& specialty = specialties[static_cast<size_t>(pool[static_cast<size_t>(at)])];
    pool.erase(pool.begin() + at);
    specialty.featured = true;
    specialty.featured_year = stream.Between(options.year - 3, options.year);
    specialty.weight *= 1.8;  // brand specialties draw more students
  }
  return specialties;
}

// ------------------------------------------------------------------ students

absl::CivilDay Clamp(absl::CivilDay day, absl::CivilDay lo, absl::CivilDay hi) {
  return std::max(lo, std::min(day, hi));
}

// A day in [lo, hi] (lo when the range is empty).
absl::CivilDay DayBetween(Stream& stream, absl::CivilDay lo, absl::CivilDay hi) {
  if (hi <= lo) {
    return lo;
  }
  return lo + stream.Below(static_cast<int>(hi - lo) + 1);
}

struct Enterprises {
  std::vector<int> all;
  std::map<std::string, std::vector<int>> by_chain;
  std::map<std::string, std::vector<int>> by_district;
};

Enterprises IndexEnterprises(const std::vector<PlannedEnterprise>& enterprises) {
  Enterprises index;
  for (size_t i = 0; i < enterprises.size(); ++i) {
    const PlannedEnterprise& e = enterprises[i];
    if (e.credit_code.empty() || e.name.empty() || e.district_code.empty()) {
      continue;
    }
    index.all.push_back(static_cast<int>(i));
    if (!e.industry_chain_code.empty()) {
      index.by_chain[e.industry_chain_code].push_back(static_cast<int>(i));
    }
    index.by_district[e.district_code].push_back(static_cast<int>(i));
  }
  return index;
}

// An enterprise for a specialty's graduates or partnership: of its chain mostly, else of the
// school's district, else any; -1 when there is none.
int EmployerFor(Stream& stream, const Enterprises& index, const std::string& chain, const std::string& district) {
  if (index.all.empty()) {
    return -1;
  }
  if (auto it = index.by_chain.find(chain); !chain.empty() && it != index.by_chain.end() && stream.Chance(0.75)) {
    return stream.Pick(it->second);
  }
  if (auto it = index.by_district.find(district); it != index.by_district.end() && stream.Chance(0.7)) {
    return stream.Pick(it->second);
  }
  return stream.Pick(index.all);
}

int64_t RewardFen(ed::TrainingLevel level) {
  switch (level) {
    case ed::TRAINING_LEVEL_PRE_TECHNICIAN:
      return 500'000;
    case ed::TRAINING_LEVEL_SENIOR:
      return 300'000;
    default:
      return 200'000;
  }
}

// Other cities' area codes for graduates employed elsewhere.
constexpr std::pair<std::string_view, std::string_view> kElsewhere[] = {
    {"370100", "济南"}, {"370600", "烟台"}, {"370700", "潍坊"}, {"310000", "上海"},
    {"320500", "苏州"}, {"440300", "深圳"}, {"330200", "宁波"}, {"110000", "北京"},
};

class StudentPlanner final {
 public:
  StudentPlanner(const PlanOptions& options, const ReferenceData& reference, const std::vector<PlannedSchool>& schools,
                 const std::vector<PlannedSpecialty>& specialties, const std::vector<PlannedEnterprise>& enterprises)
      : options_(options),
        reference_(reference),
        schools_(schools),
        specialties_(specialties),
        enterprises_(enterprises),
        index_(IndexEnterprises(enterprises)) {
    for (size_t i = 0; i < specialties.size(); ++i) {
      by_school_[specialties[i].school].push_back(static_cast<int>(i));
    }
  }

  std::vector<PlannedStudent> Plan() {
    std::vector<PlannedStudent> students;
    Stream stream(options_.seed, "students");
    std::set<std::string> used;
    std::vector<double> school_weights;
    for (const PlannedSchool& school : schools_) {
      school_weights.push_back(school.weight);
    }
    if (schools_.empty()) {
      return students;
    }
    for (int k = 0; k < 4; ++k) {
      const int cohort = options_.year - 3 + k;
      Stream people_stream(options_.seed, Concat("students-", cohort));
      PersonFactory people(people_stream, reference_, cohort, 0, 999, 0.08, 0.72, 15, 19);
      const int count = Scaled(kFullScaleCohorts[k], options_.scale, 4);
      for (int n = 0; n < count; ++n) {
        PlannedStudent student;
        student.cohort = cohort;
        student.school = stream.Weighted(school_weights);
        student.specialty = PickSpecialty(stream, student.school);
        if (student.specialty < 0) {
          continue;
        }
        const auto& levels = specialties_[static_cast<size_t>(student.specialty)].levels;
        student.target_level = stream.Chance(0.5) ? levels.back() : stream.Pick(levels);
        student.enrol_date = absl::CivilDay(cohort, 9, 1) + stream.Below(10);
        do {
          student.person = people.Next();
        } while (!used.insert(student.person.id_number).second);
        students.push_back(std::move(student));
      }
    }
    std::stable_sort(students.begin(), students.end(),
                     [](const PlannedStudent& a, const PlannedStudent& b) { return a.school < b.school; });
    Stream fates(options_.seed, "student-fates");
    for (PlannedStudent& student : students) {
      PlanFate(fates, student);
    }
    return students;
  }

 private:
  int PickSpecialty(Stream& stream, int school) const {
    const auto it = by_school_.find(school);
    if (it == by_school_.end()) {
      return -1;
    }
    std::vector<double> weights;
    for (int i : it->second) {
      weights.push_back(specialties_[static_cast<size_t>(i)].weight);
    }
    const int picked = it->second[static_cast<size_t>(stream.Weighted(weights))];
    return specialties_[static_cast<size_t>(picked)].closed ? -1 : picked;
  }

  // An open specialty training `level` other than `from`: at the same school (转专业) or another.
  int TransferDestination(Stream& stream, const PlannedStudent& student) const {
    std::vector<int> candidates;
    const bool same_school = stream.Chance(0.6);
    for (size_t i = 0; i < specialties_.size(); ++i) {
      const PlannedSpecialty& s = specialties_[i];
      if (s.closed || static_cast<int>(i) == student.specialty || (s.school == student.school) != same_school ||
          std::find(s.levels.begin(), s.levels.end(), student.target_level) == s.levels.end()) {
        continue;
      }
      candidates.push_back(static_cast<int>(i));
    }
    return candidates.empty() ? -1 : stream.Pick(candidates);
  }

  void PlanFate(Stream& stream, PlannedStudent& student) const {
    const absl::CivilDay year_start(options_.year, 1, 1);
    const absl::CivilDay cutoff = options_.cutoff;
    const bool graduating = student.cohort == options_.year - 3;
    const absl::CivilDay graduation =
        Clamp(absl::CivilDay(options_.year, 7, 1) + static_cast<int>(student.school % 8), student.enrol_date, cutoff);
    // The days in the year a change may carry: after enrolment, not after today (nor after
    // graduation for the graduating cohort).
    const absl::CivilDay first_day = std::max(year_start, student.enrol_date + 1);
    const absl::CivilDay last_day = graduating ? std::min(cutoff, graduation - 1) : cutoff;
    const double u = stream.Uniform();
    if (first_day <= last_day && u < 0.03) {
      student.fate = StudentFate::kWithdrawn;
      student.status_date = DayBetween(stream, first_day, last_day);
      static const std::vector<double> kWeights = {0, 35, 10, 15, 20, 10, 3, 7};
      student.withdrawal_reason = static_cast<ed::WithdrawalReason>(stream.Weighted(kWeights));
      if (student.withdrawal_reason == ed::WITHDRAWAL_REASON_OTHER) {
        static const std::vector<std::string> kTexts = {"随家庭迁居外地", "出国留学", "转入普通高中就读"};
        student.reason_text = stream.Pick(kTexts);
      }
      return;
    }
    if (!graduating && first_day <= last_day && u < 0.043) {
      const int to = TransferDestination(stream, student);
      if (to >= 0) {
        student.fate = StudentFate::kTransferred;
        student.to_specialty = to;
        student.status_date = DayBetween(stream, first_day, last_day);
        student.reason_text =
            specialties_[static_cast<size_t>(to)].school == student.school ? "转专业：个人志趣调整" : "随家庭迁居转学";
      }
      return;
    }
    if (!graduating) {
      return;
    }
    student.fate = StudentFate::kGraduated;
    student.status_date = graduation;
    if (!stream.Chance(0.92)) {
      return;
    }
    student.has_destination = true;
    PlannedDestination& d = student.destination;
    d.start_date = Clamp(graduation + stream.Between(0, 75), graduation, cutoff);
    static const std::vector<double> kKinds = {0, 70, 10, 14, 6};
    d.kind = static_cast<ed::EmploymentKind>(stream.Weighted(kKinds));
    const PlannedSpecialty& specialty = specialties_[static_cast<size_t>(student.specialty)];
    const PlannedSchool& school = schools_[static_cast<size_t>(student.school)];
    if (d.kind == ed::EMPLOYMENT_KIND_IN_CITY) {
      const int employer = EmployerFor(stream, index_, specialty.industry_chain_code, school.district_code);
      if (employer < 0) {
        d.kind = ed::EMPLOYMENT_KIND_ELSEWHERE;
      } else {
        const PlannedEnterprise& e = enterprises_[static_cast<size_t>(employer)];
        d.employer_credit_code = e.credit_code;
        d.employer_name = e.name;
        d.employer_district_code = e.district_code;
        d.industry_chain_code = e.industry_chain_code;
        if (stream.Chance(0.8)) {
          d.reward_fen = RewardFen(student.target_level);
          d.reward_paid = stream.Chance(0.75);
        }
        return;
      }
    }
    if (d.kind == ed::EMPLOYMENT_KIND_ELSEWHERE) {
      const auto& [area, city] = kElsewhere[stream.Below(static_cast<int>(std::size(kElsewhere)))];
      d.employer_credit_code = MakeCreditCode("91", area, stream.Next());
      d.employer_name = Concat(city, PickBrand(stream), ChainSuffix(specialty.industry_chain_code));
    }
  }

  const PlanOptions& options_;
  const ReferenceData& reference_;
  const std::vector<PlannedSchool>& schools_;
  const std::vector<PlannedSpecialty>& specialties_;
  const std::vector<PlannedEnterprise>& enterprises_;
  const Enterprises index_;
  std::map<int, std::vector<int>> by_school_;
};

// ------------------------------------------------------------------ partnerships

std::vector<PlannedPartnership> PlanPartnerships(const PlanOptions& options, const std::vector<PlannedSchool>& schools,
                                                 const std::vector<PlannedSpecialty>& specialties,
                                                 const std::vector<PlannedEnterprise>& enterprises) {
  Stream stream(options.seed, "partnerships");
  std::vector<PlannedPartnership> partnerships;
  const Enterprises index = IndexEnterprises(enterprises);
  if (schools.empty() || index.all.empty()) {
    return partnerships;
  }
  std::vector<double> school_weights;
  for (const PlannedSchool& school : schools) {
    school_weights.push_back(school.weight);
  }
  std::set<std::string> keys;
  static const std::vector<double> kKinds = {0, 45, 25, 30};
  for (int attempts = 0; static_cast<int>(partnerships.size()) < kEducationPartnerships && attempts < 10'000;
       ++attempts) {
    PlannedPartnership p;
    p.school = stream.Weighted(school_weights);
    p.kind = static_cast<ed::PartnershipKind>(stream.Weighted(kKinds));
    std::vector<int> open;
    for (size_t i = 0; i < specialties.size(); ++i) {
      if (specialties[i].school == p.school && !specialties[i].closed) {
        open.push_back(static_cast<int>(i));
      }
    }
    if (open.empty()) {
      continue;
    }
    const int specialty = stream.Pick(open);
    if (p.kind == ed::PARTNERSHIP_KIND_ORDER_CLASS || stream.Chance(0.5)) {
      p.specialty = specialty;
    }
    const PlannedSchool& school = schools[static_cast<size_t>(p.school)];
    const int employer = EmployerFor(stream, index, specialties[static_cast<size_t>(specialty)].industry_chain_code,
                                     school.district_code);
    p.enterprise = enterprises[static_cast<size_t>(employer)];
    p.start_year = stream.Between(options.year - 4, options.year);
    p.planned_end_year = stream.Chance(0.3) ? 0 : p.start_year + stream.Between(2, 4);
    const std::string& specialty_name = specialties[static_cast<size_t>(specialty)].name;
    switch (p.kind) {
      case ed::PARTNERSHIP_KIND_ORDER_CLASS:
        p.places = stream.Between(30, 50);
        p.description = Concat(p.enterprise.name, "“", specialty_name, "”一班一企订单班");
        break;
      case ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE:
        p.places = 0;
        p.description = Concat("校企共建", specialty_name, "实训基地");
        break;
      default:
        p.places = stream.Between(10, 40);
        p.description = Concat(p.enterprise.name, "企业新型学徒制培养");
        break;
    }
    const std::string key = Concat(p.school, "|", p.enterprise.credit_code, "|", static_cast<int>(p.kind), "|",
                                   p.specialty, "|", p.start_year);
    if (!keys.insert(key).second) {
      continue;
    }
    partnerships.push_back(std::move(p));
  }
  // A few ended, mostly older ones.
  static constexpr std::string_view kEndReasons[] = {"企业经营调整，合作终止", "订单班学员全部结业",
                                                     "实训基地搬迁，协议提前终止"};
  int ended = 0;
  for (PlannedPartnership& p : partnerships) {
    if (ended < 5 && p.start_year < options.year && stream.Chance(0.08)) {
      p.end = true;
      p.ended_year = stream.Between(p.start_year + 1, options.year);
      p.end_reason = std::string(kEndReasons[stream.Below(static_cast<int>(std::size(kEndReasons)))]);
      ++ended;
    }
  }
  return partnerships;
}

}  // namespace

std::vector<ed::TrainingLevel> LevelsOfKind(ed::SchoolKind kind) {
  switch (kind) {
    case ed::SCHOOL_KIND_TECHNICIAN_COLLEGE:
      return {ed::TRAINING_LEVEL_INTERMEDIATE, ed::TRAINING_LEVEL_SENIOR, ed::TRAINING_LEVEL_PRE_TECHNICIAN};
    case ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL:
      return {ed::TRAINING_LEVEL_INTERMEDIATE, ed::TRAINING_LEVEL_SENIOR};
    case ed::SCHOOL_KIND_TECHNICAL_SCHOOL:
      return {ed::TRAINING_LEVEL_INTERMEDIATE};
    default:
      return {};
  }
}

EducationPlan PlanEducation(const PlanOptions& options, const ReferenceData& reference,
                            const std::vector<PlannedEnterprise>& enterprises) {
  EducationPlan plan;
  plan.schools = PlanSchools(options, reference);
  plan.specialties = PlanSpecialties(options, reference, plan.schools);
  plan.students = StudentPlanner(options, reference, plan.schools, plan.specialties, enterprises).Plan();
  plan.partnerships = PlanPartnerships(options, plan.schools, plan.specialties, enterprises);
  return plan;
}

PlannedEducationTotals TotalsOf(const EducationPlan& plan, int year) {
  PlannedEducationTotals totals;
  for (const PlannedStudent& s : plan.students) {
    if (s.enrol_date.year() == year) {
      ++totals.enrolled_in_year;
    }
    const bool in_year = s.status_date.year() == year;
    switch (s.fate) {
      case StudentFate::kEnrolled:
      case StudentFate::kTransferred:
        ++totals.enrolled_now;
        totals.transferred += s.fate == StudentFate::kTransferred && in_year ? 1 : 0;
        break;
      case StudentFate::kWithdrawn:
        totals.withdrawn += in_year ? 1 : 0;
        break;
      case StudentFate::kGraduated:
        if (!in_year) {
          break;
        }
        ++totals.graduated;
        if (s.has_destination) {
          ++totals.destinations;
          if (s.destination.kind == ed::EMPLOYMENT_KIND_IN_CITY) {
            ++totals.employed_in_city;
          }
          totals.reward_granted_fen += s.destination.reward_fen;
          totals.reward_paid_fen += s.destination.reward_paid ? s.destination.reward_fen : 0;
        }
        break;
    }
  }
  for (const PlannedSpecialty& s : plan.specialties) {
    if (s.closed) {
      continue;
    }
    ++totals.active_specialties;
    totals.featured_specialties += s.featured ? 1 : 0;
    totals.chain_specialties += s.industry_chain_code.empty() ? 0 : 1;
  }
  for (const PlannedPartnership& p : plan.partnerships) {
    totals.active_partnerships += p.end ? 0 : 1;
  }
  return totals;
}

}  // namespace skillbridge::simulator

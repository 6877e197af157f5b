#include "tools/simulator/plan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <tuple>
#include <utility>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "tools/simulator/training_plan.h"

namespace skillbridge::simulator {

namespace {

using common::v1::SkillLevel;
namespace ev = ::skillbridge::evaluation::v1;

// ------------------------------------------------------------------ deterministic randomness

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t HashName(std::string_view name) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : name) {
    h = (h ^ c) * 0x100000001B3ULL;
  }
  return h;
}

// One named stream of a seed. std::mt19937_64 is fully specified by the standard; the
// distributions are written out here (the standard library's are not portable).
class Stream final {
 public:
  Stream(uint64_t seed, std::string_view name) : engine_(SplitMix(seed ^ HashName(name))) {}

  uint64_t Next() { return engine_(); }
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  int Below(int n) { return n <= 1 ? 0 : static_cast<int>(engine_() % static_cast<uint64_t>(n)); }
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }  // inclusive
  bool Chance(double p) { return Uniform() < p; }
  int Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = Uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) {
        return static_cast<int>(i);
      }
      x -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }

 private:
  std::mt19937_64 engine_;
};

// ------------------------------------------------------------------ names and places

struct WeightedText {
  const char* text;
  double weight;
};

constexpr WeightedText kSurnames[] = {
    {"王", 72}, {"李", 70}, {"张", 68}, {"刘", 54}, {"陈", 40}, {"杨", 31}, {"赵", 25}, {"孙", 22}, {"于", 20},
    {"徐", 18}, {"姜", 16}, {"周", 16}, {"吴", 15}, {"高", 14}, {"马", 12}, {"郭", 12}, {"黄", 12}, {"朱", 11},
    {"宋", 11}, {"林", 10}, {"胡", 10}, {"董", 10}, {"韩", 9},  {"曲", 8},  {"崔", 8},  {"薛", 6},  {"梁", 6},
    {"何", 6},  {"郑", 6},  {"谢", 5},  {"唐", 5},  {"冯", 5},  {"程", 5},  {"曹", 5},  {"袁", 4},  {"许", 4},
    {"邓", 4},  {"吕", 4},  {"任", 4},  {"孔", 3},  {"毕", 3},  {"隋", 3},  {"逄", 2},  {"臧", 2},  {"修", 2},
    {"房", 2},  {"纪", 2},  {"栾", 2},  {"盛", 2},  {"管", 2},
};

constexpr const char* kMaleGiven[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉",
                                      "鹏", "华", "飞", "鑫", "波", "宁", "浩", "凯", "健", "俊", "帆", "旭", "宇",
                                      "峰", "建", "国", "东", "海", "林", "成", "亮", "志", "文", "龙", "振", "晨",
                                      "博", "磊", "昊", "泽", "阳", "锋", "威", "庆", "良", "春", "德"};
constexpr const char* kFemaleGiven[] = {"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "英", "婷", "雪",
                                        "慧", "莹", "晶", "琳", "洁", "颖", "倩", "萍", "红", "燕", "玉", "梅", "丹",
                                        "蕾", "薇", "佳", "欣", "悦", "晓", "雨", "月", "彤", "璐", "岩", "萌", "洋",
                                        "宁", "春", "冬", "琪", "瑶", "楠", "妍", "青", "华", "珊", "露"};

struct Area {
  const char* code;
  double weight;
};

// Birthplaces outside Qingdao: the rest of Shandong, then the provinces most workers in the
// city come from.
constexpr Area kShandongAreas[] = {
    {"370102", 3}, {"370112", 2}, {"370303", 2}, {"370602", 4}, {"370682", 2}, {"370702", 4}, {"370781", 2},
    {"370786", 3}, {"370811", 2}, {"370902", 1}, {"371082", 2}, {"371102", 3}, {"371302", 4}, {"371321", 3},
    {"371402", 1}, {"371502", 1}, {"371602", 1}, {"371702", 2}, {"370522", 1}, {"371122", 2},
};
constexpr Area kOtherAreas[] = {
    {"410102", 3}, {"411302", 3}, {"412702", 2}, {"341202", 3}, {"340102", 1}, {"320302", 2}, {"321302", 1},
    {"230102", 2}, {"231002", 1}, {"220102", 2}, {"130102", 2}, {"131102", 1}, {"510104", 1}, {"420102", 1},
    {"210102", 2}, {"150102", 1}, {"620102", 1}, {"360102", 1}, {"430102", 1}, {"140105", 1},
};

struct Province {
  const char* digits;
  const char* name;
};
constexpr Province kProvinces[] = {
    {"37", "山东省"},       {"41", "河南省"}, {"34", "安徽省"}, {"32", "江苏省"}, {"23", "黑龙江省"},
    {"22", "吉林省"},       {"13", "河北省"}, {"51", "四川省"}, {"42", "湖北省"}, {"21", "辽宁省"},
    {"15", "内蒙古自治区"}, {"62", "甘肃省"}, {"36", "江西省"}, {"43", "湖南省"}, {"14", "山西省"},
};

std::string ProvinceName(std::string_view digits) {
  for (const auto& province : kProvinces) {
    if (digits == province.digits) {
      return province.name;
    }
  }
  return "外省";
}

constexpr const char* kBrands[] = {"海川", "德信", "瑞丰", "恒达", "华晟", "鲁工", "东岳", "金桥", "明远", "泰和",
                                   "新港", "港航", "中联", "卓越", "汇通", "启航", "蓝海", "崂峰", "琴岛", "胶澳",
                                   "鑫源", "弘信", "天承", "博润", "众诚", "凯盛", "远洋", "盛海", "融信", "立德"};

std::string ChainSuffix(std::string_view chain) {
  static const std::map<std::string, std::string, std::less<>> kSuffix = {
      {"IC01", "电子科技有限公司"},   {"IC02", "智能科技有限公司"},     {"IC03", "智能家电有限公司"},
      {"IC04", "汽车零部件有限公司"}, {"IC05", "轨道交通装备有限公司"}, {"IC06", "船舶海工有限公司"},
      {"IC07", "智能装备有限公司"},   {"IC08", "生物医药有限公司"},     {"IC09", "新材料有限公司"},
      {"IC10", "食品有限公司"},       {"IC11", "服饰有限公司"},         {"IC12", "模具科技有限公司"},
      {"IC13", "新能源有限公司"},
  };
  auto found = kSuffix.find(chain);
  return found == kSuffix.end() ? "制造有限公司" : found->second;
}

struct DistrictShare {
  const char* code;
  double weight;
};

// Workforce-weighted shares: the West Coast New Area (黄岛区) is the industrial centre, 城阳区
// and 即墨区 follow; the old city centre (市南区) is small in industry.
constexpr DistrictShare kDistrictShares[] = {
    {"370202", 4.5},  {"370203", 8.5},  {"370211", 21.0}, {"370212", 7.0}, {"370213", 7.0},
    {"370214", 13.5}, {"370215", 13.0}, {"370281", 10.0}, {"370283", 8.5}, {"370285", 7.0},
};

// ------------------------------------------------------------------ people

// Birthplace: a Qingdao district (weighted like the districts), elsewhere in Shandong, or another
// province.
std::string PickArea(Stream& stream, const ReferenceData& reference, double other_province_share,
                     double qingdao_share) {
  const double u = stream.Uniform();
  if (u < other_province_share) {
    std::vector<double> weights;
    for (const auto& area : kOtherAreas) {
      weights.push_back(area.weight);
    }
    return kOtherAreas[stream.Weighted(weights)].code;
  }
  if (u < other_province_share + qingdao_share && !reference.districts().empty()) {
    std::vector<double> weights;
    for (const auto& district : reference.districts()) {
      weights.push_back(DistrictWeight(district.code));
    }
    return reference.districts()[static_cast<size_t>(stream.Weighted(weights))].code;
  }
  std::vector<double> weights;
  for (const auto& area : kShandongAreas) {
    weights.push_back(area.weight);
  }
  return kShandongAreas[stream.Weighted(weights)].code;
}

std::string PickName(Stream& stream, bool male) {
  std::vector<double> weights;
  for (const auto& surname : kSurnames) {
    weights.push_back(surname.weight);
  }
  std::string name = kSurnames[stream.Weighted(weights)].text;
  const int given = stream.Chance(0.72) ? 2 : 1;
  for (int i = 0; i < given; ++i) {
    if (male) {
      name += kMaleGiven[stream.Below(static_cast<int>(std::size(kMaleGiven)))];
    } else {
      name += kFemaleGiven[stream.Below(static_cast<int>(std::size(kFemaleGiven)))];
    }
  }
  return name;
}

// Makes distinct people from one stream. Sequence numbers (digits 15-17) come from
// [sequence_lo, sequence_hi], so factories with disjoint ranges never make the same number.
class PersonFactory final {
 public:
  PersonFactory(Stream& stream, const ReferenceData& reference, int year, int sequence_lo, int sequence_hi,
                double other_province_share, double qingdao_share)
      : stream_(stream),
        reference_(reference),
        year_(year),
        sequence_lo_(sequence_lo),
        sequence_hi_(sequence_hi),
        other_province_share_(other_province_share),
        qingdao_share_(qingdao_share) {}

  PlannedPerson Next() {
    while (true) {
      const std::string area = PickArea(stream_, reference_, other_province_share_, qingdao_share_);
      // Ages 18 to 60, most between 25 and 50.
      const double mix = (stream_.Uniform() + stream_.Uniform() + stream_.Uniform()) / 3.0;
      const int age = 18 + static_cast<int>(mix * 42.0);
      const absl::CivilDay first(year_ - age, 1, 1);
      const int days = static_cast<int>(absl::CivilDay(year_ - age + 1, 1, 1) - first);
      const absl::CivilDay birth = first + stream_.Below(days);
      const int sequence = stream_.Between(sequence_lo_, sequence_hi_);
      std::string id = MakeCitizenId(area, birth, sequence);
      const bool male = sequence % 2 == 1;
      std::string name = PickName(stream_, male);
      if (used_.insert(id).second) {
        return PlannedPerson{std::move(id), std::move(name)};
      }
    }
  }

 private:
  Stream& stream_;
  const ReferenceData& reference_;
  int year_;
  int sequence_lo_;
  int sequence_hi_;
  double other_province_share_;
  double qingdao_share_;
  std::set<std::string> used_;
};

// ------------------------------------------------------------------ dates

// Days of the year up to the cutoff, weighted by season (fewer around the Spring Festival,
// more before summer and at the year's end) and by weekday.
class DaySampler final {
 public:
  DaySampler(int year, absl::CivilDay cutoff) : first_(year, 1, 1) {
    static constexpr double kMonth[12] = {0.6, 0.5, 1.0, 1.0, 1.1, 1.3, 1.2, 0.9, 1.0, 0.9, 1.2, 1.3};
    absl::CivilDay last = std::min(cutoff, absl::CivilDay(year, 12, 31));
    if (last < first_) {
      last = first_;
    }
    double total = 0;
    for (absl::CivilDay day = first_; day <= last; ++day) {
      const absl::Weekday weekday = absl::GetWeekday(day);
      const bool weekend = weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
      total += kMonth[day.month() - 1] * (weekend ? 0.45 : 1.0);
      cumulative_.push_back(total);
    }
  }

  absl::CivilDay Sample(Stream& stream) const {
    const double x = stream.Uniform() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    const auto offset =
        std::min<std::ptrdiff_t>(it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1);
    return first_ + offset;
  }

 private:
  absl::CivilDay first_;
  std::vector<double> cumulative_;
};

// ------------------------------------------------------------------ occupations and levels

constexpr SkillLevel kCertifiedLevels[] = {common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE,
                                           common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_2_TECHNICIAN,
                                           common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN};

bool IsProduction(const Occupation& occupation) { return !occupation.code.empty() && occupation.code[0] == '6'; }

// The highest offered level among 五级..一级 that is not above `desired`; else the lowest offered
// among them; UNSPECIFIED when it offers none of them.
SkillLevel ScopeLevelFor(const Occupation& occupation, SkillLevel desired) {
  SkillLevel best = common::v1::SKILL_LEVEL_UNSPECIFIED;
  SkillLevel lowest = common::v1::SKILL_LEVEL_UNSPECIFIED;
  for (SkillLevel level : occupation.levels) {
    if (level < common::v1::SKILL_LEVEL_5_JUNIOR || level > common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN) {
      continue;
    }
    if (lowest == common::v1::SKILL_LEVEL_UNSPECIFIED) {
      lowest = level;
    }
    if (level <= desired) {
      best = level;
    }
  }
  return best != common::v1::SKILL_LEVEL_UNSPECIFIED ? best : lowest;
}

bool Offers(const Occupation& occupation, SkillLevel level) {
  return std::find(occupation.levels.begin(), occupation.levels.end(), level) != occupation.levels.end();
}

// Level mix per organisation kind (weights of 五级, 四级, 三级, 二级, 一级).
std::array<double, 5> LevelMix(ev::OrgKind kind) {
  switch (kind) {
    case ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION:
      return {16, 26, 39, 14, 5};
    case ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION:
      return {36, 32, 24, 6, 2};
    case ev::ORG_KIND_TECHNICAL_SCHOOL:
      return {24, 40, 31, 5, 0};
    default:
      return {40, 30, 20, 7, 3};
  }
}

std::vector<const Occupation*> PickOccupations(Stream& stream, std::vector<const Occupation*> pool, int count) {
  std::vector<const Occupation*> out;
  while (!pool.empty() && static_cast<int>(out.size()) < count) {
    const int i = stream.Below(static_cast<int>(pool.size()));
    out.push_back(pool[static_cast<size_t>(i)]);
    pool.erase(pool.begin() + i);
  }
  return out;
}

std::string ChainFor(Stream& stream, const ReferenceData& reference) {
  // Manufacturing chains that self-evaluating enterprises of these trades belong to.
  static const std::map<std::string, double, std::less<>> kPreferred = {
      {"IC03", 4}, {"IC07", 5}, {"IC06", 3}, {"IC04", 3}, {"IC05", 2}, {"IC12", 2}, {"IC01", 2},
      {"IC09", 2}, {"IC10", 1}, {"IC11", 1}, {"IC13", 1}, {"IC02", 1}, {"IC08", 1}};
  std::vector<double> weights;
  for (const auto& chain : reference.industry_chains()) {
    auto found = kPreferred.find(chain.code);
    weights.push_back(found == kPreferred.end() ? 0.5 : found->second);
  }
  if (weights.empty()) {
    return "";
  }
  return reference.industry_chains()[static_cast<size_t>(stream.Weighted(weights))].code;
}

// A 6-digit assessment site serial: the district's last four digits, a kind digit, a sequence digit.
std::string Site(std::string_view district_code, int kind_digit, int sequence) {
  char text[16];
  std::snprintf(text, sizeof(text), "%.4s%d%d", std::string(district_code.substr(2)).c_str(), kind_digit % 10,
                (sequence + 1) % 10);
  return text;
}

std::string Phone(Stream& stream) {
  char text[32];
  std::snprintf(text, sizeof(text), "0532-8%07d", stream.Below(10'000'000));
  return text;
}

}  // namespace

// ------------------------------------------------------------------ public helpers

std::string_view RowKindName(RowKind kind) {
  switch (kind) {
    case RowKind::kValid:
      return "valid";
    case RowKind::kBadIdNumber:
      return "bad_id_number";
    case RowKind::kLevelNotOffered:
      return "level_not_offered";
    case RowKind::kOutsideScope:
      return "outside_scope";
    case RowKind::kOrgNotFiled:
      return "org_not_filed";
    case RowKind::kDuplicate:
      return "duplicate";
  }
  return "?";
}

double DistrictWeight(std::string_view district_code) {
  for (const auto& share : kDistrictShares) {
    if (district_code == share.code) {
      return share.weight;
    }
  }
  return 3.0;
}

int Scaled(int full, double scale, int minimum) {
  const double scaled = std::round(static_cast<double>(full) * scale);
  return std::max(minimum, static_cast<int>(scaled));
}

std::string MakeCitizenId(std::string_view area, absl::CivilDay birth, int sequence) {
  char body[32];
  std::snprintf(body, sizeof(body), "%.6s%04d%02d%02d%03d", std::string(area).c_str(), static_cast<int>(birth.year()),
                birth.month(), birth.day(), sequence % 1000);
  const std::string first17(body, 17);
  return first17 + CitizenIdCheckCharacter(first17);
}

std::string MakeCreditCode(std::string_view category, std::string_view area, uint64_t organisation_number) {
  // GB 11714 organisation code: 8 digits + check (11 - Σ c_i·w_i mod 11; 10 → X, 11 → 0).
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  char digits[16];
  std::snprintf(digits, sizeof(digits), "%08llu", static_cast<unsigned long long>(organisation_number % 100000000ULL));
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    sum += (digits[i] - '0') * kWeights[i];
  }
  const int check = 11 - sum % 11;
  const char check_char = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  const std::string first17 = Concat(category.substr(0, 2), area.substr(0, 6), std::string_view(digits, 8), check_char);
  return first17 + CreditCodeCheckCharacter(first17);
}

std::string CertificateNumber(const PlannedCertificate& row, const PlannedOrg& org, std::string_view org_code) {
  const bool special = row.type == ev::CERTIFICATE_TYPE_SPECIAL_ABILITY;
  std::string prefix = special ? "ZX" : (org.kind == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION ? "Y" : "S");
  char tail[32];
  if (special) {
    std::snprintf(tail, sizeof(tail), "%02d%06d", static_cast<int>(row.issue_date.year() % 100), row.serial);
  } else {
    std::snprintf(tail, sizeof(tail), "%02d%d%06d", static_cast<int>(row.issue_date.year() % 100),
                  LevelDigit(row.level).value_or(0), row.serial);
  }
  return Concat(prefix, org_code, "37", row.site_serial, std::string_view(tail));
}

// ------------------------------------------------------------------ organisations

std::vector<PlannedOrg> PlanOrgs(const PlanOptions& options, const ReferenceData& reference) {
  Stream stream(options.seed, "orgs");
  const auto& districts = reference.districts();
  std::vector<PlannedOrg> orgs;
  if (districts.empty()) {
    return orgs;
  }
  // Two per district, the rest by weight (largest remainder).
  std::vector<int> per_district(districts.size(), 0);
  int remaining = kEvaluationOrgs;
  const int base = std::min(2, kEvaluationOrgs / static_cast<int>(districts.size()));
  double total_weight = 0;
  for (size_t d = 0; d < districts.size(); ++d) {
    per_district[d] = base;
    remaining -= base;
    total_weight += DistrictWeight(districts[d].code);
  }
  std::vector<std::pair<double, size_t>> remainders;
  int assigned = 0;
  const int extra = remaining;
  for (size_t d = 0; d < districts.size(); ++d) {
    const double exact = extra * DistrictWeight(districts[d].code) / total_weight;
    const int whole = static_cast<int>(exact);
    per_district[d] += whole;
    assigned += whole;
    remainders.emplace_back(-(exact - whole), d);
  }
  std::sort(remainders.begin(), remainders.end());
  for (int i = 0; i < extra - assigned; ++i) {
    ++per_district[remainders[static_cast<size_t>(i) % remainders.size()].second];
  }

  // Kinds: 16 enterprises, 14 social training evaluation organisations, 7 technical schools,
  // 3 qualification bodies, shuffled over the districts.
  std::vector<ev::OrgKind> kinds;
  kinds.insert(kinds.end(), 16, ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION);
  kinds.insert(kinds.end(), 14, ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  kinds.insert(kinds.end(), 7, ev::ORG_KIND_TECHNICAL_SCHOOL);
  kinds.insert(kinds.end(), 3, ev::ORG_KIND_QUALIFICATION_BODY);
  kinds.resize(static_cast<size_t>(kEvaluationOrgs), ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  for (size_t i = kinds.size() - 1; i > 0; --i) {
    std::swap(kinds[i], kinds[static_cast<size_t>(stream.Below(static_cast<int>(i) + 1))]);
  }

  std::vector<const Occupation*> production;
  std::vector<const Occupation*> services;
  for (const auto& occupation : reference.occupations()) {
    if (ScopeLevelFor(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN) == common::v1::SKILL_LEVEL_UNSPECIFIED) {
      continue;
    }
    (IsProduction(occupation) ? production : services).push_back(&occupation);
  }
  if (production.empty()) {
    production = services;
  }
  if (services.empty()) {
    services = production;
  }

  std::set<std::string> codes;
  std::set<std::string> names;
  size_t next_kind = 0;
  Stream people(options.seed, "org-contacts");
  for (size_t d = 0; d < districts.size(); ++d) {
    const District& district = districts[d];
    for (int k = 0; k < per_district[d]; ++k) {
      PlannedOrg org;
      org.kind = kinds[next_kind++];
      org.district_code = district.code;
      const std::string brand = kBrands[stream.Below(static_cast<int>(std::size(kBrands)))];
      std::string category = "91";
      std::vector<std::pair<const Occupation*, SkillLevel>> scope;
      switch (org.kind) {
        case ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION: {
          org.industry_chain_code = ChainFor(stream, reference);
          org.name = Concat("青岛", brand, ChainSuffix(org.industry_chain_code));
          for (const Occupation* occupation : PickOccupations(stream, production, stream.Between(3, 5))) {
            scope.emplace_back(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
          }
          org.sites = {Site(district.code, 0, k)};
          org.weight = 1.3;
          break;
        }
        case ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION: {
          category = stream.Chance(0.4) ? "52" : "91";
          static constexpr const char* kSuffixes[] = {"职业培训学校", "职业技能培训学校", "人力资源有限公司",
                                                      "职业技能评价有限公司"};
          std::string suffix = kSuffixes[stream.Below(4)];
          if (category == "91" && suffix.find("学校") != std::string::npos) {
            suffix = "职业技能评价有限公司";
          }
          org.name = Concat("青岛", brand, suffix);
          const SkillLevel highest =
              stream.Chance(0.6) ? common::v1::SKILL_LEVEL_2_TECHNICIAN : common::v1::SKILL_LEVEL_3_SENIOR;
          for (const Occupation* occupation : PickOccupations(stream, services, stream.Between(3, 6))) {
            scope.emplace_back(occupation, highest);
          }
          org.sites = {Site(district.code, 1, k), Site(district.code, 2, k)};
          org.weight = 1.0;
          break;
        }
        case ev::ORG_KIND_TECHNICAL_SCHOOL: {
          category = "12";
          org.name = names.count(district.name + "高级技工学校") == 0 ? district.name + "高级技工学校"
                                                                      : Concat("青岛", brand, "技工学校");
          const SkillLevel highest =
              stream.Chance(0.7) ? common::v1::SKILL_LEVEL_3_SENIOR : common::v1::SKILL_LEVEL_2_TECHNICIAN;
          for (const Occupation* occupation : PickOccupations(stream, production, stream.Between(2, 4))) {
            scope.emplace_back(occupation, highest);
          }
          for (const Occupation* occupation : PickOccupations(stream, services, 1)) {
            scope.emplace_back(occupation, highest);
          }
          org.sites = {Site(district.code, 3, k), Site(district.code, 4, k)};
          org.weight = 0.8;
          break;
        }
        default: {
          category = "12";
          static constexpr const char* kBodies[] = {"青岛市消防行业职业技能鉴定站", "青岛市保安服务行业职业技能鉴定站",
                                                    "青岛市电力行业职业技能鉴定站"};
          static constexpr const char* kBodyOccupations[] = {"4-07-05-04", "4-07-05-01", "6-31-01-03"};
          const int body = stream.Below(3);
          org.name = kBodies[body];
          if (names.count(org.name) != 0) {
            org.name = Concat(district.name, "职业技能鉴定站");
          }
          const Occupation* preferred = reference.FindOccupation(kBodyOccupations[body]);
          if (preferred != nullptr) {
            scope.emplace_back(preferred, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
          } else {
            for (const Occupation* occupation : PickOccupations(stream, services, 2)) {
              scope.emplace_back(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
            }
          }
          org.sites = {Site(district.code, 5, k)};
          org.weight = 0.5;
          break;
        }
      }
      if (!names.insert(org.name).second) {
        org.name = Concat(org.name.substr(0, org.name.size()), "（", district.name, "）");
        names.insert(org.name);
      }
      for (const auto& [occupation, desired] : scope) {
        org.scope.push_back(PlannedScope{occupation->code, ScopeLevelFor(*occupation, desired)});
      }
      do {
        org.credit_code = MakeCreditCode(category, district.code, stream.Next());
      } while (!codes.insert(org.credit_code).second);
      const bool male = people.Chance(0.55);
      org.contact_name = PickName(people, male);
      org.contact_phone = Phone(people);
      orgs.push_back(std::move(org));
    }
  }

  // A few organisations are not (or no longer) filed: two applications waiting, one under
  // assessment, one suspended, one whose application was refused (revoked).
  std::vector<size_t> candidates;
  for (size_t i = 0; i < orgs.size(); ++i) {
    if (orgs[i].kind == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION ||
        orgs[i].kind == ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION) {
      candidates.push_back(i);
    }
  }
  const FilingTarget kOthers[] = {FilingTarget::kApplied, FilingTarget::kApplied, FilingTarget::kUnderAssessment,
                                  FilingTarget::kSuspended, FilingTarget::kRevoked};
  for (FilingTarget target : kOthers) {
    if (candidates.size() <= 1) {
      break;
    }
    const int i = stream.Below(static_cast<int>(candidates.size()));
    orgs[candidates[static_cast<size_t>(i)]].target = target;
    candidates.erase(candidates.begin() + i);
  }
  return orgs;
}

// ------------------------------------------------------------------ enterprises

std::vector<PlannedEnterprise> PlanEnterprises(const PlanOptions& options, const ReferenceData& reference,
                                               const std::vector<PlannedOrg>& orgs) {
  Stream stream(options.seed, "enterprises");
  std::vector<PlannedEnterprise> out;
  std::set<std::string> codes;
  for (const auto& org : orgs) {
    if (org.kind != ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION) {
      continue;
    }
    PlannedEnterprise enterprise;
    enterprise.credit_code = org.credit_code;
    enterprise.name = org.name;
    enterprise.district_code = org.district_code;
    enterprise.self_evaluation_eligible = true;
    enterprise.industry_chain_code = org.industry_chain_code;
    enterprise.employee_count = 400 + static_cast<int>(std::pow(stream.Uniform(), 2.0) * 6000);
    codes.insert(enterprise.credit_code);
    out.push_back(std::move(enterprise));
  }
  const auto& districts = reference.districts();
  if (districts.empty()) {
    return out;
  }
  std::vector<double> weights;
  for (const auto& district : districts) {
    weights.push_back(DistrictWeight(district.code));
  }
  const int eligible_without_org = 10;
  const int others = Scaled(kFullScaleOtherEnterprises, options.scale, 10);
  std::set<std::string> names;
  for (const auto& enterprise : out) {
    names.insert(enterprise.name);
  }
  for (int i = 0; i < eligible_without_org + others; ++i) {
    PlannedEnterprise enterprise;
    enterprise.district_code = districts[static_cast<size_t>(stream.Weighted(weights))].code;
    enterprise.self_evaluation_eligible = i < eligible_without_org;
    enterprise.industry_chain_code = ChainFor(stream, reference);
    const std::string brand = kBrands[stream.Below(static_cast<int>(std::size(kBrands)))];
    enterprise.name = Concat("青岛", brand, ChainSuffix(enterprise.industry_chain_code));
    for (int n = 2; !names.insert(enterprise.name).second; ++n) {
      const std::string second = kBrands[stream.Below(static_cast<int>(std::size(kBrands)))];
      enterprise.name = Concat("青岛", brand, second, ChainSuffix(enterprise.industry_chain_code));
      if (n > 5) {
        enterprise.name = Concat("青岛", brand, ChainSuffix(enterprise.industry_chain_code), "第", n, "分公司");
      }
    }
    enterprise.employee_count = enterprise.self_evaluation_eligible
                                    ? 300 + static_cast<int>(std::pow(stream.Uniform(), 2.0) * 4000)
                                    : 60 + static_cast<int>(std::pow(stream.Uniform(), 2.0) * 900);
    do {
      enterprise.credit_code = MakeCreditCode("91", enterprise.district_code, stream.Next());
    } while (!codes.insert(enterprise.credit_code).second);
    out.push_back(std::move(enterprise));
  }
  return out;
}

// ------------------------------------------------------------------ certificates

CertificatePlan PlanCertificates(const PlanOptions& options, const ReferenceData& reference,
                                 const std::vector<PlannedOrg>& orgs) {
  CertificatePlan plan;
  Stream stream(options.seed, "certificates");
  Stream people_stream(options.seed, "certificate-holders");
  PersonFactory people(people_stream, reference, options.year, 0, 499, 0.22, 0.48);
  const DaySampler days(options.year, options.cutoff);

  // Issuers: filed organisations, chosen by district weight, then by organisation weight.
  std::map<std::string, std::vector<int>> filed_by_district;
  int suspended = -1;
  std::vector<int> filed;
  for (size_t i = 0; i < orgs.size(); ++i) {
    if (orgs[i].target == FilingTarget::kFiled && !orgs[i].scope.empty()) {
      filed_by_district[orgs[i].district_code].push_back(static_cast<int>(i));
      filed.push_back(static_cast<int>(i));
    } else if (orgs[i].target == FilingTarget::kSuspended && !orgs[i].scope.empty()) {
      suspended = static_cast<int>(i);
    }
  }
  if (filed.empty()) {
    return plan;
  }
  std::vector<std::string> district_codes;
  std::vector<double> district_weights;
  for (const auto& [code, members] : filed_by_district) {
    district_codes.push_back(code);
    district_weights.push_back(DistrictWeight(code));
  }
  // (occupation, level) pairs a reference occupation does not offer, for refused rows.
  std::vector<std::pair<std::string, SkillLevel>> not_offered;
  for (const auto& occupation : reference.occupations()) {
    for (SkillLevel level : kCertifiedLevels) {
      if (!Offers(occupation, level)) {
        not_offered.emplace_back(occupation.code, level);
      }
    }
  }

  const int target_valid = Scaled(kFullScaleCertificates, options.scale, 1);
  std::map<std::string, int> serials;
  std::set<std::tuple<int, int, std::string, int>> held;  // (person, type, occupation, level)
  int valid = 0;
  int previous_valid_person = -1;
  int burst_person = -1;
  int burst_left = 0;

  auto next_serial = [&serials](const PlannedCertificate& row) {
    const std::string series =
        Concat(row.org, ":", row.site_serial, ":", static_cast<int>(row.type), ":", static_cast<int>(row.level));
    return ++serials[series];
  };
  auto new_person = [&plan, &people]() {
    plan.persons.push_back(people.Next());
    return static_cast<int>(plan.persons.size()) - 1;
  };
  // Fills type, occupation and level for `org`; false when it has no usable scope entry.
  auto fill_valid = [&](PlannedCertificate& row, const PlannedOrg& org) {
    const PlannedScope& scope = org.scope[static_cast<size_t>(stream.Below(static_cast<int>(org.scope.size())))];
    const Occupation* occupation = reference.FindOccupation(scope.occupation_code);
    if (occupation == nullptr) {
      return false;
    }
    row.occupation_code = occupation->code;
    if (org.kind == ev::ORG_KIND_QUALIFICATION_BODY) {
      row.type = ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION;
    } else if ((org.kind == ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION || org.kind == ev::ORG_KIND_TECHNICAL_SCHOOL) &&
               stream.Chance(0.07)) {
      row.type = ev::CERTIFICATE_TYPE_SPECIAL_ABILITY;
      row.level = common::v1::SKILL_LEVEL_UNSPECIFIED;
      return true;
    } else {
      row.type = ev::CERTIFICATE_TYPE_SKILL_LEVEL;
    }
    const auto mix = LevelMix(org.kind);
    std::vector<double> weights;
    for (size_t i = 0; i < std::size(kCertifiedLevels); ++i) {
      const SkillLevel level = kCertifiedLevels[i];
      weights.push_back(Offers(*occupation, level) && level <= scope.highest_level ? mix[i] : 0.0);
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (total <= 0) {
      return false;
    }
    row.level = kCertifiedLevels[stream.Weighted(weights)];
    if (org.kind == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION) {
      row.industry_chain_code = org.industry_chain_code;
      if (stream.Chance(0.04)) {
        row.basis = ev::CERTIFICATE_BASIS_RECOGNITION;
      }
    }
    return true;
  };

  while (valid < target_valid) {
    PlannedCertificate row;
    const std::string& district = district_codes[static_cast<size_t>(stream.Weighted(district_weights))];
    const std::vector<int>& members = filed_by_district[district];
    std::vector<double> org_weights;
    for (int m : members) {
      org_weights.push_back(orgs[static_cast<size_t>(m)].weight);
    }
    row.org = members[static_cast<size_t>(stream.Weighted(org_weights))];
    row.issue_date = days.Sample(stream);
    const double u = stream.Uniform();
    if (u < 0.03) {
      // A row the service must refuse.
      static constexpr double kKinds[] = {0.27, 0.13, 0.2, 0.13, 0.27};
      const int pick = stream.Weighted(std::vector<double>(std::begin(kKinds), std::end(kKinds)));
      row.kind = static_cast<RowKind>(pick + 1);
      if (row.kind == RowKind::kDuplicate && (plan.rows.empty() || plan.rows.size() % kCertificateBatchSize == 0 ||
                                              plan.rows.back().kind != RowKind::kValid || plan.rows.back().revoke)) {
        // (A revoked certificate frees its person, occupation and level: its duplicate would pass.)
        row.kind = RowKind::kBadIdNumber;
      }
      if (row.kind == RowKind::kLevelNotOffered && not_offered.empty()) {
        row.kind = RowKind::kBadIdNumber;
      }
      if (row.kind == RowKind::kOrgNotFiled && suspended < 0) {
        row.kind = RowKind::kOutsideScope;
      }
      const PlannedOrg& org = orgs[static_cast<size_t>(row.org)];
      switch (row.kind) {
        case RowKind::kDuplicate: {
          const PlannedCertificate& original = plan.rows.back();
          row = original;
          row.kind = RowKind::kDuplicate;
          row.revoke = false;
          row.revoke_reason.clear();
          break;
        }
        case RowKind::kBadIdNumber: {
          if (!fill_valid(row, org)) {
            continue;
          }
          row.person = new_person();
          std::string& id = plan.persons.back().id_number;
          const char* kChecks = "10X98765432";
          const char* at = std::strchr(kChecks, id.back());
          id.back() = kChecks[((at == nullptr ? 0 : at - kChecks) + 1 + stream.Below(9)) % 11];
          break;
        }
        case RowKind::kLevelNotOffered: {
          const auto& [code, level] =
              not_offered[static_cast<size_t>(stream.Below(static_cast<int>(not_offered.size())))];
          row.type = ev::CERTIFICATE_TYPE_SKILL_LEVEL;
          row.occupation_code = code;
          row.level = level;
          row.person = new_person();
          break;
        }
        case RowKind::kOutsideScope: {
          std::vector<const Occupation*> outside;
          for (const auto& occupation : reference.occupations()) {
            bool in_scope = false;
            for (const auto& entry : org.scope) {
              in_scope = in_scope || entry.occupation_code == occupation.code;
            }
            if (!in_scope && Offers(occupation, common::v1::SKILL_LEVEL_4_INTERMEDIATE)) {
              outside.push_back(&occupation);
            }
          }
          if (outside.empty()) {
            continue;
          }
          row.type = org.kind == ev::ORG_KIND_QUALIFICATION_BODY ? ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION
                                                                 : ev::CERTIFICATE_TYPE_SKILL_LEVEL;
          row.occupation_code = stream.Pick(outside)->code;
          row.level = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
          row.person = new_person();
          break;
        }
        case RowKind::kOrgNotFiled: {
          row.org = suspended;
          if (!fill_valid(row, orgs[static_cast<size_t>(suspended)])) {
            continue;
          }
          row.person = new_person();
          break;
        }
        case RowKind::kValid:
          break;
      }
      const PlannedOrg& issuer = orgs[static_cast<size_t>(row.org)];
      row.site_serial = issuer.sites[static_cast<size_t>(stream.Below(static_cast<int>(issuer.sites.size())))];
      row.serial = next_serial(row);
      plan.rows.push_back(std::move(row));
      continue;
    }

    const PlannedOrg& org = orgs[static_cast<size_t>(row.org)];
    if (!fill_valid(row, org)) {
      continue;
    }
    // About one holder in sixteen gains a second certificate the same year; a few (busy
    // upskillers) gain four, which shows the yearly subsidy limit in the training part.
    row.person = -1;
    if (burst_left > 0 && held.count({burst_person, row.type, row.occupation_code, row.level}) == 0) {
      row.person = burst_person;
      --burst_left;
    } else if (previous_valid_person >= 0 && stream.Chance(0.06) &&
               held.count({previous_valid_person, row.type, row.occupation_code, row.level}) == 0) {
      row.person = previous_valid_person;
    }
    if (row.person < 0) {
      row.person = new_person();
      if (stream.Chance(0.003)) {
        burst_person = row.person;
        burst_left = 3;
      }
    }
    held.insert({row.person, row.type, row.occupation_code, row.level});
    previous_valid_person = row.person;
    row.site_serial = org.sites[static_cast<size_t>(stream.Below(static_cast<int>(org.sites.size())))];
    row.serial = next_serial(row);
    if (stream.Chance(0.004)) {
      static constexpr const char* kReasons[] = {"考核过程违规，撤销证书", "申报材料不实，撤销证书",
                                                 "评价机构自查发现考核记录不完整，撤销证书", "重复发证，撤销证书"};
      row.revoke = true;
      row.revoke_reason = kReasons[stream.Below(4)];
    }
    plan.rows.push_back(std::move(row));
    ++valid;
  }
  return plan;
}

// ------------------------------------------------------------------ introductions

std::vector<PlannedIntroduction> PlanIntroductions(const PlanOptions& options, const ReferenceData& reference,
                                                   const std::vector<PlannedEnterprise>& enterprises) {
  std::vector<PlannedIntroduction> out;
  if (enterprises.empty() || reference.occupations().empty()) {
    return out;
  }
  Stream stream(options.seed, "introductions");
  Stream people_stream(options.seed, "introduced-persons");
  PersonFactory people(people_stream, reference, options.year, 900, 999, 0.8, 0.0);
  const DaySampler days(options.year, options.cutoff);
  std::vector<double> employer_weights;
  for (const auto& enterprise : enterprises) {
    employer_weights.push_back(std::sqrt(static_cast<double>(std::max(1, enterprise.employee_count))) *
                               DistrictWeight(enterprise.district_code));
  }
  std::vector<const Occupation*> production;
  std::vector<const Occupation*> all;
  for (const auto& occupation : reference.occupations()) {
    all.push_back(&occupation);
    if (IsProduction(occupation)) {
      production.push_back(&occupation);
    }
  }
  const int count = Scaled(kFullScaleIntroductions, options.scale, 5);
  static constexpr double kLevelWeights[] = {0, 15, 40, 30, 15};  // 五级 .. 一级
  while (static_cast<int>(out.size()) < count) {
    PlannedIntroduction intro;
    intro.person = people.Next();
    intro.employer = stream.Weighted(employer_weights);
    const Occupation* occupation =
        !production.empty() && stream.Chance(0.75) ? stream.Pick(production) : stream.Pick(all);
    std::vector<double> weights;
    for (size_t i = 0; i < std::size(kCertifiedLevels); ++i) {
      weights.push_back(Offers(*occupation, kCertifiedLevels[i]) ? kLevelWeights[i] : 0.0);
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (total <= 0) {
      continue;
    }
    intro.occupation_code = occupation->code;
    intro.level = kCertifiedLevels[stream.Weighted(weights)];
    intro.arrival_date = days.Sample(stream);
    // Certified elsewhere one to eight years before (independent of the cutoff, so that the
    // outside number stays the same on every run).
    intro.outside_issue_date =
        absl::CivilDay(options.year - stream.Between(1, 8), stream.Between(1, 12), stream.Between(1, 28));
    const std::string province = intro.person.id_number.substr(0, 2);
    char number[40];
    std::snprintf(number, sizeof(number), "%c%04d%s%06d%02d%d%06d", stream.Chance(0.6) ? 'S' : 'Y', stream.Below(10000),
                  province.c_str(), stream.Below(1'000'000), static_cast<int>(intro.outside_issue_date.year() % 100),
                  LevelDigit(intro.level).value_or(3), stream.Between(1, 999'999));
    intro.outside_certificate_number = number;
    intro.outside_issuer = Concat(ProvinceName(province), "职业技能鉴定指导中心");
    out.push_back(std::move(intro));
  }
  return out;
}

EvaluationPlan PlanEvaluation(const PlanOptions& options, const ReferenceData& reference) {
  EvaluationPlan plan;
  plan.orgs = PlanOrgs(options, reference);
  plan.enterprises = PlanEnterprises(options, reference, plan.orgs);
  plan.certificates = PlanCertificates(options, reference, plan.orgs);
  plan.introductions = PlanIntroductions(options, reference, plan.enterprises);
  return plan;
}

// ------------------------------------------------------------------ training

int64_t SubsidyStandardFen(SkillLevel level) {
  switch (level) {
    case common::v1::SKILL_LEVEL_5_JUNIOR:
      return 100'000;
    case common::v1::SKILL_LEVEL_4_INTERMEDIATE:
      return 150'000;
    case common::v1::SKILL_LEVEL_3_SENIOR:
      return 200'000;
    case common::v1::SKILL_LEVEL_2_TECHNICIAN:
      return 250'000;
    case common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN:
      return 300'000;
    default:
      return 0;
  }
}

std::string_view ProgrammeName(Programme programme) {
  switch (programme) {
    case Programme::kEmploymentSkills:
      return "就业技能培训";
    case Programme::kOnTheJobUpgrade:
      return "岗位技能提升培训";
    case Programme::kApprenticeship:
      return "新型学徒制培训";
    case Programme::kGoldenBlueCollar:
      return "金蓝领培训";
    case Programme::kNewHire:
      return "新录用人员岗前培训";
    case Programme::kSpecialised:
      return "专项培训";
  }
  return "培训";
}

namespace {

// Courses are found (or opened) by institution, occupation, level, programme and start month;
// a full course opens the next section.
class CourseBook final {
 public:
  CourseBook(const ReferenceData& reference, int year, std::vector<PlannedCourse>& courses)
      : reference_(reference), year_(year), courses_(courses) {}

  int Place(int institution, Programme programme, const std::string& occupation, SkillLevel level,
            absl::CivilDay start) {
    // One intake per quarter; the course starts with its earliest trainee.
    const auto key = std::make_tuple(institution, occupation, static_cast<int>(level), (start.month() - 1) / 3);
    auto found = open_.find(key);
    if (found != open_.end() && sizes_[static_cast<size_t>(found->second)] < kMaxCourseSize) {
      ++sizes_[static_cast<size_t>(found->second)];
      PlannedCourse& course = courses_[static_cast<size_t>(found->second)];
      course.start_date = std::min(course.start_date, start);
      return found->second;
    }
    PlannedCourse course;
    course.institution = institution;
    course.programme = programme;
    course.occupation_code = occupation;
    course.level = level;
    course.start_date = start;
    course.end_date = start;
    const Occupation* known = reference_.FindOccupation(occupation);
    const std::string name = known == nullptr ? occupation : known->name;
    char serial[32];
    std::snprintf(serial, sizeof(serial), "%d第%05d期", year_, static_cast<int>(courses_.size()) + 1);
    course.title = Concat(name, "（", LevelChineseName(level), "）", ProgrammeName(programme), "班 ", serial);
    courses_.push_back(std::move(course));
    sizes_.push_back(1);
    const int index = static_cast<int>(courses_.size()) - 1;
    open_[key] = index;
    return index;
  }

  void Finish() {
    for (size_t i = 0; i < courses_.size(); ++i) {
      courses_[i].capacity = std::max(sizes_[i] + 5, 20);
    }
  }

 private:
  const ReferenceData& reference_;
  int year_;
  std::vector<PlannedCourse>& courses_;
  std::vector<int> sizes_;
  std::map<std::tuple<int, std::string, int, int>, int> open_;
};

Programme PickProgramme(Stream& stream, InstitutionKind kind) {
  // 就业技能, 岗位提升, 学徒制, 金蓝领, 新录用, 专项
  std::vector<double> weights;
  switch (kind) {
    case InstitutionKind::kEnterpriseCentre:
      weights = {2, 50, 18, 8, 17, 5};
      break;
    case InstitutionKind::kTechnicalSchool:
      weights = {30, 25, 20, 15, 2, 8};
      break;
    case InstitutionKind::kSocialInstitution:
      weights = {55, 25, 2, 3, 3, 12};
      break;
    case InstitutionKind::kPublicBase:
      weights = {35, 30, 5, 15, 5, 10};
      break;
  }
  return static_cast<Programme>(stream.Weighted(weights));
}

}  // namespace

TrainingPlan PlanTraining(const PlanOptions& options, const ReferenceData& reference,
                          const std::vector<PlannedOrg>& orgs, const CertificatePlan& certificates) {
  TrainingPlan plan;
  Stream stream(options.seed, "training");
  Stream contacts(options.seed, "training-contacts");
  const auto& districts = reference.districts();
  if (districts.empty() || reference.occupations().empty()) {
    return plan;
  }
  std::vector<double> district_weights;
  for (const auto& district : districts) {
    district_weights.push_back(DistrictWeight(district.code));
  }

  // Institutions.
  std::vector<const Occupation*> catalogue_occupations;
  for (const auto& occupation : reference.occupations()) {
    for (SkillLevel level : kCertifiedLevels) {
      if (Offers(occupation, level)) {
        plan.catalogue.push_back(PlannedCatalogueEntry{occupation.code, level, SubsidyStandardFen(level)});
      }
    }
    if (ScopeLevelFor(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN) != common::v1::SKILL_LEVEL_UNSPECIFIED) {
      catalogue_occupations.push_back(&occupation);
    }
  }
  std::set<std::string> codes;
  for (const auto& org : orgs) {
    codes.insert(org.credit_code);
  }
  std::set<std::string> names;
  // Fewer institutions in a scaled-down year, so that courses still have realistic sizes.
  const int institution_count = Scaled(kTrainingInstitutions, options.scale, 12);
  for (int i = 0; i < institution_count; ++i) {
    PlannedInstitution institution;
    const District& district = i < static_cast<int>(districts.size())
                                   ? districts[static_cast<size_t>(i)]
                                   : districts[static_cast<size_t>(stream.Weighted(district_weights))];
    institution.district_code = district.code;
    const int kind_pick = stream.Weighted({20, 10, 24, 6});
    institution.kind = static_cast<InstitutionKind>(kind_pick);
    const std::string brand = kBrands[stream.Below(static_cast<int>(std::size(kBrands)))];
    std::string category = "91";
    switch (institution.kind) {
      case InstitutionKind::kEnterpriseCentre:
        institution.name = Concat("青岛", brand, ChainSuffix(ChainFor(stream, reference)), "职工培训中心");
        break;
      case InstitutionKind::kTechnicalSchool:
        category = "12";
        institution.name = Concat(district.name, "职业技术培训学校");
        break;
      case InstitutionKind::kSocialInstitution:
        category = "52";
        institution.name = Concat("青岛", brand, "职业培训学校");
        break;
      case InstitutionKind::kPublicBase:
        category = "12";
        institution.name = Concat(district.name, "公共实训基地");
        break;
    }
    for (int n = 2; !names.insert(institution.name).second; ++n) {
      institution.name = Concat(institution.name.substr(0, institution.name.size()), n);
    }
    for (const Occupation* occupation : PickOccupations(stream, catalogue_occupations, stream.Between(4, 8))) {
      institution.occupations.push_back(occupation->code);
    }
    do {
      institution.credit_code = MakeCreditCode(category, district.code, stream.Next());
    } while (!codes.insert(institution.credit_code).second);
    institution.contact_name = PickName(contacts, contacts.Chance(0.5));
    institution.contact_phone = Phone(contacts);
    plan.institutions.push_back(std::move(institution));
  }
  // Every catalogue occupation can be trained somewhere (at least two institutions).
  std::map<std::string, std::vector<int>> by_occupation;
  for (size_t i = 0; i < plan.institutions.size(); ++i) {
    for (const auto& code : plan.institutions[i].occupations) {
      by_occupation[code].push_back(static_cast<int>(i));
    }
  }
  for (const Occupation* occupation : catalogue_occupations) {
    auto& list = by_occupation[occupation->code];
    while (list.size() < 2) {
      const int i = stream.Below(static_cast<int>(plan.institutions.size()));
      if (std::find(list.begin(), list.end(), i) != list.end()) {
        continue;
      }
      plan.institutions[static_cast<size_t>(i)].occupations.push_back(occupation->code);
      list.push_back(i);
    }
  }
  auto pick_institution = [&](const std::string& occupation) {
    const auto& list = by_occupation[occupation];
    std::vector<double> weights;
    for (int i : list) {
      weights.push_back(DistrictWeight(plan.institutions[static_cast<size_t>(i)].district_code));
    }
    return list[static_cast<size_t>(stream.Weighted(weights))];
  };

  CourseBook book(reference, options.year, plan.courses);
  const absl::CivilDay jan1(options.year, 1, 1);
  const absl::CivilDay last = std::min(options.cutoff, absl::CivilDay(options.year, 12, 31));
  int completed = 0;

  // Trainees who were certified in the same occupation and level: the training came first.
  std::map<int, int> certificates_per_person;
  for (const auto& row : certificates.rows) {
    if (row.kind == RowKind::kValid) {
      ++certificates_per_person[row.person];
    }
  }
  for (size_t r = 0; r < certificates.rows.size(); ++r) {
    const PlannedCertificate& row = certificates.rows[r];
    if (row.kind != RowKind::kValid || row.type == ev::CERTIFICATE_TYPE_SPECIAL_ABILITY ||
        SubsidyStandardFen(row.level) == 0 || by_occupation[row.occupation_code].empty()) {
      continue;
    }
    const bool busy = certificates_per_person[row.person] >= 4;
    if (!busy && !stream.Chance(0.55)) {
      continue;
    }
    PlannedEnrolment enrolment;
    enrolment.person = certificates.persons[static_cast<size_t>(row.person)];
    enrolment.certificate_row = static_cast<int>(r);
    enrolment.completed_date = std::max(jan1, row.issue_date - stream.Between(3, 25));
    const absl::CivilDay start = std::max(jan1, enrolment.completed_date - stream.Between(5, 40));
    const int institution = pick_institution(row.occupation_code);
    const Programme programme = PickProgramme(stream, plan.institutions[static_cast<size_t>(institution)].kind);
    enrolment.course = book.Place(institution, programme, row.occupation_code, row.level, start);
    enrolment.hours = stream.Between(40, 160);
    enrolment.claim = busy || stream.Chance(0.85);
    const double decision = stream.Uniform();
    enrolment.decision = decision < 0.88   ? ClaimDecision::kApproveAndPay
                         : decision < 0.95 ? ClaimDecision::kApproveOnly
                                           : ClaimDecision::kReject;
    plan.enrolments.push_back(std::move(enrolment));
    ++completed;
  }

  // Everyone else: trainees without a certificate this year (yet), a few of whom drop out.
  Stream people_stream(options.seed, "trainees");
  PersonFactory trainees(people_stream, reference, options.year, 500, 899, 0.25, 0.5);
  const DaySampler days(options.year, options.cutoff);
  const int target = Scaled(kFullScaleCompletedEnrolments, options.scale, 1);
  std::vector<double> institution_weights;
  for (const auto& institution : plan.institutions) {
    institution_weights.push_back(DistrictWeight(institution.district_code) *
                                  (institution.kind == InstitutionKind::kPublicBase ? 1.5 : 1.0));
  }
  PlannedPerson previous;
  while (completed < target) {
    PlannedEnrolment enrolment;
    enrolment.person = !previous.id_number.empty() && stream.Chance(0.08) ? previous : trainees.Next();
    previous = enrolment.person;
    const int institution = stream.Weighted(institution_weights);
    const PlannedInstitution& where = plan.institutions[static_cast<size_t>(institution)];
    const std::string& occupation =
        where.occupations[static_cast<size_t>(stream.Below(static_cast<int>(where.occupations.size())))];
    const Occupation* known = reference.FindOccupation(occupation);
    std::vector<double> level_weights;
    static constexpr double kMix[] = {45, 35, 17, 2.5, 0.5};
    for (size_t i = 0; i < std::size(kCertifiedLevels); ++i) {
      level_weights.push_back(known != nullptr && Offers(*known, kCertifiedLevels[i]) ? kMix[i] : 0.0);
    }
    double total = 0;
    for (double w : level_weights) {
      total += w;
    }
    if (total <= 0) {
      continue;
    }
    const SkillLevel level = kCertifiedLevels[stream.Weighted(level_weights)];
    enrolment.completed_date = std::min(last, days.Sample(stream));
    const absl::CivilDay start = std::max(jan1, enrolment.completed_date - stream.Between(5, 40));
    enrolment.course = book.Place(institution, PickProgramme(stream, where.kind), occupation, level, start);
    enrolment.hours = stream.Between(24, 160);
    enrolment.completed = !stream.Chance(0.04);
    plan.enrolments.push_back(std::move(enrolment));
    completed += plan.enrolments.back().completed ? 1 : 0;
  }
  book.Finish();
  // Each enrolment starts with its course; the course ends with its last completion.
  for (auto& enrolment : plan.enrolments) {
    PlannedCourse& course = plan.courses[static_cast<size_t>(enrolment.course)];
    enrolment.enrolled_date = course.start_date;
    if (enrolment.completed_date < enrolment.enrolled_date) {
      enrolment.completed_date = enrolment.enrolled_date;
    }
    course.end_date = std::max(course.end_date, enrolment.completed_date);
  }
  return plan;
}

}  // namespace skillbridge::simulator

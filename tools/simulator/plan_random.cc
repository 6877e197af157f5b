#include "tools/simulator/plan_random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iterator>
#include <map>
#include <utility>

#include "common/util/concat.h"
#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"

namespace skillbridge::simulator {

namespace {

using common::v1::SkillLevel;

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

constexpr const char* kBrands[] = {"海川", "德信", "瑞丰", "恒达", "华晟", "鲁工", "东岳", "金桥", "明远", "泰和",
                                   "新港", "港航", "中联", "卓越", "汇通", "启航", "蓝海", "崂峰", "琴岛", "胶澳",
                                   "鑫源", "弘信", "天承", "博润", "众诚", "凯盛", "远洋", "盛海", "融信", "立德"};

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

}  // namespace

int Scaled(int full, double scale, int minimum) {
  const double scaled = std::round(static_cast<double>(full) * scale);
  return std::max(minimum, static_cast<int>(scaled));
}

double DistrictWeight(std::string_view district_code) {
  for (const auto& share : kDistrictShares) {
    if (district_code == share.code) {
      return share.weight;
    }
  }
  return 3.0;
}

// ------------------------------------------------------------------ identifiers

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

// ------------------------------------------------------------------ randomness

Stream::Stream(uint64_t seed, std::string_view name) : engine_(SplitMix(seed ^ HashName(name))) {}

int Stream::Weighted(const std::vector<double>& weights) {
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

// ------------------------------------------------------------------ names and places

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

std::string Phone(Stream& stream) {
  char text[32];
  std::snprintf(text, sizeof(text), "0532-8%07d", stream.Below(10'000'000));
  return text;
}

std::string PickBrand(Stream& stream) { return kBrands[stream.Below(static_cast<int>(std::size(kBrands)))]; }

std::string ProvinceName(std::string_view digits) {
  for (const auto& province : kProvinces) {
    if (digits == province.digits) {
      return province.name;
    }
  }
  return "外省";
}

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

// ------------------------------------------------------------------ people

PersonFactory::PersonFactory(Stream& stream, const ReferenceData& reference, int year, int sequence_lo, int sequence_hi,
                             double other_province_share, double qingdao_share, int min_age, int max_age)
    : stream_(stream),
      reference_(reference),
      year_(year),
      sequence_lo_(sequence_lo),
      sequence_hi_(sequence_hi),
      other_province_share_(other_province_share),
      qingdao_share_(qingdao_share),
      min_age_(min_age),
      max_age_(max_age) {}

PlannedPerson PersonFactory::Next() {
  while (true) {
    const std::string area = PickArea();
    // Ages min_age_ to max_age_, most in the middle third.
    const double mix = (stream_.Uniform() + stream_.Uniform() + stream_.Uniform()) / 3.0;
    const int age = min_age_ + static_cast<int>(mix * static_cast<double>(max_age_ - min_age_));
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

std::string PersonFactory::PickArea() {
  const double u = stream_.Uniform();
  if (u < other_province_share_) {
    std::vector<double> weights;
    for (const auto& area : kOtherAreas) {
      weights.push_back(area.weight);
    }
    return kOtherAreas[stream_.Weighted(weights)].code;
  }
  if (u < other_province_share_ + qingdao_share_ && !reference_.districts().empty()) {
    std::vector<double> weights;
    for (const auto& district : reference_.districts()) {
      weights.push_back(DistrictWeight(district.code));
    }
    return reference_.districts()[static_cast<size_t>(stream_.Weighted(weights))].code;
  }
  std::vector<double> weights;
  for (const auto& area : kShandongAreas) {
    weights.push_back(area.weight);
  }
  return kShandongAreas[stream_.Weighted(weights)].code;
}

// ------------------------------------------------------------------ dates

DaySampler::DaySampler(int year, absl::CivilDay cutoff) : first_(year, 1, 1) {
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

absl::CivilDay DaySampler::Sample(Stream& stream) const {
  const double x = stream.Uniform() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  const auto offset =
      std::min<std::ptrdiff_t>(it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1);
  return first_ + offset;
}

// ------------------------------------------------------------------ occupations and levels

bool IsProduction(const Occupation& occupation) { return !occupation.code.empty() && occupation.code[0] == '6'; }

bool Offers(const Occupation& occupation, SkillLevel level) {
  return std::find(occupation.levels.begin(), occupation.levels.end(), level) != occupation.levels.end();
}

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

std::vector<const Occupation*> PickOccupations(Stream& stream, std::vector<const Occupation*> pool, int count) {
  std::vector<const Occupation*> out;
  while (!pool.empty() && static_cast<int>(out.size()) < count) {
    const int i = stream.Below(static_cast<int>(pool.size()));
    out.push_back(pool[static_cast<size_t>(i)]);
    pool.erase(pool.begin() + i);
  }
  return out;
}

}  // namespace skillbridge::simulator

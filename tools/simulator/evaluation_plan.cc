#include "tools/simulator/evaluation_plan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "common/reference/skill_level.h"
#include "common/util/concat.h"

namespace skillbridge::simulator {

namespace {

using common::v1::SkillLevel;
namespace ev = ::skillbridge::evaluation::v1;

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

// A 6-digit assessment site serial: the district's last four digits, a kind digit, a sequence digit.
std::string Site(std::string_view district_code, int kind_digit, int sequence) {
  char text[16];
  std::snprintf(text, sizeof(text), "%.4s%d%d", std::string(district_code.substr(2)).c_str(), kind_digit % 10,
                (sequence + 1) % 10);
  return text;
}

// ------------------------------------------------------------------ organisations

// Two organisations per district, the rest by district weight (largest remainder).
std::vector<int> OrgsPerDistrict(const std::vector<District>& districts) {
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
  return per_district;
}

// Kinds: 16 enterprises, 14 social training evaluation organisations, 7 technical schools,
// 3 qualification bodies, shuffled over the districts.
std::vector<ev::OrgKind> ShuffledOrgKinds(Stream& stream) {
  std::vector<ev::OrgKind> kinds;
  kinds.insert(kinds.end(), 16, ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION);
  kinds.insert(kinds.end(), 14, ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  kinds.insert(kinds.end(), 7, ev::ORG_KIND_TECHNICAL_SCHOOL);
  kinds.insert(kinds.end(), 3, ev::ORG_KIND_QUALIFICATION_BODY);
  kinds.resize(static_cast<size_t>(kEvaluationOrgs), ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  for (size_t i = kinds.size() - 1; i > 0; --i) {
    std::swap(kinds[i], kinds[static_cast<size_t>(stream.Below(static_cast<int>(i) + 1))]);
  }
  return kinds;
}

// The occupations an organisation's scope is drawn from: production trades and the others
// (each falls back to the other when the catalogue has none).
struct ScopePools {
  std::vector<const Occupation*> production;
  std::vector<const Occupation*> services;
};

ScopePools ScopePoolsOf(const ReferenceData& reference) {
  ScopePools pools;
  for (const auto& occupation : reference.occupations()) {
    if (ScopeLevelFor(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN) == common::v1::SKILL_LEVEL_UNSPECIFIED) {
      continue;
    }
    (IsProduction(occupation) ? pools.production : pools.services).push_back(&occupation);
  }
  if (pools.production.empty()) {
    pools.production = pools.services;
  }
  if (pools.services.empty()) {
    pools.services = pools.production;
  }
  return pools;
}

// What depends on the organisation's kind: name, registration category, scope (occupation and
// the highest level wanted), sites and weight. `k` numbers the organisation within its district.
struct KindDetails {
  std::string category = "91";
  std::vector<std::pair<const Occupation*, SkillLevel>> scope;
};

KindDetails FillKindDetails(Stream& stream, const ReferenceData& reference, const ScopePools& pools,
                            const std::set<std::string>& names, const District& district, int k, PlannedOrg& org) {
  KindDetails details;
  const std::string brand = PickBrand(stream);
  switch (org.kind) {
    case ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION: {
      org.industry_chain_code = ChainFor(stream, reference);
      org.name = Concat("青岛", brand, ChainSuffix(org.industry_chain_code));
      for (const Occupation* occupation : PickOccupations(stream, pools.production, stream.Between(3, 5))) {
        details.scope.emplace_back(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
      }
      org.sites = {Site(district.code, 0, k)};
      org.weight = 1.3;
      break;
    }
    case ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION: {
      details.category = stream.Chance(0.4) ? "52" : "91";
      static constexpr const char* kSuffixes[] = {"职业培训学校", "职业技能培训学校", "人力资源有限公司",
                                                  "职业技能评价有限公司"};
      std::string suffix = kSuffixes[stream.Below(4)];
      if (details.category == "91" && suffix.find("学校") != std::string::npos) {
        suffix = "职业技能评价有限公司";
      }
      org.name = Concat("青岛", brand, suffix);
      const SkillLevel highest =
          stream.Chance(0.6) ? common::v1::SKILL_LEVEL_2_TECHNICIAN : common::v1::SKILL_LEVEL_3_SENIOR;
      for (const Occupation* occupation : PickOccupations(stream, pools.services, stream.Between(3, 6))) {
        details.scope.emplace_back(occupation, highest);
      }
      org.sites = {Site(district.code, 1, k), Site(district.code, 2, k)};
      org.weight = 1.0;
      break;
    }
    case ev::ORG_KIND_TECHNICAL_SCHOOL: {
      details.category = "12";
      org.name = names.count(district.name + "高级技工学校") == 0 ? district.name + "高级技工学校"
                                                                  : Concat("青岛", brand, "技工学校");
      const SkillLevel highest =
          stream.Chance(0.7) ? common::v1::SKILL_LEVEL_3_SENIOR : common::v1::SKILL_LEVEL_2_TECHNICIAN;
      for (const Occupation* occupation : PickOccupations(stream, pools.production, stream.Between(2, 4))) {
        details.scope.emplace_back(occupation, highest);
      }
      for (const Occupation* occupation : PickOccupations(stream, pools.services, 1)) {
        details.scope.emplace_back(occupation, highest);
      }
      org.sites = {Site(district.code, 3, k), Site(district.code, 4, k)};
      org.weight = 0.8;
      break;
    }
    default: {
      details.category = "12";
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
        details.scope.emplace_back(preferred, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
      } else {
        for (const Occupation* occupation : PickOccupations(stream, pools.services, 2)) {
          details.scope.emplace_back(occupation, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
        }
      }
      org.sites = {Site(district.code, 5, k)};
      org.weight = 0.5;
      break;
    }
  }
  return details;
}

// A few organisations are not (or no longer) filed: two applications waiting, one under
// assessment, one suspended, one whose application was refused (revoked).
void AssignFilingTargets(Stream& stream, std::vector<PlannedOrg>& orgs) {
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
}

// ------------------------------------------------------------------ certificates

// Who issues certificates: the filed organisations (with a scope) by district, drawn by district
// weight; and the suspended organisation, whose rows the service refuses (-1 when none).
struct Issuers {
  std::map<std::string, std::vector<int>> filed_by_district;
  std::vector<std::string> district_codes;
  std::vector<double> district_weights;
  int suspended = -1;
};

Issuers IssuersOf(const std::vector<PlannedOrg>& orgs) {
  Issuers issuers;
  for (size_t i = 0; i < orgs.size(); ++i) {
    if (orgs[i].target == FilingTarget::kFiled && !orgs[i].scope.empty()) {
      issuers.filed_by_district[orgs[i].district_code].push_back(static_cast<int>(i));
    } else if (orgs[i].target == FilingTarget::kSuspended && !orgs[i].scope.empty()) {
      issuers.suspended = static_cast<int>(i);
    }
  }
  for (const auto& [code, members] : issuers.filed_by_district) {
    issuers.district_codes.push_back(code);
    issuers.district_weights.push_back(DistrictWeight(code));
  }
  return issuers;
}

// (occupation, level) pairs a reference occupation does not offer, for refused rows.
std::vector<std::pair<std::string, SkillLevel>> LevelsNotOffered(const ReferenceData& reference) {
  std::vector<std::pair<std::string, SkillLevel>> not_offered;
  for (const auto& occupation : reference.occupations()) {
    for (SkillLevel level : kCertifiedLevels) {
      if (!Offers(occupation, level)) {
        not_offered.emplace_back(occupation.code, level);
      }
    }
  }
  return not_offered;
}

// Share of rows the service must refuse.
constexpr double kRefusedShare = 0.03;

// Draws the certificate rows one by one until the scaled number of valid rows is reached. Each
// row: an issuer and an issue date, then either a refused row (bad ID number, level not offered,
// outside the filed scope, a suspended issuer, or a duplicate of the row before) or a valid one
// (a new holder, or one who already holds another certificate this year; a few are revoked).
class CertificatePlanner final {
 public:
  CertificatePlanner(const PlanOptions& options, const ReferenceData& reference, const std::vector<PlannedOrg>& orgs)
      : options_(options),
        reference_(reference),
        orgs_(orgs),
        stream_(options.seed, "certificates"),
        people_stream_(options.seed, "certificate-holders"),
        people_(people_stream_, reference, options.year, 0, 499, 0.22, 0.48),
        days_(options.year, options.cutoff),
        issuers_(IssuersOf(orgs)),
        not_offered_(LevelsNotOffered(reference)) {}

  CertificatePlan Run() && {
    if (issuers_.district_codes.empty()) {
      return std::move(plan_);
    }
    const int target_valid = Scaled(kFullScaleCertificates, options_.scale, 1);
    while (valid_ < target_valid) {
      PlannedCertificate row = StartRow();
      if (stream_.Uniform() < kRefusedShare) {
        AddRefusedRow(std::move(row));
      } else {
        AddValidRow(std::move(row));
      }
    }
    return std::move(plan_);
  }

 private:
  // The issuer (a district by weight, then one of its filed organisations by weight) and the
  // issue date.
  PlannedCertificate StartRow() {
    PlannedCertificate row;
    const std::string& district =
        issuers_.district_codes[static_cast<size_t>(stream_.Weighted(issuers_.district_weights))];
    const std::vector<int>& members = issuers_.filed_by_district[district];
    std::vector<double> org_weights;
    for (int m : members) {
      org_weights.push_back(orgs_[static_cast<size_t>(m)].weight);
    }
    row.org = members[static_cast<size_t>(stream_.Weighted(org_weights))];
    row.issue_date = days_.Sample(stream_);
    return row;
  }

  // ---- refused rows

  void AddRefusedRow(PlannedCertificate row) {
    row.kind = PickRefusal();
    const PlannedOrg& org = orgs_[static_cast<size_t>(row.org)];
    bool planned = true;
    switch (row.kind) {
      case RowKind::kDuplicate:
        row = DuplicateOfPreviousRow();
        break;
      case RowKind::kBadIdNumber:
        planned = FillBadIdNumber(row, org);
        break;
      case RowKind::kLevelNotOffered:
        FillLevelNotOffered(row);
        break;
      case RowKind::kOutsideScope:
        planned = FillOutsideScope(row, org);
        break;
      case RowKind::kOrgNotFiled:
        planned = FillOrgNotFiled(row);
        break;
      case RowKind::kValid:
        break;
    }
    if (!planned) {
      return;
    }
    const PlannedOrg& issuer = orgs_[static_cast<size_t>(row.org)];
    row.site_serial = issuer.sites[static_cast<size_t>(stream_.Below(static_cast<int>(issuer.sites.size())))];
    row.serial = NextSerial(row);
    plan_.rows.push_back(std::move(row));
  }

  // Why the row is refused; a kind that cannot be made here falls back to another.
  RowKind PickRefusal() {
    static constexpr double kKinds[] = {0.27, 0.13, 0.2, 0.13, 0.27};
    const int pick = stream_.Weighted(std::vector<double>(std::begin(kKinds), std::end(kKinds)));
    RowKind kind = static_cast<RowKind>(pick + 1);
    if (kind == RowKind::kDuplicate && (plan_.rows.empty() || plan_.rows.size() % kCertificateBatchSize == 0 ||
                                        plan_.rows.back().kind != RowKind::kValid || plan_.rows.back().revoke)) {
      // (A revoked certificate frees its person, occupation and level: its duplicate would pass.)
      kind = RowKind::kBadIdNumber;
    }
    if (kind == RowKind::kLevelNotOffered && not_offered_.empty()) {
      kind = RowKind::kBadIdNumber;
    }
    if (kind == RowKind::kOrgNotFiled && issuers_.suspended < 0) {
      kind = RowKind::kOutsideScope;
    }
    return kind;
  }

  // The previous row again, in the same batch (PickRefusal made sure there is one).
  PlannedCertificate DuplicateOfPreviousRow() const {
    PlannedCertificate row = plan_.rows.back();
    row.kind = RowKind::kDuplicate;
    row.revoke = false;
    row.revoke_reason.clear();
    return row;
  }

  // A valid row for a new person whose ID number then gets a wrong check character.
  bool FillBadIdNumber(PlannedCertificate& row, const PlannedOrg& org) {
    if (!FillValid(row, org)) {
      return false;
    }
    row.person = NewPerson();
    std::string& id = plan_.persons.back().id_number;
    const char* kChecks = "10X98765432";
    const char* at = std::strchr(kChecks, id.back());
    id.back() = kChecks[((at == nullptr ? 0 : at - kChecks) + 1 + stream_.Below(9)) % 11];
    return true;
  }

  void FillLevelNotOffered(PlannedCertificate& row) {
    const auto& [code, level] = not_offered_[static_cast<size_t>(stream_.Below(static_cast<int>(not_offered_.size())))];
    row.type = ev::CERTIFICATE_TYPE_SKILL_LEVEL;
    row.occupation_code = code;
    row.level = level;
    row.person = NewPerson();
  }

  // An occupation (at 四级) the issuer has not filed; false when it filed them all.
  bool FillOutsideScope(PlannedCertificate& row, const PlannedOrg& org) {
    std::vector<const Occupation*> outside;
    for (const auto& occupation : reference_.occupations()) {
      bool in_scope = false;
      for (const auto& entry : org.scope) {
        in_scope = in_scope || entry.occupation_code == occupation.code;
      }
      if (!in_scope && Offers(occupation, common::v1::SKILL_LEVEL_4_INTERMEDIATE)) {
        outside.push_back(&occupation);
      }
    }
    if (outside.empty()) {
      return false;
    }
    row.type = org.kind == ev::ORG_KIND_QUALIFICATION_BODY ? ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION
                                                           : ev::CERTIFICATE_TYPE_SKILL_LEVEL;
    row.occupation_code = stream_.Pick(outside)->code;
    row.level = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
    row.person = NewPerson();
    return true;
  }

  // An otherwise valid row issued by the suspended organisation.
  bool FillOrgNotFiled(PlannedCertificate& row) {
    row.org = issuers_.suspended;
    if (!FillValid(row, orgs_[static_cast<size_t>(issuers_.suspended)])) {
      return false;
    }
    row.person = NewPerson();
    return true;
  }

  // ---- valid rows

  void AddValidRow(PlannedCertificate row) {
    const PlannedOrg& org = orgs_[static_cast<size_t>(row.org)];
    if (!FillValid(row, org)) {
      return;
    }
    row.person = PickHolder(row);
    held_.insert({row.person, row.type, row.occupation_code, row.level});
    previous_valid_person_ = row.person;
    row.site_serial = org.sites[static_cast<size_t>(stream_.Below(static_cast<int>(org.sites.size())))];
    row.serial = NextSerial(row);
    MaybeRevoke(row);
    plan_.rows.push_back(std::move(row));
    ++valid_;
  }

  // About one holder in sixteen gains a second certificate the same year; a few (busy
  // upskillers) gain four, which shows the yearly subsidy limit in the training part.
  int PickHolder(const PlannedCertificate& row) {
    int person = -1;
    if (burst_left_ > 0 && held_.count({burst_person_, row.type, row.occupation_code, row.level}) == 0) {
      person = burst_person_;
      --burst_left_;
    } else if (previous_valid_person_ >= 0 && stream_.Chance(0.06) &&
               held_.count({previous_valid_person_, row.type, row.occupation_code, row.level}) == 0) {
      person = previous_valid_person_;
    }
    if (person < 0) {
      person = NewPerson();
      if (stream_.Chance(0.003)) {
        burst_person_ = person;
        burst_left_ = 3;
      }
    }
    return person;
  }

  void MaybeRevoke(PlannedCertificate& row) {
    if (stream_.Chance(0.004)) {
      static constexpr const char* kReasons[] = {"考核过程违规，撤销证书", "申报材料不实，撤销证书",
                                                 "评价机构自查发现考核记录不完整，撤销证书", "重复发证，撤销证书"};
      row.revoke = true;
      row.revoke_reason = kReasons[stream_.Below(4)];
    }
  }

  // ---- shared steps

  // Fills type, occupation and level for `org`; false when it has no usable scope entry.
  bool FillValid(PlannedCertificate& row, const PlannedOrg& org) {
    const PlannedScope& scope = org.scope[static_cast<size_t>(stream_.Below(static_cast<int>(org.scope.size())))];
    const Occupation* occupation = reference_.FindOccupation(scope.occupation_code);
    if (occupation == nullptr) {
      return false;
    }
    row.occupation_code = occupation->code;
    if (org.kind == ev::ORG_KIND_QUALIFICATION_BODY) {
      row.type = ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION;
    } else if ((org.kind == ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION || org.kind == ev::ORG_KIND_TECHNICAL_SCHOOL) &&
               stream_.Chance(0.07)) {
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
    row.level = kCertifiedLevels[stream_.Weighted(weights)];
    if (org.kind == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION) {
      row.industry_chain_code = org.industry_chain_code;
      if (stream_.Chance(0.04)) {
        row.basis = ev::CERTIFICATE_BASIS_RECOGNITION;
      }
    }
    return true;
  }

  int NewPerson() {
    plan_.persons.push_back(people_.Next());
    return static_cast<int>(plan_.persons.size()) - 1;
  }

  // The next serial of the row's series (organisation, site, type, level).
  int NextSerial(const PlannedCertificate& row) {
    const std::string series =
        Concat(row.org, ":", row.site_serial, ":", static_cast<int>(row.type), ":", static_cast<int>(row.level));
    return ++serials_[series];
  }

  const PlanOptions& options_;
  const ReferenceData& reference_;
  const std::vector<PlannedOrg>& orgs_;
  Stream stream_;
  Stream people_stream_;
  PersonFactory people_;
  const DaySampler days_;
  Issuers issuers_;
  const std::vector<std::pair<std::string, SkillLevel>> not_offered_;

  CertificatePlan plan_;
  std::map<std::string, int> serials_;
  std::set<std::tuple<int, int, std::string, int>> held_;  // (person, type, occupation, level)
  int valid_ = 0;
  int previous_valid_person_ = -1;
  int burst_person_ = -1;
  int burst_left_ = 0;
};

}  // namespace

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
  const std::vector<int> per_district = OrgsPerDistrict(districts);
  const std::vector<ev::OrgKind> kinds = ShuffledOrgKinds(stream);
  const ScopePools pools = ScopePoolsOf(reference);

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
      const KindDetails details = FillKindDetails(stream, reference, pools, names, district, k, org);
      if (!names.insert(org.name).second) {
        org.name = Concat(org.name.substr(0, org.name.size()), "（", district.name, "）");
        names.insert(org.name);
      }
      for (const auto& [occupation, desired] : details.scope) {
        org.scope.push_back(PlannedScope{occupation->code, ScopeLevelFor(*occupation, desired)});
      }
      do {
        org.credit_code = MakeCreditCode(details.category, district.code, stream.Next());
      } while (!codes.insert(org.credit_code).second);
      const bool male = people.Chance(0.55);
      org.contact_name = PickName(people, male);
      org.contact_phone = Phone(people);
      orgs.push_back(std::move(org));
    }
  }
  AssignFilingTargets(stream, orgs);
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
    const std::string brand = PickBrand(stream);
    enterprise.name = Concat("青岛", brand, ChainSuffix(enterprise.industry_chain_code));
    for (int n = 2; !names.insert(enterprise.name).second; ++n) {
      const std::string second = PickBrand(stream);
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
  return CertificatePlanner(options, reference, orgs).Run();
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

}  // namespace skillbridge::simulator

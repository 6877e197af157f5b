#pragma once
// The building blocks the parts of the city-year plan share (tools/simulator/evaluation_plan.h,
// training_plan.h): the plan's options, deterministic named random streams, people (names,
// birthplaces, citizen ID numbers), organisation names and credit codes, days of the year, and
// the occupations and levels of the reference catalogue.
//
// Determinism: every value comes from a Stream, a named sub-stream of the seed, with the
// distributions written out here (std::mt19937_64 is fully specified by the standard; the
// standard library's distributions are not portable). Each helper draws from the stream it is
// given in a fixed order, so the same seed gives the same plan on every platform and run.
// Pure functions; a Stream, PersonFactory or DaySampler belongs to one thread.

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::simulator {

struct PlanOptions {
  uint64_t seed = 2021;
  double scale = 1.0;
  int year = 2026;
  // Last day a record may carry (never later than the services' "today"); Dec 31 of `year`
  // when the year is over.
  absl::CivilDay cutoff = absl::CivilDay(2026, 12, 31);
};

struct PlannedPerson {
  std::string id_number;
  std::string name;
};

// Records scaled from a full-scale count: round(full × scale), at least `minimum`.
int Scaled(int full, double scale, int minimum);

// Plausible shares of Qingdao's ten districts (黄岛区 and 城阳区/即墨区 heavier, 市南区 lighter);
// districts missing from this table get a small default weight.
double DistrictWeight(std::string_view district_code);

// ------------------------------------------------------------------ identifiers

// A citizen ID number for area + birth date + 3-digit sequence, with its check character.
std::string MakeCitizenId(std::string_view area, absl::CivilDay birth, int sequence);
// A unified social credit code: registration category (2 characters) + 6-digit area code + an
// organisation code of 8 digits and its GB 11714 check character + the GB 32100 check character.
std::string MakeCreditCode(std::string_view category, std::string_view area, uint64_t organisation_number);

// ------------------------------------------------------------------ randomness

// One named stream of a seed: the same (seed, name) always gives the same sequence.
class Stream final {
 public:
  Stream(uint64_t seed, std::string_view name);

  uint64_t Next() { return engine_(); }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); 0 when n ≤ 1.
  int Below(int n) { return n <= 1 ? 0 : static_cast<int>(engine_() % static_cast<uint64_t>(n)); }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }
  bool Chance(double p) { return Uniform() < p; }
  // An index drawn with the given (non-negative) weights; the last index when rounding runs over.
  int Weighted(const std::vector<double>& weights);
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }

 private:
  std::mt19937_64 engine_;
};

// ------------------------------------------------------------------ names and places

// A Chinese name: a surname by frequency, then one or two given characters.
std::string PickName(Stream& stream, bool male);
// A Qingdao landline number, "0532-8xxxxxxx".
std::string Phone(Stream& stream);
// A company brand ("海川", "德信", ...) for organisation names.
std::string PickBrand(Stream& stream);
// The province named by the first two digits of an area code ("外省" when not listed).
std::string ProvinceName(std::string_view digits);
// The name ending of a manufacturer in industry chain `chain` ("电子科技有限公司", ...).
std::string ChainSuffix(std::string_view chain);
// An industry chain of the reference data, manufacturing chains preferred; "" when none.
std::string ChainFor(Stream& stream, const ReferenceData& reference);

// Makes distinct people from one stream. Sequence numbers (digits 15-17) come from
// [sequence_lo, sequence_hi], so factories with disjoint ranges never make the same number.
// Birthplaces: another province (`other_province_share`), a Qingdao district (`qingdao_share`,
// weighted like the districts) or elsewhere in Shandong. Ages (in `year`) from `min_age` to
// `max_age`, most in the middle third (18 to 60: most between 25 and 50).
class PersonFactory final {
 public:
  PersonFactory(Stream& stream, const ReferenceData& reference, int year, int sequence_lo, int sequence_hi,
                double other_province_share, double qingdao_share, int min_age = 18, int max_age = 60);

  PlannedPerson Next();

 private:
  std::string PickArea();

  Stream& stream_;
  const ReferenceData& reference_;
  int year_;
  int sequence_lo_;
  int sequence_hi_;
  double other_province_share_;
  double qingdao_share_;
  int min_age_;
  int max_age_;
  std::set<std::string> used_;
};

// ------------------------------------------------------------------ dates

// Days of the year up to the cutoff, weighted by season (fewer around the Spring Festival,
// more before summer and at the year's end) and by weekday.
class DaySampler final {
 public:
  DaySampler(int year, absl::CivilDay cutoff);

  absl::CivilDay Sample(Stream& stream) const;

 private:
  absl::CivilDay first_;
  std::vector<double> cumulative_;
};

// ------------------------------------------------------------------ occupations and levels

// The levels certificates and subsidies are given for, 五级 to 一级.
inline constexpr common::v1::SkillLevel kCertifiedLevels[] = {
    common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE, common::v1::SKILL_LEVEL_3_SENIOR,
    common::v1::SKILL_LEVEL_2_TECHNICIAN, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN};

// Production and manufacturing occupations (major group 6).
bool IsProduction(const Occupation& occupation);

// Whether `occupation` offers `level`.
bool Offers(const Occupation& occupation, common::v1::SkillLevel level);

// The highest offered level among 五级..一级 that is not above `desired`; else the lowest offered
// among them; UNSPECIFIED when it offers none of them.
common::v1::SkillLevel ScopeLevelFor(const Occupation& occupation, common::v1::SkillLevel desired);

// Up to `count` distinct occupations of `pool`, drawn without replacement.
std::vector<const Occupation*> PickOccupations(Stream& stream, std::vector<const Occupation*> pool, int count);

}  // namespace skillbridge::simulator

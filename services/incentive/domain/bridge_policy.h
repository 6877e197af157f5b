#pragma once
// BridgePolicy: the career-bridging policy (技能人才与专业技术人才职业发展贯通) the bureau applies,
// from reference/career_bridging.tsv (reference/README.md): for each professional title series
// and grade, the lowest skill level that qualifies and the whole years it must have been held,
// e.g. 工程系列 工程师: 二级/技师 held for 3 years.
//
// File format: UTF-8, tab-separated, '#' comment lines, blank lines ignored, fields trimmed, BOM
// and CRLF accepted; the header names the five columns exactly:
//   series          ENGINEERING, AGRICULTURE, TECHNICAL_SCHOOL_TEACHER, ARTS_AND_CRAFTS
//   grade           ASSISTANT, INTERMEDIATE, DEPUTY_SENIOR
//   title_name      the title's Chinese name, 1 to 50 characters
//   min_level       5, 4, 3, 2, 1, P, C (五级 … 一级, 特级技师, 首席技师)
//   min_years_held  a whole number 0..30
// Each (series, grade) at most once; at least one row. Errors: INVALID_ARGUMENT, reason
// BAD_REFERENCE_DATA, "<source>:<line>: column <n> (<name>): <what>"; NOT_FOUND
// (REFERENCE_FILE_MISSING) when the file cannot be opened.
//
// Eligibility (Decide): the person qualifies when some level they hold is at or above min_level
// and the earliest date they held such a level is at least min_years_held whole years before
// `today`. Whole years count to the day (held since 2023-06-16 is 2 whole years on 2026-06-15; since
// 29 February, the anniversary is 1 March in other years). The basis is the qualifying level held
// longest (ties: the higher level); a level without a known date counts as held from `today`.
// Pure; immutable after loading, so thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/incentive/client/evaluation_lookup.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/incentive/v1/enums.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr char kBridgePolicyFile[] = "career_bridging.tsv";

struct BridgeRule {
  v1::TitleSeries series = v1::TITLE_SERIES_UNSPECIFIED;
  v1::TitleGrade grade = v1::TITLE_GRADE_UNSPECIFIED;
  std::string title_name;
  common::v1::SkillLevel min_level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  int min_years_held = 0;
  int line = 0;
};

// What the eligibility check found.
struct BridgeDecision {
  bool eligible = false;
  // The qualifying level held longest (eligible), or the best the person has (not eligible; may be
  // UNSPECIFIED), with its date and certificate.
  HeldQualification basis;
  // When not eligible: why, in words for the caller (no personal data), e.g.
  // "工程师 needs SKILL_LEVEL_2_TECHNICIAN held for 3 years; the person holds it since 2024-05-01".
  std::string shortfall;
};

class BridgePolicy final {
 public:
  static absl::StatusOr<BridgePolicy> Parse(std::string_view content, std::string_view source);
  static absl::StatusOr<BridgePolicy> LoadFromFile(const std::string& path);

  // nullptr when the policy has no row for (series, grade).
  const BridgeRule* Find(v1::TitleSeries series, v1::TitleGrade grade) const;
  const std::vector<BridgeRule>& rules() const { return rules_; }
  // The rules as ListBridgePolicies answers them.
  std::vector<v1::BridgePolicy> ToProtos() const;

  // `held`: the person's levels, highest first (EvaluationLookup::Qualifications).
  static BridgeDecision Decide(const BridgeRule& rule, const std::vector<HeldQualification>& held,
                               const common::v1::Date& today);

 private:
  std::vector<BridgeRule> rules_;
};

}  // namespace skillbridge::incentive

#pragma once
// The training part of the city-year plan: institutions, the year's subsidised catalogue,
// courses, enrolments (most completed, a few dropped) and the subsidy claims for the trainees who
// were certified in the same occupation and level by the evaluation part. Generated from the
// seed and the certificate plan without any I/O; the same inputs always give the same plan.
// Pure functions; the plan is a plain value.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "tools/simulator/evaluation_plan.h"

namespace skillbridge::simulator {

inline constexpr int kFullScaleCompletedEnrolments = 105'000;
inline constexpr int kTrainingInstitutions = 60;
inline constexpr int kEnrolmentBatchSize = 2000;  // rows per BatchEnrollPersons call
inline constexpr int kMaxCourseSize = 60;

enum class InstitutionKind { kEnterpriseCentre, kTechnicalSchool, kSocialInstitution, kPublicBase };
enum class Programme {
  kEmploymentSkills,
  kOnTheJobUpgrade,
  kApprenticeship,
  kGoldenBlueCollar,
  kNewHire,
  kSpecialised
};
enum class ClaimDecision { kApproveAndPay, kApproveOnly, kReject };

struct PlannedInstitution {
  std::string credit_code;
  std::string name;
  std::string district_code;
  InstitutionKind kind = InstitutionKind::kSocialInstitution;
  std::vector<std::string> occupations;
  std::string contact_name;
  std::string contact_phone;
};

struct PlannedCatalogueEntry {
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  int64_t subsidy_fen = 0;
};

struct PlannedCourse {
  std::string title;  // unique within the plan; also how a rerun finds the course again
  int institution = -1;
  Programme programme = Programme::kOnTheJobUpgrade;
  std::string occupation_code;
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  int capacity = 0;
};

struct PlannedEnrolment {
  int course = -1;
  PlannedPerson person;
  absl::CivilDay enrolled_date;
  bool completed = true;  // false = dropped
  absl::CivilDay completed_date;
  int hours = 0;
  // The certificate row (evaluation plan) of the same person, occupation and level; -1 = none.
  int certificate_row = -1;
  bool claim = false;
  ClaimDecision decision = ClaimDecision::kApproveAndPay;
};

struct TrainingPlan {
  std::vector<PlannedInstitution> institutions;
  std::vector<PlannedCatalogueEntry> catalogue;
  std::vector<PlannedCourse> courses;
  std::vector<PlannedEnrolment> enrolments;  // in sending order; batches are fixed-size slices
};

// Subsidy standard (fen) per level: 五级 1,000 yuan up to 一级 3,000 yuan.
int64_t SubsidyStandardFen(common::v1::SkillLevel level);

TrainingPlan PlanTraining(const PlanOptions& options, const ReferenceData& reference,
                          const std::vector<PlannedOrg>& orgs, const CertificatePlan& certificates);

std::string_view ProgrammeName(Programme programme);

}  // namespace skillbridge::simulator

#pragma once
// The education part of the city-year plan (measure 6, 技工教育): the city's technical schools,
// their specialties, four cohorts of student records, the year's withdrawals, transfers and
// graduations, graduates' first destinations with the first-employment-in-city reward, and
// school–enterprise partnerships.
//
//   - Schools: 36 across the districts — 技师学院, 高级技工学校 and 技工学校, public (the city's
//     and the districts' own) and private; the technician colleges and some senior schools are
//     filed social evaluation organisations (evaluation: ORG_KIND_TECHNICAL_SCHOOL, FILED), the
//     others are not.
//   - Specialties: about 300 from a catalogue with codes and names, each training levels the
//     school's kind may train; 78% serve a key industry chain; 34 are featured brand specialties;
//     a few (without students) are closed.
//   - Students: cohorts year-3 .. year enrolled on their enrolment days (Sept), about 30,000
//     ENROLLED at the end at scale 1; about 3% withdraw and 1% transfer during the year; the
//     oldest cohort graduates in July (about 7,500); most graduates get a first destination
//     (about 70% in the city with an enterprise of the evaluation part, the rest elsewhere,
//     further study or none), most in-city ones a reward, most of those paid.
//   - Partnerships: about 100 of the three kinds with the evaluation part's enterprises, a few
//     ended.
//
// Every date is at most the cutoff (the services' "today"), except the current cohort's enrolment
// day, which may lie ahead (the service accepts up to a year). Generated from the seed, the
// reference data and the evaluation part's enterprises without any I/O; each kind of record from
// its own named stream. Pure functions; the plan is a plain value, safe to share read-only.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/education/v1/enums.pb.h"
#include "tools/simulator/evaluation_plan.h"
#include "tools/simulator/plan_random.h"

namespace skillbridge::simulator {

inline constexpr int kEducationSchools = 36;
inline constexpr int kEducationSpecialties = 300;
inline constexpr int kFeaturedSpecialties = 34;
inline constexpr int kClosedSpecialties = 6;
inline constexpr int kEducationPartnerships = 100;
inline constexpr double kSpecialtyChainShare = 0.78;
// Full-scale cohort sizes, oldest (year - 3, graduating this year) first.
inline constexpr int kFullScaleCohorts[4] = {7'800, 9'900, 10'300, 10'800};
inline constexpr int kStudentBatchSize = 2000;  // rows per BatchEnrolStudents / BatchGraduateStudents call

struct PlannedSchool {
  std::string credit_code;
  std::string name;
  std::string district_code;
  education::v1::SchoolKind kind = education::v1::SCHOOL_KIND_UNSPECIFIED;
  education::v1::Ownership ownership = education::v1::OWNERSHIP_UNSPECIFIED;
  std::string contact_name;
  std::string contact_phone;
  // A filed social evaluation organisation: created in evaluation with this scope and filed
  // before the school is registered.
  bool filed = false;
  std::vector<PlannedScope> evaluation_scope;
  double weight = 1.0;  // share of the city's students
};

struct PlannedSpecialty {
  int school = -1;  // index into EducationPlan::schools
  std::string code;
  std::string name;
  std::string industry_chain_code;  // empty = none
  std::vector<education::v1::TrainingLevel> levels;
  int opened_year = 0;
  bool featured = false;
  int featured_year = 0;
  bool closed = false;  // closed this year (never has students)
  std::string close_reason;
  double weight = 1.0;  // share of its school's students
};

enum class StudentFate { kEnrolled, kGraduated, kWithdrawn, kTransferred };

struct PlannedDestination {
  education::v1::EmploymentKind kind = education::v1::EMPLOYMENT_KIND_UNSPECIFIED;
  // IN_CITY: an enterprise of the evaluation part (credit code, name, district) and its chain;
  // ELSEWHERE: an employer outside the city (credit code and name), no district.
  std::string employer_credit_code;
  std::string employer_name;
  std::string employer_district_code;
  std::string industry_chain_code;
  absl::CivilDay start_date;
  int64_t reward_fen = 0;  // 0 = no reward granted
  bool reward_paid = false;
};

struct PlannedStudent {
  PlannedPerson person;
  int school = -1;     // index into EducationPlan::schools
  int specialty = -1;  // index into EducationPlan::specialties
  int cohort = 0;
  education::v1::TrainingLevel target_level = education::v1::TRAINING_LEVEL_UNSPECIFIED;
  absl::CivilDay enrol_date;
  StudentFate fate = StudentFate::kEnrolled;
  absl::CivilDay status_date;  // graduation, withdrawal or transfer
  education::v1::WithdrawalReason withdrawal_reason = education::v1::WITHDRAWAL_REASON_UNSPECIFIED;
  std::string reason_text;  // withdrawals (OTHER) and transfers
  int to_specialty = -1;    // transfers: the destination specialty (its school is the destination school)
  bool has_destination = false;
  PlannedDestination destination;
};

struct PlannedPartnership {
  int school = -1;
  PlannedEnterprise enterprise;
  education::v1::PartnershipKind kind = education::v1::PARTNERSHIP_KIND_UNSPECIFIED;
  int specialty = -1;  // index into EducationPlan::specialties; required for order classes
  int start_year = 0;
  int planned_end_year = 0;
  int places = 0;
  std::string description;
  bool end = false;
  int ended_year = 0;
  std::string end_reason;
};

struct EducationPlan {
  std::vector<PlannedSchool> schools;
  std::vector<PlannedSpecialty> specialties;
  // In sending order: grouped by school, then by cohort.
  std::vector<PlannedStudent> students;
  std::vector<PlannedPartnership> partnerships;
};

// What the plan amounts to, counted the way GetEducationStats counts (the year's flows and the
// students ENROLLED at the end).
struct PlannedEducationTotals {
  int64_t enrolled_now = 0;  // ENROLLED at the end (transferred students count at the destination)
  int64_t enrolled_in_year = 0;
  int64_t graduated = 0;
  int64_t withdrawn = 0;
  int64_t transferred = 0;
  int64_t destinations = 0;
  int64_t employed_in_city = 0;
  int64_t reward_granted_fen = 0;
  int64_t reward_paid_fen = 0;
  int64_t active_specialties = 0;
  int64_t featured_specialties = 0;
  int64_t chain_specialties = 0;
  int64_t active_partnerships = 0;
};

// The levels a school of `kind` may train (技师学院: all three; 高级技工学校: up to 高级工; 技工学校:
// 中级工).
std::vector<education::v1::TrainingLevel> LevelsOfKind(education::v1::SchoolKind kind);

// `enterprises`: the evaluation part's enterprises (registered with evaluation), the employers and
// partners; `options.cutoff`: the last day a record may carry.
EducationPlan PlanEducation(const PlanOptions& options, const ReferenceData& reference,
                            const std::vector<PlannedEnterprise>& enterprises);

PlannedEducationTotals TotalsOf(const EducationPlan& plan, int year);

}  // namespace skillbridge::simulator

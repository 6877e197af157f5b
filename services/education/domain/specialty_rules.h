#pragma once
// The specialty rules (专业 of a technical school), pure:
//   - what a specialty of CreateSpecialty carries (field paths "specialty.code", "specialty.levels[1]")
//     and what UpdateSpecialty's new values must be ("name", "levels[0]");
//   - the levels a school's kind trains (school_rules.h KindTrains);
//   - the workflow ACTIVE -> CLOSED (final), the featured designation (特色品牌专业) of an ACTIVE
//     specialty, and what a specialty counts in education:now (SpecialtyCounts);
//   - the change event SpecialtyChanged.
// Errors (FAILED_PRECONDITION with a reason):
//   LEVEL_NOT_TRAINED    a level the school's kind does not train (the message names the field)
//   SPECIALTY_CLOSED     changing, featuring or closing a specialty that is CLOSED
// ALREADY_EXISTS SPECIALTY_EXISTS, STUDENTS_ENROLLED and LEVEL_IN_USE are guards of the store.
// Pure functions; thread-safe.

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "google/protobuf/repeated_field.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonLevelNotTrained[] = "LEVEL_NOT_TRAINED";
inline constexpr char kReasonSpecialtyClosed[] = "SPECIALTY_CLOSED";
inline constexpr char kReasonSpecialtyExists[] = "SPECIALTY_EXISTS";
inline constexpr char kReasonSpecialtyNotFound[] = "SPECIALTY_NOT_FOUND";
inline constexpr char kReasonStudentsEnrolled[] = "STUDENTS_ENROLLED";
inline constexpr char kReasonLevelInUse[] = "LEVEL_IN_USE";

inline constexpr int kMinSpecialtyCodeChars = 2;
inline constexpr int kMaxSpecialtyCodeChars = 16;
inline constexpr int kMaxSpecialtyNameChars = 100;
inline constexpr int kMaxSpecialtyLevels = 3;
inline constexpr int kMinOpenedYear = 1950;
inline constexpr int kMinFeaturedYear = 2000;

using Levels = google::protobuf::RepeatedField<int>;

// A code of the technical-school specialty catalogue: 2..16 characters of digits, upper-case
// letters and '-'.
void CheckCatalogueCode(std::string_view code, std::string_view field, FieldViolations& violations);

// 1..3 levels, each a known non-UNSPECIFIED level, none twice ("<field>[i]").
void CheckLevels(const Levels& levels, std::string_view field, FieldViolations& violations);

// A specialty of CreateSpecialty under "specialty.": school_credit_code (upper-cased), code,
// name, industry chain (optional, known), levels, opened_year 1950..`current_year`.
// `normalized` (when given) gets those fields only, the credit code canonical.
void CheckSpecialtyDraft(const ReferenceData& reference, const v1::Specialty& draft, int current_year,
                         FieldViolations& violations, v1::Specialty* normalized = nullptr);

// UpdateSpecialty's new values: "name", "industry_chain_code", "levels".
void CheckSpecialtyUpdate(const ReferenceData& reference, const v1::UpdateSpecialtyRequest& request,
                          FieldViolations& violations);

// OK when `kind` trains every level; LEVEL_NOT_TRAINED naming "<field>[i]" of the first that it
// does not.
absl::Status CheckLevelsTrained(v1::SchoolKind kind, const Levels& levels, std::string_view field);

// OK while the specialty is ACTIVE; SPECIALTY_CLOSED otherwise.
absl::Status CheckSpecialtyActive(const v1::Specialty& specialty);

// The levels of `before` that `after` no longer has.
std::vector<v1::TrainingLevel> RemovedLevels(const Levels& before, const Levels& after);

// What a specialty counts in education:now: active (ACTIVE), featured (active ∧ featured), chain
// (active ∧ a chain).
struct SpecialtyCounts {
  int active = 0;
  int featured = 0;
  int chain = 0;
};
SpecialtyCounts CountsOf(const v1::Specialty& specialty);

v1::EducationEvent SpecialtyChangedEvent(const v1::Specialty& specialty, absl::Time now);

}  // namespace skillbridge::education

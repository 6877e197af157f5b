#pragma once
// The school rules (技师学院, 高级技工学校, 技工学校), pure:
//   - which levels each kind of school trains: TECHNICIAN_COLLEGE intermediate, senior and
//     pre-technician; SENIOR_TECHNICAL_SCHOOL intermediate and senior; TECHNICAL_SCHOOL
//     intermediate;
//   - what a school of RegisterSchool carries (field paths "school.org.credit_code", "school.kind")
//     and what UpdateSchool's new values must be ("name", "kind", "contact_phone");
//   - the workflow ACTIVE -> CLOSED (final) and what a school counts in education:now (an ACTIVE
//     school counts once in its district);
//   - the change event SchoolChanged.
// Errors (FAILED_PRECONDITION with a reason):
//   SCHOOL_CLOSED   closing, or opening anything at, a school that is CLOSED
// Pure functions; thread-safe.

#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonSchoolClosed[] = "SCHOOL_CLOSED";
inline constexpr char kReasonSchoolExists[] = "SCHOOL_EXISTS";
// CloseSchool while the school has ACTIVE specialties or ACTIVE partnerships.
inline constexpr char kReasonSpecialtiesActive[] = "SPECIALTIES_ACTIVE";
inline constexpr char kReasonPartnershipsActive[] = "PARTNERSHIPS_ACTIVE";
inline constexpr char kReasonSchoolNotFound[] = "SCHOOL_NOT_FOUND";

inline constexpr int kMaxSchoolNameChars = 100;
inline constexpr int kMaxContactNameChars = 50;
inline constexpr int kMaxContactPhoneChars = 20;

// Does a school of `kind` train toward `level`? False for UNSPECIFIED of either.
bool KindTrains(v1::SchoolKind kind, v1::TrainingLevel level);

// A school of RegisterSchool under "school.": org (credit code — lower case accepted and
// upper-cased —, name 1..100 characters, a district of the reference data), kind and ownership
// (required), contact name (≤ 50 characters) and phone (≤ 20 of digits, '+', '-', spaces).
// `normalized` (when given) gets the school as stored: those fields only, the org normalised.
void CheckSchoolDraft(const ReferenceData& reference, const v1::School& draft, FieldViolations& violations,
                      v1::School* normalized = nullptr);

// UpdateSchool's new values (top-level field paths: "name", "kind", "ownership", "contact_name",
// "contact_phone").
void CheckSchoolUpdate(const v1::UpdateSchoolRequest& request, FieldViolations& violations);

// The contact fields under `prefix` ("" for top-level names).
void CheckSchoolContact(std::string_view name, std::string_view phone, std::string_view prefix,
                        FieldViolations& violations);

// OK while the school is ACTIVE; SCHOOL_CLOSED otherwise.
absl::Status CheckSchoolActive(const v1::School& school);

// What the school counts in education:now's "schools" (1 when ACTIVE, else 0).
int SchoolCount(const v1::School& school);

v1::EducationEvent SchoolChangedEvent(const v1::School& school, absl::Time now);

}  // namespace skillbridge::education

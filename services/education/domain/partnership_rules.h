#pragma once
// The school–enterprise partnership rules (一班一企 order classes, shared training bases,
// apprenticeships), pure:
//   - what a partnership of CreatePartnership carries (field paths "partnership.enterprise.name",
//     "partnership.places"): the school's credit code; the enterprise (credit code and name
//     required, district optional and then a district of the reference data); kind; for an
//     ORDER_CLASS a specialty code; start_year 2000..current + 1; planned_end_year 0 or not
//     before start_year; places 0..10,000, at least 1 for ORDER_CLASS and APPRENTICESHIP;
//     description ≤ 500 characters;
//   - the workflow ACTIVE -> ENDED (final) in a year start_year..current + 1, and what a
//     partnership counts in education:now (an ACTIVE one, once, in the school's district);
//   - the change event PartnershipChanged.
// Errors (FAILED_PRECONDITION with a reason):
//   PARTNERSHIP_ENDED   ending a partnership that is ENDED
// Pure functions; thread-safe.

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/education/v1/education.pb.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonPartnershipEnded[] = "PARTNERSHIP_ENDED";
inline constexpr char kReasonPartnershipNotFound[] = "PARTNERSHIP_NOT_FOUND";

inline constexpr int kMinPartnershipYear = 2000;
inline constexpr int kMaxPartnershipPlaces = 10000;
inline constexpr int kMaxDescriptionChars = 500;

// Does a partnership of `kind` need a specialty and at least one place?
bool NeedsSpecialty(v1::PartnershipKind kind);
bool NeedsPlaces(v1::PartnershipKind kind);

// A partnership of CreatePartnership under "partnership." (see above). `normalized` (when given)
// gets those fields only, the credit codes canonical.
void CheckPartnershipDraft(const ReferenceData& reference, const v1::Partnership& draft, int current_year,
                           FieldViolations& violations, v1::Partnership* normalized = nullptr);

// EndPartnership's year ("year"): start_year..current_year + 1.
void CheckEndYear(int year, int start_year, int current_year, FieldViolations& violations);

// OK while the partnership is ACTIVE; PARTNERSHIP_ENDED otherwise.
absl::Status CheckPartnershipActive(const v1::Partnership& partnership);

// What the partnership counts in education:now's "partnerships" (1 when ACTIVE).
int PartnershipCount(const v1::Partnership& partnership);

v1::EducationEvent PartnershipChangedEvent(const v1::Partnership& partnership, absl::Time now);

}  // namespace skillbridge::education

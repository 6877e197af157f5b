#pragma once
// The request fields every service checks the same way: request ids, free text, persons (citizen
// ID + name, normalised), organisation references, districts, occupations and the levels they
// offer, industry chains, dates, years and record ids. Each Check* adds its violations (field
// paths as in the request, e.g. "rows[3].person.id_number") to a FieldViolations, so one request
// is answered with all that is wrong in one INVALID_ARGUMENT; checks that produce a normalised
// value write it to an optional out-parameter. The limits below are the API's (docs/api.md).
// Pure: reads the immutable reference data only; thread-safe.

#include <string>
#include <string_view>

#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge {

inline constexpr int kMaxPersonNameChars = 50;
inline constexpr int kMaxOrgNameChars = 100;
inline constexpr int kMaxReasonChars = 500;
inline constexpr int kMaxRecordIdChars = 64;
inline constexpr int kMinYear = 1950;
inline constexpr int kMaxYear = 2100;

// "<prefix>.<field>", or `field` when the prefix is empty.
std::string FieldPath(std::string_view prefix, std::string_view field);

// "request_id": empty, or 1..128 characters of [A-Za-z0-9._:-].
void CheckRequestId(std::string_view request_id, FieldViolations& violations);

// Valid UTF-8 without control characters, at most `max_chars` code points; when `required`, not
// blank.
void CheckText(std::string_view text, std::string_view field, bool required, int max_chars,
               FieldViolations& violations);

// A required reason (suspensions, revocations, rejections, cancellations): ≤ kMaxReasonChars.
void CheckReason(std::string_view reason, std::string_view field, FieldViolations& violations);

// "<prefix>.id_number" (GB 11643, x normalised to X) and "<prefix>.name" (required). When
// `normalized` is given and the ID is valid: the normalised ID, the name, and gender and birth
// date derived from the ID (whatever the request carried there).
void CheckPerson(const common::v1::PersonRef& person, std::string_view prefix, FieldViolations& violations,
                 common::v1::PersonRef* normalized = nullptr);

// A unified social credit code given alone (canonical upper-case form required).
void CheckCreditCode(std::string_view code, std::string_view field, FieldViolations& violations);
// The same, but optional: empty passes (filters).
void CheckOptionalCreditCode(std::string_view code, std::string_view field, FieldViolations& violations);

// "<prefix>.credit_code" (lower case accepted, upper-cased), "<prefix>.name" (required,
// ≤ kMaxOrgNameChars) and "<prefix>.district_code" (a known district). When `normalized` is
// given: the reference with the canonical credit code and only those three fields.
void CheckOrgRef(const common::v1::OrgRef& org, std::string_view prefix, const ReferenceData& reference,
                 FieldViolations& violations, common::v1::OrgRef* normalized = nullptr);

// A district of the reference data; empty passes unless `required`.
void CheckDistrict(const ReferenceData& reference, std::string_view code, std::string_view field, bool required,
                   FieldViolations& violations);

// An occupation of the catalogue (format D-DD-DD-DD, then known); null when it is not.
const Occupation* CheckOccupation(const ReferenceData& reference, std::string_view code, std::string_view field,
                                  FieldViolations& violations);

// A known skill level that `occupation` offers (the offer is checked only when `occupation` is
// not null, i.e. when the occupation itself was valid).
void CheckOccupationLevel(const ReferenceData& reference, const Occupation* occupation, common::v1::SkillLevel level,
                          std::string_view field, FieldViolations& violations);

// An industry chain of the reference data; empty passes (optional everywhere).
void CheckIndustryChain(const ReferenceData& reference, std::string_view code, std::string_view field,
                        FieldViolations& violations);

// A real calendar date (an unset date is "required"). True when it is.
bool CheckDate(const common::v1::Date& date, std::string_view field, FieldViolations& violations);
// A real date not after `today` (the bureau's today, see common/reference/bureau_calendar.h).
bool CheckPastDate(const common::v1::Date& date, std::string_view field, const common::v1::Date& today,
                   FieldViolations& violations);

// A year filter: 0 (any) or kMinYear..kMaxYear.
void CheckYearFilter(int year, std::string_view field, FieldViolations& violations);
// A required year: kMinYear..kMaxYear.
void CheckYear(int year, std::string_view field, FieldViolations& violations);

// The id of a server-assigned record (course, enrolment, claim, introduction): required,
// ≤ kMaxRecordIdChars of [A-Za-z0-9_-]. `what` names it in the message ("a course id").
void CheckRecordId(std::string_view id, std::string_view field, std::string_view what, FieldViolations& violations);

// An enum value: defined (`is_valid`), and not 0 (UNSPECIFIED) when `required`. `what` names it
// in the message ("an institution kind").
template <typename IsValid>
void CheckEnum(int value, IsValid is_valid, bool required, std::string_view field, std::string_view what,
               FieldViolations& violations) {
  if (!is_valid(value)) {
    violations.Add(std::string(field), std::string("unknown value for ").append(what));
  } else if (required && value == 0) {
    violations.Add(std::string(field), std::string(what).append(" is required"));
  }
}

// Optimistic concurrency (docs/api.md "Updates"): `expected` 0 = no check; otherwise it must
// equal the record's current version, or ABORTED (reason VERSION_MISMATCH) naming `resource`.
absl::Status CheckExpectedVersion(int64_t current, int64_t expected, std::string_view resource);
// "expected_version" must not be negative.
void CheckExpectedVersionField(int64_t expected, FieldViolations& violations);

}  // namespace skillbridge

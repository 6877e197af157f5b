#pragma once
// Format checks for reference codes, dates, free text and request ids. Existence in the
// reference data is checked by ReferenceData; these only check shape. Pure functions,
// thread-safe; errors are INVALID_ARGUMENT naming `field`.

#include <string_view>

#include "absl/status/status.h"

namespace skillbridge {

// 职业分类大典 code "D-DD-DD-DD", e.g. "6-18-02-04"; the first digit (major group) is 1..8.
absl::Status ValidateOccupationCodeFormat(std::string_view code, std::string_view field);

// Six digits (GB/T 2260), first digit 1..9.
absl::Status ValidateDistrictCodeFormat(std::string_view code, std::string_view field);

// A proto Date-like triple is a real calendar date (Gregorian, leap years, 1900..2100). An unset
// date (0-0-0) is reported as "date is required".
absl::Status ValidateDate(int year, int month, int day, std::string_view field);

// Text field: valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF); at most
// `max_chars` code points; no control characters (U+0000..U+001F, U+007F..U+009F, including tab
// and newline) and no invisible or direction-changing ones (zero-width spaces and joiners,
// direction marks, embeddings, overrides and isolates U+200B..U+200F, U+202A..U+202E,
// U+2060..U+2064, U+2066..U+2069, soft hyphen, U+180E, byte-order mark, U+FFF9..U+FFFB). When `required`, it must
// contain something other than spaces (ASCII space and U+3000 ideographic space).
absl::Status ValidateText(std::string_view text, std::string_view field, bool required, int max_chars);

// request_id: empty, or 1..128 characters of [A-Za-z0-9._:-].
absl::Status ValidateRequestId(std::string_view request_id, std::string_view field);

}  // namespace skillbridge

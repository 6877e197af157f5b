#pragma once
// Format checks for reference codes. Existence in the reference data is checked by
// ReferenceData; these only check shape. Pure functions; errors are INVALID_ARGUMENT naming `field`.

#include <string_view>

#include "absl/status/status.h"

namespace skillbridge {

// 职业分类大典 code "D-DD-DD-DD", e.g. "6-18-02-04".
absl::Status ValidateOccupationCodeFormat(std::string_view code, std::string_view field);

// Six digits (GB/T 2260).
absl::Status ValidateDistrictCodeFormat(std::string_view code, std::string_view field);

// A proto Date-like triple is a real calendar date (1900..2100).
absl::Status ValidateDate(int year, int month, int day, std::string_view field);

// Text field: non-empty (when `required`), at most `max_chars` UTF-8 code points, no control chars.
absl::Status ValidateText(std::string_view text, std::string_view field, bool required, int max_chars);

// request_id: empty, or 1..128 characters of [A-Za-z0-9._:-].
absl::Status ValidateRequestId(std::string_view request_id, std::string_view field);

}  // namespace skillbridge

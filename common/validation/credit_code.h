#pragma once
// Unified social credit code (统一社会信用代码, GB 32100-2015) validation. Pure functions,
// thread-safe.
//
// 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (values 0..30; I, O, Z, S, V are never
// used). The 18th is the check character: 31 - (Σ value(c_i)·w_i mod 31), 31 → 0, with weights
// 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. Only the character set and the check character
// are verified: the registration authority, organisation category and area code inside the
// code are not (those vary between registration authorities and would reject real codes).
//
// Case: the stored form is upper case. ValidateCreditCode checks that canonical form and
// rejects lower-case letters (saying so), so a validated code can be used as a key as is.
// Request handlers that want to accept lower case call NormalizeCreditCode, which upper-cases
// first and returns the canonical form.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace skillbridge {

// 18 characters from 0-9A-HJ-NP-RTUWXY with a valid check character.
// Error: INVALID_ARGUMENT naming `field`.
absl::Status ValidateCreditCode(std::string_view code, std::string_view field);

// Upper-cases `code` (ASCII only), validates it, and returns the canonical form.
// Error: INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> NormalizeCreditCode(std::string_view code, std::string_view field);

// The check character for the first 17 characters (used by tools and tests to build codes);
// '\0' when `first17` is not 17 characters of the code's character set.
char CreditCodeCheckCharacter(std::string_view first17);

}  // namespace skillbridge

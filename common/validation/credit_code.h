#pragma once
// Unified social credit code (统一社会信用代码, GB 32100-2015) validation. Pure functions.

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace skillbridge {

// 18 characters from 0-9A-HJ-NP-RTUWXY with a valid check character.
// Error: INVALID_ARGUMENT naming `field`.
absl::Status ValidateCreditCode(std::string_view code, std::string_view field);

// The check character for the first 17 characters (used by tools and tests to build codes).
char CreditCodeCheckCharacter(std::string_view first17);

}  // namespace skillbridge

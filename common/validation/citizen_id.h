#pragma once
// Citizen ID number (公民身份号码, GB 11643-1999) validation and masking. Pure functions.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

struct CitizenId {
  std::string number;  // normalised: 18 characters, upper-case X
  int birth_year = 0;
  int birth_month = 0;
  int birth_day = 0;
  bool male = false;   // 17th digit odd
};

// Validates format, real birth date (not in the future relative to `today_year` when given > 0
// is not checked here), and the ISO 7064 MOD 11-2 check character. Lower-case x is accepted and
// normalised. Error: INVALID_ARGUMENT naming `field`.
absl::StatusOr<CitizenId> ParseCitizenId(std::string_view text, std::string_view field);

// First 6 + last 4 characters kept, the rest '*': "370202********123X".
std::string MaskCitizenId(std::string_view id_number);

// Replaces every 18-character ID-number-shaped run in free text with its masked form.
std::string MaskIdNumbersInText(std::string_view text);

}  // namespace skillbridge

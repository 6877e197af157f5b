#pragma once
// Citizen ID number (公民身份号码, GB 11643-1999) validation and masking. Pure functions,
// thread-safe.
//
// Shape: 6-digit area code (first digit 1-9; any province, not only Qingdao) + birth date
// YYYYMMDD (a real calendar date, year 1900..2100) + 3-digit sequence (odd = male) + check
// character (ISO 7064 MOD 11-2). Error messages say what is wrong and where, and never echo the
// full number (only its masked form).

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

struct CitizenId {
  std::string number;  // normalised: 18 characters, upper-case X
  int birth_year = 0;
  int birth_month = 0;
  int birth_day = 0;
  bool male = false;  // 17th digit odd
};

// Validates format, a real birth date (whether it lies in the future is the caller's business:
// there is no clock here), and the ISO 7064 MOD 11-2 check character. Lower-case x is accepted
// and normalised. Error: INVALID_ARGUMENT naming `field`.
absl::StatusOr<CitizenId> ParseCitizenId(std::string_view text, std::string_view field);

// The check character ('0'..'9' or 'X') for the first 17 digits; '\0' when `first17` is not 17
// digits. Used by tools and tests to build numbers.
char CitizenIdCheckCharacter(std::string_view first17);

// First 6 + last 4 characters kept, the rest '*': "370202********123X". Input of 10 characters or
// fewer is masked completely.
std::string MaskCitizenId(std::string_view id_number);

// Replaces every ID number in free text with its masked form: a whole run of ASCII letters and
// digits that is ID-shaped (17 digits + [0-9Xx]), and an ID-shaped window inside a longer run
// ("r370202199001011237", "C370202199001011237x") whose region code does not start with 0 and
// whose characters 7-14 are a plausible birth date (years 1800-2199); every window is checked, so
// numbers that overlap or follow each other are all masked.
std::string MaskIdNumbersInText(std::string_view text);

}  // namespace skillbridge

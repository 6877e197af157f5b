#pragma once
// Certificate numbers of skill-level certificates (22 characters):
//   Y|S + 4-digit org code + 2-digit province + 6-digit site serial + 2-digit year
//       + level digit 1-5 (1 = 一级) + 6-digit serial
//   Y = employer (用人单位), S = social evaluation organisation; org code 0000 = filed with the
//   province. Example: Y000037000001233000123 (三级, 2023).
// 特级技师 and 首席技师 numbers: 2 upper-case letters + 20 digits, with the same digit layout
// minus the level digit: 2 letters + 4 org + 2 province + 6 site + 2 year + 6 serial.
// The form is told apart by the second character: a digit means the Y|S form, a letter the
// two-letter form. Letters must be upper case (ASCII A-Z). Only the shape is checked: the
// province is not required to be 37 (certificates from other provinces are introduced too).
// Pure functions, thread-safe.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

struct CertificateNumberParts {
  std::string prefix;       // "Y", "S", or two letters for 特级/首席
  std::string org_code;     // 4 digits
  std::string province;     // 2 digits
  std::string site_serial;  // 6 digits
  int year_two_digits = 0;  // 0..99
  int level_digit = 0;      // 1..5, or 0 for two-letter numbers
  std::string serial;       // 6 digits

  friend bool operator==(const CertificateNumberParts&, const CertificateNumberParts&) = default;
};

// Checks the 22-character shape and splits it. Error: INVALID_ARGUMENT naming `field`.
absl::StatusOr<CertificateNumberParts> ParseCertificateNumber(std::string_view number, std::string_view field);

// Builds the number from parts (inverse of Parse; parts must already be well-formed: the level
// digit is written only for a one-letter prefix, and the year as two digits).
std::string FormatCertificateNumber(const CertificateNumberParts& parts);

}  // namespace skillbridge

#pragma once
// Certificate numbers of skill-level certificates (22 characters):
//   Y|S + 4-digit org code + 2-digit province + 6-digit site serial + 2-digit year
//       + level digit 1-5 (1 = 一级) + 6-digit serial
// 特级技师 and 首席技师 numbers: 2 upper-case letters + 20 digits (same digit layout without the
// level digit... see DESIGN §3; we use: 2 letters + 4 org + 2 province + 6 site + 2 year + 6 serial).
// Pure functions.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

struct CertificateNumberParts {
  std::string prefix;        // "Y", "S", or two letters for 特级/首席
  std::string org_code;      // 4 digits
  std::string province;      // 2 digits
  std::string site_serial;   // 6 digits
  int year_two_digits = 0;   // 0..99
  int level_digit = 0;       // 1..5, or 0 for two-letter numbers
  std::string serial;        // 6 digits
};

// Checks the 22-character shape and splits it. Error: INVALID_ARGUMENT naming `field`.
absl::StatusOr<CertificateNumberParts> ParseCertificateNumber(std::string_view number, std::string_view field);

// Builds the number from parts (inverse of Parse; parts must already be well-formed).
std::string FormatCertificateNumber(const CertificateNumberParts& parts);

}  // namespace skillbridge

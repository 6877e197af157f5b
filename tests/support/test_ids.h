#pragma once
// Builders of valid identifiers for tests: citizen ID numbers with a correct GB 11643 check
// character and credit codes with a correct GB 32100 check character. Header-only, pure.

#include <cstdio>
#include <string>

#include "common/validation/credit_code.h"

namespace skillbridge::testing {

// "<area 6><birth YYYYMMDD><sequence 3>" + check character.
inline std::string CitizenId(const std::string& area, const std::string& birth, int sequence) {
  char body[64];
  std::snprintf(body, sizeof(body), "%s%s%03d", area.c_str(), birth.c_str(), sequence % 1000);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += (body[i] - '0') * kWeights[i];
  }
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

// A distinct valid person number for index `n` (born 1990-01-01 + n days within a year).
inline std::string PersonId(int n) {
  char birth[32];
  std::snprintf(birth, sizeof(birth), "19%02d%02d%02d", 70 + (n / 336) % 30, 1 + (n / 28) % 12, 1 + n % 28);
  return CitizenId("370202", birth, n % 1000);
}

// A valid credit code "91370200" + 9 characters derived from `n` + check character.
inline std::string CreditCode(int n) {
  char body[64];
  std::snprintf(body, sizeof(body), "91370200%09d", n % 1000000000);
  std::string first17(body, 17);
  return first17 + CreditCodeCheckCharacter(first17);
}

}  // namespace skillbridge::testing

// Fuzzes ParseCertificateNumber and FormatCertificateNumber of
// common/validation/certificate_number.h.
//
// Invariants:
//  - ParseCertificateNumber accepts exactly the 22-character numbers of the header's two shapes
//    (Y|S + 4+2+6+2 digits + level 1-5 + 6 digits; two upper-case ASCII letters + 20 digits),
//    checked here by a reference matcher; a rejection is INVALID_ARGUMENT.
//  - For an accepted number the parts have the documented sizes and contents and
//    FormatCertificateNumber(parts) gives back the input byte for byte; parsing that again gives
//    equal parts.
//  - Format → Parse round-trips for parts built from the fuzz input.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/validation/certificate_number.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) {
      return false;
    }
  }
  return true;
}

// The header's shape, written from its comment.
bool IsWellFormed(std::string_view n) {
  if (n.size() != 22) {
    return false;
  }
  if ((n[0] == 'Y' || n[0] == 'S') && IsDigit(n[1])) {
    return AllDigits(n.substr(1)) && n[15] >= '1' && n[15] <= '5';
  }
  return IsUpper(n[0]) && IsUpper(n[1]) && AllDigits(n.substr(2));
}

void CheckParse(std::string_view number) {
  const absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber(number, "certificate_number");
  FUZZ_CHECK(parts.ok() == IsWellFormed(number), parts.ok() ? "accepted" : parts.status().ToString());
  if (!parts.ok()) {
    FUZZ_CHECK(parts.status().code() == absl::StatusCode::kInvalidArgument, parts.status().ToString());
    return;
  }
  const bool one_letter = parts->prefix.size() == 1;
  FUZZ_CHECK(one_letter ? (parts->prefix == "Y" || parts->prefix == "S") : parts->prefix.size() == 2, number);
  FUZZ_CHECK(parts->org_code.size() == 4 && AllDigits(parts->org_code), number);
  FUZZ_CHECK(parts->province.size() == 2 && AllDigits(parts->province), number);
  FUZZ_CHECK(parts->site_serial.size() == 6 && AllDigits(parts->site_serial), number);
  FUZZ_CHECK(parts->serial.size() == 6 && AllDigits(parts->serial), number);
  FUZZ_CHECK(parts->year_two_digits >= 0 && parts->year_two_digits <= 99, number);
  FUZZ_CHECK(one_letter ? (parts->level_digit >= 1 && parts->level_digit <= 5) : parts->level_digit == 0, number);
  const std::string formatted = FormatCertificateNumber(*parts);
  FUZZ_CHECK(formatted == number, formatted);
  const absl::StatusOr<CertificateNumberParts> again = ParseCertificateNumber(formatted, "certificate_number");
  FUZZ_CHECK(again.ok() && *again == *parts, formatted);
}

// Builds well-formed parts from the input's bytes and checks Format → Parse.
void CheckFormat(std::string_view bytes) {
  if (bytes.size() < 22) {
    return;
  }
  const auto digits = [&](size_t from, size_t count) {
    std::string out;
    for (size_t i = from; i < from + count; ++i) {
      out.push_back(static_cast<char>('0' + static_cast<unsigned char>(bytes[i]) % 10));
    }
    return out;
  };
  CertificateNumberParts parts;
  const bool two_letters = (static_cast<unsigned char>(bytes[0]) & 1) != 0;
  if (two_letters) {
    parts.prefix = {static_cast<char>('A' + static_cast<unsigned char>(bytes[1]) % 26),
                    static_cast<char>('A' + static_cast<unsigned char>(bytes[2]) % 26)};
  } else {
    parts.prefix = (static_cast<unsigned char>(bytes[1]) & 1) != 0 ? "Y" : "S";
    parts.level_digit = 1 + static_cast<unsigned char>(bytes[2]) % 5;
  }
  parts.org_code = digits(3, 4);
  parts.province = digits(7, 2);
  parts.site_serial = digits(9, 6);
  parts.year_two_digits = static_cast<unsigned char>(bytes[15]) % 100;
  parts.serial = digits(16, 6);
  const std::string number = FormatCertificateNumber(parts);
  FUZZ_CHECK(number.size() == 22, number);
  const absl::StatusOr<CertificateNumberParts> parsed = ParseCertificateNumber(number, "certificate_number");
  FUZZ_CHECK(parsed.ok() && *parsed == parts, number);
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  skillbridge::CheckParse(bytes);
  skillbridge::CheckFormat(bytes);
  return 0;
}

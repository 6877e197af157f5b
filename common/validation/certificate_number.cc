#include "common/validation/certificate_number.h"

#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

constexpr size_t kLength = 22;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

std::string Describe(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte > 0x20 && byte < 0x7F) {
    return absl::StrCat("'", std::string(1, c), "'");
  }
  if (byte == ' ') {
    return "a space";
  }
  if (byte >= 0x80) {
    return "a non-ASCII character";
  }
  return "a control character";
}

// First non-digit in number[from, to), or `to`.
size_t FirstNonDigit(std::string_view number, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (!IsDigit(number[i])) {
      return i;
    }
  }
  return to;
}

}  // namespace

absl::StatusOr<CertificateNumberParts> ParseCertificateNumber(std::string_view number, std::string_view field) {
  if (number.empty()) {
    return InvalidArgumentError(field, "certificate number is required");
  }
  if (number.size() != kLength) {
    return InvalidArgumentError(field, absl::StrCat("certificate number must be 22 characters, got ", number.size()));
  }
  const char first = number[0];
  const char second = number[1];
  if (IsLower(first) || IsLower(second)) {
    return InvalidArgumentError(field, "certificate number letters must be upper case");
  }
  CertificateNumberParts parts;
  size_t pos = 0;
  if (IsDigit(second)) {
    if (first != 'Y' && first != 'S') {
      return InvalidArgumentError(
          field, absl::StrCat("certificate number must start with Y (employer) or S (social organisation), or with ",
                              "two letters (特级/首席技师), got ", Describe(first)));
    }
    parts.prefix = std::string(1, first);
    pos = 1;
  } else if (IsUpper(second)) {
    if (!IsUpper(first)) {
      return InvalidArgumentError(
          field, absl::StrCat("certificate number: character 1 must be a letter, got ", Describe(first)));
    }
    parts.prefix = std::string(number.substr(0, 2));
    pos = 2;
  } else {
    return InvalidArgumentError(field, absl::StrCat("certificate number: character 2 must be a digit or, for ",
                                                    "特级/首席技师 numbers, a letter; got ", Describe(second)));
  }
  const size_t bad = FirstNonDigit(number, pos, kLength);
  if (bad != kLength) {
    return InvalidArgumentError(field, absl::StrCat("certificate number: character ", bad + 1, " must be a digit, got ",
                                                    Describe(number[bad])));
  }
  parts.org_code = std::string(number.substr(pos, 4));
  pos += 4;
  parts.province = std::string(number.substr(pos, 2));
  pos += 2;
  parts.site_serial = std::string(number.substr(pos, 6));
  pos += 6;
  parts.year_two_digits = (number[pos] - '0') * 10 + (number[pos + 1] - '0');
  pos += 2;
  if (parts.prefix.size() == 1) {
    const char level = number[pos];
    if (level < '1' || level > '5') {
      return InvalidArgumentError(
          field, absl::StrCat("certificate number: character ", pos + 1, " is the level digit and must be 1-5, got ",
                              Describe(level), " (1 = 一级/高级技师 … 5 = 五级/初级工)"));
    }
    parts.level_digit = level - '0';
    pos += 1;
  }
  parts.serial = std::string(number.substr(pos, 6));
  return parts;
}

std::string FormatCertificateNumber(const CertificateNumberParts& parts) {
  std::string out = absl::StrCat(parts.prefix, parts.org_code, parts.province, parts.site_serial,
                                 absl::StrFormat("%02d", parts.year_two_digits));
  if (parts.prefix.size() == 1) {
    absl::StrAppend(&out, parts.level_digit);
  }
  absl::StrAppend(&out, parts.serial);
  return out;
}

}  // namespace skillbridge

#include "common/validation/credit_code.h"

#include <array>
#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

constexpr size_t kLength = 18;
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Value 0..30 of a code character, or -1.
int ValueOf(char c) {
  const size_t pos = kCharset.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

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

}  // namespace

char CreditCodeCheckCharacter(std::string_view first17) {
  if (first17.size() != kWeights.size()) {
    return '\0';
  }
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) {
    const int value = ValueOf(first17[i]);
    if (value < 0) {
      return '\0';
    }
    sum += value * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kCharset[static_cast<size_t>(check)];
}

absl::Status ValidateCreditCode(std::string_view code, std::string_view field) {
  if (code.empty()) {
    return InvalidArgumentError(field, "unified social credit code is required");
  }
  if (code.size() != kLength) {
    return InvalidArgumentError(field,
                                absl::StrCat("unified social credit code must be 18 characters, got ", code.size()));
  }
  for (size_t i = 0; i < kLength; ++i) {
    const char c = code[i];
    if (ValueOf(c) >= 0) {
      continue;
    }
    if (c >= 'a' && c <= 'z') {
      return InvalidArgumentError(field, absl::StrCat("unified social credit code: character ", i + 1, " ", Describe(c),
                                                      " is lower case; codes are written in upper case"));
    }
    return InvalidArgumentError(field,
                                absl::StrCat("unified social credit code: character ", i + 1, " ", Describe(c),
                                             " is not allowed (digits and upper-case letters except I, O, S, V, Z)"));
  }
  const char expected = CreditCodeCheckCharacter(code.substr(0, kLength - 1));
  if (expected != code[kLength - 1]) {
    return InvalidArgumentError(field,
                                absl::StrCat("unified social credit code: check character (character 18) is '",
                                             std::string(1, code[kLength - 1]), "' but the first 17 characters give '",
                                             std::string(1, expected), "'; the code is mistyped"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> NormalizeCreditCode(std::string_view code, std::string_view field) {
  std::string upper(code);
  absl::AsciiStrToUpper(&upper);
  absl::Status status = ValidateCreditCode(upper, field);
  if (!status.ok()) {
    return status;
  }
  return upper;
}

}  // namespace skillbridge

#include "common/validation/codes.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) {
    return 29;
  }
  return kDays[static_cast<size_t>(month - 1)];
}

// Decodes one UTF-8 sequence at `text[pos]`. Returns the code point and sets `length`, or
// returns -1 for an invalid sequence.
int32_t DecodeUtf8(std::string_view text, size_t pos, size_t& length) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  int32_t cp = 0;
  int32_t min = 0;
  if (b0 < 0x80) {
    length = 1;
    return b0;
  }
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return -1;
  }
  if (pos + length > text.size()) {
    return -1;
  }
  for (size_t i = 1; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0) != 0x80) {
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return -1;
  }
  return cp;
}

}  // namespace

absl::Status ValidateOccupationCodeFormat(std::string_view code, std::string_view field) {
  if (code.empty()) {
    return InvalidArgumentError(field, "occupation code is required");
  }
  const std::string_view kShape = "D-DD-DD-DD";
  if (code.size() != kShape.size()) {
    return InvalidArgumentError(field, absl::StrCat("occupation code must have the form D-DD-DD-DD (10 characters, ",
                                                    "e.g. 6-18-02-04), got ", code.size(), " characters"));
  }
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == '-') {
      if (code[i] != '-') {
        return InvalidArgumentError(field, absl::StrCat("occupation code must have the form D-DD-DD-DD: character ",
                                                        i + 1, " must be '-', got ", Describe(code[i])));
      }
    } else if (!IsDigit(code[i])) {
      return InvalidArgumentError(field, absl::StrCat("occupation code must have the form D-DD-DD-DD: character ",
                                                      i + 1, " must be a digit, got ", Describe(code[i])));
    }
  }
  if (code[0] < '1' || code[0] > '8') {
    return InvalidArgumentError(
        field, absl::StrCat("occupation code major group (first digit) must be 1-8, got ", Describe(code[0])));
  }
  return absl::OkStatus();
}

absl::Status ValidateDistrictCodeFormat(std::string_view code, std::string_view field) {
  if (code.empty()) {
    return InvalidArgumentError(field, "district code is required");
  }
  if (code.size() != 6) {
    return InvalidArgumentError(field, absl::StrCat("district code must be 6 digits (GB/T 2260, e.g. 370202), got ",
                                                    code.size(), " characters"));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (!IsDigit(code[i])) {
      return InvalidArgumentError(
          field, absl::StrCat("district code must be 6 digits: character ", i + 1, " is ", Describe(code[i])));
    }
  }
  if (code[0] == '0') {
    return InvalidArgumentError(field, "district code must not start with 0");
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(int year, int month, int day, std::string_view field) {
  if (year == 0 && month == 0 && day == 0) {
    return InvalidArgumentError(field, "date is required");
  }
  if (year < 1900 || year > 2100) {
    return InvalidArgumentError(field, absl::StrCat("year must be between 1900 and 2100, got ", year));
  }
  if (month < 1 || month > 12) {
    return InvalidArgumentError(field, absl::StrCat("month must be 1-12, got ", month));
  }
  const int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return InvalidArgumentError(
        field, absl::StrCat("day must be 1-", days, " for ", year, "-", month < 10 ? "0" : "", month, ", got ", day));
  }
  return absl::OkStatus();
}

namespace {

// Characters that do not show but change how text reads or compares: zero-width spaces and
// joiners, direction marks, embeddings, overrides and isolates (U+202E turns "txt.exe" around),
// invisible operators, the byte-order mark and interlinear annotation marks.
bool IsInvisibleFormatCharacter(int32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x00AD || cp == 0x180E || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

}  // namespace

absl::Status ValidateText(std::string_view text, std::string_view field, bool required, int max_chars) {
  size_t pos = 0;
  int count = 0;
  bool has_content = false;
  while (pos < text.size()) {
    size_t length = 0;
    const int32_t cp = DecodeUtf8(text, pos, length);
    if (cp < 0) {
      return InvalidArgumentError(field, absl::StrCat("text is not valid UTF-8 (at byte ", pos + 1, ")"));
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return InvalidArgumentError(
          field,
          absl::StrFormat("text must not contain control characters (found U+%04X at character %d)", cp, count + 1));
    }
    if (IsInvisibleFormatCharacter(cp)) {
      return InvalidArgumentError(
          field, absl::StrFormat("text must not contain invisible or direction-changing characters (found U+%04X at "
                                 "character %d)",
                                 cp, count + 1));
    }
    if (cp != ' ' && cp != 0x3000) {
      has_content = true;
    }
    ++count;
    pos += length;
  }
  if (required && !has_content) {
    return InvalidArgumentError(field, "is required");
  }
  if (count > max_chars) {
    return InvalidArgumentError(field, absl::StrCat("must be at most ", max_chars, " characters, got ", count));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequestId(std::string_view request_id, std::string_view field) {
  if (request_id.empty()) {
    return absl::OkStatus();
  }
  if (request_id.size() > 128) {
    return InvalidArgumentError(field,
                                absl::StrCat("request_id must be at most 128 characters, got ", request_id.size()));
  }
  for (size_t i = 0; i < request_id.size(); ++i) {
    const char c = request_id[i];
    const bool ok =
        IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return InvalidArgumentError(field, absl::StrCat("request_id may only contain letters, digits and . _ : -; ",
                                                      "character ", i + 1, " is ", Describe(c)));
    }
  }
  return absl::OkStatus();
}

}  // namespace skillbridge

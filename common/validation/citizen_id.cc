#include "common/validation/citizen_id.h"

#include <array>
#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace skillbridge {
namespace {

constexpr size_t kLength = 18;
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string Describe(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7F) {
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

int TwoDigits(std::string_view s, size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) {
    return 29;
  }
  return kDays[month - 1];
}

bool IsIdShapedRun(std::string_view run) {
  if (run.size() != kLength) {
    return false;
  }
  for (size_t i = 0; i + 1 < kLength; ++i) {
    if (!IsDigit(run[i])) {
      return false;
    }
  }
  const char last = run[kLength - 1];
  return IsDigit(last) || last == 'X' || last == 'x';
}

// Whether the 18 characters at `window` look like a citizen ID number inside a longer token: 17
// digits and [0-9Xx], a region code not starting with 0, and a plausible birth date (years
// 1800-2199, month 01-12, day 01-31). The check character is not required: a mistyped number is
// personal data too.
bool IsEmbeddedIdWindow(std::string_view window) {
  if (!IsIdShapedRun(window) || window[0] == '0') {
    return false;
  }
  const int century = (window[6] - '0') * 10 + (window[7] - '0');
  const int month = (window[10] - '0') * 10 + (window[11] - '0');
  const int day = (window[12] - '0') * 10 + (window[13] - '0');
  return century >= 18 && century <= 21 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// `run` (ASCII letters and digits) with every ID number in it masked: the whole run when it is
// ID-shaped, and characters 7-14 of every embedded window (every start position is checked on the
// original text, so overlapping or adjacent numbers are all masked).
void AppendMaskedRun(std::string_view run, std::string& out) {
  if (IsIdShapedRun(run)) {
    out += MaskCitizenId(run);
    return;
  }
  const size_t begin = out.size();
  out.append(run.data(), run.size());
  for (size_t i = 0; i + kLength <= run.size(); ++i) {
    if (IsEmbeddedIdWindow(run.substr(i, kLength))) {
      for (size_t k = i + 6; k < i + kLength - 4; ++k) {
        out[begin + k] = '*';
      }
    }
  }
}

}  // namespace

char CitizenIdCheckCharacter(std::string_view first17) {
  if (first17.size() != kWeights.size()) {
    return '\0';
  }
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) {
    if (!IsDigit(first17[i])) {
      return '\0';
    }
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckCharacters[sum % 11];
}

absl::StatusOr<CitizenId> ParseCitizenId(std::string_view text, std::string_view field) {
  if (text.empty()) {
    return InvalidArgumentError(field, "citizen ID number is required");
  }
  for (size_t i = 0, position = 1; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      return InvalidArgumentError(field,
                                  absl::StrCat("citizen ID number: character ", position,
                                               " is not an ASCII digit or X (full-width characters are not accepted)"));
    }
    ++position;
  }
  if (text.size() != kLength) {
    return InvalidArgumentError(
        field,
        absl::StrCat("citizen ID number must be 18 characters (17 digits and a check digit or X), got ", text.size()));
  }
  std::string number(text);
  if (number[kLength - 1] == 'x') {
    number[kLength - 1] = 'X';
  }
  const std::string masked = MaskCitizenId(number);
  for (size_t i = 0; i + 1 < kLength; ++i) {
    if (!IsDigit(number[i])) {
      return InvalidArgumentError(field, absl::StrCat("citizen ID number ", masked, ": character ", i + 1,
                                                      " must be a digit, got ", Describe(number[i])));
    }
  }
  const char last = number[kLength - 1];
  if (!IsDigit(last) && last != 'X') {
    return InvalidArgumentError(
        field, absl::StrCat("citizen ID number ", masked, ": character 18 must be a digit or X, got ", Describe(last)));
  }
  if (number[0] == '0') {
    return InvalidArgumentError(
        field, absl::StrCat("citizen ID number ", masked, ": the area code (characters 1-6) must not start with 0"));
  }
  const int year = TwoDigits(number, 6) * 100 + TwoDigits(number, 8);
  const int month = TwoDigits(number, 10);
  const int day = TwoDigits(number, 12);
  if (year < 1900 || year > 2100) {
    return InvalidArgumentError(
        field,
        absl::StrCat("citizen ID number ", masked, ": the birth year (characters 7-10) must be between 1900 and 2100"));
  }
  if (month < 1 || month > 12) {
    return InvalidArgumentError(field,
                                absl::StrCat("citizen ID number ", masked,
                                             ": the birth date (characters 7-14) is impossible: month must be 01-12"));
  }
  if (day < 1 || day > DaysInMonth(year, month)) {
    return InvalidArgumentError(field, absl::StrCat("citizen ID number ", masked,
                                                    ": the birth date (characters 7-14) is impossible: that month has ",
                                                    DaysInMonth(year, month), " days"));
  }
  const char expected = CitizenIdCheckCharacter(std::string_view(number).substr(0, kLength - 1));
  if (expected != last) {
    return InvalidArgumentError(
        field, absl::StrCat("citizen ID number ", masked, ": the check character (character 18) does not match ",
                            "the other 17 digits; the number is mistyped"));
  }
  CitizenId id;
  id.number = std::move(number);
  id.birth_year = year;
  id.birth_month = month;
  id.birth_day = day;
  id.male = ((id.number[16] - '0') % 2) == 1;
  return id;
}

std::string MaskCitizenId(std::string_view id_number) {
  if (id_number.size() <= 10) {
    return std::string(id_number.size(), '*');
  }
  std::string masked(id_number);
  for (size_t i = 6; i + 4 < masked.size(); ++i) {
    masked[i] = '*';
  }
  return masked;
}

std::string MaskIdNumbersInText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiAlnum(text[i])) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsAsciiAlnum(text[end])) {
      ++end;
    }
    AppendMaskedRun(text.substr(i, end - i), out);
    i = end;
  }
  return out;
}

}  // namespace skillbridge

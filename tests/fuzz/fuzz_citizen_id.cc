// Fuzzes the citizen ID number functions of common/validation/citizen_id.h with arbitrary bytes.
//
// Invariants:
//  - ParseCitizenId accepts exactly the 18-character inputs made of 17 digits (first not 0) and a
//    check character [0-9Xx] equal to CitizenIdCheckCharacter, whose characters 7-14 are a real
//    date 1900-01-01..2100-12-31 (ValidateDate agrees); the result is the input with x upper-cased,
//    its birth fields and sex match the digits, and parsing the result again gives the same result.
//  - Changing any one character of an accepted number to another digit makes it rejected (the
//    MOD 11-2 check catches every single substitution).
//  - A rejection is INVALID_ARGUMENT naming the field, and its message never contains characters
//    7-14 of an 18-character input (the birth date and sequence are not echoed).
//  - MaskCitizenId keeps the length, the first 6 and last 4 characters of inputs over 10
//    characters and stars everything else.
//  - MaskIdNumbersInText keeps the length, changes only ASCII letters and digits, and only to '*';
//    no 18-character window it should mask (a whole run of ASCII letters and digits that is 17
//    digits + [0-9Xx], or such a window inside a longer run whose first digit is not 0 and whose
//    characters 7-14 are a plausible birth date, years 1800-2199) is left unchanged in the output.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/validation/citizen_id.h"
#include "common/validation/codes.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

constexpr size_t kIdLength = 18;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
int Number(std::string_view s, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool IsIdShaped(std::string_view s) {
  if (s.size() != kIdLength) {
    return false;
  }
  for (size_t i = 0; i + 1 < kIdLength; ++i) {
    if (!IsDigit(s[i])) {
      return false;
    }
  }
  return IsDigit(s[17]) || s[17] == 'X' || s[17] == 'x';
}

// The header's rule for a window inside a longer run.
bool IsPlausibleEmbeddedId(std::string_view s) {
  if (!IsIdShaped(s) || s[0] == '0') {
    return false;
  }
  const int century = Number(s, 6, 2);
  const int month = Number(s, 10, 2);
  const int day = Number(s, 12, 2);
  return century >= 18 && century <= 21 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void CheckParse(std::string_view text) {
  const absl::StatusOr<CitizenId> id = ParseCitizenId(text, "person.id_number");
  bool expected = IsIdShaped(text) && text[0] != '0';
  if (expected) {
    expected = ValidateDate(Number(text, 6, 4), Number(text, 10, 2), Number(text, 12, 2), "d").ok() &&
               CitizenIdCheckCharacter(text.substr(0, 17)) == (text[17] == 'x' ? 'X' : text[17]);
  }
  FUZZ_CHECK(id.ok() == expected, id.ok() ? "accepted" : id.status().ToString());
  if (!id.ok()) {
    FUZZ_CHECK(id.status().code() == absl::StatusCode::kInvalidArgument, id.status().ToString());
    if (text.size() == kIdLength && IsDigit(text[6])) {
      bool all_digits = true;
      for (size_t i = 6; i < 14; ++i) {
        all_digits = all_digits && IsDigit(text[i]);
      }
      if (all_digits) {
        FUZZ_CHECK(id.status().ToString().find(text.substr(6, 8)) == std::string::npos, id.status().ToString());
      }
    }
    return;
  }
  std::string normalised(text);
  if (normalised[17] == 'x') {
    normalised[17] = 'X';
  }
  FUZZ_CHECK(id->number == normalised, id->number);
  FUZZ_CHECK(id->birth_year == Number(text, 6, 4) && id->birth_month == Number(text, 10, 2) &&
                 id->birth_day == Number(text, 12, 2),
             id->number);
  FUZZ_CHECK(id->male == ((text[16] - '0') % 2 == 1), id->number);
  const absl::StatusOr<CitizenId> again = ParseCitizenId(id->number, "person.id_number");
  FUZZ_CHECK(again.ok() && again->number == id->number && again->male == id->male, id->number);
  // Every single substitution of a digit is caught.
  for (size_t i = 0; i < kIdLength; ++i) {
    std::string changed = id->number;
    for (char c = '0'; c <= '9'; ++c) {
      if (c == id->number[i]) {
        continue;
      }
      changed[i] = c;
      FUZZ_CHECK(!ParseCitizenId(changed, "f").ok(), changed);
    }
  }
}

void CheckMask(std::string_view text) {
  const std::string masked = MaskCitizenId(text);
  FUZZ_CHECK(masked.size() == text.size(), masked);
  for (size_t i = 0; i < text.size(); ++i) {
    const bool kept = text.size() > 10 && (i < 6 || i + 4 >= text.size());
    FUZZ_CHECK(masked[i] == (kept ? text[i] : '*'), masked);
  }
}

void CheckMaskInText(std::string_view text) {
  const std::string out = MaskIdNumbersInText(text);
  FUZZ_CHECK(out.size() == text.size(), out);
  for (size_t i = 0; i < text.size(); ++i) {
    FUZZ_CHECK(out[i] == text[i] || (out[i] == '*' && IsAlnum(text[i])), out);
  }
  // Every window that must be masked is changed in the output.
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAlnum(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsAlnum(text[end])) {
      ++end;
    }
    const std::string_view run = text.substr(i, end - i);
    for (size_t p = 0; p + kIdLength <= run.size(); ++p) {
      const std::string_view window = run.substr(p, kIdLength);
      const bool must_mask = run.size() == kIdLength ? IsIdShaped(window) : IsPlausibleEmbeddedId(window);
      if (must_mask) {
        FUZZ_CHECK(std::string_view(out).substr(i + p, kIdLength) != window,
                   "an ID-shaped window is left unmasked: " + std::string(window) + " in " + out);
      }
    }
    i = end;
  }
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  skillbridge::CheckParse(text);
  skillbridge::CheckMask(text);
  skillbridge::CheckMaskInText(text);
  return 0;
}

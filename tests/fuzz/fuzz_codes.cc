// Fuzzes the format checks of common/validation/codes.h against reference implementations written
// here from the header's contract.
//
// Invariants (each function accepts exactly what its reference accepts; every rejection is
// INVALID_ARGUMENT):
//  - ValidateText: valid UTF-8 (no overlong forms, surrogates, code points above U+10FFFF), no
//    control characters U+0000..U+001F, U+007F..U+009F, none of the listed invisible or
//    direction-changing characters, at most max_chars code points, and, when required, something
//    besides U+0020 and U+3000. Accepted text is also unchanged by ToValidUtf8
//    (common/util/utf8.h), so the two UTF-8 decoders agree.
//  - ValidateRequestId: empty, or 1..128 characters of [A-Za-z0-9._:-].
//  - ValidateDistrictCodeFormat: six ASCII digits, the first 1-9.
//  - ValidateOccupationCodeFormat: "D-DD-DD-DD" with the first digit 1-8.
//  - ValidateDate: a real Gregorian date 1900..2100 (std::chrono::year_month_day::ok() is the
//    reference), for raw 32-bit integers and for values near the valid range.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/util/utf8.h"
#include "common/validation/codes.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strict UTF-8 decoding (Unicode 15, table 3-7): returns false on any ill-formed sequence.
bool DecodeAll(std::string_view text, std::u32string& out) {
  size_t i = 0;
  while (i < text.size()) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = b(i);
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      lo = lead == 0xE0 ? 0xA0 : 0x80;
      hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      lo = lead == 0xF0 ? 0x90 : 0x80;
      hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (i + length > text.size() || b(i + 1) < lo || b(i + 1) > hi) {
      return false;
    }
    char32_t cp = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < length; ++k) {
      if (k > 1 && (b(i + k) & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    out.push_back(cp);
    i += length;
  }
  return true;
}

bool IsForbidden(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x00AD || cp == 0x180E ||
         cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

bool TextIsAcceptable(std::string_view text, bool required, int max_chars) {
  std::u32string cps;
  if (!DecodeAll(text, cps)) {
    return false;
  }
  bool content = false;
  for (char32_t cp : cps) {
    if (IsForbidden(cp)) {
      return false;
    }
    content = content || (cp != U' ' && cp != 0x3000);
  }
  return (!required || content) && static_cast<int64_t>(cps.size()) <= max_chars;
}

void ExpectVerdict(const absl::Status& status, bool expected, std::string_view what) {
  FUZZ_CHECK(status.ok() == expected, std::string(what) + ": " + (status.ok() ? "accepted" : status.ToString()));
  FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument, status.ToString());
}

void CheckText(std::string_view bytes) {
  if (bytes.size() < 2) {
    return;
  }
  const bool required = (static_cast<unsigned char>(bytes[0]) & 1) != 0;
  // max_chars 0..127, or negative now and then.
  const int max_chars = static_cast<signed char>(bytes[1]);
  const std::string_view text = bytes.substr(2);
  const absl::Status status = ValidateText(text, "name", required, max_chars);
  ExpectVerdict(status, TextIsAcceptable(text, required, max_chars), "ValidateText");
  if (status.ok()) {
    FUZZ_CHECK(ToValidUtf8(text) == text, "ValidateText accepted what ToValidUtf8 changes");
  }
}

void CheckRequestId(std::string_view id) {
  bool expected = id.size() <= 128;
  for (char c : id) {
    expected = expected && (IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_' ||
                            c == ':' || c == '-');
  }
  ExpectVerdict(ValidateRequestId(id, "request_id"), expected, "ValidateRequestId");
}

void CheckDistrict(std::string_view code) {
  bool expected = code.size() == 6 && code[0] != '0';
  for (char c : code) {
    expected = expected && IsDigit(c);
  }
  ExpectVerdict(ValidateDistrictCodeFormat(code, "district_code"), expected, "ValidateDistrictCodeFormat");
}

void CheckOccupation(std::string_view code) {
  constexpr std::string_view kShape = "D-DD-DD-DD";
  bool expected = code.size() == kShape.size() && code[0] >= '1' && code[0] <= '8';
  for (size_t i = 0; expected && i < kShape.size(); ++i) {
    expected = kShape[i] == '-' ? code[i] == '-' : IsDigit(code[i]);
  }
  ExpectVerdict(ValidateOccupationCodeFormat(code, "occupation_code"), expected, "ValidateOccupationCodeFormat");
}

void CheckOneDate(int year, int month, int day) {
  bool expected = year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  if (expected) {
    expected = std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day)))
                   .ok();
  }
  ExpectVerdict(ValidateDate(year, month, day, "date"), expected,
                "ValidateDate " + std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day));
}

void CheckDate(std::string_view bytes) {
  if (bytes.size() < 12) {
    return;
  }
  int32_t raw[3];
  std::memcpy(raw, bytes.data(), sizeof(raw));
  CheckOneDate(raw[0], raw[1], raw[2]);
  // Near the edges of the valid range, where the interesting answers are.
  const auto u = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  CheckOneDate(1890 + u(0) % 220, u(1) % 15 - 1, u(2) % 34 - 1);
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  skillbridge::CheckText(bytes);
  skillbridge::CheckRequestId(bytes);
  skillbridge::CheckDistrict(bytes);
  skillbridge::CheckOccupation(bytes);
  skillbridge::CheckDate(bytes);
  return 0;
}

// Fuzzes the UTF-8 hygiene functions of common/util/utf8.h against a reference decoder written
// here from the Unicode standard (table 3-7, well-formed byte sequences).
//
// Invariants:
//  - Utf8SequenceLength agrees with the reference on the length of the well-formed sequence at the
//    start of the input (0 when there is none).
//  - ToValidUtf8 equals the reference replacement (each byte that does not start a well-formed
//    sequence becomes U+FFFD, well-formed sequences are copied), so its output is always valid
//    UTF-8; it is idempotent; it returns the input unchanged exactly when the input is valid; its
//    output is at least as long as the input and at most three times as long.
//  - Its output always passes the UTF-8 part of ValidateText (common/validation/codes.h).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/util/utf8.h"
#include "common/validation/codes.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

// Length (1..4) of the well-formed sequence at the start of `text`, or 0.
size_t ReferenceLength(std::string_view text) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = b(0);
  if (lead < 0x80) {
    return 1;
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
    return 0;
  }
  if (text.size() < length || b(1) < lo || b(1) > hi) {
    return 0;
  }
  for (size_t k = 2; k < length; ++k) {
    if ((b(k) & 0xC0) != 0x80) {
      return 0;
    }
  }
  return length;
}

bool IsValid(std::string_view text) {
  while (!text.empty()) {
    const size_t length = ReferenceLength(text);
    if (length == 0) {
      return false;
    }
    text.remove_prefix(length);
  }
  return true;
}

std::string ReferenceToValid(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const size_t length = ReferenceLength(text);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      text.remove_prefix(1);
    } else {
      out.append(text.substr(0, length));
      text.remove_prefix(length);
    }
  }
  return out;
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!text.empty()) {
    FUZZ_CHECK(Utf8SequenceLength(text) == ReferenceLength(text), "Utf8SequenceLength disagrees");
  }
  const std::string out = ToValidUtf8(text);
  FUZZ_CHECK(out == ReferenceToValid(text), "ToValidUtf8 differs from the reference replacement");
  FUZZ_CHECK(IsValid(out), "ToValidUtf8 returned invalid UTF-8");
  FUZZ_CHECK(ToValidUtf8(out) == out, "ToValidUtf8 is not idempotent");
  FUZZ_CHECK((out == text) == IsValid(text), "ToValidUtf8 changed valid text or kept invalid text");
  FUZZ_CHECK(out.size() >= text.size() && out.size() <= 3 * text.size(), "ToValidUtf8 output size out of bounds");
  const absl::Status status = ValidateText(out, "text", /*required=*/false, /*max_chars=*/1 << 30);
  FUZZ_CHECK(status.ok() || status.ToString().find("UTF-8") == std::string::npos, status.ToString());
  return 0;
}

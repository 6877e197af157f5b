// Fuzzes the unified social credit code functions of common/validation/credit_code.h.
//
// Invariants:
//  - ValidateCreditCode accepts exactly the 18-character codes over "0123456789ABCDEFGHJKLMNPQRTUWXY"
//    whose 18th character is the GB 32100-2015 check character (recomputed here), which then equals
//    CreditCodeCheckCharacter of the first 17; a rejection is INVALID_ARGUMENT.
//  - Changing any one character of an accepted code to another character of the set makes it
//    rejected (31 is prime and no weight is 0 mod 31).
//  - A code with a lower-case ASCII letter is rejected by ValidateCreditCode; NormalizeCreditCode
//    succeeds exactly when ValidateCreditCode accepts the ASCII upper-cased input, returns that
//    upper-cased form, and normalising its result again returns it unchanged.
//  - CreditCodeCheckCharacter returns '\0' unless given 17 characters of the set, else a character
//    of the set.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/validation/credit_code.h"
#include "tests/fuzz/fuzz_check.h"

namespace skillbridge {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

bool InSet(char c) { return c != '\0' && kCharset.find(c) != std::string_view::npos; }

// The reference rule of GB 32100-2015, written from the standard, not from credit_code.cc.
bool IsValidCode(std::string_view code) {
  if (code.size() != 18) {
    return false;
  }
  int sum = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    if (!InSet(code[i])) {
      return false;
    }
    if (i < 17) {
      sum += static_cast<int>(kCharset.find(code[i])) * kWeights[i];
    }
  }
  int check = 31 - sum % 31;
  if (check == 31) {
    check = 0;
  }
  return code[17] == kCharset[static_cast<size_t>(check)];
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

}  // namespace
}  // namespace skillbridge

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  const std::string_view code(reinterpret_cast<const char*>(data), size);

  const absl::Status status = ValidateCreditCode(code, "org.credit_code");
  FUZZ_CHECK(status.ok() == IsValidCode(code), status.ToString());
  if (!status.ok()) {
    FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument, status.ToString());
  } else {
    FUZZ_CHECK(CreditCodeCheckCharacter(code.substr(0, 17)) == code[17], code);
    std::string changed(code);
    for (size_t i = 0; i < changed.size(); ++i) {
      for (char c : kCharset) {
        if (c == code[i]) {
          continue;
        }
        changed[i] = c;
        FUZZ_CHECK(!ValidateCreditCode(changed, "f").ok(), changed);
      }
      changed[i] = code[i];
    }
  }
  for (char c : code) {
    if (c >= 'a' && c <= 'z') {
      FUZZ_CHECK(!status.ok(), code);
    }
  }

  const absl::StatusOr<std::string> normalised = NormalizeCreditCode(code, "org.credit_code");
  const std::string upper = Upper(code);
  FUZZ_CHECK(normalised.ok() == ValidateCreditCode(upper, "f").ok(), upper);
  if (normalised.ok()) {
    FUZZ_CHECK(*normalised == upper, *normalised);
    const absl::StatusOr<std::string> again = NormalizeCreditCode(*normalised, "f");
    FUZZ_CHECK(again.ok() && *again == *normalised, *normalised);
  }

  const std::string_view first17 = code.substr(0, code.size() < 17 ? code.size() : 17);
  const char check = CreditCodeCheckCharacter(first17);
  bool all_in_set = first17.size() == 17;
  for (char c : first17) {
    all_in_set = all_in_set && InSet(c);
  }
  FUZZ_CHECK((check != '\0') == all_in_set, first17);
  FUZZ_CHECK(check == '\0' || InSet(check), first17);
  return 0;
}
